//! Quantities: a number phrase from [`super::words`] with what is written around it — a minus
//! sign, a percent sign or word, a currency before or after it (symbol, ISO code, currency
//! word, with cents), a measure unit — and ordinals. The text is scanned once, left to right;
//! each quantity is the longest reading at its start and quantities never overlap (ranges,
//! which do, come from [`super::ranges`]).

use super::NumberKind;
use super::lex::{Gap, Kind, Lex, currency_code, fold, key_shape};
use super::tables::{self, Denomination};
use super::words::{Cx, FirstWords, Num, NumKind, Opts, may_start_number, number_at};
use std::sync::LazyLock;

/// First words of [`tables::PERCENT_WORDS`].
static PERCENT_FIRSTS: LazyLock<FirstWords> =
    LazyLock::new(|| FirstWords::new(tables::PERCENT_WORDS.iter().map(|w| first_word(w))));
/// First words of [`tables::DOLLAR_PREFIXES`].
static DOLLAR_FIRSTS: LazyLock<FirstWords> =
    LazyLock::new(|| FirstWords::new(tables::DOLLAR_PREFIXES.iter().map(|p| first_word(p.words))));
/// First words of [`tables::CURRENCY_WORDS`].
static CURRENCY_FIRSTS: LazyLock<FirstWords> =
    LazyLock::new(|| FirstWords::new(tables::CURRENCY_WORDS.iter().map(|e| first_word(e.0))));
/// First words of [`tables::MEASURE_UNITS`].
static UNIT_FIRSTS: LazyLock<FirstWords> =
    LazyLock::new(|| FirstWords::new(tables::MEASURE_UNITS.iter().map(|u| first_word(u.words))));

/// The first word of a table entry (no entry is empty: a test checks it).
fn first_word<'t>(words: &[&'t str]) -> &'t str {
    words.first().copied().unwrap_or_default()
}

/// One quantity found in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Item {
    /// Number, percent, money or ordinal.
    pub kind: NumberKind,
    /// Its value (in the named unit for money).
    pub value: f64,
    /// "%", a currency or a measure unit.
    pub unit: Option<&'static str>,
    /// First token (a sign or currency before the number included).
    pub t0: usize,
    /// Token after the last one.
    pub t1: usize,
    /// The number phrase inside.
    pub num: Num,
}

/// All quantities of the text, in order.
pub(super) fn scan(cx: &Cx) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < cx.toks.len() {
        if !may_start_quantity(cx, i) {
            i += 1;
            continue;
        }
        match quantity_at(cx, i) {
            Some(item) => {
                i = item.t1.max(i + 1);
                items.push(item);
            }
            None => i += 1,
        }
    }
    items
}

fn item(
    kind: NumberKind,
    value: f64,
    unit: Option<&'static str>,
    t0: usize,
    t1: usize,
    num: Num,
) -> Item {
    Item {
        kind,
        value,
        unit,
        t0,
        t1,
        num,
    }
}

/// Whether a quantity may start at token `i`: [`quantity_at`] finds none at any other token.
/// A quantity starts with a currency before its amount ([`money_prefix`]), a minus ("minus",
/// "-", "−") or the first token of a number phrase ([`may_start_number`]); most tokens are none
/// of these and are turned away by their kind.
fn may_start_quantity(cx: &Cx, i: usize) -> bool {
    let Some(t) = cx.toks.get(i) else {
        return false;
    };
    if may_start_number(cx, i) {
        return true;
    }
    match t.kind {
        Kind::Sym(c) => matches!(c, '-' | '−') || symbol_unit(c).is_some(),
        Kind::Word(Lex::Minus) => true,
        Kind::Word(_) => {
            let (first, len) = key_shape(t.key);
            MONEY_WORD_SHAPES[first] & len != 0 && money_prefix(cx, i).is_some()
        }
        Kind::Num(_) | Kind::Skip => false,
    }
}

/// The shapes ([`key_shape`]) of the words [`money_prefix`] can take: the first word of a dollar
/// prefix, a currency code, a code after "M" and "dollar". Other words are turned away without
/// a table lookup.
static MONEY_WORD_SHAPES: LazyLock<[u16; 256]> = LazyLock::new(|| {
    let mut shapes = [0u16; 256];
    let mut add = |w: &str| {
        let (first, len) = key_shape(fold(w));
        shapes[first] |= len;
    };
    for p in tables::DOLLAR_PREFIXES {
        add(first_word(p.words));
    }
    for (code, _, _) in tables::CURRENCY_CODES {
        add(code);
        add(&format!("M{code}"));
    }
    add("dollar");
    shapes
});

/// The quantity starting at token `i`, if any.
fn quantity_at(cx: &Cx, i: usize) -> Option<Item> {
    if let Some(found) = prefixed_money(cx, i) {
        return Some(found);
    }
    let (negative, j) = match sign_at(cx, i) {
        Some(j) => (true, j),
        None => (false, i),
    };
    if !may_start_number(cx, j) {
        return None;
    }
    let ratios = !after_range_word(cx, i);
    let num = number_at(cx, j, Opts { ratios })?;
    if identifier_number(cx, j) {
        return None;
    }
    if num.kind == NumKind::Ordinal {
        if negative || attached_word(cx, num.t1) {
            return None;
        }
        return Some(item(NumberKind::Ordinal, num.value, None, i, num.t1, num));
    }
    let value = if negative { -num.value } else { num.value };
    if let Some(end) = percent_after(cx, num.t1) {
        return Some(item(NumberKind::Percent, value, Some("%"), i, end, num));
    }
    if let Some(cur) = currency_after(cx, num.t1, &num) {
        let mut amount = value * cur.mult;
        let mut end = cur.end;
        if let Some((cents, e)) = cents_after(cx, end, &num, cur.denom, amount) {
            amount += cents.copysign(amount) / 100.0;
            end = e;
        }
        if attached_word(cx, end) {
            return None;
        }
        return Some(item(NumberKind::Money, amount, Some(cur.unit), i, end, num));
    }
    if let Some((unit, extra, end)) = unit_after(cx, num.t1, &num) {
        return Some(item(
            NumberKind::Number,
            value + extra,
            Some(unit),
            i,
            end,
            num,
        ));
    }
    if attached_word(cx, num.t1) {
        // "5G", "3D": letters written against the number make it a name.
        return None;
    }
    if !negative && is_pronoun_one(cx, &num) {
        return None;
    }
    Some(item(NumberKind::Number, value, None, i, num.t1, num))
}

/// Whether token `t` is a word written against the token before it.
fn attached_word(cx: &Cx, t: usize) -> bool {
    cx.gap(t) == Gap::None && cx.word(t).is_some()
}

/// Whether token `t + 1` is a number written against token `t` ("USD50", "$30").
fn attached_num_after(cx: &Cx, t: usize) -> bool {
    cx.gap(t + 1) == Gap::None && matches!(cx.toks.get(t + 1).map(|x| x.kind), Some(Kind::Num(_)))
}

/// A minus before the number at `i`: "minus 5", "negative one", "-4/5" (the sign written
/// against the digits; a dash after a number is a range, a spaced dash a bullet).
fn sign_at(cx: &Cx, i: usize) -> Option<usize> {
    if cx.lex(i) == Some(Lex::Minus) && cx.joined(i + 1) {
        return Some(i + 1);
    }
    if !matches!(cx.sym(i), Some('-' | '−')) || !attached_num_after(cx, i) {
        return None;
    }
    if i == 0 {
        return Some(i + 1);
    }
    let prev = cx.toks[i - 1].kind;
    if matches!(prev, Kind::Num(_))
        || (cx.gap(i) == Gap::None
            && !matches!(prev, Kind::Sym('(' | '[' | '{' | '"' | '“' | ':' | '=')))
    {
        return None;
    }
    Some(i + 1)
}

/// Whether the word before `i` is the end of a range qualifier ("more than 2 in 5" is a range
/// of 2, not the fraction 2/5).
fn after_range_word(cx: &Cx, i: usize) -> bool {
    i > 0
        && cx.joined(i)
        && cx.word(i - 1).is_some_and(|w| {
            tables::RANGE_LAST_WORDS
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
        })
}

/// Digits after a hyphen written against a word: "K-12", "COVID-19", "SCP-173". Not "5k-20k".
fn identifier_number(cx: &Cx, j: usize) -> bool {
    if j < 2 || !matches!(cx.toks[j].kind, Kind::Num(_)) {
        return false;
    }
    if cx.gap(j) != Gap::None || !cx.is_hyphen(j - 1) || cx.gap(j - 1) != Gap::None {
        return false;
    }
    match cx.toks[j - 2].kind {
        Kind::Skip => true,
        Kind::Word(_) => {
            let after_number =
                j >= 3 && cx.gap(j - 2) == Gap::None && matches!(cx.toks[j - 3].kind, Kind::Num(_));
            !after_number
        }
        _ => false,
    }
}

/// "one" as a pronoun: "the one you mentioned", "which one", "one another".
fn is_pronoun_one(cx: &Cx, num: &Num) -> bool {
    if !num.words || num.t1 != num.t0 + 1 || !cx.is_word(num.t0, "one") {
        return false;
    }
    let before = num.t0 > 0
        && cx.joined(num.t0)
        && cx.word(num.t0 - 1).is_some_and(|w| {
            tables::PRONOUN_ONE_BEFORE
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
        });
    let after = cx.joined(num.t1)
        && cx.word(num.t1).is_some_and(|w| {
            tables::PRONOUN_ONE_AFTER
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
        });
    before || after
}

fn percent_after(cx: &Cx, t: usize) -> Option<usize> {
    if !cx.joined(t) {
        return None;
    }
    if cx.sym(t) == Some('%') {
        return Some(t + 1);
    }
    let k = if cx.is_hyphen(t) && cx.gap(t) == Gap::None && cx.gap(t + 1) == Gap::None {
        t + 1
    } else {
        t
    };
    PERCENT_FIRSTS
        .candidates(cx, k)
        .filter_map(|n| cx.phrase(k, tables::PERCENT_WORDS[n], false))
        .max()
}

fn symbol_unit(c: char) -> Option<&'static str> {
    tables::CURRENCY_SYMBOLS
        .iter()
        .find(|(s, _)| *s == c)
        .map(|(_, u)| *u)
}

fn code_denomination(unit: &str) -> Denomination {
    if tables::NO_CENTS_UNITS.contains(&unit) {
        Denomination::Plain
    } else {
        Denomination::Main
    }
}

/// Longest first word of a [`tables::DOLLAR_PREFIXES`] entry and longest currency code ("MUSD"
/// included), in bytes: a longer word is neither.
const MAX_PREFIX_CODE_LEN: usize = 4;

/// A currency before an amount: (unit, multiplier, token where the amount starts).
fn money_prefix(cx: &Cx, i: usize) -> Option<(&'static str, f64, usize)> {
    if let Some(unit) = cx.sym(i).and_then(symbol_unit) {
        return Some((unit, 1.0, i + 1));
    }
    let word = cx.word(i)?;
    if word.len() > MAX_PREFIX_CODE_LEN {
        // Longer than any dollar prefix or currency code: only "dollar" is left.
        return word
            .eq_ignore_ascii_case("dollar")
            .then_some(("USD", 1.0, i + 1));
    }
    for n in DOLLAR_FIRSTS.candidates(cx, i) {
        let p = &tables::DOLLAR_PREFIXES[n];
        if let Some(e) = cx.phrase(i, p.words, p.exact_case) {
            if cx.sym(e) == Some('$')
                && cx.joined(e)
                && (!p.attached_only || cx.gap(e) == Gap::None)
            {
                return Some((p.iso, 1.0, e + 1));
            }
        }
    }
    if let Some((unit, mult)) = currency_code(word) {
        return Some((unit, mult, i + 1));
    }
    if word.eq_ignore_ascii_case("dollar") {
        return Some(("USD", 1.0, i + 1));
    }
    None
}

/// "$2.5 million", "USD 200", "c $ 16.4 million", "MAUD 60", "dollar 22.5 million".
fn prefixed_money(cx: &Cx, i: usize) -> Option<Item> {
    let (unit, mult, j) = money_prefix(cx, i)?;
    if !cx.joined(j) {
        return None;
    }
    let num = number_at(cx, j, Opts { ratios: false })?;
    if num.kind == NumKind::Ordinal {
        return None;
    }
    let mut amount = num.value * mult;
    let mut end = num.t1;
    if let Some((cents, e)) = cents_after(cx, end, &num, code_denomination(unit), amount) {
        amount += cents / 100.0;
        end = e;
    }
    if attached_word(cx, end) {
        return None;
    }
    Some(item(NumberKind::Money, amount, Some(unit), i, end, num))
}

/// A currency after an amount.
#[derive(Debug, Clone, Copy)]
struct Currency {
    unit: &'static str,
    mult: f64,
    denom: Denomination,
    end: usize,
}

/// "10 $", "115USD", "75 USD million", "30 MUSD", "50 cents", "125 million australian
/// dollars", "12-cent". A sign or code written against the next number belongs to it.
fn currency_after(cx: &Cx, t: usize, num: &Num) -> Option<Currency> {
    if !cx.joined(t) {
        return None;
    }
    let hyphen = cx.is_hyphen(t) && cx.gap(t) == Gap::None && cx.gap(t + 1) == Gap::None;
    let k = if hyphen { t + 1 } else { t };
    if !hyphen {
        if let Some(unit) = cx.sym(k).and_then(symbol_unit) {
            if cx.gap(k) != Gap::None && attached_num_after(cx, k) {
                return None;
            }
            return Some(Currency {
                unit,
                mult: 1.0,
                denom: code_denomination(unit),
                end: k + 1,
            });
        }
    }
    let word = cx.word(k)?;
    if !hyphen {
        if let Some((unit, m)) = currency_code(word) {
            if cx.gap(k) != Gap::None && attached_num_after(cx, k) {
                return None;
            }
            let mut mult = m;
            let mut end = k + 1;
            if let Some(Lex::Scale(s)) = cx.lex(end) {
                if s >= 1e3 && num.scale == 1.0 && cx.joined(end) && cx.gap(end) != Gap::None {
                    mult *= s;
                    end += 1;
                }
            }
            return Some(Currency {
                unit,
                mult,
                denom: code_denomination(unit),
                end,
            });
        }
    }
    let mut best: Option<Currency> = None;
    for n in CURRENCY_FIRSTS.candidates(cx, k) {
        let (words, unit, denom) = &tables::CURRENCY_WORDS[n];
        if let Some(end) = cx.phrase(k, words, false) {
            if best.is_none_or(|b| end > b.end) {
                best = Some(Currency {
                    unit,
                    mult: 1.0,
                    denom: *denom,
                    end,
                });
            }
        }
    }
    let mut cur = best?;
    if cur.denom == Denomination::PoundAmbiguous {
        // "361 million pounds" is money, "25 pounds" a weight.
        if num.scale < 1e6 {
            return None;
        }
        cur.denom = Denomination::Main;
    }
    Some(cur)
}

/// Cents after a whole amount: "3 dollars 50 cents", "thirteen dollars forty-five", "15
/// dollars and 15.", "17 USD 25". Bare cents need a small amount and nothing counted after
/// them, so "$500 and 20 students" keeps its students.
fn cents_after(
    cx: &Cx,
    t: usize,
    num: &Num,
    denom: Denomination,
    amount: f64,
) -> Option<(f64, usize)> {
    if denom != Denomination::Main
        || num.kind != NumKind::Cardinal
        || !num.integer
        || num.scale > 1.0
    {
        return None;
    }
    let mut k = t;
    if cx.is_word(k, "and") && cx.joined(k) {
        k += 1;
    }
    if !cx.joined(k) || cx.gap(k) != Gap::Space {
        return None;
    }
    let c = number_at(cx, k, Opts { ratios: false })?;
    if c.kind != NumKind::Cardinal
        || !c.integer
        || !(1.0..=99.0).contains(&c.value)
        || c.scale > 1.0
    {
        return None;
    }
    let e = c.t1;
    if let Some(cur) = currency_after(cx, e, &c) {
        return (cur.denom == Denomination::Sub).then_some((c.value, cur.end));
    }
    if amount.abs() >= 1000.0 {
        return None;
    }
    if !cx.joined(e) {
        return Some((c.value, e));
    }
    let follows_ok = match cx.toks[e].kind {
        Kind::Word(_) => cx.word(e).is_some_and(|w| {
            tables::CENTS_FOLLOWERS
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
        }),
        Kind::Sym(ch) => !matches!(ch, '%' | '-' | '/' | '–' | '—') && symbol_unit(ch).is_none(),
        Kind::Num(_) | Kind::Skip => false,
    };
    follows_ok.then_some((c.value, e))
}

/// A measure unit after a number: (unit, value to add, token after it). "3-inch", "300mm",
/// "20 (kg)", "5 ft 2 in".
fn unit_after(cx: &Cx, t: usize, num: &Num) -> Option<(&'static str, f64, usize)> {
    if !cx.joined(t) {
        return None;
    }
    let hyphen = cx.is_hyphen(t) && cx.gap(t) == Gap::None && cx.gap(t + 1) == Gap::None;
    let mut k = if hyphen { t + 1 } else { t };
    let close = match cx.sym(k) {
        Some('(') => Some(')'),
        Some('[') => Some(']'),
        Some('{') => Some('}'),
        _ => None,
    };
    if close.is_some() {
        k += 1;
    }
    let attached = !hyphen && close.is_none() && cx.gap(k) == Gap::None;
    let mut best: Option<(&'static str, usize)> = None;
    for n in UNIT_FIRSTS.candidates(cx, k) {
        let u = &tables::MEASURE_UNITS[n];
        if u.attached_only && !attached {
            continue;
        }
        if let Some(end) = cx.phrase(k, u.words, u.exact_case) {
            if best.is_none_or(|(_, e)| end > e) {
                best = Some((u.unit, end));
            }
        }
    }
    let (unit, mut end) = best?;
    if let Some(c) = close {
        if cx.sym(end) != Some(c) {
            return None;
        }
        end += 1;
    }
    // "L-202", "m212": the unit letters start an identifier.
    if attached_num_after(cx, end - 1)
        || (cx.is_hyphen(end) && cx.gap(end) == Gap::None && attached_num_after(cx, end))
    {
        return None;
    }
    let mut extra = 0.0;
    if unit == "Foot" && num.kind == NumKind::Cardinal {
        if let Some((inches, e)) = inches_after(cx, end) {
            extra = inches / 12.0;
            end = e;
        }
    }
    Some((unit, extra, end))
}

/// "2 in", "and 2 inches" after a length in feet.
fn inches_after(cx: &Cx, t: usize) -> Option<(f64, usize)> {
    let mut k = t;
    if cx.is_word(k, "and") && cx.joined(k) {
        k += 1;
    }
    if !cx.joined(k) {
        return None;
    }
    let n = number_at(cx, k, Opts { ratios: false })?;
    if n.kind != NumKind::Cardinal || !(0.0..12.0).contains(&n.value) || !cx.joined(n.t1) {
        return None;
    }
    let w = cx.word(n.t1)?;
    tables::INCH_WORDS
        .iter()
        .any(|x| x.eq_ignore_ascii_case(w))
        .then_some((n.value, n.t1 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_start_quantity_passes_every_token_a_quantity_starts_at() {
        let texts = [
            "more than 30 students and $2.5 million, US$ 4, USD50, 115USD, MEUR 3, c $ 16.4",
            "minus 5, -4/5, −3 degrees, negative one, a dozen, half a dozen, two thirds, ⅔",
            "twenty-first, 21st, one in five, 1 in 4, 10k, 3 hundred and 2, point five",
            "A$5, a $ 4 billion, S$ 3, R$ 10, dollar 22.5 million, 50 cents, 12-cent, €5, £3",
            "hk $ 5, Mex$ 3, NZD 7, a hundred, an eighth, thousands of, 5%, 3 percent, x-5",
            "K-12, COVID-19, (562) 922-6111, 10:30, 5/17/2018, www.x.org, ½ cup, 1,250,000",
        ];
        for text in texts {
            let toks = super::super::lex::tokenize(text);
            let cx = Cx { text, toks: &toks };
            for i in 0..=toks.len() {
                if quantity_at(&cx, i).is_some() {
                    assert!(may_start_quantity(&cx, i), "{i} in {text}");
                }
            }
        }
    }

    #[test]
    fn max_prefix_code_len_covers_every_prefix_and_code() {
        for p in tables::DOLLAR_PREFIXES {
            assert!(p.words[0].len() <= MAX_PREFIX_CODE_LEN, "{:?}", p.words);
        }
        for (code, _, _) in tables::CURRENCY_CODES {
            assert!(
                code.len() < MAX_PREFIX_CODE_LEN,
                "{code}: the M-prefixed form must fit"
            );
        }
    }

    #[test]
    fn phrase_tables_have_no_empty_entry() {
        // `FirstWords` indexes first words: an empty entry would match anywhere unindexed.
        assert!(tables::PERCENT_WORDS.iter().all(|w| !w.is_empty()));
        assert!(tables::DOLLAR_PREFIXES.iter().all(|p| !p.words.is_empty()));
        assert!(tables::CURRENCY_WORDS.iter().all(|e| !e.0.is_empty()));
        assert!(tables::MEASURE_UNITS.iter().all(|u| !u.words.is_empty()));
        assert!(tables::RANGE_PREFIXES.iter().all(|e| !e.0.is_empty()));
        assert!(tables::RANGE_POSTFIXES.iter().all(|e| !e.0.is_empty()));
        assert!(tables::RANGE_CONNECTORS.iter().all(|e| !e.0.is_empty()));
    }
}
