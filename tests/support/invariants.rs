//! Invariants shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`, included with `#[path]`),
//! the fuzz regression test and the property tests (`tests/properties.rs`). Each check panics
//! with a message naming the broken rule, so a fuzzer reports it as a crash and a test fails.
//!
//! What is checked: a parsed release's blocks lie inside its body on character boundaries; every
//! number match slices its text; every extracted row's character offsets slice the body, an
//! outcome's `text` is exactly `body[start..end]`, and a row's evidence `sentence` is in the body
//! and holds its span; a date's `published_local`, written in RFC 3339, names the same instant
//! as `published_at`; no input ever becomes an `internal` reject (a caught panic).

#![allow(dead_code)] // each includer uses a different subset

use pressroom::error::ErrorKind;
use pressroom::extract::Extracted;
use pressroom::extract::numbers::NumberMatch;
use pressroom::parse::{ParseConfig, parse_release};
use pressroom::pipeline::{self, Fate, RunConfig};
use pressroom::release::Release;

/// Name given to fuzzed inputs.
pub const SOURCE: &str = "fuzz/input.txt";

/// Byte offset of character offset `at` in `text`, or `None` past the end.
pub fn byte_of_char(text: &str, at: usize) -> Option<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .nth(at)
}

/// `text[start..end]` in characters; panics naming `what` when the span does not fit.
pub fn char_slice<'a>(text: &'a str, start: usize, end: usize, what: &str) -> &'a str {
    assert!(start <= end, "{what}: start {start} > end {end}");
    let chars = text.chars().count();
    assert!(
        end <= chars,
        "{what}: end {end} past the body ({chars} chars)"
    );
    let b0 = byte_of_char(text, start).expect("start is inside");
    let b1 = byte_of_char(text, end).expect("end is inside");
    &text[b0..b1]
}

/// A parsed release is well formed: title and body present, blocks in order on char
/// boundaries, the body is the blocks joined by blank lines.
pub fn check_release(r: &Release) {
    assert!(!r.title.is_empty(), "empty title");
    assert!(!r.title.contains('\n'), "title spans lines: {:?}", r.title);
    assert!(!r.body.is_empty(), "empty body");
    assert!(!r.blocks.is_empty(), "no blocks");
    assert_eq!(r.release_id.len(), 16, "release_id length");
    assert_eq!(r.content_sha256.len(), 64, "content_sha256 length");
    if let Some(s) = &r.summary {
        assert!(!s.is_empty() && !s.contains('\n'), "bad summary {s:?}");
    }
    let mut previous_end = 0;
    for (k, b) in r.blocks.iter().enumerate() {
        assert!(
            b.start <= b.text_start && b.text_start <= b.end && b.end <= r.body.len(),
            "block {k} out of order: {b:?} in a body of {} bytes",
            r.body.len()
        );
        for at in [b.start, b.text_start, b.end] {
            assert!(
                r.body.is_char_boundary(at),
                "block {k} offset {at} not on a char boundary"
            );
        }
        let gap = if k == 0 { "" } else { "\n\n" };
        assert_eq!(
            &r.body[previous_end..b.start],
            gap,
            "block {k} is not separated by a blank line"
        );
        assert!(!r.block_text(b).is_empty(), "block {k} has no text: {b:?}");
        previous_end = b.end;
    }
    assert_eq!(previous_end, r.body.len(), "text after the last block");
    if let Some(p) = &r.published {
        // published_local is written in RFC 3339: it must name the same instant as
        // published_at, and the UTC year must have four digits.
        let written = p.local.to_rfc3339();
        let back = chrono::DateTime::parse_from_rfc3339(&written)
            .unwrap_or_else(|e| panic!("published_local {written} does not parse back: {e}"));
        assert_eq!(
            back, p.local,
            "published_local {written} is another instant"
        );
        assert!(
            (0..=9999).contains(&chrono::Datelike::year(&p.utc())),
            "published_at {} has no four-digit year",
            p.utc()
        );
    }
}

/// Every match slices `text` exactly, with `start <= end`, sorted by (start, end).
pub fn check_numbers(text: &str, found: &[NumberMatch]) {
    for m in found {
        assert!(m.start <= m.end, "match {m:?}: start > end");
        assert_eq!(
            text.get(m.start..m.end),
            Some(m.text.as_str()),
            "match {m:?} does not slice the text"
        );
        for v in [m.value, m.min, m.max].into_iter().flatten() {
            assert!(!v.is_nan(), "match {m:?} has a NaN value");
        }
    }
    assert!(
        found
            .windows(2)
            .all(|w| (w[0].start, w[0].end) <= (w[1].start, w[1].end)),
        "matches are not sorted"
    );
}

/// The evidence sentence of a row is a piece of the body holding the row's span.
fn check_sentence(body: &str, sentence: &str, span: &str, what: &str) {
    assert!(
        body.contains(sentence),
        "{what}: sentence {sentence:?} is not in the body"
    );
    assert!(
        sentence.contains(span),
        "{what}: sentence {sentence:?} does not hold {span:?}"
    );
}

/// Every row's character offsets slice the body; an outcome's text is exactly its span; the
/// evidence sentence is in the body and holds the span.
pub fn check_extracted(r: &Release, x: &Extracted) {
    let body = r.body.as_str();
    for p in &x.programs {
        let span = char_slice(body, p.start, p.end, "program");
        assert!(!span.is_empty(), "program {:?}: empty span", p.name);
        check_sentence(body, &p.sentence, span, "program");
        assert_eq!(p.release_id, r.release_id);
    }
    for p in &x.partners {
        let span = char_slice(body, p.start, p.end, "partner");
        assert!(!span.is_empty(), "partner {:?}: empty span", p.name);
        check_sentence(body, &p.sentence, span, "partner");
        assert_eq!(p.release_id, r.release_id);
    }
    for (k, o) in x.outcomes.iter().enumerate() {
        let span = char_slice(body, o.start, o.end, "outcome");
        assert_eq!(
            span, o.text,
            "outcome {k}: body[start..end] is not its text"
        );
        check_sentence(body, &o.sentence, span, "outcome");
        assert_eq!(o.outcome_index, k, "outcome_index");
        for v in [o.value, o.value_min, o.value_max].into_iter().flatten() {
            assert!(v.is_finite(), "outcome {k}: value {v} is not finite");
        }
    }
    for (k, p) in x.people.iter().enumerate() {
        char_slice(body, p.start, p.end, "person");
        assert_eq!(p.person_index, k, "person_index");
        assert!(!p.name.is_empty(), "person {k}: empty name");
    }
}

/// Parses `bytes`; a release must be well formed. Returns it when the bytes parse.
pub fn check_parse(bytes: &[u8]) -> Option<Release> {
    let release = parse_release(bytes, SOURCE, &ParseConfig::default()).ok()?;
    check_release(&release);
    Some(release)
}

/// Runs the whole middle (parse and extract) on `bytes`: never an internal reject, every row
/// inside the body.
pub fn check_pipeline(bytes: &[u8]) {
    match pipeline::process_bytes(bytes, SOURCE, &RunConfig::default()) {
        Fate::Release(boxed) => {
            let (release, extracted) = &*boxed;
            check_release(release);
            check_extracted(release, extracted);
        }
        Fate::Reject(reject) => {
            assert_ne!(
                reject.error_kind,
                ErrorKind::Internal,
                "internal error: {}",
                reject.message
            );
            assert_eq!(reject.source_file, SOURCE);
            assert!(!reject.message.is_empty(), "reject without a message");
        }
    }
}

/// Every check on one input: parse, pipeline, and the number recognizer on its text (when it
/// is UTF-8) and on each body line.
pub fn check_all(bytes: &[u8]) {
    check_parse(bytes);
    check_pipeline(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        check_numbers(text, &pressroom::extract::numbers::recognize(text));
    }
}
