//! Acronym definitions: `Long Name (ACR)` and `ACR (Long Name)`, matched Schwartz–Hearst style.
//! The letters of the acronym are matched against the words before the parenthesis, right to
//! left: each word gives its initial (or the initials of its hyphenated parts), short function
//! words ("of", "and") may give their initial or nothing, and the long form starts at the word
//! that gives the first letter. When initials alone do not explain the acronym, a word may also
//! give letters from inside it, in order ("Prekindergarten" gives P and K).
//!
//! This module only finds definitions; deciding whether a long form is a program, an
//! organisation or neither is left to [`super::programs`] and [`super::partners`].

use std::ops::Range;

use super::sentences::Doc;

/// One acronym definition in a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The acronym as written, e.g. `UPK-CDI`, `LEAs`.
    pub acronym: String,
    /// Index of the acronym's token in [`Doc::tokens`].
    pub acronym_token: usize,
    /// Token indexes of the long form (words only, first to last).
    pub long_tokens: Range<usize>,
    /// Byte range of the long form in the body.
    pub long: Range<usize>,
    /// Byte range of the whole definition, long form, acronym and parentheses included.
    pub span: Range<usize>,
}

/// Short words that may give their initial to an acronym or give nothing ("Department of
/// Education (DOE)" and "California Department of Education (CDE)" both match).
pub const FUNCTION_WORDS: &[&str] = &[
    "of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "with", "by", "&", "de", "la",
];

/// Longest acronym considered, in letters.
const MAX_LETTERS: usize = 12;

/// Whether `word` has the shape of an acronym: 2 to 15 characters, an upper-case first letter,
/// at least two upper-case letters, and only letters, digits, `-`, `&`, `/` and `.`.
pub fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=15).contains(&n)
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().filter(|c| c.is_uppercase()).count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '/' | '.'))
}

/// The letters an acronym spells, lower-cased: joiners dropped, a plural `s` after a capital
/// dropped (`LEAs` spells `lea`).
pub fn letters(acronym: &str) -> Vec<char> {
    let mut out: Vec<char> = acronym.chars().filter(|c| c.is_alphanumeric()).collect();
    if out.len() > 2 && out.last() == Some(&'s') && out[out.len() - 2].is_uppercase() {
        out.pop();
    }
    out.iter().flat_map(|c| c.to_lowercase()).collect()
}

/// How freely a word may give letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Only initials of the word or of its hyphenated parts / inner capitals.
    Initials,
    /// Also letters from inside the word, in order.
    Inner,
}

/// The index of the first word of the long form of `letters` among `words` (the words just
/// before the parenthesis, in text order), or `None` when the words do not spell the acronym.
/// Every word from that index on must give at least one letter, except function words.
pub fn long_form_start(letters: &[char], words: &[&str]) -> Option<usize> {
    if letters.is_empty() || letters.len() > MAX_LETTERS || words.is_empty() {
        return None;
    }
    long_form_start_in(letters, words, Mode::Initials)
        .or_else(|| long_form_start_in(letters, words, Mode::Inner))
}

fn long_form_start_in(letters: &[char], words: &[&str], mode: Mode) -> Option<usize> {
    let n = words.len();
    let m = letters.len();
    // ok[i][j]: words i.. can give exactly letters j..
    let mut ok = vec![vec![false; m + 1]; n + 1];
    ok[n][m] = true;
    for i in (0..n).rev() {
        let w = words[i];
        let function = FUNCTION_WORDS.contains(&w.to_lowercase().as_str());
        for j in 0..=m {
            let mut v = false;
            if function {
                v = ok[i + 1][j] || (j < m && initial(w) == Some(letters[j]) && ok[i + 1][j + 1]);
            } else {
                for k in 1..=(m - j) {
                    if ok[i + 1][j + k] && gives(w, &letters[j..j + k], mode) {
                        v = true;
                        break;
                    }
                }
            }
            ok[i][j] = v;
        }
    }
    // The last word must give a letter; the shortest long form wins.
    (0..n).rev().find(|&s| {
        ok[s][0] && !FUNCTION_WORDS.contains(&words[s].to_lowercase().as_str()) && {
            let last = words[n - 1];
            !FUNCTION_WORDS.contains(&last.to_lowercase().as_str())
        }
    })
}

/// The lower-cased first letter or digit of a word.
fn initial(word: &str) -> Option<char> {
    word.chars()
        .find(|c| c.is_alphanumeric())
        .and_then(|c| c.to_lowercase().next())
}

/// Whether `word` can give exactly `want` (lower-cased letters), starting with its initial.
fn gives(word: &str, want: &[char], mode: Mode) -> bool {
    if initial(word) != Some(want[0]) {
        return false;
    }
    if want.len() == 1 {
        return true;
    }
    // Initials of parts: after a joiner, or an upper-case letter after a lower-case one.
    let mut parts = Vec::new();
    let mut prev: Option<char> = None;
    for c in word.chars() {
        let starts = match prev {
            None => c.is_alphanumeric(),
            Some(p) => {
                c.is_alphanumeric()
                    && (!p.is_alphanumeric() || (c.is_uppercase() && p.is_lowercase()))
            }
        };
        if starts {
            parts.extend(c.to_lowercase());
        }
        prev = Some(c);
    }
    if parts.len() >= want.len() && is_subsequence(&want[1..], &parts[1..]) {
        return true;
    }
    if mode == Mode::Initials {
        return false;
    }
    let rest: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .skip(1)
        .flat_map(char::to_lowercase)
        .collect();
    is_subsequence(&want[1..], &rest)
}

fn is_subsequence(want: &[char], hay: &[char]) -> bool {
    let mut it = hay.iter();
    want.iter().all(|w| it.any(|h| h == w))
}

/// Finds the acronym definitions of a release, sentence by sentence. Linear in the number of
/// tokens: each parenthesis looks at a bounded number of words around it.
pub fn find(doc: &Doc<'_>) -> Vec<Definition> {
    let mut out = Vec::new();
    for range in &doc.sentence_tokens {
        let (lo, hi) = (range.start, range.end);
        for open in lo..hi {
            if doc.text(open) != "(" {
                continue;
            }
            if let Some(d) = forward_definition(doc, lo, hi, open) {
                out.push(d);
            } else if let Some(d) = reverse_definition(doc, lo, hi, open) {
                out.push(d);
            }
        }
    }
    out
}

/// `Long Name (ACR)`: the acronym alone in the parentheses.
fn forward_definition(doc: &Doc<'_>, lo: usize, hi: usize, open: usize) -> Option<Definition> {
    let acr = open + 1;
    if acr + 1 >= hi || !doc.tokens[acr].is_word() || doc.text(acr + 1) != ")" {
        return None;
    }
    let acronym = doc.text(acr);
    if !is_acronym(acronym) {
        return None;
    }
    let want = letters(acronym);
    let max_words = (want.len() * 2 + 4).min(24);
    // Words before the parenthesis, right to left, up to punctuation other than "&".
    let mut idx = Vec::new();
    let mut i = open;
    while i > lo && idx.len() < max_words {
        i -= 1;
        let t = doc.text(i);
        if doc.tokens[i].is_word() || t == "&" {
            idx.push(i);
        } else {
            break;
        }
    }
    idx.reverse();
    let words: Vec<&str> = idx.iter().map(|&i| doc.text(i)).collect();
    let s = long_form_start(&want, &words)?;
    let first = idx[s];
    let last = *idx.last()?;
    Some(Definition {
        acronym: acronym.to_string(),
        acronym_token: acr,
        long_tokens: first..last + 1,
        long: doc.tokens[first].start..doc.tokens[last].end,
        span: doc.tokens[first].start..doc.tokens[acr + 1].end,
    })
}

/// `ACR (Long Name)`: every word in the parentheses spells the acronym before them.
fn reverse_definition(doc: &Doc<'_>, lo: usize, hi: usize, open: usize) -> Option<Definition> {
    if open == lo || !doc.tokens[open - 1].is_word() {
        return None;
    }
    let acr = open - 1;
    let acronym = doc.text(acr);
    if !is_acronym(acronym) {
        return None;
    }
    let want = letters(acronym);
    let max_words = (want.len() * 2 + 4).min(24);
    let mut close = open + 1;
    while close < hi
        && close - open <= max_words
        && (doc.tokens[close].is_word() || doc.text(close) == "&")
    {
        close += 1;
    }
    if close >= hi || doc.text(close) != ")" || close == open + 1 {
        return None;
    }
    let words: Vec<&str> = (open + 1..close).map(|i| doc.text(i)).collect();
    if long_form_start(&want, &words) != Some(0) {
        return None;
    }
    Some(Definition {
        acronym: acronym.to_string(),
        acronym_token: acr,
        long_tokens: open + 1..close,
        long: doc.tokens[open + 1].start..doc.tokens[close - 1].end,
        span: doc.tokens[acr].start..doc.tokens[close].end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::{Block, BlockKind, Release};

    fn start(acr: &str, text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        long_form_start(&letters(acr), &words).map(|s| words[s..].join(" "))
    }

    pub(crate) fn release(body: &str) -> Release {
        Release {
            release_id: "r".into(),
            source_file: "r.txt".into(),
            content_sha256: String::new(),
            title: "T".into(),
            summary: None,
            published: None,
            body: body.into(),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                start: 0,
                text_start: 0,
                end: body.len(),
            }],
            warnings: vec![],
        }
    }

    #[test]
    fn is_acronym_accepts_mixed_and_hyphenated_forms() {
        for a in ["CTE", "UPK-CDI", "LEAs", "CalWORKs", "DoE", "AI"] {
            assert!(is_acronym(a), "{a}");
        }
        for a in ["Program", "A", "lowercase", "The", "2023", "K-12"] {
            assert!(!is_acronym(a), "{a}");
        }
    }

    #[test]
    fn letters_drop_joiners_and_plural() {
        assert_eq!(letters("UPK-CDI"), ['u', 'p', 'k', 'c', 'd', 'i']);
        assert_eq!(letters("LEAs"), ['l', 'e', 'a']);
        assert_eq!(letters("DoE"), ['d', 'o', 'e']);
    }

    #[test]
    fn long_form_start_matches_initials() {
        assert_eq!(
            start("CTE", "the office’s Career Technical Education").as_deref(),
            Some("Career Technical Education")
        );
        assert_eq!(
            start(
                "CSPP",
                "help local schools run the Coastal Schools Partnership Program"
            )
            .as_deref(),
            Some("Coastal Schools Partnership Program")
        );
        assert_eq!(
            start("LEAs", "work with local education agencies").as_deref(),
            Some("local education agencies")
        );
    }

    #[test]
    fn long_form_start_skips_or_uses_function_words() {
        assert_eq!(
            start("CDE", "the California Department of Education").as_deref(),
            Some("California Department of Education")
        );
        assert_eq!(
            start("DoE", "the Department of Energy").as_deref(),
            Some("Department of Energy")
        );
    }

    #[test]
    fn long_form_start_handles_hyphenated_acronyms_and_inner_letters() {
        assert_eq!(
            start(
                "UPK-CDI",
                "Launched Universal Prekindergarten Career Development Initiative"
            )
            .as_deref(),
            Some("Universal Prekindergarten Career Development Initiative")
        );
        assert_eq!(
            start("EC", "an Equity-Centered").as_deref(),
            Some("Equity-Centered")
        );
    }

    #[test]
    fn long_form_start_rejects_unrelated_words() {
        assert_eq!(start("XYZ", "the big program"), None);
        assert_eq!(start("AB", "in"), None);
        assert_eq!(start("", "any words"), None);
    }

    #[test]
    fn find_reads_forward_and_reverse_definitions() {
        let body = "Staff joined the Youth Music Program (YMP) and the RTC (Regional Training Center) today.";
        let r = release(body);
        let doc = Doc::new(&r);
        let defs = find(&doc);
        assert_eq!(defs.len(), 2);
        assert_eq!(&body[defs[0].long.clone()], "Youth Music Program");
        assert_eq!(defs[0].acronym, "YMP");
        assert_eq!(&body[defs[0].span.clone()], "Youth Music Program (YMP)");
        assert_eq!(&body[defs[1].long.clone()], "Regional Training Center");
        assert_eq!(defs[1].acronym, "RTC");
    }

    #[test]
    fn find_stops_at_punctuation() {
        let r = release("Math, Reading (MR) grew.");
        let doc = Doc::new(&r);
        assert!(find(&doc).is_empty());
    }

    #[test]
    fn find_survives_nested_parentheses() {
        let body = "(".repeat(5_000) + "AB" + &")".repeat(5_000);
        let r = release(&body);
        let doc = Doc::new(&r);
        assert!(find(&doc).is_empty());
    }
}
