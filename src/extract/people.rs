//! People: who is quoted or named with a title in a release, with title, affiliation and what
//! they said.
//!
//! A capitalised run of words is split into a title part and a name: the name is the last two
//! or three capitalised words that are not title words
//! ([`TITLE_WORDS`](super::lexicon::TITLE_WORDS)) or courtesy titles
//! ([`HONORIFICS`](super::lexicon::HONORIFICS)); what comes before is the title, and an
//! organisation or the publisher at its start is the affiliation ("Gold Hills College President
//! Dr. Samuel Okoye"). Rules, each named in the `rule` column:
//! - `said_name_title`: `“…,” said Dr. Jane Doe, the district’s Director of Equity.`
//! - `name_title_said`: `“…,” Jane Doe, Superintendent, said.` / `“…,” Jane Doe said.`
//! - `name_title_said_quote`: `Jane Doe, Superintendent, said: “…”`
//! - `title_name`: a title before a name in running text (`Mayor Jane Doe announced …`).
//! - `name_appositive_title`: `Jane Doe, the district’s director of equity, said …`
//!
//! Quotes are found per block (a quote may run over several sentences). A quote without
//! attribution in the same paragraph as an attributed one continues it; `“…,” she said.`
//! continues the last person's quote; `“…,” Doe said.` goes to the person named Doe. A title
//! that starts with a possessive organisation ("LACOE’s Coordinator III of Dual Enrollment")
//! gives the affiliation; so does "TITLE of ORG" / "TITLE at ORG" when ORG is an organisation.

use std::collections::HashMap;

use super::partners::{Coverage, Publisher, appositive_np, is_name_word};
use super::programs::{Analysis, analyse};
use super::sentences::{Doc, is_capitalised};
use super::word_classes::attr;
use super::{Lexicon, Person};
use crate::release::Release;

/// Pronouns that attribute a quote to the person quoted just before.
pub(crate) const PRONOUNS: &[&str] = &["he", "she", "they", "He", "She", "They"];

/// Lower-case words that may join the words of a title ("Superintendent of Schools").
pub(crate) const TITLE_CONNECTORS: &[&str] = &["of", "for", "and", "the", "&"];

/// Most tokens a capitalised run (title and name) may have.
const MAX_RUN: usize = 14;

/// One quote: token indexes of its opening and closing marks.
#[derive(Debug, Clone, Copy)]
struct Quote {
    open: usize,
    close: usize,
    block: usize,
}

/// A person found at one place: name, title, affiliation and the tokens of the mention.
#[derive(Debug, Clone)]
struct Mention {
    name: String,
    title: Option<String>,
    affiliation: Option<String>,
    first: usize,
    last: usize,
    rule: &'static str,
}

/// A capitalised run split into its parts (token ranges, end exclusive).
#[derive(Debug, Clone, Default)]
struct Run {
    /// Token just past the run.
    end: usize,
    /// The name: the last capitalised words.
    name: (usize, usize),
    /// Title words before the name (courtesy titles left out), as text.
    title: Option<String>,
    /// An organisation or the publisher at the start of the run.
    affiliation: Option<String>,
}

/// Extracts the people of a release, by first appearance.
pub fn extract(release: &Release, lexicon: &Lexicon) -> Vec<Person> {
    let analysis = analyse(release, lexicon);
    rows(&analysis, release)
}

/// People found so far, by name.
#[derive(Debug, Default)]
struct Book {
    people: Vec<Person>,
    by_name: HashMap<String, usize>,
    by_last_name: HashMap<String, usize>,
}

impl Book {
    /// Adds a mention (or completes the person it names); returns the person's index.
    fn add(&mut self, doc: &Doc<'_>, release: &Release, m: Mention) -> usize {
        if let Some(&i) = self.by_name.get(&m.name) {
            let p = &mut self.people[i];
            if p.title.is_none() {
                p.title = m.title;
            }
            if p.affiliation.is_none() {
                p.affiliation = m.affiliation;
            }
            return i;
        }
        let (start, end) = (doc.tokens[m.first].start, doc.tokens[m.last].end);
        self.by_name.insert(m.name.clone(), self.people.len());
        if let Some(last) = m.name.rsplit(' ').next() {
            self.by_last_name
                .insert(last.to_string(), self.people.len());
        }
        self.people.push(Person {
            release_id: release.release_id.clone(),
            person_index: 0,
            name: m.name,
            title: m.title,
            affiliation: m.affiliation,
            quote: None,
            start: doc.chars.char_at(start),
            end: doc.chars.char_at(end),
            rule: m.rule,
        });
        self.people.len() - 1
    }

    /// The person whose last name is `last_name` (the most recently added one).
    fn by_last_name(&self, last_name: &str) -> Option<usize> {
        self.by_last_name.get(last_name).copied()
    }
}

/// Builds people rows from an analysis (the publisher is the one it was analysed with).
pub(crate) fn rows(a: &Analysis<'_>, release: &Release) -> Vec<Person> {
    let doc = &a.doc;
    let publisher = &a.publisher;
    let mut book = Book::default();
    // Attributions of quotes, and people named with a title in running text; a named mention
    // inside a quote's attribution is the same mention.
    let quotes = find_quotes(doc, release);
    let attributions: Vec<Option<Attribution>> = quotes
        .iter()
        .map(|q| attribution_after(a, publisher, q).or_else(|| attribution_before(a, publisher, q)))
        .collect();
    let mut mentions: Vec<Mention> = attributions
        .iter()
        .filter_map(|att| match att {
            Some(Attribution::Person(m)) => Some(m.clone()),
            _ => None,
        })
        .collect();
    let quoted = Coverage::new(doc.tokens.len(), mentions.iter().map(|m| (m.first, m.last)));
    mentions.extend(
        named_mentions(a, publisher)
            .into_iter()
            .filter(|m| !quoted.touches(m.first, m.last)),
    );
    mentions.sort_by_key(|m| m.first);
    for m in mentions {
        book.add(doc, release, m);
    }
    // Index of the last quoted person and the block of that quote.
    let mut last: Option<(usize, usize)> = None;
    for (q, att) in quotes.iter().zip(&attributions) {
        let text = quote_text(doc, q);
        if text.is_empty() {
            continue;
        }
        let idx = match att {
            Some(Attribution::Person(m)) => book.by_name.get(&m.name).copied(),
            Some(Attribution::LastName(n)) => book.by_last_name(n),
            Some(Attribution::Pronoun) => last.map(|(i, _)| i),
            None => last.filter(|&(_, block)| block == q.block).map(|(i, _)| i),
        };
        if let Some(i) = idx {
            append_quote(&mut book.people[i], &text);
            last = Some((i, q.block));
        }
    }
    let mut people = book.people;
    people.sort_by_key(|p| (p.start, p.end));
    for (i, p) in people.iter_mut().enumerate() {
        p.person_index = i;
    }
    people
}

/// Appends a quote piece; a piece that ended with a comma before its attribution ends with a
/// period once joined.
fn append_quote(person: &mut Person, text: &str) {
    match &mut person.quote {
        Some(q) => {
            if q.ends_with(',') {
                q.pop();
                q.push('.');
            }
            q.push(' ');
            q.push_str(text);
        }
        None => person.quote = Some(text.to_string()),
    }
}

/// Whether a word is a title word ([`TITLE_WORDS`](super::lexicon::TITLE_WORDS), any case).
fn is_title(doc: &Doc<'_>, i: usize) -> bool {
    doc.has(i, attr::TITLE)
}

/// Whether token `i` is a courtesy title ("Dr."). Every courtesy title starts with a capital
/// ASCII letter (a test checks it), so other tokens are turned away before the lookup.
fn is_honorific(doc: &Doc<'_>, i: usize) -> bool {
    // A courtesy title has no apostrophe: it is its text exactly when it is its key.
    doc.attrs[i] & (attr::HONORIFIC | attr::PLAIN) == attr::HONORIFIC | attr::PLAIN
}

/// Whether a speech verb is the key of token `i`.
fn is_speech_verb(doc: &Doc<'_>, i: usize) -> bool {
    doc.has(i, attr::SPEECH_VERB)
}

/// Reads the capitalised run from `start`: capitalised words, courtesy titles, and title
/// connectors between capitalised words; an organisation ends it unless the run starts with it.
/// Splits it into title, name and affiliation. `None` when the run has no name word.
fn read_run(a: &Analysis<'_>, publisher: &Publisher, start: usize, hi: usize) -> Option<Run> {
    let doc = &a.doc;
    let orgs = &a.org_at;
    let mut end = start;
    while end < hi && end - start < MAX_RUN {
        let capital = is_name_word(doc, end) || is_honorific(doc, end);
        let in_org = orgs.at(end).is_some() || publisher.is(end);
        if capital && (!in_org || is_org_prefix(publisher, orgs, start, end)) {
            end += 1;
            continue;
        }
        let connector = doc.has(end, attr::TITLE_CONNECTOR)
            && end > start
            && end + 1 < hi
            && is_name_word(doc, end + 1)
            && orgs.at(end + 1).is_none()
            && !publisher.is(end + 1);
        if connector {
            end += 1;
            continue;
        }
        break;
    }
    if end == start {
        return None;
    }
    // The name: the last capitalised words that are not title words, none after a connector.
    let mut k = end;
    let mut count = 0;
    while k > start && count < 3 {
        let t = k - 1;
        let ok = is_name_word(doc, t)
            && !is_title(doc, t)
            && !is_honorific(doc, t)
            && !doc.possessive[t]
            && !publisher.is(t)
            && orgs.at(t).is_none()
            && a.program_at.at(t).is_none()
            && !doc.has(t, attr::ENDS_A_NAME);
        if !ok {
            break;
        }
        k = t;
        count += 1;
        if t > start && doc.has(t - 1, attr::TITLE_CONNECTOR) {
            break;
        }
    }
    let mut name_first = k;
    let title_tokens: Vec<usize> = (start..name_first)
        .filter(|&t| !is_honorific(doc, t))
        .collect();
    // After a title phrase that does not end in a title word, a third word is more often the
    // end of that phrase ("Director of Educational Services Jane Doe"); right after a title
    // word it is a first name ("Mayor Ana Lucia Diaz").
    if count == 3
        && !title_tokens.is_empty()
        && doc.text(name_first).chars().count() > 2
        && !(is_title(doc, name_first - 1) || is_honorific(doc, name_first - 1))
    {
        name_first += 1;
    }
    // A name never follows a connector ("… of Family Outreach" is the end of a title).
    if name_first > start && doc.has(name_first - 1, attr::TITLE_CONNECTOR) {
        name_first = end;
    }
    let title_tokens: Vec<usize> = (start..name_first)
        .filter(|&t| !is_honorific(doc, t))
        .collect();
    let (title, affiliation) = split_title(doc, publisher, orgs, &title_tokens);
    Some(Run {
        end,
        name: (name_first, end),
        title,
        affiliation,
    })
}

/// Whether tokens `start..=end` are all one organisation (or the publisher) starting the run.
fn is_org_prefix(publisher: &Publisher, orgs: &Coverage, start: usize, end: usize) -> bool {
    (start..=end).all(|k| publisher.is(k))
        || (orgs.at(start).is_some() && orgs.at(start) == orgs.at(end))
}

/// Splits the title words before a name into title and affiliation: an organisation, the
/// publisher or a possessive name at the start is the affiliation. The title needs a title word.
fn split_title(
    doc: &Doc<'_>,
    publisher: &Publisher,
    orgs: &Coverage,
    tokens: &[usize],
) -> (Option<String>, Option<String>) {
    let Some(&first) = tokens.first() else {
        return (None, None);
    };
    // Affiliation: the publisher or an organisation at the start, or a possessive.
    let mut split = 0;
    if publisher.is(first) {
        split = tokens.iter().take_while(|&&t| publisher.is(t)).count();
    } else if let Some(o) = orgs.at(first) {
        split = tokens
            .iter()
            .take_while(|&&t| orgs.at(t) == Some(o))
            .count();
    } else if let Some(p) = tokens.iter().position(|&t| doc.possessive[t]) {
        split = p + 1;
    }
    let affiliation = (split > 0).then(|| {
        let (a, b) = (tokens[0], tokens[split - 1]);
        let text = &doc.body[doc.tokens[a].start..doc.end_without_possessive(b)];
        collapse(text)
    });
    let rest = &tokens[split..];
    let title = (!rest.is_empty() && rest.iter().any(|&t| is_title(doc, t))).then(|| {
        let (a, b) = (rest[0], rest[rest.len() - 1]);
        collapse(&doc.body[doc.tokens[a].start..doc.tokens[b].end])
    });
    (title, affiliation)
}

/// White space collapsed to single spaces.
fn collapse(text: &str) -> String {
    super::sentences::collapse_whitespace(text)
}

/// The text of tokens `first..end`, white space collapsed.
fn span_text(doc: &Doc<'_>, first: usize, end: usize) -> String {
    if end <= first {
        return String::new();
    }
    collapse(&doc.body[doc.tokens[first].start..doc.tokens[end - 1].end])
}

/// People named with a title in running text: `title_name` ("Mayor Jane Doe announced") and
/// `name_appositive_title` ("Jane Doe, the district’s director of equity, said").
fn named_mentions(a: &Analysis<'_>, publisher: &Publisher) -> Vec<Mention> {
    let doc = &a.doc;
    let mut out = Vec::new();
    for range in &doc.sentence_tokens {
        let (lo, hi) = (range.start, range.end);
        let mut i = lo;
        while i < hi {
            let starts = (is_name_word(doc, i) || is_honorific(doc, i))
                && (i == lo || !is_name_word(doc, i - 1));
            if !starts {
                i += 1;
                continue;
            }
            let Some(run) = read_run(a, publisher, i, hi) else {
                i += 1;
                continue;
            };
            let (nf, ne) = run.name;
            let name_words = ne - nf;
            let title_words = (i..nf).any(|t| is_title(doc, t));
            // A heading ("Juvenile Justice Education Reimagined") is not a title and a name.
            let heading = run.end >= hi && !doc.text(hi - 1).ends_with(['.', '!', '?', '”', '"']);
            if name_words >= 2 && title_words && run.title.is_some() && !heading {
                let mut m = Mention {
                    name: span_text(doc, nf, ne),
                    title: run.title.clone(),
                    affiliation: run.affiliation.clone(),
                    first: i,
                    last: ne - 1,
                    rule: "title_name",
                };
                // "Principal Jane Doe of Sycamore Elementary School"
                if m.affiliation.is_none() {
                    m.affiliation = org_after(a, publisher, run.end, hi);
                }
                out.push(m);
            } else if name_words >= 2 && nf == i && run.end < hi && doc.text(run.end) == "," {
                if let Some(m) = appositive_title(a, publisher, i, run.end, hi) {
                    out.push(m);
                }
            }
            i = run.end.max(i + 1);
        }
    }
    out
}

/// "of/at ORG" right after a name: the organisation's text.
fn org_after(a: &Analysis<'_>, publisher: &Publisher, at: usize, hi: usize) -> Option<String> {
    let doc = &a.doc;
    if at + 1 >= hi || !matches!(doc.key(at), "of" | "at") {
        return None;
    }
    let mut s = at + 1;
    if doc.has(s, attr::THE) {
        s += 1;
    }
    if s >= hi {
        return None;
    }
    if publisher.is(s) {
        let e = (s..hi).take_while(|&k| publisher.is(k)).last()?;
        return Some(a.name_text(s, e));
    }
    let o = a.org_at.at(s)?;
    let org = &a.orgs[o];
    Some(a.name_text(org.first, org.last))
}

/// `name_appositive_title`: the name `first..comma` followed by ", the/a … title …".
fn appositive_title(
    a: &Analysis<'_>,
    publisher: &Publisher,
    first: usize,
    comma: usize,
    hi: usize,
) -> Option<Mention> {
    let doc = &a.doc;
    let (np, _) = appositive_np(doc, hi, comma)?;
    if !np.clone().take(4).any(|t| is_title(doc, t)) {
        return None;
    }
    let end = title_end(doc, comma + 1, hi);
    let (title, affiliation) = title_and_affiliation(a, publisher, comma + 1, end);
    title.as_ref()?;
    Some(Mention {
        name: span_text(doc, first, comma),
        title,
        affiliation,
        first,
        last: end.max(comma + 1) - 1,
        rule: "name_appositive_title",
    })
}

/// The block index of every sentence.
fn sentence_blocks(doc: &Doc<'_>, release: &Release) -> Vec<usize> {
    let mut out = Vec::with_capacity(doc.sentences.len());
    let mut b = 0;
    for s in &doc.sentences {
        while b + 1 < release.blocks.len() && release.blocks[b].end <= s.start {
            b += 1;
        }
        out.push(b);
    }
    out
}

/// Pairs opening and closing quote marks within each block (a quote may cross sentences, never
/// blocks). Straight double quotes alternate.
fn find_quotes(doc: &Doc<'_>, release: &Release) -> Vec<Quote> {
    let blocks = sentence_blocks(doc, release);
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut current_block = usize::MAX;
    for (n, range) in doc.sentence_tokens.iter().enumerate() {
        if blocks[n] != current_block {
            current_block = blocks[n];
            open = None;
        }
        for i in range.clone() {
            match doc.text(i) {
                "“" => open = Some(i),
                "”" => {
                    if let Some(o) = open.take() {
                        out.push(Quote {
                            open: o,
                            close: i,
                            block: current_block,
                        });
                    }
                }
                "\"" => match open.take() {
                    Some(o) => out.push(Quote {
                        open: o,
                        close: i,
                        block: current_block,
                    }),
                    None => open = Some(i),
                },
                _ => {}
            }
        }
    }
    out
}

/// The words between the quote marks, white space collapsed.
fn quote_text(doc: &Doc<'_>, q: &Quote) -> String {
    collapse(&doc.body[doc.tokens[q.open].end..doc.tokens[q.close].start])
}

/// Splits a title phrase (tokens `first..end`) into title and affiliation: a possessive
/// organisation before the title, or "of/at ORG" after it when ORG is an organisation.
fn title_and_affiliation(
    a: &Analysis<'_>,
    publisher: &Publisher,
    mut first: usize,
    end: usize,
) -> (Option<String>, Option<String>) {
    let doc = &a.doc;
    while first < end
        && matches!(doc.key(first), "the" | "a" | "an" | "The")
        && !doc.possessive[first]
    {
        first += 1;
    }
    if first >= end {
        return (None, None);
    }
    // Possessive organisation first: "LACOE’s Coordinator", "the district’s director".
    if let Some(p) = (first..end.min(first + 8)).find(|&k| doc.possessive[k]) {
        let org_words =
            (first..=p).all(|k| is_name_word(doc, k) || matches!(doc.key(k), "of" | "and" | "&"));
        let affiliation =
            (org_words && is_capitalised(doc.text(first))).then(|| a.name_text(first, p));
        let title = span_text(doc, p + 1, end);
        return ((!title.is_empty()).then_some(title), affiliation);
    }
    // "Superintendent of Inglewood Unified School District", "Director at Acme Corp."
    for k in first + 1..end {
        let key = doc.key(k);
        if !matches!(key, "of" | "at" | "for" | "with") || k + 1 >= end {
            continue;
        }
        let mut org_start = k + 1;
        if doc.has(org_start, attr::THE) {
            org_start += 1;
        }
        let is_org = org_start < end
            && (publisher.is(org_start)
                || a.org_at.at(org_start).is_some()
                || (key == "at" && is_name_word(doc, org_start)));
        if is_org {
            return (
                Some(span_text(doc, first, k)),
                Some(span_text(doc, org_start, end)),
            );
        }
    }
    (Some(span_text(doc, first, end)), None)
}

/// The end (exclusive) of a title phrase starting at `from`: the end of the sentence, a relative
/// pronoun, or a comma followed by a speech verb; at most 30 tokens.
fn title_end(doc: &Doc<'_>, from: usize, hi: usize) -> usize {
    const MAX_TITLE_WORDS: usize = 30;
    let mut j = from;
    while j < hi && j - from < MAX_TITLE_WORDS {
        let t = doc.text(j);
        if matches!(t, "." | ";" | "“" | "\"" | "!" | "?" | "(" | ":") {
            break;
        }
        if matches!(doc.key(j), "who" | "which" | "where" | "when") {
            break;
        }
        if t == "," && (j + 1 >= hi || is_speech_verb(doc, j + 1) || doc.keys[j + 1] == "who") {
            break;
        }
        if is_speech_verb(doc, j) {
            break;
        }
        j += 1;
    }
    while j > from && doc.text(j - 1) == "," {
        j -= 1;
    }
    j
}

/// Who a quote is attributed to.
#[derive(Debug, Clone)]
enum Attribution {
    /// A named person.
    Person(Mention),
    /// A last name only ("Doe said").
    LastName(String),
    /// "she said".
    Pronoun,
}

/// A person from the run at `start` (and an appositive title after it): `None` without a name.
fn person_at(
    a: &Analysis<'_>,
    publisher: &Publisher,
    start: usize,
    hi: usize,
    rule: &'static str,
    quote: &Quote,
) -> Option<(Attribution, usize)> {
    let doc = &a.doc;
    let run = read_run(a, publisher, start, hi)?;
    let (nf, ne) = run.name;
    if ne - nf == 1 && nf == start {
        return Some((Attribution::LastName(doc.text(nf).to_string()), run.end));
    }
    if ne - nf < 2 {
        return None;
    }
    let mut m = Mention {
        name: span_text(doc, nf, ne),
        title: run.title,
        affiliation: run.affiliation,
        first: quote.open.min(start),
        last: quote.close.max(ne - 1),
        rule,
    };
    let mut end = run.end;
    if m.affiliation.is_none() {
        m.affiliation = org_after(a, publisher, run.end, hi);
    }
    if end < hi && doc.text(end) == "," && !(end + 1 < hi && is_speech_verb(doc, end + 1)) {
        let t_end = title_end(doc, end + 1, hi);
        if t_end > end + 1 {
            let (title, affiliation) = title_and_affiliation(a, publisher, end + 1, t_end);
            if m.title.is_none() {
                m.title = title;
            }
            if m.affiliation.is_none() {
                m.affiliation = affiliation;
            }
            end = t_end;
            m.last = m.last.max(t_end - 1);
        }
    }
    Some((Attribution::Person(m), end))
}

/// Attribution after the closing quote: `said NAME[, TITLE]`, `NAME[, TITLE,] said`, `she
/// said`.
fn attribution_after(a: &Analysis<'_>, publisher: &Publisher, q: &Quote) -> Option<Attribution> {
    let doc = &a.doc;
    let hi = doc.sentence_of(q.close).end;
    let mut i = q.close + 1;
    if i < hi && doc.text(i) == "," {
        i += 1;
    }
    if i >= hi {
        return None;
    }
    if is_speech_verb(doc, i) {
        return person_at(a, publisher, i + 1, hi, "said_name_title", q).map(|(att, _)| att);
    }
    if i + 1 < hi && doc.has(i, attr::PRONOUN) && is_speech_verb(doc, i + 1) {
        return Some(Attribution::Pronoun);
    }
    let (att, end) = person_at(a, publisher, i, hi, "name_title_said", q)?;
    // The verb must follow the name (and title).
    let verb_follows = end < hi && is_speech_verb(doc, end)
        || (end + 1 < hi && doc.text(end) == "," && is_speech_verb(doc, end + 1));
    verb_follows.then_some(att)
}

/// Attribution before the opening quote: `NAME[, TITLE,] said[:|,] “…”`.
fn attribution_before(a: &Analysis<'_>, publisher: &Publisher, q: &Quote) -> Option<Attribution> {
    let doc = &a.doc;
    let lo = doc.sentence_of(q.open).start;
    let mut v = q.open;
    while v > lo && matches!(doc.text(v - 1), ":" | ",") {
        v -= 1;
    }
    if v == lo || !is_speech_verb(doc, v - 1) {
        return None;
    }
    let verb = v - 1;
    let (att, end) = person_at(a, publisher, lo, verb, "name_title_said_quote", q)?;
    // Everything between the run (and its title) and the verb must be accounted for.
    (end == verb || (end + 1 == verb && doc.text(end) == ",")).then_some(att)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honorifics_start_with_a_capital_ascii_letter() {
        for h in super::super::lexicon::HONORIFICS {
            assert!(h.as_bytes()[0].is_ascii_uppercase(), "{h}");
        }
    }
    use crate::extract::sentences::test_release;

    fn people(blocks: &[&str]) -> Vec<Person> {
        extract(&test_release(blocks), &Lexicon::default())
    }

    fn summary(p: &Person) -> (String, Option<String>, Option<String>, &'static str) {
        (
            p.name.clone(),
            p.title.clone(),
            p.affiliation.clone(),
            p.rule,
        )
    }

    #[test]
    fn people_said_name_title_with_possessive_affiliation() {
        let got = people(&[
            "“We are ready,” said Dr. Ana Ruiz, LACOE’s Coordinator II of Family Outreach. “It starts now.”",
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(
            summary(&got[0]),
            (
                "Ana Ruiz".into(),
                Some("Coordinator II of Family Outreach".into()),
                Some("LACOE".into()),
                "said_name_title"
            )
        );
        assert_eq!(
            got[0].quote.as_deref(),
            Some("We are ready. It starts now.")
        );
    }

    #[test]
    fn people_name_title_said() {
        let got = people(&["“Kids read more,” Jo Park, Superintendent, said."]);
        assert_eq!(
            summary(&got[0]),
            (
                "Jo Park".into(),
                Some("Superintendent".into()),
                None,
                "name_title_said"
            )
        );
        let got = people(&["“Kids read more,” Jo Park said."]);
        assert_eq!(got[0].name, "Jo Park");
    }

    #[test]
    fn people_name_title_said_before_the_quote() {
        let got = people(&["Jo Park, the district’s director of equity, said: “We listen.”"]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "Jo Park");
        assert_eq!(got[0].title.as_deref(), Some("director of equity"));
        assert_eq!(got[0].quote.as_deref(), Some("We listen."));
    }

    #[test]
    fn people_title_before_name_and_org_affiliation() {
        let got = people(&[
            "“Ride on,” said Board Chair Lee Wong. Principal Sam Diaz of Oak Grove High School agreed.",
        ]);
        let s: Vec<_> = got.iter().map(summary).collect();
        assert_eq!(
            s,
            [
                (
                    "Lee Wong".into(),
                    Some("Board Chair".into()),
                    None,
                    "said_name_title"
                ),
                (
                    "Sam Diaz".into(),
                    Some("Principal".into()),
                    Some("Oak Grove High School".into()),
                    "title_name"
                )
            ]
        );
        assert_eq!(got[1].quote, None);
    }

    #[test]
    fn people_title_of_org_and_connector_titles() {
        let got = people(&[
            "“Math matters,” said State Superintendent of Schools Lia Chen.",
            "“We train,” said Dr. Raj Patel, director of the Pine Valley Water Agency.",
        ]);
        let s: Vec<_> = got.iter().map(summary).collect();
        assert_eq!(s[0].0, "Lia Chen");
        assert_eq!(s[0].1.as_deref(), Some("State Superintendent of Schools"));
        assert_eq!(s[1].0, "Raj Patel");
        assert_eq!(s[1].1.as_deref(), Some("director"));
        assert_eq!(s[1].2.as_deref(), Some("Pine Valley Water Agency"));
    }

    #[test]
    fn people_three_word_names_after_a_title_word() {
        let got = people(&[
            "Mayor Ana Lucia Diaz cut the ribbon.",
            "Director of Family Services Jo Park spoke.",
        ]);
        let s: Vec<_> = got
            .iter()
            .map(|p| (p.name.as_str(), p.title.as_deref()))
            .collect();
        assert_eq!(
            s,
            [
                ("Ana Lucia Diaz", Some("Mayor")),
                ("Jo Park", Some("Director of Family Services"))
            ]
        );
    }

    #[test]
    fn people_headings_and_titles_inside_names_are_not_people() {
        assert!(people(&["- 4. Juvenile Justice Education Reimagined"]).is_empty());
        assert!(people(&["The Golden State Teacher Grant Program grew."]).is_empty());
    }

    #[test]
    fn people_last_name_and_pronoun_continue_quotes() {
        let got = people(&[
            "Mayor Teri Nakamoto announced the plan on Tuesday.",
            "“It helps families,” Nakamoto said. “It is fair,” she said.",
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].title.as_deref(), Some("Mayor"));
        assert_eq!(
            got[0].quote.as_deref(),
            Some("It helps families. It is fair,")
        );
    }

    #[test]
    fn people_unattributed_quote_in_another_block_is_left_alone() {
        let got = people(&["“One,” said Jo Park.", "“Two.”"]);
        assert_eq!(got[0].quote.as_deref(), Some("One,"));
    }

    #[test]
    fn people_survive_many_quotes_and_nested_parentheses() {
        let text = "“Hi,” said Jo Park. ".repeat(5_000);
        let got = people(&[&text]);
        assert_eq!(got.len(), 1);
        let deep = "(".repeat(5_000) + "“x,” said Jo Park" + &")".repeat(5_000);
        assert_eq!(people(&[&deep]).len(), 1);
    }
}
