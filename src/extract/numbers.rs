//! Number recognizer (being written).
