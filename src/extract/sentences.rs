//! Sentence splitting of a release body. A sentence never crosses a block (paragraph or list
//! item), and a list item's marker is never part of a sentence. Inside a block, a sentence ends at
//! `.`, `!`, `?` or `…` (with any closing quotes or brackets after it) followed by white space and
//! a sentence start, unless the word before the period is an abbreviation ([`ABBREVIATIONS`]), an
//! initial (`J. Smith`) or an initialism (`U.S.`, `L.A.`, `a.m.`) that the next word does not
//! show to be the end of a sentence. A line break inside a block ends a sentence when the line
//! before it is a heading (title-case text without a final period) or ends a sentence itself.
//!
//! The splitter is one pass over the text: linear in its length.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::wordset::{PackedMap, pack};

use crate::release::Release;

/// A sentence: byte offsets into the release body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character (trailing spaces excluded).
    pub end: usize,
}

/// What an abbreviation before a period says about a sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abbrev {
    /// Always followed by a name or number: the period never ends a sentence (`Dr.`, `Mrs.`).
    Prefix,
    /// Ends a sentence only when the next word is a typical sentence opener
    /// ([`SENTENCE_OPENERS`]) or an opening quote (`Inc.`, `Calif.`).
    MayEnd,
    /// Followed by a number, never ends a sentence; otherwise as [`Abbrev::MayEnd`]
    /// (`No. 5`, `Jan. 26`).
    BeforeNumber,
}

/// Abbreviations written with a final period, without that period. Matched case-sensitively on
/// the word before the period (opening quotes and brackets removed). Initialisms with inner
/// periods (`U.S`, `L.A`, `a.m`, `e.g`) are recognised by shape and need no entry.
pub const ABBREVIATIONS: &[(&str, Abbrev)] = &[
    // Honorifics and ranks: always followed by a name.
    ("Dr", Abbrev::Prefix),
    ("Mr", Abbrev::Prefix),
    ("Mrs", Abbrev::Prefix),
    ("Ms", Abbrev::Prefix),
    ("Mx", Abbrev::Prefix),
    ("Prof", Abbrev::Prefix),
    ("Rev", Abbrev::Prefix),
    ("Hon", Abbrev::Prefix),
    ("Sen", Abbrev::Prefix),
    ("Rep", Abbrev::Prefix),
    ("Gov", Abbrev::Prefix),
    ("Supt", Abbrev::Prefix),
    ("Lt", Abbrev::Prefix),
    ("Col", Abbrev::Prefix),
    ("Capt", Abbrev::Prefix),
    ("Sgt", Abbrev::Prefix),
    ("Gen", Abbrev::Prefix),
    ("Asst", Abbrev::Prefix),
    ("Assoc", Abbrev::Prefix),
    // "St." is Saint or Street; as Street it may end a sentence.
    ("St", Abbrev::MayEnd),
    ("Ave", Abbrev::MayEnd),
    ("Blvd", Abbrev::MayEnd),
    ("Rd", Abbrev::MayEnd),
    ("Ste", Abbrev::BeforeNumber),
    ("Mt", Abbrev::Prefix),
    ("Ft", Abbrev::Prefix),
    // Company and name suffixes.
    ("Inc", Abbrev::MayEnd),
    ("Corp", Abbrev::MayEnd),
    ("Co", Abbrev::MayEnd),
    ("Ltd", Abbrev::MayEnd),
    ("Bros", Abbrev::MayEnd),
    ("Jr", Abbrev::MayEnd),
    ("Sr", Abbrev::MayEnd),
    ("Esq", Abbrev::MayEnd),
    ("Ph.D", Abbrev::MayEnd),
    ("Ed.D", Abbrev::MayEnd),
    ("etc", Abbrev::MayEnd),
    ("vs", Abbrev::Prefix),
    ("approx", Abbrev::Prefix),
    ("est", Abbrev::BeforeNumber),
    ("Dept", Abbrev::MayEnd),
    ("Univ", Abbrev::MayEnd),
    ("Assn", Abbrev::MayEnd),
    // Numbering.
    ("No", Abbrev::BeforeNumber),
    ("Nos", Abbrev::BeforeNumber),
    ("no", Abbrev::BeforeNumber),
    ("Vol", Abbrev::BeforeNumber),
    ("pp", Abbrev::BeforeNumber),
    ("Fig", Abbrev::BeforeNumber),
    ("Rm", Abbrev::BeforeNumber),
    // Months (AP style) and days.
    ("Jan", Abbrev::BeforeNumber),
    ("Feb", Abbrev::BeforeNumber),
    ("Mar", Abbrev::BeforeNumber),
    ("Apr", Abbrev::BeforeNumber),
    ("Jun", Abbrev::BeforeNumber),
    ("Jul", Abbrev::BeforeNumber),
    ("Aug", Abbrev::BeforeNumber),
    ("Sep", Abbrev::BeforeNumber),
    ("Sept", Abbrev::BeforeNumber),
    ("Oct", Abbrev::BeforeNumber),
    ("Nov", Abbrev::BeforeNumber),
    ("Dec", Abbrev::BeforeNumber),
    ("Mon", Abbrev::MayEnd),
    ("Tue", Abbrev::MayEnd),
    ("Tues", Abbrev::MayEnd),
    ("Wed", Abbrev::MayEnd),
    ("Thu", Abbrev::MayEnd),
    ("Thurs", Abbrev::MayEnd),
    ("Fri", Abbrev::MayEnd),
    ("Sat", Abbrev::MayEnd),
    ("Sun", Abbrev::MayEnd),
    // States (AP style) that are not also common words.
    ("Ala", Abbrev::MayEnd),
    ("Ariz", Abbrev::MayEnd),
    ("Ark", Abbrev::MayEnd),
    ("Calif", Abbrev::MayEnd),
    ("Colo", Abbrev::MayEnd),
    ("Conn", Abbrev::MayEnd),
    ("Del", Abbrev::MayEnd),
    ("Fla", Abbrev::MayEnd),
    ("Ga", Abbrev::MayEnd),
    ("Ill", Abbrev::MayEnd),
    ("Ind", Abbrev::MayEnd),
    ("Kan", Abbrev::MayEnd),
    ("Ky", Abbrev::MayEnd),
    ("La", Abbrev::MayEnd),
    ("Md", Abbrev::MayEnd),
    ("Mass", Abbrev::MayEnd),
    ("Mich", Abbrev::MayEnd),
    ("Minn", Abbrev::MayEnd),
    ("Miss", Abbrev::MayEnd),
    ("Mo", Abbrev::MayEnd),
    ("Mont", Abbrev::MayEnd),
    ("Neb", Abbrev::MayEnd),
    ("Nev", Abbrev::MayEnd),
    ("Okla", Abbrev::MayEnd),
    ("Ore", Abbrev::MayEnd),
    ("Pa", Abbrev::MayEnd),
    ("Tenn", Abbrev::MayEnd),
    ("Va", Abbrev::MayEnd),
    ("Vt", Abbrev::MayEnd),
    ("Wash", Abbrev::MayEnd),
    ("Wis", Abbrev::MayEnd),
    ("Wyo", Abbrev::MayEnd),
];

/// Capitalised words that typically open a sentence: after a [`Abbrev::MayEnd`] abbreviation
/// they show that the period also ended the sentence ("... Inc. The company ...").
pub const SENTENCE_OPENERS: &[&str] = &[
    "A",
    "About",
    "According",
    "Additionally",
    "After",
    "All",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "Before",
    "Both",
    "But",
    "By",
    "During",
    "Each",
    "Every",
    "For",
    "From",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Many",
    "More",
    "Most",
    "Now",
    "On",
    "Once",
    "One",
    "Our",
    "She",
    "Since",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Through",
    "To",
    "Today",
    "Under",
    "We",
    "What",
    "When",
    "While",
    "With",
    "You",
];

/// Longest word (in bytes) looked up in [`ABBREVIATIONS`] or tested as an initialism.
const MAX_ABBREV_LEN: usize = 12;

/// [`ABBREVIATIONS`] by [`pack`]: the first entry of a word, as a scan of the table finds it.
static ABBREVIATION_MAP: LazyLock<PackedMap<Abbrev>> = LazyLock::new(|| {
    PackedMap::new(
        ABBREVIATIONS
            .iter()
            .filter_map(|&(a, k)| Some((pack(a)?, k))),
    )
});

/// The kind of `word` in [`ABBREVIATIONS`] (matched case-sensitively, without a final period).
fn abbreviation(word: &str) -> Option<Abbrev> {
    ABBREVIATION_MAP.get(pack(word)?).copied()
}

/// Splits a release body into sentences, block by block; a list item's marker is left out.
pub fn split(release: &Release) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in &release.blocks {
        let (start, end) = (block.text_start, block.end);
        if let Some(text) = release.body.get(start..end) {
            out.extend(split_text(text, start));
        }
    }
    out
}

/// Splits one block of text into sentences; offsets are `base` plus byte offsets in `text`.
pub fn split_text(text: &str, base: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0usize; // start of the current sentence (may point at white space)
    let mut word_start = 0usize; // start of the current white-space-free run
    let mut line_start = 0usize;
    let bytes = text.as_bytes();
    let mut at = 0usize;
    while at < bytes.len() {
        // Plain ASCII characters (not white space, not a terminator) change nothing; nor does
        // white space other than a line break, but for the word start after it.
        let x = bytes[at];
        match SPLIT_CLASS[usize::from(x)] {
            PLAIN => {
                at += 1;
                continue;
            }
            SPACE => {
                at += 1;
                word_start = at;
                continue;
            }
            _ => {}
        }
        let i = at;
        let c = char_at(text, i);
        at += c.len_utf8();
        if c.is_whitespace() {
            if c == '\n' {
                if line_break_ends_sentence(&text[line_start..i], &text[i + 1..]) {
                    push(&mut out, text, start, i, base);
                    start = i + 1;
                }
                line_start = i + 1;
            }
            word_start = i + c.len_utf8();
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Take the whole run of terminators and closing quotes/brackets.
        let mut end = i + c.len_utf8();
        while let Some(d) = text[end..].chars().next() {
            if matches!(
                d,
                '.' | '!' | '?' | '…' | '”' | '"' | '’' | '\'' | ')' | ']' | '»'
            ) {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        at = end;
        // A boundary needs white space (or the end of the block) after it.
        let rest = &text[end..];
        let next_is_space = rest.chars().next().is_none_or(char::is_whitespace);
        if !next_is_space {
            continue;
        }
        let next_word = rest.trim_start_matches([' ', '\t']);
        if next_word.is_empty() || next_word.starts_with(['\n', '\r']) {
            // End of block or of a line: the line-break rule decides.
            if next_word.is_empty() {
                push(&mut out, text, start, end, base);
                start = end;
            }
            continue;
        }
        if c == '.' && bytes.get(i + 1) == Some(&b'.') {
            // An ellipsis "..." ends a sentence like "…".
        } else if c == '.' && !period_may_end(&text[word_start..i], next_word) {
            continue;
        }
        if !is_sentence_start(next_word) {
            continue;
        }
        push(&mut out, text, start, end, base);
        start = end;
    }
    push(&mut out, text, start, text.len(), base);
    out
}

/// [`SPLIT_CLASS`] of a plain ASCII character: no white space, no terminator.
const PLAIN: u8 = 0;
/// [`SPLIT_CLASS`] of ASCII white space other than a line break.
const SPACE: u8 = 1;
/// [`SPLIT_CLASS`] of a line break, a terminator (`.`, `!`, `?`) or a byte of a non-ASCII
/// character: the splitter looks at the character.
const OTHER: u8 = 2;

/// What [`split_text`] does with a byte.
static SPLIT_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b'\n' | b'.' | b'!' | b'?' => OTHER,
            // `char::is_whitespace` on ASCII.
            b'\t' | 0x0B | 0x0C | b'\r' | b' ' => SPACE,
            _ => PLAIN,
        };
        b += 1;
    }
    t
};

/// Pushes `text[start..end]` trimmed, when it holds anything.
fn push(out: &mut Vec<Sentence>, text: &str, start: usize, end: usize, base: usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = start + lead;
        out.push(Sentence {
            start: base + s,
            end: base + s + trimmed.len(),
        });
    }
}

/// Whether the word before a period (`word`, without the period) lets the period end a
/// sentence, given the text after the white space (`next`).
fn period_may_end(word: &str, next: &str) -> bool {
    let word = word.trim_start_matches(['“', '"', '‘', '\'', '(', '[']);
    if word.is_empty() || word.len() > MAX_ABBREV_LEN {
        return true;
    }
    let next_is_number = next.starts_with(|c: char| c.is_ascii_digit());
    let kind = abbreviation(word)
        .or_else(|| is_single_initial(word).then_some(Abbrev::Prefix))
        .or_else(|| is_initialism(word).then_some(Abbrev::MayEnd));
    match kind {
        None => true,
        Some(Abbrev::Prefix) => false,
        Some(Abbrev::BeforeNumber) if next_is_number => false,
        Some(_) => opener_follows(next),
    }
}

/// A single capital letter: an initial of a name (`J. Smith`).
fn is_single_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Letters separated by single periods: `U.S`, `L.A`, `a.m`, `e.g`, `Ph.D`.
fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(char::is_alphabetic))
}

/// Whether `next` starts with a typical sentence opener or an opening quote.
fn opener_follows(next: &str) -> bool {
    if next.starts_with(['“', '"', '‘']) {
        return true;
    }
    let word: &str = next
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    SENTENCE_OPENERS.contains(&word)
}

/// Whether `next` can start a sentence: a capital letter or digit, possibly after opening quotes
/// or brackets.
fn is_sentence_start(next: &str) -> bool {
    next.trim_start_matches(['“', '"', '‘', '\'', '(', '[', '¿', '¡'])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether a line break inside a block ends a sentence: the line before ends with a terminator,
/// or is a heading (short, title case, no final period) followed by a capitalised line.
fn line_break_ends_sentence(line: &str, rest: &str) -> bool {
    let line = line.trim();
    let next = rest.trim_start();
    if line.is_empty() || next.is_empty() {
        return true;
    }
    if line.ends_with(['.', '!', '?', '…', '”', '"', ':']) {
        return true;
    }
    if !is_sentence_start(next) || line.ends_with([',', ';', '-', '–', '—', '(']) {
        return false;
    }
    looks_like_heading(line)
}

/// Short text whose words are mostly capitalised: a heading line.
pub(crate) fn looks_like_heading(line: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
        "with",
    ];
    let mut words = 0usize;
    let mut lower = 0usize;
    for w in line.split_whitespace() {
        words += 1;
        if words > 20 {
            return false;
        }
        let starts_lower = w.chars().next().is_some_and(char::is_lowercase);
        if starts_lower && !SMALL.contains(&w) {
            lower += 1;
        }
    }
    words > 0 && lower * 4 <= words
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner hyphens, apostrophes, periods, ampersands and slashes
    /// (`Equity-Centered`, `Children’s`, `L.A.`, `AT&T`, `2023-24`); a final period is kept only
    /// for an initialism or a listed abbreviation (`L.A.`, `Inc.`, `Dr.`).
    Word,
    /// One character of punctuation (`,`, `(`, `“`, a standalone `&`).
    Punct,
}

/// A word or punctuation mark: byte offsets into the text it was cut from (plus the base).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Word or punctuation.
    pub kind: TokenKind,
}

impl Token {
    /// Whether this is a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// Cuts `text` into word and punctuation tokens; white space separates tokens and is dropped.
/// Offsets are `base` plus byte offsets in `text`. Linear in the length of `text`.
pub fn tokens(text: &str, base: usize) -> Vec<Token> {
    let mut out = Vec::new();
    push_tokens(&mut out, text, base);
    out
}

/// [`tokens`], appended to `out`.
fn push_tokens(out: &mut Vec<Token>, text: &str, base: usize) {
    let b = text.as_bytes();
    // Whether the character at `k` (if any) is alphanumeric.
    let alnum_at = |k: usize| match b.get(k) {
        None => false,
        Some(&x) if x < 0x80 => TOKEN_CLASS[usize::from(x)] == ALNUM,
        Some(_) => char_at(text, k).is_alphanumeric(),
    };
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let len = if x < 0x80 {
            match TOKEN_CLASS[usize::from(x)] {
                WHITE => {
                    i += 1;
                    continue;
                }
                ALNUM => 1,
                _ => {
                    out.push(Token {
                        start: base + i,
                        end: base + i + 1,
                        kind: TokenKind::Punct,
                    });
                    i += 1;
                    continue;
                }
            }
        } else {
            let c = char_at(text, i);
            let len = c.len_utf8();
            if c.is_whitespace() {
                i += len;
                continue;
            }
            if !c.is_alphanumeric() {
                out.push(Token {
                    start: base + i,
                    end: base + i + len,
                    kind: TokenKind::Punct,
                });
                i += len;
                continue;
            }
            len
        };
        // A word: alphanumerics with inner joiners (a joiner is taken only when an
        // alphanumeric follows it, so the scan always stops after an alphanumeric).
        let mut j = i + len;
        while j < b.len() {
            let y = b[j];
            if y < 0x80 {
                match TOKEN_CLASS[usize::from(y)] {
                    ALNUM => j += 1,
                    JOINER if alnum_at(j + 1) => j += 1,
                    _ => break,
                }
                continue;
            }
            let d = char_at(text, j);
            let n = d.len_utf8();
            if d.is_alphanumeric() || (matches!(d, '’' | '‑') && alnum_at(j + n)) {
                j += n;
            } else {
                break;
            }
        }
        let mut end = j;
        if b.get(end) == Some(&b'.') && keeps_final_period(&text[i..end]) {
            end += 1;
        }
        out.push(Token {
            start: base + i,
            end: base + end,
            kind: TokenKind::Word,
        });
        i = end;
    }
}

/// [`TOKEN_CLASS`] of ASCII white space.
const WHITE: u8 = 0;
/// [`TOKEN_CLASS`] of an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`TOKEN_CLASS`] of an ASCII character that joins the parts of a word (`-`, `'`, `.`, `&`,
/// `/`) when a letter or digit follows it.
const JOINER: u8 = 2;
/// [`TOKEN_CLASS`] of other ASCII punctuation.
const PUNCT: u8 = 3;

/// What the tokenizer does with an ASCII byte.
static TOKEN_CLASS: [u8; 128] = {
    let mut t = [PUNCT; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(c, b'\t' | 0x0B | 0x0C | b'\n' | b'\r' | b' ') {
            WHITE
        } else if matches!(c, b'-' | b'\'' | b'.' | b'&' | b'/') {
            JOINER
        } else {
            PUNCT
        };
        b += 1;
    }
    t
};

/// The character starting at byte `i` of `text` (a character boundary).
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => char::from(b),
        _ => text[i..].chars().next().unwrap_or(' '),
    }
}

/// A word without its possessive `’s` / `'s`, or `None` when it has none (`Children’s` ->
/// `Children`; `LACOE's` -> `LACOE`).
pub fn possessive_stem(word: &str) -> Option<&str> {
    // By bytes: ’ is E2 80 99. Both endings start on a character boundary.
    let b = word.as_bytes();
    let n = b.len();
    let stem = if b.ends_with("’s".as_bytes()) {
        n - 4
    } else if b.ends_with(b"'s") {
        n - 2
    } else {
        return None;
    };
    (stem > 0).then(|| &word[..stem])
}

/// `text` with runs of white space made one space and both ends trimmed (what
/// `split_whitespace` and `join(" ")` give), copied as it is when it is already so.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    collapse_whitespace_cow(text).into_owned()
}

/// [`collapse_whitespace`], borrowing `text` when it is already so.
pub(crate) fn collapse_whitespace_cow(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let plain = b.first().is_none_or(|&x| x != b' ')
        && b.last().is_none_or(|&x| x != b' ')
        && !b.windows(2).any(|w| w == b"  ")
        && if text.is_ascii() {
            b.iter()
                .all(|&x| x == b' ' || !char::from(x).is_whitespace())
        } else {
            text.chars().all(|c| c == ' ' || !c.is_whitespace())
        };
    if plain {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether a word starts with an upper-case letter.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a word is a year from 1900 to 2099.
pub fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// Whether a word written before a period keeps it: an initialism (`L.A`, `U.S`) or a listed
/// abbreviation (`Inc`, `Dr`, `Jr`).
fn keeps_final_period(word: &str) -> bool {
    word.len() <= MAX_ABBREV_LEN
        && (is_initialism(word) || is_single_initial(word) || abbreviation(word).is_some())
}

/// A release cut into sentences and tokens once, shared by the name extractors.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// The release body.
    pub body: &'a str,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Tokens of all sentences, in order.
    pub tokens: Vec<Token>,
    /// For each sentence, the range of its tokens in `tokens`.
    pub sentence_tokens: Vec<std::ops::Range<usize>>,
    /// For each token, the index of its sentence.
    pub token_sentence: Vec<usize>,
    /// For each token, its text with curly apostrophes made straight and a possessive `'s`
    /// removed (`Children’s` -> `Children`): the form names are compared in.
    pub keys: Vec<Cow<'a, str>>,
    /// For each token, whether it ends with a possessive `'s`.
    pub possessive: Vec<bool>,
    /// For each token, its key folded for case-insensitive comparisons
    /// ([`super::wordset::fold`]).
    pub folds: Vec<u128>,
    /// For each token, the name tables its key may be in ([`super::word_classes`]).
    pub classes: Vec<u16>,
    /// For each token, its exact attribute bits ([`super::word_classes::attr`]): what it is
    /// and which tables its key is in, tested once here instead of in every rule.
    pub(crate) attrs: Vec<u64>,
    /// Byte to character offsets of `body`.
    pub chars: super::offsets::CharOffsets,
}

impl<'a> Doc<'a> {
    /// Segments a release.
    pub fn new(release: &'a Release) -> Self {
        let body = release.body.as_str();
        let sentences = split(release);
        // About one token per five bytes of text.
        let mut toks = Vec::with_capacity(body.len() / 5 + 16);
        let mut sentence_tokens = Vec::with_capacity(sentences.len());
        let mut token_sentence = Vec::with_capacity(toks.capacity());
        for (n, s) in sentences.iter().enumerate() {
            let from = toks.len();
            push_tokens(&mut toks, &body[s.start..s.end], s.start);
            sentence_tokens.push(from..toks.len());
            token_sentence.resize(toks.len(), n);
        }
        let mut keys = Vec::with_capacity(toks.len());
        let mut possessive = Vec::with_capacity(toks.len());
        let mut folds = Vec::with_capacity(toks.len());
        let mut classes = Vec::with_capacity(toks.len());
        let mut attrs = Vec::with_capacity(toks.len());
        for t in &toks {
            let text = &body[t.start..t.end];
            let stem = possessive_stem(text);
            possessive.push(stem.is_some());
            let stem = stem.unwrap_or(text);
            // ’ is not ASCII: an ASCII stem has none.
            let key = if !stem.is_ascii() && stem.contains('’') {
                Cow::Owned(stem.replace('’', "'"))
            } else {
                Cow::Borrowed(stem)
            };
            let (folded, c, a) =
                super::word_classes::attrs(text, &key, t.is_word(), stem.len() < text.len());
            folds.push(folded);
            classes.push(c);
            attrs.push(a);
            keys.push(key);
        }
        Doc {
            body,
            sentences,
            tokens: toks,
            sentence_tokens,
            token_sentence,
            keys,
            possessive,
            folds,
            classes,
            attrs,
            chars: super::offsets::CharOffsets::new(body),
        }
    }

    /// Whether token `i` has any of the attribute bits `bits` ([`Doc::attrs`]).
    pub(crate) fn has(&self, i: usize, bits: u64) -> bool {
        self.attrs[i] & bits != 0
    }

    /// The key of token `i` ([`Doc::keys`]).
    pub fn key(&self, i: usize) -> &str {
        &self.keys[i]
    }

    /// The text of token `i`.
    pub fn text(&self, i: usize) -> &'a str {
        let t = self.tokens[i];
        &self.body[t.start..t.end]
    }

    /// Byte offset just past token `i`, a possessive `'s` left out.
    pub fn end_without_possessive(&self, i: usize) -> usize {
        let t = self.tokens[i];
        let text = &self.body[t.start..t.end];
        match possessive_stem(text) {
            Some(stem) => t.start + stem.len(),
            None => t.end,
        }
    }

    /// The range of tokens of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> std::ops::Range<usize> {
        self.sentence_tokens[self.token_sentence[i]].clone()
    }

    /// Whether sentence `n` is a heading: short title-case text without a final period.
    pub fn is_heading(&self, n: usize) -> bool {
        let text = self.sentence_text(n);
        !text.ends_with(['.', '!', '?', '”', '"', ':', ')']) && looks_like_heading(text)
    }

    /// The text of sentence `n`.
    pub fn sentence_text(&self, n: usize) -> &'a str {
        let s = self.sentences[n];
        &self.body[s.start..s.end]
    }
}

/// Things found sentence by sentence, kept in sentence order with where each sentence's
/// things end, so that a later pass can take some sentences' things as they are.
#[derive(Debug, Clone, Default)]
pub(crate) struct BySentence<T> {
    /// Everything found, in sentence order.
    pub items: Vec<T>,
    /// For each sentence, the end of its things in `items`.
    ends: Vec<usize>,
}

impl<T: Clone> BySentence<T> {
    /// Collects what `find(n, out)` appends for every sentence `n` of `sentences`. With
    /// `reuse = Some((earlier, again))`, a sentence `n` with `again[n]` false takes its things
    /// from `earlier` instead (the caller knows they would be the same).
    pub fn collect(
        sentences: usize,
        reuse: Option<(&BySentence<T>, &[bool])>,
        mut find: impl FnMut(usize, &mut Vec<T>),
    ) -> Self {
        let mut items = Vec::new();
        let mut ends = Vec::with_capacity(sentences);
        for n in 0..sentences {
            match reuse {
                Some((earlier, again)) if !again[n] => items.extend_from_slice(earlier.of(n)),
                _ => find(n, &mut items),
            }
            ends.push(items.len());
        }
        BySentence { items, ends }
    }

    /// The things of sentence `n`.
    pub fn of(&self, n: usize) -> &[T] {
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.items[start..self.ends[n]]
    }
}

/// A release whose body is `blocks` joined by blank lines; a block written `- 1. Text` becomes a
/// list item. For tests of the extractors.
#[cfg(test)]
pub(crate) fn test_release(blocks: &[&str]) -> Release {
    use crate::release::{Block, BlockKind};
    let mut body = String::new();
    let mut out = Vec::new();
    for b in blocks {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let start = body.len();
        body.push_str(b);
        let (kind, text_start) = match b.strip_prefix("- ").and_then(|r| r.split_once(' ')) {
            Some((marker, _)) => (
                BlockKind::ListItem {
                    marker: marker.to_string(),
                },
                start + 2 + marker.len() + 1,
            ),
            None => (BlockKind::Paragraph, start),
        };
        out.push(Block {
            kind,
            start,
            text_start,
            end: body.len(),
        });
    }
    Release {
        release_id: "0000000000000000".into(),
        source_file: "test.txt".into(),
        content_sha256: String::new(),
        title: "Test".into(),
        summary: None,
        published: None,
        body,
        blocks: out,
        warnings: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::{Block, BlockKind};

    fn pieces(text: &str) -> Vec<&str> {
        split_text(text, 0)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn collapse_whitespace_agrees_with_split_and_join() {
        for text in [
            "",
            " ",
            "a b",
            " a b",
            "a b ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "a\nb",
            "“Curly” name’s",
            "x\u{2009} y",
        ] {
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), want, "{text:?}");
        }
    }

    #[test]
    fn split_text_splits_plain_sentences() {
        assert_eq!(
            pieces("One here. Two there! Three? Four."),
            ["One here.", "Two there!", "Three?", "Four."]
        );
    }

    #[test]
    fn split_text_keeps_honorifics_and_initials() {
        assert_eq!(
            pieces("We met Dr. Ana Ruiz and J. R. Smith today. Then we left."),
            [
                "We met Dr. Ana Ruiz and J. R. Smith today.",
                "Then we left."
            ]
        );
        assert_eq!(
            pieces("Mr. Lee and Mrs. Kim spoke. St. Mary school opened."),
            ["Mr. Lee and Mrs. Kim spoke.", "St. Mary school opened."]
        );
    }

    #[test]
    fn split_text_keeps_initialisms_inside_names() {
        assert_eq!(
            pieces("Teachers across L.A. County joined the U.S. Department of Labor. It helped."),
            [
                "Teachers across L.A. County joined the U.S. Department of Labor.",
                "It helped."
            ]
        );
    }

    #[test]
    fn split_text_ends_at_initialism_before_opener() {
        assert_eq!(
            pieces("Doors open at 9 a.m. The talk starts later. Ask in the U.S. The end."),
            [
                "Doors open at 9 a.m.",
                "The talk starts later.",
                "Ask in the U.S.",
                "The end."
            ]
        );
        assert_eq!(
            pieces("It starts at 5 p.m. on Friday."),
            ["It starts at 5 p.m. on Friday."]
        );
    }

    #[test]
    fn split_text_handles_company_and_place_abbreviations() {
        assert_eq!(
            pieces("Acme Inc. President Jo Park spoke in Fresno, Calif. The firm grew."),
            [
                "Acme Inc. President Jo Park spoke in Fresno, Calif.",
                "The firm grew."
            ]
        );
        assert_eq!(
            pieces("It was built by Acme Inc. The end."),
            ["It was built by Acme Inc.", "The end."]
        );
    }

    #[test]
    fn split_text_keeps_numbered_and_dated_abbreviations() {
        assert_eq!(
            pieces("Room No. 5 opens Jan. 26 at 3.5 hours. Next."),
            ["Room No. 5 opens Jan. 26 at 3.5 hours.", "Next."]
        );
    }

    #[test]
    fn split_text_splits_after_closing_quote() {
        assert_eq!(
            pieces("“It works,” said Dr. Ana Ruiz. “It is great.” Then she left."),
            [
                "“It works,” said Dr. Ana Ruiz.",
                "“It is great.”",
                "Then she left."
            ]
        );
        assert_eq!(
            pieces("“Wow!” she said. “Really?” he asked."),
            ["“Wow!” she said.", "“Really?” he asked."]
        );
    }

    #[test]
    fn split_text_ignores_urls_and_decimals() {
        assert_eq!(
            pieces("Visit www.example.org for 2.5 more. Done."),
            ["Visit www.example.org for 2.5 more.", "Done."]
        );
    }

    #[test]
    fn split_text_needs_a_capital_after_the_period() {
        assert_eq!(
            pieces("See e.g. the list. ok then"),
            ["See e.g. the list. ok then"]
        );
    }

    #[test]
    fn split_text_splits_at_a_heading_line() {
        assert_eq!(
            pieces("Support for Local Districts\nProgress was made. More came."),
            [
                "Support for Local Districts",
                "Progress was made.",
                "More came."
            ]
        );
    }

    #[test]
    fn split_text_joins_a_wrapped_line() {
        assert_eq!(
            pieces("The office worked with the\nCity of Springfield on it."),
            ["The office worked with the\nCity of Springfield on it."]
        );
    }

    #[test]
    fn split_text_adds_the_base_offset() {
        let s = split_text("  Hi there. Bye.  ", 10);
        assert_eq!(
            s,
            [
                Sentence { start: 12, end: 21 },
                Sentence { start: 22, end: 26 }
            ]
        );
    }

    #[test]
    fn split_text_handles_ellipsis_and_empty() {
        assert_eq!(pieces("Wait... Then go."), ["Wait...", "Then go."]);
        assert!(pieces("").is_empty());
        assert!(pieces("   \n  ").is_empty());
    }

    #[test]
    fn split_text_is_linear_on_long_runs() {
        let text = "a.".repeat(50_000);
        assert_eq!(pieces(&text).len(), 1);
        let text = "Word. ".repeat(20_000);
        assert_eq!(pieces(&text).len(), 20_000);
    }

    #[test]
    fn split_never_crosses_blocks_and_skips_markers() {
        let body = "First para. Second.\n\n- 1. Item one text\n\n- 2. Item two. More";
        let blocks = vec![
            Block {
                kind: BlockKind::Paragraph,
                start: 0,
                text_start: 0,
                end: 19,
            },
            Block {
                kind: BlockKind::ListItem {
                    marker: "1.".into(),
                },
                start: 21,
                text_start: 26,
                end: 39,
            },
            Block {
                kind: BlockKind::ListItem {
                    marker: "2.".into(),
                },
                start: 41,
                text_start: 46,
                end: body.len(),
            },
        ];
        let release = Release {
            release_id: "r".into(),
            source_file: "r.txt".into(),
            content_sha256: String::new(),
            title: "T".into(),
            summary: None,
            published: None,
            body: body.into(),
            blocks,
            warnings: vec![],
        };
        let got: Vec<&str> = split(&release)
            .into_iter()
            .map(|s| &body[s.start..s.end])
            .collect();
        assert_eq!(
            got,
            [
                "First para.",
                "Second.",
                "Item one text",
                "Item two.",
                "More"
            ]
        );
    }

    #[test]
    fn abbreviation_agrees_with_a_scan_of_the_table() {
        let mut words: Vec<String> = ["", "X", "Dr.", "dr", "Jan", "JAN", "Ph.D", "No", "no"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        for (a, _) in ABBREVIATIONS {
            words.extend([
                a.to_string(),
                a.to_lowercase(),
                a.to_uppercase(),
                format!("{a}x"),
            ]);
        }
        for w in &words {
            let scan = ABBREVIATIONS.iter().find(|(a, _)| a == w).map(|&(_, k)| k);
            assert_eq!(abbreviation(w), scan, "{w}");
        }
    }

    #[test]
    fn possessive_stem_agrees_with_strip_suffix() {
        for w in [
            "",
            "s",
            "'s",
            "’s",
            "a's",
            "a’s",
            "Children’s",
            "LACOE's",
            "ss",
            "’",
            "x’S",
        ] {
            let want = w
                .strip_suffix("’s")
                .or_else(|| w.strip_suffix("'s"))
                .filter(|s| !s.is_empty());
            assert_eq!(possessive_stem(w), want, "{w}");
        }
    }

    #[test]
    fn abbreviations_table_has_no_periods_at_the_end() {
        for (a, _) in ABBREVIATIONS {
            assert!(!a.ends_with('.'), "{a}");
            assert!(a.len() <= MAX_ABBREV_LEN, "{a}");
        }
    }

    fn token_texts(text: &str) -> Vec<&str> {
        tokens(text, 0)
            .into_iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn tokens_keep_inner_joiners_and_known_periods() {
        assert_eq!(
            token_texts("L.A. County’s Equity-Centered (UPK-CDI) plan, Acme Inc. ends."),
            [
                "L.A.",
                "County’s",
                "Equity-Centered",
                "(",
                "UPK-CDI",
                ")",
                "plan",
                ",",
                "Acme",
                "Inc.",
                "ends",
                "."
            ]
        );
        assert_eq!(
            token_texts("Boys & Girls “Model” AT&T 2023-24 teachers’ 3.5"),
            [
                "Boys", "&", "Girls", "“", "Model", "”", "AT&T", "2023-24", "teachers", "’", "3.5"
            ]
        );
    }

    #[test]
    fn tokens_are_linear_on_long_runs() {
        let text = "(".repeat(5_000) + &")".repeat(5_000);
        assert_eq!(tokens(&text, 0).len(), 10_000);
        let text = "a-".repeat(20_000);
        assert_eq!(tokens(&text, 0).len(), 2);
    }

    /// The tokenizer as it was first written: character by character.
    fn push_tokens_by_chars(out: &mut Vec<Token>, text: &str, base: usize) {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = char_at(text, i);
            let len = c.len_utf8();
            if c.is_whitespace() {
                i += len;
                continue;
            }
            if !c.is_alphanumeric() {
                out.push(Token {
                    start: base + i,
                    end: base + i + len,
                    kind: TokenKind::Punct,
                });
                i += len;
                continue;
            }
            // A word: alphanumerics with inner joiners; `last_alnum` is the end of the last
            // alphanumeric character taken (a joiner is taken only when one follows it, so the
            // scan always stops there).
            let mut j = i + len;
            loop {
                while j < b.len() && b[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                let Some(d) = text[j..].chars().next() else {
                    break;
                };
                let joiner = matches!(d, '-' | '’' | '\'' | '.' | '&' | '/' | '‑')
                    && text[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || joiner {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            let mut end = j;
            if text[end..].starts_with('.') && keeps_final_period(&text[i..end]) {
                end += 1;
            }
            out.push(Token {
                start: base + i,
                end: base + end,
                kind: TokenKind::Word,
            });
            i = end;
        }
    }

    /// The splitter as it was first written: character by character.
    fn split_text_by_chars(text: &str, base: usize) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut start = 0usize; // start of the current sentence (may point at white space)
        let mut word_start = 0usize; // start of the current white-space-free run
        let mut line_start = 0usize;
        let bytes = text.as_bytes();
        let mut at = 0usize;
        while at < bytes.len() {
            // Plain ASCII characters (not white space, not a terminator) change nothing.
            let x = bytes[at];
            if x < 0x80 && !matches!(x, b'.' | b'!' | b'?') && !char::from(x).is_whitespace() {
                at += 1;
                continue;
            }
            let i = at;
            let c = char_at(text, i);
            at += c.len_utf8();
            if c.is_whitespace() {
                if c == '\n' {
                    if line_break_ends_sentence(&text[line_start..i], &text[i + 1..]) {
                        push(&mut out, text, start, i, base);
                        start = i + 1;
                    }
                    line_start = i + 1;
                }
                word_start = i + c.len_utf8();
                continue;
            }
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            // Take the whole run of terminators and closing quotes/brackets.
            let mut end = i + c.len_utf8();
            while let Some(d) = text[end..].chars().next() {
                if matches!(
                    d,
                    '.' | '!' | '?' | '…' | '”' | '"' | '’' | '\'' | ')' | ']' | '»'
                ) {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            at = end;
            // A boundary needs white space (or the end of the block) after it.
            let rest = &text[end..];
            let next_is_space = rest.chars().next().is_none_or(char::is_whitespace);
            if !next_is_space {
                continue;
            }
            let next_word = rest.trim_start_matches([' ', '\t']);
            if next_word.is_empty() || next_word.starts_with(['\n', '\r']) {
                // End of block or of a line: the line-break rule decides.
                if next_word.is_empty() {
                    push(&mut out, text, start, end, base);
                    start = end;
                }
                continue;
            }
            if c == '.' && bytes.get(i + 1) == Some(&b'.') {
                // An ellipsis "..." ends a sentence like "…".
            } else if c == '.' && !period_may_end(&text[word_start..i], next_word) {
                continue;
            }
            if !is_sentence_start(next_word) {
                continue;
            }
            push(&mut out, text, start, end, base);
            start = end;
        }
        push(&mut out, text, start, text.len(), base);
        out
    }

    /// Texts with every kind of character the tokenizer and the splitter look at.
    fn hostile_texts() -> Vec<String> {
        let pieces = [
            "Dr.", "U.S.", "a.m.", "Inc.", "J.", "L.A.", "No.", "5", "3.5", "...", "…", "!", "?",
            "“", "”", "’", "'", "\"", "(", ")", "-", "‑", "&", "/", ".", ",", ";", ":", "’s", "'s",
            "x’y", "AT&T", "2023-24", "Équipe", "naïve", "\u{a0}", "\u{2009}", "\t", "\n", "\r\n",
            "\x0b", "\x0c", " ", "  ", "ß", "İ", "\u{212a}", "😀", "٣", "中文", "The", "the",
            "Jan.", "Calif.", "St.", "e.g.", "Ph.D.", "x", "Word", "-a", "a-", "a--b", "a-.b",
            "\u{85}", "\u{1c}",
        ];
        let mut out: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        // Every pair and many triples, with and without spaces.
        for a in pieces {
            for b in pieces {
                out.push(format!("{a}{b}"));
                out.push(format!("{a} {b}"));
                out.push(format!("{a}{b} The end. {b}{a}"));
            }
        }
        out.push(pieces.join(""));
        out.push(pieces.join(" "));
        out
    }

    #[test]
    fn tokens_agree_with_the_char_by_char_tokenizer() {
        for t in hostile_texts() {
            let mut want = Vec::new();
            push_tokens_by_chars(&mut want, &t, 7);
            assert_eq!(tokens(&t, 7), want, "{t:?}");
        }
    }

    #[test]
    fn split_text_agrees_with_the_char_by_char_splitter() {
        for t in hostile_texts() {
            assert_eq!(split_text(&t, 3), split_text_by_chars(&t, 3), "{t:?}");
        }
    }
}
