//! Finding the few bytes a text writer must treat specially (quotes, separators, control
//! characters) in long cells, eight bytes at a time. Evidence sentences make up most of the
//! bytes the CSV and JSON Lines writers write, and almost none of their bytes need escaping, so
//! the writers copy runs of plain bytes between the special ones.
//!
//! The word tests are the exact "has a zero byte" and "has a byte less than n" tricks (Bit
//! Twiddling Hacks, Sean Eron Anderson): they say whether any byte of the word qualifies, never
//! which one, so a word that may hold one is then read byte by byte.

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// True when some byte of `word` is zero.
#[inline]
fn has_zero(word: u64) -> bool {
    word.wrapping_sub(ONES) & !word & HIGHS != 0
}

/// True when some byte of `word` equals `byte`.
#[inline]
pub(crate) fn has_byte(word: u64, byte: u8) -> bool {
    has_zero(word ^ (ONES * u64::from(byte)))
}

/// True when some byte of `word` is less than `n` (exact for `n <= 128`).
#[inline]
pub(crate) fn has_less(word: u64, n: u8) -> bool {
    debug_assert!(n <= 128);
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS != 0
}

/// Index of the first byte at or after `from` for which `special` holds, or `bytes.len()`.
/// `word_may_hold` must be true for every eight-byte word that holds such a byte; words for
/// which it is false are skipped whole.
#[inline]
pub(crate) fn next_special(
    bytes: &[u8],
    mut from: usize,
    word_may_hold: impl Fn(u64) -> bool,
    special: impl Fn(u8) -> bool,
) -> usize {
    while from < bytes.len() {
        if let Some(chunk) = bytes.get(from..from + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("a slice of eight bytes"));
            if !word_may_hold(word) {
                from += 8;
                continue;
            }
            let end = from + 8;
            while from < end {
                if special(bytes[from]) {
                    return from;
                }
                from += 1;
            }
        } else {
            return bytes[from..]
                .iter()
                .position(|&b| special(b))
                .map_or(bytes.len(), |k| from + k);
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_special(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }

    fn json_word(w: u64) -> bool {
        has_less(w, 0x20) || has_byte(w, b'"') || has_byte(w, b'\\')
    }

    #[test]
    fn word_tests_agree_with_a_byte_scan() {
        let mut words = vec![0u64, u64::MAX, 0x2020_2020_2020_2020, 0x7f80_ff01_2219_5c5b];
        // Every byte value in every position of an otherwise plain word.
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = *b"plainABC";
                bytes[pos] = b;
                words.push(u64::from_le_bytes(bytes));
            }
        }
        for w in words {
            let bytes = w.to_le_bytes();
            assert_eq!(
                json_word(w),
                bytes.iter().any(|&b| json_special(b)),
                "{w:#x}"
            );
            assert_eq!(has_byte(w, b','), bytes.contains(&b','), "{w:#x}");
        }
    }

    #[test]
    fn next_special_finds_every_special_byte_in_order() {
        let text = "a plain sentence, with \"quotes\" and a tab\there and a line\nend \\ é—ü";
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut at = 0;
        loop {
            at = next_special(bytes, at, json_word, json_special);
            if at == bytes.len() {
                break;
            }
            found.push(at);
            at += 1;
        }
        let expected: Vec<usize> = (0..bytes.len())
            .filter(|&i| json_special(bytes[i]))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(next_special(b"short", 0, json_word, json_special), 5);
        assert_eq!(next_special(b"", 0, json_word, json_special), 0);
    }
}
