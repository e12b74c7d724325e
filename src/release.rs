//! The parsed form of one news release: what the parser produces and the extractors read.
//!
//! The body is kept as one string so that every extracted row can point into it with offsets;
//! `blocks` tells where each paragraph and list item sits in that string.

use chrono::{DateTime, FixedOffset, Utc};

/// One release, parsed. Built by [`crate::parse::parse_release`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Release {
    /// Stable id derived from `source_file` (see [`release_id`]).
    pub release_id: String,
    /// Path relative to the input root, forward slashes.
    pub source_file: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub content_sha256: String,
    /// The title line, whitespace normalized.
    pub title: String,
    /// The one-line summary (dek) under the date, when the release has one.
    pub summary: Option<String>,
    /// When the release says it was published; `None` for a release without a date.
    pub published: Option<Published>,
    /// The body: blocks joined by a blank line (`"\n\n"`); a list item is written `- 1. Text`.
    pub body: String,
    /// Where each paragraph and list item sits in `body`, in order.
    pub blocks: Vec<Block>,
    /// Things worth knowing about this file that did not stop the parse
    /// (Windows-1252 fallback, a zone that contradicts the date, no date...).
    pub warnings: Vec<String>,
}

/// The publication instant as the release states it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Published {
    /// Local time with the offset the release states (or the offset resolved from its zone).
    pub local: DateTime<FixedOffset>,
    /// The zone as written (`PST`, `Pacific Time`); `None` when the release gives no zone.
    pub timezone: Option<String>,
    /// False when the release gives a date without a time of day (midnight is assumed).
    pub has_time: bool,
}

impl Published {
    /// The UTC instant.
    pub fn utc(&self) -> DateTime<Utc> {
        self.local.with_timezone(&Utc)
    }
}

/// What kind of body block.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockKind {
    /// A paragraph of prose.
    Paragraph,
    /// A list item; `marker` is its numbering or bullet as written (`"1."`, `"-"`).
    ListItem {
        /// The marker as written, e.g. `"1."`.
        marker: String,
    },
}

/// A paragraph or list item: its kind and where it sits in [`Release::body`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    /// Paragraph or list item.
    pub kind: BlockKind,
    /// Byte offset in `body` where the block starts (for a list item: the `-` of `- 1. Text`).
    pub start: usize,
    /// Byte offset in `body` where the block's own text starts (after a list marker).
    pub text_start: usize,
    /// Byte offset in `body` just past the block.
    pub end: usize,
}

impl Release {
    /// The text of a block, without its list marker.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.body[block.text_start..block.end]
    }

    /// Number of paragraph blocks (list items not counted).
    pub fn paragraph_count(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .count()
    }

    /// Number of list items.
    pub fn list_item_count(&self) -> usize {
        self.blocks.len() - self.paragraph_count()
    }

    /// Words in the body: whitespace-separated tokens holding a letter or digit.
    pub fn word_count(&self) -> usize {
        word_count(&self.body)
    }
}

/// Words in a text: whitespace-separated tokens holding a letter or digit (list dashes do not count).
///
/// One pass over the bytes: ASCII is classified by a table, other characters by `char` (Unicode
/// `White_Space` and alphanumerics, as `split_whitespace` and `char::is_alphanumeric` do).
pub fn word_count(text: &str) -> usize {
    /// Class of an ASCII byte: 0 whitespace (tab, LF, VT, FF, CR, space), 1 letter or digit,
    /// 2 anything else.
    const ASCII_CLASS: [u8; 128] = {
        let mut class = [2u8; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            if matches!(c, b'\t'..=b'\r' | b' ') {
                class[b] = 0;
            } else if c.is_ascii_alphanumeric() {
                class[b] = 1;
            }
            b += 1;
        }
        class
    };
    let bytes = text.as_bytes();
    let (mut count, mut in_word, mut has_alnum) = (0, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = if b < 0x80 {
            i += 1;
            ASCII_CLASS[usize::from(b)]
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            if c.is_whitespace() {
                0
            } else {
                u8::from(!c.is_alphanumeric()) + 1
            }
        };
        // Without branches: a word ends at each space after it.
        let space = class == 0;
        count += usize::from(space & in_word & has_alnum);
        in_word = !space;
        has_alnum = !space & (has_alnum | (class == 1));
    }
    count + usize::from(in_word && has_alnum)
}

/// The release id of a source path: the first 16 hex digits of the SHA-256 of the path relative
/// to the input root (forward slashes). It depends on the path only, so it is stable across runs
/// and survives corrections of the text; 64 bits make a collision in one archive negligible.
pub fn release_id(source_file: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(source_file.as_bytes());
    hex(&digest[..8])
}

/// Lowercase hex of the SHA-256 of `bytes`: the form of `content_sha256`, the cache keys and the
/// manifest's hashes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_id_depends_on_the_path_only() {
        assert_eq!(release_id("a/b.txt"), release_id("a/b.txt"));
        assert_ne!(release_id("a/b.txt"), release_id("a/c.txt"));
        assert_eq!(release_id("a/b.txt").len(), 16);
    }

    #[test]
    fn word_count_skips_list_dashes() {
        assert_eq!(word_count("- 1. Two words\n\nand 3 more"), 6);
    }

    #[test]
    fn word_count_agrees_with_split_whitespace() {
        let reference = |t: &str| {
            t.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for text in [
            "",
            " ",
            "one",
            "  two  words ",
            "tab\tvt\u{b}ff\u{c}cr\rlf\nend",
            "- — – 1.",
            "caf\u{e9} na\u{ef}ve \u{2014} \u{201c}quoted\u{201d}",
            "nbsp\u{a0}joins\u{2003}em\u{3000}ideographic\u{85}nel",
            "\u{200b}zero-width is not a space\u{feff}",
            "\u{661}\u{662} \u{4e2d}\u{6587} 😀 $5",
        ] {
            assert_eq!(word_count(text), reference(text), "{text:?}");
        }
    }
}
