//! The body of a release: paragraphs and list items, then the body string and its blocks.
//!
//! Every non-empty line is a paragraph, except list items. A line that starts with a list
//! marker (`- 1.`, `1.`, `1)`, `-`, `*`, `•`) is a list item. A line can hold several numbered
//! items and paragraph text: `text of a paragraph. - 2. Heading` is the paragraph and the item
//! `2. Heading`. Splitting happens only on ` - <1 to 3 digits>. ` (or `)`) followed by text, and
//! only on a line that starts with a marker or once a list has started in the body; a hyphen
//! inside a word (`equity-centered`) or a dash between words that is not followed by a number
//! marker never splits. Scanning is linear: each byte of a line is looked at once.

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{cut, map, opt, peek, recognize};
use nom::error::{ErrorKind, ParseError as _, context};
use nom::sequence::{preceded, terminated};

use super::text::{blank_lines, line_end};
use super::trace::{PResult, Trace};
use crate::release::{Block, BlockKind};

/// A list marker as read: its text and whether it numbers the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker<'a> {
    /// As written: `1.`, `2)`, `-`, `•`.
    pub(crate) text: &'a str,
    /// True for `1.` / `1)`, false for bullets.
    pub(crate) numbered: bool,
}

/// A paragraph or a list item as found in the text, before the body string is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A paragraph's text.
    Paragraph(&'a str),
    /// A list item: its marker and its text (without the marker).
    Item(Marker<'a>, &'a str),
}

/// Bullets that need a space after them.
const SPACED_BULLETS: &str = "-*";
/// Bullet characters that may touch their text (`•Item`).
const GLYPH_BULLETS: &str = "\u{2022}\u{25E6}\u{25AA}\u{2023}";

/// Any character that can start an item's text.
fn text_char(i: &str) -> PResult<'_, char> {
    satisfy(|c| c != ' ' && c != '\n').parse(i)
}

/// `1. `, `12) `: a number marker and its space, with text after it (not consumed).
fn number_marker(i: &str) -> PResult<'_, Marker<'_>> {
    let digits = take_while_m_n(1, 3, |c: char| c.is_ascii_digit());
    map(
        terminated(
            recognize((digits, one_of(".)"))),
            (char(' '), peek(text_char)),
        ),
        |text| Marker {
            text,
            numbered: true,
        },
    )
    .parse(i)
}

/// `- `, `* `, `• `, `•`: a bullet, with text after it (not consumed).
fn bullet_marker(i: &str) -> PResult<'_, Marker<'_>> {
    let spaced = terminated(recognize(one_of(SPACED_BULLETS)), char(' '));
    let glyph = terminated(recognize(one_of(GLYPH_BULLETS)), opt(char(' ')));
    map(terminated(alt((spaced, glyph)), peek(text_char)), |text| {
        Marker {
            text,
            numbered: false,
        }
    })
    .parse(i)
}

/// A list marker at the start of a line: `- 1. `, `1. `, `1) `, `- `, `* `, `• `.
fn list_marker(i: &str) -> PResult<'_, Marker<'_>> {
    context(
        "list marker",
        alt((
            preceded(tag("- "), number_marker),
            number_marker,
            bullet_marker,
        )),
    )
    .parse(i)
}

/// True when the line starts with a list marker.
pub(crate) fn starts_with_list_marker(line: &str) -> bool {
    list_marker(line).is_ok()
}

/// ` - 2. `: inside a line, the start of the next numbered item.
fn split_marker(i: &str) -> PResult<'_, Marker<'_>> {
    preceded(tag(" - "), number_marker).parse(i)
}

/// Text of a paragraph or item: at least one character, up to the end of the line or, when
/// `split` is on, up to the next [`split_marker`]. Each byte is looked at once.
fn run_text(i: &str, split: bool) -> PResult<'_, &str> {
    let bytes = i.as_bytes();
    let mut end = bytes.len();
    for (at, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            end = at;
            break;
        }
        // `at > 0`: a split needs text before it. The byte check keeps the common case cheap.
        if split
            && at > 0
            && b == b' '
            && bytes.get(at + 1..at + 3) == Some(b"- ")
            && split_marker(&i[at..]).is_ok()
        {
            end = at;
            break;
        }
    }
    if end == 0 {
        return Err(nom::Err::Error(Trace::from_error_kind(
            i,
            ErrorKind::TakeWhile1,
        )));
    }
    Ok((&i[end..], &i[..end]))
}

/// `- 1. Expansion of community schools`: a marker then the item's text. Once a marker with
/// text after it is read this can only be a list item (cut).
fn list_item(i: &str, split: bool) -> PResult<'_, Piece<'_>> {
    let text = |i| run_text(i, split);
    context(
        "list item",
        map((list_marker, cut(text)), |(m, t)| Piece::Item(m, t)),
    )
    .parse(i)
}

/// ` - 2. Support for districts`: a numbered item split off the middle of a line.
fn split_item(i: &str) -> PResult<'_, Piece<'_>> {
    let text = |i| run_text(i, true);
    context(
        "list item",
        map((split_marker, cut(text)), |(m, t)| Piece::Item(m, t)),
    )
    .parse(i)
}

/// A paragraph's text: up to the end of the line, or to the next item when `split` is on.
fn paragraph(i: &str, split: bool) -> PResult<'_, Piece<'_>> {
    let text = |i| run_text(i, split);
    context("paragraph", map(text, Piece::Paragraph)).parse(i)
}

/// One non-empty line of the body: a list item or a paragraph, then the items split off the
/// rest of the line, then the line break. `in_list` says whether a list has started.
fn body_line<'a>(i: &'a str, in_list: bool, out: &mut Vec<Piece<'a>>) -> PResult<'a, ()> {
    let split = in_list || starts_with_list_marker(i);
    let (mut rest, first) = alt((|i| list_item(i, split), |i| paragraph(i, split))).parse(i)?;
    out.push(first);
    while let Ok((next, item)) = split_item(rest) {
        out.push(item);
        rest = next;
    }
    let (rest, ()) = line_end(rest)?;
    Ok((rest, ()))
}

/// Every line left, as pieces; at least one.
fn body_lines(i: &str) -> PResult<'_, Vec<Piece<'_>>> {
    let mut pieces = Vec::new();
    let mut in_list = false;
    let (mut rest, _) = blank_lines(i)?;
    while !rest.is_empty() {
        let before = pieces.len();
        let (next, ()) = body_line(rest, in_list, &mut pieces)?;
        in_list = in_list
            || pieces[before..]
                .iter()
                .any(|p| matches!(p, Piece::Item(..)));
        let (next, _) = blank_lines(next)?;
        rest = next;
    }
    if pieces.is_empty() {
        return Err(nom::Err::Error(Trace::from_error_kind(i, ErrorKind::Eof)));
    }
    Ok((rest, pieces))
}

/// The body: the rest of the release. After the header the rest can only be the body, so an
/// empty one is a failure (cut) at the end of the input.
pub(crate) fn body(i: &str) -> PResult<'_, Vec<Piece<'_>>> {
    context("body", preceded(blank_lines, cut(body_lines))).parse(i)
}

/// Builds the body string (blocks joined by a blank line; an item written `- 1. Text`, a bullet
/// `- Text`) and the blocks pointing into it.
pub(crate) fn assemble(pieces: &[Piece<'_>]) -> (String, Vec<Block>) {
    let capacity = pieces
        .iter()
        .map(|p| match p {
            Piece::Paragraph(t) => t.len() + 2,
            Piece::Item(m, t) => m.text.len() + t.len() + 5,
        })
        .sum();
    let mut body = String::with_capacity(capacity);
    let mut blocks = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let start = body.len();
        let (kind, text) = match *piece {
            Piece::Paragraph(text) => (BlockKind::Paragraph, text),
            Piece::Item(marker, text) => {
                body.push_str("- ");
                if marker.numbered {
                    body.push_str(marker.text);
                    body.push(' ');
                }
                let kind = BlockKind::ListItem {
                    marker: marker.text.to_owned(),
                };
                (kind, text)
            }
        };
        let text_start = body.len();
        body.push_str(text);
        blocks.push(Block {
            kind,
            start,
            text_start,
            end: body.len(),
        });
    }
    (body, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(marker: &'a str, text: &'a str) -> Piece<'a> {
        let numbered = marker.starts_with(|c: char| c.is_ascii_digit());
        Piece::Item(
            Marker {
                text: marker,
                numbered,
            },
            text,
        )
    }

    #[test]
    fn list_marker_reads_each_form_and_leaves_the_text() {
        let m = |text, numbered| Marker { text, numbered };
        assert_eq!(list_marker("- 1. Item"), Ok(("Item", m("1.", true))));
        assert_eq!(list_marker("12) Item"), Ok(("Item", m("12)", true))));
        assert_eq!(list_marker("- Item"), Ok(("Item", m("-", false))));
        assert_eq!(list_marker("* Item"), Ok(("Item", m("*", false))));
        assert_eq!(
            list_marker("\u{2022}Item"),
            Ok(("Item", m("\u{2022}", false)))
        );
    }

    #[test]
    fn list_marker_refuses_years_hyphens_and_bare_numbers() {
        assert!(list_marker("2026. A year").is_err());
        assert!(list_marker("-year plan").is_err());
        assert!(list_marker("1.5 million").is_err());
        assert!(list_marker("3 schools").is_err());
    }

    #[test]
    fn number_marker_needs_a_space_and_text() {
        let m = Marker {
            text: "3)",
            numbered: true,
        };
        assert_eq!(number_marker("3) Text"), Ok(("Text", m)));
        assert!(number_marker("3.\nText").is_err());
        assert!(number_marker("3. ").is_err());
    }

    #[test]
    fn bullet_marker_reads_spaced_and_glyph_bullets() {
        let m = |text| Marker {
            text,
            numbered: false,
        };
        assert_eq!(bullet_marker("* x"), Ok(("x", m("*"))));
        assert_eq!(bullet_marker("\u{2022} x"), Ok(("x", m("\u{2022}"))));
        assert!(bullet_marker("*x").is_err());
    }

    #[test]
    fn run_text_stops_at_the_break_or_a_split() {
        assert_eq!(run_text("a - 2. b\nc", false), Ok(("\nc", "a - 2. b")));
        assert_eq!(run_text("a - 2. b\nc", true), Ok((" - 2. b\nc", "a")));
        assert_eq!(run_text("a - 2.5 b", true), Ok(("", "a - 2.5 b")));
        assert!(run_text("\nx", true).is_err());
    }

    #[test]
    fn body_line_splits_a_line_that_starts_with_a_marker() {
        let mut out = Vec::new();
        let got = body_line("1. One - 2. Two\nnext", false, &mut out);
        assert_eq!(got, Ok(("next", ())));
        assert_eq!(out, [item("1.", "One"), item("2.", "Two")]);
    }

    #[test]
    fn body_line_keeps_a_prose_dash_before_any_list() {
        let mut out = Vec::new();
        let got = body_line("Goals - 1. Read more\n", false, &mut out);
        assert_eq!(got, Ok(("", ())));
        assert_eq!(out, [Piece::Paragraph("Goals - 1. Read more")]);
    }

    #[test]
    fn list_item_stops_at_the_next_numbered_item() {
        assert_eq!(
            list_item("- 1. First item. - 2. Second item.", true),
            Ok((" - 2. Second item.", item("1.", "First item.")))
        );
    }

    #[test]
    fn paragraph_ignores_hyphens_in_prose() {
        let line = "An equity-centered plan - not a list - 3 ways\nNext";
        assert_eq!(
            paragraph(line, true),
            Ok(("\nNext", Piece::Paragraph(&line[..45])))
        );
    }

    #[test]
    fn paragraph_does_not_split_before_a_list_started() {
        assert_eq!(
            paragraph("Scores rose 3 - 4. Then fell", false),
            Ok(("", Piece::Paragraph("Scores rose 3 - 4. Then fell")))
        );
    }

    #[test]
    fn split_item_reads_an_item_inside_a_line() {
        assert_eq!(
            split_item(" - 2. Second\nx"),
            Ok(("\nx", item("2.", "Second")))
        );
    }

    #[test]
    fn body_splits_one_line_lists() {
        let (rest, pieces) = body("- 1. First item. - 2. Second item.").expect("body");
        assert_eq!(rest, "");
        assert_eq!(
            pieces,
            [item("1.", "First item."), item("2.", "Second item.")]
        );
    }

    #[test]
    fn body_splits_a_paragraph_from_the_next_item_once_a_list_started() {
        let text = "Intro line.\n\n- 1. Heading one\nText of one. - 2. Heading two\nText of two.";
        let (rest, pieces) = body(text).expect("body");
        assert_eq!(rest, "");
        assert_eq!(
            pieces,
            [
                Piece::Paragraph("Intro line."),
                item("1.", "Heading one"),
                Piece::Paragraph("Text of one."),
                item("2.", "Heading two"),
                Piece::Paragraph("Text of two."),
            ]
        );
    }

    #[test]
    fn body_fails_when_empty() {
        let Err(nom::Err::Failure(e)) = body("\n\n") else {
            panic!("expected a failure");
        };
        assert_eq!(e.input, "");
    }

    #[test]
    fn assemble_writes_items_with_a_dash_and_points_past_the_marker() {
        let (text, blocks) = assemble(&[
            Piece::Paragraph("Intro."),
            item("1.", "Expansion of community schools"),
            item("-", "A bullet"),
        ]);
        assert_eq!(
            text,
            "Intro.\n\n- 1. Expansion of community schools\n\n- A bullet"
        );
        assert_eq!(&text[blocks[1].start..blocks[1].text_start], "- 1. ");
        assert_eq!(
            &text[blocks[1].text_start..blocks[1].end],
            "Expansion of community schools"
        );
        assert_eq!(
            blocks[1].kind,
            BlockKind::ListItem {
                marker: "1.".into()
            }
        );
        assert_eq!(&text[blocks[2].start..blocks[2].text_start], "- ");
        assert_eq!(
            (blocks[0].start, blocks[0].text_start, blocks[0].end),
            (0, 0, 6)
        );
    }
}
