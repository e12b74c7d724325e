//! Property tests (proptest) of the parser and the extractors, and the fuzz regression inputs.
//!
//! - `parse_release` never panics, on arbitrary bytes and on byte soups made of release pieces;
//! - the number recognizer's spans always slice its input;
//! - every row extracted from a release (programs, partners, outcomes, people) has character
//!   offsets that slice the body, and an outcome's `text` is exactly `body[start..end]`;
//! - a release written out in the input format (title, date line, summary, paragraphs and list
//!   items, in any layout: LF, CRLF or CR, blank lines or none, trailing spaces, a BOM) parses
//!   back to the same fields;
//! - every file in `tests/fuzz_regressions/` passes the checks of the fuzz targets.
//!
//! Case counts are kept small (64 to 256) so that `cargo test` stays fast; set `PROPTEST_CASES`
//! to run more. The shared checks are in `tests/support/invariants.rs`.

#[path = "support/invariants.rs"]
mod invariants;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use proptest::prelude::*;
use proptest::test_runner::Config;

use pressroom::parse::{ParseConfig, parse_release};
use pressroom::release::BlockKind;

/// Cases per property, unless `PROPTEST_CASES` says otherwise.
fn cases(n: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Generators

/// A made-up word of consonant-vowel syllables. Its letters (b g k l r v z, a i o u) can spell
/// no month, weekday, zone, date prefix or banner, so a generated line is never read as one.
fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            proptest::sample::select(&['b', 'g', 'k', 'l', 'r', 'v', 'z'][..]),
            proptest::sample::select(&['a', 'i', 'o', 'u'][..]),
        ),
        1..4,
    )
    .prop_map(|syllables| {
        syllables
            .into_iter()
            .flat_map(|(c, v)| [c, v])
            .collect::<String>()
    })
}

fn capitalized(w: String) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => w,
    }
}

/// A token of running text: a word, a capitalized word, a number, money, a percentage, a
/// non-ASCII word, or a word with punctuation after it.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => word(),
        2 => word().prop_map(capitalized),
        1 => (1u32..100_000).prop_map(|n| n.to_string()),
        1 => (1u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a},{b:03}")),
        1 => (1u32..100).prop_map(|n| format!("{n}%")),
        1 => (1u32..100, 0u32..10).prop_map(|(a, b)| format!("${a}.{b} million")),
        1 => proptest::sample::select(
            &["caf\u{e9}", "na\u{ef}ve", "\u{4e2d}\u{6587}", "\u{1F600}", "\u{201C}ok\u{201D}", "it\u{2019}s"][..]
        )
        .prop_map(str::to_string),
        1 => proptest::sample::select(
            &[
                "the Elm Unified School District",
                "the Pine Family Foundation",
                "Oak Valley College",
                "\u{201C}We read,\u{201D} said Dr. Ana Ruiz, director of the Kilo Program.",
                "the Bago Reading Initiative (BRI)",
                "more than",
                "nearly",
            ][..]
        )
        .prop_map(str::to_string),
        1 => (word(), proptest::sample::select(&[",", ".", ";", ":", "!", "?"][..]))
            .prop_map(|(w, p)| format!("{w}{p}")),
    ]
}

/// Words joined by single spaces, starting with a made-up word (so a line never starts with a
/// list marker, a quote or a dateline).
fn line_of(min: usize, max: usize) -> impl Strategy<Value = String> {
    (word(), proptest::collection::vec(token(), min..max)).prop_map(|(first, rest)| {
        let mut line = capitalized(first);
        for t in rest {
            line.push(' ');
            line.push_str(&t);
        }
        line
    })
}

/// A body block: a paragraph, or a numbered list item.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Paragraph(String),
    Item(u32, String),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => line_of(3, 40).prop_map(Piece::Paragraph),
        1 => (1u32..1000, line_of(0, 10)).prop_map(|(n, t)| Piece::Item(n, t)),
    ]
}

/// How a date is written.
#[derive(Debug, Clone, Copy)]
enum DateForm {
    /// `Mon Jan 26 08:10:00 PST 2026`, with the right weekday and zone abbreviation.
    Unix,
    /// `January 26, 2026`
    Written,
    /// `2026-01-26`
    Iso,
    /// `01/26/2026`
    Numeric,
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn date_line(date: NaiveDate, time: NaiveTime, form: DateForm) -> String {
    match form {
        DateForm::Unix => {
            // Standard time in winter, daylight time in summer (no warnings either way).
            let zone = if (4..=10).contains(&date.month()) {
                "PDT"
            } else {
                "PST"
            };
            format!(
                "{} {} {:>2} {:02}:{:02}:{:02} {zone} {}",
                date.format("%a"),
                &MONTH_NAMES[date.month0() as usize][..3],
                date.day(),
                time.hour(),
                time.minute(),
                time.second(),
                date.year()
            )
        }
        DateForm::Written => format!(
            "{} {}, {}",
            MONTH_NAMES[date.month0() as usize],
            date.day(),
            date.year()
        ),
        DateForm::Iso => date.format("%Y-%m-%d").to_string(),
        DateForm::Numeric => date.format("%m/%d/%Y").to_string(),
    }
}

/// The layout of a written release: how lines end and what surrounds them.
#[derive(Debug, Clone)]
struct Layout {
    line_end: &'static str,
    blank_lines: usize,
    trailing: &'static str,
    bom: bool,
    final_newline: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        proptest::sample::select(&["\n", "\r\n", "\r"][..]),
        0usize..3,
        proptest::sample::select(&["", " ", "\t ", "\u{a0}"][..]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(line_end, blank_lines, trailing, bom, final_newline)| Layout {
                line_end,
                blank_lines,
                trailing,
                bom,
                final_newline,
            },
        )
}

/// A release as its parts, before it is written out.
#[derive(Debug, Clone)]
struct Parts {
    title: String,
    date: Option<(NaiveDate, NaiveTime, DateForm)>,
    summary: Option<String>,
    pieces: Vec<Piece>,
}

fn parts() -> impl Strategy<Value = Parts> {
    let date = (
        (1950i32..=2100, 1u32..=12, 1u32..=28),
        (0u32..24, 0u32..60, 0u32..60),
        proptest::sample::select(
            &[
                DateForm::Unix,
                DateForm::Written,
                DateForm::Iso,
                DateForm::Numeric,
            ][..],
        ),
    )
        .prop_map(|((y, m, d), (h, mi, s), form)| {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("day <= 28");
            let time = match form {
                DateForm::Unix => NaiveTime::from_hms_opt(h, mi, s).expect("valid"),
                _ => NaiveTime::MIN,
            };
            (date, time, form)
        });
    (
        proptest::collection::vec(word().prop_map(capitalized), 2..8),
        proptest::option::weighted(0.9, date),
        proptest::option::of(line_of(2, 12)),
        line_of(40, 60),
        proptest::collection::vec(piece(), 0..6),
    )
        .prop_map(|(title, date, summary, first, more)| {
            // The first block is a long paragraph (over 160 characters, ending a sentence), so
            // without a summary it is never taken for one, nor for a failed date line.
            let mut pieces = vec![Piece::Paragraph(format!("{first}."))];
            pieces.extend(more);
            Parts {
                title: title.join(" "),
                summary: summary.filter(|s| s.chars().count() <= 160 && date.is_some()),
                date,
                pieces,
            }
        })
}

/// The release written in the input format with `layout`.
fn write_release(p: &Parts, l: &Layout) -> Vec<u8> {
    let mut lines: Vec<String> = vec![p.title.clone()];
    if let Some((date, time, form)) = p.date {
        lines.push(date_line(date, time, form));
    }
    if let Some(s) = &p.summary {
        lines.push(s.clone());
    }
    for piece in &p.pieces {
        lines.push(match piece {
            Piece::Paragraph(t) => t.clone(),
            Piece::Item(n, t) if t.is_empty() => format!("- {n}. Item"),
            Piece::Item(n, t) => format!("- {n}. {t}"),
        });
    }
    let mut out = String::new();
    if l.bom {
        out.push('\u{FEFF}');
    }
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            for _ in 0..=l.blank_lines {
                out.push_str(l.line_end);
            }
        }
        out.push_str(line);
        out.push_str(l.trailing);
    }
    if l.final_newline {
        out.push_str(l.line_end);
    }
    out.into_bytes()
}

/// Release-shaped byte soup: pieces of real syntax, names, numbers and junk bytes, so the
/// fuzz-like properties reach past the header.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"Annual Report\n".to_vec()),
        Just(b"Mon Jan 26 08:10:00 PST 2026\n".to_vec()),
        Just(b"January 26, 2026\n".to_vec()),
        Just(b"NEWS RELEASE\n".to_vec()),
        Just(b"- 1. ".to_vec()),
        Just(b" - 2. ".to_vec()),
        Just(b"\n\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"LOS ANGELES \xE2\x80\x94 ".to_vec()),
        Just("\u{201C}We did it,\u{201D} said Dr. Ana Ruiz, superintendent of the Elm Unified School District. ".as_bytes().to_vec()),
        Just(b"the Cedar Valley Reading Program (CVRP) ".to_vec()),
        Just(b"with the Pine Family Foundation and Oak College ".to_vec()),
        Just(b"more than 1,200 students, up 15% ".to_vec()),
        Just(b"$2.5 million ".to_vec()),
        Just(b"between 3 and 5 ".to_vec()),
        Just(b"(((".to_vec()),
        Just(b")".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\x92\x93\x94".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
        "[ -~\u{a0}-\u{24f}\u{2000}-\u{206f}]{0,12}".prop_map(String::into_bytes),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        invariants::check_parse(&bytes);
    }

    #[test]
    fn parse_never_panics_on_release_shaped_soup(bytes in soup()) {
        invariants::check_parse(&bytes);
    }

    #[test]
    fn number_spans_slice_the_text(text in "\\PC{0,80}") {
        invariants::check_numbers(&text, &pressroom::extract::numbers::recognize(&text));
    }

    #[test]
    fn number_spans_slice_number_shaped_text(
        text in "([0-9]{1,4}|[.,$%/:+-]|one|two|hundred|million|percent|between|and|to|more than|up to| ){0,20}"
    ) {
        invariants::check_numbers(&text, &pressroom::extract::numbers::recognize(&text));
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn extracted_offsets_slice_the_body_of_soup(bytes in soup()) {
        invariants::check_pipeline(&bytes);
    }

    #[test]
    fn extracted_offsets_slice_the_body_of_generated_releases(p in parts(), l in layout()) {
        invariants::check_pipeline(&write_release(&p, &l));
    }

    #[test]
    fn written_release_parses_back_to_the_same_fields(p in parts(), l in layout()) {
        let bytes = write_release(&p, &l);
        let r = parse_release(&bytes, "x.txt", &ParseConfig::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{:?}", String::from_utf8_lossy(&bytes))))?;
        invariants::check_release(&r);
        prop_assert_eq!(&r.title, &p.title);
        prop_assert_eq!(&r.summary, &p.summary);
        match p.date {
            Some((date, time, form)) => {
                let published = r.published.as_ref().expect("a date");
                prop_assert_eq!(published.local.naive_local(), date.and_time(time));
                prop_assert_eq!(published.has_time, matches!(form, DateForm::Unix));
                // The weekday is the date's; the zone may contradict old daylight-time rules.
                prop_assert!(!r.warnings.iter().any(|w| w.starts_with("weekday")), "{:?}", r.warnings);
            }
            None => prop_assert_eq!(&r.published, &None),
        }
        let got: Vec<Piece> = r
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Paragraph => Piece::Paragraph(r.block_text(b).to_string()),
                BlockKind::ListItem { marker } => Piece::Item(
                    marker.trim_end_matches('.').parse().expect("a number marker"),
                    r.block_text(b).to_string(),
                ),
            })
            .collect();
        let want: Vec<Piece> = p
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Item(n, t) if t.is_empty() => Piece::Item(*n, "Item".to_string()),
                other => other.clone(),
            })
            .collect();
        prop_assert_eq!(got, want);
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzz regressions

/// Every input the fuzzers once crashed on (`tests/fuzz_regressions/`) passes every check of
/// the fuzz targets: parse, the whole pipeline, and the number recognizer.
#[test]
fn fuzz_regressions_pass_every_check() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz_regressions/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    for path in &files {
        let bytes = std::fs::read(path).expect("a regression input");
        let outcome = std::panic::catch_unwind(|| invariants::check_all(&bytes));
        assert!(outcome.is_ok(), "{} fails a check", path.display());
    }
}

/// The generators reach every extractor: over a fixed sample, each table gets rows. Without
/// this, the offset properties could pass on releases that yield no rows at all.
#[test]
fn generators_reach_every_extractor() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut totals = [0usize; 4];
    for k in 0..64 {
        let bytes = if k % 2 == 0 {
            soup().new_tree(&mut runner).expect("a soup").current()
        } else {
            let p = parts().new_tree(&mut runner).expect("parts").current();
            let l = layout().new_tree(&mut runner).expect("a layout").current();
            write_release(&p, &l)
        };
        let fate = pressroom::pipeline::process_bytes(
            &bytes,
            "x.txt",
            &pressroom::pipeline::RunConfig::default(),
        );
        if let pressroom::pipeline::Fate::Release(boxed) = fate {
            let x = &boxed.1;
            for (total, n) in totals.iter_mut().zip([
                x.programs.len(),
                x.partners.len(),
                x.outcomes.len(),
                x.people.len(),
            ]) {
                *total += n;
            }
        }
    }
    assert!(
        totals.iter().all(|&n| n > 0),
        "programs, partners, outcomes, people: {totals:?}"
    );
}
