//! Named programs: programs, initiatives, pathways, toolkits, plans, goals, models, councils,
//! task forces and named events a release mentions.
//!
//! Rules, each named in the `rule` column:
//! - `acronym_definition`: the capitalised long form of an acronym definition, when it is not an
//!   organisation, a person's title, a law, a document or a generic topic
//!   ("Career Technical Education (CTE)").
//! - `head_word`: capitalised words ending in a program head word ([`PROGRAM_HEADS`]), with a
//!   title possessive before them ("Superintendent’s … Council"), a "for/on/of" continuation
//!   ("… Toolkit for Equity-Centered Partnerships") and a colon subtitle ("… Toolkit: Earn
//!   Credit Early").
//! - `quoted_name`: a quoted capitalised name ending in a head word (the “Valley Model”) or
//!   followed by a program word (“Read More” campaign).
//! - `goal_year`: a goal word and a year ("Vision 2030"), or a capitalised word and a year the
//!   sentence calls a goal.
//! - `known_program`: a well-known national program without a head word ([`KNOWN_PROGRAMS`]).
//! - `appositive_program`: a name whose appositive is a program noun ([`PROGRAM_NOUNS`]):
//!   "Homework Help Zone, a free after-school tutoring service".
//! - `name_program_noun`: a capitalised name right before a program noun ("the Youth Ride Free
//!   program", "the Parks After Dark series").
//! - `launch_cue`: a capitalised name right after a launch verb ([`LAUNCH_VERBS`](super::lexicon::LAUNCH_VERBS)).
//!
//! A leading "the" and the publisher's possessive are left out of names. Names made of generic
//! words ("the City Council"), names inside organisations' names, laws, documents and periods
//! ([`NOT_PROGRAM_TAILS`], [`LAW_LEADS`](super::lexicon::LAW_LEADS)) are not programs; in a heading, a head-word name must
//! start the heading ("Expanding Bilingual Pathways" is a description). This module also holds
//! `analyse`, which finds programs and organisations together and settles their conflicts, and
//! `MentionIndex`, which counts mentions in one pass.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::acronyms::{self, Definition};
use super::lexicon::{
    GENERIC_LONG_FORMS, KNOWN_PROGRAMS, NOT_PROGRAM_TAILS, PERSON_TAILS, PROGRAM_HEADS,
    PROGRAM_NOUNS,
};
use super::partners::{
    Coverage, MAX_NAME_WORDS, OrgSpan, Publisher, all_generic, and_joins, appositive_np,
    dedupe_orgs, entry_words, is_name_word, is_open_quote, matches_at, np_ends_with,
    raw_org_candidates, scan_back_connected, scan_forward, slug, strip_leading_noise,
};
use super::sentences::{BySentence, Doc};
use super::word_classes::attr;
use super::wordset::fold;
use super::{Lexicon, Program};
use crate::release::Release;

/// A program name found at one place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProgSpan {
    /// First token of the name.
    pub first: usize,
    /// Last token of the name (inclusive).
    pub last: usize,
    /// The rule that found it.
    pub rule: &'static str,
    /// Acronym the release defines for it.
    pub acronym: Option<String>,
}

/// Programs and organisations of one release, found together so that neither takes the
/// other's words.
#[derive(Debug, Clone)]
pub(crate) struct Analysis<'a> {
    /// The segmented release.
    pub doc: Doc<'a>,
    /// Acronym definitions.
    pub defs: Vec<Definition>,
    /// Organisation names (publisher and its own units left out), by first token.
    pub orgs: Vec<OrgSpan>,
    /// Which organisation span covers each token.
    pub org_at: Coverage,
    /// Program names.
    pub programs: Vec<ProgSpan>,
    /// Which program span covers each token.
    pub program_at: Coverage,
    /// Where the publisher is named.
    pub publisher: Publisher,
    /// The organisation names the rules found, sentence by sentence (for [`reanalyse`]).
    raw_orgs: BySentence<OrgSpan>,
    /// The program names the word rules found, sentence by sentence (for [`reanalyse`]).
    raw_programs: BySentence<ProgSpan>,
    /// Which organisation other than a role cue's covers each token (for [`reanalyse`]).
    named_orgs: Coverage,
}

impl<'a> Analysis<'a> {
    /// Tokens of acronyms inside their own definitions, sorted.
    pub fn definition_acronyms(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.defs.iter().map(|d| d.acronym_token).collect();
        v.sort_unstable();
        v
    }

    /// The text of tokens `first..=last` as written, a final possessive left out and white space
    /// collapsed.
    pub fn name_text(&self, first: usize, last: usize) -> String {
        self.name_str(first, last).into_owned()
    }

    /// [`Analysis::name_text`], borrowed from the body when it needs no change.
    pub fn name_str(&self, first: usize, last: usize) -> Cow<'a, str> {
        let doc = &self.doc;
        let text = &doc.body[doc.tokens[first].start..doc.end_without_possessive(last)];
        super::sentences::collapse_whitespace_cow(text)
    }
}

/// Finds the acronym definitions, organisations and programs of a release and settles their
/// conflicts: an organisation inside a program name is dropped ("Community College" in a
/// toolkit's name), a program inside an organisation name is dropped.
pub(crate) fn analyse<'a>(release: &'a Release, lexicon: &Lexicon) -> Analysis<'a> {
    let doc = Doc::new(release);
    let defs = acronyms::find(&doc);
    analyse_doc(doc, defs, lexicon)
}

/// [`analyse`] on a release already segmented (`doc`) with its acronym definitions (`defs`,
/// from [`acronyms::find`]).
pub(crate) fn analyse_doc<'a>(
    doc: Doc<'a>,
    defs: Vec<Definition>,
    lexicon: &Lexicon,
) -> Analysis<'a> {
    let publisher = Publisher::find(&doc, lexicon);
    settle(doc, defs, publisher, None)
}

/// The release of an analysis analysed again with other publisher names. The segmentation and
/// the acronym definitions do not depend on the publisher, and the rules look at one sentence
/// at a time: only the sentences where the publisher's tokens (or, for programs, the
/// organisations' tokens) changed are searched again. The result is the one [`analyse_doc`]
/// would give.
pub(crate) fn reanalyse<'a>(previous: Analysis<'a>, lexicon: &Lexicon) -> Analysis<'a> {
    let publisher = Publisher::find(&previous.doc, lexicon);
    let Analysis {
        doc,
        defs,
        publisher: before,
        raw_orgs,
        raw_programs,
        named_orgs,
        ..
    } = previous;
    let again: Vec<bool> = doc
        .sentence_tokens
        .iter()
        .map(|r| publisher.token[r.clone()] != before.token[r.clone()])
        .collect();
    let earlier = Earlier {
        again,
        raw_orgs,
        raw_programs,
        named_orgs,
    };
    settle(doc, defs, publisher, Some(earlier))
}

/// What an earlier analysis of the same release found, for [`reanalyse`].
struct Earlier {
    /// Sentences whose publisher tokens changed.
    again: Vec<bool>,
    raw_orgs: BySentence<OrgSpan>,
    raw_programs: BySentence<ProgSpan>,
    named_orgs: Coverage,
}

/// Finds the organisations and programs of a segmented release whose publisher is known and
/// settles their conflicts; `earlier` lends what an earlier analysis found in the sentences
/// that did not change.
fn settle<'a>(
    doc: Doc<'a>,
    defs: Vec<Definition>,
    publisher: Publisher,
    earlier: Option<Earlier>,
) -> Analysis<'a> {
    let raw_orgs = raw_org_candidates(
        &doc,
        &publisher,
        &defs,
        earlier.as_ref().map(|e| (&e.raw_orgs, e.again.as_slice())),
    );
    let mut orgs = dedupe_orgs(&doc, raw_orgs.items.clone());
    let n = doc.tokens.len();
    let org_at = Coverage::new(n, orgs.iter().map(|o| (o.first, o.last)));
    for d in &defs {
        let last = d.long_tokens.end - 1;
        if let Some(k) = org_at.at(last).filter(|&k| orgs[k].last == last) {
            orgs[k].acronym = Some(d.acronym.clone());
        }
    }
    // Programs inside an organisation's name are dropped, except inside a name found only by a
    // role cue ("funded by Title I" names a program, not an organisation).
    let named_orgs = Coverage::new(
        n,
        orgs.iter().map(|o| {
            if o.rule == "role_cue_name" {
                (1, 0)
            } else {
                (o.first, o.last)
            }
        }),
    );
    // The program rules ask only whether a token is inside a named organisation.
    let again: Option<Vec<bool>> = earlier.as_ref().map(|e| {
        doc.sentence_tokens
            .iter()
            .zip(&e.again)
            .map(|(r, &again)| {
                again
                    || r.clone()
                        .any(|t| named_orgs.at(t).is_some() != e.named_orgs.at(t).is_some())
            })
            .collect()
    });
    let raw_programs = raw_candidates(
        &doc,
        &publisher,
        &defs,
        &named_orgs,
        earlier
            .as_ref()
            .zip(again.as_deref())
            .map(|(e, again)| (&e.raw_programs, again)),
    );
    let programs: Vec<ProgSpan> =
        settle_candidates(&doc, &publisher, &defs, &named_orgs, &raw_programs)
            .into_iter()
            .filter(|p| match org_at.contains(p.first, p.last) {
                None => true,
                // Under a role cue, only a name that says it is a program stays one ("funded
                // by the Youth Arts Program", "Title I"); a defined name is the organisation
                // ("in partnership with the Centers for Health and Safety (CHS)").
                Some(k) if orgs[k].rule == "role_cue_name" => {
                    p.rule != "acronym_definition" || PROGRAM_HEADS.contains(&doc.key(p.last))
                }
                Some(_) => false,
            })
            .collect();
    let program_at = Coverage::new(n, programs.iter().map(|p| (p.first, p.last)));
    let orgs: Vec<OrgSpan> = orgs
        .into_iter()
        .filter(|o| {
            if o.rule == "role_cue_name" {
                return !program_at.touches(o.first, o.last);
            }
            program_at
                .contains(o.first, o.last)
                .is_none_or(|k| (programs[k].first, programs[k].last) == (o.first, o.last))
        })
        .collect();
    let org_at = Coverage::new(n, orgs.iter().map(|o| (o.first, o.last)));
    Analysis {
        doc,
        defs,
        orgs,
        org_at,
        programs,
        program_at,
        publisher,
        raw_orgs,
        raw_programs,
        named_orgs,
    }
}

/// Mentions of one name (or of its short forms).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mentions {
    /// How many.
    pub count: usize,
    /// First and last token of the first mention.
    pub first: (usize, usize),
    /// First token of every mention.
    pub positions: Vec<usize>,
}

/// Token sequences of names, looked up at every token in one pass (longest first, mentions
/// never overlap). Linear in the number of tokens times the number of names sharing a first
/// word. The names borrow the keys of the release's own tokens; nothing is hashed.
#[derive(Debug, Clone, Default)]
pub(crate) struct MentionIndex<'k> {
    /// Every distinct name with its entity.
    names: Vec<IndexedName<'k>>,
    ids: usize,
}

/// One name of a [`MentionIndex`].
#[derive(Debug, Clone)]
struct IndexedName<'k> {
    /// Fold of the first word ([`Doc::folds`]).
    first: u128,
    /// The words, as [`Doc::keys`].
    words: NameWords<'k>,
    /// The entity.
    id: usize,
}

/// The words of an indexed name: keys of a span of tokens, or one word of its own (an
/// acronym and its plural).
#[derive(Debug, Clone)]
enum NameWords<'k> {
    Keys(&'k [Cow<'k, str>]),
    Word(String),
}

impl NameWords<'_> {
    fn len(&self) -> usize {
        match self {
            NameWords::Keys(k) => k.len(),
            NameWords::Word(_) => 1,
        }
    }

    fn first(&self) -> &str {
        match self {
            NameWords::Keys(k) => k.first().map_or("", |w| &**w),
            NameWords::Word(w) => w,
        }
    }

    /// Whether `keys` are these words.
    fn is(&self, keys: &[Cow<'_, str>]) -> bool {
        match self {
            NameWords::Keys(k) => k.len() == keys.len() && k.iter().zip(keys).all(|(a, b)| a == b),
            NameWords::Word(w) => keys.len() == 1 && keys[0] == **w,
        }
    }
}

impl<'k> MentionIndex<'k> {
    /// Adds a name (as [`Doc::keys`] words) for entity `id`; the first entity to add a sequence
    /// keeps it.
    pub fn add(&mut self, words: &'k [Cow<'k, str>], id: usize) {
        self.push(NameWords::Keys(words), id);
    }

    /// Adds an acronym and its plural for entity `id`.
    pub fn add_acronym(&mut self, acronym: &str, id: usize) {
        let key = acronym.replace('’', "'");
        self.push(NameWords::Word(format!("{key}s")), id);
        self.push(NameWords::Word(key), id);
    }

    fn push(&mut self, words: NameWords<'k>, id: usize) {
        if words.len() == 0 {
            return;
        }
        self.ids = self.ids.max(id + 1);
        let first = fold(words.first());
        let known = self.names.iter().any(|n| {
            n.first == first
                && n.words.len() == words.len()
                && match &words {
                    NameWords::Keys(k) => n.words.is(k),
                    NameWords::Word(w) => n.words.is(&[Cow::Borrowed(w.as_str())]),
                }
        });
        if !known {
            self.names.push(IndexedName { first, words, id });
        }
    }

    /// Counts the mentions of every entity; tokens in `skip` (sorted: acronyms inside their own
    /// definitions) are not mentions on their own.
    pub fn count(&self, doc: &Doc<'_>, skip: &[usize]) -> Vec<Mentions> {
        let mut out = vec![Mentions::default(); self.ids];
        // By first word, longest first.
        let mut names: Vec<&IndexedName<'k>> = self.names.iter().collect();
        names.sort_by_key(|n| (n.first, std::cmp::Reverse(n.words.len())));
        // A 4096-bit filter over the first words: most tokens are turned away by one bit.
        let mut filter = [0u64; 64];
        for n in &names {
            let b = filter_bit(n.first);
            filter[b / 64] |= 1 << (b % 64);
        }
        for range in &doc.sentence_tokens {
            let mut i = range.start;
            while i < range.end {
                let f = doc.folds[i];
                let b = filter_bit(f);
                if filter[b / 64] & (1 << (b % 64)) == 0 {
                    i += 1;
                    continue;
                }
                let lo = names.partition_point(|n| n.first < f);
                // At most one name of each length spells the tokens from `i`.
                let hit = names[lo..]
                    .iter()
                    .take_while(|n| n.first == f)
                    .find_map(|n| {
                        let len = n.words.len();
                        let keys = doc.keys.get(i..i + len).filter(|_| i + len <= range.end)?;
                        (n.words.is(keys) && (len > 1 || skip.binary_search(&i).is_err()))
                            .then_some((len, n.id))
                    });
                match hit {
                    Some((n, id)) => {
                        let m = &mut out[id];
                        if m.count == 0 {
                            m.first = (i, i + n - 1);
                        }
                        m.count += 1;
                        m.positions.push(i);
                        i += n;
                    }
                    None => i += 1,
                }
            }
        }
        out
    }
}

/// The bit of a fold in [`MentionIndex::count`]'s filter.
fn filter_bit(folded: u128) -> usize {
    let x = (folded as u64) ^ ((folded >> 64) as u64);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// Whether token `i` is a head word of a program name; returns the head's first token (two-word
/// heads such as "Task Force").
fn head_at(doc: &Doc<'_>, heads: &[Vec<String>], lo: usize, hi: usize, i: usize) -> Option<usize> {
    heads.iter().find_map(|w| {
        let n = w.len();
        (i + 1 >= lo + n && matches_at(doc, i + 1 - n, hi, w) && is_name_word(doc, i + 1 - n))
            .then(|| i + 1 - n)
    })
}

/// Scans back from token `pos` (exclusive) over the words of a program name. Title
/// possessives stay ("Superintendent’s"); other possessives and the publisher end the scan.
fn scan_back_program(doc: &Doc<'_>, publisher: &Publisher, lo: usize, pos: usize) -> usize {
    let mut j = pos;
    let mut steps = 0;
    let mut connectors = 0;
    while j > lo && steps < MAX_NAME_WORDS {
        let t = j - 1;
        if publisher.is(t) {
            break;
        }
        if !is_name_word(doc, t) {
            // "Teaching and Learning Academy"
            if matches!(doc.key(t), "and" | "&") && and_joins(doc, lo, t) {
                j = t;
                steps += 1;
                continue;
            }
            // "Arts for All Students Festival": one "for"/"of" between capitalised words.
            if matches!(doc.key(t), "for" | "of")
                && connectors == 0
                && j < pos
                && t > lo
                && is_name_word(doc, t - 1)
                && !publisher.is(t - 1)
                && !doc.possessive[t - 1]
                && !doc.has(t - 1, attr::ENDS_A_NAME)
            {
                connectors += 1;
                j = t;
                steps += 1;
                continue;
            }
            break;
        }
        if doc.attrs[t] & (attr::POSSESSIVE | attr::POSSESSIVE_TITLE) == attr::POSSESSIVE {
            break;
        }
        j = t;
        steps += 1;
    }
    j
}

/// Weekdays and months: a "for/on" continuation never starts with one ("Summit on Friday").
pub(crate) const CALENDAR_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
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

/// Lower-case words allowed inside a colon subtitle between capitalised words.
pub(crate) const SUBTITLE_FUNCTION_WORDS: &[&str] = &[
    "in", "of", "for", "the", "and", "to", "a", "an", "on", "with", "&", "at", "by",
];

/// Whether any token in `first..=last` is inside an organisation span or the publisher.
fn touches_org(orgs: &Coverage, publisher: &Publisher, first: usize, last: usize) -> bool {
    (first..=last).any(|k| publisher.is(k)) || orgs.touches(first, last)
}

/// `head_word`: the program name whose head ends at token `i`.
fn head_word_program(
    doc: &Doc<'_>,
    publisher: &Publisher,
    orgs: &Coverage,
    heads: &[Vec<String>],
    lo: usize,
    hi: usize,
    i: usize,
) -> Option<ProgSpan> {
    let head_first = head_at(doc, heads, lo, hi, i)?;
    // The name goes on after the head: the later head (if any) makes the name.
    if !doc.possessive[i] && i + 1 < hi && is_name_word(doc, i + 1) {
        return None;
    }
    let back = scan_back_program(doc, publisher, lo, head_first);
    let first = strip_leading_noise(doc, lo, back, head_first);
    if first == head_first {
        return None;
    }
    let located = i + 2 < hi && matches!(doc.key(i + 1), "at" | "in") && is_name_word(doc, i + 2);
    // The publisher's own academy is a program it runs ("its Safe Schools Academy").
    let owned = first > lo
        && (publisher.is(first - 1) || matches!(doc.key(first - 1), "its" | "our" | "Our"));
    if matches!(doc.key(i), "Academy" | "Institute")
        && !located
        && !owned
        && !(first..i).any(|k| doc.has(k, attr::ACADEMY_WORD))
    {
        return None;
    }
    let mut last = i;
    // "for/on/of" continuation: "… Toolkit for Equity-Centered Partnerships".
    if !doc.possessive[i]
        && i + 2 < hi
        && matches!(doc.key(i + 1), "for" | "on" | "of")
        && is_name_word(doc, i + 2)
        && !doc.has(i + 2, attr::CALENDAR)
    {
        let end = scan_forward(doc, publisher, i + 2, hi, true);
        if end > i + 2 && !touches_org(orgs, publisher, i + 2, end - 1) {
            last = end - 1;
        }
    }
    // Colon subtitle: "… Toolkit: Earn College Credit in High School".
    if !doc.possessive[last]
        && last + 2 < hi
        && doc.text(last + 1) == ":"
        && is_name_word(doc, last + 2)
    {
        let mut j = last + 2;
        let mut sub_last = None;
        while j < hi && j - last < 16 {
            if is_name_word(doc, j) {
                sub_last = Some(j);
            } else if !(doc.tokens[j].is_word() || doc.text(j) == "&")
                || !doc.has(j, attr::SUBTITLE_WORD)
            {
                break;
            }
            j += 1;
        }
        if let Some(s) = sub_last {
            last = s;
        }
    }
    // Generic words and a head ("the City Council", "an Advisory Council") are not a name.
    if last == i && all_generic(doc, first, head_first) {
        return None;
    }
    // In a heading every word is capitalised: a name there must start the heading
    // ("Expanding Bilingual Pathways" describes, "Health Science Academy at …" names).
    let heading_start =
        (lo..first).find(|&k| doc.attrs[k] & (attr::WORD | attr::THE) == attr::WORD);
    if heading_start.is_some() && doc.is_heading(doc.token_sentence[i]) {
        return None;
    }
    let quoted = first > lo
        && is_open_quote(doc, first - 1)
        && last + 1 < hi
        && is_close_quote(doc, last + 1);
    Some(ProgSpan {
        first,
        last,
        rule: if quoted { "quoted_name" } else { "head_word" },
        acronym: None,
    })
}

/// Whether token `i` is a closing quote mark.
fn is_close_quote(doc: &Doc<'_>, i: usize) -> bool {
    matches!(doc.text(i), "”" | "\"" | "’")
}

/// `quoted_name`: “Capitalised Name” followed by a program word.
fn quoted_program(
    doc: &Doc<'_>,
    publisher: &Publisher,
    hi: usize,
    open: usize,
) -> Option<ProgSpan> {
    if !is_open_quote(doc, open) {
        return None;
    }
    let mut close = open + 1;
    while close < hi && close - open <= 10 && doc.tokens[close].is_word() {
        close += 1;
    }
    if close >= hi || !is_close_quote(doc, close) || close == open + 1 {
        return None;
    }
    let (first, last) = (open + 1, close - 1);
    let all_name = (first..=last).all(|k| doc.has(k, attr::NAME | attr::SUBTITLE_WORD));
    // A program word after the quote (“Read More” campaign) or before it (the campaign “Read
    // More”, a program called “Read More”).
    let cue_after = close + 1 < doc.tokens.len() && doc.has(close + 1, attr::QUOTED_CUE);
    let before = |k: usize| open >= k && doc.has(open - k, attr::QUOTED_CUE);
    let named = open >= 1 && matches!(doc.key(open - 1), "called" | "named" | "dubbed");
    let cue = cue_after || before(1) || (named && open >= 2 && (before(2) || before(3)));
    (all_name
        && cue
        && is_name_word(doc, first)
        && is_name_word(doc, last)
        && !(first..=last).any(|k| publisher.is(k)))
    .then_some(ProgSpan {
        first,
        last,
        rule: "quoted_name",
        acronym: None,
    })
}

/// Whether the name `first..=last` may be a program found by a cue (an appositive, a program
/// noun, a launch verb): proper words, not an organisation, the publisher, a defined acronym or
/// a law, document or period ([`NOT_PROGRAM_TAILS`]).
fn cue_name_ok(
    doc: &Doc<'_>,
    publisher: &Publisher,
    orgs: &Coverage,
    acronyms: &HashSet<&str>,
    first: usize,
    last: usize,
) -> bool {
    first <= last
        && is_name_word(doc, first)
        && !(first..=last).all(|k| doc.has(k, attr::NOISE))
        && is_name_word(doc, last)
        && !touches_org(orgs, publisher, first, last)
        && !all_generic(doc, first, last + 1)
        && !(first == last && acronyms.contains(doc.key(first)))
        && !doc.has(last, attr::NOT_PROGRAM_TAIL | attr::PERSON_TAIL)
        && !(doc.has(first, attr::LAW_LEAD) && first < last)
}

/// `appositive_program`: "Homework Help Zone, a free after-school tutoring service", "Camp
/// Willow, the district’s day camp".
fn appositive_program(
    doc: &Doc<'_>,
    publisher: &Publisher,
    orgs: &Coverage,
    acronyms: &HashSet<&str>,
    lo: usize,
    hi: usize,
    comma: usize,
) -> Option<ProgSpan> {
    if comma == lo || !doc.tokens[comma - 1].is_word() {
        return None;
    }
    let (np, plural) = appositive_np(doc, hi, comma)?;
    if plural || !PROGRAM_NOUNS.iter().any(|n| np_ends_with(doc, &np, n)) {
        return None;
    }
    let (back, own) = scan_back_connected(doc, publisher, lo, comma);
    let first = strip_leading_noise(doc, lo, back, comma - 1);
    (!own && cue_name_ok(doc, publisher, orgs, acronyms, first, comma - 1)).then_some(ProgSpan {
        first,
        last: comma - 1,
        rule: "appositive_program",
        acronym: None,
    })
}

/// `name_program_noun`: a capitalised name right before a program noun ("the Youth Ride Free
/// program", "the Parks After Dark series").
fn noun_program(
    doc: &Doc<'_>,
    publisher: &Publisher,
    orgs: &Coverage,
    acronyms: &HashSet<&str>,
    lo: usize,
    i: usize,
) -> Option<ProgSpan> {
    if i == lo
        || doc.attrs[i] & (attr::PROGRAM_NOUN | attr::PLAIN) != attr::PROGRAM_NOUN | attr::PLAIN
        || !is_name_word(doc, i - 1)
        || doc.possessive[i - 1]
    {
        return None;
    }
    // "In partnership with …", "a Riverton partnership between …": the noun is not a head.
    if doc
        .keys
        .get(i + 1)
        .is_some_and(|k| matches!(&**k, "with" | "between" | "among"))
    {
        return None;
    }
    let (back, own) = scan_back_connected(doc, publisher, lo, i);
    let first = strip_leading_noise(doc, lo, back, i - 1);
    (!own && cue_name_ok(doc, publisher, orgs, acronyms, first, i - 1)).then_some(ProgSpan {
        first,
        last: i - 1,
        rule: "name_program_noun",
        acronym: None,
    })
}

/// `launch_cue`: a capitalised name right after a launch verb ("launched Well Child on Wheels").
fn launch_program(
    doc: &Doc<'_>,
    publisher: &Publisher,
    orgs: &Coverage,
    acronyms: &HashSet<&str>,
    hi: usize,
    i: usize,
) -> Option<ProgSpan> {
    if doc.attrs[i] & (attr::LAUNCH_VERB | attr::PLAIN) != attr::LAUNCH_VERB | attr::PLAIN {
        return None;
    }
    let mut first = i + 1;
    while first < hi && matches!(doc.key(first), "the" | "a" | "its" | "their" | "new") {
        first += 1;
    }
    if first >= hi || !is_name_word(doc, first) {
        return None;
    }
    // Capitalised words and connectors between them.
    let mut last = first;
    let mut j = first + 1;
    while j < hi && j - first < MAX_NAME_WORDS {
        if is_name_word(doc, j) {
            last = j;
            if doc.possessive[j] {
                break;
            }
        } else if !(doc.has(j, attr::LAUNCH_CONNECTOR) && j + 1 < hi && is_name_word(doc, j + 1)) {
            break;
        }
        j += 1;
    }
    // The name must end there: punctuation or a lower-case word that is not part of it.
    (cue_name_ok(doc, publisher, orgs, acronyms, first, last)
        && (last + 1 >= hi || !is_name_word(doc, last + 1)))
    .then_some(ProgSpan {
        first,
        last,
        rule: "launch_cue",
        acronym: None,
    })
}

/// Connectors a launched name may hold between capitalised words.
pub(crate) const CONNECTOR_WORDS: &[&str] = &["of", "on", "for", "the", "and", "&", "to", "in"];

/// `goal_year`: "Vision 2030", or "Name 2030 goal".
fn goal_program(doc: &Doc<'_>, lo: usize, hi: usize, i: usize) -> Option<ProgSpan> {
    const GOAL_NOUNS: &[&str] = &[
        "goal",
        "goals",
        "plan",
        "initiative",
        "agenda",
        "vision",
        "target",
    ];
    if i + 1 >= hi
        || doc.attrs[i] & (attr::NAME | attr::POSSESSIVE) != attr::NAME
        || !doc.has(i + 1, attr::YEAR)
    {
        return None;
    }
    let goal_word = doc.has(i, attr::GOAL_WORD);
    let called_goal = doc
        .keys
        .get(i + 2)
        .is_some_and(|k| GOAL_NOUNS.contains(&&**k));
    if !(goal_word || (called_goal && strip_leading_noise(doc, lo, i, i + 1) == i)) {
        return None;
    }
    Some(ProgSpan {
        first: i,
        last: i + 1,
        rule: "goal_year",
        acronym: None,
    })
}

/// `known_program`: a gazetteer name standing alone (not inside a longer capitalised name).
fn known_program(
    doc: &Doc<'_>,
    known: &[Vec<String>],
    lo: usize,
    hi: usize,
    i: usize,
) -> Option<ProgSpan> {
    let words = known.iter().find(|w| matches_at(doc, i, hi, w))?;
    let last = i + words.len() - 1;
    let before_ok =
        i == lo || !is_name_word(doc, i - 1) || strip_leading_noise(doc, lo, i - 1, i) == i;
    let after_ok = doc.possessive[last] || last + 1 >= hi || !is_name_word(doc, last + 1);
    (before_ok && after_ok).then_some(ProgSpan {
        first: i,
        last,
        rule: "known_program",
        acronym: None,
    })
}

/// `acronym_definition`: the long form of a definition, when it names a program.
fn definition_program(
    doc: &Doc<'_>,
    publisher: &Publisher,
    orgs: &Coverage,
    d: &Definition,
) -> Option<ProgSpan> {
    let (first, last) = (d.long_tokens.start, d.long_tokens.end - 1);
    let capitalised = (first..=last).all(|k| {
        is_name_word(doc, k)
            || acronyms::FUNCTION_WORDS.contains(&doc.keys[k].to_lowercase().as_str())
    }) && is_name_word(doc, first);
    let tail = doc.key(last);
    let long_lower = doc.body[d.long.clone()].to_lowercase().replace('’', "'");
    let generic = GENERIC_LONG_FORMS.contains(&long_lower.as_str());
    let is_org = orgs.touches(first, last);
    let is_publisher = (first..=last).any(|k| publisher.is(k)) || publisher.is(d.acronym_token);
    (capitalised
        && !generic
        && !is_org
        && !is_publisher
        && !NOT_PROGRAM_TAILS.contains(&tail)
        && !PERSON_TAILS.contains(&tail))
    .then_some(ProgSpan {
        first,
        last,
        rule: "acronym_definition",
        acronym: Some(d.acronym.clone()),
    })
}

/// The program tables as words, built once.
struct ProgramTables {
    /// [`PROGRAM_HEADS`], longest first.
    heads: Vec<Vec<String>>,
    /// [`KNOWN_PROGRAMS`], longest first.
    known: Vec<Vec<String>>,
}

static PROGRAM_TABLES: LazyLock<ProgramTables> = LazyLock::new(|| {
    let mut heads: Vec<Vec<String>> = PROGRAM_HEADS.iter().map(|h| entry_words(h)).collect();
    heads.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut known: Vec<Vec<String>> = KNOWN_PROGRAMS.iter().map(|h| entry_words(h)).collect();
    known.sort_by_key(|w| std::cmp::Reverse(w.len()));
    ProgramTables { heads, known }
});

/// The attribute bits a token needs for some program word rule to start at it: an opening
/// quote, an appositive's comma, a program noun or launch verb as written, a head word, a
/// capitalised word (before a year) or a known program's first word. `quoted_program`,
/// `noun_program`, `launch_program` and `goal_program` find nothing at a token without theirs.
const PROGRAM_RULE_STARTS: u64 = attr::OPEN_QUOTE
    | attr::COMMA
    | attr::PROGRAM_NOUN
    | attr::LAUNCH_VERB
    | attr::HEAD_LAST
    | attr::NAME
    | attr::KNOWN_FIRST;

/// The program names of `raw` and of the acronym definitions, one per place.
fn settle_candidates(
    doc: &Doc<'_>,
    publisher: &Publisher,
    defs: &[Definition],
    orgs: &Coverage,
    raw: &BySentence<ProgSpan>,
) -> Vec<ProgSpan> {
    let mut out: Vec<ProgSpan> = defs
        .iter()
        .filter_map(|d| definition_program(doc, publisher, orgs, d))
        .collect();
    out.extend_from_slice(&raw.items);
    dedupe_programs(out)
}

/// The program names the word rules find in every sentence (all rules but
/// `acronym_definition`), duplicates still in. What they find in a sentence depends only on
/// the release, the defined acronyms, and which of the sentence's own tokens are the
/// publisher's or inside an organisation's name (`orgs`): with `reuse = Some((earlier,
/// again))`, a sentence with `again[n]` false takes the names found in it earlier.
pub(crate) fn raw_candidates(
    doc: &Doc<'_>,
    publisher: &Publisher,
    defs: &[Definition],
    orgs: &Coverage,
    reuse: Option<(&BySentence<ProgSpan>, &[bool])>,
) -> BySentence<ProgSpan> {
    let ProgramTables { heads, known } = &*PROGRAM_TABLES;
    let acronyms: HashSet<&str> = defs.iter().map(|d| d.acronym.as_str()).collect();
    BySentence::collect(doc.sentence_tokens.len(), reuse, |n, out| {
        let range = &doc.sentence_tokens[n];
        let (lo, hi) = (range.start, range.end);
        for i in lo..hi {
            // Each rule starts at a token with one of these bits; most tokens have none.
            let a = doc.attrs[i];
            if a & PROGRAM_RULE_STARTS == 0 {
                continue;
            }
            if a & attr::WORD == 0 {
                if a & attr::OPEN_QUOTE != 0 {
                    out.extend(quoted_program(doc, publisher, hi, i));
                }
                if a & attr::COMMA != 0 {
                    out.extend(appositive_program(
                        doc, publisher, orgs, &acronyms, lo, hi, i,
                    ));
                }
                continue;
            }
            if a & (attr::PROGRAM_NOUN | attr::PLAIN) == attr::PROGRAM_NOUN | attr::PLAIN {
                out.extend(noun_program(doc, publisher, orgs, &acronyms, lo, i));
            }
            if a & (attr::LAUNCH_VERB | attr::PLAIN) == attr::LAUNCH_VERB | attr::PLAIN {
                out.extend(launch_program(doc, publisher, orgs, &acronyms, hi, i));
            }
            if a & attr::HEAD_LAST != 0 {
                out.extend(head_word_program(doc, publisher, orgs, heads, lo, hi, i));
            }
            if a & attr::NAME != 0 && i + 1 < hi && doc.has(i + 1, attr::YEAR) {
                out.extend(goal_program(doc, lo, hi, i));
            }
            if a & attr::KNOWN_FIRST != 0 {
                out.extend(known_program(doc, known, lo, hi, i));
            }
        }
    })
}

/// One span per place: a definition wins (it carries the acronym), then the longest span.
fn dedupe_programs(mut spans: Vec<ProgSpan>) -> Vec<ProgSpan> {
    spans.sort_by_key(|s| {
        (
            s.first.min(s.last),
            std::cmp::Reverse(s.last),
            s.acronym.is_none(),
        )
    });
    let mut out: Vec<ProgSpan> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(prev) = out.last_mut() {
            if s.first <= prev.last {
                if s.acronym.is_some() && prev.acronym.is_none() && s.last == prev.last {
                    prev.acronym = s.acronym;
                    prev.rule = s.rule;
                }
                continue;
            }
        }
        // A definition ending where a kept span ends, but starting later, lends its acronym.
        out.push(s);
    }
    out
}

/// Extracts the programs of a release, by first mention.
pub fn extract(release: &Release, lexicon: &Lexicon) -> Vec<Program> {
    let analysis = analyse(release, lexicon);
    rows(&analysis, release)
}

/// Builds program rows from an analysis: merges names with the same slug, counts mentions
/// (acronym uses included).
pub(crate) fn rows(a: &Analysis<'_>, release: &Release) -> Vec<Program> {
    let doc = &a.doc;
    let mut groups: Vec<Vec<&ProgSpan>> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for span in &a.programs {
        let id = slug(&a.name_str(span.first, span.last));
        if id.is_empty() {
            continue;
        }
        let g = *by_id.entry(id).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(span);
    }
    let mut index = MentionIndex::default();
    for (g, spans) in groups.iter().enumerate() {
        for s in spans {
            index.add(&doc.keys[s.first..=s.last], g);
            if let Some(acr) = &s.acronym {
                index.add_acronym(acr, g);
            }
        }
    }
    let skip = a.definition_acronyms();
    let mentions = index.count(doc, &skip);
    let mut out = Vec::new();
    for (g, spans) in groups.iter().enumerate() {
        let Some(m) = mentions.get(g).filter(|m| m.count > 0) else {
            continue;
        };
        let main = spans
            .iter()
            .find(|s| s.acronym.is_some())
            .unwrap_or(&spans[0]);
        let name = a.name_text(main.first, main.last);
        let (start, end) = (
            doc.tokens[m.first.0].start,
            doc.end_without_possessive(m.first.1),
        );
        out.push(Program {
            release_id: release.release_id.clone(),
            program_id: slug(&name),
            name,
            acronym: main.acronym.clone(),
            mention_count: m.count,
            start: doc.chars.char_at(start),
            end: doc.chars.char_at(end),
            sentence: doc.sentence_text(doc.token_sentence[m.first.0]).to_string(),
            rule: main.rule,
        });
    }
    out.sort_by_key(|p| (p.start, p.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sentences::test_release;

    fn names(blocks: &[&str]) -> Vec<(String, Option<String>, &'static str)> {
        let r = test_release(blocks);
        extract(&r, &Lexicon::default())
            .into_iter()
            .map(|p| (p.name, p.acronym, p.rule))
            .collect()
    }

    fn just_names(blocks: &[&str]) -> Vec<String> {
        names(blocks).into_iter().map(|(n, _, _)| n).collect()
    }

    #[test]
    fn programs_acronym_definition_counts_acronym_mentions() {
        let r = test_release(&[
            "The office's Adult Literacy Services (ALS) unit met. ALS staff and ALS tutors joined.",
        ]);
        let got = extract(&r, &Lexicon::default());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "Adult Literacy Services");
        assert_eq!(got[0].acronym.as_deref(), Some("ALS"));
        assert_eq!(got[0].mention_count, 3);
        assert_eq!(got[0].rule, "acronym_definition");
        assert_eq!(got[0].program_id, "adult-literacy-services");
    }

    #[test]
    fn programs_acronym_definition_skips_generic_lowercase_and_titles() {
        assert!(
            just_names(&[
                "Leaders discussed Machine Learning (ML) with local education agencies (LEAs).",
                "The Chief Academic Officer (CAO) spoke about the Every Student Succeeds Act (ESSA).",
            ])
            .is_empty()
        );
    }

    #[test]
    fn programs_acronym_definition_of_an_organisation_is_a_partner() {
        let r = test_release(&["Staff from the Pomona Unified School District (PUSD) attended."]);
        assert!(extract(&r, &Lexicon::default()).is_empty());
        let partners = crate::extract::partners::extract(&r, &Lexicon::default());
        assert_eq!(partners.len(), 1);
        assert_eq!(partners[0].acronym.as_deref(), Some("PUSD"));
    }

    #[test]
    fn programs_head_word_takes_continuation_and_subtitle() {
        assert_eq!(
            just_names(&[
                "Staff opened session one of the Valley Framework for Fair Career Pathways today.",
                "Talks covered the Family Success Toolkit: Finish College Early in Ninth Grade, and more.",
            ]),
            [
                "Valley Framework for Fair Career Pathways",
                "Family Success Toolkit: Finish College Early in Ninth Grade"
            ]
        );
    }

    #[test]
    fn programs_head_word_keeps_title_possessive_and_drops_publisher_possessive() {
        assert_eq!(
            just_names(&[
                "The Mayor’s Youth Council met. LACOE’s Data Summit and Robotics Tech Talk drew crowds.",
            ]),
            ["Mayor’s Youth Council", "Data Summit", "Robotics Tech Talk"]
        );
    }

    #[test]
    fn programs_head_word_handles_two_word_heads_and_short_uppercase_words() {
        assert_eq!(
            just_names(&["The board formed an AI Task Force and a VR Taskforce."]),
            ["AI Task Force", "VR Taskforce"]
        );
    }

    #[test]
    fn programs_plural_heads_and_bare_heads_are_generic() {
        assert!(
            just_names(&[
                "- 2. Campus Safety Initiatives",
                "The Program grew. Programs and Initiatives grew too.",
            ])
            .is_empty()
        );
    }

    #[test]
    fn programs_head_word_does_not_run_into_a_weekday() {
        assert_eq!(
            just_names(&["The Youth Voice Summit on Friday drew 300 people."]),
            ["Youth Voice Summit"]
        );
    }

    #[test]
    fn programs_goal_year_needs_a_goal_word_or_goal_noun() {
        assert_eq!(
            just_names(&[
                "This supports the state’s Vision 2035 goal and the Access 2028 goal, not May 2028."
            ]),
            ["Vision 2035", "Access 2028"]
        );
    }

    #[test]
    fn programs_quoted_names() {
        assert_eq!(
            names(&["The team builds on the “Valley Model” and the “Read More” campaign."]),
            [
                ("Valley Model".to_string(), None, "quoted_name"),
                ("Read More".to_string(), None, "quoted_name")
            ]
        );
    }

    #[test]
    fn programs_quoted_names_after_a_program_word() {
        assert_eq!(
            just_names(&[
                "The campaign “Cool Blocks” and a pilot program called “Safe Steps” began, \
                 and the team said “Great Work” twice."
            ]),
            ["Cool Blocks", "Safe Steps"]
        );
    }

    #[test]
    fn programs_known_programs_match_longest_and_alone() {
        assert_eq!(
            names(&["Early Head Start families and AmeriCorps members helped. Head Start grew."]),
            [
                ("Early Head Start".to_string(), None, "known_program"),
                ("AmeriCorps".to_string(), None, "known_program"),
                ("Head Start".to_string(), None, "known_program")
            ]
        );
    }

    #[test]
    fn programs_skip_documents_and_organisations() {
        assert!(
            just_names(&[
                "The office released its Annual Report. Roosevelt Academy and the Hope Project joined."
            ])
            .is_empty()
        );
    }

    #[test]
    fn programs_academy_with_a_training_word_is_a_program() {
        assert_eq!(
            just_names(&["Teachers joined the Summer Leadership Academy at Roosevelt Academy."]),
            ["Summer Leadership Academy"]
        );
    }

    #[test]
    fn programs_offsets_are_characters_and_rows_sorted() {
        let r =
            test_release(&["“Café” notes — the Youth Arts Festival and the Teen Film Festival."]);
        let got = extract(&r, &Lexicon::default());
        let chars: Vec<char> = r.body.chars().collect();
        assert_eq!(got.len(), 2);
        for p in &got {
            let mention: String = chars[p.start..p.end].iter().collect();
            assert_eq!(mention, p.name);
        }
        assert!(got[0].start < got[1].start);
        assert_eq!(got[0].sentence, r.body);
    }

    #[test]
    fn programs_same_name_same_id_in_two_releases() {
        let a = extract(
            &test_release(&["The Youth Arts Festival opened."]),
            &Lexicon::default(),
        );
        let b = extract(
            &test_release(&["Families loved the Youth Arts Festival."]),
            &Lexicon::default(),
        );
        assert_eq!(a[0].program_id, b[0].program_id);
    }

    #[test]
    fn programs_merge_repeated_names() {
        let r = test_release(&[
            "The Youth Arts Festival opened.",
            "The Youth Arts Festival’s art sold.",
        ]);
        let got = extract(&r, &Lexicon::default());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].mention_count, 2);
    }

    #[test]
    fn programs_survive_nested_parentheses_and_long_lists() {
        let deep = "(".repeat(5_000) + "Youth Arts Festival (YAF)" + &")".repeat(5_000);
        let r = test_release(&[&deep]);
        let got = extract(&r, &Lexicon::default());
        assert_eq!(got.len(), 1);
        let items: Vec<String> = (0..10_000)
            .map(|n| format!("- {n}. Item{n} Coding Camp (IC{n})"))
            .collect();
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        let got = extract(&test_release(&refs), &Lexicon::default());
        assert_eq!(got.len(), 10_000);
    }

    #[test]
    fn programs_cue_rules_appositive_noun_and_launch() {
        assert_eq!(
            names(&[
                "Kids use the Study Spot Zone, a free after-school tutoring service.",
                "Riders love the Teens Ride Free program and the Movies After Dark series.",
                "The agency launched Care on Wheels, a fleet of vans.",
            ]),
            [
                ("Study Spot Zone".to_string(), None, "appositive_program"),
                ("Teens Ride Free".to_string(), None, "name_program_noun"),
                ("Movies After Dark".to_string(), None, "name_program_noun"),
                ("Care on Wheels".to_string(), None, "launch_cue")
            ]
        );
    }

    #[test]
    fn programs_cue_rules_skip_noise_orgs_and_laws() {
        assert!(
            just_names(&[
                "In partnership with the city, staff met. Summer programs grew.",
                "The Pine Foundation program and the Measure K program grew.",
            ])
            .is_empty()
        );
    }

    #[test]
    fn programs_heading_names_must_start_the_heading() {
        assert_eq!(
            just_names(&[
                "- 1. Expanding Bilingual Pathways",
                "- 2. Robotics Academy at Elm High School"
            ]),
            ["Robotics Academy"]
        );
    }

    #[test]
    fn programs_head_word_takes_one_inner_for_and_its_academy() {
        assert_eq!(
            just_names(&["Crowds came to the annual Arts for All Students Festival."]),
            ["Arts for All Students Festival"]
        );
        assert_eq!(
            just_names(&["The office is expanding its Safe and Caring Schools Academy."]),
            ["Safe and Caring Schools Academy"]
        );
    }

    #[test]
    fn program_heads_and_not_program_tails_do_not_overlap() {
        for h in PROGRAM_HEADS {
            assert!(!NOT_PROGRAM_TAILS.contains(h), "{h}");
            assert!(h.chars().next().is_some_and(char::is_uppercase), "{h}");
        }
        for k in KNOWN_PROGRAMS {
            assert!(!k.is_empty());
        }
    }

    #[test]
    fn mention_index_prefers_the_longest_name() {
        let r = test_release(&["Early Head Start and Head Start."]);
        let doc = Doc::new(&r);
        let mut index = MentionIndex::default();
        let head_start = [Cow::from("Head"), Cow::from("Start")];
        let early = [Cow::from("Early"), Cow::from("Head"), Cow::from("Start")];
        index.add(&head_start, 0);
        index.add(&early, 1);
        index.add(&head_start, 2);
        let m = index.count(&doc, &[]);
        assert_eq!((m[0].count, m[1].count, m[2].count), (1, 1, 0));
        assert_eq!(m[1].first, (0, 2));
    }

    /// The mention counter as it was first written: names in a hash map of key sequences.
    fn count_by_map(
        doc: &Doc<'_>,
        names: &[(Vec<Cow<'_, str>>, usize)],
        skip: &[usize],
    ) -> Vec<(usize, (usize, usize), Vec<usize>)> {
        let mut map: HashMap<Vec<Cow<'_, str>>, usize> = HashMap::new();
        let mut firsts = Vec::new();
        let mut ids = 0;
        for (words, id) in names {
            ids = ids.max(id + 1);
            firsts.push((fold(&words[0]), words.len()));
            map.entry(words.clone()).or_insert(*id);
        }
        firsts.sort_unstable_by_key(|&(f, n)| (f, std::cmp::Reverse(n)));
        firsts.dedup();
        let mut out = vec![(0, (0, 0), Vec::new()); ids];
        for range in &doc.sentence_tokens {
            let mut i = range.start;
            while i < range.end {
                let f = doc.folds[i];
                let lo = firsts.partition_point(|e| e.0 < f);
                let lens = firsts[lo..].iter().take_while(|e| e.0 == f).map(|e| e.1);
                let hit = lens.into_iter().find_map(|n| {
                    let key = doc.keys.get(i..i + n).filter(|_| i + n <= range.end)?;
                    let id = *map.get(key)?;
                    (n > 1 || skip.binary_search(&i).is_err()).then_some((n, id))
                });
                match hit {
                    Some((n, id)) => {
                        let m = &mut out[id];
                        if m.0 == 0 {
                            m.1 = (i, i + n - 1);
                        }
                        m.0 += 1;
                        m.2.push(i);
                        i += n;
                    }
                    None => i += 1,
                }
            }
        }
        out
    }

    #[test]
    fn mention_index_agrees_with_a_map_of_key_sequences() {
        let r = test_release(&[
            "The Youth Arts Festival (YAF) and YAF and YAFs met. The Youth Arts festival met the \
             Youth Arts Festival’s YAF staff. Head Start, Early Head Start and HEAD START.",
            "- 1. Youth Arts Festival, Arts Festival, Festival and the Arts.",
        ]);
        let doc = Doc::new(&r);
        let span = |a: usize, b: usize| doc.keys[a..=b].to_vec();
        let n = doc.tokens.len();
        let mut names: Vec<(Vec<Cow<'_, str>>, usize)> = Vec::new();
        for (k, (a, b)) in [
            (1, 3),
            (2, 3),
            (3, 3),
            (1, 2),
            (0, 0),
            (n - 2, n - 2),
            (1, 3),
        ]
        .into_iter()
        .enumerate()
        {
            names.push((span(a, b), k % 4));
        }
        names.push((vec![Cow::from("YAF")], 1));
        names.push((vec![Cow::from("YAFs")], 1));
        names.push((vec![Cow::from("Head"), Cow::from("Start")], 4));
        names.push((
            vec![Cow::from("Early"), Cow::from("Head"), Cow::from("Start")],
            5,
        ));
        names.push((vec![Cow::from("HEAD"), Cow::from("START")], 5));
        for skip in [vec![], vec![5], vec![5, 9]] {
            let mut index = MentionIndex::default();
            for (words, id) in &names {
                match words.as_slice() {
                    [w] if w == "YAF" => index.add_acronym("YAF", *id),
                    [w] if w == "YAFs" => {}
                    _ => index.add(words, *id),
                }
            }
            let got: Vec<_> = index
                .count(&doc, &skip)
                .into_iter()
                .map(|m| (m.count, m.first, m.positions))
                .collect();
            assert_eq!(got, count_by_map(&doc, &names, &skip), "skip {skip:?}");
        }
    }

    #[test]
    fn reanalyse_agrees_with_a_fresh_analysis() {
        let config = crate::parse::ParseConfig::default();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/agencies");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        assert!(files.len() >= 10);
        let lexicons = [
            Lexicon::default(),
            Lexicon {
                publisher_names: vec!["Cedar Valley Unified School District".into()],
            },
            Lexicon {
                publisher_names: vec![
                    "Board of Education".into(),
                    "CDPHE".into(),
                    "Maryland State Department of Education".into(),
                    "City of Linden Falls".into(),
                    "Linden Falls".into(),
                ],
            },
        ];
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let r = crate::parse::parse_release(&bytes, "x.txt", &config).unwrap();
            for first in &lexicons {
                for second in &lexicons {
                    let again = reanalyse(analyse(&r, first), second);
                    let fresh = analyse(&r, second);
                    assert_eq!(again.orgs, fresh.orgs, "{path:?}");
                    assert_eq!(again.programs, fresh.programs, "{path:?}");
                    assert_eq!(again.publisher.token, fresh.publisher.token, "{path:?}");
                    assert_eq!(again.raw_orgs.items, fresh.raw_orgs.items, "{path:?}");
                    assert_eq!(
                        again.raw_programs.items, fresh.raw_programs.items,
                        "{path:?}"
                    );
                }
            }
        }
    }
}
