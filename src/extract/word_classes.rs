//! What a token is, found once per token when a release is segmented
//! ([`super::sentences::Doc::attrs`] and [`super::sentences::Doc::classes`]), so that the rules
//! of the name extractors test a bit instead of comparing a word with a table.
//!
//! Two kinds of bits:
//! - **Attribute bits** ([`Doc::attrs`](super::sentences::Doc::attrs)) are exact: a bit is set
//!   exactly when the test it names holds ("the key is in [`CAPITALISED_NOISE`]", "the token
//!   is a capitalised word"). Each bit is documented with the test it replaces.
//! - **Class bits** ([`Doc::classes`](super::sentences::Doc::classes)) are a prefilter by the
//!   [`fold`] of the word (case-insensitive): set for every word a table holds, and possibly for
//!   other spellings of it.
//!
//! Both come from one lookup of the token's fold in a map built once from the tables, followed
//! by exact comparisons with the few table words of that fold. The tables themselves stay in
//! [`super::lexicon`] and in the extractors.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::lexicon::{
    CAPITALISED_NOISE, GENERIC_MODIFIERS, GOAL_WORDS, HONORIFICS, KNOWN_PROGRAMS, LAUNCH_VERBS,
    LAW_LEADS, NOT_PROGRAM_TAILS, ORG_PREFIXES, ORG_SUFFIXES, PERSON_TAILS, POSSESSIVE_TITLES,
    PROGRAM_ACADEMY_WORDS, PROGRAM_HEADS, PROGRAM_NOUNS, QUOTED_PROGRAM_CUES, ROLE_CUES,
    SPEECH_VERBS, TITLE_WORDS,
};
use super::partners::{CONNECTORS, TITLE_SET, TYPE_NOUNS, entry_words, last_word};
use super::people::{PRONOUNS, TITLE_CONNECTORS};
use super::programs::{CALENDAR_WORDS, CONNECTOR_WORDS, SUBTITLE_FUNCTION_WORDS};
use super::sentences::{is_capitalised, is_year};
use super::wordset::{PackedMap, fold, lower_packed, pack};

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

/// Exact attribute bits of a token ([`Doc::attrs`](super::sentences::Doc::attrs)). "The key"
/// is the token's [`Doc::keys`](super::sentences::Doc::keys) entry, "the text" its text.
pub(crate) mod attr {
    /// A word token ([`Token::is_word`](crate::extract::sentences::Token::is_word)).
    pub const WORD: u64 = 1;
    /// A word whose text starts with an upper-case letter (`partners::is_name_word`).
    pub const NAME: u64 = 1 << 1;
    /// The text ends with a possessive `’s` / `'s` ([`Doc::possessive`](crate::extract::sentences::Doc::possessive)).
    pub const POSSESSIVE: u64 = 1 << 2;
    /// A word of ASCII digits only (`partners::is_number`).
    pub const DIGITS: u64 = 1 << 3;
    /// The key is a year ([`is_year`](crate::extract::sentences::is_year)).
    pub const YEAR: u64 = 1 << 4;
    /// The key is the text (no possessive, no curly apostrophe).
    pub const PLAIN: u64 = 1 << 5;
    /// The key is "the" in any ASCII case.
    pub const THE: u64 = 1 << 6;
    /// The key is in [`CAPITALISED_NOISE`](crate::extract::lexicon::CAPITALISED_NOISE).
    pub const NOISE: u64 = 1 << 7;
    /// The key is in [`GENERIC_MODIFIERS`](crate::extract::lexicon::GENERIC_MODIFIERS).
    pub const GENERIC: u64 = 1 << 8;
    /// The key is in `partners::CONNECTORS`.
    pub const CONNECTOR: u64 = 1 << 9;
    /// The key is in [`NOT_PROGRAM_TAILS`](crate::extract::lexicon::NOT_PROGRAM_TAILS).
    pub const NOT_PROGRAM_TAIL: u64 = 1 << 10;
    /// The key is in [`PERSON_TAILS`](crate::extract::lexicon::PERSON_TAILS).
    pub const PERSON_TAIL: u64 = 1 << 11;
    /// The key is in [`LAW_LEADS`](crate::extract::lexicon::LAW_LEADS).
    pub const LAW_LEAD: u64 = 1 << 12;
    /// The key is in [`POSSESSIVE_TITLES`](crate::extract::lexicon::POSSESSIVE_TITLES).
    pub const POSSESSIVE_TITLE: u64 = 1 << 13;
    /// The key is in [`PROGRAM_ACADEMY_WORDS`](crate::extract::lexicon::PROGRAM_ACADEMY_WORDS).
    pub const ACADEMY_WORD: u64 = 1 << 14;
    /// The key is in [`GOAL_WORDS`](crate::extract::lexicon::GOAL_WORDS).
    pub const GOAL_WORD: u64 = 1 << 15;
    /// The key is in `programs::CALENDAR_WORDS`.
    pub const CALENDAR: u64 = 1 << 16;
    /// The key is in `programs::SUBTITLE_FUNCTION_WORDS`.
    pub const SUBTITLE_WORD: u64 = 1 << 17;
    /// The key is in [`QUOTED_PROGRAM_CUES`](crate::extract::lexicon::QUOTED_PROGRAM_CUES).
    pub const QUOTED_CUE: u64 = 1 << 18;
    /// The key is in `programs::CONNECTOR_WORDS`.
    pub const LAUNCH_CONNECTOR: u64 = 1 << 19;
    /// The key is in `people::TITLE_CONNECTORS`.
    pub const TITLE_CONNECTOR: u64 = 1 << 20;
    /// The key is in `people::PRONOUNS`.
    pub const PRONOUN: u64 = 1 << 21;
    /// The key is in [`SPEECH_VERBS`](crate::extract::lexicon::SPEECH_VERBS).
    pub const SPEECH_VERB: u64 = 1 << 22;
    /// The key is the last word of a program head, as `partners::entry_words` gives it.
    pub const HEAD_LAST: u64 = 1 << 23;
    /// The key is the first word of a known program, as `partners::entry_words` gives it.
    pub const KNOWN_FIRST: u64 = 1 << 24;
    /// The key is the last word of an organisation ending, as `partners::entry_words` gives it.
    pub const SUFFIX_LAST: u64 = 1 << 25;
    /// The key is the first word of an organisation beginning, as `partners::entry_words`
    /// gives it.
    pub const PREFIX_FIRST: u64 = 1 << 26;
    /// The key is the last word of an organisation ending or a program head, as written in
    /// the table (`partners::last_word`): a name never joins over "and" after one ("...
    /// Foundation and ...").
    pub const ENDS_A_NAME: u64 = 1 << 27;
    /// The key is the last word of an organisation ending, as written in the table
    /// (`partners::last_word`): "District", "Foundation".
    pub const ENDS_AN_ORG: u64 = 1 << 28;
    /// The key is in [`HONORIFICS`](crate::extract::lexicon::HONORIFICS).
    pub const HONORIFIC: u64 = 1 << 29;
    /// The key lower-cased is in [`TITLE_WORDS`](crate::extract::lexicon::TITLE_WORDS)
    /// (`TITLE_SET.contains_lower`).
    pub const TITLE: u64 = 1 << 30;
    /// The key is in [`PROGRAM_NOUNS`](crate::extract::lexicon::PROGRAM_NOUNS).
    pub const PROGRAM_NOUN: u64 = 1 << 31;
    /// The key is in [`LAUNCH_VERBS`](crate::extract::lexicon::LAUNCH_VERBS).
    pub const LAUNCH_VERB: u64 = 1 << 32;
    /// The key is a noun of `partners::TYPE_NOUNS`.
    pub const TYPE_NOUN: u64 = 1 << 33;
    /// The text is ",".
    pub const COMMA: u64 = 1 << 34;
    /// The text is an opening quote mark (“, ", ‘).
    pub const OPEN_QUOTE: u64 = 1 << 35;
    /// The key has at least four bytes and ends in "D": it may be a district's short form
    /// ("PUSD").
    pub const ENDS_IN_D: u64 = 1 << 36;
    /// The key ends in "-based" ("Denver-based").
    pub const BASED: u64 = 1 << 37;
    /// The fold of the key is the fold of the last word of a role cue (the class bit
    /// [`CUE_LAST`](super::CUE_LAST)): a prefilter, not an exact test.
    pub const CUE_LAST: u64 = 1 << 38;
}

/// What the tables say about the words of one fold.
#[derive(Debug, Default)]
struct Entry {
    /// Class bits of the fold.
    classes: u16,
    /// Bits every ASCII key of this fold has: the case-insensitive tests ([`attr::THE`],
    /// [`attr::TITLE`]). Not used for keys longer than 15 bytes, which all fold to `u128::MAX`.
    any_case: u64,
    /// Table words of this fold ([`pack`]ed) with the attribute bits they give a key equal to
    /// them.
    exact: Vec<(u128, u64)>,
    /// The same for table words longer than 15 bytes (all in the entry of `u128::MAX`).
    long: Vec<(String, u64)>,
}

/// Entries by fold.
static LEXICON: LazyLock<PackedMap<Entry>> = LazyLock::new(|| {
    let mut map: HashMap<u128, Entry> = HashMap::default();
    let mut class = |word: Option<&str>, bit: u16| {
        if let Some(w) = word {
            map.entry(fold(w)).or_default().classes |= bit;
        }
    };
    for (entry, _) in ORG_SUFFIXES {
        class(entry_words(entry).last().map(String::as_str), SUFFIX_LAST);
    }
    for (entry, _) in ORG_PREFIXES {
        class(entry_words(entry).first().map(String::as_str), PREFIX_FIRST);
    }
    for entry in PROGRAM_HEADS {
        class(entry_words(entry).last().map(String::as_str), HEAD_LAST);
    }
    for entry in KNOWN_PROGRAMS {
        class(entry_words(entry).first().map(String::as_str), KNOWN_FIRST);
    }
    for (cue, _) in ROLE_CUES {
        // Cues are compared word by word as written (split on single spaces).
        class(cue.split(' ').next_back(), CUE_LAST);
    }
    for (noun, _) in TYPE_NOUNS {
        class(Some(noun), TYPE_NOUN);
    }
    let mut exact = |word: &str, bit: u64| {
        let e = map.entry(fold(word)).or_default();
        match pack(word) {
            Some(packed) => match e.exact.iter_mut().find(|(w, _)| *w == packed) {
                Some((_, bits)) => *bits |= bit,
                None => e.exact.push((packed, bit)),
            },
            None => match e.long.iter_mut().find(|(w, _)| w == word) {
                Some((_, bits)) => *bits |= bit,
                None => e.long.push((word.to_string(), bit)),
            },
        }
    };
    let plain: &[(&[&str], u64)] = &[
        (CAPITALISED_NOISE, attr::NOISE),
        (GENERIC_MODIFIERS, attr::GENERIC),
        (CONNECTORS, attr::CONNECTOR),
        (NOT_PROGRAM_TAILS, attr::NOT_PROGRAM_TAIL),
        (PERSON_TAILS, attr::PERSON_TAIL),
        (LAW_LEADS, attr::LAW_LEAD),
        (POSSESSIVE_TITLES, attr::POSSESSIVE_TITLE),
        (PROGRAM_ACADEMY_WORDS, attr::ACADEMY_WORD),
        (GOAL_WORDS, attr::GOAL_WORD),
        (CALENDAR_WORDS, attr::CALENDAR),
        (SUBTITLE_FUNCTION_WORDS, attr::SUBTITLE_WORD),
        (QUOTED_PROGRAM_CUES, attr::QUOTED_CUE),
        (CONNECTOR_WORDS, attr::LAUNCH_CONNECTOR),
        (TITLE_CONNECTORS, attr::TITLE_CONNECTOR),
        (PRONOUNS, attr::PRONOUN),
        (SPEECH_VERBS, attr::SPEECH_VERB),
        (HONORIFICS, attr::HONORIFIC),
        (PROGRAM_NOUNS, attr::PROGRAM_NOUN),
        (LAUNCH_VERBS, attr::LAUNCH_VERB),
    ];
    for &(table, bit) in plain {
        for w in table {
            exact(w, bit);
        }
    }
    for (noun, _) in TYPE_NOUNS {
        exact(noun, attr::TYPE_NOUN);
    }
    for entry in PROGRAM_HEADS {
        if let Some(w) = entry_words(entry).last() {
            exact(w, attr::HEAD_LAST);
        }
        exact(last_word(entry), attr::ENDS_A_NAME);
    }
    for entry in KNOWN_PROGRAMS {
        if let Some(w) = entry_words(entry).first() {
            exact(w, attr::KNOWN_FIRST);
        }
    }
    for (entry, _) in ORG_SUFFIXES {
        if let Some(w) = entry_words(entry).last() {
            exact(w, attr::SUFFIX_LAST);
        }
        exact(last_word(entry), attr::ENDS_A_NAME | attr::ENDS_AN_ORG);
    }
    for (entry, _) in ORG_PREFIXES {
        if let Some(w) = entry_words(entry).first() {
            exact(w, attr::PREFIX_FIRST);
        }
    }
    // The case-insensitive tests: every ASCII key of at most 15 bytes with the fold of a
    // lower-case ASCII word is that word in some case.
    map.entry(fold("the")).or_default().any_case |= attr::THE;
    for w in TITLE_WORDS {
        map.entry(fold(w)).or_default().any_case |= attr::TITLE;
    }
    PackedMap::new(map)
});

/// The class bits of a word by its [`fold`].
#[cfg(test)]
pub(crate) fn classes(folded: u128) -> u16 {
    LEXICON.get(folded).map_or(0, |e| e.classes)
}

/// The fold, the class bits and the table attribute bits of a key (`packed` is its [`pack`]).
pub(crate) fn lookup(key: &str, packed: Option<u128>) -> (u128, u16, u64) {
    const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
    let folded = packed.map_or(u128::MAX, lower_packed);
    // The length byte of a pack is below 0x80: a high bit is a non-ASCII byte of the key.
    let ascii = packed.is_some_and(|p| p & HIGH == 0);
    let (classes, mut bits) = match LEXICON.get(folded) {
        Some(e) => {
            let mut bits = if ascii { e.any_case } else { 0 };
            match packed {
                Some(p) => {
                    for &(w, b) in &e.exact {
                        if w == p {
                            bits |= b;
                        }
                    }
                }
                None => {
                    for (w, b) in &e.long {
                        if w == key {
                            bits |= b;
                        }
                    }
                }
            }
            (e.classes, bits)
        }
        None => (0, 0),
    };
    // Only the fold of an ASCII key of at most 15 bytes is its lower-case form; other keys are
    // lower-cased as `str::to_lowercase` does it.
    // ("the" is short ASCII: only keys of its fold equal it in any ASCII case.)
    if !ascii && TITLE_SET.contains_lower(key) {
        bits |= attr::TITLE;
    }
    (folded, classes, bits)
}

/// The fold, the class bits and every attribute bit of a token: `text` is its text, `key` its
/// key, `word` whether it is a word token and `possessive` whether its text ends with a
/// possessive.
pub(crate) fn attrs(text: &str, key: &str, word: bool, possessive: bool) -> (u128, u16, u64) {
    let (folded, classes, mut bits) = lookup(key, pack(key));
    let first = text.as_bytes().first().copied().unwrap_or(0);
    if word {
        bits |= attr::WORD;
        let capital = if first < 0x80 {
            first.is_ascii_uppercase()
        } else {
            is_capitalised(text)
        };
        if capital {
            bits |= attr::NAME;
        }
        if first.is_ascii_digit() && text.bytes().all(|b| b.is_ascii_digit()) {
            bits |= attr::DIGITS;
        }
    }
    if possessive {
        bits |= attr::POSSESSIVE;
    }
    if key.len() == 4 && is_year(key) {
        bits |= attr::YEAR;
    }
    if classes & CUE_LAST != 0 {
        bits |= attr::CUE_LAST;
    }
    if key.len() >= 4 && key.ends_with('D') {
        bits |= attr::ENDS_IN_D;
    }
    if key.len() >= 6 && key.ends_with("-based") {
        bits |= attr::BASED;
    }
    if !word {
        match text {
            "," => bits |= attr::COMMA,
            "“" | "\"" | "‘" => bits |= attr::OPEN_QUOTE,
            _ => {}
        }
    }
    if key.len() == text.len() {
        // A key is the text with a possessive removed or apostrophes replaced; ’ is three
        // bytes and ' one, so a key as long as its text is the text.
        bits |= attr::PLAIN;
    }
    (folded, classes, bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::wordset::WordSet;

    /// Whether `key` is the last word of one of `entries`.
    fn ends_entry<'e>(mut entries: impl Iterator<Item = &'e str>, key: &str) -> bool {
        entries.any(|e| e.rsplit(' ').next() == Some(key))
    }

    #[test]
    fn classes_mark_table_words_in_any_case() {
        assert_ne!(classes(fold("District")) & SUFFIX_LAST, 0);
        assert_ne!(classes(fold("DISTRICT")) & SUFFIX_LAST, 0);
        assert_ne!(classes(fold("City")) & PREFIX_FIRST, 0);
        assert_ne!(classes(fold("nonprofit")) & TYPE_NOUN, 0);
        assert_eq!(classes(fold("students")), 0);
    }

    /// The tests the attribute bits replace, written as the rules wrote them.
    fn reference(key: &str) -> u64 {
        fn entry_last<'e>(mut entries: impl Iterator<Item = &'e str>, key: &str) -> bool {
            entries.any(|e| entry_words(e).last().is_some_and(|w| w == key))
        }
        fn entry_first<'e>(mut entries: impl Iterator<Item = &'e str>, key: &str) -> bool {
            entries.any(|e| entry_words(e).first().is_some_and(|w| w == key))
        }
        let tests: &[(bool, u64)] = &[
            (key.eq_ignore_ascii_case("the"), attr::THE),
            (CAPITALISED_NOISE.contains(&key), attr::NOISE),
            (GENERIC_MODIFIERS.contains(&key), attr::GENERIC),
            (CONNECTORS.contains(&key), attr::CONNECTOR),
            (NOT_PROGRAM_TAILS.contains(&key), attr::NOT_PROGRAM_TAIL),
            (PERSON_TAILS.contains(&key), attr::PERSON_TAIL),
            (LAW_LEADS.contains(&key), attr::LAW_LEAD),
            (POSSESSIVE_TITLES.contains(&key), attr::POSSESSIVE_TITLE),
            (PROGRAM_ACADEMY_WORDS.contains(&key), attr::ACADEMY_WORD),
            (GOAL_WORDS.contains(&key), attr::GOAL_WORD),
            (CALENDAR_WORDS.contains(&key), attr::CALENDAR),
            (SUBTITLE_FUNCTION_WORDS.contains(&key), attr::SUBTITLE_WORD),
            (QUOTED_PROGRAM_CUES.contains(&key), attr::QUOTED_CUE),
            (CONNECTOR_WORDS.contains(&key), attr::LAUNCH_CONNECTOR),
            (TITLE_CONNECTORS.contains(&key), attr::TITLE_CONNECTOR),
            (PRONOUNS.contains(&key), attr::PRONOUN),
            (SPEECH_VERBS.contains(&key), attr::SPEECH_VERB),
            (
                entry_last(PROGRAM_HEADS.iter().copied(), key),
                attr::HEAD_LAST,
            ),
            (
                entry_first(KNOWN_PROGRAMS.iter().copied(), key),
                attr::KNOWN_FIRST,
            ),
            (
                entry_last(ORG_SUFFIXES.iter().map(|(e, _)| *e), key),
                attr::SUFFIX_LAST,
            ),
            (
                entry_first(ORG_PREFIXES.iter().map(|(e, _)| *e), key),
                attr::PREFIX_FIRST,
            ),
            (
                ends_entry(ORG_SUFFIXES.iter().map(|(e, _)| *e), key)
                    || ends_entry(PROGRAM_HEADS.iter().copied(), key),
                attr::ENDS_A_NAME,
            ),
            (
                ends_entry(ORG_SUFFIXES.iter().map(|(e, _)| *e), key),
                attr::ENDS_AN_ORG,
            ),
            (
                WordSet::new(HONORIFICS.iter().copied()).contains(key),
                attr::HONORIFIC,
            ),
            (TITLE_SET.contains_lower(key), attr::TITLE),
            (PROGRAM_NOUNS.contains(&key), attr::PROGRAM_NOUN),
            (LAUNCH_VERBS.contains(&key), attr::LAUNCH_VERB),
            (TYPE_NOUNS.iter().any(|(n, _)| *n == key), attr::TYPE_NOUN),
        ];
        tests
            .iter()
            .filter(|(t, _)| *t)
            .fold(0, |b, (_, bit)| b | bit)
    }

    #[test]
    fn lookup_agrees_with_the_table_tests() {
        let mut words: Vec<String> = [
            "the",
            "The",
            "THE",
            "tHe",
            "Director",
            "DIRECTOR",
            "director",
            "Dr.",
            "Dr",
            "dr.",
            "District",
            "district",
            "Foundation",
            "Force",
            "Kit",
            "Head",
            "Early",
            "City",
            "of",
            "&",
            "and",
            "said",
            "Said",
            "she",
            "She",
            "SHE",
            "Summit",
            "program",
            "Program",
            "launched",
            "nonprofit",
            "Monday",
            "Vision",
            "Act",
            "County",
            "Officer",
            "Our",
            "CEO",
            "Ceo",
            "x",
            "",
            "Students",
            "clerk",
            "CLER\u{212A}",
            "Diréctor",
            "İstanbul",
            "Superintendentship",
            "SUPERINTENDENTS",
            "Café",
            "don't",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        // Every word of every table, as written, upper-cased, lower-cased and capitalised.
        let mut table_words: Vec<&str> = Vec::new();
        for t in [
            CAPITALISED_NOISE,
            GENERIC_MODIFIERS,
            CONNECTORS,
            NOT_PROGRAM_TAILS,
            PERSON_TAILS,
            LAW_LEADS,
            POSSESSIVE_TITLES,
            PROGRAM_ACADEMY_WORDS,
            GOAL_WORDS,
            CALENDAR_WORDS,
            SUBTITLE_FUNCTION_WORDS,
            QUOTED_PROGRAM_CUES,
            CONNECTOR_WORDS,
            TITLE_CONNECTORS,
            PRONOUNS,
            SPEECH_VERBS,
            HONORIFICS,
            TITLE_WORDS,
            PROGRAM_NOUNS,
            LAUNCH_VERBS,
            PROGRAM_HEADS,
            KNOWN_PROGRAMS,
        ] {
            table_words.extend(t.iter().flat_map(|e| e.split(' ')));
        }
        table_words.extend(ORG_SUFFIXES.iter().flat_map(|(e, _)| e.split(' ')));
        table_words.extend(ORG_PREFIXES.iter().flat_map(|(e, _)| e.split(' ')));
        table_words.extend(TYPE_NOUNS.iter().map(|(n, _)| *n));
        for w in table_words {
            let mut cap = w.to_lowercase();
            if let Some(c) = cap.get_mut(..1) {
                c.make_ascii_uppercase();
            }
            words.extend([
                w.to_string(),
                w.to_uppercase(),
                w.to_lowercase(),
                cap,
                entry_words(w).concat(),
            ]);
        }
        for w in &words {
            assert_eq!(lookup(w, pack(w)).2, reference(w), "{w:?}");
            assert_eq!(lookup(w, pack(w)).0, fold(w), "{w:?}");
        }
    }

    #[test]
    fn text_tables_have_no_apostrophes() {
        // Rules look these up on a token's text: a text in them is always its key (no
        // possessive, no curly apostrophe), so the key's bit and [`attr::PLAIN`] say it.
        for w in PROGRAM_NOUNS.iter().chain(LAUNCH_VERBS).chain(HONORIFICS) {
            assert!(!w.contains(['’', '\'']), "{w}");
        }
    }

    #[test]
    fn title_words_are_lower_case_ascii() {
        // `lookup` finds them by the fold, which is the lower-case form of an ASCII key.
        for w in TITLE_WORDS {
            assert!(
                w.is_ascii() && *w == w.to_ascii_lowercase() && w.len() <= 15,
                "{w}"
            );
        }
    }

    #[test]
    fn attrs_mark_token_shapes() {
        let (_, _, b) = attrs("Children’s", "Children", true, true);
        assert_eq!(
            b & (attr::WORD | attr::NAME | attr::POSSESSIVE | attr::PLAIN),
            attr::WORD | attr::NAME | attr::POSSESSIVE
        );
        let (_, _, b) = attrs("2030", "2030", true, false);
        assert_eq!(
            b & (attr::DIGITS | attr::YEAR | attr::PLAIN | attr::NAME),
            attr::DIGITS | attr::YEAR | attr::PLAIN
        );
        let (_, _, b) = attrs(",", ",", false, false);
        assert_eq!(b & (attr::WORD | attr::DIGITS), 0);
    }
}
