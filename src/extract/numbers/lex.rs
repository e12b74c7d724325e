//! Tokenizer of the number recognizer: splits text into words, digit literals, symbols and
//! skipped chunks (URLs, e-mail addresses, times, dotted versions, dates, identifiers such as
//! `24703m212`), each with its byte span and the kind of gap before it. Words are classified
//! once against the number-word tables. One pass over the text; the only allocations are the
//! token vector and one reused digit buffer.

pub(super) use super::super::wordset::fold;
use super::tables;

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    /// Written against the previous token ("10k", "$5").
    None,
    /// Spaces, tabs or a single line break.
    Space,
    /// A blank line (or the start of the text): numbers never join across it.
    Break,
}

/// Class of a word token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Lex {
    /// "zero" to "nineteen".
    Card(f64),
    /// "twenty" to "ninety".
    Tens(f64),
    /// "hundred" to "trillion".
    Scale(f64),
    /// "hundreds" to "trillions".
    ScalePlural(f64),
    /// "first", "twentieth", "hundredth".
    Ord(f64),
    /// "firsts", "fifths", "hundredths".
    OrdPlural(f64),
    /// "half", "quarters": a fraction noun with its denominator.
    Frac { den: f64, plural: bool },
    /// "dozen", "dzs".
    Dozen,
    /// "a", "an".
    Article,
    /// "and".
    And,
    /// "point".
    Point,
    /// "minus", "negative".
    Minus,
    /// Any other word.
    Other,
}

/// A digit literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Lit {
    /// Its value.
    pub value: f64,
    /// Digits before the decimal point, separators left out.
    pub int_digits: u32,
    /// No decimal part and not a fraction.
    pub integer: bool,
    /// Written with thousands separators ("1,250", "1 234 567").
    pub grouped: bool,
    /// Starts with a zero and has more digits ("01", "0000").
    pub leading_zero: bool,
    /// A fraction: "3/4" or a vulgar fraction character ("½").
    pub fraction: bool,
}

/// Kind of a token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// A run of letters.
    Word(Lex),
    /// A digit literal.
    Num(Lit),
    /// One symbol or punctuation character.
    Sym(char),
    /// Text that never holds a number: URL, e-mail, time, version, date, identifier.
    Skip,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Tok {
    /// What it is.
    pub kind: Kind,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The gap before it.
    pub gap: Gap,
    /// Its text folded for case-insensitive table lookups ([`fold`]; `u128::MAX` for a skipped
    /// chunk).
    pub key: u128,
}

/// Vulgar fraction characters and their values.
const VULGAR: &[(char, f64)] = &[
    ('½', 1.0 / 2.0),
    ('⅓', 1.0 / 3.0),
    ('⅔', 2.0 / 3.0),
    ('¼', 1.0 / 4.0),
    ('¾', 3.0 / 4.0),
    ('⅕', 1.0 / 5.0),
    ('⅖', 2.0 / 5.0),
    ('⅗', 3.0 / 5.0),
    ('⅘', 4.0 / 5.0),
    ('⅙', 1.0 / 6.0),
    ('⅚', 5.0 / 6.0),
    ('⅐', 1.0 / 7.0),
    ('⅛', 1.0 / 8.0),
    ('⅜', 3.0 / 8.0),
    ('⅝', 5.0 / 8.0),
    ('⅞', 7.0 / 8.0),
    ('⅑', 1.0 / 9.0),
    ('⅒', 1.0 / 10.0),
];

/// Units written with a trailing power digit against the letters ("24703m2").
const POWER_UNITS: &[&str] = &["m2", "km2", "m3", "cm2", "ft2"];

/// Splits `text` into tokens.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let mut lx = Lexer {
        text,
        b: text.as_bytes(),
        toks: Vec::with_capacity(text.len() / 4 + 4),
        gap: Gap::Break,
        digits: String::new(),
        marks: text.bytes().any(|b| b == b':' || b == b'@'),
    };
    lx.run();
    lx.toks
}

/// Whether `text` may hold a number: an ASCII digit, a vulgar fraction character or a number
/// word that can be part of a number phrase (any class but "a"/"an", "and", "point" and the
/// minus words). Without one, [`tokenize`] gives no digit literal and no word that can start
/// or continue a number after "a"/"an", so no quantity, and no range, is found: the callers
/// skip the text.
pub(super) fn may_hold_number(text: &str) -> bool {
    let b = text.as_bytes();
    if b.iter().any(u8::is_ascii_digit) {
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii_alphabetic() {
            // A run of ASCII letters: a word of the tokenizer when it stands between
            // characters that are not letters; otherwise part of a word with other letters,
            // which is no number word (every number word is ASCII) and is looked up anyway.
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            // The fold's first byte and length, read before folding: most words have no number
            // word of their shape.
            let (first, len) = (x.to_ascii_lowercase(), 1u16 << (i - start).min(15));
            if NUMBER_SHAPES[usize::from(first)] & len != 0
                && !matches!(
                    classify_key(fold(&text[start..i])),
                    Lex::Article | Lex::And | Lex::Point | Lex::Minus | Lex::Other
                )
            {
                return true;
            }
            continue;
        }
        if x >= 0x80 {
            let c = char_at(text, i);
            if vulgar(c).is_some() {
                return true;
            }
            i += c.len_utf8();
            continue;
        }
        i += 1;
    }
    false
}

struct Lexer<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Whether the text has a `:` or an `@` anywhere: without one no chunk is a URL with a
    /// scheme or an e-mail address.
    marks: bool,
    toks: Vec<Tok>,
    gap: Gap,
    digits: String,
}

impl Lexer<'_> {
    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        let mut newlines = 0u32;
        let mut at_chunk_start = true;
        while i < n {
            let c = char_at(self.text, i);
            if c.is_whitespace() {
                if c == '\n' {
                    newlines += 1;
                }
                if self.gap != Gap::Break {
                    self.gap = if newlines >= 2 {
                        Gap::Break
                    } else {
                        Gap::Space
                    };
                }
                at_chunk_start = true;
                i += c.len_utf8();
                continue;
            }
            newlines = 0;
            if at_chunk_start && !self.marks {
                at_chunk_start = false;
                // Only "www." is left to test: the chunk is longer than four bytes when they
                // are "www." and a fifth character that is not white space follows.
                let www = self.b.len() > i + 4
                    && self.b[i..i + 4].eq_ignore_ascii_case(b"www.")
                    && !char_at(self.text, i + 4).is_whitespace();
                if www {
                    let (end, _) = chunk_end(self.text, i);
                    self.push(Kind::Skip, i, end);
                    i = end;
                    continue;
                }
            }
            if at_chunk_start {
                at_chunk_start = false;
                let (end, marks) = chunk_end(self.text, i);
                // A URL has "://" and an e-mail address an "@": without either byte only the
                // "www." test is left.
                let url = if marks {
                    is_url_or_email(&self.text[i..end])
                } else {
                    starts_with_www(&self.text[i..end])
                };
                if url {
                    self.push(Kind::Skip, i, end);
                    i = end;
                    continue;
                }
            }
            if c.is_ascii_digit()
                || (c == '.' && self.digit_at(i + 1) && !self.alnum_or_dot_before(i))
            {
                i = self.number(i);
            } else if let Some(v) = vulgar(c) {
                self.push(Kind::Num(fraction_lit(v)), i, i + c.len_utf8());
                i += c.len_utf8();
            } else if c.is_alphabetic() {
                i = self.word(i);
            } else {
                self.push(Kind::Sym(c), i, i + c.len_utf8());
                i += c.len_utf8();
            }
        }
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize) {
        let key = match kind {
            Kind::Skip => u128::MAX,
            _ => fold(&self.text[start..end]),
        };
        self.push_key(kind, start, end, key);
    }

    fn push_key(&mut self, kind: Kind, start: usize, end: usize, key: u128) {
        self.toks.push(Tok {
            kind,
            start,
            end,
            gap: self.gap,
            key,
        });
        self.gap = Gap::None;
    }

    /// Pushes the word `start..end`, classified.
    fn push_word(&mut self, start: usize, end: usize) {
        let key = fold(&self.text[start..end]);
        self.push_key(Kind::Word(classify_key(key)), start, end, key);
    }

    fn digit_at(&self, i: usize) -> bool {
        self.b.get(i).is_some_and(u8::is_ascii_digit)
    }

    fn alnum_or_dot_before(&self, i: usize) -> bool {
        self.text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '.')
    }

    /// Scans a word starting at `start`; returns the offset after it.
    fn word(&mut self, start: usize) -> usize {
        let mut i = start;
        while i < self.b.len() {
            if self.b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let c = char_at(self.text, i);
            if !c.is_alphabetic() {
                break;
            }
            i += c.len_utf8();
        }
        if self.digit_at(i) {
            let with_digit = &self.text[start..i + 1];
            if !self.alnum_at(i + 1)
                && POWER_UNITS
                    .iter()
                    .any(|u| u.eq_ignore_ascii_case(with_digit))
            {
                self.push(Kind::Word(Lex::Other), start, i + 1);
                return i + 1;
            }
            let letters = &self.text[start..i];
            if is_currency_code(letters) {
                // "USD115": the code, then the number written against it.
                self.push(Kind::Word(Lex::Other), start, i);
                return i;
            }
            // An identifier such as "H1N1" or "scp173m".
            let end = self.alnum_end(i);
            self.push(Kind::Skip, start, end);
            return end;
        }
        self.push_word(start, i);
        i
    }

    fn alnum_at(&self, i: usize) -> bool {
        i < self.b.len() && char_at(self.text, i).is_alphanumeric()
    }

    fn alnum_end(&self, mut i: usize) -> usize {
        while i < self.b.len() {
            let c = char_at(self.text, i);
            if !c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        }
        i
    }

    /// Scans a digit literal starting at `start` (a digit, or "." before a digit) and whatever
    /// is written against it; returns the offset after what it pushed.
    fn number(&mut self, start: usize) -> usize {
        let b = self.b;
        let n = b.len();
        let mut i = start;
        self.digits.clear();
        let mut int_digits = 0u32;
        let mut grouped = false;
        let mut decimal = false;
        if b[i] == b'.' {
            self.digits.push('0');
        } else {
            while i < n && b[i].is_ascii_digit() {
                self.digits.push(char::from(b[i]));
                i += 1;
                int_digits += 1;
            }
            if int_digits <= 3 {
                // "1,250,000": comma groups of exactly three digits.
                while b.get(i) == Some(&b',') && three_digits(b, i + 1) {
                    self.digits.push_str(&self.text[i + 1..i + 4]);
                    i += 4;
                    int_digits += 3;
                    grouped = true;
                }
                if !grouped {
                    // "1 234 567", "40\u{202f}000": space groups. Plain spaces need two groups,
                    // so "on March 15 200 people" stays two numbers.
                    let (groups, plain, end) = space_groups(self.text, i);
                    if groups > 0 && (groups >= 2 || !plain) {
                        let mut j = i;
                        while j < end {
                            if b[j].is_ascii_digit() {
                                self.digits.push(char::from(b[j]));
                                int_digits += 1;
                            }
                            j += 1;
                        }
                        i = end;
                        grouped = true;
                    }
                }
            }
        }
        if b.get(i) == Some(&b'.') && self.digit_at(i + 1) {
            self.digits.push('.');
            i += 1;
            while i < n && b[i].is_ascii_digit() {
                self.digits.push(char::from(b[i]));
                i += 1;
            }
            decimal = true;
        }
        let leading_zero = int_digits > 1 && b[start] == b'0' && !grouped;
        // Chains that are not quantities: "192.168.1.2", "10:30", "5/17/2018".
        match b.get(i) {
            Some(b'.') if self.digit_at(i + 1) => return self.skip_chain(start, i, b"."),
            Some(b':') if self.digit_at(i + 1) => return self.skip_chain(start, i, b":"),
            Some(b'/') if self.digit_at(i + 1) => {
                if decimal || grouped {
                    return self.skip_chain(start, i, b"/");
                }
                let mut j = i + 1;
                let den_start = j;
                while j < n && b[j].is_ascii_digit() {
                    j += 1;
                }
                if (b.get(j) == Some(&b'/') && self.digit_at(j + 1)) || self.alnum_at(j) {
                    return self.skip_chain(start, j, b"/");
                }
                let num: f64 = self.digits.parse().unwrap_or(f64::NAN);
                let den: f64 = self.text[den_start..j].parse().unwrap_or(0.0);
                // Proper fractions only: "24/7" and "2023/24" are not quantities.
                if j - den_start <= 3 && den > 0.0 && num < den {
                    self.push(Kind::Num(fraction_lit(num / den)), start, j);
                } else {
                    self.push(Kind::Skip, start, j);
                }
                return j;
            }
            _ => {}
        }
        let value: f64 = self.digits.parse().unwrap_or(f64::INFINITY);
        let lit = Lit {
            value,
            int_digits,
            integer: !decimal,
            grouped,
            leading_zero,
            fraction: false,
        };
        // Letters written against the digits: a known suffix ("10k", "21st", "300mm",
        // "115USD") or an identifier ("6pm", "3D", "24703m212").
        if i < n && char_at(self.text, i).is_alphabetic() {
            let mut j = i;
            while j < n {
                let c = char_at(self.text, j);
                if !c.is_alphabetic() {
                    break;
                }
                j += c.len_utf8();
            }
            let mut suffix_end = j;
            if self.digit_at(j) {
                let with_digit = &self.text[i..j + 1];
                if !self.alnum_at(j + 1)
                    && POWER_UNITS
                        .iter()
                        .any(|u| u.eq_ignore_ascii_case(with_digit))
                {
                    suffix_end = j + 1;
                } else {
                    let end = self.alnum_end(j);
                    self.push(Kind::Skip, start, end);
                    return end;
                }
            }
            let suffix = &self.text[i..suffix_end];
            if value.is_finite() && is_attached_suffix(suffix, &lit) {
                self.push(Kind::Num(lit), start, i);
                self.push_word(i, suffix_end);
                return suffix_end;
            }
            self.push(Kind::Skip, start, suffix_end);
            return suffix_end;
        }
        if !value.is_finite() {
            self.push(Kind::Skip, start, i);
            return i;
        }
        self.push(Kind::Num(lit), start, i);
        i
    }

    /// Skips a chain of digits joined by `sep` ("192.168.1.2") from `start`.
    fn skip_chain(&mut self, start: usize, mut i: usize, sep: &[u8]) -> usize {
        let b = self.b;
        while i < b.len() && (b[i].is_ascii_digit() || sep.contains(&b[i])) {
            i += 1;
        }
        // A trailing separator belongs to the sentence ("at 10:30.").
        while i > start && sep.contains(&b[i - 1]) {
            i -= 1;
        }
        self.push(Kind::Skip, start, i);
        i
    }
}

fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => char::from(b),
        _ => text[i..].chars().next().unwrap_or(' '),
    }
}

fn three_digits(b: &[u8], i: usize) -> bool {
    i + 3 <= b.len()
        && b[i..i + 3].iter().all(u8::is_ascii_digit)
        && !b.get(i + 3).is_some_and(u8::is_ascii_digit)
}

/// Space-separated groups of three digits after `i`: (groups, all plain spaces, end offset).
fn space_groups(text: &str, i: usize) -> (u32, bool, usize) {
    let b = text.as_bytes();
    let mut groups = 0;
    let mut plain = true;
    let mut end = i;
    while let Some(c) = text[end..].chars().next() {
        let is_plain = c == ' ';
        if !(is_plain || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2009}') {
            break;
        }
        let k = end + c.len_utf8();
        if !three_digits(b, k) || b.get(k + 3) == Some(&b',') && three_digits(b, k + 4) {
            break;
        }
        groups += 1;
        plain &= is_plain;
        end = k + 3;
    }
    (groups, plain, end)
}

fn vulgar(c: char) -> Option<f64> {
    VULGAR.iter().find(|(v, _)| *v == c).map(|(_, x)| *x)
}

fn fraction_lit(value: f64) -> Lit {
    Lit {
        value,
        int_digits: 0,
        integer: false,
        grouped: false,
        leading_zero: false,
        fraction: true,
    }
}

/// End of the whitespace-free chunk starting at `i`, and whether the chunk has a `:` or an `@`
/// (without either it is no URL with a scheme and no e-mail address).
fn chunk_end(text: &str, i: usize) -> (usize, bool) {
    let b = text.as_bytes();
    let mut k = i;
    let mut marks = false;
    while k < b.len() {
        let x = b[k];
        if x < 0x80 {
            if char::from(x).is_whitespace() {
                return (k, marks);
            }
            marks |= x == b':' || x == b'@';
            k += 1;
        } else {
            let c = char_at(text, k);
            if c.is_whitespace() {
                return (k, marks);
            }
            k += c.len_utf8();
        }
    }
    (text.len(), marks)
}

/// Whether a chunk longer than four bytes starts with "www." in any case.
fn starts_with_www(chunk: &str) -> bool {
    chunk.len() > 4 && chunk.as_bytes()[..4].eq_ignore_ascii_case(b"www.")
}

fn is_url_or_email(chunk: &str) -> bool {
    if chunk.contains("://") {
        return true;
    }
    if starts_with_www(chunk) {
        return true;
    }
    match chunk.find('@') {
        Some(at) => {
            at > 0
                && chunk[at + 1..]
                    .trim_end_matches(['.', ',', ')', ';'])
                    .contains('.')
        }
        None => false,
    }
}

/// Whether letters written against digits are a suffix the recognizer reads.
fn is_attached_suffix(s: &str, lit: &Lit) -> bool {
    tables::ORDINAL_SUFFIXES
        .iter()
        .any(|x| x.eq_ignore_ascii_case(s))
        && lit.integer
        || tables::SCALE_ABBREVS.iter().any(|(x, _, _)| *x == s)
        || tables::MEASURE_UNITS.iter().any(|u| {
            u.words.len() == 1
                && if u.exact_case {
                    u.words[0] == s
                } else {
                    u.words[0].eq_ignore_ascii_case(s)
                }
        })
        || is_currency_code(s)
        || tables::DOZENS.iter().any(|x| x.eq_ignore_ascii_case(s))
        || tables::PERCENT_WORDS
            .iter()
            .any(|w| w.len() == 1 && w[0].eq_ignore_ascii_case(s))
        || tables::CURRENCY_WORDS
            .iter()
            .any(|(w, _, _)| w.len() == 1 && w[0].eq_ignore_ascii_case(s))
}

/// Whether a word is a currency code, or a million-code such as "MUSD".
pub(super) fn is_currency_code(s: &str) -> bool {
    currency_code(s).is_some()
}

/// The unit and multiplier of a currency code ("usd" → USD × 1, "MEUR" → EUR × 1e6).
pub(super) fn currency_code(s: &str) -> Option<(&'static str, f64)> {
    // Every code has CODE_LEN bytes (a test checks it): other words are looked up no further.
    if s.len() == CODE_LEN {
        let direct = codes_folding_to(fold(s)).find(|(code, _, any_case)| {
            if *any_case {
                code.eq_ignore_ascii_case(s)
            } else {
                *code == s
            }
        });
        if let Some((_, unit, _)) = direct {
            return Some((unit, 1.0));
        }
    }
    if s.len() != CODE_LEN + 1 {
        return None;
    }
    let rest = s.strip_prefix('M')?;
    codes_folding_to(fold(rest))
        .find(|(code, _, _)| *code == rest)
        .map(|(_, unit, _)| (*unit, 1e6))
}

/// Length of every entry of [`tables::CURRENCY_CODES`], in bytes.
const CODE_LEN: usize = 3;

/// [`tables::CURRENCY_CODES`] by fold, each fold's codes in table order.
static CODES_BY_FOLD: std::sync::LazyLock<Vec<(u128, usize)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(u128, usize)> = tables::CURRENCY_CODES
        .iter()
        .enumerate()
        .map(|(k, (code, _, _))| (fold(code), k))
        .collect();
    v.sort_unstable();
    v
});

/// The currency codes whose fold is `key`, in table order: every code equal to a word in any
/// case is among the codes of the word's fold.
fn codes_folding_to(
    key: u128,
) -> impl Iterator<Item = &'static (&'static str, &'static str, bool)> {
    let all = &*CODES_BY_FOLD;
    let lo = all.partition_point(|e| e.0 < key);
    let n = all[lo..].partition_point(|e| e.0 == key);
    all[lo..lo + n]
        .iter()
        .map(|&(_, k)| &tables::CURRENCY_CODES[k])
}

/// The number-word tables as (folded word, class), sorted by key, built once. Where a word is
/// in two tables the first table in [`classify_slow`]'s order wins.
static LEX_KEYS: std::sync::LazyLock<Vec<(u128, Lex)>> = std::sync::LazyLock::new(|| {
    let mut entries: Vec<(u128, Lex)> = Vec::new();
    let mut add = |w: &str, lex: Lex| {
        let k = fold(w);
        if !entries.iter().any(|(x, _)| *x == k) {
            entries.push((k, lex));
        }
    };
    for &(w, v) in tables::CARDINALS {
        add(w, Lex::Card(v));
    }
    for &(w, v) in tables::TENS {
        add(w, Lex::Tens(v));
    }
    for &(w, v) in tables::SCALES {
        add(w, Lex::Scale(v));
    }
    for &(w, v) in tables::SCALE_PLURALS {
        add(w, Lex::ScalePlural(v));
    }
    for &(w, v) in tables::ORDINALS {
        add(w, Lex::Ord(v));
    }
    for &(w, v) in tables::ORDINALS {
        add(&format!("{w}s"), Lex::OrdPlural(v));
    }
    for &(w, den, plural) in tables::FRACTION_NOUNS {
        add(w, Lex::Frac { den, plural });
    }
    for w in tables::DOZENS {
        add(w, Lex::Dozen);
    }
    for w in tables::ARTICLES {
        add(w, Lex::Article);
    }
    add("and", Lex::And);
    for w in tables::POINT_WORDS {
        add(w, Lex::Point);
    }
    for w in tables::MINUS_WORDS {
        add(w, Lex::Minus);
    }
    entries.sort_by_key(|(k, _)| *k);
    entries
});

/// Classifies a word against the number-word tables.
#[cfg(test)]
pub(super) fn classify(w: &str) -> Lex {
    classify_key(fold(w))
}

/// For each first byte of a fold in [`LEX_KEYS`], the lengths (bit per length, 15 for longer)
/// of the words starting with it: most words are turned away before the search.
static LEX_SHAPES: std::sync::LazyLock<[u16; 256]> = std::sync::LazyLock::new(|| {
    let mut shapes = [0u16; 256];
    for &(key, _) in LEX_KEYS.iter() {
        let (first, len) = key_shape(key);
        shapes[first] |= len;
    }
    shapes
});

/// Like [`LEX_SHAPES`], for the words of the classes [`may_hold_number`] looks for (all but
/// "a"/"an", "and", "point" and the minus words).
static NUMBER_SHAPES: std::sync::LazyLock<[u16; 256]> = std::sync::LazyLock::new(|| {
    let mut shapes = [0u16; 256];
    for &(key, lex) in LEX_KEYS.iter() {
        if !matches!(
            lex,
            Lex::Article | Lex::And | Lex::Point | Lex::Minus | Lex::Other
        ) {
            let (first, len) = key_shape(key);
            shapes[first] |= len;
        }
    }
    shapes
});

/// The first byte and the length bit (15 for 15 bytes and longer) of a fold: the shape that the
/// first-byte/length filters of the number tables ([`LEX_SHAPES`], `FirstWords`, the money
/// words) index by.
pub(super) fn key_shape(key: u128) -> (usize, u16) {
    let len = ((key >> 120) as u8).min(15);
    (usize::from(key as u8), 1 << len)
}

/// Classifies a word by its [`fold`].
fn classify_key(key: u128) -> Lex {
    let (first, len) = key_shape(key);
    if LEX_SHAPES[first] & len == 0 {
        return Lex::Other;
    }
    let keys = &*LEX_KEYS;
    match keys.binary_search_by_key(&key, |(k, _)| *k) {
        Ok(i) => keys[i].1,
        Err(_) => Lex::Other,
    }
}

/// [`classify`] as a scan of the tables: the reference its lookup table is tested against.
#[cfg(test)]
fn classify_slow(w: &str) -> Lex {
    if w.len() > 16 || !w.is_ascii() {
        return Lex::Other;
    }
    let eq = |x: &&str| x.eq_ignore_ascii_case(w);
    if let Some((_, v)) = tables::CARDINALS.iter().find(|(x, _)| eq(x)) {
        return Lex::Card(*v);
    }
    if let Some((_, v)) = tables::TENS.iter().find(|(x, _)| eq(x)) {
        return Lex::Tens(*v);
    }
    if let Some((_, v)) = tables::SCALES.iter().find(|(x, _)| eq(x)) {
        return Lex::Scale(*v);
    }
    if let Some((_, v)) = tables::SCALE_PLURALS.iter().find(|(x, _)| eq(x)) {
        return Lex::ScalePlural(*v);
    }
    if let Some((_, v)) = tables::ORDINALS.iter().find(|(x, _)| eq(x)) {
        return Lex::Ord(*v);
    }
    if let Some(stem) = w.strip_suffix(['s', 'S']) {
        if let Some((_, v)) = tables::ORDINALS
            .iter()
            .find(|(x, _)| x.eq_ignore_ascii_case(stem))
        {
            return Lex::OrdPlural(*v);
        }
    }
    if let Some((_, den, plural)) = tables::FRACTION_NOUNS.iter().find(|(x, _, _)| eq(x)) {
        return Lex::Frac {
            den: *den,
            plural: *plural,
        };
    }
    if tables::DOZENS.iter().any(eq) {
        return Lex::Dozen;
    }
    if tables::ARTICLES.iter().any(eq) {
        return Lex::Article;
    }
    if w.eq_ignore_ascii_case("and") {
        return Lex::And;
    }
    if tables::POINT_WORDS.iter().any(eq) {
        return Lex::Point;
    }
    if tables::MINUS_WORDS.iter().any(eq) {
        return Lex::Minus;
    }
    Lex::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Kind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (text[t.start..t.end].to_string(), t.kind))
            .collect()
    }

    fn lit(text: &str) -> Lit {
        match kinds(text).first().map(|(_, k)| *k) {
            Some(Kind::Num(l)) => l,
            other => panic!("no literal in {text:?}: {other:?}"),
        }
    }

    #[test]
    fn tokenize_reads_grouped_and_decimal_literals() {
        assert_eq!(lit("1,234,567").value, 1_234_567.0);
        assert!(lit("1,234,567").grouped);
        assert_eq!(lit("1,674,200.5").value, 1_674_200.5);
        assert_eq!(lit(".08").value, 0.08);
        assert_eq!(lit("4.800").value, 4.8);
        assert_eq!(lit("1 234 567").value, 1_234_567.0);
        assert_eq!(lit("40\u{202f}000").value, 40_000.0);
        assert_eq!(lit("3/4").value, 0.75);
        assert!(lit("01").leading_zero);
    }

    #[test]
    fn tokenize_keeps_lists_and_single_space_groups_apart() {
        let t = kinds("22,24 and 40 000");
        let nums: Vec<&str> = t
            .iter()
            .filter(|(_, k)| matches!(k, Kind::Num(_)))
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(nums, ["22", "24", "40", "000"]);
    }

    #[test]
    fn tokenize_skips_urls_times_versions_and_identifiers() {
        for text in [
            "https://x.org/a?q=30%25",
            "www.example.com/5",
            "10:30",
            "192.168.1.2",
            "5/17/2018",
            "24703m212",
            "H1N1",
            "6pm",
            "24/7",
            "jane@example.org",
        ] {
            let t = kinds(text);
            assert!(
                t.iter().all(|(_, k)| !matches!(k, Kind::Num(_))),
                "{text}: {t:?}"
            );
        }
    }

    #[test]
    fn tokenize_splits_known_suffixes() {
        let t = kinds("10k 21st 300mm 115USD USD50 24703m2");
        let texts: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "10", "k", "21", "st", "300", "mm", "115", "USD", "USD", "50", "24703", "m2"
            ]
        );
        assert_eq!(tokenize("10k")[1].gap, Gap::None);
    }

    #[test]
    fn classify_reads_number_words() {
        assert_eq!(classify("Seventy"), Lex::Tens(70.0));
        assert_eq!(classify("fifths"), Lex::OrdPlural(5.0));
        assert_eq!(classify("hundredth"), Lex::Ord(100.0));
        assert_eq!(
            classify("halves"),
            Lex::Frac {
                den: 2.0,
                plural: true
            }
        );
        assert_eq!(classify("students"), Lex::Other);
    }

    #[test]
    fn currency_code_reads_codes_and_million_codes() {
        assert!(
            tables::CURRENCY_CODES
                .iter()
                .all(|(c, _, _)| c.len() == CODE_LEN)
        );
        assert_eq!(currency_code("usd"), Some(("USD", 1.0)));
        assert_eq!(currency_code("RMB"), Some(("CNY", 1.0)));
        assert_eq!(currency_code("MEUR"), Some(("EUR", 1e6)));
        assert_eq!(currency_code("Meur"), None);
        assert_eq!(currency_code("try"), None, "a word unless in capitals");
        assert_eq!(currency_code("TRY"), Some(("TRY", 1.0)));
        assert_eq!(currency_code("dollars"), None);
    }

    #[test]
    fn classify_agrees_with_a_scan_of_the_tables() {
        let mut words: Vec<String> = Vec::new();
        for &(w, _) in tables::CARDINALS
            .iter()
            .chain(tables::TENS)
            .chain(tables::ORDINALS)
        {
            words.extend([
                w.to_string(),
                format!("{w}s"),
                w.to_uppercase(),
                format!("{w}S"),
            ]);
        }
        for &(w, _) in tables::SCALES.iter().chain(tables::SCALE_PLURALS) {
            words.extend([w.to_string(), w.to_uppercase()]);
        }
        for w in tables::DOZENS
            .iter()
            .chain(tables::ARTICLES)
            .chain(tables::POINT_WORDS)
            .chain(tables::MINUS_WORDS)
        {
            words.extend([w.to_string(), w.to_uppercase()]);
        }
        for w in [
            "and",
            "AND",
            "half",
            "Quarters",
            "",
            "é",
            "twentyfirst",
            "seventeenths",
        ] {
            words.push(w.to_string());
        }
        words.push("x".repeat(17));
        for w in &words {
            assert_eq!(classify(w), classify_slow(w), "{w}");
        }
    }

    #[test]
    fn chunk_end_marks_every_chunk_that_may_be_a_url_or_address() {
        for text in [
            "https://x.org/a",
            "www.example.com",
            "WWW.x",
            "www.",
            "jane@example.org",
            "a@b",
            "10:30",
            "plain",
            "(see",
            "é:x",
            "x\u{a0}y",
            "mailto:x@y.z",
        ] {
            let (end, marks) = chunk_end(text, 0);
            assert_eq!(
                end,
                text.find(char::is_whitespace).unwrap_or(text.len()),
                "{text}"
            );
            let chunk = &text[..end];
            let fast = if marks {
                is_url_or_email(chunk)
            } else {
                starts_with_www(chunk)
            };
            assert_eq!(fast, is_url_or_email(chunk), "{text}");
            assert_eq!(marks, chunk.contains([':', '@']), "{text}");
        }
    }
}
