//! Parsing: the bytes of one release file to a [`Release`].
//!
//! A release file is text: a title line, a date line (`Mon Jan 26 08:10:00 PST 2026`, or another
//! common form), an optional one-line summary, then the body (paragraphs and list items). Blank
//! lines between the parts are optional; banner lines (`News release`) around the title are
//! skipped; a release may have no date at all.
//!
//! The work is split by grammar piece: `decode.rs` turns bytes into text, `text.rs` splits and
//! normalizes lines, `header.rs` reads banners, the title and the summary, `date.rs` the date
//! line and its zone, `body.rs` the paragraphs and list items. Each piece is a small nom parser;
//! this module is the only one that finishes them and turns their errors into [`ParseError`]s
//! with a line and column in the original file. Extraction is left to `crate::extract`.

mod body;
mod date;
mod decode;
mod header;
mod text;
mod trace;

use nom::combinator::opt;
use nom::sequence::preceded;
use nom::{Finish, Parser};

use crate::error::{ErrorKind, ParseError};
use crate::release::{self, Published, Release};
use decode::DecodeError;

/// Settings of the parser.
#[derive(Debug, Clone)]
pub struct ParseConfig {
    /// Zone assumed for a date that states none.
    pub default_zone: chrono_tz::Tz,
}

impl Default for ParseConfig {
    fn default() -> Self {
        ParseConfig {
            default_zone: chrono_tz::America::Los_Angeles,
        }
    }
}

/// Warning for a release without a date line.
const NO_DATE_WARNING: &str = "no date line; published_at is null";

/// Longest excerpt of the input quoted in an error, in characters.
const FOUND_MAX_CHARS: usize = 40;

/// Parses one release file.
///
/// `source_file` is the path relative to the input root (forward slashes); it names the file in
/// errors and gives the release its id. Decoding problems that do not stop the parse (a
/// Windows-1252 fallback, a zone that contradicts the date, no date) end up in
/// [`Release::warnings`].
///
/// ```
/// use pressroom::parse::{ParseConfig, parse_release};
///
/// let text = "Annual Report\nMon Nov 18 10:26:00 PST 2024\nThe office released its annual report.";
/// let release = parse_release(text.as_bytes(), "input/annual.txt", &ParseConfig::default())?;
/// assert_eq!(release.title, "Annual Report");
/// let published = release.published.as_ref().expect("a date");
/// assert_eq!(published.local.to_rfc3339(), "2024-11-18T10:26:00-08:00");
/// assert_eq!(published.timezone.as_deref(), Some("PST"));
/// assert_eq!(release.body, "The office released its annual report.");
/// assert_eq!(release.summary, None);
/// # Ok::<(), pressroom::ParseError>(())
/// ```
///
/// # Errors
/// A [`ParseError`] naming the file, line and column when the file is not a release:
/// [`ErrorKind::Empty`] (no text), [`ErrorKind::Binary`] (NUL bytes or control characters),
/// [`ErrorKind::Title`] (no title line), [`ErrorKind::Date`] (a line meant as a date that is not
/// one, such as `Tomorrow` or `Feb 30, 2026`), [`ErrorKind::NoBody`] (nothing after the header).
pub fn parse_release(
    bytes: &[u8],
    source_file: &str,
    config: &ParseConfig,
) -> Result<Release, ParseError> {
    parse_release_hashed(bytes, release::sha256_hex(bytes), source_file, config)
}

/// [`parse_release`] of bytes whose SHA-256 (lowercase hex, the `content_sha256` column) the
/// caller already has: a batch run hashes every input once, for its cache and this column.
///
/// # Errors
/// As [`parse_release`].
pub fn parse_release_hashed(
    bytes: &[u8],
    content_sha256: String,
    source_file: &str,
    config: &ParseConfig,
) -> Result<Release, ParseError> {
    debug_assert_eq!(content_sha256, release::sha256_hex(bytes));
    let decoded = decode::decode(bytes).map_err(|e| whole_file_error(source_file, e))?;
    let mut warnings = decoded.warnings;
    let normalized = text::normalize(&decoded.text);
    let spot = Spot {
        path: source_file,
        original: &decoded.text,
        normalized: &normalized,
    };

    let (rest, title) = header::title_block(&normalized)
        .finish()
        .map_err(|e| spot.error(e.input, ErrorKind::Title, "a title line"))?;
    let (rest, published) = date_section(rest, &spot, config, &mut warnings)?;
    // The summary is the line right under the date: a release without a date has none.
    let summary_after_date = |i| match published {
        Some(_) => opt(header::summary).parse(i),
        None => Ok((i, None)),
    };
    let (rest, summary) = preceded(header::banners, summary_after_date)
        .parse(rest)
        .finish()
        .map_err(|e| spot.error(e.input, ErrorKind::NoBody, "the body of the release"))?;
    let (_, pieces) = body::body(rest)
        .finish()
        .map_err(|e| spot.error(e.input, ErrorKind::NoBody, "the body of the release"))?;
    let (body, blocks) = body::assemble(&pieces);

    Ok(Release {
        release_id: release::release_id(source_file),
        source_file: source_file.to_owned(),
        content_sha256,
        title: title.to_owned(),
        summary: summary.map(str::to_owned),
        published,
        body,
        blocks,
        warnings,
    })
}

/// The date line under the title, if the release has one. A line that is not a date but looks
/// meant as one (see `header::looks_like_date_attempt`) is an error at its first character, or at
/// the exact spot when the date parser had committed (cut); any other line starts the body of a
/// release without a date.
fn date_section<'a>(
    i: &'a str,
    spot: &Spot<'_>,
    config: &ParseConfig,
    warnings: &mut Vec<String>,
) -> Result<(&'a str, Option<Published>), ParseError> {
    let committed = match date::date_line(i) {
        Ok((rest, raw)) => {
            let Some((published, more)) = date::resolve(&raw, config.default_zone) else {
                return Err(spot.error(i, ErrorKind::Date, date::DATE_EXAMPLE));
            };
            warnings.extend(more);
            return Ok((rest, Some(published)));
        }
        Err(nom::Err::Failure(e)) => Some(e),
        Err(nom::Err::Error(_) | nom::Err::Incomplete(_)) => None,
    };
    if !header::looks_like_date_attempt(text::first_line(i)) {
        warnings.push(NO_DATE_WARNING.to_owned());
        return Ok((i, None));
    }
    match committed {
        Some(e) if !text::first_line(e.input).is_empty() => {
            let expected = match e.innermost() {
                Some(label) if label != "date line" => format!("{label} in {}", date::DATE_EXAMPLE),
                _ => date::DATE_EXAMPLE.to_owned(),
            };
            Err(spot.error(e.input, ErrorKind::Date, expected))
        }
        _ => Err(spot.error(i, ErrorKind::Date, date::DATE_EXAMPLE)),
    }
}

/// An error about the whole file (line and column 0).
fn whole_file_error(path: &str, e: DecodeError) -> ParseError {
    let (kind, expected, found) = match e {
        DecodeError::Empty => (ErrorKind::Empty, "a title line", ""),
        DecodeError::Binary(what) => (
            ErrorKind::Binary,
            "text (UTF-8, Windows-1252, or UTF-16 with a byte order mark)",
            what,
        ),
    };
    ParseError {
        path: path.to_owned(),
        line: 0,
        column: 0,
        kind,
        expected: expected.to_owned(),
        found: found.to_owned(),
    }
}

/// Turns a spot in the normalized text into a [`ParseError`] located in the original file.
struct Spot<'a> {
    path: &'a str,
    /// The decoded text, before normalization (BOM removed).
    original: &'a str,
    /// The normalized text all parsers run on.
    normalized: &'a str,
}

impl Spot<'_> {
    /// An error at `at`, a suffix of the normalized text; `found` is the rest of its line.
    fn error(&self, at: &str, kind: ErrorKind, expected: impl Into<String>) -> ParseError {
        let (line, column) = self.locate(self.normalized.len().saturating_sub(at.len()));
        ParseError {
            path: self.path.to_owned(),
            line,
            column,
            kind,
            expected: expected.into(),
            found: excerpt(text::first_line(at)),
        }
    }

    /// 1-based line and character column in the original file of a byte offset in the
    /// normalized text. Lines match one to one; the column is mapped back through the
    /// whitespace normalization.
    fn locate(&self, offset: usize) -> (u32, u32) {
        let before = self.normalized.get(..offset).unwrap_or(self.normalized);
        let line_index = before.bytes().filter(|&b| b == b'\n').count();
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let normalized_column = before[line_start..].chars().count();
        let original_line = text::lines(self.original)
            .nth(line_index)
            .unwrap_or_default();
        let column = text::original_column(original_line, normalized_column);
        let to_u32 = |n: usize| u32::try_from(n + 1).unwrap_or(u32::MAX);
        (to_u32(line_index), to_u32(column))
    }
}

/// At most [`FOUND_MAX_CHARS`] characters of `s`, with `...` when cut.
fn excerpt(s: &str) -> String {
    match s.char_indices().nth(FOUND_MAX_CHARS) {
        Some((at, _)) => format!("{}...", &s[..at]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::BlockKind;

    fn parse(text: &str) -> Result<Release, ParseError> {
        parse_release(text.as_bytes(), "input/x.txt", &ParseConfig::default())
    }

    fn parse_ok(text: &str) -> Release {
        parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn block_texts(r: &Release) -> Vec<&str> {
        r.blocks.iter().map(|b| r.block_text(b)).collect()
    }

    #[test]
    fn parse_release_fills_every_field() {
        let text = "Annual Report\nMon Nov 18 10:26:00 PST 2024\nThe office released its report.";
        let r = parse_ok(text);
        assert_eq!(r.release_id, release::release_id("input/x.txt"));
        assert_eq!(r.source_file, "input/x.txt");
        assert_eq!(r.content_sha256, release::sha256_hex(text.as_bytes()));
        assert_eq!(r.content_sha256.len(), 64);
        assert_eq!(r.title, "Annual Report");
        assert_eq!(r.summary, None);
        let p = r.published.as_ref().expect("date");
        assert_eq!(p.utc().to_rfc3339(), "2024-11-18T18:26:00+00:00");
        assert!(p.has_time);
        assert_eq!(r.body, "The office released its report.");
        assert_eq!(r.blocks.len(), 1);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn parse_release_spaced_layout_without_summary() {
        // Shaped like a release with blank lines everywhere and a long first paragraph.
        let first = "Teachers, counselors and college partners from across the region gathered on \
                     Monday for a full day of workshops on widening access to college courses for \
                     high school students in every district.";
        assert!(first.chars().count() > header::SUMMARY_MAX_CHARS);
        let text = format!(
            "Region\u{2019}s Career Office Hosts Convening\n\nMon Jan 26 08:10:00 PST 2026\n\n{first}\n\nSecond paragraph here."
        );
        let r = parse_ok(&text);
        assert_eq!(r.title, "Region\u{2019}s Career Office Hosts Convening");
        assert_eq!(r.summary, None);
        assert_eq!(block_texts(&r), [first, "Second paragraph here."]);
        assert_eq!(
            r.published.expect("date").local.to_rfc3339(),
            "2026-01-26T08:10:00-08:00"
        );
    }

    #[test]
    fn parse_release_dense_layout_with_summary_and_lists() {
        // Shaped like a release with no blank lines, a dek, and numbered items whose
        // descriptions run into the next item's heading.
        let text = "Office Yearly Report Highlights\n\
                    Mon Nov 18 10:26:00 PST 2024\n\
                    Read the yearly report for highlights and plans for the years ahead.\n\
                    The office published its yearly report today.\n\
                    Achievements in the Report\n\
                    - 1. Growth of Family Centers\n\
                    The office grew its network of centers. - 2. Help for a District\n\
                    The district improved its finances.\n\
                    For more information, visit the website.";
        let r = parse_ok(text);
        assert_eq!(
            r.summary.as_deref(),
            Some("Read the yearly report for highlights and plans for the years ahead.")
        );
        assert_eq!(
            block_texts(&r),
            [
                "The office published its yearly report today.",
                "Achievements in the Report",
                "Growth of Family Centers",
                "The office grew its network of centers.",
                "Help for a District",
                "The district improved its finances.",
                "For more information, visit the website.",
            ]
        );
        assert_eq!(r.list_item_count(), 2);
        assert_eq!(
            r.blocks[2].kind,
            BlockKind::ListItem {
                marker: "1.".into()
            }
        );
        assert!(r.body.contains("\n\n- 2. Help for a District\n\n"));
        assert_eq!(&r.body[r.blocks[4].start..r.blocks[4].text_start], "- 2. ");
    }

    #[test]
    fn parse_release_handles_crlf_bom_trailing_spaces_and_no_final_newline() {
        let text = "\u{FEFF}Title  \r\n\r\nMon Jan 26 08:10:00 PST 2026   \r\n\r\n  First   paragraph\there.  ";
        let r = parse_ok(text);
        assert_eq!(r.title, "Title");
        assert_eq!(r.body, "First paragraph here.");
        assert!(r.published.is_some());
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn parse_release_reads_windows_1252_curly_quotes() {
        let bytes = b"The Office\x92s Plan\nJanuary 26, 2026\n\x93We are ready,\x94 she said.";
        let r = parse_release(bytes, "input/x.txt", &ParseConfig::default()).expect("release");
        assert_eq!(r.title, "The Office\u{2019}s Plan");
        assert_eq!(r.body, "\u{201C}We are ready,\u{201D} she said.");
        assert_eq!(
            r.warnings,
            [
                "not valid UTF-8; 3 byte(s) decoded as Windows-1252",
                "no time zone given; assumed America/Los_Angeles",
            ]
        );
        assert_eq!(r.published.as_ref().map(|p| p.has_time), Some(false));
    }

    #[test]
    fn parse_release_skips_banners() {
        let r = parse_ok(
            "Annual Report\nNEWS RELEASE\nFor Immediate Release\nJan. 26, 2026\nBody text.",
        );
        assert_eq!(r.title, "Annual Report");
        assert!(r.published.is_some());
        assert_eq!(r.body, "Body text.");
        let r = parse_ok("Press Release\n\nAnnual Report\n2026-01-26\nBody text.");
        assert_eq!(r.title, "Annual Report");
    }

    #[test]
    fn parse_release_without_a_date_warns() {
        let r = parse_ok("Annual Report\nThe office released its annual report on Monday.\nMore.");
        assert_eq!(r.published, None);
        assert_eq!(r.warnings, [NO_DATE_WARNING]);
        assert_eq!(r.paragraph_count(), 2);
    }

    #[test]
    fn parse_release_rejects_tomorrow_at_line_2_column_1() {
        let e = parse("Title\nTomorrow\nBody text.").expect_err("bad date");
        assert_eq!(e.kind, ErrorKind::Date);
        assert_eq!((e.line, e.column), (2, 1));
        assert_eq!(
            e.to_string(),
            "input/x.txt:2:1: expected a date like 'Mon Jan 26 08:10:00 PST 2026', found 'Tomorrow'"
        );
    }

    #[test]
    fn parse_release_locates_errors_in_the_original_file() {
        // BOM, CRLF, a blank line and leading spaces: the column counts original characters.
        let e = parse("\u{FEFF}Title\r\n\r\n   Tomorrow\r\nBody.").expect_err("bad date");
        assert_eq!((e.line, e.column, e.found.as_str()), (3, 4, "Tomorrow"));
    }

    #[test]
    fn parse_release_points_at_an_impossible_day() {
        let e = parse("Title\nMon Feb  30 08:10:00 PST 2026\nBody.").expect_err("bad date");
        assert_eq!(e.kind, ErrorKind::Date);
        assert_eq!((e.line, e.column), (2, 10));
        assert_eq!(
            e.message(),
            "expected a real calendar date in a date like 'Mon Jan 26 08:10:00 PST 2026', \
             found '30 08:10:00 PST 2026'"
        );
    }

    #[test]
    fn parse_release_names_the_failed_piece_of_a_committed_date() {
        let e = parse("Title\nDate: 2026-02-30\nBody.").expect_err("bad date");
        assert_eq!((e.line, e.column), (2, 7));
        assert_eq!(
            e.expected,
            "a real calendar date in a date like 'Mon Jan 26 08:10:00 PST 2026'"
        );
        assert_eq!(e.found, "2026-02-30");
    }

    #[test]
    fn parse_release_rejects_empty_and_binary_files() {
        let e = parse(" \r\n\t").expect_err("empty");
        assert_eq!((e.kind, e.line, e.column), (ErrorKind::Empty, 0, 0));
        let e = parse_release(b"Title\0\0\0", "input/x.txt", &ParseConfig::default())
            .expect_err("binary");
        assert_eq!(e.kind, ErrorKind::Binary);
        assert_eq!(e.found, "NUL bytes");
    }

    #[test]
    fn parse_release_rejects_a_banner_without_a_title() {
        let e = parse("NEWS RELEASE\n\n").expect_err("no title");
        assert_eq!((e.kind, e.line, e.column), (ErrorKind::Title, 3, 1));
    }

    #[test]
    fn parse_release_rejects_a_release_without_body() {
        let e = parse("Title\nMon Jan 26 08:10:00 PST 2026\n").expect_err("no body");
        assert_eq!((e.kind, e.line, e.column), (ErrorKind::NoBody, 3, 1));
        assert_eq!(
            e.to_string(),
            "input/x.txt:3:1: expected the body of the release, found the end of the file"
        );
    }

    #[test]
    fn parse_release_keeps_a_lone_line_after_the_date_as_body() {
        let r = parse_ok("Title\nJanuary 26, 2026\nA short line.");
        assert_eq!((r.summary, r.body.as_str()), (None, "A short line."));
    }

    #[test]
    fn parse_release_reads_lone_cr_line_endings() {
        let r = parse_ok("Title\rMon Jan 26 08:10:00 PST 2026\rA dek line.\rBody text.");
        assert_eq!(r.summary.as_deref(), Some("A dek line."));
        assert_eq!(r.body, "Body text.");
    }

    #[test]
    fn parse_release_splits_a_one_line_list() {
        let r = parse_ok("Title\nJan 26, 2026\n- 1. First item. - 2. Second item. - 3. Third one");
        assert_eq!(
            block_texts(&r),
            ["First item.", "Second item.", "Third one"]
        );
        assert_eq!(
            r.body,
            "- 1. First item.\n\n- 2. Second item.\n\n- 3. Third one"
        );
    }

    #[test]
    fn parse_release_reads_utf16_with_a_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Title\r\n2026-01-26\r\nBody \u{201C}text\u{201D}.".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let r = parse_release(&bytes, "input/x.txt", &ParseConfig::default()).expect("release");
        assert_eq!(r.body, "Body \u{201C}text\u{201D}.");
        assert_eq!(r.warnings[0], "decoded as UTF-16LE (byte order mark)");
    }

    #[test]
    fn parse_release_splits_100_000_items_in_linear_time() {
        let mut text = String::from("Title\nJan 1, 2026\n");
        for k in 0..100_000 {
            text.push_str(&format!("- {}. Item number {k}. ", k % 999 + 1));
        }
        let started = std::time::Instant::now();
        assert_eq!(parse_ok(&text).list_item_count(), 100_000);
        // About 2 s in a debug build; re-scanning the 2.4 MB line per item would take hours.
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(60), "took {took:?}");
    }

    #[test]
    fn parse_release_survives_pathological_inputs() {
        let nested = format!("Title\n{}x{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(parse_ok(&nested).warnings, [NO_DATE_WARNING]);
        // 20 MB on one line.
        let huge = format!("Title\nJan 1, 2026\n{}", "word ".repeat(4_000_000));
        assert_eq!(parse_ok(&huge).blocks.len(), 1);
        let hyphens = format!("Title\nJan 1, 2026\n- 1. a{}", " - x".repeat(200_000));
        assert_eq!(parse_ok(&hyphens).blocks.len(), 1);
        let e = parse_release(
            b"Title\nJan 1, 2026\n\0body",
            "input/x.txt",
            &ParseConfig::default(),
        )
        .expect_err("NUL");
        assert_eq!(e.kind, ErrorKind::Binary);
        for bytes in [
            &b""[..],
            b"\0",
            b"\xFF\xFE",
            b"\xFE\xFF\0",
            b"\r\r\r",
            b"-",
            b"- 1.",
            b"Title\n(\n",
            b"Title\n2026-\n",
            b"Title\n99/99/9999\nx",
            b"Title\nMon Jan 26 99:99:99 PST 2026\nx",
            b"Title\nJan 1, 2026 UTC+99\nx",
            b"\xEF\xBB\xBF\xEF\xBB\xBF",
            b"\xFF\xFE\x00\xD8",
        ] {
            // Any outcome but a panic.
            let _ = parse_release(bytes, "input/x.txt", &ParseConfig::default());
        }
    }
}
