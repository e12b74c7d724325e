//! Number phrases: digit literals, number words and their mixtures ("two million", "3
//! hundred and 21", "2.5 billion", "10k"), fractions ("two thirds", "one and a half", "1 over
//! 3", "2 in 5"), spoken decimals ("two point five") and ordinals ("twenty-first"). Works on
//! the tokens of [`super::lex`]; percent, money, units and ranges are built on top of it in
//! [`super::quantity`] and [`super::ranges`].
//!
//! A phrase is read in two steps: the tokens that can belong to a number are collected as
//! atoms (at most [`MAX_ATOMS`], so the work per start token is bounded), then the atoms are
//! interpreted: the longest valid cardinal, or a fraction or ordinal ending in an ordinal word.

use super::lex::{Gap, Kind, Lex, Lit, Tok, fold, key_shape};
use super::tables;

/// Tokens of one text with the text itself.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cx<'a> {
    /// The text.
    pub text: &'a str,
    /// Its tokens.
    pub toks: &'a [Tok],
}

impl<'a> Cx<'a> {
    /// The text of token `i` ("" past the end).
    pub fn tok_text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// The text of token `i` when it is a word.
    pub fn word(&self, i: usize) -> Option<&'a str> {
        match self.toks.get(i)?.kind {
            Kind::Word(_) => Some(self.tok_text(i)),
            _ => None,
        }
    }

    /// The class of token `i` when it is a word.
    pub fn lex(&self, i: usize) -> Option<Lex> {
        match self.toks.get(i)?.kind {
            Kind::Word(l) => Some(l),
            _ => None,
        }
    }

    /// Whether token `i` is the word `w` (any case).
    pub fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    /// The symbol of token `i`.
    pub fn sym(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.kind {
            Kind::Sym(c) => Some(c),
            _ => None,
        }
    }

    /// The gap before token `i` (a break past the end).
    pub fn gap(&self, i: usize) -> Gap {
        self.toks.get(i).map_or(Gap::Break, |t| t.gap)
    }

    /// Whether token `i` exists and continues the phrase before it (no blank line between).
    pub fn joined(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].gap != Gap::Break
    }

    /// Whether token `i` is a word that continues the phrase ("5 students", not "5.").
    pub fn next_is_word(&self, i: usize) -> bool {
        self.joined(i) && matches!(self.toks[i].kind, Kind::Word(_))
    }

    /// Matches the token sequence `words` at `i` (case-insensitively unless `exact`); every
    /// token after the first must be joined. Returns the token index after the match.
    pub fn phrase(&self, i: usize, words: &[&str], exact: bool) -> Option<usize> {
        for (k, w) in words.iter().enumerate() {
            let t = self.toks.get(i + k)?;
            if k > 0 && t.gap == Gap::Break || matches!(t.kind, Kind::Skip) {
                return None;
            }
            let s = self.tok_text(i + k);
            let same = if exact {
                s == *w
            } else {
                s.eq_ignore_ascii_case(w)
            };
            if !same {
                return None;
            }
        }
        Some(i + words.len())
    }

    /// The longest entry of `table` matching at `i`, with the index after it; `first` is the
    /// table's [`FirstWords`] (the first entry wins among equally long ones).
    pub fn longest<T: Copy>(
        &self,
        i: usize,
        table: &[(&[&str], T)],
        first: &FirstWords,
    ) -> Option<(T, usize)> {
        let mut best: Option<(T, usize)> = None;
        for k in first.candidates(self, i) {
            let (words, v) = &table[k];
            if let Some(end) = self.phrase(i, words, false) {
                if best.is_none_or(|(_, e)| end > e) {
                    best = Some((*v, end));
                }
            }
        }
        best
    }

    /// Whether token `i` is a hyphen or dash.
    pub fn is_hyphen(&self, i: usize) -> bool {
        matches!(self.sym(i), Some('-' | '–' | '—' | '‐'))
    }
}

/// The first words of a phrase table, folded ([`fold`]) and sorted with each entry's position:
/// the entries that can match at a token are found with one binary search instead of a
/// comparison with every entry. Built once per table (a `LazyLock` next to its users).
#[derive(Debug)]
pub(super) struct FirstWords {
    /// (fold, position), sorted.
    keys: Vec<(u128, usize)>,
    /// For each first byte of a fold, the lengths (bit per length, 15 for longer) of the first
    /// words starting with it: most tokens are turned away before any search.
    shapes: [u16; 256],
}

impl FirstWords {
    /// Indexes the first words of a table's entries, in table order.
    pub fn new<'t>(firsts: impl IntoIterator<Item = &'t str>) -> Self {
        let mut keys: Vec<(u128, usize)> = firsts
            .into_iter()
            .enumerate()
            .map(|(k, w)| (fold(w), k))
            .collect();
        keys.sort_unstable();
        let mut shapes = [0u16; 256];
        for &(key, _) in &keys {
            let (first, len) = key_shape(key);
            shapes[first] |= len;
        }
        FirstWords { keys, shapes }
    }

    /// Positions, in table order, of the entries whose first word may be token `i` (compared
    /// as [`Cx::phrase`] does: any case; never a skipped token). Every entry that
    /// [`Cx::phrase`] can match at `i` is among them.
    pub fn candidates(&self, cx: &Cx, i: usize) -> impl Iterator<Item = usize> + '_ {
        let found = match cx.toks.get(i) {
            Some(t) if !matches!(t.kind, Kind::Skip) => {
                let key = t.key;
                let (first, len) = key_shape(key);
                if self.shapes[first] & len == 0 {
                    &[]
                } else {
                    let lo = self.keys.partition_point(|e| e.0 < key);
                    let n = self.keys[lo..].partition_point(|e| e.0 == key);
                    &self.keys[lo..lo + n]
                }
            }
            _ => &[],
        };
        found.iter().map(|e| e.1)
    }
}

/// What a number phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumKind {
    /// A count or amount ("two million", "3.5").
    Cardinal,
    /// A fraction or mixed number ("two thirds", "1 1/2", "one over three").
    Fraction,
    /// A rank ("21st", "twenty-first").
    Ordinal,
}

/// A number phrase found at some token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Num {
    /// Its value.
    pub value: f64,
    /// First token.
    pub t0: usize,
    /// Token after the last one.
    pub t1: usize,
    /// Cardinal, fraction or ordinal.
    pub kind: NumKind,
    /// The largest scale word or abbreviation in it (1 when none): 1e6 for "2.5 million".
    pub scale: f64,
    /// The digit literal when the phrase is exactly one literal.
    pub lit: Option<Lit>,
    /// Written as a whole number (no decimal, no fraction).
    pub integer: bool,
    /// Written in words only.
    pub words: bool,
}

/// Options of [`number_at`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Opts {
    /// Read "1 over 3", "2 in 5" and "2 out of 5" as fractions.
    pub ratios: bool,
}

/// Maximum number of atoms in one phrase; longer runs of number words are cut.
pub(super) const MAX_ATOMS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Ak {
    /// Word 0-19.
    Unit,
    /// Word 20-90.
    Tens,
    /// Hyphenated tens and unit ("fifty-two").
    Compound,
    /// Integer digits.
    Digits,
    /// Decimal digits.
    Decimal,
    /// Digit fraction ("3/4", "½").
    DigitFrac,
    /// "hundred".
    Hundred,
    /// "thousand" and up, or an abbreviation after digits.
    Scale,
    /// "hundreds", "thousands": ends the phrase.
    ScalePlural,
    /// Ordinal word; `merged` when written "twenty-first".
    Ord { plural: bool, merged: bool },
    /// "half", "quarters".
    Frac { plural: bool },
    /// "dozen".
    Dozen,
    /// "a", "an".
    Article,
    /// "and".
    And,
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    k: Ak,
    v: f64,
    /// Token after it.
    t1: usize,
    /// Written after a hyphen ("one-third").
    hyphen: bool,
    /// Text is "one" (not "1").
    one: bool,
}

const NO_ATOM: Atom = Atom {
    k: Ak::And,
    v: 0.0,
    t1: 0,
    hyphen: false,
    one: false,
};

struct Atoms {
    a: [Atom; MAX_ATOMS],
    n: usize,
    /// The single literal when the phrase starts with one.
    first_lit: Option<Lit>,
}

impl Atoms {
    fn as_slice(&self) -> &[Atom] {
        &self.a[..self.n]
    }

    fn push(&mut self, atom: Atom) -> bool {
        if self.n == MAX_ATOMS {
            return false;
        }
        self.a[self.n] = atom;
        self.n += 1;
        true
    }

    fn last(&self) -> Option<&Atom> {
        self.as_slice().last()
    }
}

fn is_word_atom(k: Ak) -> bool {
    !matches!(k, Ak::Digits | Ak::Decimal | Ak::DigitFrac)
}

/// Whether token `i` can follow "and" inside a number.
fn can_follow_and(cx: &Cx, i: usize) -> bool {
    if !cx.joined(i) {
        return false;
    }
    match cx.toks[i].kind {
        Kind::Num(l) => !l.fraction,
        Kind::Word(l) => matches!(
            l,
            Lex::Card(_) | Lex::Tens(_) | Lex::Article | Lex::Frac { .. } | Lex::Ord(_)
        ),
        _ => false,
    }
}

/// Collects the atoms of a phrase starting at token `i0`.
fn collect(cx: &Cx, i0: usize) -> Atoms {
    let mut at = Atoms {
        a: [NO_ATOM; MAX_ATOMS],
        n: 0,
        first_lit: None,
    };
    let mut i = i0;
    while let Some(tok) = cx.toks.get(i) {
        let first = at.n == 0;
        if !first && tok.gap == Gap::Break {
            break;
        }
        let prev = at.last().copied();
        // A hyphen joins two number words ("fifty-two", "one-third", "hundred-fifths").
        let mut j = i;
        let mut hyphen = false;
        if !first && cx.is_hyphen(i) {
            let joins = prev.is_some_and(|p| is_word_atom(p.k) && p.k != Ak::And)
                && cx.joined(i + 1)
                && matches!(
                    cx.lex(i + 1),
                    Some(
                        Lex::Card(_)
                            | Lex::Tens(_)
                            | Lex::Ord(_)
                            | Lex::OrdPlural(_)
                            | Lex::Scale(_)
                            | Lex::Frac { .. }
                    )
                );
            if !joins {
                break;
            }
            hyphen = true;
            j = i + 1;
        }
        let t = cx.toks[j];
        let mut atom = Atom {
            k: Ak::And,
            v: 0.0,
            t1: j + 1,
            hyphen,
            one: false,
        };
        match t.kind {
            Kind::Word(lex) => {
                let prev_tens = prev.filter(|p| p.k == Ak::Tens && hyphen);
                match lex {
                    Lex::Card(v) => {
                        if let Some(p) = prev_tens.filter(|_| (1.0..=9.0).contains(&v)) {
                            at.a[at.n - 1] = Atom {
                                k: Ak::Compound,
                                v: p.v + v,
                                t1: j + 1,
                                ..p
                            };
                            i = j + 1;
                            continue;
                        }
                        atom.k = Ak::Unit;
                        atom.v = v;
                        atom.one = v == 1.0;
                    }
                    Lex::Tens(v) => {
                        atom.k = Ak::Tens;
                        atom.v = v;
                    }
                    Lex::Scale(v) => {
                        atom.k = if v == 100.0 { Ak::Hundred } else { Ak::Scale };
                        atom.v = v;
                    }
                    Lex::ScalePlural(v) => {
                        if first {
                            break;
                        }
                        atom.k = Ak::ScalePlural;
                        atom.v = v;
                    }
                    Lex::Ord(v) | Lex::OrdPlural(v) => {
                        let plural = matches!(lex, Lex::OrdPlural(_));
                        if let Some(p) = prev_tens.filter(|_| (1.0..=9.0).contains(&v)) {
                            at.a[at.n - 1] = Atom {
                                k: Ak::Ord {
                                    plural,
                                    merged: true,
                                },
                                v: p.v + v,
                                t1: j + 1,
                                ..p
                            };
                            i = j + 1;
                            continue;
                        }
                        atom.k = Ak::Ord {
                            plural,
                            merged: false,
                        };
                        atom.v = v;
                    }
                    Lex::Frac { den, plural } => {
                        atom.k = Ak::Frac { plural };
                        atom.v = den;
                    }
                    Lex::Dozen => {
                        if first {
                            break;
                        }
                        atom.k = Ak::Dozen;
                        atom.v = 12.0;
                    }
                    Lex::Article => {
                        if !(first || prev.is_some_and(|p| p.k == Ak::And)) {
                            break;
                        }
                        atom.k = Ak::Article;
                        atom.v = 1.0;
                    }
                    Lex::And => {
                        if first
                            || hyphen
                            || prev.is_some_and(|p| matches!(p.k, Ak::And | Ak::Article))
                            || !can_follow_and(cx, j + 1)
                        {
                            break;
                        }
                        atom.k = Ak::And;
                    }
                    Lex::Point | Lex::Minus | Lex::Other => {
                        // A multiplier after digits: "10k", "2.33 k", "1.2b".
                        let text = cx.tok_text(j);
                        let abbrev = tables::SCALE_ABBREVS
                            .iter()
                            .find(|(x, _, spaced)| *x == text && (t.gap == Gap::None || *spaced));
                        let after_digits = prev.and_then(|p| match p.k {
                            Ak::Digits | Ak::Decimal if at.n == 1 => at.first_lit,
                            _ => None,
                        });
                        if let (Some((x, v, _)), Some(l)) = (abbrev, after_digits) {
                            // "10G" but not the network generation "5G"; "$5B" and "1.2b"
                            // but not "Suite 200B".
                            let after_sign = i0 > 0
                                && cx.gap(i0) == Gap::None
                                && cx.sym(i0 - 1).is_some_and(|c| {
                                    tables::CURRENCY_SYMBOLS.iter().any(|(s, _)| *s == c)
                                });
                            if (*x == "G" && l.integer && l.int_digits < 2)
                                || (matches!(*x, "b" | "B") && l.integer && !after_sign)
                            {
                                break;
                            }
                            atom.k = Ak::Scale;
                            atom.v = *v;
                            at.push(atom);
                        }
                        break;
                    }
                }
            }
            Kind::Num(lit) => {
                if hyphen {
                    break;
                }
                if first {
                    at.first_lit = Some(lit);
                    atom.k = if lit.fraction {
                        Ak::DigitFrac
                    } else if lit.integer {
                        Ak::Digits
                    } else {
                        Ak::Decimal
                    };
                } else if lit.fraction && prev.is_some_and(|p| p.k == Ak::Digits) {
                    atom.k = Ak::DigitFrac;
                } else if lit.integer
                    && !lit.fraction
                    && prev.is_some_and(|p| matches!(p.k, Ak::Hundred | Ak::Scale | Ak::And))
                {
                    atom.k = Ak::Digits;
                } else {
                    break;
                }
                atom.v = lit.value;
            }
            _ => break,
        }
        if !at.push(atom) {
            break;
        }
        i = j + 1;
        if matches!(atom.k, Ak::ScalePlural | Ak::Dozen) {
            break;
        }
        // "half a dozen", "two thirds of a million": a fraction of a scale.
        if matches!(atom.k, Ak::Frac { .. } | Ak::Ord { plural: true, .. }) {
            let mut k = i;
            if cx.is_word(k, "of") && cx.joined(k) {
                k += 1;
            }
            if cx.lex(k) == Some(Lex::Article) && cx.joined(k) {
                let s = k + 1;
                let scale = match cx.lex(s) {
                    Some(Lex::Scale(v)) if cx.joined(s) => Some(v),
                    Some(Lex::Dozen) if cx.joined(s) => Some(12.0),
                    _ => None,
                };
                if let Some(v) = scale {
                    let k = if v == 100.0 { Ak::Hundred } else { Ak::Scale };
                    at.push(Atom {
                        k,
                        v,
                        t1: s + 1,
                        hyphen: false,
                        one: false,
                    });
                    break;
                }
            }
        }
    }
    at
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Start,
    Zero,
    Unit,
    Tens,
    Digits,
    Decimal,
    DigitFrac,
    Hundred,
    Scale,
    Dozen,
    Article,
    And,
    End,
}

/// An "and" inside a number: where to go back to when what follows is a second number
/// ("3 hundred and 2 hundred").
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    before: Option<(f64, usize)>,
    /// The part after "and" must stay below this (100 after "hundred", the scale after a
    /// scale, 10 after tens in a loose "twenty and three").
    place: f64,
    base: f64,
}

/// Cardinal accumulator over atoms.
struct Acc {
    total: f64,
    cur: f64,
    last: Last,
    last_scale: f64,
    hundred: bool,
    mark: Option<Mark>,
    loose: bool,
}

impl Acc {
    fn new(loose: bool) -> Self {
        Acc {
            total: 0.0,
            cur: 0.0,
            last: Last::Start,
            last_scale: f64::INFINITY,
            hundred: false,
            mark: None,
            loose,
        }
    }

    fn complete(&self) -> bool {
        !matches!(self.last, Last::Start | Last::Article | Last::And)
    }

    fn value(&self) -> f64 {
        self.total + self.cur
    }

    /// Whether the group may become `cur` under the current "and" mark.
    fn seg_ok(&self, cur: f64) -> bool {
        self.mark.is_none_or(|m| cur - m.base < m.place)
    }

    fn after_group_start(&self) -> bool {
        matches!(
            self.last,
            Last::Start | Last::Hundred | Last::Scale | Last::And
        )
    }

    /// Adds one atom; false when it cannot continue the number.
    fn step(&mut self, k: usize, a: &Atom, best: Option<(f64, usize)>) -> bool {
        match a.k {
            Ak::Unit if a.v == 0.0 => {
                if self.last != Last::Start {
                    return false;
                }
                self.last = Last::Zero;
            }
            Ak::Unit => {
                let ok = self.after_group_start() || (self.last == Last::Tens && a.v <= 9.0);
                if !ok || !self.seg_ok(self.cur + a.v) {
                    return false;
                }
                self.cur += a.v;
                self.last = Last::Unit;
            }
            Ak::Compound | Ak::Tens => {
                if !self.after_group_start() || !self.seg_ok(self.cur + a.v) {
                    return false;
                }
                self.cur += a.v;
                self.last = if a.k == Ak::Tens {
                    Last::Tens
                } else {
                    Last::Unit
                };
            }
            Ak::Digits | Ak::Decimal => {
                if self.last == Last::Start {
                    self.cur = a.v;
                    self.last = if a.k == Ak::Digits {
                        Last::Digits
                    } else {
                        Last::Decimal
                    };
                    return true;
                }
                let place = match self.last {
                    Last::Hundred => 100.0,
                    Last::Scale => self.last_scale,
                    Last::And => f64::INFINITY,
                    _ => return false,
                };
                if a.k != Ak::Digits || a.v < 1.0 || a.v >= place || !self.seg_ok(self.cur + a.v) {
                    return false;
                }
                self.cur += a.v;
                self.last = Last::Digits;
            }
            Ak::DigitFrac => {
                match self.last {
                    Last::Start => self.cur = a.v,
                    Last::Digits => self.cur += a.v,
                    _ => return false,
                }
                self.last = Last::DigitFrac;
            }
            Ak::Hundred => {
                let ok = match self.last {
                    Last::Unit | Last::Tens | Last::Article => self.cur < 100.0,
                    Last::Digits | Last::Decimal => true,
                    _ => false,
                };
                if !ok || self.hundred || self.cur <= 0.0 || !self.seg_ok(self.cur * 100.0) {
                    return false;
                }
                self.cur *= 100.0;
                self.hundred = true;
                self.last = Last::Hundred;
            }
            Ak::Scale | Ak::ScalePlural if a.v == 100.0 => {
                // "five hundreds"
                if !matches!(self.last, Last::Unit | Last::Tens | Last::Digits) || self.hundred {
                    return false;
                }
                self.cur *= 100.0;
                self.last = Last::End;
            }
            Ak::Scale | Ak::ScalePlural => {
                let ok = matches!(
                    self.last,
                    Last::Unit
                        | Last::Tens
                        | Last::Digits
                        | Last::Decimal
                        | Last::DigitFrac
                        | Last::Hundred
                        | Last::Article
                        | Last::Dozen
                );
                let loose_tens = self.mark.is_some_and(|m| m.place == 10.0);
                if !ok || self.cur <= 0.0 || a.v >= self.last_scale || loose_tens {
                    return false;
                }
                self.total += self.cur * a.v;
                self.cur = 0.0;
                self.hundred = false;
                self.last_scale = a.v;
                self.mark = None;
                self.last = if a.k == Ak::Scale {
                    Last::Scale
                } else {
                    Last::End
                };
            }
            Ak::Dozen => {
                if !matches!(
                    self.last,
                    Last::Unit | Last::Tens | Last::Digits | Last::Decimal | Last::Article
                ) || self.cur <= 0.0
                {
                    return false;
                }
                if self.hundred {
                    let low = self.cur.rem_euclid(100.0);
                    self.cur = self.cur - low + low * 12.0;
                } else {
                    self.cur *= 12.0;
                }
                self.last = Last::Dozen;
            }
            Ak::Article => {
                if self.last != Last::Start {
                    return false;
                }
                self.cur = 1.0;
                self.last = Last::Article;
            }
            Ak::And => {
                let place = match self.last {
                    Last::Hundred => 100.0,
                    Last::Scale => self.last_scale,
                    Last::Tens if self.loose => 10.0,
                    _ => return false,
                };
                self.mark = Some(Mark {
                    at: k,
                    before: best,
                    place,
                    base: self.cur,
                });
                self.last = Last::And;
            }
            Ak::Ord { .. } | Ak::Frac { .. } => return false,
        }
        true
    }
}

/// The longest cardinal at the start of `atoms`: (value, atoms used).
fn cardinal_prefix(atoms: &[Atom], loose: bool) -> Option<(f64, usize)> {
    let mut acc = Acc::new(loose);
    let mut best = None;
    for (k, a) in atoms.iter().enumerate() {
        if acc.step(k, a, best) {
            if acc.complete() {
                best = Some((acc.value(), k + 1));
            }
        } else {
            if let Some(m) = acc.mark {
                let big = matches!(a.k, Ak::Hundred | Ak::Scale | Ak::ScalePlural | Ak::Dozen);
                if big || k == m.at + 1 {
                    best = m.before;
                }
            }
            break;
        }
    }
    best
}

/// The value of `atoms` when all of them form one cardinal.
fn cardinal_full(atoms: &[Atom], loose: bool) -> Option<f64> {
    match cardinal_prefix(atoms, loose) {
        Some((v, used)) if used == atoms.len() && !atoms.is_empty() => Some(v),
        _ => None,
    }
}

/// The rank of `atoms` read as one ordinal ending in its last atom ("one hundred twenty fifth").
fn ordinal_full(atoms: &[Atom]) -> Option<f64> {
    let (last, head) = atoms.split_last()?;
    let merged = match last.k {
        Ak::Ord { merged, .. } => merged,
        // "quarters", "halves": a denominator on their own only.
        Ak::Frac { .. } if head.is_empty() => return Some(last.v),
        _ => return None,
    };
    if head.is_empty() && last.v >= 100.0 {
        return Some(last.v); // "hundredth", "trillionth"
    }
    let k = if merged {
        Ak::Compound
    } else if last.v < 20.0 {
        Ak::Unit
    } else if last.v < 100.0 {
        Ak::Tens
    } else if last.v == 100.0 {
        Ak::Hundred
    } else {
        Ak::Scale
    };
    let mut buf = [NO_ATOM; MAX_ATOMS];
    buf[..head.len()].copy_from_slice(head);
    buf[head.len()] = Atom { k, ..*last };
    cardinal_full(&buf[..atoms.len()], false)
}

fn atom_value(a: &Atom) -> f64 {
    match a.k {
        Ak::And => 0.0,
        Ak::Article => 1.0,
        _ => a.v,
    }
}

/// Whether a bigger number word can take a smaller one after it inside a denominator
/// ("thirty" + "fifth", "thousand" + "fifth", "hundred" + "thirty").
fn composable(big: f64, small: f64) -> bool {
    let base = if small > 10.0 { 100.0 } else { 10.0 };
    big >= base && big % base == 0.0
}

/// Where the denominator starts in `seg` (no "and" inside, the last atom a plural ordinal).
/// Walks back from the ordinal while the words compose into a larger ordinal ("thirty
/// fifths", "one thousand fifths"), keeping at least one word for the numerator.
fn denominator_start(seg: &[Atom]) -> usize {
    let n = seg.len();
    let mut cur = atom_value(&seg[n - 1]);
    let mut round = 1.0;
    let mut idx = n - 1;
    while idx > 0 {
        idx -= 1;
        let prev = cur;
        cur = atom_value(&seg[idx]);
        let joins = (prev >= 100.0 && prev > cur) || (prev < 100.0 && composable(cur, prev));
        if !joins {
            return idx + 1;
        }
        if prev < 100.0 {
            if cur >= round {
                round = cur;
            } else {
                return idx + 1;
            }
        }
        if idx == 0 {
            // Every word composed: the numerator is the first word, or runs to the first
            // "hundred thirty" step ("one hundred thirty fifths" is 100/35).
            let mut s = 1;
            while s + 1 < n {
                if atom_value(&seg[s]) >= 100.0 && atom_value(&seg[s + 1]) < 100.0 {
                    return s + 1;
                }
                s += 1;
            }
            return s;
        }
    }
    n - 1
}

/// A fraction read from atoms, before any scale after it.
#[derive(Debug, Clone, Copy)]
struct FracParts {
    /// Whole part and the scale (>= a million) its last word names, for "one million and a half".
    int: Option<(f64, f64)>,
    frac: f64,
}

fn int_part(atoms: &[Atom]) -> Option<(f64, f64)> {
    let v = cardinal_full(atoms, true)?;
    let big = atoms
        .last()
        .filter(|a| a.k == Ak::Scale && a.v >= 1e6)
        .map_or(0.0, |a| a.v);
    Some((v, big))
}

/// "two thirds", "one hundred and three quarters", "one hundred thirty fifths".
fn plural_fraction(atoms: &[Atom]) -> Option<FracParts> {
    let and = atoms.iter().rposition(|a| a.k == Ak::And);
    let seg_start = and.map_or(0, |a| a + 1);
    let seg = &atoms[seg_start..];
    if seg.len() < 2 {
        return None;
    }
    let k = denominator_start(seg);
    let den = ordinal_full(&seg[k..])?;
    let numer = cardinal_full(&seg[..k], false)?;
    if den <= 0.0 {
        return None;
    }
    match and {
        None => Some(FracParts {
            int: None,
            frac: numer / den,
        }),
        Some(a) => {
            let (int, big) = int_part(&atoms[..a])?;
            if numer < den {
                Some(FracParts {
                    int: Some((int, big)),
                    frac: numer / den,
                })
            } else {
                Some(FracParts {
                    int: None,
                    frac: (int + numer) / den,
                })
            }
        }
    }
}

/// What the atoms were read as.
#[derive(Debug, Clone, Copy)]
struct Reading {
    value: f64,
    used: usize,
    kind: NumKind,
    /// "a third", "one fifth": only a fraction when no word follows (else "a third grader").
    needs_clause_end: bool,
}

fn combine(parts: FracParts, scale: Option<f64>) -> f64 {
    match (parts.int, scale) {
        (None, None) => parts.frac,
        (None, Some(s)) => parts.frac * s,
        (Some((int, big)), None) if big > 0.0 => int + parts.frac * big,
        (Some((int, _)), None) => int + parts.frac,
        // "one billion and a half million" vs "five and a half million".
        (Some((int, big)), Some(s)) if big > s => int + parts.frac * s,
        (Some((int, _)), Some(s)) => (int + parts.frac) * s,
    }
}

/// Reads the atoms: the longest cardinal, or a fraction or ordinal ending in an ordinal word.
/// Returns the reading and the plain cardinal prefix to fall back on.
fn interpret(at: &[Atom]) -> (Option<Reading>, Option<Reading>) {
    let n = at.len();
    let o = at
        .iter()
        .position(|a| matches!(a.k, Ak::Ord { .. } | Ak::Frac { .. }));
    let cardinal = cardinal_prefix(&at[..o.unwrap_or(n)], false).map(|(value, used)| Reading {
        value,
        used,
        kind: NumKind::Cardinal,
        needs_clause_end: false,
    });
    let Some(o) = o else {
        return (cardinal, cardinal);
    };
    let head = &at[..o];
    let atom = at[o];
    let trailing_scale = at
        .get(o + 1)
        .filter(|a| matches!(a.k, Ak::Scale | Ak::Hundred | Ak::Dozen))
        .map(|a| a.v);
    let with_scale = |parts: FracParts| {
        let used = o + 1 + usize::from(trailing_scale.is_some());
        Reading {
            value: combine(parts, trailing_scale),
            used,
            kind: NumKind::Fraction,
            needs_clause_end: false,
        }
    };
    // "and a half", "and one fourth", "and a thirtieth" after a whole part.
    let mixed_single = || -> Option<FracParts> {
        if o < 3 || head[o - 2].k != Ak::And || !(head[o - 1].k == Ak::Article || head[o - 1].one) {
            return None;
        }
        let int = int_part(&head[..o - 2])?;
        Some(FracParts {
            int: Some(int),
            frac: 1.0 / atom.v,
        })
    };
    let reading = match atom.k {
        Ak::Ord { plural: true, .. } | Ak::Frac { plural: true } if o > 0 => {
            // "seconds" and "firsts" alone are not denominators ("30 seconds").
            let bare_first_second = matches!(atom.k, Ak::Ord { merged: false, .. })
                && atom.v <= 2.0
                && head.last().is_none_or(|p| p.k != Ak::Tens);
            if bare_first_second {
                None
            } else {
                plural_fraction(&at[..=o]).map(with_scale)
            }
        }
        Ak::Frac { plural: false } => {
            let single = o == 0 || (o == 1 && (head[0].k == Ak::Article || head[0].one));
            if single {
                // "quarter" alone is only a number before a scale ("quarter million").
                if o == 0 && atom.v == 4.0 && trailing_scale.is_none() {
                    None
                } else {
                    Some(with_scale(FracParts {
                        int: None,
                        frac: 1.0 / atom.v,
                    }))
                }
            } else {
                mixed_single().map(with_scale)
            }
        }
        Ak::Ord { plural: false, .. } => {
            if let Some(parts) = mixed_single() {
                Some(with_scale(parts))
            } else {
                let article_fraction = if o >= 1 && (head[0].k == Ak::Article || head[0].one) {
                    let den_atoms = &at[1..=o];
                    let starts_with_scale = matches!(den_atoms[0].k, Ak::Hundred | Ak::Scale);
                    let single_round = o == 1 && atom.v >= 100.0;
                    let first_or_second = o == 1 && atom.v <= 2.0;
                    if (!starts_with_scale || single_round) && !first_or_second {
                        ordinal_full(den_atoms).map(|den| Reading {
                            value: 1.0 / den,
                            used: o + 1,
                            kind: NumKind::Fraction,
                            needs_clause_end: !at[1].hyphen,
                        })
                    } else {
                        None
                    }
                } else {
                    None
                };
                // A compound ordinal is written in words ("280 million first" is not one).
                let words_only = head.iter().all(|a| is_word_atom(a.k));
                article_fraction.or_else(|| {
                    ordinal_full(&at[..=o])
                        .filter(|_| words_only)
                        .map(|value| Reading {
                            value,
                            used: o + 1,
                            kind: NumKind::Ordinal,
                            needs_clause_end: false,
                        })
                })
            }
        }
        _ => None,
    };
    (reading.or(cardinal), cardinal)
}

/// Whether a number phrase can start at token `i`: a digit literal or a number word that
/// [`collect`] takes as a first atom. Most tokens are neither, and are turned away here before
/// any atom is collected.
pub(super) fn may_start_number(cx: &Cx, i: usize) -> bool {
    match cx.toks.get(i).map(|t| t.kind) {
        Some(Kind::Num(_)) => true,
        Some(Kind::Word(lex)) => matches!(
            lex,
            Lex::Card(_)
                | Lex::Tens(_)
                | Lex::Scale(_)
                | Lex::Ord(_)
                | Lex::OrdPlural(_)
                | Lex::Frac { .. }
                | Lex::Article
        ),
        _ => false,
    }
}

/// Reads the number phrase starting at token `i`.
pub(super) fn number_at(cx: &Cx, i: usize, opts: Opts) -> Option<Num> {
    let toks = cx.toks;
    let tok = toks.get(i)?;
    // "21st", "2nd": a rank written in digits.
    if let Kind::Num(lit) = tok.kind {
        let suffix = cx.word(i + 1).filter(|_| cx.gap(i + 1) == Gap::None);
        if lit.integer
            && suffix.is_some_and(|s| {
                tables::ORDINAL_SUFFIXES
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(s))
            })
        {
            return Some(Num {
                value: lit.value,
                t0: i,
                t1: i + 2,
                kind: NumKind::Ordinal,
                scale: 1.0,
                lit: Some(lit),
                integer: true,
                words: false,
            });
        }
    }
    if !may_start_number(cx, i) {
        return None;
    }
    let atoms = collect(cx, i);
    let at = atoms.as_slice();
    if at.is_empty() {
        return None;
    }
    let (reading, fallback) = interpret(at);
    let mut r = reading?;
    let end = at[r.used - 1].t1;
    if r.needs_clause_end
        && cx.next_is_word(end)
        && !cx.is_word(end, "of")
        && cx.gap(end) != Gap::None
    {
        r = fallback?;
    }
    // "two hundred first-generation students": the ordinal starts a compound adjective.
    if r.kind == NumKind::Ordinal
        && r.used > 1
        && cx.is_hyphen(end)
        && cx.gap(end) == Gap::None
        && cx.next_is_word(end + 1)
    {
        r = fallback?;
    }
    let used = &at[..r.used];
    let scale = used
        .iter()
        .filter(|a| matches!(a.k, Ak::Scale | Ak::Hundred | Ak::ScalePlural))
        .map(|a| a.v)
        .fold(1.0, f64::max);
    let words = used
        .iter()
        .all(|a| !matches!(a.k, Ak::Digits | Ak::Decimal | Ak::DigitFrac));
    let integer = r.kind == NumKind::Cardinal
        && used
            .iter()
            .all(|a| !matches!(a.k, Ak::Decimal | Ak::DigitFrac));
    let lit = if r.used == 1 { atoms.first_lit } else { None };
    let mut num = Num {
        value: r.value,
        t0: i,
        t1: used[r.used - 1].t1,
        kind: r.kind,
        scale,
        lit,
        integer,
        words,
    };
    if num.kind == NumKind::Cardinal && integer && words {
        spoken_decimal(cx, &mut num);
    }
    if opts.ratios && num.kind == NumKind::Cardinal && num.integer {
        ratio(cx, &mut num);
    }
    if !num.value.is_finite() {
        return None;
    }
    Some(num)
}

/// "two point five", "nought point nought three", "two hundred point seventy-one".
fn spoken_decimal(cx: &Cx, num: &mut Num) {
    let p = num.t1;
    if cx.lex(p) != Some(Lex::Point) || !cx.joined(p) {
        return;
    }
    let mut digits = 0.0_f64;
    let mut count = 0i32;
    let mut k = p + 1;
    while cx.joined(k) && count < 15 {
        let (v, width) = match cx.lex(k) {
            Some(Lex::Card(v)) => (v, if v < 10.0 { 1 } else { 2 }),
            Some(Lex::Tens(v)) => {
                // "seventy-one", "seventy one"
                let h = if cx.is_hyphen(k + 1) { k + 2 } else { k + 1 };
                match cx.lex(h) {
                    Some(Lex::Card(u)) if (1.0..=9.0).contains(&u) && cx.joined(h) => {
                        k = h;
                        (v + u, 2)
                    }
                    _ => (v, 2),
                }
            }
            _ => break,
        };
        digits = digits * 10f64.powi(width) + v;
        count += width;
        k += 1;
    }
    if count == 0 {
        return;
    }
    num.value += digits / 10f64.powi(count);
    num.t1 = k;
    num.integer = false;
    num.kind = NumKind::Cardinal;
}

fn is_year_literal(n: &Num) -> bool {
    n.lit.is_some_and(|l| {
        l.integer
            && !l.grouped
            && l.int_digits == 4
            && (tables::YEAR_MIN..=tables::YEAR_MAX).contains(&l.value)
    })
}

/// "one over three", "1 in twenty-one", "two out of five hundred".
fn ratio(cx: &Cx, num: &mut Num) {
    let p = num.t1;
    if !cx.joined(p) || cx.gap(p) == Gap::None {
        return;
    }
    let (over, den_at) = if cx.is_word(p, "over") {
        (true, p + 1)
    } else if cx.is_word(p, "in") {
        (false, p + 1)
    } else if cx.is_word(p, "out") && cx.is_word(p + 1, "of") && cx.joined(p + 1) {
        (false, p + 2)
    } else {
        return;
    };
    if !cx.joined(den_at) || cx.gap(den_at) == Gap::None {
        return;
    }
    let Some(den) = number_at(cx, den_at, Opts { ratios: false }) else {
        return;
    };
    if den.kind != NumKind::Cardinal || !den.integer || den.value <= 0.0 || is_year_literal(&den) {
        return;
    }
    // "over" is also a preposition of time and place ("$500 over 3 years"): only a fraction
    // when nothing more is said. "in"/"out of" need a proper fraction ("8 in 5" is not one).
    let ok = if over {
        !cx.next_is_word(den.t1)
    } else {
        num.value < den.value
    };
    if ok {
        num.value /= den.value;
        num.t1 = den.t1;
        num.kind = NumKind::Fraction;
        num.integer = false;
        num.lit = None;
        num.words = num.words && den.words;
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::tokenize;
    use super::*;

    fn read(text: &str) -> Option<(f64, String, NumKind)> {
        let toks = tokenize(text);
        let cx = Cx { text, toks: &toks };
        let n = number_at(&cx, 0, Opts { ratios: true })?;
        let span = text[toks[n.t0].start..toks[n.t1 - 1].end].to_string();
        Some((n.value, span, n.kind))
    }

    fn value(text: &str) -> f64 {
        read(text).map_or(f64::NAN, |r| r.0)
    }

    #[test]
    fn number_at_reads_cardinal_words() {
        assert_eq!(value("one hundred and six"), 106.0);
        assert_eq!(
            value("twenty-one trillion and three hundred"),
            21_000_000_000_300.0
        );
        assert_eq!(value("two hundred and two thousand"), 202_000.0);
        assert_eq!(value("two  thousand  and  two hundred"), 2200.0);
        assert_eq!(value("fifty - two"), 52.0);
        assert_eq!(value("ninety-five hundred"), 9500.0);
        assert_eq!(value("a dozen"), 12.0);
        assert_eq!(value("three hundred and two dozens"), 324.0);
    }

    #[test]
    fn number_at_mixes_digits_and_scales() {
        assert_eq!(value("4 thousand 3 hundred and 21"), 4321.0);
        assert_eq!(value("322 hundred"), 32_200.0);
        assert_eq!(value("1,674.5 million"), 1_674_500_000.0);
        assert_eq!(value("2.33 k"), 2330.0);
        assert_eq!(value("10G"), 1e10);
        assert_eq!(read("5G"), Some((5.0, "5".to_string(), NumKind::Cardinal)));
    }

    #[test]
    fn number_at_goes_back_before_a_second_number() {
        assert_eq!(
            read("3 hundred and 2 hundred").map(|r| r.1),
            Some("3 hundred".into())
        );
        assert_eq!(
            read("one hundred and three hundred").map(|r| r.1),
            Some("one hundred".into())
        );
        assert_eq!(
            read("4 thousand 3 hundred and 0").map(|r| r.0),
            Some(4300.0)
        );
    }

    #[test]
    fn number_at_reads_fractions() {
        assert!((value("two thirds") - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(value("one hundred and three quarters"), 100.75);
        assert_eq!(value("one hundred and thirty fifths"), 26.0);
        assert!((value("one hundred thirty fifths") - 100.0 / 35.0).abs() < 1e-12);
        assert_eq!(value("one hundred thirty two fifths"), 26.4);
        assert!((value("one hundred one thousand fifths") - 100.0 / 1005.0).abs() < 1e-12);
        assert_eq!(value("ninety - five hundred fifths"), 1900.0);
        assert!((value("a hundred thousand trillionths") - 1e-7).abs() < 1e-20);
        assert_eq!(value("two hundred and fifty-four hundredths"), 200.54);
        assert_eq!(value("one and a half"), 1.5);
        assert_eq!(value("five and a half million"), 5_500_000.0);
        assert_eq!(value("one billion and a half million"), 1_000_500_000.0);
        assert_eq!(value("3 million and a half"), 3_500_000.0);
        assert_eq!(value("half a dozen"), 6.0);
        assert_eq!(value("2  1/4"), 2.25);
    }

    #[test]
    fn number_at_reads_article_fractions_only_at_a_clause_end() {
        assert_eq!(value("a fifth"), 0.2);
        assert_eq!(value("a third of"), 1.0 / 3.0);
        assert_eq!(value("one-third majority"), 1.0 / 3.0);
        assert_eq!(read("a third grade"), None);
        assert_eq!(read("one third grade").map(|r| r.0), Some(1.0));
    }

    #[test]
    fn number_at_reads_ordinals() {
        assert_eq!(read("21st"), Some((21.0, "21st".into(), NumKind::Ordinal)));
        assert_eq!(
            read("twenty-first").map(|r| (r.0, r.2)),
            Some((21.0, NumKind::Ordinal))
        );
        assert_eq!(value("one hundred twenty fifth"), 125.0);
        assert_eq!(value("a hundred trillionth"), 1e14);
        assert_eq!(read("first class").map(|r| r.1), Some("first".into()));
        assert_eq!(read("a first class"), None);
    }

    #[test]
    fn number_at_reads_spoken_decimals_and_ratios() {
        assert_eq!(value("two hundred point zero three"), 200.03);
        assert_eq!(value("nought point eleven"), 0.11);
        assert_eq!(value("one over three"), 1.0 / 3.0);
        assert_eq!(value("1 in twenty-one"), 1.0 / 21.0);
        assert_eq!(value("two out of five hundred tvs"), 0.004);
        assert_eq!(value("8 in 5"), 8.0);
        assert_eq!(value("5 in 2023"), 5.0);
        assert_eq!(value("500 over 3 years"), 500.0);
    }
}
