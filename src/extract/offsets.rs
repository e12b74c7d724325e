//! Byte offsets to character offsets. Rust slices text by bytes; the tables give offsets in
//! Unicode code points so that `body[start:end]` works in Python, pandas and DuckDB.

/// Converts byte offsets of one text into character offsets in O(log n) per lookup.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// Byte offset of every non-ASCII character, in order; empty for ASCII text.
    wide: Vec<(usize, usize)>,
}

impl CharOffsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        // For each multi-byte character: (byte offset just past it, extra bytes so far).
        // Read by bytes: a lead byte of 0xC0 or more starts a character of 2, 3 or 4 bytes.
        let mut wide = Vec::new();
        let mut extra = 0;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b >= 0xC0 {
                let len = match b {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                extra += len - 1;
                wide.push((i + len, extra));
            }
        }
        CharOffsets { wide }
    }

    /// The character offset of byte offset `byte` (which must lie on a character boundary).
    pub fn char_at(&self, byte: usize) -> usize {
        let n = self.wide.partition_point(|&(end, _)| end <= byte);
        let extra = if n == 0 { 0 } else { self.wide[n - 1].1 };
        byte - extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_at_counts_code_points() {
        let text = "a’b “c” d é 😀 x";
        let idx = CharOffsets::new(text);
        for (chars, (bytes, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_at(bytes), chars);
        }
        assert_eq!(idx.char_at(text.len()), text.chars().count());
    }

    #[test]
    fn char_at_is_identity_on_ascii() {
        let idx = CharOffsets::new("plain text");
        assert_eq!(idx.char_at(5), 5);
    }
}
