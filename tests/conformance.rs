//! Conformance of the number recognizer with the vendored Recognizers-Text suite
//! (`tests/conformance/`, MIT, see its README for source, license and scope rules).
//!
//! Scores exactly as `eval/conformance.py` does: each case is compared only on the kind its
//! source file annotates; an expected item is found when a predicted item of the same kind
//! overlaps its span (the first occurrence of its text at or after the previous one) and its
//! value (or min and max) agrees within tolerance; a case passes when every expected item is
//! found and no other predicted item of the scoped kind is left. Predictions go through
//! [`to_json_line`], so offsets are characters as the `pressroom numbers` command prints them.
//!
//! Run with `cargo test --test conformance -- --nocapture` to see the rates and failures.
//! The test fails when the pass rate over the number, percent, money and range files is below
//! [`TARGET`]. Ordinal and dimension files are reported, not gated.

use std::collections::{BTreeMap, HashSet};

use pressroom::extract::numbers::{recognize, to_json_line};
use serde_json::Value;

/// Minimum pass rate over NumberModel*, PercentModel, CurrencyModel and NumberRangeModel*.
const TARGET: f64 = 0.95;

/// How many failures to print.
const SHOW_FAILURES: usize = 60;

/// Cases where pressroom's design disagrees with the spec on purpose. They are scored like any
/// other case (they count as failures); the list documents why they fail.
const DISAGREEMENTS: &[(&str, &str)] = &[
    (
        "- 1 4/5",
        "a minus sign must be written against the digits: press releases start bullet lines with \
         \"- \", and \"- 500 students\" is not negative",
    ),
    ("- 10  k", "same: a spaced dash is a bullet, not a sign"),
    (
        "40 000 is the same as 40\u{202f}000",
        "plain-space thousands groups need two groups (\"1 234 567\"); a single plain-space group \
         would join \"on March 15 200 people\"; narrow and no-break spaces are read",
    ),
    (
        "1 $ 10 dollars bill",
        "\"1 $\" is read as one dollar; the spec reads the sign as a prefix of the next amount",
    ),
    (
        "He has a pen that is 10 \" long.",
        "a double quote after a number is not read as inches: in press releases it closes a \
         quoted title (the \"Top 10\" list)",
    ),
];

/// A source-file fragment and the items it annotates.
type Scope = (&'static str, fn(&Value) -> bool);

/// Which predicted and expected items a source file annotates.
fn scope_of(source: &str) -> Scope {
    fn has_unit(it: &Value) -> bool {
        match it.get("unit") {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(_) => true,
        }
    }
    fn kind(it: &Value) -> &str {
        it.get("kind").and_then(Value::as_str).unwrap_or("")
    }
    let table: [Scope; 6] = [
        ("DimensionModel", |it| kind(it) == "number" && has_unit(it)),
        ("NumberRangeModel", |it| kind(it) == "range"),
        ("NumberModel", |it| kind(it) == "number" && !has_unit(it)),
        ("PercentModel", |it| kind(it) == "percent"),
        ("OrdinalModel", |it| kind(it) == "ordinal"),
        ("CurrencyModel", |it| kind(it) == "money"),
    ];
    for (frag, pred) in table {
        if source.contains(frag) {
            return (frag, pred);
        }
    }
    ("other", |_| true)
}

/// Sources gated by [`TARGET`].
fn in_target(name: &str) -> bool {
    matches!(
        name,
        "NumberModel" | "PercentModel" | "CurrencyModel" | "NumberRangeModel"
    )
}

fn num(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

/// `close` of the script: both null, or equal within 1e-9 relative or 1e-6 absolute.
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            (a - b).abs() <= 1e-9 * 1f64.max(a.abs()).max(b.abs()) || (a - b).abs() < 1e-6
        }
        _ => false,
    }
}

fn agrees(exp: &Value, got: &Value) -> bool {
    if exp.get("kind").and_then(Value::as_str) == Some("range") {
        close(num(exp.get("min")), num(got.get("min")))
            && close(num(exp.get("max")), num(got.get("max")))
    } else {
        close(num(exp.get("value")), num(got.get("value")))
    }
}

/// Python's `str.find(sub, pos)` in characters.
fn find_chars(hay: &[char], needle: &[char], pos: usize) -> Option<usize> {
    if needle.is_empty() {
        return (pos <= hay.len()).then_some(pos);
    }
    (pos..hay.len().saturating_sub(needle.len() - 1)).find(|&i| hay[i..i + needle.len()] == *needle)
}

fn lower_chars(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// The spans the script derives for the expected items: the first occurrence of each text at
/// or after the previous one, else anywhere ignoring case.
fn spans(input: &str, items: &[Value]) -> Vec<Option<(usize, usize)>> {
    let hay: Vec<char> = input.chars().collect();
    let hay_lower = lower_chars(input);
    let mut pos = 0;
    let mut out = Vec::new();
    for it in items {
        let text = it.get("text").and_then(Value::as_str).unwrap_or("");
        let needle: Vec<char> = text.chars().collect();
        let found = find_chars(&hay, &needle, pos)
            .or_else(|| find_chars(&hay_lower, &lower_chars(text), 0));
        match found {
            Some(i) => {
                out.push(Some((i, i + needle.len())));
                pos = i + 1;
            }
            None => out.push(None),
        }
    }
    out
}

#[derive(Default)]
struct Stats {
    cases: usize,
    passed: usize,
    exp: usize,
    found: usize,
    pred: usize,
    right: usize,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.cases += o.cases;
        self.passed += o.passed;
        self.exp += o.exp;
        self.found += o.found;
        self.pred += o.pred;
        self.right += o.right;
    }

    fn rate(&self) -> f64 {
        self.passed as f64 / self.cases.max(1) as f64
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:22} cases {:4}  pass {:.3}  recall {:.3}  precision {:.3}",
            self.cases,
            self.rate(),
            self.found as f64 / self.exp.max(1) as f64,
            self.right as f64 / self.pred.max(1) as f64
        )
    }
}

#[test]
fn conformance_suite_pass_rate() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/conformance/numbers-recognizers.jsonl"
    );
    let suite = std::fs::read_to_string(path).expect("the vendored suite is readable");
    let mut per: BTreeMap<&'static str, Stats> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    for line in suite.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("each suite line is JSON");
        let source = case["source"].as_str().unwrap_or("");
        let input = case["input"].as_str().unwrap_or("").replace('\n', " ");
        let expected = case["expected"].as_array().cloned().unwrap_or_default();
        let (name, in_scope) = scope_of(source);

        let printed = to_json_line(&input, &recognize(&input));
        let all: Vec<Value> = serde_json::from_str(&printed).expect("to_json_line prints JSON");
        let got: Vec<Value> = all.into_iter().filter(in_scope).collect();

        let mut used: HashSet<usize> = HashSet::new();
        let mut found = 0;
        for (span, x) in spans(&input, &expected).into_iter().zip(&expected) {
            for (j, g) in got.iter().enumerate() {
                if used.contains(&j) || g.get("kind") != x.get("kind") {
                    continue;
                }
                let gs = g.get("start").and_then(Value::as_u64).map(|v| v as usize);
                let ge = g.get("end").and_then(Value::as_u64).map(|v| v as usize);
                let overlap = match (span, gs, ge) {
                    (Some((s, e)), Some(gs), Some(ge)) => gs < e && s < ge,
                    _ => true,
                };
                if overlap && agrees(x, g) {
                    used.insert(j);
                    found += 1;
                    break;
                }
            }
        }
        let st = per.entry(name).or_default();
        st.cases += 1;
        st.exp += expected.len();
        st.found += found;
        st.pred += got.len();
        st.right += used.len();
        let ok = found == expected.len() && used.len() == got.len();
        st.passed += usize::from(ok);
        if !ok {
            let note = DISAGREEMENTS
                .iter()
                .find(|(i, _)| *i == input)
                .map_or("gap", |_| "design");
            failures.push(format!(
                "[{note}] {name}: {}\n    expected {}\n    got      {}",
                serde_json::to_string(&input).unwrap_or_default(),
                serde_json::to_string(&expected).unwrap_or_default(),
                serde_json::to_string(&got).unwrap_or_default()
            ));
        }
    }

    let mut target = Stats::default();
    let mut all = Stats::default();
    println!("conformance: {path}");
    for (name, st) in &per {
        println!("{}", st.line(name));
        all.add(st);
        if in_target(name) {
            target.add(st);
        }
    }
    println!("{}", all.line("all"));
    println!("{}", target.line("target (num/pct/money/range)"));
    println!("{} failures, first {SHOW_FAILURES}:", failures.len());
    for f in failures.iter().take(SHOW_FAILURES) {
        println!("{f}");
    }
    assert!(
        target.rate() >= TARGET,
        "pass rate over number, percent, money and range cases is {:.3}, below {TARGET}",
        target.rate()
    );
}
