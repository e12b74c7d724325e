//! The header of a release: banner lines (`News release`), the title line, and the optional
//! one-line summary (dek) under the date; plus the rule that tells a line meant as a date
//! (`Tomorrow`) from the first line of a release that has no date. The date line itself is in
//! `date.rs`; the body in `body.rs`.

use nom::Parser;
use nom::combinator::{cut, peek, value, verify};
use nom::error::context;
use nom::multi::many0_count;
use nom::sequence::{delimited, terminated};

use super::body::starts_with_list_marker;
use super::date::has_date_cue;
use super::text::{blank_lines, line_end, line_text};
use super::trace::PResult;

/// Lines that say what kind of document this is rather than what it is about. Compared with
/// the whole line, case-insensitively, after trimming decoration (`:`, `*`, `|`, dashes).
pub(crate) const BANNERS: &[&str] = &[
    "for immediate release",
    "immediate release",
    "news release",
    "press release",
    "media release",
    "media advisory",
    "news advisory",
    "press advisory",
    "press statement",
    "news",
];

/// Longest summary, in characters. Deks are a sentence; first paragraphs usually run longer.
pub(crate) const SUMMARY_MAX_CHARS: usize = 160;

/// A line under the title that is not a date was meant as one when it does not end a sentence
/// and is short: at most this many words...
const DATE_ATTEMPT_MAX_WORDS: usize = 6;
/// ...and this many characters,
const DATE_ATTEMPT_MAX_CHARS: usize = 40;
/// or when it carries a date cue (month, weekday, `1/26`, `8:10`, `Posted`) and is at most this
/// many characters.
const DATE_CUE_MAX_CHARS: usize = 80;

/// Final words that end with a period without ending a sentence (`8 a.m.`, `Jan.`).
const ABBREVIATIONS: &[&str] = &[
    "a.m.", "p.m.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
    "oct.", "nov.", "dec.",
];

/// True when the line is a banner (see [`BANNERS`]).
pub(crate) fn is_banner(line: &str) -> bool {
    let core = line.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '*' | '|' | '-' | '\u{2013}' | '\u{2014}' | '.')
    });
    BANNERS.iter().any(|b| b.eq_ignore_ascii_case(core))
}

/// `News release\n`: one banner line.
fn banner_line(i: &str) -> PResult<'_, &str> {
    context(
        "banner",
        terminated(verify(line_text, |l: &str| is_banner(l)), line_end),
    )
    .parse(i)
}

/// Blank lines and banner lines, skipped.
pub(crate) fn banners(i: &str) -> PResult<'_, ()> {
    value((), (many0_count((blank_lines, banner_line)), blank_lines)).parse(i)
}

/// `Annual Report\n`: a non-empty line holding at least one letter or digit.
pub(crate) fn title_line(i: &str) -> PResult<'_, &str> {
    context(
        "title line",
        terminated(
            verify(line_text, |l: &str| l.chars().any(char::is_alphanumeric)),
            line_end,
        ),
    )
    .parse(i)
}

/// The title with the blank and banner lines above and below it. Once the leading banners are
/// skipped the next line can only be the title, so a missing one is a failure (cut).
pub(crate) fn title_block(i: &str) -> PResult<'_, &str> {
    context("title", delimited(banners, cut(title_line), banners)).parse(i)
}

/// True when the line opens with an all-caps place and a dash: a dateline that starts a news
/// story (`LOS ANGELES —`, `DOWNEY, Calif. –`, `SACRAMENTO, CA - `).
pub(crate) fn starts_with_dateline(line: &str) -> bool {
    // Only the first 80 characters can hold a dateline.
    let head = match line.char_indices().nth(80) {
        Some((at, _)) => &line[..at],
        None => line,
    };
    let dash = ["\u{2014}", "\u{2013}", " - ", " -- "]
        .iter()
        .filter_map(|d| head.find(d))
        .min();
    let Some(dash) = dash else { return false };
    let place = head[..dash]
        .split([',', '('])
        .next()
        .unwrap_or_default()
        .trim();
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && place
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-' | '\u{2019}'))
}

/// The summary rule: a single line of at most [`SUMMARY_MAX_CHARS`] characters that is not a
/// list item, does not open with a dateline (`LOS ANGELES —`, which starts a story) or a
/// quotation mark (a quote is body), and holds a letter. The caller also requires another body
/// line after it. Anything else starts the body.
pub(crate) fn is_summary_line(line: &str) -> bool {
    !line.is_empty()
        && line.chars().nth(SUMMARY_MAX_CHARS).is_none()
        && line.chars().any(char::is_alphabetic)
        && !starts_with_list_marker(line)
        && !starts_with_dateline(line)
        && !line.starts_with(['"', '\u{201C}', '\''])
}

/// A non-empty line ahead, after any blank lines (not consumed).
fn body_line_ahead(i: &str) -> PResult<'_, ()> {
    value(
        (),
        peek((blank_lines, verify(line_text, |l: &str| !l.is_empty()))),
    )
    .parse(i)
}

/// The optional one-line summary under the date, consumed with its line break when
/// [`is_summary_line`] holds and another body line follows.
pub(crate) fn summary(i: &str) -> PResult<'_, &str> {
    context(
        "summary",
        terminated(
            verify(line_text, |l: &str| is_summary_line(l)),
            (line_end, body_line_ahead),
        ),
    )
    .parse(i)
}

/// True when a line ends a sentence (`.`, `!`, `?`, `:`, a closing quote), not counting a final
/// abbreviation such as `a.m.` or `Jan.`.
fn ends_sentence(line: &str) -> bool {
    let last_word = line.rsplit(' ').next().unwrap_or_default();
    if ABBREVIATIONS
        .iter()
        .any(|a| a.eq_ignore_ascii_case(last_word))
    {
        return false;
    }
    line.ends_with(['.', '!', '?', ':', '"', '\u{201D}'])
}

/// The no-date rule. The first line under the title (banners skipped) that does not parse as a
/// date was meant as one — so the release is rejected — when it is not a list item, does not
/// end a sentence, and is either short (at most 6 words and 40 characters: `Tomorrow`,
/// `Mon Jan 32 08:10 PST 2026`) or carries a date cue within 80 characters
/// (`Posted sometime in January`). Otherwise it starts the body of a release without a date.
pub(crate) fn looks_like_date_attempt(line: &str) -> bool {
    if line.is_empty() || starts_with_list_marker(line) || ends_sentence(line) {
        return false;
    }
    let chars = line.chars().take(DATE_CUE_MAX_CHARS + 1).count();
    let short = chars <= DATE_ATTEMPT_MAX_CHARS
        && line.split(' ').take(DATE_ATTEMPT_MAX_WORDS + 1).count() <= DATE_ATTEMPT_MAX_WORDS;
    short || (chars <= DATE_CUE_MAX_CHARS && has_date_cue(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_line_leaves_the_date() {
        assert_eq!(
            title_line("Annual Report\nMon Nov 18"),
            Ok(("Mon Nov 18", "Annual Report"))
        );
    }

    #[test]
    fn title_line_rejects_a_line_without_letters() {
        assert!(title_line("----\nx").is_err());
        assert!(title_line("").is_err());
    }

    #[test]
    fn title_block_skips_banners_below_the_title() {
        assert_eq!(
            title_block("Annual Report\nNEWS RELEASE\n\nMon Nov 18"),
            Ok(("Mon Nov 18", "Annual Report"))
        );
    }

    #[test]
    fn title_block_skips_banners_above_the_title() {
        assert_eq!(
            title_block("\nPress Release:\nFor Immediate Release\nAnnual Report\nJan 1, 2026"),
            Ok(("Jan 1, 2026", "Annual Report"))
        );
    }

    #[test]
    fn title_block_fails_without_a_title() {
        let Err(nom::Err::Failure(e)) = title_block("News release\n\n") else {
            panic!("expected a failure");
        };
        assert_eq!(e.input, "");
    }

    #[test]
    fn banner_line_takes_one_banner_and_its_break() {
        assert_eq!(
            banner_line("NEWS RELEASE:\nTitle"),
            Ok(("Title", "NEWS RELEASE:"))
        );
        assert_eq!(
            banner_line("**Media Advisory**"),
            Ok(("", "**Media Advisory**"))
        );
        assert!(banner_line("News from the board\n").is_err());
    }

    #[test]
    fn banners_skip_only_whole_banner_lines() {
        assert_eq!(
            banners("Media Advisory\nNews about schools"),
            Ok(("News about schools", ()))
        );
        assert_eq!(banners("Newsroom\n"), Ok(("Newsroom\n", ())));
    }

    #[test]
    fn summary_takes_a_short_dek_followed_by_body() {
        let text = "See the yearly report for highlights and plans ahead.\nThe office released its report.";
        assert_eq!(
            summary(text),
            Ok((
                "The office released its report.",
                "See the yearly report for highlights and plans ahead."
            ))
        );
    }

    #[test]
    fn summary_refuses_a_long_first_paragraph() {
        let long = format!(
            "{} came together on Monday.\nMore.",
            "Teachers and partners".repeat(8)
        );
        assert!(summary(&long).is_err());
    }

    #[test]
    fn summary_refuses_the_only_line() {
        assert!(summary("Just one short line.\n\n").is_err());
    }

    #[test]
    fn summary_refuses_datelines_list_items_and_quotes() {
        assert!(summary("LOS ANGELES \u{2014} The board met.\nMore.").is_err());
        assert!(summary("DOWNEY, Calif. \u{2013} The board met.\nMore.").is_err());
        assert!(summary("- 1. First item\nMore.").is_err());
        assert!(summary("\u{201C}We did it,\u{201D} she said.\nMore.").is_err());
    }

    #[test]
    fn starts_with_dateline_needs_caps_and_a_dash() {
        assert!(starts_with_dateline("SACRAMENTO, CA - The state"));
        assert!(!starts_with_dateline("Los Angeles \u{2014} the county"));
        assert!(!starts_with_dateline("No dash here at all"));
    }

    #[test]
    fn looks_like_date_attempt_flags_short_lines_and_date_cues() {
        assert!(looks_like_date_attempt("Tomorrow"));
        assert!(looks_like_date_attempt("Mon Jan 32 08:10:00 PST 2026"));
        assert!(looks_like_date_attempt(
            "Posted sometime in the middle of January this year"
        ));
        assert!(looks_like_date_attempt("Event at 8 a.m."));
    }

    #[test]
    fn looks_like_date_attempt_lets_prose_start_the_body() {
        assert!(!looks_like_date_attempt("The county opened a new school."));
        assert!(!looks_like_date_attempt(
            "Educators from across the region met in January to plan new pathways for students"
        ));
        assert!(!looks_like_date_attempt("Highlights include:"));
        assert!(!looks_like_date_attempt("- 1. First item"));
        assert!(!looks_like_date_attempt(""));
    }
}
