//! Which name tables a token's word may belong to, found with one lookup per token when a
//! release is segmented ([`super::sentences::Doc::classes`]). The rules of the name
//! extractors test these bits first and look a word up in its table only when the bit is set:
//! most tokens are in no table, and are turned away without a string hash.
//!
//! A bit is set by the [`fold`] of the word (case-insensitive), so it may be set for a word the
//! table does not hold in that case; it is never clear for a word the table holds. The tables
//! themselves stay in [`super::lexicon`].

use std::collections::HashMap;
use std::sync::LazyLock;

use super::lexicon::{KNOWN_PROGRAMS, ORG_PREFIXES, ORG_SUFFIXES, PROGRAM_HEADS, ROLE_CUES};
use super::partners::{TYPE_NOUNS, entry_words};
use super::wordset::{FxBuild, fold};

/// The last word of an organisation ending ([`ORG_SUFFIXES`]).
pub(crate) const SUFFIX_LAST: u16 = 1;
/// The first word of an organisation beginning ([`ORG_PREFIXES`]).
pub(crate) const PREFIX_FIRST: u16 = 1 << 1;
/// The last word of a program head ([`PROGRAM_HEADS`]).
pub(crate) const HEAD_LAST: u16 = 1 << 2;
/// The first word of a known program ([`KNOWN_PROGRAMS`]).
pub(crate) const KNOWN_FIRST: u16 = 1 << 3;
/// The last word of a role cue ([`ROLE_CUES`]).
pub(crate) const CUE_LAST: u16 = 1 << 4;
/// A noun that types the name after it ([`TYPE_NOUNS`]).
pub(crate) const TYPE_NOUN: u16 = 1 << 5;

/// Class bits by folded word.
static CLASSES: LazyLock<HashMap<u128, u16, FxBuild>> = LazyLock::new(|| {
    let mut map: HashMap<u128, u16, FxBuild> = HashMap::default();
    let mut add = |word: Option<&str>, bit: u16| {
        if let Some(w) = word {
            *map.entry(fold(w)).or_default() |= bit;
        }
    };
    for (entry, _) in ORG_SUFFIXES {
        add(entry_words(entry).last().map(String::as_str), SUFFIX_LAST);
    }
    for (entry, _) in ORG_PREFIXES {
        add(entry_words(entry).first().map(String::as_str), PREFIX_FIRST);
    }
    for entry in PROGRAM_HEADS {
        add(entry_words(entry).last().map(String::as_str), HEAD_LAST);
    }
    for entry in KNOWN_PROGRAMS {
        add(entry_words(entry).first().map(String::as_str), KNOWN_FIRST);
    }
    for (cue, _) in ROLE_CUES {
        // Cues are compared word by word as written (split on single spaces).
        add(cue.split(' ').next_back(), CUE_LAST);
    }
    for (noun, _) in TYPE_NOUNS {
        add(Some(noun), TYPE_NOUN);
    }
    map
});

/// The class bits of a word by its [`fold`].
pub(crate) fn classes(folded: u128) -> u16 {
    CLASSES.get(&folded).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_mark_table_words_in_any_case() {
        assert_ne!(classes(fold("District")) & SUFFIX_LAST, 0);
        assert_ne!(classes(fold("DISTRICT")) & SUFFIX_LAST, 0);
        assert_ne!(classes(fold("City")) & PREFIX_FIRST, 0);
        assert_ne!(classes(fold("nonprofit")) & TYPE_NOUN, 0);
        assert_eq!(classes(fold("students")), 0);
    }
}
