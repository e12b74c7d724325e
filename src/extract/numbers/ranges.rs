//! Ranges over the quantities of [`super::quantity`]: two-sided ("between 3 and 5", "from 200
//! to 300", "20 through 100", "1000-5000") and one-sided ("more than 30", "up to 700", "500 or
//! more", "equal to 20"), and two one-sided ranges joined into one ("more than 10 and less
//! than 40"). A range span starts at its qualifier; the quantities inside stay items of their
//! own.

use super::NumberKind;
use super::lex::{Gap, Kind};
use super::quantity::Item;
use super::tables::{self, Side};
use super::words::{Cx, FirstWords, NumKind};
use std::sync::LazyLock;

/// First words of [`tables::RANGE_PREFIXES`].
static PREFIXES: LazyLock<FirstWords> = LazyLock::new(|| {
    FirstWords::new(
        tables::RANGE_PREFIXES
            .iter()
            .map(|e| e.0.first().copied().unwrap_or_default()),
    )
});
/// First words of [`tables::RANGE_POSTFIXES`].
static POSTFIXES: LazyLock<FirstWords> = LazyLock::new(|| {
    FirstWords::new(
        tables::RANGE_POSTFIXES
            .iter()
            .map(|e| e.0.first().copied().unwrap_or_default()),
    )
});
/// First words of [`tables::RANGE_CONNECTORS`].
static CONNECTORS: LazyLock<FirstWords> = LazyLock::new(|| {
    FirstWords::new(
        tables::RANGE_CONNECTORS
            .iter()
            .map(|e| e.0.first().copied().unwrap_or_default()),
    )
});

/// A range found in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Range {
    /// Lower bound; `None` when open.
    pub min: Option<f64>,
    /// Upper bound; `None` when open.
    pub max: Option<f64>,
    /// First token.
    pub t0: usize,
    /// Token after the last one.
    pub t1: usize,
}

impl Range {
    fn one_sided(&self) -> Option<Side> {
        match (self.min, self.max) {
            (Some(_), None) => Some(Side::Min),
            (None, Some(_)) => Some(Side::Max),
            _ => None,
        }
    }
}

struct Finder<'a> {
    cx: &'a Cx<'a>,
    items: &'a [Item],
    /// Item starting at each token, `usize::MAX` for none.
    at: Vec<usize>,
    /// For each token, the first token at or after it where an item starts (`usize::MAX` for
    /// none).
    next_item: Vec<usize>,
}

/// Most words of a [`tables::RANGE_PREFIXES`] entry. A prefix at token `i` ends by
/// `i + MAX_PREFIX_WORDS` and its number starts there or one "the" later, so a token with no
/// quantity in that window starts no prefixed range and the table is not looked up.
const MAX_PREFIX_WORDS: usize = max_words(tables::RANGE_PREFIXES);

const fn max_words(table: &[(&[&str], Side)]) -> usize {
    let mut max = 0;
    let mut k = 0;
    while k < table.len() {
        if table[k].0.len() > max {
            max = table[k].0.len();
        }
        k += 1;
    }
    max
}

impl Finder<'_> {
    /// The quantity at token `t` usable as a range end after other words of the range: (item
    /// index, token after it). Ordinals only after a qualifier or "between" ("the tenth").
    fn bound(&self, t: usize, ordinals: bool) -> Option<(usize, usize)> {
        if !self.cx.joined(t) {
            return None;
        }
        self.bound_here(t, ordinals)
    }

    /// Like [`Self::bound`] for the first token of a range.
    fn bound_here(&self, t: usize, ordinals: bool) -> Option<(usize, usize)> {
        let mut k = t;
        if ordinals && self.cx.is_word(t, "the") && self.cx.joined(t + 1) {
            k = t + 1;
        }
        let idx = *self.at.get(k)?;
        let it = self.items.get(idx)?;
        let ok = match it.kind {
            NumberKind::Ordinal => ordinals,
            NumberKind::Number | NumberKind::Percent | NumberKind::Money => k == t,
            NumberKind::Range => false,
        };
        ok.then_some((idx, it.t1))
    }

    /// Whether a range end starts at `t`, maybe after "than" or "to" ("or equal to 6000").
    fn bound_follows(&self, t: usize) -> bool {
        self.bound(t, true).is_some()
            || ((self.cx.is_word(t, "than") || self.cx.is_word(t, "to"))
                && self.bound(t + 1, true).is_some())
    }

    /// Whether a quantity starts at a token of `from..to`.
    fn item_starts_within(&self, from: usize, to: usize) -> bool {
        self.next_item.get(from).is_some_and(|&t| t < to)
    }

    fn value(&self, idx: usize) -> f64 {
        self.items[idx].value
    }

    /// Ends of a closed range; a first end without a scale word takes the scale of the second
    /// ("between 2 and 3 million", "3-5 million", "$5-10 million").
    fn ends(&self, a: usize, b: usize) -> (f64, f64) {
        let (x, y) = (&self.items[a], &self.items[b]);
        let mut lo = x.value;
        let same_measure = x.kind == y.kind && x.unit == y.unit
            || (x.kind == NumberKind::Money && y.kind == NumberKind::Number && y.unit.is_none());
        if x.num.scale == 1.0 && y.num.scale >= 1e3 && same_measure {
            let scaled = x.value * y.num.scale;
            if scaled <= y.value {
                lo = scaled;
            }
        }
        (lo, y.value)
    }

    /// Whether "a - b" is a range and not a date, phone number or code ("1995-01",
    /// "222-2222", "+1-222").
    fn dash_range_ok(&self, a: usize, b: usize) -> bool {
        let cx = self.cx;
        let (x, y) = (&self.items[a], &self.items[b]);
        if y.num.lit.is_some_and(|l| l.leading_zero) {
            return false;
        }
        if x.t0 > 0
            && cx.gap(x.t0) == Gap::None
            && matches!(cx.sym(x.t0 - 1), Some('-' | '+' | '/' | '–'))
        {
            return false;
        }
        if cx.gap(y.t1) == Gap::None
            && matches!(cx.sym(y.t1), Some('-' | '/' | '–'))
            && matches!(cx.toks.get(y.t1 + 1).map(|t| t.kind), Some(Kind::Num(_)))
        {
            return false;
        }
        let phone = matches!((x.num.lit, y.num.lit), (Some(l), Some(m))
            if l.integer && m.integer && !l.grouped && !m.grouped && l.int_digits == 3 && m.int_digits == 4);
        !phone
    }

    fn find(&self) -> Vec<Range> {
        let cx = self.cx;
        let mut out: Vec<Range> = Vec::new();
        let mut i = 0;
        while i < cx.toks.len() {
            // Every range starting at `i` has a quantity at `i` or within the words of its
            // qualifier after it ("between the tenth", "more than 30"): far from any quantity
            // there is nothing to read.
            if !self.item_starts_within(i, i + 2 + MAX_PREFIX_WORDS) {
                i += 1;
                continue;
            }
            // between X and Y
            if cx.is_word(i, "between") {
                if let Some((a, e1)) = self.bound(i + 1, true) {
                    if cx.is_word(e1, "and") && cx.joined(e1) {
                        if let Some((b, e2)) = self.bound(e1 + 1, true) {
                            let (lo, hi) = self.ends(a, b);
                            out.push(Range {
                                min: Some(lo.min(hi)),
                                max: Some(lo.max(hi)),
                                t0: i,
                                t1: e2,
                            });
                            i = e2;
                            continue;
                        }
                    }
                }
            }
            // from X to Y
            if cx.is_word(i, "from") {
                if let Some((a, e1)) = self.bound(i + 1, false) {
                    if let Some((_, e)) = cx.longest(e1, tables::RANGE_CONNECTORS, &CONNECTORS) {
                        if let Some((b, e2)) = self.bound(e, false) {
                            let (lo, hi) = self.ends(a, b);
                            if lo < hi {
                                out.push(Range {
                                    min: Some(lo),
                                    max: Some(hi),
                                    t0: i,
                                    t1: e2,
                                });
                                i = e2;
                                continue;
                            }
                        }
                    }
                }
            }
            // more than X, up to X, equal to X
            let prefix = if self.item_starts_within(i + 1, i + 2 + MAX_PREFIX_WORDS) {
                cx.longest(i, tables::RANGE_PREFIXES, &PREFIXES)
            } else {
                None
            };
            if let Some((side, e)) = prefix {
                // Ordinals only after a comparison: "higher than the tenth".
                let ordinals = cx.is_word(e - 1, "than");
                if let Some((a, e1)) = self.bound(e, ordinals) {
                    let v = self.value(a);
                    let mut side = side;
                    let mut end = e1;
                    match side {
                        Side::Exact => {
                            if let Some((s2, e2)) =
                                cx.longest(e1, tables::RANGE_POSTFIXES, &POSTFIXES)
                            {
                                if !self.bound_follows(e2) && cx.joined(e1) {
                                    side = s2;
                                    end = e2;
                                }
                            }
                        }
                        Side::Min | Side::Max => {
                            let or_equal = tables::RANGE_OR_EQUAL
                                .iter()
                                .filter_map(|w| cx.phrase(e1, w, false))
                                .max();
                            if let Some(e2) = or_equal {
                                if !self.bound_follows(e2) && cx.joined(e1) {
                                    end = e2;
                                }
                            }
                        }
                    }
                    out.push(one_sided(side, v, i, end));
                    i = end;
                    continue;
                }
            }
            // X to Y, X - Y, X or more, X+
            if let Some((a, e1)) = self.bound_here(i, false) {
                if let Some((dash, e)) = cx.longest(e1, tables::RANGE_CONNECTORS, &CONNECTORS) {
                    if let Some((b, e2)) = self.bound(e, false) {
                        let (lo, hi) = self.ends(a, b);
                        if lo < hi && (!dash || self.dash_range_ok(a, b)) {
                            out.push(Range {
                                min: Some(lo),
                                max: Some(hi),
                                t0: i,
                                t1: e2,
                            });
                            i = e2;
                            continue;
                        }
                    }
                }
                if let Some((side, e2)) = cx.longest(e1, tables::RANGE_POSTFIXES, &POSTFIXES) {
                    if !self.bound_follows(e2) && cx.joined(e1) {
                        out.push(one_sided(side, self.value(a), i, e2));
                        i = e2;
                        continue;
                    }
                }
                if cx.sym(e1) == Some('+')
                    && cx.gap(e1) == Gap::None
                    && !matches!(
                        cx.toks.get(e1 + 1).map(|t| (t.kind, t.gap)),
                        Some((Kind::Num(_), Gap::None))
                    )
                    && self.items[a].num.kind == NumKind::Cardinal
                {
                    out.push(one_sided(Side::Min, self.value(a), i, e1 + 1));
                    i = e1 + 1;
                    continue;
                }
                i = e1;
                continue;
            }
            i += 1;
        }
        self.join(out)
    }

    /// Joins "more than 10 and less than 40" into [10, 40]; ends that do not close a range
    /// ("more than 40 and less than 10") stay apart.
    fn join(&self, ranges: Vec<Range>) -> Vec<Range> {
        let mut out = Vec::with_capacity(ranges.len());
        let mut k = 0;
        while k < ranges.len() {
            let r = ranges[k];
            if let Some(next) = ranges.get(k + 1) {
                if let Some(merged) = self.joined(&r, next) {
                    out.push(merged);
                    k += 2;
                    continue;
                }
            }
            out.push(r);
            k += 1;
        }
        out
    }

    fn joined(&self, a: &Range, b: &Range) -> Option<Range> {
        let (sa, sb) = (a.one_sided()?, b.one_sided()?);
        if sa == sb {
            return None;
        }
        let between = tables::RANGE_JOINERS
            .iter()
            .any(|w| self.cx.phrase(a.t1, w, false) == Some(b.t0));
        if !between || !self.cx.joined(b.t0) {
            return None;
        }
        let (lo, hi) = if sa == Side::Min {
            (a.min?, b.max?)
        } else {
            (b.min?, a.max?)
        };
        (lo < hi).then_some(Range {
            min: Some(lo),
            max: Some(hi),
            t0: a.t0,
            t1: b.t1,
        })
    }
}

fn one_sided(side: Side, v: f64, t0: usize, t1: usize) -> Range {
    let (min, max) = match side {
        Side::Min => (Some(v), None),
        Side::Max => (None, Some(v)),
        Side::Exact => (Some(v), Some(v)),
    };
    Range { min, max, t0, t1 }
}

/// The ranges over `items` (quantities of `cx`, in order).
pub(super) fn find(cx: &Cx, items: &[Item]) -> Vec<Range> {
    if items.is_empty() {
        // Every range has a quantity at one end.
        return Vec::new();
    }
    let mut at = vec![usize::MAX; cx.toks.len() + 1];
    for (k, it) in items.iter().enumerate() {
        if let Some(slot) = at.get_mut(it.t0) {
            *slot = k;
        }
    }
    let mut next_item = vec![usize::MAX; at.len()];
    let mut next = usize::MAX;
    for t in (0..at.len()).rev() {
        if at[t] != usize::MAX {
            next = t;
        }
        next_item[t] = next;
    }
    Finder {
        cx,
        items,
        at,
        next_item,
    }
    .find()
}
