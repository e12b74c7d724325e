//! English number recognizer: finds numbers, percentages, money amounts, ranges and ordinals in
//! running text and gives their values, written in digits ("1,250", "3.5", ".08", "10k"), words
//! ("two million", "one hundred and six", "a dozen", "two thirds") or both ("2.5 billion").
//!
//! [`recognize`] returns every match with its exact span (byte offsets). Matches may overlap in
//! one way only: a range ("more than 30", "between 3 and 5", "up to 700") is reported together
//! with the quantities inside it. A money amount or a percentage is one match; the bare number
//! inside it is not repeated. Ordinals ("first", "33rd", "twenty-first") are kind ordinal,
//! never number; a number followed by a measure unit ("10 miles") carries the unit name.
//!
//! What it leaves to others: deciding which numbers are outcomes (years, dates, list numbers,
//! phone numbers are still numbers here, except where their shape rules them out: times, dotted
//! versions, "5/17/2018", "K-12", phone-like "222-2222" are not ranges), and what is counted.
//!
//! The recognizer is rule based: the tables are in [`tables`]; `lex` tokenizes, `words` reads
//! number phrases, `quantity` adds signs, percent, money and units, `ranges` finds ranges. The
//! work is linear in the text (each start token reads a bounded phrase) and it never panics,
//! whatever the input.

mod lex;
mod quantity;
mod ranges;
pub mod tables;
mod words;

use super::offsets::CharOffsets;

/// What a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// A count or amount, maybe with a measure unit.
    Number,
    /// A percentage; `value` is in percent points.
    Percent,
    /// A money amount; `value` is in the named unit.
    Money,
    /// A range; `min`/`max` hold the bounds.
    Range,
    /// A rank ("21st", "twenty-first").
    Ordinal,
}

/// One number found in a text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NumberMatch {
    /// The exact span of the input.
    pub text: String,
    /// What it is.
    pub kind: NumberKind,
    /// The value of a number, percent, money amount or ordinal; `None` for a range.
    pub value: Option<f64>,
    /// Lower bound of a range (`None` = open).
    pub min: Option<f64>,
    /// Upper bound of a range (`None` = open).
    pub max: Option<f64>,
    /// "%" for a percent; for money "USD" for "$" or dollars, else an ISO code or a unit name
    /// ("Cent", "Pence", "Franc"); for a number with a measure unit the unit name ("Mile");
    /// else `None`.
    pub unit: Option<String>,
    /// Byte offset of the span in the input.
    pub start: usize,
    /// Byte offset just past the span.
    pub end: usize,
}

/// Finds the numbers of `text`, sorted by (start, end).
///
/// ```
/// use pressroom::extract::numbers::{recognize, NumberKind};
/// let found = recognize("more than 30 students and $2.5 million");
/// assert_eq!(found[0].kind, NumberKind::Range);
/// assert_eq!(found[0].min, Some(30.0));
/// assert_eq!(found[2].value, Some(2_500_000.0));
/// ```
pub fn recognize(text: &str) -> Vec<NumberMatch> {
    recognize_spans(text)
        .into_iter()
        .map(|m| NumberMatch {
            text: m.text.to_string(),
            kind: m.kind,
            value: m.value,
            min: m.min,
            max: m.max,
            unit: m.unit.map(str::to_string),
            start: m.start,
            end: m.end,
        })
        .collect()
}

/// One number found in a text, borrowing its span: what [`recognize`] gives, without a copy
/// of the text or the unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumberSpan<'a> {
    /// The exact span of the input.
    pub text: &'a str,
    /// What it is.
    pub kind: NumberKind,
    /// As [`NumberMatch::value`].
    pub value: Option<f64>,
    /// As [`NumberMatch::min`].
    pub min: Option<f64>,
    /// As [`NumberMatch::max`].
    pub max: Option<f64>,
    /// As [`NumberMatch::unit`].
    pub unit: Option<&'static str>,
    /// Byte offset of the span in the input.
    pub start: usize,
    /// Byte offset just past the span.
    pub end: usize,
}

/// [`recognize`] with borrowed spans: the same matches in the same order.
pub(crate) fn recognize_spans(text: &str) -> Vec<NumberSpan<'_>> {
    if !lex::may_hold_number(text) {
        return Vec::new();
    }
    let toks = lex::tokenize(text);
    let cx = words::Cx { text, toks: &toks };
    let items = quantity::scan(&cx);
    if items.is_empty() {
        // Every range has a quantity at one end.
        return Vec::new();
    }
    let found_ranges = ranges::find(&cx, &items);
    let span = |t0: usize, t1: usize| (toks[t0].start, toks[t1 - 1].end);
    let mut out = Vec::with_capacity(items.len() + found_ranges.len());
    for it in &items {
        let (start, end) = span(it.t0, it.t1);
        out.push(NumberSpan {
            text: &text[start..end],
            kind: it.kind,
            value: Some(it.value),
            min: None,
            max: None,
            unit: it.unit,
            start,
            end,
        });
    }
    for r in &found_ranges {
        let (start, end) = span(r.t0, r.t1);
        out.push(NumberSpan {
            text: &text[start..end],
            kind: NumberKind::Range,
            value: None,
            min: r.min,
            max: r.max,
            unit: None,
            start,
            end,
        });
    }
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    out
}

/// One match as the `pressroom numbers` command prints it (character offsets).
#[derive(serde::Serialize)]
struct JsonMatch<'a> {
    text: &'a str,
    kind: NumberKind,
    value: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    unit: Option<&'a str>,
    start: usize,
    end: usize,
}

/// The matches of `text` as one JSON list, as the `pressroom numbers` command prints it:
/// `{text, kind, value, min, max, unit, start, end}` with `start`/`end` in characters.
pub fn to_json_line(text: &str, matches: &[NumberMatch]) -> String {
    let offsets = CharOffsets::new(text);
    let rows: Vec<JsonMatch> = matches
        .iter()
        .map(|m| JsonMatch {
            text: &m.text,
            kind: m.kind,
            value: m.value,
            min: m.min,
            max: m.max,
            unit: m.unit.as_deref(),
            start: offsets.char_at(m.start),
            end: offsets.char_at(m.end),
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, kind, value) of every match that is not a range.
    fn values(text: &str) -> Vec<(String, NumberKind, f64)> {
        recognize(text)
            .into_iter()
            .filter(|m| m.kind != NumberKind::Range)
            .map(|m| (m.text, m.kind, m.value.unwrap_or(f64::NAN)))
            .collect()
    }

    fn one(text: &str) -> (String, NumberKind, f64) {
        let v = values(text);
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v.into_iter().next().expect("one match")
    }

    fn ranges(text: &str) -> Vec<(String, Option<f64>, Option<f64>)> {
        recognize(text)
            .into_iter()
            .filter(|m| m.kind == NumberKind::Range)
            .map(|m| (m.text, m.min, m.max))
            .collect()
    }

    fn money(text: &str) -> Vec<(String, f64, String)> {
        recognize(text)
            .into_iter()
            .filter(|m| m.kind == NumberKind::Money)
            .map(|m| {
                (
                    m.text,
                    m.value.unwrap_or(f64::NAN),
                    m.unit.unwrap_or_default(),
                )
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn recognize_reads_digits() {
        assert_eq!(one("It cost 1,250 in all").2, 1250.0);
        assert_eq!(one("3.5").2, 3.5);
        assert_eq!(one(".08").2, 0.08);
        assert_eq!(one("192.").0, "192");
        assert_eq!(one("1 234 567").2, 1_234_567.0);
        assert_eq!(one("There are 12,567 words").2, 12_567.0);
        let list: Vec<f64> = values("Exercises 22,24,26,31.")
            .iter()
            .map(|v| v.2)
            .collect();
        assert_eq!(list, [22.0, 24.0, 26.0, 31.0]);
    }

    #[test]
    fn recognize_reads_digit_multipliers() {
        assert_eq!(one("10k").2, 10_000.0);
        assert_eq!(one("1.2b").2, 1.2e9);
        assert_eq!(one("I can give you 10M.").2, 1e7);
        assert_eq!(one("3 million").2, 3e6);
        assert_eq!(one("2.5 billion").2, 2.5e9);
        assert_eq!(one("either 10 bln").2, 1e10);
        assert_eq!(money("$5B")[0].1, 5e9);
        assert!(values("Suite 200B and 5G phones").is_empty());
    }

    #[test]
    fn recognize_reads_number_words() {
        assert_eq!(one("two million").2, 2e6);
        assert_eq!(one("seventy-five").2, 75.0);
        assert_eq!(one("one hundred and six").2, 106.0);
        assert_eq!(one("a dozen").2, 12.0);
        assert_eq!(one("Twenty-six people").0, "Twenty-six");
        assert_eq!(one("half a dozen").2, 6.0);
    }

    #[test]
    fn recognize_reads_fractions() {
        assert_eq!(one("half").2, 0.5);
        assert_eq!(one("one-third").2, 1.0 / 3.0);
        assert!(close(one("two thirds").2, 2.0 / 3.0));
        assert_eq!(one("a trillionth").2, 1e-12);
        assert_eq!(one("3/4").2, 0.75);
        assert_eq!(one("10 1/2").2, 10.5);
        assert_eq!(one("the result is ⅔").2, 2.0 / 3.0);
        assert!(close(one("one over three").2, 1.0 / 3.0));
        assert_eq!(one("one in five students").2, 0.2);
        assert!(close(one(" two thirds of a million").2, 2e6 / 3.0));
    }

    #[test]
    fn recognize_finds_nothing_where_no_number_may_be() {
        let mut texts: Vec<String> = [
            "",
            "a an and point minus negative A An AND",
            "The plan, an idea and a point: minus the rest.",
            "Un café à l’école, naïve élan—a “point”.",
            "www.example.org and mailto:jane@example.org",
            "one",
            "a dozen",
            "half",
            "a third",
            "twenty-first",
            "thousands",
            "½",
            "⅔ cup",
            "x1",
            "H1N1",
            ".5",
            "1st",
            "a hundred",
            "an eighth",
            "dozens of",
            "Seventy",
            "élan-one",
            "oneé",
            "tens",
            "quarters",
        ]
        .map(str::to_string)
        .to_vec();
        for &(w, _) in tables::CARDINALS
            .iter()
            .chain(tables::TENS)
            .chain(tables::SCALES)
            .chain(tables::SCALE_PLURALS)
            .chain(tables::ORDINALS)
        {
            texts.push(format!("a {w} of them"));
            texts.push(format!("an {}s", w.to_uppercase()));
        }
        for &(w, _, _) in tables::FRACTION_NOUNS {
            texts.push(format!("a {w}"));
        }
        for w in tables::DOZENS {
            texts.push(format!("a {w} eggs"));
        }
        for text in &texts {
            assert!(
                lex::may_hold_number(text) || recognize(text).is_empty(),
                "{text}"
            );
        }
        assert!(!lex::may_hold_number(
            "a an and point minus negative A An AND"
        ));
        assert!(!lex::may_hold_number(
            "The plan, an idea and a point: minus the rest."
        ));
        assert!(lex::may_hold_number("a dozen"));
        assert!(lex::may_hold_number("⅔ cup"));
    }

    #[test]
    fn recognize_never_reads_articles_or_pronouns_as_numbers() {
        assert!(recognize("a").is_empty());
        assert!(recognize("an").is_empty());
        assert!(values("Which one do you prefer?").is_empty());
        assert!(values("The one you mentioned").is_empty());
        assert_eq!(one("Let's try one last time").2, 1.0);
    }

    #[test]
    fn recognize_reads_negatives() {
        assert_eq!(one(" -9.2321312").2, -9.2321312);
        assert_eq!(one("-4/5").2, -0.8);
        assert_eq!(one("The answer is minus one").2, -1.0);
        assert_eq!(one("negative one over 20").2, -0.05);
        // A dash after a number or a spaced bullet dash is not a sign.
        assert_eq!(
            values("1995-01").iter().map(|v| v.2).collect::<Vec<_>>(),
            [1995.0, 1.0]
        );
        assert_eq!(one("- 5 students").2, 5.0);
    }

    #[test]
    fn recognize_reads_percentages() {
        for text in ["80%", "80 %", "80 percent", "80 per cent", "eighty percent"] {
            let m = recognize(text);
            assert_eq!(m.len(), 1, "{text}");
            assert_eq!(m[0].kind, NumberKind::Percent);
            assert_eq!(m[0].value, Some(80.0));
            assert_eq!(m[0].unit.as_deref(), Some("%"));
        }
        assert_eq!(one("minus five percent").2, -5.0);
        assert!(recognize("see https://x.org/?q=30%25%2020%").is_empty());
    }

    #[test]
    fn recognize_reads_money() {
        assert_eq!(
            money("$2.5 million"),
            [("$2.5 million".into(), 2.5e6, "USD".into())]
        );
        assert_eq!(money("$750M")[0].1, 7.5e8);
        assert_eq!(money("$300,000")[0].1, 300_000.0);
        assert_eq!(
            money("50 cents")[0],
            ("50 cents".into(), 50.0, "Cent".into())
        );
        assert_eq!(money("€20")[0].2, "EUR");
        assert_eq!(money("£5")[0].2, "GBP");
        assert_eq!(money("USD 200")[0].1, 200.0);
        assert_eq!(money("125 million australian dollars")[0].2, "AUD");
        assert_eq!(money("c $ 16.4 million")[0].2, "CAD");
        assert_eq!(money("it only cost 3 dollars 50 cents.")[0].1, 3.5);
        assert_eq!(money("thirteen dollars forty-five")[0].1, 13.45);
        assert_eq!(money("30 MUSD")[0].1, 3e7);
        // The bare number inside money is not repeated.
        assert_eq!(recognize("$20").len(), 1);
    }

    #[test]
    fn recognize_keeps_counts_after_money_and_words_that_look_like_codes() {
        assert_eq!(money("$500 and 20 students")[0].1, 500.0);
        assert_eq!(values("$500 and 20 students")[1].2, 20.0);
        assert!(money("All 70 of us").is_empty());
        assert!(money("He lost his pen 7 times").is_empty());
        assert_eq!(money("10 $ 30 $").len(), 2);
    }

    #[test]
    fn recognize_reads_measure_units() {
        let m = recognize("a 10-gallon cooler and 660 square meters");
        assert_eq!(m[0].unit.as_deref(), Some("Gallon"));
        assert_eq!(m[1].unit.as_deref(), Some("Square meter"));
        assert_eq!(
            recognize("he is 5 ft 2 in")[0].value,
            Some(5.0 + 2.0 / 12.0)
        );
        assert_eq!(
            recognize("drop 25 pounds")[0].unit.as_deref(),
            Some("Pound")
        );
        assert!(recognize("at 6pm and 2:00 pm").is_empty());
    }

    #[test]
    fn recognize_reads_one_sided_ranges() {
        assert_eq!(
            ranges("more than 30 students"),
            [("more than 30".into(), Some(30.0), None)]
        );
        assert_eq!(
            ranges("cut up to 700 jobs"),
            [("up to 700".into(), None, Some(700.0))]
        );
        assert_eq!(
            ranges("at least 5"),
            [("at least 5".into(), Some(5.0), None)]
        );
        assert_eq!(
            ranges("five hundred or more"),
            [("five hundred or more".into(), Some(500.0), None)]
        );
        assert_eq!(
            ranges("ages 65 and over"),
            [("65 and over".into(), Some(65.0), None)]
        );
        assert_eq!(ranges("more than half of them")[0].1, Some(0.5));
        assert_eq!(ranges("500+ volunteers")[0].1, Some(500.0));
        // The numbers inside stay.
        assert_eq!(one("more than 30").2, 30.0);
    }

    #[test]
    fn recognize_reads_two_sided_ranges() {
        assert_eq!(
            ranges("between 3 and 5"),
            [("between 3 and 5".into(), Some(3.0), Some(5.0))]
        );
        assert_eq!(ranges("grades 3-5")[0].1, Some(3.0));
        assert_eq!(ranges("from 200 to 300 people")[0].2, Some(300.0));
        assert_eq!(ranges("between 2 and 3 million")[0].1, Some(2e6));
        assert_eq!(
            ranges("more than 10 and less than 40"),
            [(
                "more than 10 and less than 40".into(),
                Some(10.0),
                Some(40.0)
            )]
        );
        assert_eq!(ranges("More than 40 and less than 10").len(), 2);
        assert_eq!(
            ranges("between the tenth and the fifteenth")[0].2,
            Some(15.0)
        );
    }

    #[test]
    fn recognize_rejects_dates_phones_and_codes_as_ranges() {
        for text in [
            "1995-01",
            "+1-222-2222-2222",
            "call 922-6111",
            "the 2023-24 year",
            "K-12",
        ] {
            assert!(ranges(text).is_empty(), "{text}: {:?}", ranges(text));
        }
        assert!(values("K-12 and COVID-19").is_empty());
    }

    #[test]
    fn recognize_reads_ordinals() {
        assert_eq!(
            one("the 33rd year"),
            ("33rd".into(), NumberKind::Ordinal, 33.0)
        );
        assert_eq!(one("first").1, NumberKind::Ordinal);
        assert_eq!(one("twenty-first").2, 21.0);
        assert_eq!(one("a third grade class").1, NumberKind::Ordinal);
        assert_eq!(one("Book a first class seat").0, "first");
        assert_eq!(values("the first two books").len(), 2);
    }

    #[test]
    fn recognize_survives_junk() {
        let parens = "(".repeat(5000);
        assert!(recognize(&parens).is_empty());
        let digits = "9".repeat(5000);
        let _ = recognize(&digits);
        let _ = recognize(&format!("{digits}.{digits}"));
        let words = "one and ".repeat(2000);
        assert!(!recognize(&words).is_empty());
        for text in [
            "",
            " ",
            "-",
            "$",
            "$$$ %%% ---",
            "é中文😀 ١٢٣ ½½½",
            "1,,,2...3///4:::5",
            "- - - 1 -",
            "a a a a an an",
            "and and and one and",
            "point point five point",
            "twenty-twenty-twenty-",
            "\u{202f}1\u{202f}\u{202f}2",
            "1e10 0x1F ⅔⅔ 2½",
            "hundredths thousandths",
            "between and from to more than",
            &"one ".repeat(100),
        ] {
            for m in recognize(text) {
                assert!(m.start <= m.end && text.get(m.start..m.end) == Some(m.text.as_str()));
            }
        }
    }

    #[test]
    fn recognize_reads_a_press_release_paragraph() {
        let text = "The program served more than 1,200 students in 2023-24, up 15% from the \
                    prior year. Two hundred first-generation students received $2.5 million \
                    in grants of $5,000 to $10,000 each; call (626) 922-6111 or 1-800-555-1234.";
        let got: Vec<(String, NumberKind)> = recognize(text)
            .into_iter()
            .map(|m| (m.text, m.kind))
            .collect();
        let want = [
            ("more than 1,200", NumberKind::Range),
            ("1,200", NumberKind::Number),
            ("2023", NumberKind::Number),
            ("24", NumberKind::Number),
            ("15%", NumberKind::Percent),
            ("Two hundred", NumberKind::Number),
            ("first", NumberKind::Ordinal),
            ("$2.5 million", NumberKind::Money),
            ("$5,000", NumberKind::Money),
            ("$5,000 to $10,000", NumberKind::Range),
            ("$10,000", NumberKind::Money),
            ("626", NumberKind::Number),
            ("922", NumberKind::Number),
            ("6111", NumberKind::Number),
            ("1", NumberKind::Number),
            ("800", NumberKind::Number),
            ("555", NumberKind::Number),
            ("1234", NumberKind::Number),
        ];
        let want: Vec<(String, NumberKind)> =
            want.iter().map(|(t, k)| (t.to_string(), *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn recognize_sorts_by_start_then_end() {
        let m = recognize("between 3 and 5");
        let spans: Vec<(usize, usize)> = m.iter().map(|m| (m.start, m.end)).collect();
        assert_eq!(spans, [(0, 15), (8, 9), (14, 15)]);
    }

    #[test]
    fn to_json_line_uses_character_offsets() {
        let text = "café costs €20";
        let line = to_json_line(text, &recognize(text));
        assert_eq!(
            line,
            r#"[{"text":"€20","kind":"money","value":20.0,"min":null,"max":null,"unit":"EUR","start":11,"end":14}]"#
        );
        assert_eq!(to_json_line("", &[]), "[]");
    }
}
