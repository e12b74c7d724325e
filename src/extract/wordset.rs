//! Fast lookups in the extractors' fixed word tables: a small multiplicative hasher for tables
//! built once from `const` data, and [`WordSet`], a set of table words that answers "is this
//! word in the table" with one hash lookup instead of a scan of the table.
//!
//! [`fold`] packs a short word into one integer, so that a case-insensitive comparison with a
//! table word is one integer comparison.
//!
//! The hasher is only for keys fixed in the program (the tables): maps whose keys come from the
//! input keep the standard hasher, so no crafted text can make them slow.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher (the "Fx" hash of rustc) for short keys from fixed tables.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

/// Odd multiplier with well-mixed bits.
const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the best bits at the top; hash tables index with the low bits.
        self.hash.rotate_left(26)
    }
}

/// A token's text folded into one integer for table lookups: up to 15 bytes, ASCII letters
/// lowercased, with the length in the top byte; every longer text folds to `u128::MAX`. Two
/// texts equal under `eq_ignore_ascii_case` fold to the same key, and two texts of at most 15
/// bytes with the same key are equal that way, so a lookup by key finds exactly the entries a
/// case-insensitive scan would (longer texts still need the scan's comparison).
pub(crate) fn fold(s: &str) -> u128 {
    pack(s).map_or(u128::MAX, lower_packed)
}

/// A text of up to 15 bytes packed into one integer as it is: its bytes, then zeros, with the
/// length in the top byte. Two texts are equal exactly when their packs are. `None` for longer
/// texts.
pub(crate) fn pack(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// A [`pack`] with its ASCII upper-case letters made lower case: the [`fold`] of the packed
/// text. The length byte (at most 15) is no letter and stays as it is.
pub(crate) fn lower_packed(packed: u128) -> u128 {
    // Eight bytes at a time: a byte is an upper-case letter when it is ASCII, at least 'A' and
    // not above 'Z'; such a byte gets the 0x20 bit.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    fn lower(x: u64) -> u64 {
        let low7 = x & !HIGH;
        let ge_a = low7 + (0x80 - u64::from(b'A')) * ONES;
        let gt_z = low7 + (0x7f - u64::from(b'Z')) * ONES;
        let upper = (ge_a ^ gt_z) & !x & HIGH;
        x | (upper >> 2)
    }
    let lo = lower(packed as u64);
    let hi = lower((packed >> 64) as u64);
    u128::from(lo) | (u128::from(hi) << 64)
}

/// A map from packed words ([`pack`] or [`fold`]) to values, for tables built once: open
/// addressing with one multiplication per lookup, and most lookups of a word the table does not
/// hold end at the first, empty, slot.
#[derive(Debug, Clone)]
pub(crate) struct PackedMap<V> {
    /// (key, index into `values` plus one; 0 for an empty slot).
    slots: Vec<(u128, u32)>,
    values: Vec<V>,
    /// Bits of the slot index.
    bits: u32,
}

impl<V> PackedMap<V> {
    /// A map of the given entries; a key given twice keeps its first value.
    pub fn new(entries: impl IntoIterator<Item = (u128, V)>) -> Self {
        let entries: Vec<(u128, V)> = entries.into_iter().collect();
        // At most one slot in four used: probes stay short.
        let bits = (entries.len().max(1) * 4)
            .next_power_of_two()
            .trailing_zeros();
        let mut map = PackedMap {
            slots: vec![(0, 0); 1 << bits],
            values: Vec::with_capacity(entries.len()),
            bits,
        };
        for (key, value) in entries {
            let mut i = map.slot(key);
            loop {
                let (k, v) = map.slots[i];
                if v == 0 {
                    map.values.push(value);
                    map.slots[i] = (key, map.values.len() as u32);
                    break;
                }
                if k == key {
                    break;
                }
                i = (i + 1) & (map.slots.len() - 1);
            }
        }
        map
    }

    /// The first slot to probe for `key`.
    fn slot(&self, key: u128) -> usize {
        let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize
    }

    /// The value of `key`.
    pub fn get(&self, key: u128) -> Option<&V> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, v) = self.slots[i];
            if v == 0 {
                return None;
            }
            if k == key {
                return self.values.get(v as usize - 1);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Builds [`FxHasher`]s.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// The words of a fixed table, for membership tests.
#[derive(Debug, Default, Clone)]
pub(crate) struct WordSet {
    words: HashSet<&'static str, FxBuild>,
}

impl WordSet {
    /// A set of the given words.
    pub fn new(words: impl IntoIterator<Item = &'static str>) -> Self {
        WordSet {
            words: words.into_iter().collect(),
        }
    }

    /// Whether `word` is in the set, exactly as written.
    #[allow(dead_code)] // kept for the other extractors' tables
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether `word` lower-cased (as `str::to_lowercase` does it) is in the set. ASCII words
    /// are lower-cased on the stack; others through `to_lowercase`.
    pub fn contains_lower(&self, word: &str) -> bool {
        with_lowercase(word, |w| self.words.contains(w))
    }
}

/// The words of a fixed table compared in any ASCII case, as `str::eq_ignore_ascii_case`
/// compares them.
#[derive(Debug, Default, Clone)]
pub(crate) struct AsciiCaseSet {
    words: HashSet<String, FxBuild>,
}

impl AsciiCaseSet {
    /// A set of the given words.
    pub fn new<'t>(words: impl IntoIterator<Item = &'t str>) -> Self {
        AsciiCaseSet {
            words: words.into_iter().map(str::to_ascii_lowercase).collect(),
        }
    }

    /// Whether some word of the set equals `word` ignoring ASCII case.
    pub fn contains(&self, word: &str) -> bool {
        const MAX: usize = 32;
        let b = word.as_bytes();
        if b.len() > MAX {
            return self.words.contains(&word.to_ascii_lowercase());
        }
        if !b.iter().any(u8::is_ascii_uppercase) {
            return self.words.contains(word);
        }
        let mut buf = [0u8; MAX];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII lower-casing keeps UTF-8 valid.
        match std::str::from_utf8(&buf[..b.len()]) {
            Ok(lower) => self.words.contains(lower),
            Err(_) => self.words.contains(&word.to_ascii_lowercase()),
        }
    }
}

/// Calls `f` with `word` lower-cased as `str::to_lowercase` would: without allocating when
/// `word` is short ASCII.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const MAX: usize = 32;
    let b = word.as_bytes();
    if b.len() <= MAX && word.is_ascii() {
        if !b.iter().any(u8::is_ascii_uppercase) {
            return f(word);
        }
        let mut buf = [0u8; MAX];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII stays valid UTF-8 under ASCII lower-casing.
        match std::str::from_utf8(&buf[..b.len()]) {
            Ok(lower) => f(lower),
            Err(_) => f(&word.to_lowercase()),
        }
    } else {
        f(&word.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn word_set_matches_exact_and_lower_case_forms() {
        let set = WordSet::new(["director", "chief", "Dr.", "über"]);
        assert!(set.contains("director"));
        assert!(!set.contains("Director"));
        assert!(set.contains_lower("Director"));
        assert!(set.contains_lower("DIRECTOR"));
        assert!(set.contains_lower("Über"));
        assert!(
            !set.contains_lower("Dr."),
            "the lower-cased form is looked up"
        );
        assert!(!set.contains_lower(&"x".repeat(40)));
    }

    #[test]
    fn ascii_case_set_matches_like_eq_ignore_ascii_case() {
        let set = AsciiCaseSet::new(["o’clock", "Street", "pm"]);
        for (w, want) in [
            ("O’CLOCK", true),
            ("street", true),
            ("STREET", true),
            ("PM", true),
            ("pm.", false),
            ("Strasse", false),
        ] {
            assert_eq!(set.contains(w), want, "{w}");
        }
        assert!(!set.contains(&"x".repeat(40)));
    }

    #[test]
    fn with_lowercase_agrees_with_to_lowercase() {
        for w in [
            "",
            "abc",
            "ABC",
            "MiXeD-Case’s",
            "ÉCOLE",
            "İstanbul",
            &"Ab".repeat(20),
        ] {
            assert_eq!(with_lowercase(w, str::to_string), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn fold_equals_exactly_when_short_words_match_in_any_ascii_case() {
        assert_eq!(fold("Than"), fold("tHAN"));
        assert_ne!(fold("than"), fold("thank"));
        assert_ne!(fold("a"), fold("a\0"));
        assert_ne!(fold("é"), fold("É"), "only ASCII letters fold");
        assert_eq!(fold(&"x".repeat(16)), u128::MAX);
        assert_ne!(fold(&"x".repeat(15)), u128::MAX);
    }

    /// The fold as it was first written: byte by byte.
    fn fold_by_bytes(s: &str) -> u128 {
        let b = s.as_bytes();
        if b.len() > 15 {
            return u128::MAX;
        }
        let mut buf = [0u8; 16];
        for (d, c) in buf.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        buf[15] = b.len() as u8;
        u128::from_le_bytes(buf)
    }

    #[test]
    fn fold_agrees_with_a_byte_by_byte_fold() {
        let mut words: Vec<String> = [
            "",
            "a",
            "Z",
            "@",
            "[",
            "`",
            "{",
            "AZaz09",
            "Than",
            "DISTRICT",
            "É",
            "é",
            "ÀÉÎ",
            "x\u{80}Y",
            "Straße",
            "\u{212A}elvin",
            "MiXeD-Case’s",
            "fifteen-bytes!!",
            "sixteen-bytes!!!",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        // Every byte value next to letters, and every length.
        for b in 0u8..128 {
            words.push(format!("A{}z", char::from(b)));
        }
        for n in 0..18 {
            words.push("Q".repeat(n));
        }
        for w in &words {
            assert_eq!(fold(w), fold_by_bytes(w), "{w:?}");
            assert_eq!(pack(w).is_some(), w.len() <= 15);
        }
    }

    #[test]
    fn packed_map_finds_exactly_its_keys() {
        let words: Vec<String> = (0..500).map(|n| format!("w{n}")).collect();
        let map = PackedMap::new(words.iter().enumerate().map(|(n, w)| (fold(w), n)));
        for (n, w) in words.iter().enumerate() {
            assert_eq!(map.get(fold(w)), Some(&n));
        }
        assert_eq!(map.get(fold("w500")), None);
        assert_eq!(map.get(u128::MAX), None);
        let first = PackedMap::new([(1, "a"), (1, "b")]);
        assert_eq!(first.get(1), Some(&"a"));
        assert_eq!(PackedMap::<u8>::new([]).get(0), None);
    }

    #[test]
    fn fx_hasher_spreads_short_keys() {
        let mut map: HashMap<String, usize, FxBuild> = HashMap::default();
        for n in 0..1000 {
            map.insert(format!("w{n}"), n);
        }
        assert_eq!(map.get("w517"), Some(&517));
        assert_eq!(map.len(), 1000);
    }
}
