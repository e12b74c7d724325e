//! Decoding: the bytes of a release file to text. UTF-8 is expected (a byte order mark is
//! removed); bytes that are not valid UTF-8 are read as Windows-1252, and a UTF-16 file with a
//! byte order mark is decoded; both with a warning. Binary and empty files are refused here;
//! everything about lines and whitespace is left to `text.rs`.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::text::is_blank;

/// Decoded text and what is worth reporting about how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text, without a byte order mark.
    pub(crate) text: String,
    /// Warnings for the release (`"not valid UTF-8; ..."`).
    pub(crate) warnings: Vec<String>,
}

/// Why bytes are not a release's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// No bytes, or only whitespace.
    Empty,
    /// Not text; says what gave it away (`"NUL bytes"`).
    Binary(&'static str),
}

/// Share of control characters above which a file is taken for binary data: one in ten.
const MAX_CONTROL_SHARE: (usize, usize) = (1, 10);

/// Decodes a release file.
///
/// # Errors
/// [`DecodeError::Binary`] for NUL bytes or mostly control characters,
/// [`DecodeError::Empty`] for a file without visible text.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut warnings = Vec::new();
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) if encoding != UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            warnings.push(format!("decoded as {} (byte order mark)", encoding.name()));
            if had_errors {
                warnings.push(format!(
                    "invalid {} sequences replaced with U+FFFD",
                    encoding.name()
                ));
            }
            text.into_owned()
        }
        Some((_, bom_len)) => utf8_or_windows_1252(&bytes[bom_len..], &mut warnings),
        None => utf8_or_windows_1252(bytes, &mut warnings),
    };
    if text.contains('\0') {
        return Err(DecodeError::Binary("NUL bytes"));
    }
    let control = count_controls(&text);
    // Characters are counted only when there is a control character to weigh.
    if control > 0 && control * MAX_CONTROL_SHARE.1 > text.chars().count() * MAX_CONTROL_SHARE.0 {
        return Err(DecodeError::Binary("control characters"));
    }
    if text.chars().all(is_blank) {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, warnings })
}

/// The control characters of `text` other than tab, line feed, carriage return and form feed,
/// read byte by byte: the control characters (`char::is_control`) are the ASCII ones and U+0080
/// to U+009F (0xC2 0x80 to 0xC2 0x9F).
fn count_controls(text: &str) -> usize {
    let b = text.as_bytes();
    let ascii = b
        .iter()
        .filter(|&&x| (x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r' | 0x0C)) || x == 0x7F)
        .count();
    // The C1 controls are looked for only when a 0xC2 lead byte occurs at all.
    let c1 = if b.contains(&0xC2) {
        b.windows(2)
            .filter(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]))
            .count()
    } else {
        0
    };
    ascii + c1
}

/// UTF-8 where the bytes are valid UTF-8; each run of invalid bytes is read as Windows-1252
/// (curly quotes 0x93 0x94 0x92 become “ ” ’). Linear in the input.
fn utf8_or_windows_1252(bytes: &[u8], warnings: &mut Vec<String>) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut fallback_bytes = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            fallback_bytes += invalid.len();
            let (decoded, _) = WINDOWS_1252.decode_without_bom_handling(invalid);
            text.push_str(&decoded);
        }
    }
    warnings.push(format!(
        "not valid UTF-8; {fallback_bytes} byte(s) decoded as Windows-1252"
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_controls_agrees_with_a_char_scan() {
        for text in [
            "",
            "plain",
            "tab\tnew\nline\r\u{c}",
            "\u{1}\u{7f}x",
            "é\u{85}\u{9f}\u{a0}“x”",
            "\u{80}😀",
        ] {
            let control = text
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
                .count();
            assert_eq!(count_controls(text), control, "{text:?}");
        }
    }

    #[test]
    fn decode_strips_the_utf8_bom() {
        let got = decode(b"\xEF\xBB\xBFTitle\n").expect("text");
        assert_eq!(got.text, "Title\n");
        assert!(got.warnings.is_empty());
    }

    #[test]
    fn decode_reads_windows_1252_curly_quotes_with_a_warning() {
        let got = decode(b"\x93Hi\x94 it\x92s").expect("text");
        assert_eq!(got.text, "\u{201C}Hi\u{201D} it\u{2019}s");
        assert_eq!(
            got.warnings,
            ["not valid UTF-8; 3 byte(s) decoded as Windows-1252"]
        );
    }

    #[test]
    fn decode_keeps_valid_utf8_around_a_stray_windows_1252_byte() {
        let got = decode(
            "caf\u{e9} \u{2019}"
                .as_bytes()
                .iter()
                .copied()
                .chain([0x94])
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .expect("text");
        assert_eq!(got.text, "caf\u{e9} \u{2019}\u{201D}");
    }

    #[test]
    fn decode_reads_utf16_with_a_bom_and_warns() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Hi \u{201C}x\u{201D}".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let got = decode(&bytes).expect("text");
        assert_eq!(got.text, "Hi \u{201C}x\u{201D}");
        assert_eq!(got.warnings, ["decoded as UTF-16LE (byte order mark)"]);
    }

    #[test]
    fn decode_rejects_nul_bytes_and_control_soup() {
        assert_eq!(
            decode(b"Title\0\nbody"),
            Err(DecodeError::Binary("NUL bytes"))
        );
        assert_eq!(
            decode(b"\x01\x02\x03\x04abc"),
            Err(DecodeError::Binary("control characters"))
        );
    }

    #[test]
    fn decode_rejects_empty_and_whitespace_only() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(DecodeError::Empty));
        assert_eq!(
            decode(" \r\n\t\u{a0}\n".as_bytes()),
            Err(DecodeError::Empty)
        );
    }
}
