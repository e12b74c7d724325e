//! Partner organisations: every organisation a release names other than its publisher.
//!
//! Rules, each named in the `rule` column:
//! - `org_suffix`: capitalised words ending in an organisation ending ([`ORG_SUFFIXES`]):
//!   "Long Beach Unified School District", "Children’s Defense Fund"; the ending may take a
//!   number ("District 119"), "Local 712", "of" and a place ("State Library of Ohio") or a
//!   university campus after a comma.
//! - `org_prefix`: an organisation beginning ([`ORG_PREFIXES`]) and the capitalised words after
//!   it: "City of Inglewood", "United Way of Greater Los Angeles". A department or office needs a
//!   proper name before it, an owner in the possessive or an acronym after it ([`UNIT_PREFIXES`]).
//! - `appositive_type`: names followed by an appositive whose noun types them ("Los Padrinos, one
//!   of the county's juvenile court schools" -> court school; "A and B, two nonprofits").
//! - `org_acronym_suffix`: a bare acronym ending in a district short form ("PUSD").
//! - `based_cue`: a name after "PLACE-based" ("Denver-based Peak Mobile Medical"), a business
//!   unless its ending says otherwise.
//! - `type_noun_before`: a name after a typing noun ("the nonprofit Teach Plus California").
//! - `role_cue_name`: names right after a role cue ("in partnership with Globex and Initech"),
//!   type `other`; any other rule's name or a program overlapping one wins.
//!
//! Names that are the publisher ([`Lexicon::publisher_names`], matched as whole names) or belong
//! to it ("LACOE’s Juvenile Court Schools", "its Board") are left out, and so are generic names
//! ("the Main Library", [`GENERIC_MODIFIERS`](super::lexicon::GENERIC_MODIFIERS)). Short forms ("Inglewood USD", "Bayshore
//! Unified") and defined acronyms count as mentions of the long form. Roles come from cue
//! phrases ([`ROLE_CUES`]) before a mention. Conflicts with program names are settled in
//! `programs::analyse`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::acronyms::{Definition, is_acronym};
use super::lexicon::{
    APPOSITIVE_TYPES, ORG_PREFIXES, ORG_SUFFIXES, PLACE_PREFIXES, PROGRAM_NOUNS, ROLE_CUES,
    TITLE_WORDS, UNIT_PREFIXES,
};
use super::programs::{Analysis, MentionIndex, analyse};
use super::sentences::{BySentence, Doc, possessive_stem};
use super::word_classes::{self, attr};
use super::wordset::{FxBuild, WordSet, fold};
use super::{Lexicon, OrgType, Partner, Role};
use crate::release::Release;

/// Most words a name scan walks over in one direction: keeps every scan bounded.
pub(crate) const MAX_NAME_WORDS: usize = 12;

/// An organisation name found at one place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrgSpan {
    /// First token of the name.
    pub first: usize,
    /// Last token of the name (inclusive).
    pub last: usize,
    /// Type from the rule that found it.
    pub org_type: OrgType,
    /// The rule that found it.
    pub rule: &'static str,
    /// Acronym defined right after it, if any.
    pub acronym: Option<String>,
}

/// For each token, the index of the span (of a list of non-overlapping spans) that covers it:
/// answers "is this token inside a name" in constant time.
#[derive(Debug, Clone, Default)]
pub(crate) struct Coverage(Vec<u32>);

/// A token no span covers, in [`Coverage`].
const UNCOVERED: u32 = u32::MAX;

impl Coverage {
    /// Indexes `spans` (first and last token, inclusive) over `n` tokens.
    pub fn new(n: usize, spans: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut at = vec![UNCOVERED; n];
        for (k, (first, last)) in spans.enumerate() {
            // A release has far fewer than 2^32 - 1 spans; one that had more would see the
            // later spans as covering nothing.
            let Ok(k) = u32::try_from(k) else { break };
            for slot in at.iter_mut().take(last + 1).skip(first) {
                if *slot == UNCOVERED {
                    *slot = k;
                }
            }
        }
        Coverage(at)
    }

    /// The span covering token `i`.
    pub fn at(&self, i: usize) -> Option<usize> {
        match self.0.get(i) {
            Some(&k) if k != UNCOVERED => Some(k as usize),
            _ => None,
        }
    }

    /// Whether one span covers all of `first..=last`.
    pub fn contains(&self, first: usize, last: usize) -> Option<usize> {
        let k = self.at(first)?;
        (self.at(last) == Some(k)).then_some(k)
    }

    /// Whether any token of `first..=last` is covered.
    pub fn touches(&self, first: usize, last: usize) -> bool {
        (first..=last).any(|i| self.at(i).is_some())
    }
}

/// Where the publisher is named in a release.
#[derive(Debug, Clone, Default)]
pub(crate) struct Publisher {
    /// Token is part of a publisher name.
    pub token: Vec<bool>,
}

impl Publisher {
    /// Marks every mention of the publisher's names. A name counts only as a whole name: not
    /// when capitalised words go on before or after it ("Linden Falls" in "Linden Falls Community
    /// Foundation" is not the publisher), unless it ends in a possessive or a title follows it.
    pub fn find(doc: &Doc<'_>, lexicon: &Lexicon) -> Self {
        let mut token = vec![false; doc.tokens.len()];
        let mut names: Vec<Vec<String>> = lexicon
            .publisher_names
            .iter()
            .map(|n| entry_words(n))
            .filter(|w| !w.is_empty())
            .collect();
        names.sort_by_key(|w| std::cmp::Reverse(w.len()));
        // Folds of the first words: a token that folds to none of them starts no name.
        let firsts: Vec<u128> = names.iter().map(|w| fold(&w[0])).collect();
        for range in &doc.sentence_tokens {
            let (lo, hi) = (range.start, range.end);
            for i in lo..hi {
                if !firsts.contains(&doc.folds[i]) {
                    continue;
                }
                for words in &names {
                    if !matches_at(doc, i, hi, words) {
                        continue;
                    }
                    let end = i + words.len();
                    // An acronym ("LACOE") is the publisher wherever it stands.
                    let acronym = words.len() == 1 && is_acronym(&words[0]);
                    let before_ok = acronym
                        || i == lo
                        || !is_name_word(doc, i - 1)
                        || doc.keys[i - 1] == "The"
                        || (i - 1 == lo && doc.has(i - 1, attr::NOISE));
                    let after_ok = acronym
                        || doc.possessive[end - 1]
                        || end >= hi
                        || !is_name_word(doc, end)
                        || doc.has(end, attr::HONORIFIC | attr::TITLE);
                    if before_ok && after_ok {
                        for t in &mut token[i..end] {
                            *t = true;
                        }
                        break;
                    }
                }
            }
        }
        Publisher { token }
    }

    /// Whether token `i` is part of a publisher name.
    pub fn is(&self, i: usize) -> bool {
        self.token.get(i).copied().unwrap_or(false)
    }
}

/// [`TITLE_WORDS`] as a set.
pub(crate) static TITLE_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(TITLE_WORDS.iter().copied()));

/// The words of a table entry in the form of [`Doc::keys`]: apostrophes made straight and a
/// possessive `’s` removed.
pub(crate) fn entry_words(entry: &str) -> Vec<String> {
    entry
        .split_whitespace()
        .map(|w| possessive_stem(w).unwrap_or(w).replace('’', "'"))
        .collect()
}

/// Whether the keys of the tokens from `at` spell `words`, without going past `hi`.
pub(crate) fn matches_at(doc: &Doc<'_>, at: usize, hi: usize, words: &[String]) -> bool {
    at + words.len() <= hi
        && words
            .iter()
            .enumerate()
            .all(|(k, w)| (doc.tokens[at + k].is_word() || w == "&") && doc.keys[at + k] == *w)
}

/// Whether token `i` can be part of a proper name: a capitalised word (initialisms and
/// acronyms included).
pub(crate) fn is_name_word(doc: &Doc<'_>, i: usize) -> bool {
    doc.has(i, attr::NAME)
}

/// Whether token `i` is a number written in digits ("119", "6").
pub(crate) fn is_number(doc: &Doc<'_>, i: usize) -> bool {
    doc.has(i, attr::DIGITS)
}

/// Whether token `i` is an opening quote mark.
pub(crate) fn is_open_quote(doc: &Doc<'_>, i: usize) -> bool {
    matches!(doc.text(i), "“" | "\"" | "‘")
}

/// Skips the noise at the start of a name: a leading "The", and at the start of a sentence a
/// capitalised function word ([`CAPITALISED_NOISE`](super::lexicon::CAPITALISED_NOISE)). Never moves past `last`.
pub(crate) fn strip_leading_noise(doc: &Doc<'_>, lo: usize, first: usize, last: usize) -> usize {
    // Only quotes or "The" before it in the sentence.
    let at_sentence_start =
        |f: usize| f - lo <= 3 && (lo..f).all(|k| !doc.has(k, attr::WORD) || doc.has(k, attr::THE));
    let mut f = first;
    while f < last {
        let article = doc.attrs[f] & (attr::THE | attr::POSSESSIVE) == attr::THE;
        let noise = f - first < 3 && doc.has(f, attr::NOISE) && at_sentence_start(f);
        if !(article || noise) {
            break;
        }
        f += 1;
    }
    f
}

/// Whether every token of `first..end` is a generic word ([`GENERIC_MODIFIERS`](super::lexicon::GENERIC_MODIFIERS)) or a connector:
/// such words do not make a proper name.
pub(crate) fn all_generic(doc: &Doc<'_>, first: usize, end: usize) -> bool {
    (first..end).all(|k| doc.has(k, attr::GENERIC | attr::CONNECTOR))
}

/// The last space-separated word of a table entry: [`last_word_is`] holds for a word without
/// spaces exactly when it is this word. The last words of [`ORG_SUFFIXES`] and
/// [`PROGRAM_HEADS`](super::lexicon::PROGRAM_HEADS) end a name: a name never joins over "and" after one ("... Foundation and
/// ..."); see `word_classes::attr::ENDS_A_NAME`.
pub(crate) fn last_word(entry: &'static str) -> &'static str {
    entry.rsplit(' ').next().unwrap_or(entry)
}

/// Whether the last word of a table entry is `key`.
fn last_word_is(entry: &str, key: &str) -> bool {
    entry
        .strip_suffix(key)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
}

/// Whether "and"/"&" at token `t` joins two parts of one name ("the Eli and Edythe Broad
/// Foundation", "Boys & Girls Club"): one or two capitalised words before it that do not end a
/// name, with no connector before them.
pub(crate) fn and_joins(doc: &Doc<'_>, lo: usize, t: usize) -> bool {
    let mut r = 0;
    while r < 3 && t > lo + r && is_name_word(doc, t - 1 - r) {
        r += 1;
    }
    if r == 0 || r > 2 || doc.has(t - 1, attr::ENDS_A_NAME | attr::POSSESSIVE) {
        return false;
    }
    // "and" joins only after "the" or at the start of the sentence ("the Eli and Edythe …
    // Foundation", not "including Halvorsen and Bluebonnet …"); "&" after any boundary that is
    // not a connector.
    if t - r == lo {
        return true;
    }
    let b = doc.key(t - r - 1);
    if doc.keys[t] == "&" {
        !matches!(b, "of" | "for" | "on" | "and" | "&" | "de" | "," | "del")
    } else {
        // A determiner or an owner's possessive ("its Safe and Supportive Schools Academy").
        matches!(b.to_lowercase().as_str(), "the" | "its" | "our" | "their")
            || doc.possessive[t - r - 1]
    }
}

/// Lower-case words that may join the capitalised words of one name ("Community Action of Lane
/// Valley", "Familias Unidas del Valle", "Books on Wheels").
pub(crate) const CONNECTORS: &[&str] = &[
    "of", "the", "for", "on", "del", "de", "la", "los", "las", "y", "to", "in",
];

/// Scans back from token `pos` (exclusive) over the words of an organisation name: capitalised
/// words, a number after one ("Region 6"), and "and" when [`and_joins`] allows it. A possessive
/// organisation ends the scan ("… University’s School of Education"). Returns the first token of
/// the name and whether the publisher comes right before it, which makes the name the
/// publisher's own.
pub(crate) fn scan_back_org(
    doc: &Doc<'_>,
    publisher: &Publisher,
    lo: usize,
    pos: usize,
) -> (usize, bool) {
    let mut j = pos;
    let mut steps = 0;
    while j > lo && steps < MAX_NAME_WORDS {
        let t = j - 1;
        // The publisher, or "its"/"our" (the publisher speaking of its own units).
        if publisher.is(t) || matches!(doc.key(t), "its" | "our" | "Our") {
            return (j, true);
        }
        let take = if is_name_word(doc, t) {
            doc.attrs[t] & (attr::POSSESSIVE | attr::ENDS_AN_ORG)
                != attr::POSSESSIVE | attr::ENDS_AN_ORG
        } else {
            // "Bank of America Foundation": "of" after an organisation ending.
            let of_after_ending = doc.keys[t] == "of"
                && t > lo
                && is_name_word(doc, t - 1)
                && doc.has(t - 1, attr::ENDS_AN_ORG)
                && !publisher.is(t - 1);
            of_after_ending
                || number_in_name(doc, lo, t)
                || (matches!(doc.key(t), "and" | "&") && and_joins(doc, lo, t))
        };
        if !take {
            break;
        }
        j = t;
        steps += 1;
    }
    (j, false)
}

/// Endings that name a unit of some body: they need a proper name before them even with an
/// "of" tail ("the Department of Parks" is the publisher's own).
const UNIT_WORDS: &[&str] = &[
    "Department",
    "Office",
    "Bureau",
    "Commission",
    "Center",
    "Institute",
    "School",
    "Board",
    "Division",
    "Agency",
    "Authority",
    "District",
    "Library",
    "College",
    "University",
];

/// Whether token `t` is a number inside a name, after a capitalised word ("Region 6").
fn number_in_name(doc: &Doc<'_>, lo: usize, t: usize) -> bool {
    is_number(doc, t) && t > lo && is_name_word(doc, t - 1)
}

/// Whether tokens `first..end` can be a name found by a cue: not empty, no title word or
/// publisher in it or right after it, not only generic words.
fn cue_name_ok(doc: &Doc<'_>, publisher: &Publisher, first: usize, end: usize, hi: usize) -> bool {
    if end <= first || (end < hi && publisher.is(end)) || all_generic(doc, first, end) {
        return false;
    }
    !(first..end).any(|k| doc.has(k, attr::HONORIFIC | attr::TITLE) || publisher.is(k))
}

/// Like [`scan_back_org`], and lower-case connectors ([`CONNECTORS`]) are taken between
/// capitalised words ("Literacy Volunteers of the Ohio Valley"). Used where something else
/// (an appositive, a program noun) already says a name ends at `pos`.
pub(crate) fn scan_back_connected(
    doc: &Doc<'_>,
    publisher: &Publisher,
    lo: usize,
    pos: usize,
) -> (usize, bool) {
    let mut j = pos;
    let mut steps = 0;
    while j > lo && steps < MAX_NAME_WORDS {
        let t = j - 1;
        if publisher.is(t) {
            return (j, true);
        }
        let key = doc.key(t);
        let take = if is_name_word(doc, t) {
            // A possessive before the name is not part of it ("the district’s Camp").
            !(doc.possessive[t] && t + 1 < pos)
        } else {
            let connector = doc.has(t, attr::CONNECTOR)
                && j < pos
                && is_name_word(doc, j)
                && t > lo
                && (is_name_word(doc, t - 1)
                    || (t - 1 > lo && doc.has(t - 1, attr::CONNECTOR) && is_name_word(doc, t - 2)));
            connector
                || number_in_name(doc, lo, t)
                || (matches!(key, "and" | "&") && and_joins(doc, lo, t))
        };
        if !take {
            break;
        }
        j = t;
        steps += 1;
    }
    (j, false)
}

/// Scans forward from token `pos` over the words of a name that goes on after a beginning
/// ("City of" -> "Inglewood"); connectors ("of", "the", "for", and "and" when `allow_and`) are
/// taken only between capitalised words. Returns the token just past the name.
pub(crate) fn scan_forward(
    doc: &Doc<'_>,
    publisher: &Publisher,
    pos: usize,
    hi: usize,
    allow_and: bool,
) -> usize {
    let mut j = pos;
    let mut end = pos;
    let mut steps = 0;
    while j < hi && steps < MAX_NAME_WORDS {
        steps += 1;
        if publisher.is(j) {
            break;
        }
        if is_name_word(doc, j) {
            j += 1;
            end = j;
            if doc.possessive[j - 1] {
                break;
            }
            continue;
        }
        let k = doc.key(j);
        let connector = matches!(k, "of" | "the" | "for")
            || (allow_and && matches!(k, "and" | "&") && !next_run_ends_a_name(doc, j + 1, hi));
        if connector && j + 1 < hi && is_name_word(doc, j + 1) && !publisher.is(j + 1) {
            j += 1;
            continue;
        }
        break;
    }
    end
}

/// Whether the capitalised run from `pos` holds a word that ends an organisation or program
/// name (then an "and" before it starts a new name).
fn next_run_ends_a_name(doc: &Doc<'_>, pos: usize, hi: usize) -> bool {
    (pos..hi.min(pos + 6))
        .take_while(|&k| is_name_word(doc, k))
        .any(|k| doc.has(k, attr::ENDS_A_NAME))
}

/// Entries of a table as words, longest entries first (stable within a length).
fn sorted_entries<T: Copy>(table: &[(&str, T)]) -> Vec<(Vec<String>, T)> {
    let mut v: Vec<(Vec<String>, T)> = table.iter().map(|&(e, t)| (entry_words(e), t)).collect();
    v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    v
}

/// The organisation tables as words, built once.
struct OrgTables {
    /// [`ORG_SUFFIXES`], longest first.
    suffixes: Vec<(Vec<String>, OrgType)>,
    /// [`ORG_PREFIXES`], longest first.
    prefixes: Vec<(Vec<String>, OrgType)>,
    /// [`PLACE_PREFIXES`].
    places: Vec<Vec<String>>,
    /// [`UNIT_PREFIXES`].
    units: Vec<Vec<String>>,
    /// [`ROLE_CUES`] as words.
    cues: Vec<(Vec<String>, Role)>,
    /// Positions in `suffixes` by last word, in order.
    suffix_by_last: HashMap<String, Vec<usize>, FxBuild>,
}

static ORG_TABLES: LazyLock<OrgTables> = LazyLock::new(|| {
    let suffixes = sorted_entries(ORG_SUFFIXES);
    let prefixes = sorted_entries(ORG_PREFIXES);
    let mut suffix_by_last: HashMap<String, Vec<usize>, FxBuild> = HashMap::default();
    for (k, (w, _)) in suffixes.iter().enumerate() {
        if let Some(last) = w.last() {
            suffix_by_last.entry(last.clone()).or_default().push(k);
        }
    }
    OrgTables {
        places: PLACE_PREFIXES.iter().map(|p| entry_words(p)).collect(),
        units: UNIT_PREFIXES.iter().map(|p| entry_words(p)).collect(),
        suffixes,
        prefixes,
        cues: role_cues(),
        suffix_by_last,
    }
});

/// The organisation names of every sentence as the rules find them (before conflicts with
/// programs are settled), duplicates and overlaps still in ([`dedupe_orgs`] settles them). What the rules find in a sentence depends only on
/// the release, `defs` and which of the sentence's own tokens are the publisher's: with
/// `reuse = Some((earlier, again))`, a sentence with `again[n]` false takes the names found
/// in it earlier.
pub(crate) fn raw_org_candidates(
    doc: &Doc<'_>,
    publisher: &Publisher,
    defs: &[Definition],
    reuse: Option<(&BySentence<OrgSpan>, &[bool])>,
) -> BySentence<OrgSpan> {
    // Long forms of acronym definitions by first token: a cue name takes the whole long form
    // ("funded by the Centers for Disease Control and Prevention (CDC)").
    let long_forms: HashMap<usize, usize> = defs
        .iter()
        .map(|d| (d.long_tokens.start, d.long_tokens.end - 1))
        .collect();
    let OrgTables {
        suffixes,
        prefixes,
        places,
        units,
        cues,
        ..
    } = &*ORG_TABLES;
    BySentence::collect(doc.sentence_tokens.len(), reuse, |n, out| {
        let range = &doc.sentence_tokens[n];
        let (lo, hi) = (range.start, range.end);
        for i in lo..hi {
            // Each rule starts at a token with one of these bits; most tokens have none.
            let a = doc.attrs[i];
            if a & ORG_RULE_STARTS == 0 {
                continue;
            }
            if a & attr::WORD == 0 {
                if a & attr::COMMA != 0 {
                    out.extend(appositive_orgs(doc, publisher, lo, hi, i));
                }
                continue;
            }
            if a & attr::SUFFIX_LAST != 0 {
                out.extend(suffix_org(doc, publisher, suffixes, lo, hi, i));
            }
            if a & attr::PREFIX_FIRST != 0 {
                out.extend(prefix_org(
                    doc, publisher, prefixes, places, units, lo, hi, i,
                ));
            }
            if a & attr::ENDS_IN_D != 0 {
                out.extend(acronym_org(doc, publisher, i));
            }
            if a & attr::BASED != 0 {
                out.extend(based_org(doc, publisher, suffixes, hi, i));
            }
            if a & attr::CUE_LAST != 0 {
                cue_orgs(doc, publisher, cues, &long_forms, (lo, hi), i, out);
            }
            if a & attr::TYPE_NOUN != 0 {
                out.extend(type_noun_org(doc, publisher, hi, i));
            }
        }
    })
}

/// The attribute bits a token needs for some organisation rule to start at it: an ending, a
/// beginning, a district short form, "-based", a role cue, a typing noun or an appositive's
/// comma. `acronym_org`, `based_org`, `cue_orgs` and `type_noun_org` find nothing at a token
/// without their bit.
const ORG_RULE_STARTS: u64 = attr::SUFFIX_LAST
    | attr::PREFIX_FIRST
    | attr::ENDS_IN_D
    | attr::BASED
    | attr::CUE_LAST
    | attr::TYPE_NOUN
    | attr::COMMA;

/// The type of a name found by an ending, refined: an "other" body named for a state or the
/// nation is a government body ("State Library of Ohio").
fn refine_type(doc: &Doc<'_>, first: usize, org_type: OrgType) -> OrgType {
    const PUBLIC: &[&str] = &["State", "Federal", "National", "U.S.", "US", "United"];
    if org_type == OrgType::Other && PUBLIC.contains(&doc.key(first)) {
        OrgType::Government
    } else {
        org_type
    }
}

/// `org_suffix`: a name ending at token `i` with an organisation ending, and what may follow the
/// ending: a number ("District 119"), "Local 712", or "of" and a place ("State Library of Ohio").
fn suffix_org(
    doc: &Doc<'_>,
    publisher: &Publisher,
    suffixes: &[(Vec<String>, OrgType)],
    lo: usize,
    hi: usize,
    i: usize,
) -> Option<OrgSpan> {
    // Only the endings whose last word is this token can match here (in table order).
    let (words, org_type) = ORG_TABLES
        .suffix_by_last
        .get(doc.key(i))?
        .iter()
        .map(|&k| &suffixes[k])
        .find(|(w, _)| i + 1 >= lo + w.len() && matches_at(doc, i + 1 - w.len(), hi, w))?;
    let suffix_first = i + 1 - words.len();
    let key = doc.key(i);
    let next = |k: usize| doc.keys.get(i + k).filter(|_| i + k < hi).map(|k| &**k);
    let mut last = i;
    if !doc.possessive[i] && i + 1 < hi {
        if matches!(key, "Academy" | "Institute")
            && matches!(next(1), Some("at" | "in"))
            && i + 2 < hi
            && is_name_word(doc, i + 2)
        {
            // "Health Science Academy at Lone Oak High School": a career academy, a program.
            return None;
        }
        if matches!(key, "Academy" | "Institute" | "Project")
            && next(1) == Some(",")
            && appositive_np(doc, hi, i + 1)
                .is_some_and(|(np, _)| PROGRAM_NOUNS.iter().any(|n| np_ends_with(doc, &np, n)))
        {
            // "Junior Cadet Academy, a 10-week summer program": a program.
            return None;
        }
        if is_number(doc, i + 1) {
            last = i + 1;
        } else if next(1) == Some("Local") && i + 2 < hi && is_number(doc, i + 2) {
            last = i + 2;
        } else if matches!(next(1), Some("of" | "for"))
            && i + 2 < hi
            && (is_name_word(doc, i + 2)
                || (next(2) == Some("the") && i + 3 < hi && is_name_word(doc, i + 3)))
        {
            // "State Library of Ohio", "Alliance for Early Success"; not into another
            // organisation ("the Pine Foundation for Elm Unified").
            let end = scan_forward(doc, publisher, i + 2, hi, false);
            if end > i + 2 && !doc.has(end - 1, attr::ENDS_AN_ORG) {
                last = end - 1;
            }
        } else if key == "University" && doc.text(i + 1) == "," {
            last = campus_end(doc, publisher, i + 1, hi) - 1;
        } else if is_name_word(doc, i + 1) && !doc.has(i + 1, attr::HONORIFIC | attr::TITLE) {
            // The name goes on after the ending ("Community College Success Toolkit").
            return None;
        }
    }
    if (suffix_first..=last).any(|k| publisher.is(k)) {
        return None;
    }
    // "Acme Widgets, Inc.": a company ending after a comma.
    let name_end = if suffix_first > lo + 1
        && doc.text(suffix_first - 1) == ","
        && *org_type == OrgType::Business
        && words.len() == 1
        && matches!(key, "Inc." | "Inc" | "LLC" | "L.L.C." | "Ltd." | "Corp.")
    {
        suffix_first - 1
    } else {
        suffix_first
    };
    let (back, own) = scan_back_org(doc, publisher, lo, name_end);
    if own {
        return None;
    }
    let first = strip_leading_noise(doc, lo, back, name_end);
    if first == name_end && name_end != suffix_first {
        return None;
    }
    // A bare ending ("the College") or generic words before it ("the Main Library") are not a
    // name.
    // With an "of/for" tail the tail names it ("the Alliance for Early Success"), except for a
    // unit of someone ("the Department of Parks", "the School of Education").
    let named_by_tail = last > i && !UNIT_WORDS.contains(&key);
    if (first == suffix_first && !named_by_tail)
        || (last == i && all_generic(doc, first, suffix_first))
    {
        return None;
    }
    // "Academy"/"Institute" after a training word is a program, not a school.
    if matches!(key, "Academy" | "Institute") && (first..i).any(|k| doc.has(k, attr::ACADEMY_WORD))
    {
        return None;
    }
    Some(OrgSpan {
        first,
        last,
        org_type: refine_type(doc, first, *org_type),
        rule: "org_suffix",
        acronym: None,
    })
}

/// "University of Maryland, College Park", "State Polytechnic University, Pomona": a campus
/// after a comma belongs to a university's name when the sentence goes on with a lower-case
/// word (not with another capitalised list item). Returns the new end (exclusive).
fn campus_end(doc: &Doc<'_>, publisher: &Publisher, end: usize, hi: usize) -> usize {
    if end + 1 >= hi || doc.text(end) != "," {
        return end;
    }
    let run = (end + 1..hi.min(end + 4))
        .take_while(|&k| is_name_word(doc, k) && !publisher.is(k))
        .count();
    let after = end + 1 + run;
    if run == 0 || doc.has(after - 1, attr::ENDS_A_NAME) || (after < hi && is_name_word(doc, after))
    {
        return end;
    }
    let lower = |k: usize| {
        k >= hi
            || (doc.tokens[k].is_word() && !is_name_word(doc, k))
            || matches!(doc.text(k), "." | ";" | ")")
    };
    let mut k = after;
    if k < hi && doc.text(k) == "," {
        k += 1;
    }
    let ok = if k < hi && matches!(doc.key(k), "and" | "or" | "&") {
        lower(k + 1)
    } else {
        lower(k)
    };
    if ok { after } else { end }
}

/// `org_prefix`: an organisation beginning at token `i` and the name after it.
#[allow(clippy::too_many_arguments)]
fn prefix_org(
    doc: &Doc<'_>,
    publisher: &Publisher,
    prefixes: &[(Vec<String>, OrgType)],
    places: &[Vec<String>],
    units: &[Vec<String>],
    lo: usize,
    hi: usize,
    i: usize,
) -> Option<OrgSpan> {
    let (words, org_type) = prefixes.iter().find(|(w, _)| matches_at(doc, i, hi, w))?;
    if (i..i + words.len()).any(|k| publisher.is(k)) {
        return None;
    }
    let place = places.iter().any(|p| p == words);
    let tail = i + words.len();
    let mut end = scan_forward(doc, publisher, tail, hi, !place);
    if end == tail {
        return None;
    }
    if words.first().map(|k| &**k) == Some("University") {
        end = campus_end(doc, publisher, end, hi);
    }
    // An owner in the possessive is not part of the name ("the Department of Justice’s Office
    // of …"), and it names whose unit this is.
    let owned = i > lo && doc.possessive[i - 1];
    let (back, own) = if owned {
        (i, publisher.is(i - 1))
    } else {
        scan_back_org(doc, publisher, lo, i)
    };
    if own {
        return None;
    }
    // Government places take no modifiers before them ("the City of X").
    let first = if place {
        i
    } else {
        strip_leading_noise(doc, lo, back, i)
    };
    // A department or office needs a proper name before it ("Illinois Department of ...") or
    // an acronym after it ("the Department of Children and Family Services (DCFS)").
    let defined = end + 2 < hi
        && doc.text(end) == "("
        && is_acronym(doc.text(end + 1))
        && doc.text(end + 2) == ")";
    if units.iter().any(|u| u == words)
        && !defined
        && !owned
        && (first == i || all_generic(doc, first, i))
    {
        return None;
    }
    Some(OrgSpan {
        first,
        last: end - 1,
        org_type: *org_type,
        rule: "org_prefix",
        acronym: None,
    })
}

/// `org_acronym_suffix`: a bare acronym ending in a district short form ("PUSD", "LACCD").
fn acronym_org(doc: &Doc<'_>, publisher: &Publisher, i: usize) -> Option<OrgSpan> {
    const SHORT: &[(&str, OrgType)] = &[
        ("UHSD", OrgType::SchoolDistrict),
        ("USD", OrgType::SchoolDistrict),
        ("ESD", OrgType::SchoolDistrict),
        ("HSD", OrgType::SchoolDistrict),
        ("ISD", OrgType::SchoolDistrict),
        ("CCD", OrgType::College),
    ];
    let key = doc.key(i);
    // Every short form ends in "D" and needs two letters before it: most words stop here.
    if key.len() < 4 || !key.ends_with('D') {
        return None;
    }
    if publisher.is(i) || !is_acronym(key) || !key.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let &(_, org_type) = SHORT
        .iter()
        .find(|(s, _)| key.len() > s.len() + 1 && key.ends_with(s))?;
    Some(OrgSpan {
        first: i,
        last: i,
        org_type,
        rule: "org_acronym_suffix",
        acronym: None,
    })
}

/// `based_cue`: "Denver-based Peak Mobile Medical": a capitalised name after "PLACE-based" is
/// an organisation (a business unless its ending says otherwise).
fn based_org(
    doc: &Doc<'_>,
    publisher: &Publisher,
    suffixes: &[(Vec<String>, OrgType)],
    hi: usize,
    i: usize,
) -> Option<OrgSpan> {
    if !doc.keys[i].ends_with("-based") || i + 1 >= hi {
        return None;
    }
    let first = i + 1;
    let mut end = first;
    while end < hi && end - first < 6 && is_name_word(doc, end) && !publisher.is(end) {
        end += 1;
        if doc.possessive[end - 1] {
            break;
        }
    }
    if end == first || (end < hi && publisher.is(end)) || all_generic(doc, first, end) {
        return None;
    }
    let last = end - 1;
    let org_type = suffixes
        .iter()
        .find(|(w, _)| last + 1 >= first + w.len() && matches_at(doc, last + 1 - w.len(), end, w))
        .map_or(OrgType::Business, |&(_, t)| t);
    Some(OrgSpan {
        first,
        last,
        org_type,
        rule: "based_cue",
        acronym: None,
    })
}

/// `role_cue_name`: capitalised names right after a role cue ("in partnership with Snap and
/// Blue Shield", "sponsored by Acme"), when no other rule names them. Their type is unknown
/// (`other`); a person (a title or courtesy title in the name) or a law is not taken.
fn cue_orgs(
    doc: &Doc<'_>,
    publisher: &Publisher,
    cues: &[(Vec<String>, Role)],
    long_forms: &HashMap<usize, usize>,
    (lo, hi): (usize, usize),
    i: usize,
    out: &mut Vec<OrgSpan>,
) {
    // A cue ends at token i.
    let ends_cue = cues_ending_at(doc, i).any(|c| {
        let words = &cues[c].0;
        let n = words.len();
        i + 1 >= lo + n
            && words
                .iter()
                .enumerate()
                .all(|(k, w)| doc.keys[i + 1 - n + k].eq_ignore_ascii_case(w))
    });
    if !ends_cue {
        return;
    }
    let mut j = i + 1;
    for _ in 0..6 {
        if j < hi && doc.keys[j] == "the" {
            j += 1;
        }
        if j >= hi || !is_name_word(doc, j) || publisher.is(j) {
            return;
        }
        let end = match long_forms.get(&j) {
            Some(&last) => last + 1,
            None => {
                // "and" inside the name only when an acronym right after closes it.
                let with_and = scan_forward(doc, publisher, j, hi, true);
                let closed = with_and + 2 < hi
                    && doc.text(with_and) == "("
                    && is_acronym(doc.text(with_and + 1))
                    && doc.text(with_and + 2) == ")";
                if closed {
                    with_and
                } else {
                    scan_forward(doc, publisher, j, hi, false)
                }
            }
        };
        let name_ok = cue_name_ok(doc, publisher, j, end, hi)
            && !(j..end).any(|k| doc.has(k, attr::NOT_PROGRAM_TAIL));
        if name_ok {
            out.push(OrgSpan {
                first: j,
                last: end - 1,
                org_type: OrgType::Other,
                rule: "role_cue_name",
                acronym: None,
            });
        }
        // The next name of a list: ", B" / "and B" / ", and B".
        let mut k = end;
        if k < hi && doc.text(k) == "," {
            k += 1;
        }
        if k < hi && matches!(doc.key(k), "and" | "&") {
            k += 1;
        }
        if k == end || !name_ok {
            return;
        }
        j = k;
    }
}

/// Nouns that type the name right after them (rule `type_noun_before`).
pub(crate) const TYPE_NOUNS: &[(&str, OrgType)] = &[
    ("nonprofit", OrgType::Nonprofit),
    ("non-profit", OrgType::Nonprofit),
    ("charity", OrgType::Nonprofit),
    ("company", OrgType::Business),
    ("firm", OrgType::Business),
    ("startup", OrgType::Business),
    ("foundation", OrgType::Foundation),
    ("agency", OrgType::Government),
];

/// `type_noun_before`: "the nonprofit Teach Plus California": a capitalised name right after a
/// noun that types it.
fn type_noun_org(doc: &Doc<'_>, publisher: &Publisher, hi: usize, i: usize) -> Option<OrgSpan> {
    if !doc.has(i, attr::TYPE_NOUN) {
        return None;
    }
    let &(_, org_type) = TYPE_NOUNS.iter().find(|(n, _)| doc.keys[i] == *n)?;
    // After a determiner or an adjective, not as part of a longer noun phrase.
    if i == 0 || !doc.tokens[i - 1].is_word() || is_name_word(doc, i - 1) {
        return None;
    }
    let first = i + 1;
    if first >= hi || !is_name_word(doc, first) || publisher.is(first) {
        return None;
    }
    let end = scan_forward(doc, publisher, first, hi, false);
    cue_name_ok(doc, publisher, first, end, hi).then_some(OrgSpan {
        first,
        last: end - 1,
        org_type,
        rule: "type_noun_before",
        acronym: None,
    })
}

/// The noun phrase of an appositive after the comma at `comma`: "one of …", "a …", "an …",
/// "the …", or a number word for several names ("two nonprofits"). Returns the words of the
/// phrase (up to a relative pronoun, preposition or punctuation) and whether it is plural.
pub(crate) fn appositive_np(
    doc: &Doc<'_>,
    hi: usize,
    comma: usize,
) -> Option<(std::ops::Range<usize>, bool)> {
    const NP_STOP: &[&str] = &[
        "that",
        "which",
        "who",
        "whose",
        "where",
        "in",
        "at",
        "of",
        "for",
        "with",
        "based",
        "serving",
        "dedicated",
        "providing",
        "to",
        "from",
        "on",
        "and",
        "located",
        "founded",
        "run",
        "operated",
        "working",
        "led",
        "since",
        "is",
        "was",
        "has",
        "by",
        "or",
        "will",
    ];
    let key = |k: usize| doc.keys.get(k).filter(|_| k < hi).map(|k| &**k);
    let mut j = comma + 1;
    let plural = match key(j) {
        Some("one") if key(j + 1) == Some("of") => {
            j += 2;
            false
        }
        Some("a" | "an" | "the") => {
            j += 1;
            false
        }
        Some("two" | "three" | "four" | "five" | "both") => {
            j += 1;
            true
        }
        _ => return None,
    };
    // One more determiner may follow: "one of the county’s court schools".
    if matches!(key(j), Some("the" | "its" | "their" | "our")) {
        j += 1;
    }
    let np_start = j;
    // "Microsoft, the Sierra Health Foundation and …" is a list, not an appositive: the phrase
    // starts with a lower-case word, a possessive or a hyphenated compound ("Baltimore-based").
    if j < hi && is_name_word(doc, j) && !doc.possessive[j] && !doc.text(j).contains('-') {
        return None;
    }
    while j < hi && j - np_start < 8 && doc.tokens[j].is_word() {
        let k = doc.key(j);
        // A stop word, or a determiner that starts a new phrase ("the 10-year plan the board
        // adopted").
        if NP_STOP.contains(&k) || (j > np_start && matches!(k, "the" | "a" | "an")) {
            break;
        }
        j += 1;
    }
    (j > np_start).then_some((np_start..j, plural))
}

/// Nouns that name an organisation only vaguely; the word before them types it ("a nonprofit
/// clinic", "a community-based organization network").
const VAGUE_ORG_NOUNS: &[&str] = &[
    "clinic",
    "group",
    "network",
    "provider",
    "center",
    "centre",
    "organization",
    "coalition",
    "partner",
    "collaborative",
];

/// The organisation type an appositive's noun phrase gives: its last words, or the words before
/// a vague last noun ([`VAGUE_ORG_NOUNS`]).
fn appositive_type(doc: &Doc<'_>, np: &std::ops::Range<usize>) -> Option<OrgType> {
    // "nonprofit" anywhere in a phrase about an organisation types it ("a nonprofit research
    // agency"; not "a nonprofit leader").
    let last = doc.keys[np.end - 1].to_lowercase();
    let org_noun = VAGUE_ORG_NOUNS.contains(&last.as_str())
        || APPOSITIVE_TYPES
            .iter()
            .any(|(phrase, _)| last_word_is(phrase, &last));
    if org_noun
        && np
            .clone()
            .any(|k| matches!(doc.key(k), "nonprofit" | "non-profit"))
    {
        return Some(OrgType::Nonprofit);
    }
    let find = |np: &std::ops::Range<usize>| {
        APPOSITIVE_TYPES
            .iter()
            .find(|(phrase, _)| np_ends_with(doc, np, phrase))
            .map(|&(_, t)| t)
    };
    find(np).or_else(|| {
        let last = doc.keys[np.end - 1].to_lowercase();
        (np.len() > 1 && VAGUE_ORG_NOUNS.contains(&last.as_str()))
            .then(|| find(&(np.start..np.end - 1)))
            .flatten()
    })
}

/// Whether the last words of the noun phrase `np` spell `phrase` (lower case).
pub(crate) fn np_ends_with(doc: &Doc<'_>, np: &std::ops::Range<usize>, phrase: &str) -> bool {
    // The words of the phrase from the last: no word list is built.
    let n = phrase.split(' ').count();
    n <= np.len()
        && phrase
            .rsplit(' ')
            .zip((np.end - n..np.end).rev())
            .all(|(w, k)| doc.keys[k].eq_ignore_ascii_case(w))
}

/// `appositive_type`: "Name, one of …’s juvenile court schools" / "Name, a local nonprofit" /
/// "A and B, two nonprofits".
fn appositive_orgs(
    doc: &Doc<'_>,
    publisher: &Publisher,
    lo: usize,
    hi: usize,
    comma: usize,
) -> Vec<OrgSpan> {
    let mut out = Vec::new();
    if comma == lo || !is_name_word(doc, comma - 1) {
        return out;
    }
    let Some((np, plural)) = appositive_np(doc, hi, comma) else {
        return out;
    };
    let Some(org_type) = appositive_type(doc, &np) else {
        return out;
    };
    let mut end = comma;
    for _ in 0..if plural { 4 } else { 1 } {
        let (back, own) = scan_back_connected(doc, publisher, lo, end);
        if own || back >= end || (back..end).any(|k| publisher.is(k)) {
            break;
        }
        let first = strip_leading_noise(doc, lo, back, end - 1);
        if is_name_word(doc, first) && !all_generic(doc, first, end) {
            out.push(OrgSpan {
                first,
                last: end - 1,
                org_type,
                rule: "appositive_type",
                acronym: None,
            });
        }
        // The next name of a list: "A, B and C, three nonprofits".
        if back < lo + 2 || !matches!(doc.key(back - 1), "and" | "," | "&") {
            break;
        }
        end = back - 1;
        if end > lo && doc.text(end - 1) == "," {
            end -= 1;
        }
        if !is_name_word(doc, end - 1) {
            break;
        }
    }
    out
}

/// Keeps one span per place: an appositive's type wins over an ending's; otherwise the longest
/// span wins and spans inside it are dropped.
pub(crate) fn dedupe_orgs(doc: &Doc<'_>, mut spans: Vec<OrgSpan>) -> Vec<OrgSpan> {
    // A cue-only name gives way to any other rule's name overlapping it.
    spans.sort_by_key(|s| (s.first, s.last));
    let mut keep = vec![true; spans.len()];
    let mut reach: Option<(usize, usize)> = None; // (last token, index) of the furthest span so far
    for (k, s) in spans.iter().enumerate() {
        if let Some((last, p)) = reach {
            if s.first <= last {
                let prev = &spans[p];
                if prev.rule == "role_cue_name" && s.rule != "role_cue_name" {
                    keep[p] = false;
                } else if s.rule == "role_cue_name" && prev.rule != "role_cue_name" {
                    keep[k] = false;
                }
            }
        }
        if keep[k] && reach.is_none_or(|(last, _)| s.last > last) {
            reach = Some((s.last, k));
        }
    }
    let mut spans: Vec<OrgSpan> = spans
        .into_iter()
        .zip(keep)
        .filter_map(|(s, k)| k.then_some(s))
        .collect();
    spans.sort_by_key(|s| (s.first, std::cmp::Reverse(s.last)));
    let mut out: Vec<OrgSpan> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(prev) = out.last_mut() {
            if s.first <= prev.last {
                // "National Center for Schools and WestEd, a nonprofit": the appositive names the
                // part after "and", so the longer name stops before it.
                let split = s.rule == "appositive_type"
                    && s.last == prev.last
                    && s.first > prev.first + 1
                    && matches!(doc.key(s.first - 1), "and" | "&");
                if split {
                    prev.last = s.first - 2;
                    out.push(s);
                    continue;
                }
                // Same or overlapping span: an appositive ending at the same word lends its type.
                if s.rule == "appositive_type" && s.last == prev.last {
                    prev.org_type = s.org_type;
                    if s.first == prev.first {
                        prev.rule = s.rule;
                    }
                }
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// Which bytes are ASCII letters and digits.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// District short forms and what they stand for in a [`name_key`].
const KEY_ALIASES: &[(&str, &str)] = &[
    ("usd", "unified school district"),
    ("uhsd", "union high school district"),
    ("esd", "elementary school district"),
    ("hsd", "high school district"),
    ("ccd", "community college district"),
    ("isd", "independent school district"),
    ("sd", "school district"),
];

/// Lower-cased words of a name with district short forms spelled out and a leading "the"
/// dropped: names with the same key are the same organisation ("Inglewood USD" = "Inglewood
/// Unified School District"). Apostrophes are dropped ("Children’s" -> "childrens") and any
/// other character that is not a letter or digit separates words.
pub(crate) fn name_key(name: &str) -> String {
    if !name.is_ascii() {
        return name_key_by_words(name);
    }
    // One pass over the bytes, each word written as it is read.
    let mut out = String::with_capacity(name.len() + 32);
    let b = name.as_bytes();
    let mut first_word = true;
    let mut last: &str = "";
    let mut i = 0;
    let alnum = |c: u8| ASCII_ALNUM[usize::from(c)];
    while i < b.len() {
        if !alnum(b[i]) {
            i += 1;
            continue;
        }
        // A word: letters and digits, apostrophes inside it dropped.
        let at = out.len();
        if !out.is_empty() {
            out.push(' ');
        }
        let from = out.len();
        let start = i;
        let mut apostrophes = false;
        while i < b.len() && (alnum(b[i]) || b[i] == b'\'') {
            apostrophes |= b[i] == b'\'';
            i += 1;
        }
        if apostrophes {
            out.extend(
                b[start..i]
                    .iter()
                    .filter(|&&c| c != b'\'')
                    .map(|&c| char::from(c.to_ascii_lowercase())),
            );
        } else {
            out.push_str(&name[start..i]);
            out[from..].make_ascii_lowercase();
        }
        let word = &out[from..];
        if first_word && word == "the" {
            out.truncate(at);
        } else if let Some(&(short, long)) = KEY_ALIASES.iter().find(|(a, _)| *a == word) {
            out.truncate(from);
            out.push_str(long);
            last = short;
        } else {
            last = match word {
                "unified" => "unified",
                "elementary" => "elementary",
                _ => "",
            };
        }
        first_word = false;
    }
    // Short forms that drop the last words: "Bayshore Unified", "Sycamore Elementary".
    match last {
        "unified" => out.push_str(" school district"),
        "elementary" => out.push_str(" school"),
        _ => {}
    }
    out
}

/// [`name_key`] word by word, for any text.
fn name_key_by_words(name: &str) -> String {
    let lower = name.to_lowercase().replace(['’', '\''], "");
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    // Short forms that drop the last words: "Bayshore Unified", "Sycamore Elementary".
    match words.last() {
        Some(&"unified") => words.extend(["school", "district"]),
        Some(&"elementary") => words.push("school"),
        _ => {}
    }
    let mut out = String::with_capacity(lower.len() + 32);
    for w in words {
        let w = KEY_ALIASES
            .iter()
            .find(|(a, _)| *a == w)
            .map_or(w, |&(_, long)| long);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The slug of a name: its key with hyphens between words.
pub(crate) fn slug(name: &str) -> String {
    name_key(name).replace(' ', "-")
}

/// The cue phrases of [`ROLE_CUES`] as words.
fn role_cues() -> Vec<(Vec<String>, Role)> {
    ROLE_CUES
        .iter()
        .map(|&(c, r)| (c.split(' ').map(str::to_string).collect(), r))
        .collect()
}

/// Positions in [`ORG_TABLES`]`.cues` of the role cues whose last word may be token `i` (in
/// any ASCII case), in table order: every cue ending at `i` is among them.
fn cues_ending_at(doc: &Doc<'_>, i: usize) -> impl Iterator<Item = usize> + use<> {
    let cue = doc
        .classes
        .get(i)
        .is_some_and(|c| c & word_classes::CUE_LAST != 0);
    let found = doc
        .folds
        .get(i)
        .filter(|_| cue)
        .and_then(|f| CUE_LAST_WORDS.get(f))
        .map_or(&[][..], Vec::as_slice);
    found.iter().copied()
}

/// Role cues by the fold of their last word.
static CUE_LAST_WORDS: LazyLock<HashMap<u128, Vec<usize>, FxBuild>> = LazyLock::new(|| {
    let mut map: HashMap<u128, Vec<usize>, FxBuild> = HashMap::default();
    for (c, (words, _)) in ORG_TABLES.cues.iter().enumerate() {
        let last = words.last().map_or(String::new(), Clone::clone);
        map.entry(fold(&last)).or_default().push(c);
    }
    map
});

/// The nearest role cue before token `at` in its sentence (at most 40 tokens back).
fn role_before(doc: &Doc<'_>, cues: &[(Vec<String>, Role)], at: usize) -> Option<Role> {
    let lo = doc.sentence_of(at).start;
    let from = at.saturating_sub(40).max(lo);
    for end in (from..at).rev() {
        for c in cues_ending_at(doc, end) {
            let (words, role) = &cues[c];
            let n = words.len();
            if end + 1 >= from + n
                && words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| doc.keys[end + 1 - n + k].eq_ignore_ascii_case(w))
            {
                return Some(*role);
            }
        }
    }
    None
}

/// Extracts the partner organisations of a release, by first mention.
pub fn extract(release: &Release, lexicon: &Lexicon) -> Vec<Partner> {
    let analysis = analyse(release, lexicon);
    rows(&analysis, release)
}

/// Builds partner rows from an analysis: merges names with the same key, counts mentions.
pub(crate) fn rows(a: &Analysis<'_>, release: &Release) -> Vec<Partner> {
    let doc = &a.doc;
    // Each span's text and key, computed once.
    let texts: Vec<Cow<'_, str>> = a.orgs.iter().map(|s| a.name_str(s.first, s.last)).collect();
    let keys: Vec<String> = texts.iter().map(|t| name_key(t)).collect();
    // Group spans by key; a short form joins the long form with the same key. Groups are
    // numbered in order of their first span; `order` lists the spans group by group, each
    // group's in text order.
    let mut group_of = Vec::with_capacity(keys.len());
    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
    for key in &keys {
        let next = by_key.len();
        group_of.push(*by_key.entry(key.as_str()).or_insert(next));
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&k| group_of[k]);
    let groups: Vec<&[usize]> = order
        .chunk_by(|&x, &y| group_of[x] == group_of[y])
        .collect();
    let mut index = MentionIndex::default();
    for (g, spans) in groups.iter().enumerate() {
        for &k in spans.iter() {
            let s = &a.orgs[k];
            index.add(&doc.keys[s.first..=s.last], g);
            if let Some(acr) = &s.acronym {
                index.add_acronym(acr, g);
            }
        }
    }
    let skip = a.definition_acronyms();
    let mentions = index.count(doc, &skip);
    let cues = &ORG_TABLES.cues;
    let mut out = Vec::new();
    for (g, members) in groups.iter().enumerate() {
        let Some(m) = mentions.get(g).filter(|m| m.count > 0) else {
            continue;
        };
        // The name: the longest form as written.
        let long_k = *members
            .iter()
            .max_by_key(|&&k| (keys[k].len(), std::cmp::Reverse(a.orgs[k].first)))
            .expect("a group has a span");
        let long = &a.orgs[long_k];
        let name = texts[long_k].to_string();
        let spans = members.iter().map(|&k| &a.orgs[k]);
        let acronym = spans.clone().find_map(|s| s.acronym.clone()).or_else(|| {
            members
                .iter()
                .map(|&k| &texts[k])
                .find(|n| **n != name)
                .map(|n| n.to_string())
        });
        let org_type = spans
            .clone()
            .find(|s| s.rule == "appositive_type")
            .unwrap_or(long)
            .org_type;
        let role = m.positions.iter().find_map(|&p| role_before(doc, cues, p));
        let (start, end) = (
            doc.tokens[m.first.0].start,
            doc.end_without_possessive(m.first.1),
        );
        out.push(Partner {
            release_id: release.release_id.clone(),
            partner_id: keys[long_k].replace(' ', "-"),
            name,
            acronym,
            org_type,
            role,
            mention_count: m.count,
            start: doc.chars.char_at(start),
            end: doc.chars.char_at(end),
            sentence: doc.sentence_text(doc.token_sentence[m.first.0]).to_string(),
            rule: long.rule,
        });
    }
    out.sort_by_key(|p| (p.start, p.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sentences::test_release;

    fn partners_of(blocks: &[&str], lexicon: &Lexicon) -> Vec<Partner> {
        extract(&test_release(blocks), lexicon)
    }

    fn typed(blocks: &[&str]) -> Vec<(String, OrgType)> {
        partners_of(blocks, &Lexicon::default())
            .into_iter()
            .map(|p| (p.name, p.org_type))
            .collect()
    }

    fn names(blocks: &[&str]) -> Vec<String> {
        typed(blocks).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn org_suffixes_are_longest_first_within_an_ending() {
        // An entry that ends with another entry must come before it.
        for (i, (a, _)) in ORG_SUFFIXES.iter().enumerate() {
            for (b, _) in &ORG_SUFFIXES[..i] {
                assert!(
                    !(b.len() < a.len() && a.ends_with(&format!(" {b}"))),
                    "{a} must come before {b}"
                );
            }
        }
        for (i, (a, _)) in ORG_PREFIXES.iter().enumerate() {
            for (b, _) in &ORG_PREFIXES[..i] {
                assert!(!(b.len() < a.len() && a.starts_with(b)), "{a} before {b}");
            }
        }
    }

    #[test]
    fn partners_suffix_rule_types() {
        let got = typed(&[
            "Staff from Harbor Unified School District, Rio Hondo College, Bay Community College, \
             Westfield University, Lincoln Middle School and the Sunrise Family Foundation met.",
            "Acme Widgets Inc. joined the Hope Street Alliance, the Park Family Coalition and the \
             Delta Water Agency with Pine Credit Union and Glass Workers Union Local 12.",
        ]);
        assert_eq!(
            got,
            [
                (
                    "Harbor Unified School District".into(),
                    OrgType::SchoolDistrict
                ),
                ("Rio Hondo College".into(), OrgType::College),
                ("Bay Community College".into(), OrgType::College),
                ("Westfield University".into(), OrgType::University),
                ("Lincoln Middle School".into(), OrgType::K12School),
                ("Sunrise Family Foundation".into(), OrgType::Foundation),
                ("Acme Widgets Inc.".into(), OrgType::Business),
                ("Hope Street Alliance".into(), OrgType::Nonprofit),
                ("Park Family Coalition".into(), OrgType::Nonprofit),
                ("Delta Water Agency".into(), OrgType::Government),
                ("Pine Credit Union".into(), OrgType::Business),
                ("Glass Workers Union Local 12".into(), OrgType::Other),
            ]
        );
    }

    #[test]
    fn partners_prefix_rule_places_and_units() {
        let got = typed(&[
            "The City of Springfield and the State of Oregon joined the Ohio Department of \
             Health, the United Way of Lake County and the University of Oregon.",
            "Call the Office of Media Relations or the Department of Parks.",
        ]);
        assert_eq!(
            got,
            [
                ("City of Springfield".into(), OrgType::Government),
                ("State of Oregon".into(), OrgType::Government),
                ("Ohio Department of Health".into(), OrgType::Government),
                ("United Way of Lake County".into(), OrgType::Nonprofit),
                ("University of Oregon".into(), OrgType::University),
            ]
        );
    }

    #[test]
    fn partners_university_campus_after_a_comma() {
        assert_eq!(
            names(&["The University of Maryland, College Park will train tutors."]),
            ["University of Maryland, College Park"]
        );
        assert_eq!(
            names(&["The University of Maryland, Towson University and others met."]),
            ["University of Maryland", "Towson University"]
        );
    }

    #[test]
    fn partners_short_form_joins_the_long_form() {
        let got = partners_of(
            &[
                "Help for Pomona Unified School District grew.",
                "Pomona USD and Pomona Unified improved.",
            ],
            &Lexicon::default(),
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "Pomona Unified School District");
        assert_eq!(got[0].mention_count, 3);
        assert_eq!(got[0].partner_id, "pomona-unified-school-district");
        let alone = names(&["Pomona USD improved."]);
        assert_eq!(alone, ["Pomona USD"]);
    }

    #[test]
    fn partners_leave_out_the_publisher_and_its_units() {
        assert!(
            names(&[
                "The Los Angeles County Office of Education (LACOE) and LACOE’s Juvenile Court \
                 Schools met with the office’s Board of Education."
            ])
            .is_empty()
        );
        let lexicon = Lexicon {
            publisher_names: vec!["Linden Falls".into(), "City of Linden Falls".into()],
        };
        let got: Vec<String> = partners_of(
            &["The City of Linden Falls thanked the Linden Falls Community Foundation."],
            &lexicon,
        )
        .into_iter()
        .map(|p| p.name)
        .collect();
        assert_eq!(got, ["Linden Falls Community Foundation"]);
    }

    #[test]
    fn partners_appositive_types_a_name() {
        let got = typed(&[
            "Staff came from Camp Verde, one of LACOE’s juvenile court schools, and from Open \
             Doors Kestrel, a nonprofit clinic.",
            "Help came from Casa Nueva of Lane Valley and Amigos del Valle, two nonprofits that \
             serve families.",
            "Bikes came from Trail Riders, a locally owned bike shop.",
        ]);
        assert_eq!(
            got,
            [
                ("Camp Verde".into(), OrgType::CourtSchool),
                ("Open Doors Kestrel".into(), OrgType::Nonprofit),
                ("Casa Nueva of Lane Valley".into(), OrgType::Nonprofit),
                ("Amigos del Valle".into(), OrgType::Nonprofit),
                ("Trail Riders".into(), OrgType::Business),
            ]
        );
    }

    #[test]
    fn partners_appositive_is_not_a_list_or_a_person() {
        assert_eq!(
            names(&["Reps from Globex, the Sierra Arts Foundation and others spoke."]),
            ["Sierra Arts Foundation"]
        );
        assert!(names(&["Jo Park, a nonprofit leader, spoke."]).is_empty());
    }

    #[test]
    fn partners_and_joins_a_name_only_after_the() {
        assert_eq!(
            names(&["Gifts came from the Ann and Lee Moss Foundation."]),
            ["Ann and Lee Moss Foundation"]
        );
        assert_eq!(
            names(&["Members include Acme and Delta Credit Union."]),
            ["Delta Credit Union"]
        );
        assert_eq!(
            names(&["Work with the City of Elm and Elm Unified School District began."]),
            ["City of Elm", "Elm Unified School District"]
        );
    }

    #[test]
    fn partners_endings_take_numbers_and_of_places() {
        assert_eq!(
            names(&[
                "Elm Creek High School District 211 and the State Library of Ohio and the \
                 Region 4 Education Service Center met."
            ]),
            [
                "Elm Creek High School District 211",
                "State Library of Ohio",
                "Region 4 Education Service Center"
            ]
        );
    }

    #[test]
    fn partners_generic_and_bare_endings_are_not_names() {
        assert!(
            names(&["The Main Library, the College and the City Council met at the School."])
                .is_empty()
        );
    }

    #[test]
    fn partners_inside_program_names_are_dropped() {
        assert!(
            names(&[
                "Staff shared the Community College Access Toolkit: Finish High School Strong."
            ])
            .is_empty()
        );
    }

    #[test]
    fn partners_academy_is_a_school_or_a_program() {
        assert_eq!(names(&["Roosevelt Academy opened."]), ["Roosevelt Academy"]);
        assert!(names(&["The Health Science Academy at Oak High opened."]).is_empty());
        assert!(names(&["The Summer Leadership Academy opened."]).is_empty());
    }

    #[test]
    fn partners_roles_from_cues() {
        let got = partners_of(
            &[
                "The event was hosted by Oak Valley College and funded by the Pine Foundation.",
                "Speakers representing Elm Unified School District joined, in partnership with \
                 the Lake Alliance.",
            ],
            &Lexicon::default(),
        );
        let roles: Vec<(String, Option<Role>)> =
            got.into_iter().map(|p| (p.name, p.role)).collect();
        assert_eq!(
            roles,
            [
                ("Oak Valley College".into(), Some(Role::Host)),
                ("Pine Foundation".into(), Some(Role::Funder)),
                (
                    "Elm Unified School District".into(),
                    Some(Role::Participant)
                ),
                ("Lake Alliance".into(), Some(Role::Partner)),
            ]
        );
    }

    #[test]
    fn partners_cue_based_and_type_noun_rules() {
        let got = partners_of(
            &[
                "The vans were funded by Globex and Initech, in partnership with the Northside \
                 Health and Safety Consortium (NHSC).",
                "Denver-based Peak Mobile Care built them with the nonprofit Teach Forward Ohio.",
            ],
            &Lexicon::default(),
        );
        let got: Vec<(String, OrgType, &str)> = got
            .into_iter()
            .map(|p| (p.name, p.org_type, p.rule))
            .collect();
        assert_eq!(
            got,
            [
                ("Globex".into(), OrgType::Other, "role_cue_name"),
                ("Initech".into(), OrgType::Other, "role_cue_name"),
                (
                    "Northside Health and Safety Consortium".into(),
                    OrgType::Other,
                    "role_cue_name"
                ),
                ("Peak Mobile Care".into(), OrgType::Business, "based_cue"),
                (
                    "Teach Forward Ohio".into(),
                    OrgType::Nonprofit,
                    "type_noun_before"
                ),
            ]
        );
    }

    #[test]
    fn partners_cue_names_leave_people_laws_and_programs() {
        assert!(
            names(&[
                "It was funded by Measure K and Title I, hosted by Mayor Jo Park and supported by \
                 Dr. Lee."
            ])
            .is_empty()
        );
    }

    #[test]
    fn partners_offsets_are_characters_and_acronyms_attach() {
        let r = test_release(&["“Big” news: the Café Arts Foundation (CAF) met. CAF grew."]);
        let got = extract(&r, &Lexicon::default());
        assert_eq!(got.len(), 1);
        let chars: Vec<char> = r.body.chars().collect();
        let mention: String = chars[got[0].start..got[0].end].iter().collect();
        assert_eq!(mention, "Café Arts Foundation");
        assert_eq!(got[0].acronym.as_deref(), Some("CAF"));
        assert_eq!(got[0].mention_count, 2);
    }

    #[test]
    fn name_key_agrees_with_the_word_by_word_key() {
        let mut names: Vec<String> = [
            "",
            "the",
            "The",
            "the the",
            "The Unified",
            "Elm Unified",
            "Oak Elementary",
            "Elm USD",
            "usd",
            "the Elm USD",
            "Children's Aid",
            "'Tis Fund",
            "Fund'",
            "a ' b",
            "x-'-y",
            "Ánimo Unified",
            "Niños’ Fund",
            "A.B.C. Group",
            "Pine & Oak, Inc.",
            "SD",
            "Bay ESD",
            "UNIFIED",
            "Elm Unified SD",
            "the Sycamore elementary",
            "Elm uhsd ccd isd hsd",
            "  spaced   out  ",
            "L.A. County",
            "3rd Street School",
            "O'Neil Unified",
        ]
        .iter()
        .map(|n| n.to_string())
        .collect();
        for w in [
            "the",
            "unified",
            "elementary",
            "usd",
            "x",
            "Y9",
            "it's",
            "-",
            "'",
            ".",
            "The",
        ] {
            let more: Vec<String> = names.iter().map(|n| format!("{n} {w}")).collect();
            names.extend(more);
        }
        for n in &names {
            assert_eq!(name_key(n), name_key_by_words(n), "{n:?}");
        }
    }

    #[test]
    fn name_key_spells_out_district_short_forms() {
        assert_eq!(name_key("the Elm USD"), "elm unified school district");
        assert_eq!(name_key("Elm Unified"), "elm unified school district");
        assert_eq!(name_key("Oak Elementary"), "oak elementary school");
        assert_eq!(slug("Children’s Aid Fund"), "childrens-aid-fund");
    }

    #[test]
    fn partners_survive_nested_parentheses_and_long_lists() {
        let deep = "(".repeat(5_000) + "Pine Foundation" + &")".repeat(5_000);
        assert_eq!(names(&[&deep]), ["Pine Foundation"]);
        let items: Vec<String> = (0..10_000)
            .map(|n| format!("- {n}. Gift from Donor{n} Family Foundation"))
            .collect();
        let refs: Vec<&str> = items.iter().map(|k| &**k).collect();
        assert_eq!(names(&refs).len(), 10_000);
        let list = (0..5_000)
            .map(|n| format!("Town{n} College"))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(names(&[&list]).len(), 5_000);
    }
}
