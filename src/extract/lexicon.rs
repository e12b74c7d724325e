//! Rule tables of the extractors: organisation suffixes and types, program head words, qualifier
//! words, cue phrases and number words. Each family is explained where it is defined; longest
//! entries come first so the more specific rule wins. A new rule is one line here plus one test.
