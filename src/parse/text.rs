//! Line handling: splits decoded text into lines (CRLF, LF or a lone CR), normalizes the
//! whitespace of each line, and maps a spot in the normalized text back to a line and column
//! of the original file. Also holds the line-level nom pieces shared by the other parsers.
//!
//! The normalized text keeps one line per original line (blank ones included), joined by `\n`,
//! so line numbers never drift; only columns need mapping back.

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{take_till, take_while};
use nom::character::complete::char;
use nom::combinator::{eof, value};

use super::trace::PResult;

/// How normalization treats one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Kept as written (curly quotes, accents, dashes...).
    Keep,
    /// Whitespace or a control character: a run of these becomes one space, none at the ends.
    Space,
    /// Invisible formatting that is dropped.
    Drop,
}

/// Invisible characters dropped from lines: zero-width space, byte order mark / zero-width
/// no-break space, word joiner, soft hyphen.
const DROPPED: &[char] = &['\u{200B}', '\u{FEFF}', '\u{2060}', '\u{00AD}'];

fn class(c: char) -> Class {
    if DROPPED.contains(&c) {
        Class::Drop
    } else if c.is_whitespace() || c.is_control() {
        // `is_whitespace` covers tabs and NBSP; other control characters are treated alike.
        Class::Space
    } else {
        Class::Keep
    }
}

/// True when a character carries no visible text.
pub(crate) fn is_blank(c: char) -> bool {
    class(c) != Class::Keep
}

/// Iterator over the lines of a text; a break is CRLF, LF or a lone CR. A text ending with a
/// break yields a last empty line, so the count is always breaks + 1.
#[derive(Debug, Clone)]
pub(crate) struct Lines<'a> {
    rest: Option<&'a str>,
}

/// The lines of `text` (see [`Lines`]).
pub(crate) fn lines(text: &str) -> Lines<'_> {
    Lines { rest: Some(text) }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == b'\n' || b == b'\r') {
            Some(at) => {
                let break_len = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
                self.rest = Some(&rest[at + break_len..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The whole text normalized line by line (see [`normalize_line`]), joined by `\n`.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (k, line) in lines(text).enumerate() {
        if k > 0 {
            out.push('\n');
        }
        normalize_line(line, &mut out);
    }
    out
}

/// Appends one line with runs of spaces, tabs, NBSP and control characters turned into one
/// space, invisible characters dropped, and both ends trimmed.
fn normalize_line(line: &str, out: &mut String) {
    let mut started = false;
    let mut pending_space = false;
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // ASCII first: printable characters are kept (a run at a time), the others (space,
        // controls) are spaces; no ASCII character is dropped.
        if b[i] < 0x80 {
            if (0x21..=0x7E).contains(&b[i]) {
                // The run goes on over single spaces between printable characters: they come
                // out as they are, so the run is copied at once.
                let from = i;
                while i < b.len() {
                    if (0x21..=0x7E).contains(&b[i]) {
                        i += 1;
                    } else if b[i] == b' '
                        && b.get(i + 1).is_some_and(|x| (0x21..=0x7E).contains(x))
                    {
                        i += 2;
                    } else {
                        break;
                    }
                }
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push_str(&line[from..i]);
                started = true;
            } else {
                pending_space = started;
                i += 1;
            }
            continue;
        }
        let Some(c) = line[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match class(c) {
            Class::Keep => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
                started = true;
            }
            Class::Space => pending_space = started,
            Class::Drop => {}
        }
    }
}

/// The 0-based character column in `original_line` of the character that normalization put at
/// character column `normalized_column`. A column past the end maps just past the last kept
/// character.
pub(crate) fn original_column(original_line: &str, normalized_column: usize) -> usize {
    let mut emitted = 0;
    let mut started = false;
    let mut space_run_start = None;
    let mut after_last_kept = 0;
    for (j, c) in original_line.chars().enumerate() {
        match class(c) {
            Class::Keep => {
                if let Some(run_start) = space_run_start.take() {
                    if emitted == normalized_column {
                        return run_start;
                    }
                    emitted += 1;
                }
                if emitted == normalized_column {
                    return j;
                }
                emitted += 1;
                started = true;
                after_last_kept = j + 1;
            }
            Class::Space => {
                if started && space_run_start.is_none() {
                    space_run_start = Some(j);
                }
            }
            Class::Drop => {}
        }
    }
    after_last_kept
}

/// The text of one normalized line, without its break (may be empty).
pub(crate) fn line_text(i: &str) -> PResult<'_, &str> {
    take_till(|c| c == '\n').parse(i)
}

/// A line break, or the end of the input.
pub(crate) fn line_end(i: &str) -> PResult<'_, ()> {
    alt((value((), char('\n')), value((), eof))).parse(i)
}

/// Any number of blank lines (in normalized text a blank line is just its break).
pub(crate) fn blank_lines(i: &str) -> PResult<'_, &str> {
    take_while(|c| c == '\n').parse(i)
}

/// The first line of `i`, without its break.
pub(crate) fn first_line(i: &str) -> &str {
    i.split('\n').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`normalize_line`] as a scan of characters: the reference for its ASCII fast path.
    fn normalize_line_by_chars(line: &str) -> String {
        let mut out = String::new();
        let (mut started, mut pending) = (false, false);
        for c in line.chars() {
            match class(c) {
                Class::Keep => {
                    if pending {
                        out.push(' ');
                        pending = false;
                    }
                    out.push(c);
                    started = true;
                }
                Class::Space => pending = started,
                Class::Drop => {}
            }
        }
        out
    }

    #[test]
    fn normalize_line_agrees_with_a_scan_of_characters() {
        for line in [
            "",
            "   ",
            " a  b\t c ",
            "\u{feff}Title\u{200b} with\u{a0}\u{a0}nbsp\u{1}end\u{7f}",
            "“Curly” – dash\u{2009}thin ",
            "x\u{ad}y \u{2060} z",
            "one two three",
            "one two  three ",
            "a b\tc d\u{a0}e f \u{200b}g",
            "end with a space ",
            "a \u{1}b c",
            "a b “c” d",
        ] {
            let mut out = String::new();
            normalize_line(line, &mut out);
            assert_eq!(out, normalize_line_by_chars(line), "{line:?}");
        }
    }

    #[test]
    fn lines_split_on_crlf_lf_and_lone_cr() {
        let got: Vec<_> = lines("a\r\nb\nc\rd").collect();
        assert_eq!(got, ["a", "b", "c", "d"]);
        let got: Vec<_> = lines("a\r\n").collect();
        assert_eq!(got, ["a", ""]);
    }

    #[test]
    fn normalize_collapses_spaces_tabs_nbsp_and_trims() {
        assert_eq!(
            normalize("  Title \t here\u{a0}\u{a0}now  \r\n\r\nnext\u{200B}line \u{1}x"),
            "Title here now\n\nnextline x"
        );
    }

    #[test]
    fn normalize_keeps_curly_quotes_and_line_count() {
        assert_eq!(
            normalize("\u{201C}Hi\u{201D}\r\r"),
            "\u{201C}Hi\u{201D}\n\n"
        );
    }

    #[test]
    fn original_column_maps_back_through_trimmed_and_collapsed_space() {
        // original "  ab   cd": normalized "ab cd"
        assert_eq!(original_column("  ab   cd", 0), 2);
        assert_eq!(original_column("  ab   cd", 2), 4);
        assert_eq!(original_column("  ab   cd", 3), 7);
        assert_eq!(original_column("  ab   cd  ", 5), 9);
        assert_eq!(original_column("", 0), 0);
    }

    #[test]
    fn line_text_stops_at_the_break() {
        assert_eq!(line_text("one\ntwo"), Ok(("\ntwo", "one")));
        assert_eq!(line_text(""), Ok(("", "")));
    }

    #[test]
    fn line_end_takes_a_break_or_the_end() {
        assert_eq!(line_end("\nx"), Ok(("x", ())));
        assert_eq!(line_end(""), Ok(("", ())));
        assert!(line_end("x").is_err());
    }

    #[test]
    fn blank_lines_leave_the_next_line() {
        assert_eq!(blank_lines("\n\nnext\n"), Ok(("next\n", "\n\n")));
        assert_eq!(first_line("a\nb"), "a");
        assert_eq!(first_line(""), "");
    }
}
