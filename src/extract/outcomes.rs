//! Numeric outcomes: the counts, percentages, money amounts and ranges a release body states,
//! each with the hedge before it (`qualifier`), what it counts (`object`) and the program its
//! sentence names (`program_id`).
//!
//! The numbers themselves come from [`super::numbers::recognize`], sentences from
//! [`super::sentences::split`] and programs from the programs extractor; this module decides
//! which numbers are outcomes and reads their context. It drops what is not an outcome: years
//! and school years, dates, times, list numbering, ordinals, ages, durations, phone numbers,
//! street addresses, numbers inside names (`Vision 2035`, `Region 10`, `K-12`) and the "one" of
//! "one of". Only the body is scanned (a summary repeats it), and a sentence whose exact text
//! already appeared in the body adds no rows.
//!
//! Choices, documented here because the table cannot show them:
//! - A two-sided range ("between 30 and 40 students", "30-40 students") is one row with `value`
//!   null and `value_min`/`value_max` set (rule `range`). A one-sided range ("more than 30",
//!   "500 or more") is the number with a qualifier (`value` 30, `over`). "rose from 48% to 81%"
//!   is two values, not a range.
//! - A ratio ("1 in 4 students", "8 out of 10") is one row of kind `other` whose value is the
//!   fraction (0.25); a fraction ("one-third of students") is kind `other` as well.
//! - A number with a unit of measure ("14 square miles") is kind `other`, its unit the object.
//! - Money is in its main unit (cents become dollars), unit `USD` unless another currency is
//!   named. "2.3 percentage points" is a percent.
//! - The object is read after the number (first plural noun, or the noun after "of"), else
//!   before it ("the share of X ... rose to 91%", "a payment of $500"), else carried from the
//!   sentence's previous number of the same kind ("signed up 150 more"). A number without one is
//!   kind `other`.
//! - A duration is a number right before a time unit ("six weeks", "7,000 hours of work"); a
//!   unit after another word is a tally ("12,000 volunteer hours").
//!
//! Every step looks at a bounded window around a number, so the work is linear in the body.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::numbers::{self, NumberKind, NumberSpan};
use super::offsets::CharOffsets;
use super::sentences;
use super::wordset::{AsciiCaseSet, WordSet, fold, with_lowercase};
use super::{Lexicon, Outcome, OutcomeKind, Program, Qualifier};
use crate::release::Release;

// ---------------------------------------------------------------------------------------------
// Rule tables. All words are matched on the lowercase core of a token (surrounding punctuation
// removed) unless a table says otherwise. Multi-word entries come first, longest first, so the
// more specific phrase wins.
// ---------------------------------------------------------------------------------------------

/// Hedges written after a number, as the end of a one-sided range ("500+", "500 or more").
pub const POSTFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("or more", Qualifier::AtLeast),
    ("or above", Qualifier::AtLeast),
    ("or greater", Qualifier::AtLeast),
    ("or higher", Qualifier::AtLeast),
    ("and more", Qualifier::AtLeast),
    ("and above", Qualifier::AtLeast),
    ("and over", Qualifier::AtLeast),
    ("and up", Qualifier::AtLeast),
    ("or fewer", Qualifier::UpTo),
    ("or less", Qualifier::UpTo),
    ("or below", Qualifier::UpTo),
    ("or under", Qualifier::UpTo),
    ("and under", Qualifier::UpTo),
    ("and below", Qualifier::UpTo),
    // "500+ volunteers": read as "over 500".
    ("+", Qualifier::Over),
    ("plus", Qualifier::Over),
];

/// Hedge phrases right before a number (or a range phrase), longest first.
pub const QUALIFIER_PHRASES: &[(&str, Qualifier)] = &[
    ("just shy of", Qualifier::Nearly),
    ("not more than", Qualifier::UpTo),
    ("not less than", Qualifier::AtLeast),
    ("in excess of", Qualifier::Over),
    ("as much as", Qualifier::UpTo),
    ("a minimum of", Qualifier::AtLeast),
    ("no fewer than", Qualifier::AtLeast),
    ("no less than", Qualifier::AtLeast),
    ("a maximum of", Qualifier::UpTo),
    ("as many as", Qualifier::UpTo),
    ("no more than", Qualifier::UpTo),
    ("an estimated", Qualifier::Approximately),
    ("upwards of", Qualifier::Over),
    ("upward of", Qualifier::Over),
    ("more than", Qualifier::Over),
    ("greater than", Qualifier::Over),
    ("well over", Qualifier::Over),
    // "just under 500" reads as nearly 500; "just over 500" as over.
    ("just under", Qualifier::Nearly),
    ("just over", Qualifier::Over),
    ("close to", Qualifier::Nearly),
    ("north of", Qualifier::Over),
    ("at least", Qualifier::AtLeast),
    ("at most", Qualifier::UpTo),
    ("up to", Qualifier::UpTo),
    ("fewer than", Qualifier::Under),
    ("less than", Qualifier::Under),
    ("approximately", Qualifier::Approximately),
    ("approx", Qualifier::Approximately),
    ("roughly", Qualifier::Approximately),
    ("around", Qualifier::Approximately),
    ("about", Qualifier::Approximately),
    ("estimated", Qualifier::Approximately),
    // "some 500 students": an approximation (the determiner "some of" never precedes a number).
    ("some", Qualifier::Approximately),
    ("nearly", Qualifier::Nearly),
    ("almost", Qualifier::Nearly),
    ("approaching", Qualifier::Nearly),
    ("exceeding", Qualifier::Over),
    ("over", Qualifier::Over),
    ("above", Qualifier::Over),
    ("under", Qualifier::Under),
    ("below", Qualifier::Under),
];

/// Words right before a number that make it a label, rank or name part, not a quantity
/// ("session three", "Phase 3", "Grade 5", "Region 10", "Title 1", "Assembly Bill 1234",
/// "Suite 200", "ages 5 to 12", "top 10").
#[rustfmt::skip]
pub const LABEL_WORDS: &[&str] = &[
    "session", "phase", "grade", "grades", "region", "title", "bill", "chapter", "section", "level",
    "levels", "tier", "step", "room", "suite", "unit", "cohort", "round", "stage", "no", "nos",
    "item", "article", "proposition", "prop", "measure", "route", "highway", "interstate",
    "building", "floor", "page", "volume", "vol", "version", "episode", "season", "ab", "sb", "hr",
    "hb", "top", "box", "zone", "ward", "age", "ages", "aged", "cycle", "module", "lesson", "gate",
    "pier", "department", "dept", "fy", "figure", "appendix", "ch", "sec", "pp", "p", "vision",
    // vote tallies: "voted 5-0"; phone extensions: "ext. 123"
    "vote", "voted", "votes", "ext", "extension",
];

/// Like [`LABEL_WORDS`], but only when capitalized ("Year 2", "Day 1", "District 5"), because
/// the lowercase word often ends a phrase before a count ("each year 500 students ...").
#[rustfmt::skip]
pub const CAPITALIZED_LABEL_WORDS: &[&str] = &[
    "Year", "Day", "Week", "Number", "Period", "District", "Table", "Lot", "Model", "Issue",
    "Series", "Act", "Court", "Hall", "Track", "Station", "Class", "Part",
];

/// Plural number words that name no amount ("dozens of volunteers", "hundreds of families").
#[rustfmt::skip]
pub const VAGUE_PLURALS: &[&str] = &[
    "dozens", "hundreds", "thousands", "millions", "billions", "tens", "scores",
];

/// Number words that can follow "one in" in a ratio ("one in five adults").
#[rustfmt::skip]
pub const DENOMINATOR_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million",
];

/// Number words, to tell the number from the unit in a span like "two million gallons".
#[rustfmt::skip]
pub const NUMBER_WORDS: &[&str] = &[
    "a", "an", "and", "point", "zero", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion", "dozen", "half",
    "k", "m", "b", "mn", "bn",
];

/// Month names and abbreviations (case-sensitive): a day number next to one is a date.
#[rustfmt::skip]
pub const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
];

/// Weekday names (case-sensitive): "said Tuesday 300 students ..." is no name.
#[rustfmt::skip]
pub const WEEKDAYS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
];

/// Time-of-day words after a number ("8 a.m.", "3 pm").
pub const TIME_OF_DAY_WORDS: &[&str] = &["a.m", "p.m", "am", "pm", "o'clock", "o’clock"];

/// Time units right after a number: a duration, not an outcome ("six weeks", "three years",
/// "7,000 hours of work"). A unit after another word is a tally ("12,000 volunteer hours").
#[rustfmt::skip]
pub const TIME_UNITS: &[&str] = &[
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "night", "nights",
    "week", "weeks", "weekend", "weekends", "month", "months", "year", "years", "decade", "decades",
    "semester", "semesters", "century", "centuries", "yr", "yrs", "hrs", "hr", "min", "mins",
    "times",
];

/// Words that may sit between a number and its time unit ("three more years", "two full days").
#[rustfmt::skip]
pub const DURATION_MODIFIERS: &[&str] = &[
    "more", "full", "consecutive", "additional", "straight", "short", "long", "whole", "school",
    "academic", "fiscal", "calendar", "instructional", "business", "working", "extra",
];

/// Words after a number that make it an age ("18 and older", "5 years old" is a duration anyway).
pub const AGE_AFTER: &[&[&str]] = &[
    &["and", "older"],
    &["and", "over"],
    &["and", "up"],
    &["and", "younger"],
    &["and", "under"],
    &["or", "older"],
    &["or", "younger"],
    &["years", "old"],
    &["months", "old"],
    &["year", "old"],
];

/// Street-name endings: a number followed by capitalized words and one of these is an address.
#[rustfmt::skip]
pub const STREET_SUFFIXES: &[&str] = &[
    "street", "st", "avenue", "ave", "boulevard", "blvd", "road", "rd", "drive", "dr", "lane", "ln",
    "way", "highway", "hwy", "parkway", "pkwy", "place", "pl", "court", "ct", "circle", "cir",
    "terrace", "plaza", "trail", "freeway", "expressway", "suite", "ste",
];

/// Words joining two numbers of one span ("ages 5 to 12", "grades 9 through 12", "May 5 and 6"):
/// when the first number is not an outcome, neither is the second.
pub const SPAN_JOINERS: &[&str] = &["to", "and", "through", "thru", "or", "-", "–", "—", "&"];

/// Words that end the counted noun phrase after a number: determiners, pronouns, prepositions,
/// conjunctions, auxiliary verbs and adverbs. The phrase also ends at punctuation and numbers.
#[rustfmt::skip]
pub const OBJECT_STOP_WORDS: &[&str] = &[
    // determiners and pronouns
    "the", "a", "an", "this", "that", "these", "those", "each", "every", "its", "their", "our",
    "his", "her", "your", "my", "which", "who", "whom", "whose", "what", "it", "they", "them", "we",
    "us", "he", "she", "you", "i", "all", "both", "any", "such", "other", "another",
    // prepositions
    "in", "at", "on", "for", "from", "to", "with", "by", "across", "throughout", "during", "into",
    "through", "within", "per", "over", "under", "about", "than", "since", "among", "amongst",
    "between", "after", "before", "around", "toward", "towards", "via", "including", "like", "of",
    "against", "along", "beyond", "upon", "until", "onto", "versus", "vs", "statewide",
    "nationwide", "countywide", "overall", "alone", "each",
    // conjunctions
    "and", "or", "but", "nor", "so", "yet", "as", "while", "because", "if", "when", "where",
    "although", "though", "whereas", "whether",
    // auxiliaries and common verbs
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does",
    "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "got", "get",
    "gets", "received", "receive", "receives", "participated", "attended", "joined", "completed",
    "complete", "completes", "took", "take", "takes", "made", "make", "makes", "served", "serve",
    "serves", "reached", "reach", "reaches",
    // adverbs and quantity words
    "more", "less", "fewer", "also", "now", "then", "there", "here", "not", "only", "just",
    "already", "still", "total", "annually", "respectively", "last", "ago", "each", "year",
    "percent", "percentage", "times", "altogether", "combined", "apiece",
    "today", "set", "aside", "higher", "lower", "greater", "smaller", "larger", "bigger",
    "cheaper",
];

/// Words that may open a counted phrase but are not part of it ("150 more educators").
pub const OBJECT_SKIP_LEADING: &[&str] = &["more", "fewer", "less", "other"];

/// Determiners and quantifiers skipped after "of" ("80% of all the students").
#[rustfmt::skip]
pub const OF_DETERMINERS: &[&str] = &[
    "the", "all", "its", "their", "our", "his", "her", "these", "those", "this", "that", "your",
    "my", "a", "an", "such",
];

/// Plural nouns without a final `s` (and a few mass nouns used as counts: "500 staff").
#[rustfmt::skip]
pub const IRREGULAR_PLURALS: &[&str] = &[
    "people", "children", "men", "women", "staff", "faculty", "personnel", "youth", "alumni",
    "data", "media", "criteria", "feet", "teeth", "police", "cattle", "geese", "mice", "fish",
    "sheep", "deer", "offspring", "clergy", "crew", "workforce",
];

/// Plurals that often modify a plural head noun ("sports programs", "arts organizations");
/// words in `-ics` and [`IRREGULAR_PLURALS`] do as well ("robotics stations", "staff members").
#[rustfmt::skip]
pub const PLURAL_MODIFIERS: &[&str] = &[
    "sports", "arts", "humanities", "savings", "sales", "parks", "services", "systems", "veterans",
    "materials", "records", "communications", "operations", "rights",
];

/// Words ending in `s` that are not plurals.
#[rustfmt::skip]
pub const NOT_PLURALS: &[&str] = &[
    "news", "series", "species", "always", "perhaps", "across", "various", "numerous", "its",
    "this", "has", "was", "is", "as", "us", "yes", "plus", "thus", "less", "unless", "whereas",
    "besides", "towards", "afterwards", "angeles", "los", "las", "texas", "kansas", "arkansas",
    "illinois", "paris", "athletics", "mathematics", "physics", "economics", "politics", "ethics",
    "civics", "linguistics", "analytics", "statistics", "logistics",
];

/// Verbs and copulas skipped backwards from "one of" to the thing it is one of
/// ("the Center, one of only six" / "the center is one of six").
#[rustfmt::skip]
pub const ONE_OF_LINKS: &[&str] = &[
    "is", "was", "are", "were", "as", "remains", "remained", "becomes", "became", "being", "be",
    "now", "also", "named", "making", "makes", "made", "it",
];

/// Words between "one of" and the number that keep the "one of N" reading ("one of only 8").
pub const ONE_OF_FILLERS: &[&str] = &["only", "just", "the", "only the", "just the", "the only"];

/// Words right before a number that make it a phone or hotline number ("call or text 988").
pub const PHONE_CUES: &[&str] = &["call", "text", "dial", "phone", "fax", "hotline", "tel"];

/// Words next to a tally like "7-0" that make it a vote or a score, not a range.
#[rustfmt::skip]
pub const VOTE_CUES: &[&str] = &[
    "voted", "vote", "votes", "approved", "passed", "ruled", "won", "lost", "beat", "defeated",
    "decision", "ruling", "margin", "tally", "record", "win", "loss", "victory", "score",
];

/// Three-digit phone services, never counts ("911 calls", "call 311").
pub const SERVICE_NUMBERS: &[&str] = &["211", "311", "411", "511", "711", "811", "911", "988"];

/// Units of measure after a number, longest first: the row is kind `other` and the unit is
/// its object ("14 square miles", "2.6 miles of trail").
#[rustfmt::skip]
pub const MEASURE_UNITS: &[&str] = &[
    "square miles", "square feet", "square foot", "square meters", "square kilometers",
    "cubic yards", "cubic feet", "acre-feet", "miles", "mile", "acres", "acre", "feet", "foot",
    "inches", "inch", "yards", "meters", "kilometers", "km", "hectares", "pounds", "lbs", "tons",
    "tonnes", "gallons", "liters", "litres", "kilograms", "kg", "megawatts", "mw", "kilowatts",
    "kilowatt-hours", "kwh", "mph", "degrees", "sq. ft", "sq ft", "ft", "mi",
];

/// Verbs of change: "rose from 48% to 81%" states two values, not a range, and the subject
/// before the verb is what a bare percent measures ("circulation rising 24 percent").
#[rustfmt::skip]
pub const CHANGE_VERBS: &[&str] = &[
    "rose", "rise", "rises", "rising", "risen", "gained", "gain", "gains", "dipped", "slipped",
    "plunged", "spiked", "tripled", "topped", "exceeded", "surpassed", "neared", "reaching",
    "grew", "grow", "grows", "growing", "grown", "increased",
    "increase", "increases", "increasing", "climbed", "climb", "climbing", "jumped", "jump",
    "jumping", "fell", "fall", "falls", "falling", "fallen", "dropped", "drop", "dropping",
    "declined", "decline", "declining", "decreased", "decrease", "decreasing", "improved",
    "improve", "improving", "went", "going", "soared", "surged", "doubled", "shrank", "shrunk",
    "expanded", "up", "down", "reached", "hit", "totaled",
];

/// Verbs right after a percent that make it the subject of a clause ("61% support the
/// measure", "45% said"): the phrase after is no object; the sentence's previous object is.
#[rustfmt::skip]
pub const PERCENT_VERBS: &[&str] = &[
    "say", "said", "says", "support", "supported", "agree", "agreed", "favor", "favored",
    "oppose", "opposed", "believe", "believed", "report", "reported", "want", "wanted", "plan",
    "planned", "feel", "felt", "prefer", "preferred", "approve", "approved", "use", "used", "rate",
    "rated", "expect", "expected", "indicated", "noted", "were", "are", "had", "have",
];

/// Nouns that introduce what a percent measures before it ("the share of kindergartners ...
/// rose to 91.2%").
#[rustfmt::skip]
pub const SHARE_NOUNS: &[&str] = &[
    "share", "percentage", "proportion", "portion", "percent", "fraction", "rate", "number",
];

/// Words that open a clause, read backwards from a change verb to find its subject ("with
/// circulation rising 24 percent"). "and" is left out: it joins nouns inside subjects too.
pub const CLAUSE_OPENERS: &[&str] = &["with", "while", "as", "that", "where", "whereas", "but"];

/// Verbs before a bare small number that make it an age ("must be at least 18", "turns 65").
pub const AGE_VERBS: &[&str] = &["be", "turn", "turns", "turned", "turning", "aged"];

/// People nouns before "under N" / "over N" that make N an age ("children under 12").
#[rustfmt::skip]
pub const AGE_NOUNS: &[&str] = &[
    "children", "kids", "youth", "youths", "adults", "seniors", "people", "residents", "students",
    "teens", "teenagers", "infants", "toddlers", "anyone", "those", "individuals", "persons",
    "patients", "riders", "women", "men", "girls", "boys", "applicants", "participants",
];

/// Pronouns after "of" that point back to the sentence's previous object ("40% of them").
pub const OF_PRONOUNS: &[&str] = &["them", "these", "those", "which", "whom", "theirs"];

/// Words before "of $N" that are not what the money pays for ("a total of $5 million").
#[rustfmt::skip]
pub const OF_HEAD_EXCLUDE: &[&str] = &[
    "total", "sum", "amount", "excess", "range", "average", "maximum", "minimum", "upwards",
    "upward", "more", "less", "because", "tune", "out", "one", "some", "value", "part", "short",
    "shy", "instead", "ahead", "most", "many", "much", "half", "none", "each",
];

/// Words after a money amount that lead to what it funds ("$300,000 in grants", "for programs").
pub const MONEY_OBJECT_LEADS: &[&str] = &["in", "for"];

/// Words between a noun and the money amount it names ("a payment of $500", "grants
/// totaling $1.75 million", "awards worth $10,000"); "valued at" and "amounting to" as well.
pub const MONEY_OBJECT_LINKS: &[&str] = &["of", "totaling", "totalling", "worth"];

/// Longest sentence kept whole in the `sentence` column, in bytes; a longer one (only in
/// degenerate input) is cut to a window around the number so rows stay small.
pub const MAX_SENTENCE_BYTES: usize = 2000;

// ---------------------------------------------------------------------------------------------
// Rule names, one per way a row is found.
// ---------------------------------------------------------------------------------------------

/// A count with the counted noun after it ("512 community schools").
const RULE_NUMBER_OBJECT: &str = "number_object";
/// A number with nothing counted after it (kind `other`).
const RULE_NUMBER: &str = "number";
/// A percent followed by "of" and its object ("80% of students").
const RULE_PERCENT_OF: &str = "percent_of";
/// A percent without "of" ("a 95% graduation rate", "rose 15%").
const RULE_PERCENT: &str = "percent";
/// A money amount.
const RULE_MONEY: &str = "money";
/// "one of only six in the region": the object is the plural of the thing it is one of.
const RULE_ONE_OF: &str = "one_of_only";
/// The object of the sentence's previous number ("signed up 150 more").
const RULE_CARRIED: &str = "carried_object";
/// A two-sided range.
const RULE_RANGE: &str = "range";
/// "1 in 4", "8 out of 10".
const RULE_RATIO: &str = "ratio";
/// A fraction of something ("one-third of students").
const RULE_FRACTION: &str = "fraction_of";
/// "80 of the 100 schools": the object of the number after "of".
const RULE_OF_NUMBER: &str = "of_number";
/// A number followed by a unit of measure ("14 square miles"): kind `other`.
const RULE_MEASURE: &str = "measure";
/// A percent whose object comes before it: "the share of X ... rose to 91%".
const RULE_PERCENT_SHARE: &str = "percent_share";
/// A percent whose object is the subject of a change verb: "circulation rising 24 percent".
const RULE_CHANGE_SUBJECT: &str = "change_subject";
/// A money amount whose object comes before "of": "a monthly payment of $500".
const RULE_MONEY_OF: &str = "money_of";
/// A money amount in parentheses after a name: the nearest lowercase plural noun before it
/// ("the largest awards went to Alder Schools ($1.9 million)").
const RULE_MONEY_ASIDE: &str = "money_aside";
/// A percent whose object comes before "of": "a coverage rate of 95%".
const RULE_PERCENT_OF_HEAD: &str = "percent_of_head";

/// Longest phrase without a plural noun, in words.
const MAX_SINGULAR_WORDS: usize = 4;

// ---------------------------------------------------------------------------------------------
// Extraction.
// ---------------------------------------------------------------------------------------------

/// Finds the numeric outcomes of one release body.
///
/// `programs` are the release's program rows: a number is tied to the program whose name or
/// acronym appears in its sentence (the nearest mention before it, else the nearest after).
/// Rows are sorted by `start`, and `outcome_index` is their position. Pure and linear in the
/// length of the body; never panics.
pub fn extract(release: &Release, lexicon: &Lexicon, programs: &[Program]) -> Vec<Outcome> {
    let _ = lexicon; // the publisher's names play no part in outcomes
    let body = release.body.as_str();
    extract_sentences(
        release,
        &sentences::split(release),
        &CharOffsets::new(body),
        programs,
    )
}

/// [`extract`] on a release already split into sentences (`sentences`, as
/// [`sentences::split`] gives them) with the character offsets of its body (`chars`).
pub(crate) fn extract_sentences(
    release: &Release,
    sentences: &[sentences::Sentence],
    chars: &CharOffsets,
    programs: &[Program],
) -> Vec<Outcome> {
    let body = release.body.as_str();
    let mentions = program_mentions(body, programs);
    let mut seen_sentences: HashSet<&str> = HashSet::new();
    let mut rows: Vec<Outcome> = Vec::new();

    for &sentence in sentences {
        let Some(text) = body.get(sentence.start..sentence.end) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        // A sentence whose exact text already appeared adds no rows. The outcomes of a
        // sentence depend on its text only, so a repeated sentence without outcomes needs no
        // entry: only sentences with outcomes are hashed.
        let found_here = sentence_outcomes(text);
        if found_here.is_empty() || !seen_sentences.insert(text.trim()) {
            continue;
        }
        let lo = mentions.partition_point(|m| m.0 < sentence.start);
        let hi = mentions.partition_point(|m| m.0 < sentence.end);
        let in_sentence = &mentions[lo..hi];
        for found in found_here {
            let (abs_start, abs_end) = (sentence.start + found.start, sentence.start + found.end);
            let Some(span) = body.get(abs_start..abs_end) else {
                continue;
            };
            let program_id =
                nearest_program(in_sentence, abs_start).map(|i| programs[i].program_id.clone());
            rows.push(Outcome {
                release_id: release.release_id.clone(),
                outcome_index: 0,
                value: found.value,
                value_min: found.min,
                value_max: found.max,
                kind: found.kind,
                unit: found.unit,
                qualifier: found.qualifier,
                object: found.object,
                program_id,
                text: span.to_string(),
                start: chars.char_at(abs_start),
                end: chars.char_at(abs_end),
                sentence: sentence_excerpt(text, found.start, found.end).to_string(),
                rule: found.rule,
            });
        }
    }
    rows.sort_by_key(|r| r.start);
    for (i, row) in rows.iter_mut().enumerate() {
        row.outcome_index = i;
    }
    rows
}

/// An outcome found in one sentence, with byte offsets into that sentence.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    start: usize,
    end: usize,
    value: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    kind: OutcomeKind,
    unit: Option<String>,
    qualifier: Option<Qualifier>,
    object: Option<String>,
    rule: &'static str,
}

/// What the object reader concluded.
#[derive(Debug, Clone, PartialEq)]
enum ObjectRead {
    /// A phrase; `true` when it came after "of".
    Phrase(String, bool),
    /// "N of the M things": take the object of the number starting in the token at bytes
    /// `at` (the next number), else `fallback`, the phrase after that token.
    OfNextNumber {
        /// Byte span of the next number's token in the sentence.
        at: (usize, usize),
        /// The phrase after that token.
        fallback: Option<String>,
    },
    /// A unit of measure ("square miles"): the row stays kind `other`.
    Measure(String),
    /// "40% of them", "61% support ...": the sentence's previous object.
    OfPronoun,
    /// Nothing counted.
    Nothing,
}

/// A number candidate: a recognizer match that survived the filters (or a merged ratio).
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    kind: NumberKind,
    value: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    unit: Option<&'static str>,
    /// A ratio ("1 in 4"); its value is the fraction.
    ratio: bool,
    /// A two-sided range; `value` is `None`.
    range: bool,
}

/// The outcomes of one sentence, sorted by start.
fn sentence_outcomes(text: &str) -> Vec<Found> {
    let mut matches: Vec<NumberSpan<'_>> = numbers::recognize_spans(text);
    matches.retain(|m| m.start < m.end && text.get(m.start..m.end).is_some());
    if matches.is_empty() {
        // Every outcome comes from a match.
        return Vec::new();
    }
    matches.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let words = Words::new(text);

    // Spans whose numbers are never outcomes on their own: masks (phones, school years, times),
    // ordinals, rejected ranges, and accepted two-sided ranges (their inner numbers).
    let masked = merge_spans(masks(&words));
    let overlaps_mask = |s: usize, e: usize| {
        let i = masked.partition_point(|m| m.1 <= s);
        masked.get(i).is_some_and(|m| m.0 < e)
    };
    let mut blocked: Vec<(usize, usize)> = masked.clone();
    // Hedges written after a number ("500+", "500 or more"): (number start, qualifier, end of
    // the hedge).
    let mut postfix: Vec<(usize, Qualifier, usize)> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    // Ends of rejected ranges, with the reason, in order.
    let mut rejected_ranges: Vec<(usize, &'static str)> = Vec::new();

    for m in matches
        .iter()
        .filter(|m| matches!(m.kind, NumberKind::Range | NumberKind::Ordinal))
    {
        if matches!(m.kind, NumberKind::Ordinal) {
            blocked.push((m.start, m.end));
            continue;
        }
        let first = matches.partition_point(|n| n.start < m.start);
        let inner: Vec<&NumberSpan<'_>> = matches[first..]
            .iter()
            .take_while(|n| n.start < m.end)
            .filter(|n| {
                !matches!(n.kind, NumberKind::Range | NumberKind::Ordinal)
                    && n.start >= m.start
                    && n.end <= m.end
            })
            .take(4)
            .collect();
        match (m.min, m.max) {
            (Some(lo), Some(hi))
                if lo > hi || mixed_kinds(&inner) || is_change(&words, m.start, m.end) =>
            {
                // "rose from 48% to 81%": two values; the inner numbers stand alone.
            }
            (Some(lo), Some(hi)) => {
                // "2022 to 2024", "2023-24": years, not a range of quantities.
                let years = is_year_value(lo)
                    && (is_year_value(hi) || (hi.fract() == 0.0 && hi < 100.0))
                    && !text[m.start..m.end].contains(',');
                let reason = if years {
                    Some("year")
                } else if overlaps_mask(m.start, m.end) {
                    Some("mask")
                } else if joined_to_rejected(&words, rejected_ranges.last(), m.start, m.end) {
                    Some("joined")
                } else {
                    skip_reason(&words, m.start, m.end, m.kind, Some(lo))
                };
                if let Some(r) = reason {
                    blocked.push((m.start, m.end));
                    rejected_ranges.push((m.end, r));
                    continue;
                }
                let kind = if inner.iter().any(|n| matches!(n.kind, NumberKind::Money)) {
                    NumberKind::Money
                } else if inner.iter().any(|n| matches!(n.kind, NumberKind::Percent)) {
                    NumberKind::Percent
                } else {
                    NumberKind::Number
                };
                let unit = inner.iter().find_map(|n| n.unit).or(m.unit);
                candidates.push(Candidate {
                    start: m.start,
                    end: m.end,
                    kind,
                    value: None,
                    min: Some(lo),
                    max: Some(hi),
                    unit,
                    ratio: false,
                    range: true,
                });
                blocked.push((m.start, m.end));
            }
            (lo, hi) => {
                // One-sided: the inner number carries it, with the qualifier read from the text
                // before it ("more than 30") or from the range after it ("500 or more").
                if let Some(last) = inner.last() {
                    if let Some(q) = postfix_qualifier(&text[last.end..m.end]) {
                        postfix.push((last.start, q, m.end));
                    }
                } else if skip_reason(&words, m.start, m.end, NumberKind::Number, lo.or(hi))
                    .is_none()
                {
                    if let Some(v) = lo.or(hi).or(m.value) {
                        candidates.push(Candidate {
                            start: m.start,
                            end: m.end,
                            kind: NumberKind::Number,
                            value: Some(v),
                            min: None,
                            max: None,
                            unit: m.unit,
                            ratio: false,
                            range: false,
                        });
                    }
                }
            }
        }
    }
    let blocked = merge_spans(blocked);

    // Single numbers: not inside a blocked span; of overlapping matches keep the longest.
    let mut singles: Vec<&NumberSpan<'_>> = Vec::new();
    let mut b = 0;
    for m in matches
        .iter()
        .filter(|m| !matches!(m.kind, NumberKind::Range | NumberKind::Ordinal))
    {
        while b < blocked.len() && blocked[b].1 <= m.start {
            b += 1;
        }
        if b < blocked.len() && blocked[b].0 < m.end {
            continue;
        }
        if let Some(last) = singles.last() {
            if m.start < last.end {
                if m.end - m.start > last.end - last.start {
                    singles.pop();
                } else {
                    continue;
                }
            }
        }
        singles.push(m);
    }

    // Filters, with "X to Y" propagation of a rejection to the second number.
    let mut last_rejected: Option<(usize, &'static str)> = None;
    let mut r = 0;
    for m in singles {
        // "2.3 percentage points" is a percent (whether or not the recognizer took "percent").
        let points = match m.kind {
            NumberKind::Number | NumberKind::Percent => points_extension(m.text, &text[m.end..]),
            _ => None,
        };
        let end = m.end + points.unwrap_or(0);
        let kind = if points.is_some() {
            NumberKind::Percent
        } else {
            m.kind
        };
        // The nearest rejected span before this number: a single or a range.
        while r + 1 < rejected_ranges.len() && rejected_ranges[r + 1].0 <= m.start {
            r += 1;
        }
        let range_before = rejected_ranges.get(r).filter(|x| x.0 <= m.start);
        let before = match (last_rejected, range_before) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { *b }),
            (a, b) => a.or(b.copied()),
        };
        let joined = joined_to_rejected(&words, before.as_ref(), m.start, end);
        let reason =
            skip_reason(&words, m.start, end, kind, m.value).or(joined.then_some("joined"));
        if reason.is_some() {
            // "6 to 8 p.m.", "3 and 5 years": the first number of the span goes too.
            let spans_back =
                reason.is_some_and(|r| matches!(r, "time" | "date" | "age" | "duration"));
            if let Some(prev) = candidates.last() {
                let joined =
                    !prev.range && prev.end <= m.start && is_joiner(&text[prev.end..m.start]);
                if spans_back && joined {
                    candidates.pop();
                }
            }
            last_rejected = reason.map(|why| (end, why));
            continue;
        }
        candidates.push(Candidate {
            start: m.start,
            end,
            kind,
            value: m.value,
            min: None,
            max: None,
            unit: m.unit,
            // The recognizer reads "one in five" as one number (0.2).
            ratio: [" in ", " out of "].iter().any(|w| m.text.contains(w)),
            range: false,
        });
    }
    candidates.sort_by_key(|c| c.start);
    let candidates = merge_ratios(text, candidates);

    // Read each candidate's context.
    let mut found: Vec<Found> = Vec::with_capacity(candidates.len());
    let mut of_next: Vec<(usize, (usize, usize), Option<String>)> = Vec::new();
    // Rows with an object so far (measures left out of the carry): by kind, the first and the
    // last; and the last of any kind.
    let mut firsts: HashMap<OutcomeKind, usize> = HashMap::new();
    let mut lasts: HashMap<OutcomeKind, usize> = HashMap::new();
    let mut last_any: Option<usize> = None;
    let postfix: HashMap<usize, (Qualifier, usize)> = postfix
        .into_iter()
        .map(|(at, q, end)| (at, (q, end)))
        .collect();
    for c in &candidates {
        let after_hedge = postfix.get(&c.start);
        let qualifier = qualifier_before(&words, c.start).or(after_hedge.map(|p| p.0));
        // The object comes after a written-out hedge ("300 or more pupils").
        let object_from = after_hedge.map_or(c.end, |p| p.1);
        let (kind, unit) = kind_and_unit(c);
        let read = match measure_words(text, c) {
            Some(words) => ObjectRead::Measure(words),
            None => read_object(&words, c.start, object_from, kind),
        };
        let mut rule = match (kind, &read) {
            _ if c.range => RULE_RANGE,
            _ if c.ratio => RULE_RATIO,
            (_, ObjectRead::Measure(_)) => RULE_MEASURE,
            (OutcomeKind::Money, _) => RULE_MONEY,
            (OutcomeKind::Percent, ObjectRead::Phrase(_, true)) => RULE_PERCENT_OF,
            (OutcomeKind::Percent, _) => RULE_PERCENT,
            (_, ObjectRead::Phrase(_, true)) if is_fraction(c) => RULE_FRACTION,
            (_, ObjectRead::Phrase(..)) => RULE_NUMBER_OBJECT,
            _ => RULE_NUMBER,
        };
        let measure = matches!(read, ObjectRead::Measure(_));
        let mut object = match read {
            ObjectRead::Phrase(p, _) | ObjectRead::Measure(p) => Some(p),
            ObjectRead::OfNextNumber { at, fallback } => {
                of_next.push((found.len(), at, fallback));
                None
            }
            ObjectRead::OfPronoun => {
                let prev = last_any.and_then(|i: usize| found[i].object.clone());
                if prev.is_some() {
                    rule = RULE_CARRIED;
                }
                prev
            }
            ObjectRead::Nothing => None,
        };
        if object.is_none() && kind == OutcomeKind::Other {
            if let Some(head) = one_of_head(&words, c.start) {
                object = Some(head);
                rule = RULE_ONE_OF;
            }
        }
        let bare = kind == OutcomeKind::Percent || (kind == OutcomeKind::Other && !is_fraction(c));
        if object.is_none() && bare && !c.range && !c.ratio {
            if let Some((subject, r)) = subject_before(&words, c.start) {
                object = Some(subject);
                rule = r;
            }
        }
        if object.is_none() && matches!(kind, OutcomeKind::Money | OutcomeKind::Percent) {
            if let Some(head) = of_head_before(&words, c.start) {
                object = Some(head);
                rule = if kind == OutcomeKind::Money {
                    RULE_MONEY_OF
                } else {
                    RULE_PERCENT_OF_HEAD
                };
            }
        }
        if object.is_none()
            && kind == OutcomeKind::Other
            && (is_age_by_verb(&words, c) || is_clock_hour(&words, c))
        {
            continue;
        }
        if object.is_none() && kind == OutcomeKind::Money && text[..c.start].ends_with('(') {
            if let Some(noun) = plural_before(&words, c.start) {
                object = Some(noun);
                rule = RULE_MONEY_ASIDE;
            }
        }
        if object.is_none() && !c.ratio && !is_fraction(c) {
            // The previous number of the same kind with an object; after "up from" or
            // "compared with", the first one (the clause's main figure).
            let family: &[OutcomeKind] = if kind == OutcomeKind::Other {
                &[OutcomeKind::Count, OutcomeKind::Other]
            } else {
                std::slice::from_ref(&kind)
            };
            let source = if is_comparison(&words, c.start) {
                family.iter().filter_map(|k| firsts.get(k)).min()
            } else {
                family.iter().filter_map(|k| lasts.get(k)).max()
            };
            if let Some(&i) = source {
                object = found[i].object.clone();
                rule = RULE_CARRIED;
            }
        }
        let kind = match kind {
            OutcomeKind::Other if object.is_some() && !measure && !c.ratio && !is_fraction(c) => {
                OutcomeKind::Count
            }
            k => k,
        };
        // Cents and pence in their main unit.
        let factor = match c.kind {
            NumberKind::Money => money_unit(c.unit).1,
            _ => 1.0,
        };
        if object.is_some() {
            last_any = Some(found.len());
            if rule != RULE_MEASURE {
                firsts.entry(kind).or_insert(found.len());
                lasts.insert(kind, found.len());
            }
        }
        found.push(Found {
            start: c.start,
            end: c.end,
            value: c.value.map(|v| v * factor),
            min: c.min.map(|v| v * factor),
            max: c.max.map(|v| v * factor),
            kind,
            unit,
            qualifier,
            object,
            rule,
        });
    }
    for (i, at, fallback) in of_next {
        let next = found
            .get(i + 1)
            .filter(|f| f.start >= at.0 && f.start < at.1)
            .and_then(|f| f.object.clone());
        if let Some(obj) = next.or(fallback) {
            let f = &mut found[i];
            f.object = Some(obj);
            f.rule = RULE_OF_NUMBER;
            if f.kind == OutcomeKind::Other && !f.value.is_some_and(|v| v.fract() != 0.0) {
                f.kind = OutcomeKind::Count;
            }
        }
    }
    found
}

/// The hedge of a range's text after its number ("or more" -> at least, "+" -> over).
fn postfix_qualifier(after: &str) -> Option<Qualifier> {
    let words: Vec<&str> = after.split_whitespace().collect();
    let joined = words.join(" ").to_lowercase();
    POSTFIX_QUALIFIERS
        .iter()
        .find(|(p, _)| joined == *p)
        .map(|(_, q)| *q)
}

/// Kind and unit of a candidate's row (before the object decides count vs other).
fn kind_and_unit(c: &Candidate) -> (OutcomeKind, Option<String>) {
    match c.kind {
        NumberKind::Money => (OutcomeKind::Money, Some(money_unit(c.unit).0)),
        NumberKind::Percent => (OutcomeKind::Percent, Some("%".to_string())),
        // A number with a unit of measure ("14 square miles").
        NumberKind::Number => (OutcomeKind::Other, measure_unit_name(c).map(str::to_string)),
        _ => (OutcomeKind::Other, None),
    }
}

/// The recognizer's unit of measure of a plain number ("Square mile"), if any.
fn measure_unit_name(c: &Candidate) -> Option<&str> {
    let unit = c.unit?.trim();
    let is_measure =
        matches!(c.kind, NumberKind::Number) && !c.range && !unit.is_empty() && unit != "%";
    is_measure.then_some(unit)
}

/// The unit words of a number with a unit of measure, as written: the span's words after the
/// number ("14 square miles" -> "square miles"), else the unit's name in the plural.
fn measure_words(text: &str, c: &Candidate) -> Option<String> {
    let unit = measure_unit_name(c)?;
    let span = text.get(c.start..c.end)?;
    let toks: Vec<&str> = span.split_whitespace().collect();
    let mut k = toks.len();
    while k > 1 {
        let core = toks[k - 1].trim_matches(|ch: char| !ch.is_alphanumeric());
        let numeric = core.is_empty()
            || core.chars().any(|ch| ch.is_ascii_digit())
            || core.split('-').all(|w| NUMBER_WORD_SET.contains_lower(w));
        if numeric {
            break;
        }
        k -= 1;
    }
    let written: Vec<&str> = toks[k..]
        .iter()
        .map(|t| t.trim_matches(|ch: char| !ch.is_alphanumeric()))
        .filter(|t| !t.is_empty() && !t.chars().any(|ch| ch.is_ascii_digit()))
        .collect();
    if k < toks.len() && !written.is_empty() {
        return Some(written.join(" "));
    }
    let lower = unit.to_lowercase();
    Some(match lower.split_once(" per ") {
        Some((head, tail)) => format!("{} per {tail}", pluralize(head)),
        None => match lower.rsplit_once(' ') {
            Some((mods, last)) => format!("{mods} {}", pluralize(last)),
            None => pluralize(&lower),
        },
    })
}

/// The currency code of a money match and the factor to its main unit: dollars unless the
/// recognizer names another currency; cents and pence become dollars and pounds.
fn money_unit(unit: Option<&str>) -> (String, f64) {
    match unit.map(str::trim) {
        Some(u)
            if ["cent", "cents", "penny", "pennies"]
                .iter()
                .any(|c| u.eq_ignore_ascii_case(c)) =>
        {
            ("USD".to_string(), 0.01)
        }
        Some(u) if u.eq_ignore_ascii_case("pence") => ("GBP".to_string(), 0.01),
        u => (money_code(u), 1.0),
    }
}

/// The currency code of a unit name: `USD` for none, "$" or dollars.
fn money_code(unit: Option<&str>) -> String {
    match unit {
        None => "USD".to_string(),
        Some(u) => {
            let t = u.trim();
            if t.is_empty()
                || t == "$"
                || t.eq_ignore_ascii_case("dollar")
                || t.eq_ignore_ascii_case("dollars")
                || t.eq_ignore_ascii_case("usd")
                || t.eq_ignore_ascii_case("us$")
            {
                "USD".to_string()
            } else {
                t.to_string()
            }
        }
    }
}

/// A value below one that is not whole: a fraction ("one-third", "half").
fn is_fraction(c: &Candidate) -> bool {
    matches!(c.kind, NumberKind::Number) && c.value.is_some_and(|v| v > 0.0 && v < 1.0)
}

/// A whole number that reads as a year.
fn is_year_value(v: f64) -> bool {
    v.fract() == 0.0 && (1800.0..=2100.0).contains(&v)
}

/// Whether a bare whole number up to 120 follows "be" or "turn" (a hedge may sit between):
/// "applicants must be at least 18", "when they turn 16".
fn is_age_by_verb(w: &Words<'_>, c: &Candidate) -> bool {
    if c.range
        || c.ratio
        || !c
            .value
            .is_some_and(|v| v.fract() == 0.0 && (1.0..=120.0).contains(&v))
    {
        return false;
    }
    let (prev, _) = tokens_before(w, c.start, 3);
    let mut n = prev.len();
    if let Some(k) = hedge_len(&prev) {
        n -= k;
    }
    if n == 0 || prev[n - 1].close {
        return false;
    }
    // "must be 18", "turns 65"; "children under 12", "adults over 65".
    let hedged_age = n < prev.len()
        && prev[n].in_table(&["under", "over", "older", "younger", "below", "above"])
        && prev[n - 1].in_set(&AGE_NOUNS_SET);
    prev[n - 1].in_table(AGE_VERBS) || hedged_age
}

/// Whether the numbers inside a range differ in kind ("12% to 2.9 million"): two values.
fn mixed_kinds(inner: &[&NumberSpan<'_>]) -> bool {
    let code = |k: &NumberKind| match k {
        NumberKind::Percent => 1,
        NumberKind::Money => 2,
        _ => 0,
    };
    inner
        .windows(2)
        .any(|w| code(&w[0].kind) != code(&w[1].kind))
}

/// Whether the number at `start` is a point of comparison: "up from 860", "compared with 40".
fn is_comparison(w: &Words<'_>, start: usize) -> bool {
    let (prev, _) = tokens_before(w, start, 2);
    match &prev[..] {
        [.., a, b] if a.is("compared") && (b.is("with") || b.is("to")) => true,
        [.., b] => !b.close && (b.is("from") || b.is("versus") || b.is("vs")),
        [] => false,
    }
}

/// Whether a bare whole number up to 12 follows "at" or "until": an hour ("starts at 7").
fn is_clock_hour(w: &Words<'_>, c: &Candidate) -> bool {
    if c.range
        || c.ratio
        || !c
            .value
            .is_some_and(|v| v.fract() == 0.0 && (1.0..=12.0).contains(&v))
    {
        return false;
    }
    let (prev, _) = tokens_before(w, c.start, 1);
    prev.last()
        .is_some_and(|t| t.in_table(&["at", "until", "till", "til"]) && !t.close)
}

/// Whether a two-sided range is a change between two values: a range after a change verb
/// ("rose from 48% to 81%", "grew by 12% to 2.9 million").
fn is_change(w: &Words<'_>, start: usize, end: usize) -> bool {
    let text = w.text;
    let span = &text[start..end];
    let (mut toks, _) = tokens_before(w, start, 4);
    let first = span.split_whitespace().next().unwrap_or("");
    if !first.eq_ignore_ascii_case("from") && toks.last().is_some_and(|t| t.is("from") && !t.close)
    {
        toks.pop();
    }
    toks.iter()
        .rev()
        .take(3)
        .any(|t| t.in_set(&CHANGE_VERBS_SET) && !t.close)
}

/// Whether the number at `start..end` continues a rejected span ending at `prev.0` ("ages 5
/// to 12", "grades 6-8 and 9-12", "Page 2 of 3"). Across "and", "or" and "of" only when no
/// counted noun follows ("Grade 5 and 300 students" keeps 300).
fn joined_to_rejected(
    w: &Words<'_>,
    prev: Option<&(usize, &'static str)>,
    start: usize,
    end: usize,
) -> bool {
    let text = w.text;
    let Some(&(prev_end, why)) = prev else {
        return false;
    };
    if prev_end > start
        || start - prev_end > 12
        || !matches!(
            why,
            "label" | "date" | "age" | "time" | "year" | "phone" | "joined"
        )
    {
        return false;
    }
    let between = text[prev_end..start].trim();
    if ["to", "through", "thru", "-", "–", "—"]
        .iter()
        .any(|j| between.eq_ignore_ascii_case(j))
    {
        return true;
    }
    let loose = ["and", "or", "&", "of", ","]
        .iter()
        .any(|j| between.eq_ignore_ascii_case(j));
    if !loose {
        return false;
    }
    let (next, glued) = tokens_after(w, end, 6);
    glued || phrase(&next, true, true).is_none()
}

/// Whether the text between two numbers joins them into one span ("5 to 12", "9-12").
fn is_joiner(between: &str) -> bool {
    if between.len() > 12 {
        return false;
    }
    let t = between.trim();
    t.len() <= 8 && SPAN_JOINERS.iter().any(|j| t.eq_ignore_ascii_case(j))
}

/// Merges "a in b" / "a out of b" into one ratio candidate (value a/b).
fn merge_ratios(text: &str, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    let mut iter = candidates.into_iter().peekable();
    while let Some(mut c) = iter.next() {
        if let Some(next) = iter.peek() {
            let plain =
                matches!(c.kind, NumberKind::Number) && matches!(next.kind, NumberKind::Number);
            let between = text.get(c.end..next.start).unwrap_or("");
            let joined = between.len() <= 10 && {
                let mut w = between.split_whitespace();
                matches!(
                    (w.next(), w.next(), w.next()),
                    (Some("in"), None, _) | (Some("out"), Some("of"), None)
                )
            };
            if plain && joined && !c.range && !next.range {
                if let (Some(a), Some(b)) = (c.value, next.value) {
                    if b > 0.0 && a <= b {
                        c.value = Some(a / b);
                        c.end = next.end;
                        c.ratio = true;
                        iter.next();
                    }
                }
            }
        }
        out.push(c);
    }
    out
}

/// How far "percentage point(s)" runs on past a span: " percentage points" after a number,
/// " points" after a span ending in "percentage", "age points" after one ending in "percent".
fn points_extension(span: &str, rest: &str) -> Option<usize> {
    let lower = span.to_ascii_lowercase();
    let (space, words): (bool, [&str; 2]) = if lower.ends_with("percentage") {
        (true, ["points", "point"])
    } else if lower.ends_with("percent") {
        (false, ["age points", "age point"])
    } else if lower.ends_with(|c: char| c.is_ascii_digit()) {
        (true, ["percentage points", "percentage point"])
    } else {
        return None;
    };
    let lead = if space {
        rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len()
    } else {
        0
    };
    if space && lead == 0 {
        return None;
    }
    let after = &rest[lead..];
    words.iter().find_map(|w| {
        let head = after.get(..w.len())?;
        let ends_word = after[w.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        (head.eq_ignore_ascii_case(w) && ends_word).then_some(lead + w.len())
    })
}

/// Sorts spans and merges overlapping ones.
fn merge_spans(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Tokens around a number.
// ---------------------------------------------------------------------------------------------

/// How far the context readers look, in bytes.
const WINDOW: usize = 160;

/// A whitespace-separated token with its core (surrounding punctuation removed).
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    raw: &'a str,
    core: &'a str,
    /// Punctuation before the core ("(", a quote).
    open: bool,
    /// Punctuation after the core (",", ".", ")").
    close: bool,
}

/// A token slot not yet filled (see [`TokBuf`]).
const NO_TOK: Tok<'static> = Tok {
    raw: "",
    core: "",
    open: false,
    close: false,
};

impl<'a> Tok<'a> {
    fn new(raw: &'a str) -> Self {
        if raw.is_ascii() {
            // ASCII: letters and digits are the alphanumeric characters.
            let b = raw.as_bytes();
            let core = match b.iter().position(u8::is_ascii_alphanumeric) {
                Some(s) => {
                    let e = b
                        .iter()
                        .rposition(u8::is_ascii_alphanumeric)
                        .map_or(s, |e| e + 1);
                    &raw[s..e]
                }
                None => &raw[raw.len()..],
            };
            return Tok {
                raw,
                core,
                open: !b.first().is_some_and(u8::is_ascii_alphanumeric),
                close: !b.last().is_some_and(u8::is_ascii_alphanumeric),
            };
        }
        let core = raw.trim_matches(|c: char| !c.is_alphanumeric());
        Tok {
            raw,
            core,
            open: !raw.starts_with(|c: char| c.is_alphanumeric()),
            close: !raw.ends_with(|c: char| c.is_alphanumeric()),
        }
    }

    /// Whether the core lower-cased (as `str::to_lowercase` does it) is `lower`.
    fn lower_is(&self, lower: &str) -> bool {
        let core = self.core;
        if core.is_ascii() {
            // ASCII lower-cases byte by byte.
            return core.len() == lower.len()
                && core
                    .bytes()
                    .zip(lower.bytes())
                    .all(|(a, b)| a.to_ascii_lowercase() == b);
        }
        with_lowercase(core, |l| l == lower)
    }

    /// Whether the core lower-cased is a plural noun ([`is_plural`]).
    fn is_plural(&self) -> bool {
        with_lowercase(self.core, is_plural)
    }

    fn is(&self, word: &str) -> bool {
        self.core.eq_ignore_ascii_case(word)
    }

    fn in_table(&self, table: &[&str]) -> bool {
        table.iter().any(|w| self.core.eq_ignore_ascii_case(w))
    }

    /// [`Tok::in_table`] for a large table, as a set.
    fn in_set(&self, set: &AsciiCaseSet) -> bool {
        set.contains(self.core)
    }
}

/// [`OBJECT_STOP_WORDS`] in any ASCII case.
static OBJECT_STOP_WORDS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(OBJECT_STOP_WORDS.iter().copied()));
/// [`LABEL_WORDS`] in any ASCII case.
static LABEL_WORDS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(LABEL_WORDS.iter().copied()));
/// [`CHANGE_VERBS`] in any ASCII case.
static CHANGE_VERBS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(CHANGE_VERBS.iter().copied()));
/// [`TIME_UNITS`] in any ASCII case.
static TIME_UNITS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(TIME_UNITS.iter().copied()));
/// [`STREET_SUFFIXES`] in any ASCII case.
static STREET_SUFFIXES_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(STREET_SUFFIXES.iter().copied()));
/// [`PERCENT_VERBS`] in any ASCII case.
static PERCENT_VERBS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(PERCENT_VERBS.iter().copied()));
/// [`AGE_NOUNS`] in any ASCII case.
static AGE_NOUNS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(AGE_NOUNS.iter().copied()));
/// [`OF_HEAD_EXCLUDE`] in any ASCII case.
static OF_HEAD_EXCLUDE_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(OF_HEAD_EXCLUDE.iter().copied()));
/// [`DENOMINATOR_WORDS`] in any ASCII case.
static DENOMINATOR_WORDS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(DENOMINATOR_WORDS.iter().copied()));
/// [`DURATION_MODIFIERS`] in any ASCII case.
static DURATION_MODIFIERS_SET: LazyLock<AsciiCaseSet> =
    LazyLock::new(|| AsciiCaseSet::new(DURATION_MODIFIERS.iter().copied()));
/// [`IRREGULAR_PLURALS`] as a set.
static IRREGULAR_PLURALS_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(IRREGULAR_PLURALS.iter().copied()));
/// [`NOT_PLURALS`] as a set.
static NOT_PLURALS_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NOT_PLURALS.iter().copied()));
/// [`NUMBER_WORDS`] as a set.
static NUMBER_WORD_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NUMBER_WORDS.iter().copied()));

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The whitespace-separated tokens of one sentence (as `str::split_whitespace` cuts them),
/// split once and read by every context reader of the sentence's numbers.
struct Words<'a> {
    /// The sentence.
    text: &'a str,
    /// Its tokens, in order.
    toks: Vec<Tok<'a>>,
    /// The byte span of each token in `text`.
    spans: Vec<(usize, usize)>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        let spans = whitespace_spans(text);
        let toks = spans.iter().map(|&(s, e)| Tok::new(&text[s..e])).collect();
        Words { text, toks, spans }
    }

    /// The token `i` cut to the bytes `from..to` (the whole token when they cover it).
    fn tok_within(&self, i: usize, from: usize, to: usize) -> Tok<'a> {
        let (s, e) = self.spans[i];
        if s >= from && e <= to {
            self.toks[i]
        } else {
            Tok::new(&self.text[s.max(from)..e.min(to)])
        }
    }
}

/// The byte spans of the whitespace-separated tokens of `text`: the pieces
/// `str::split_whitespace` gives, with ASCII read byte by byte.
fn whitespace_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    // Whether the character at `i` is white space, and its length.
    let space = |i: usize| -> (bool, usize) {
        if b[i] < 0x80 {
            (char::from(b[i]).is_whitespace(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        }
    };
    let mut out = Vec::with_capacity(b.len() / 5 + 1);
    let mut i = 0;
    while i < b.len() {
        let (ws, width) = space(i);
        if ws {
            i += width;
            continue;
        }
        let start = i;
        i += width;
        while i < b.len() {
            let (ws, width) = space(i);
            if ws {
                break;
            }
            i += width;
        }
        out.push((start, i));
    }
    out
}

/// Most tokens a context reader asks for, plus the one [`tokens_after`] may add.
const MAX_CONTEXT: usize = 25;

/// The tokens a context reader gets: a copy of up to [`MAX_CONTEXT`] tokens on the stack, read
/// as a slice.
#[derive(Clone, Copy)]
struct TokBuf<'a> {
    toks: [Tok<'a>; MAX_CONTEXT],
    len: usize,
}

impl<'a> TokBuf<'a> {
    fn new() -> Self {
        TokBuf {
            toks: [NO_TOK; MAX_CONTEXT],
            len: 0,
        }
    }

    fn push(&mut self, t: Tok<'a>) {
        if let Some(slot) = self.toks.get_mut(self.len) {
            *slot = t;
            self.len += 1;
        }
    }

    fn pop(&mut self) -> Option<Tok<'a>> {
        let last = self.last().copied();
        self.len = self.len.saturating_sub(1);
        last
    }

    fn truncate(&mut self, n: usize) {
        self.len = self.len.min(n);
    }
}

impl<'a> std::ops::Deref for TokBuf<'a> {
    type Target = [Tok<'a>];

    fn deref(&self) -> &[Tok<'a>] {
        &self.toks[..self.len]
    }
}

/// Up to `n` tokens before byte `at`, nearest last; also whether the first returned token is the
/// first of the sentence. The tokens are those of the [`WINDOW`] bytes before `at` (the one a
/// window cuts at its start left out, the one `at` cuts kept up to `at`).
fn tokens_before<'a>(w: &Words<'a>, at: usize, n: usize) -> (TokBuf<'a>, bool) {
    let from = ceil_boundary(w.text, at.saturating_sub(WINDOW));
    // Tokens starting before `at` and ending after `from`: the window's tokens.
    let k = w.spans.partition_point(|s| s.0 < at);
    let j = w.spans[..k].partition_point(|s| s.1 <= from);
    let m = k - j;
    let all = m <= n;
    let first = if !all {
        k - n
    } else if m > 0 && w.spans[j].0 < from {
        // The window cuts its first token.
        j + 1
    } else {
        j
    };
    let mut toks = TokBuf::new();
    for i in first..k {
        toks.push(w.tok_within(i, from, at));
    }
    (toks, from == 0 && all)
}

/// Up to `n` tokens after byte `at`, nearest first; also whether the first is glued to `at`.
/// The tokens are those of the [`WINDOW`] bytes after `at` (the one `at` cuts kept from `at`);
/// a token the window may cut is left out.
fn tokens_after<'a>(w: &Words<'a>, at: usize, n: usize) -> (TokBuf<'a>, bool) {
    let text = w.text;
    let to = floor_boundary(text, at + WINDOW);
    let window = &text[at..to];
    let glued = window.starts_with(|c: char| !c.is_whitespace());
    // Tokens ending after `at` and starting before `to`: the window's tokens.
    let j = w.spans.partition_point(|s| s.1 <= at);
    let k = j + w.spans[j..].partition_point(|s| s.0 < to);
    let mut toks = TokBuf::new();
    for i in j..k.min(j + n + 1) {
        toks.push(w.tok_within(i, at, to));
    }
    if to < text.len() && toks.len() > n {
        toks.truncate(n);
    } else if to < text.len() && !window.ends_with(char::is_whitespace) {
        toks.pop(); // the last token may be cut by the window
    }
    (toks, glued)
}

// ---------------------------------------------------------------------------------------------
// Filters: what is not an outcome.
// ---------------------------------------------------------------------------------------------

/// Spans of the sentence that hold no outcome at all: phone numbers, school years and year
/// spans ("2023-24"), times ("10:30"), dates and other slashed digits ("5/17/2024", "24/7"),
/// dotted or hyphenated digit strings ("9-1-1", "192.168.1.2").
fn masks(w: &Words<'_>) -> Vec<(usize, usize)> {
    let toks = &w.toks;
    let mut out = Vec::new();
    let mut prev_paren_area: Option<(usize, usize)> = None;
    for (i, (tok, &(start, _))) in toks.iter().zip(&w.spans).enumerate() {
        let raw = tok.raw;
        // Every mask and phone area has a digit, and the core keeps all of the token's digits:
        // a token without one only ends a phone area (when its core is not empty, that is when
        // it has a letter or digit).
        if !raw.bytes().any(|b| b.is_ascii_digit()) {
            if !tok.core.is_empty() {
                prev_paren_area = None;
            }
            continue;
        }
        let core = tok.core;
        if core.is_empty() {
            continue;
        }
        // The core starts at the token's first letter or digit.
        let lead = core.as_ptr() as usize - raw.as_ptr() as usize;
        let (cs, ce) = (start + lead, start + lead + core.len());
        let is_phone_area = raw.starts_with('(')
            && raw.ends_with(')')
            && core.len() == 3
            && core.bytes().all(|b| b.is_ascii_digit());
        if is_phone_area {
            prev_paren_area = Some((start, start + raw.len()));
            continue;
        }
        if masked_shape(core) {
            out.push((cs, ce));
            if let Some(area) = prev_paren_area {
                out.push(area);
            }
        }
        prev_paren_area = None;
        // Vote tallies and scores: "approved 7-0", "a 4-1 vote".
        let word = |j: usize| toks.get(j).map(|t| t.core).unwrap_or("");
        let tally = core.split(['-', '–']).count() == 2
            && core
                .split(['-', '–'])
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
        let cue = |w: &str| VOTE_CUES.iter().any(|c| w.eq_ignore_ascii_case(c));
        if tally && ((i > 0 && cue(word(i - 1))) || cue(word(i + 1))) {
            out.push((cs, ce));
        }
    }
    out
}

/// Whether a token core has a shape that is never a quantity.
fn masked_shape(core: &str) -> bool {
    if !core.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits = core.bytes().filter(u8::is_ascii_digit).count();
    let has = |c: char| core.contains(c);
    // A time of day: digits around a colon.
    if has(':')
        && core
            .split(':')
            .all(|p| !p.is_empty() && p.bytes().take(2).all(|b| b.is_ascii_digit()))
    {
        return true;
    }
    // Slashed digits: dates, "24/7"; a one-digit fraction ("3/4") is left to the recognizer.
    if has('/') {
        let parts: Vec<&str> = core.split('/').collect();
        if parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            let simple_fraction = parts.len() == 2
                && parts[0].len() == 1
                && parts[1].len() == 1
                && parts[0] < parts[1];
            return !simple_fraction;
        }
    }
    // Year spans: "2023-24", "2023–2024", "2023/24".
    let mut dash_parts = core.split(['-', '–', '—']);
    if let (Some(a), Some(b), None) = (dash_parts.next(), dash_parts.next(), dash_parts.next()) {
        if a.len() == 4
            && (b.len() == 2 || b.len() == 4)
            && [a, b].iter().all(|p| p.bytes().all(|x| x.is_ascii_digit()))
        {
            let first: u32 = a.parse().unwrap_or(0);
            if (1800..=2100).contains(&first) {
                return true;
            }
        }
    }
    // Phone numbers and other digit strings: only digits and separators, with two or more
    // separators, or seven or more digits around a separator ("922-6111").
    let only_digits_seps = core
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '(' | ')' | '–'));
    if only_digits_seps {
        let seps = core
            .chars()
            .filter(|c| matches!(c, '-' | '.' | '–'))
            .count();
        let dashes = core.chars().filter(|c| matches!(c, '-' | '–')).count();
        if dashes >= 2
            || (seps >= 2 && core.contains('.') && digits >= 4)
            || (dashes >= 1 && digits >= 7)
        {
            return true;
        }
    }
    false
}

/// Why a number at `start..end` of the sentence is not an outcome, or `None` when it may be.
fn skip_reason(
    w: &Words<'_>,
    start: usize,
    end: usize,
    kind: NumberKind,
    value: Option<f64>,
) -> Option<&'static str> {
    let text = w.text;
    let span = &text[start..end];
    let before = text[..start].chars().next_back();
    let before2 = text[..start].chars().rev().nth(1);
    let after = text[end..].chars().next();
    let after2 = text[end..].chars().nth(1);
    let money = matches!(kind, NumberKind::Money);
    let plain = matches!(kind, NumberKind::Number);
    let words_only = !span.bytes().any(|b| b.is_ascii_digit());
    let whole = value.is_some_and(|v| v.fract() == 0.0);

    // Glued to letters: "COVID-19", "K-12", "3D", "Title1"; "#5".
    if let Some(b) = before {
        if b.is_alphanumeric() && !money {
            return Some("attached");
        }
        if matches!(b, '-' | '‑' | '–') && before2.is_some_and(char::is_alphabetic) {
            return Some("attached");
        }
        if b == '#' {
            return Some("label");
        }
        if matches!(b, '\'' | '’')
            && before2.is_none_or(|c| !c.is_alphanumeric())
            && span.len() == 2
        {
            return Some("year"); // '24
        }
    }
    if let Some(a) = after {
        if a.is_alphabetic() && !money {
            return Some("attached");
        }
        if matches!(a, '-' | '‑' | '–') && after2.is_some_and(char::is_alphabetic) {
            return Some("compound"); // "12-year-old", "90-minute", "10-member"
        }
    }
    // A compound adjective inside the span: "a 10-gallon cooler", "a 2,500-square-foot wing".
    let compound_inside = span
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'-' && w[2].is_ascii_alphabetic());
    if compound_inside && !money {
        return Some("compound");
    }
    // The "one" of "one of", and "one"/"a" alone (but "one in five" is a ratio).
    if words_only && value == Some(1.0) {
        let (next, _) = tokens_after(w, end, 3);
        let numeric = |t: &Tok<'_>| {
            t.core.starts_with(|c: char| c.is_ascii_digit()) || t.in_set(&DENOMINATOR_WORDS_SET)
        };
        let ratio = match &next[..] {
            [a, b, ..] if a.is("in") => numeric(b),
            [a, b, c, ..] if a.is("out") && b.is("of") => numeric(c),
            _ => false,
        };
        if !ratio {
            return Some("one");
        }
    }
    // Vague plurals: "dozens", "hundreds of", "thousands".
    if words_only && VAGUE_PLURALS.iter().any(|w| span.eq_ignore_ascii_case(w)) {
        return Some("vague");
    }
    if words_only && value == Some(0.0) {
        return Some("zero");
    }
    // Three-digit service lines: "911 calls", "dial 211".
    if plain && SERVICE_NUMBERS.contains(&span) {
        return Some("phone");
    }
    // Years.
    if plain
        && span.len() == 4
        && span.bytes().all(|b| b.is_ascii_digit())
        && value.is_some_and(is_year_value)
    {
        return Some("year");
    }

    let (prev, at_start) = tokens_before(w, start, 4);
    let (next, glued) = tokens_after(w, end, 6);
    let p1 = prev.last();
    let p2 = prev.len().checked_sub(2).and_then(|i| prev.get(i));

    // List numbering: "- 2. Support", "1) Plan", "(3)" at the start of a sentence or line.
    if plain && whole && value.is_some_and(|v| v < 100.0) {
        let rest = &text[end..];
        let marker_after = (rest.starts_with('.') || rest.starts_with(')'))
            && rest[1..].chars().next().is_none_or(char::is_whitespace);
        let line_before = text[..start].trim_end_matches([' ', '\t', '(']);
        let at_line_start = line_before.is_empty() || line_before.ends_with('\n');
        let bullet_before = p1.is_some_and(|t| matches!(t.raw, "-" | "•" | "*" | "–" | "—" | "·"));
        if marker_after && (at_line_start || bullet_before) {
            return Some("list");
        }
        if before == Some('(') && after == Some(')') && value.is_some_and(|v| v < 30.0) {
            return Some("list");
        }
    }

    if let Some(p) = p1 {
        // Labels: "session three", "Grade 5", "ages 5", "No. 3".
        let clean = !p.close || (p.raw.ends_with('.') && p.core.len() <= 4);
        if clean && (p.in_set(&LABEL_WORDS_SET) || CAPITALIZED_LABEL_WORDS.contains(&p.core)) {
            return Some("label");
        }
        // Hotlines: "call or text 988".
        if p.in_table(PHONE_CUES) && !p.close {
            return Some("phone");
        }
        // Dates: "Jan. 26", "May 5".
        if whole && value.is_some_and(|v| (1.0..=31.0).contains(&v)) && MONTHS.contains(&p.core) {
            return Some("date");
        }
        // "between the ages of 5 and 12".
        if p.is("of") && p2.is_some_and(|t| t.in_table(&["age", "ages"])) {
            return Some("age");
        }
        // Names: a capitalized word right before, mid-sentence ("Vision 2035", "Region 10",
        // "AB 1234"), unless it is a hedge or a possessive.
        let capital = p.core.starts_with(|c: char| c.is_uppercase());
        let possessive = p.raw.ends_with("'s")
            || p.raw.ends_with("’s")
            || p.raw.ends_with("s'")
            || p.raw.ends_with("s’");
        let sentence_initial = (prev.len() == 1 && at_start)
            || p2.is_some_and(|t| {
                t.raw.ends_with([':', '.', '!', '?', ';'])
                    || matches!(t.raw, "-" | "•" | "*" | "–" | "—")
            });
        let calendar = MONTHS.contains(&p.core) || WEEKDAYS.contains(&p.core);
        if capital
            && !calendar
            && !p.close
            && !p.open
            && !possessive
            && !sentence_initial
            && !money
            && qualifier_before(w, start).is_none()
        {
            return Some("name");
        }
    }
    // Ages in parentheses after people: "seniors (60+)", "youth (6-18)", "children (5 & under)".
    if text[..start].ends_with('(')
        && value.is_some_and(|v| v <= 120.0)
        && prev
            .iter()
            .rev()
            .find(|t| !t.core.is_empty())
            .is_some_and(|t| t.in_set(&AGE_NOUNS_SET) && !t.close)
    {
        return Some("age");
    }
    // Dates: "26 January".
    if let Some(n) = next.first() {
        if whole
            && value.is_some_and(|v| (1.0..=31.0).contains(&v))
            && !glued
            && MONTHS.contains(&n.core)
        {
            return Some("date");
        }
        // Times: "8 a.m.", "3 pm".
        if !glued && n.in_table(TIME_OF_DAY_WORDS) {
            return Some("time");
        }
    }
    // Ages and durations.
    if !glued
        || next
            .first()
            .is_some_and(|t| t.raw.starts_with(|c: char| c.is_alphanumeric()))
    {
        // The first three tokens, lower-cased, against each pattern.
        let lower = &next[..next.len().min(3)];
        if value.is_some_and(|v| v <= 120.0) && !money {
            for pattern in AGE_AFTER {
                if lower.len() >= pattern.len()
                    && lower.iter().zip(pattern.iter()).all(|(a, b)| a.lower_is(b))
                {
                    return Some("age");
                }
            }
        }
        if plain {
            // The unit is the head unless a plural noun follows it ("90 weekend trips").
            let unit_head = |i: usize| {
                next.get(i)
                    .is_some_and(|t| t.in_set(&TIME_UNITS_SET) && !t.open)
                    && !next.get(i + 1).is_some_and(|n| {
                        !next[i].close
                            && !n.open
                            && !n.in_set(&OBJECT_STOP_WORDS_SET)
                            && n.is_plural()
                    })
            };
            let first_unit = unit_head(0);
            let second_unit = next.len() >= 2
                && next[0].in_set(&DURATION_MODIFIERS_SET)
                && !next[0].close
                && unit_head(1);
            if first_unit || second_unit {
                return Some("duration");
            }
        }
    }
    // Street addresses: "123 Main St.", "9300 Imperial Highway".
    if plain && whole && !span.contains(',') && !glued {
        for (i, t) in next.iter().enumerate().take(5) {
            if i > 0
                && t.in_set(&STREET_SUFFIXES_SET)
                && t.core.starts_with(|c: char| c.is_uppercase())
            {
                return Some("address");
            }
            // "4100 FM 2154", "1200 Highway 50": a road named by a number.
            if i > 0 && !t.open && t.core.starts_with(|c: char| c.is_ascii_digit()) {
                return Some("address");
            }
            let capital = t.core.starts_with(|c: char| c.is_uppercase());
            if !capital || t.open || (t.close && !t.raw.ends_with('.')) {
                break;
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Context readers: qualifier, object, "one of".
// ---------------------------------------------------------------------------------------------

/// [`QUALIFIER_PHRASES`] split into words, built once.
static QUALIFIER_WORDS: LazyLock<Vec<(Vec<&'static str>, Qualifier)>> = LazyLock::new(|| {
    QUALIFIER_PHRASES
        .iter()
        .map(|&(phrase, q)| (phrase.split(' ').collect(), q))
        .collect()
});

/// Positions in [`QUALIFIER_WORDS`] (so in table order) of the phrases whose last word folds
/// ([`fold`]) to each key, sorted by key.
static QUALIFIERS_BY_LAST: LazyLock<Vec<(u128, usize)>> = LazyLock::new(|| {
    let mut keys: Vec<(u128, usize)> = QUALIFIER_WORDS
        .iter()
        .enumerate()
        .map(|(k, (words, _))| (fold(words.last().copied().unwrap_or_default()), k))
        .collect();
    keys.sort_unstable();
    keys
});

/// The [`QUALIFIER_WORDS`] entries, in table order, that may end with a token whose core is
/// `last`: a phrase whose last word is not `last` in some ASCII case is never among them missed.
fn qualifiers_ending_with(
    last: &str,
) -> impl Iterator<Item = &'static (Vec<&'static str>, Qualifier)> {
    let key = fold(last);
    let all = &*QUALIFIERS_BY_LAST;
    let lo = all.partition_point(|e| e.0 < key);
    let n = all[lo..].partition_point(|e| e.0 == key);
    all[lo..lo + n].iter().map(|&(_, k)| &QUALIFIER_WORDS[k])
}

/// The number of tokens at the end of `prev` that spell the first hedge of
/// [`QUALIFIER_PHRASES`] (in table order) none of whose words has punctuation after it.
fn hedge_len(prev: &[Tok<'_>]) -> Option<usize> {
    let n = prev.len();
    let last = prev.last()?;
    qualifiers_ending_with(last.core).find_map(|(words, _)| {
        let k = words.len();
        let hit = k <= n
            && prev[n - k..]
                .iter()
                .zip(words.iter())
                .all(|(t, w)| t.is(w) && !t.close);
        hit.then_some(k)
    })
}

/// The hedge right before byte `start` ("over", "more than", "an estimated").
fn qualifier_before(w: &Words<'_>, start: usize) -> Option<Qualifier> {
    let (prev, _) = tokens_before(w, start, 3);
    let last = prev.last()?;
    if last.close && !last.is("approx") {
        return None;
    }
    qualifiers_ending_with(last.core)
        .find(|(words, _)| ends_with_hedge(&prev, words))
        .map(|(_, q)| *q)
}

/// Whether the last tokens of `prev` are the hedge `words`, with no punctuation inside it:
/// only the first word may carry punctuation before it ("(about 70").
fn ends_with_hedge(prev: &[Tok<'_>], words: &[&str]) -> bool {
    if words.len() > prev.len() {
        return false;
    }
    let tail = &prev[prev.len() - words.len()..];
    let inner_clean = tail.iter().enumerate().all(|(i, t)| {
        (i == 0 || !t.open) && (i + 1 == tail.len() || !t.close) && t.core.len() + 2 >= t.raw.len()
    });
    inner_clean && tail.iter().zip(words.iter()).all(|(t, w)| t.is(w))
}

/// Whether a lowercase word is a plural noun.
fn is_plural(lower: &str) -> bool {
    if !lower.ends_with('s') {
        // No irregular plural ends in `s` (a test checks it), and every other plural does.
        return IRREGULAR_PLURALS_SET.contains(lower);
    }
    if NOT_PLURALS_SET.contains(lower) || lower.len() <= 3 {
        return false;
    }
    if lower.ends_with("ss")
        || lower.ends_with("us")
        || lower.ends_with("is")
        || lower.ends_with("ous")
    {
        return false;
    }
    lower.ends_with('s') && lower.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// Reads what a number at `start..end` counts from the tokens after it.
fn read_object(w: &Words<'_>, start: usize, end: usize, kind: OutcomeKind) -> ObjectRead {
    let text = w.text;
    let (next, glued) = tokens_after(w, end, 12);
    let mut toks: &[Tok<'_>] = &next;
    // A glued "%" left out of the span; anything else glued is no phrase.
    if glued {
        match toks.first() {
            Some(t) if t.core.is_empty() && t.raw.starts_with('%') => toks = &toks[1..],
            _ => return ObjectRead::Nothing,
        }
    }
    if let Some(t) = toks.first() {
        if t.is("percent") || (t.is("per") && toks.get(1).is_some_and(|u| u.is("cent"))) {
            return ObjectRead::Nothing;
        }
    }
    if kind == OutcomeKind::Money {
        // "$1.3 million a year in lost fare revenue": skip the rate.
        let rate = match toks {
            [a, b, ..]
                if a.in_table(&["a", "per", "each", "every"])
                    && b.in_table(&["year", "month", "week", "day", "semester"])
                    && !a.close =>
            {
                2
            }
            [a, ..] if a.in_table(&["annually", "yearly", "monthly", "weekly"]) => 1,
            _ => 0,
        };
        if rate > 0 && !toks[rate - 1].close {
            toks = &toks[rate..];
        }
        if let Some(t) = toks.first() {
            if t.in_table(MONEY_OBJECT_LEADS) && !t.close {
                return phrase(skip_determiners(&toks[1..]), true, false)
                    .map_or(ObjectRead::Nothing, |p| ObjectRead::Phrase(p, false));
            }
        }
        let Some(mut p) = phrase(toks, false, false) else {
            return ObjectRead::Nothing;
        };
        // "The $4.6 million program draws on ...": after a determiner the phrase is singular,
        // so a final plural-looking word is the verb.
        let (prev, _) = tokens_before(w, start, 1);
        let determiner = prev.last().is_some_and(|t| {
            t.in_table(&[
                "a", "an", "the", "this", "that", "each", "every", "its", "their", "our",
            ])
        });
        if determiner {
            if let Some((head, last)) = p.rsplit_once(' ') {
                if is_plural(&last.to_lowercase()) {
                    p = head.to_string();
                }
            }
        }
        return ObjectRead::Phrase(p, false);
    }
    let percent = kind == OutcomeKind::Percent;
    // Skip "more"/"other" opening the phrase ("150 more educators").
    while let Some(t) = toks.first() {
        if t.in_table(OBJECT_SKIP_LEADING) && !t.close && toks.len() > 1 {
            toks = &toks[1..];
        } else {
            break;
        }
    }
    if !percent {
        if let Some(unit) = measure_unit(toks) {
            return ObjectRead::Measure(unit);
        }
    }
    if let Some(t) = toks.first() {
        if t.is("of") && t.raw == t.core {
            let rest = skip_determiners(&toks[1..]);
            match rest.first() {
                Some(d) if d.core.starts_with(|c: char| c.is_ascii_digit()) => {
                    let from = d.raw.as_ptr() as usize - text.as_ptr() as usize;
                    return ObjectRead::OfNextNumber {
                        at: (from, from + d.raw.len()),
                        fallback: phrase(&rest[1..], true, true),
                    };
                }
                Some(d) if d.in_table(OF_PRONOUNS) => return ObjectRead::OfPronoun,
                _ => {}
            }
            return phrase(rest, true, !percent)
                .map_or(ObjectRead::Nothing, |p| ObjectRead::Phrase(p, true));
        }
    }
    if percent && toks.first().is_some_and(|t| t.in_set(&PERCENT_VERBS_SET)) {
        return ObjectRead::OfPronoun;
    }
    if percent {
        return phrase(toks, false, false)
            .map_or(ObjectRead::Nothing, |p| ObjectRead::Phrase(p, false));
    }
    phrase(toks, true, true).map_or(ObjectRead::Nothing, |p| ObjectRead::Phrase(p, false))
}

/// Skips determiners and possessives ("the county's", "all their").
fn skip_determiners<'t, 'a>(mut toks: &'t [Tok<'a>]) -> &'t [Tok<'a>] {
    while let Some(d) = toks.first() {
        let possessive = d.raw.ends_with("'s") || d.raw.ends_with("’s");
        if (d.in_table(OF_DETERMINERS) || possessive) && !d.close {
            toks = &toks[1..];
        } else {
            break;
        }
    }
    toks
}

/// [`MEASURE_UNITS`] split into words, each with the [`fold`] of its first word, built once.
static MEASURE_UNIT_WORDS: LazyLock<Vec<(u128, Vec<&'static str>)>> = LazyLock::new(|| {
    MEASURE_UNITS
        .iter()
        .map(|unit| {
            let words: Vec<&'static str> = unit.split(' ').collect();
            (fold(words.first().copied().unwrap_or_default()), words)
        })
        .collect()
});

/// A unit of measure opening `toks` ("square miles"), as written.
fn measure_unit(toks: &[Tok<'_>]) -> Option<String> {
    // Only the units whose first word folds like the first token's core can match it.
    let key = fold(toks.first()?.core);
    for (first, words) in MEASURE_UNIT_WORDS.iter() {
        if *first != key || toks.len() < words.len() {
            continue;
        }
        let head = &toks[..words.len()];
        let clean = head
            .iter()
            .enumerate()
            .all(|(i, t)| !t.open && (i + 1 == head.len() || !t.close));
        if clean && head.iter().zip(words.iter()).all(|(t, w)| t.is(w)) {
            return Some(head.iter().map(|t| t.core).collect::<Vec<_>>().join(" "));
        }
    }
    None
}

/// A noun phrase from the start of `toks`: words up to a stop word, punctuation or number.
/// With `prefer_plural`, it ends at the first plural noun (unless a capitalized plural runs on
/// into a name, or a plural modifies a plural head: "staff members"), and may run over "and"
/// / "or" before that plural ("CNC and robotics stations"); with `need_plural`, no plural means
/// no phrase. Without a plural, a phrase is at most [`MAX_SINGULAR_WORDS`] words and does not
/// end in a participle or adverb.
fn phrase(toks: &[Tok<'_>], prefer_plural: bool, need_plural: bool) -> Option<String> {
    const MAX_WORDS: usize = 6;
    let mut words: Vec<&str> = Vec::new();
    // Words before the first "and"/"or": the phrase when no plural follows.
    let mut plain_len: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() && i < MAX_WORDS {
        let t = &toks[i];
        let number_word = t.core.split('-').all(|w| {
            NUMBER_WORD_SET.contains_lower(w)
                && !["a", "an", "and", "point", "k", "m", "b"].contains(&w)
        });
        if t.open
            || t.core.is_empty()
            || t.core.starts_with(|c: char| c.is_ascii_digit())
            || number_word
        {
            break;
        }
        if !t.core.chars().any(char::is_alphabetic) {
            break;
        }
        let coordinator = t.in_table(&["and", "or", "&"]);
        if coordinator && prefer_plural && !words.is_empty() && t.raw == t.core {
            plain_len.get_or_insert(words.len());
            words.push(t.core);
            i += 1;
            continue;
        }
        if t.in_set(&OBJECT_STOP_WORDS_SET) {
            break;
        }
        let possessive = t.raw.ends_with("'s") || t.raw.ends_with("’s");
        words.push(t.core);
        // Whether the word is a plural, and one that may modify a plural head ("robotics
        // stations", "staff members").
        let (plural, modifier) = if prefer_plural && !possessive {
            with_lowercase(t.core, |lower| {
                let plural = is_plural(lower);
                let modifier = plural
                    && (IRREGULAR_PLURALS.contains(&lower)
                        || lower.ends_with("ics")
                        || PLURAL_MODIFIERS.contains(&lower));
                (plural, modifier)
            })
        } else {
            (false, false)
        };
        if plural {
            let next = toks
                .get(i + 1)
                .filter(|n| !t.close && !n.open && !n.in_set(&OBJECT_STOP_WORDS_SET));
            let capital = t.core.starts_with(|c: char| c.is_uppercase());
            let name_runs_on =
                capital && next.is_some_and(|n| n.core.starts_with(|c: char| c.is_uppercase()));
            let compound = modifier
                && next.is_some_and(|n| {
                    with_lowercase(n.core, |l| is_plural(l) && l.ends_with('s'))
                        && !n.core.starts_with(|c: char| c.is_uppercase())
                });
            if compound {
                words.push(toks[i + 1].core);
                return Some(words.join(" "));
            }
            if !name_runs_on {
                return Some(words.join(" "));
            }
        }
        if t.close {
            break;
        }
        i += 1;
    }
    if need_plural {
        return None;
    }
    if let Some(n) = plain_len {
        words.truncate(n);
    }
    words.truncate(MAX_SINGULAR_WORDS);
    while let Some(last) = words.last() {
        if with_lowercase(last, |l| l.ends_with("ed") || l.ends_with("ly")) {
            words.pop();
        } else {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// What a bare percent or number measures, read backwards: "the share of kindergartners ...
/// rose to 91.2%" (rule `percent_share`) or "circulation rising 24 percent", "checkouts grew
/// to 2.9 million" (rule `change_subject`).
fn subject_before(w: &Words<'_>, start: usize) -> Option<(String, &'static str)> {
    let (prev, at_start) = tokens_before(w, start, 16);
    let n = prev.len();
    // "share of X": the nearest one before the number.
    for i in (0..n.saturating_sub(1)).rev() {
        if prev[i].in_table(SHARE_NOUNS)
            && prev[i + 1].is("of")
            && !prev[i].close
            && !prev[i + 1].close
        {
            if let Some(p) = phrase(skip_determiners(&prev[i + 2..]), true, true) {
                return Some((p, RULE_PERCENT_SHARE));
            }
        }
    }
    // A change verb among the last four tokens, then the clause subject before it.
    // A change word used as a noun ("an increase of 16%") is no verb.
    let noun_use = |i: usize| {
        (i > 0 && prev[i - 1].in_table(&["a", "an", "the", "this", "that", "its", "their"]))
            || prev.get(i + 1).is_some_and(|t| t.is("of"))
    };
    let verb = (n.saturating_sub(4)..n)
        .rev()
        .find(|&i| prev[i].in_set(&CHANGE_VERBS_SET) && !prev[i].open && !noun_use(i))?;
    if prev[verb].close && verb + 1 < n {
        return None;
    }
    let clause_start = (0..verb)
        .rev()
        .find(|&i| prev[i].close || prev[i].in_table(CLAUSE_OPENERS))
        .map(|i| i + 1);
    let first = match clause_start {
        Some(i) => i,
        None if at_start => 0,
        None => return None,
    };
    if verb - first > 12 {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    let clause = &prev[first..verb];
    let opening = clause
        .iter()
        .take_while(|t| t.in_table(&["and", "but", "so", "yet", "or"]) && !t.close)
        .count();
    for t in skip_determiners(&clause[opening..]) {
        if t.in_set(&OBJECT_STOP_WORDS_SET) || t.open || t.core.is_empty() {
            break;
        }
        words.push(t.core);
        if t.close {
            break;
        }
    }
    if words.is_empty()
        || words.len() > 4
        || words
            .iter()
            .any(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    Some((words.join(" "), RULE_CHANGE_SUBJECT))
}

/// What a money amount pays for or a percent measures, read backwards: "a monthly payment of
/// $500", "salaries of more than $70,000", "grants totaling $1.75 million", "a coverage rate
/// of 95%".
fn of_head_before(w: &Words<'_>, start: usize) -> Option<String> {
    let (prev, _) = tokens_before(w, start, 6);
    let mut n = prev.len();
    // Skip a hedge ("more than") and a determiner.
    if let Some(k) = hedge_len(&prev) {
        n -= k;
    }
    if n > 0 && prev[n - 1].in_table(&["the", "a", "an"]) {
        n -= 1;
    }
    // "payment of", "grants totaling", "awards worth", "contracts valued at".
    let link = match &prev[..n] {
        [.., a, b]
            if a.in_table(&["valued", "amounting", "adding"])
                && b.in_table(&["at", "to", "up"]) =>
        {
            2
        }
        [.., b] if b.in_table(MONEY_OBJECT_LINKS) => 1,
        _ => return None,
    };
    if n < link + 1 || prev[n - 1].close {
        return None;
    }
    let mut at = n - link - 1;
    // "coverage short of the 95%", "enrollment shy of 500": the noun before the adjective.
    if prev[at].in_table(&["short", "shy"]) && !prev[at].close {
        const LINKS: &[&str] = &[
            "fell", "falls", "came", "comes", "stayed", "stays", "remained", "remains", "is",
            "was", "are", "were", "been", "still", "just", "far", "well", "has", "have", "had",
            "slightly",
        ];
        while at > 0 && (at == n - link - 1 || prev[at].in_table(LINKS)) && !prev[at - 1].close {
            at -= 1;
        }
    }
    let head = &prev[at];
    let ok = !head.close
        && head.core.chars().all(char::is_alphabetic)
        && !head.core.is_empty()
        && !head.in_set(&OBJECT_STOP_WORDS_SET)
        && !head.in_set(&OF_HEAD_EXCLUDE_SET);
    ok.then(|| head.core.to_string())
}

/// The nearest lowercase plural noun before byte `start` (names skipped), within a window.
fn plural_before(w: &Words<'_>, start: usize) -> Option<String> {
    let (prev, _) = tokens_before(w, start, 24);
    prev.iter().rev().find_map(|t| {
        let lowercase = t.core.starts_with(|c: char| c.is_lowercase());
        let noun = lowercase
            && !t.in_set(&OBJECT_STOP_WORDS_SET)
            && !t.in_set(&CHANGE_VERBS_SET)
            && t.is_plural();
        noun.then(|| t.core.to_string())
    })
}

/// For "X, one of only six in the region": the plural of X's head noun, when the number at
/// `start` follows "one of" (with "only", "just", "the" between).
fn one_of_head(w: &Words<'_>, start: usize) -> Option<String> {
    let text = w.text;
    let (prev, _) = tokens_before(w, start, 5);
    let n = prev.len();
    let one_at = (2..=4).rev().find_map(|k| {
        if k > n {
            return None;
        }
        let tail = &prev[n - k..];
        let ok = tail[0].is("one")
            && tail[1].is("of")
            && !tail[0].close
            && !tail[1].close
            && one_of_fillers(&tail[2..]);
        ok.then_some(n - k)
    })?;
    // The byte offset of that "one": walk back over the tokens after it.
    let one_tok = prev[one_at];
    let one_offset = one_tok.raw.as_ptr() as usize - text.as_ptr() as usize;
    let mut before = text[..one_offset].trim_end();
    before = before
        .trim_end_matches([',', '—', '–', '-', ':'])
        .trim_end();
    // Skip a parenthetical acronym: "Center (RTAC), one of".
    if before.ends_with(')') {
        let window_start = ceil_boundary(before, before.len().saturating_sub(WINDOW));
        if let Some(open) = before[window_start..].rfind('(') {
            before = before[..window_start + open].trim_end();
        }
    }
    let (toks, _) = tokens_before(w, before.len(), 6);
    for t in toks.iter().rev() {
        if t.in_table(ONE_OF_LINKS) && !t.close {
            continue;
        }
        let core = t.core;
        if core.is_empty() || !core.chars().all(|c| c.is_alphabetic() || c == '-') {
            return None;
        }
        let lower = core.to_lowercase();
        if OBJECT_STOP_WORDS.contains(&lower.as_str()) {
            return None;
        }
        return Some(pluralize(&lower));
    }
    None
}

/// Whether the tokens between "one of" and a number, lower-cased and joined by spaces, are
/// nothing or one of [`ONE_OF_FILLERS`].
fn one_of_fillers(toks: &[Tok<'_>]) -> bool {
    match toks {
        [] => true,
        // An empty core lower-cases to nothing.
        [t] if t.core.is_empty() => true,
        _ => ONE_OF_FILLERS.iter().any(|f| {
            f.split(' ').count() == toks.len() && f.split(' ').zip(toks).all(|(w, t)| t.lower_is(w))
        }),
    }
}

/// The plural of a lowercase noun.
fn pluralize(word: &str) -> String {
    if is_plural(word) {
        return word.to_string();
    }
    let consonant_y = word.ends_with('y')
        && word.len() > 1
        && !word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

// ---------------------------------------------------------------------------------------------
// Programs and sentences.
// ---------------------------------------------------------------------------------------------

/// Every mention of a program (long form, or acronym as a whole word) in the body:
/// `(byte offset, index into programs)`, sorted. Patterns are keyed by their first word, so
/// the body is scanned once whatever the number of programs.
fn program_mentions(body: &str, programs: &[Program]) -> Vec<(usize, usize)> {
    // first word -> (pattern, program index, must end at a word boundary)
    let mut by_first: HashMap<&str, Vec<(&str, usize, bool)>> = HashMap::new();
    for (i, p) in programs.iter().enumerate() {
        let acronym = p.acronym.as_deref().unwrap_or("");
        for (pattern, whole_word) in [(p.name.as_str(), false), (acronym, true)] {
            if let Some((0, first)) = words(pattern).next() {
                by_first
                    .entry(first)
                    .or_default()
                    .push((pattern, i, whole_word));
            }
        }
    }
    let mut out = Vec::new();
    if by_first.is_empty() {
        return out;
    }
    // For each first byte of a first word, the lengths (bit per length, 63 for longer) of the
    // first words starting with it: most words of the body are turned away before the lookup.
    let mut shapes = [0u64; 256];
    for first in by_first.keys() {
        shapes[usize::from(first.as_bytes()[0])] |= length_bit(first);
    }
    // The words of the body ([`words`]), looked at only where one starts with the first byte of
    // a first word.
    let b = body.as_bytes();
    let mut next = 0;
    while next < b.len() {
        let x = b[next];
        let (alnum, width) = if x < 0x80 {
            (x.is_ascii_alphanumeric(), 1)
        } else {
            char_class(body, next)
        };
        if !alnum {
            next += width;
            continue;
        }
        // A word starts here: the scan jumps over whole words, so the character before is not
        // alphanumeric.
        let at = next;
        next = alnum_run_end(body, at);
        let word = &body[at..next];
        if shapes[usize::from(x)] & length_bit(word) == 0 {
            continue;
        }
        let Some(patterns) = by_first.get(word) else {
            continue;
        };
        for &(pattern, i, whole_word) in patterns {
            let rest = &body[at..];
            let ends_word = || {
                rest[pattern.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
            };
            if rest.starts_with(pattern) && (!whole_word || ends_word()) {
                out.push((at, i));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The bit of a word's length in [`program_mentions`]'s first-word filter.
fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

/// Maximal runs of letters and digits, with their byte offsets (never empty), as splitting at
/// every character that is not alphanumeric gives them; ASCII is read byte by byte.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() {
            let (alnum, width) = char_class(text, i);
            if alnum {
                break;
            }
            i += width;
        }
        if i >= text.len() {
            return None;
        }
        let start = i;
        i = alnum_run_end(text, i);
        Some((start, &text[start..i]))
    })
}

/// Whether the character at byte `i` of `text` (a character boundary before its end) is
/// alphanumeric, and its length in bytes.
fn char_class(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b.is_ascii_alphanumeric(), 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8())
    }
}

/// The end of the run of alphanumeric characters starting at byte `i`.
fn alnum_run_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let (alnum, width) = char_class(text, i);
        if !alnum {
            break;
        }
        i += width;
    }
    i
}

/// The program mentioned nearest before byte `at` in a sentence, else the nearest after.
fn nearest_program(in_sentence: &[(usize, usize)], at: usize) -> Option<usize> {
    let split = in_sentence.partition_point(|m| m.0 < at);
    if split > 0 {
        Some(in_sentence[split - 1].1)
    } else {
        in_sentence.first().map(|m| m.1)
    }
}

/// The sentence as stored in the row: whole, or for a degenerate very long sentence, a window
/// of [`MAX_SENTENCE_BYTES`] around the number.
fn sentence_excerpt(text: &str, start: usize, end: usize) -> &str {
    if text.len() <= MAX_SENTENCE_BYTES {
        return text;
    }
    let half = MAX_SENTENCE_BYTES / 2;
    let from = floor_boundary(text, start.saturating_sub(half));
    let to = ceil_boundary(text, end.saturating_add(half));
    &text[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::{Block, BlockKind};

    /// A release whose body is `paragraphs` joined by blank lines.
    fn release(paragraphs: &[&str]) -> Release {
        let mut body = String::new();
        let mut blocks = Vec::new();
        for p in paragraphs {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            let start = body.len();
            body.push_str(p);
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                start,
                text_start: start,
                end: body.len(),
            });
        }
        Release {
            release_id: "r1".into(),
            source_file: "r1.txt".into(),
            content_sha256: String::new(),
            title: "T".into(),
            summary: None,
            published: None,
            body,
            blocks,
            warnings: vec![],
        }
    }

    fn rows(body: &str) -> Vec<Outcome> {
        extract(&release(&[body]), &Lexicon::default(), &[])
    }

    /// The only row of `body`.
    fn one(body: &str) -> Outcome {
        let r = rows(body);
        assert_eq!(r.len(), 1, "{body}: {r:#?}");
        r.into_iter().next().expect("one row")
    }

    fn values(body: &str) -> Vec<f64> {
        rows(body).iter().filter_map(|o| o.value).collect()
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-6 * b.abs().max(1.0))
    }

    #[test]
    fn number_object_reads_the_counted_noun() {
        let o = one("The network now reaches over 512 community schools, the largest anywhere.");
        assert!(close(o.value, 512.0));
        assert_eq!(o.kind, OutcomeKind::Count);
        assert_eq!(o.qualifier, Some(Qualifier::Over));
        assert_eq!(o.object.as_deref(), Some("community schools"));
        assert_eq!(o.rule, RULE_NUMBER_OBJECT);
        assert_eq!(o.text, "512");
        assert_eq!(o.unit, None);
    }

    #[test]
    fn number_object_stops_at_the_first_plural() {
        let o = one("Seniors must earn at least 15 units of college credit before they finish.");
        assert_eq!(o.object.as_deref(), Some("units"));
        assert_eq!(o.qualifier, Some(Qualifier::AtLeast));
        let o = one("The grant lets 45 Head Start parents work as paid aides.");
        assert_eq!(o.object.as_deref(), Some("Head Start parents"));
        let o = one("Crews opened 90 new wellspaces last spring.");
        assert_eq!(o.object.as_deref(), Some("new wellspaces"));
        let o = one("The program certified 110 educators this year.");
        assert_eq!(o.object.as_deref(), Some("educators"));
    }

    #[test]
    fn number_object_reads_irregular_plurals_and_names() {
        assert_eq!(
            one("It hired 45 staff in June.").object.as_deref(),
            Some("staff")
        );
        assert_eq!(
            one("Mentors met with 300 Los Angeles County youth.")
                .object
                .as_deref(),
            Some("Los Angeles County youth")
        );
    }

    #[test]
    fn number_words_are_read() {
        let o = one("The agency reaches nearly two million students statewide.");
        assert!(close(o.value, 2_000_000.0));
        assert_eq!(o.qualifier, Some(Qualifier::Nearly));
        assert_eq!(o.object.as_deref(), Some("students"));
        let o = one("Seventy-five volunteers cleaned the park.");
        assert!(close(o.value, 75.0));
        assert_eq!(o.object.as_deref(), Some("volunteers"));
    }

    #[test]
    fn digits_with_commas_and_decimals_are_read() {
        let o = one("The fair drew 1,250 families.");
        assert!(close(o.value, 1250.0));
        assert_eq!(o.object.as_deref(), Some("families"));
        let o = one("Enrollment reached 3.5 million learners.");
        assert!(close(o.value, 3_500_000.0));
    }

    #[test]
    fn percent_of_takes_the_noun_after_of() {
        let o = one("Virtual care now reaches over 80% of students statewide.");
        assert!(close(o.value, 80.0));
        assert_eq!(o.kind, OutcomeKind::Percent);
        assert_eq!(o.unit.as_deref(), Some("%"));
        assert_eq!(o.qualifier, Some(Qualifier::Over));
        assert_eq!(o.object.as_deref(), Some("students"));
        assert_eq!(o.rule, RULE_PERCENT_OF);
        let o = one("About 45 percent of the county's families qualify.");
        assert!(close(o.value, 45.0));
        assert_eq!(o.kind, OutcomeKind::Percent);
        assert_eq!(o.qualifier, Some(Qualifier::Approximately));
        assert_eq!(o.object.as_deref(), Some("families"));
    }

    #[test]
    fn percent_without_of_takes_the_phrase_after() {
        let o = one("The campus posted a 95% graduation rate.");
        assert_eq!(o.kind, OutcomeKind::Percent);
        assert_eq!(o.object.as_deref(), Some("graduation rate"));
        assert_eq!(o.rule, RULE_PERCENT);
    }

    #[test]
    fn money_is_in_dollars_with_unit_usd() {
        let o = one("The board approved $2.5 million for mental health services.");
        assert!(close(o.value, 2_500_000.0));
        assert_eq!(o.kind, OutcomeKind::Money);
        assert_eq!(o.unit.as_deref(), Some("USD"));
        assert_eq!(o.object.as_deref(), Some("mental health services"));
        assert_eq!(o.rule, RULE_MONEY);
        let o = one("The state added $750M to the fund.");
        assert!(close(o.value, 750_000_000.0));
        assert_eq!(o.object, None);
        let o = one("Donors gave $300,000 in scholarships.");
        assert!(close(o.value, 300_000.0));
        assert_eq!(o.object.as_deref(), Some("scholarships"));
    }

    #[test]
    fn money_in_cents_is_in_dollars() {
        let o = one("Riders pay 75 cents per trip.");
        assert!(close(o.value, 0.75));
        assert_eq!(o.unit.as_deref(), Some("USD"));
    }

    #[test]
    fn postfix_hedges_are_qualifiers() {
        let o = one("The drive drew 500+ volunteers.");
        assert!(close(o.value, 500.0));
        assert_eq!(o.qualifier, Some(Qualifier::Over));
        let o = one("Schools with 300 or more pupils qualify.");
        assert_eq!(o.qualifier, Some(Qualifier::AtLeast));
        assert_eq!(o.object.as_deref(), Some("pupils"));
    }

    #[test]
    fn measure_unit_from_the_recognizer_is_the_object() {
        let o = one("The reservoir holds 2.4 billion gallons.");
        assert!(close(o.value, 2.4e9));
        assert_eq!(o.kind, OutcomeKind::Other);
        assert_eq!(o.object.as_deref(), Some("gallons"));
        assert_eq!(o.unit.as_deref(), Some("Gallon"));
        assert_eq!(o.rule, RULE_MEASURE);
        // A measure inside a compound adjective is no outcome.
        assert!(values("They bought a 10-gallon cooler.").is_empty());
    }

    #[test]
    fn range_has_bounds_and_no_value() {
        let o = one("Each cohort enrolls between 30 and 40 students.");
        assert_eq!(o.value, None);
        assert!(close(o.value_min, 30.0));
        assert!(close(o.value_max, 40.0));
        assert_eq!(o.kind, OutcomeKind::Count);
        assert_eq!(o.object.as_deref(), Some("students"));
        assert_eq!(o.rule, RULE_RANGE);
    }

    #[test]
    fn one_sided_range_is_the_number_with_a_qualifier() {
        let o = one("The event drew more than 300 attendees.");
        assert!(close(o.value, 300.0));
        assert_eq!((o.value_min, o.value_max), (None, None));
        assert_eq!(o.qualifier, Some(Qualifier::Over));
        assert_eq!(o.text, "300");
    }

    #[test]
    fn carried_object_comes_from_the_previous_number() {
        let r = rows("The initiative trained 130 educators last year and signed up 150 more.");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].object.as_deref(), Some("educators"));
        assert_eq!(r[1].kind, OutcomeKind::Count);
        assert_eq!(r[1].rule, RULE_CARRIED);
    }

    #[test]
    fn carried_object_after_up_from_is_the_main_figure() {
        let r = rows("In May, 2,300 riders used the 9 new routes, up from 1,700 a year earlier.");
        assert_eq!(r.len(), 3);
        assert_eq!(r[2].object.as_deref(), Some("riders"));
        assert_eq!(r[2].rule, RULE_CARRIED);
    }

    #[test]
    fn carried_object_needs_the_same_sentence() {
        let r = rows("It trained 130 educators. It then signed up 150 more.");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].object, None);
        assert_eq!(r[1].kind, OutcomeKind::Other);
    }

    #[test]
    fn one_of_only_counts_the_plural_of_the_head_noun() {
        let o = one(
            "The county was named the Regional Family Support Center, one of only six in the region.",
        );
        assert!(close(o.value, 6.0));
        assert_eq!(o.kind, OutcomeKind::Count);
        assert_eq!(o.object.as_deref(), Some("centers"));
        assert_eq!(o.rule, RULE_ONE_OF);
        assert_eq!(o.text, "six");
        let o = one("Our lab is one of 12 in the nation.");
        assert_eq!(o.object.as_deref(), Some("labs"));
        let o = one("The academy (RCA), one of just five statewide, opened.");
        assert_eq!(o.object.as_deref(), Some("academies"));
    }

    #[test]
    fn one_of_with_a_noun_uses_the_noun() {
        let o = one("It is one of 12 regional hubs.");
        assert!(close(o.value, 12.0));
        assert_eq!(o.object.as_deref(), Some("regional hubs"));
    }

    #[test]
    fn qualifier_classes_are_read() {
        let cases = [
            (
                "It reached an estimated 300 families.",
                Some(Qualifier::Approximately),
            ),
            (
                "It reached roughly 300 families.",
                Some(Qualifier::Approximately),
            ),
            (
                "It reached some 300 families.",
                Some(Qualifier::Approximately),
            ),
            ("It reached upwards of 300 families.", Some(Qualifier::Over)),
            ("It reached well over 300 families.", Some(Qualifier::Over)),
            (
                "It reached a minimum of 300 families.",
                Some(Qualifier::AtLeast),
            ),
            ("It reached close to 300 families.", Some(Qualifier::Nearly)),
            ("It reached almost 300 families.", Some(Qualifier::Nearly)),
            (
                "It reached just under 300 families.",
                Some(Qualifier::Nearly),
            ),
            (
                "It will reach as many as 300 families.",
                Some(Qualifier::UpTo),
            ),
            ("It will reach up to 300 families.", Some(Qualifier::UpTo)),
            (
                "It reached fewer than 300 families.",
                Some(Qualifier::Under),
            ),
            ("It reached 300 families.", None),
            (
                "It reached in excess of 300 families.",
                Some(Qualifier::Over),
            ),
            (
                "It may cost as much as $300 a family.",
                Some(Qualifier::UpTo),
            ),
            (
                "It reached more than half of families.",
                Some(Qualifier::Over),
            ),
        ];
        for (body, q) in cases {
            assert_eq!(one(body).qualifier, q, "{body}");
        }
    }

    #[test]
    fn qualifier_needs_adjacent_words() {
        // "over the summer" hedges nothing.
        assert_eq!(
            one("Over the summer, 300 families enrolled.").qualifier,
            None
        );
    }

    #[test]
    fn fraction_is_kind_other_with_its_object() {
        let o = one("Nearly one-third of students walk to school.");
        assert!(close(o.value, 1.0 / 3.0));
        assert_eq!(o.kind, OutcomeKind::Other);
        assert_eq!(o.object.as_deref(), Some("students"));
    }

    #[test]
    fn ratio_is_one_row_of_kind_other() {
        let o = one("Today 1 in 4 students reads at grade level.");
        assert!(close(o.value, 0.25));
        assert_eq!(o.kind, OutcomeKind::Other);
        assert_eq!(o.object.as_deref(), Some("students"));
        assert_eq!(o.text, "1 in 4");
        assert_eq!(o.rule, RULE_RATIO);
    }

    #[test]
    fn of_number_takes_the_next_numbers_object() {
        let r = rows("Staff visited 80 of the 100 schools.");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].object.as_deref(), Some("schools"));
        assert_eq!(r[0].rule, RULE_OF_NUMBER);
    }

    #[test]
    fn of_number_falls_back_to_the_phrase_after_it() {
        let o = one("Crews answered 98% of 911 calls within a minute.");
        assert!(close(o.value, 98.0));
        assert_eq!(o.object.as_deref(), Some("calls"));
    }

    #[test]
    fn a_dozen_is_twelve() {
        let o = one("A dozen volunteers painted murals.");
        assert!(close(o.value, 12.0));
        assert_eq!(o.object.as_deref(), Some("volunteers"));
    }

    #[test]
    fn measure_is_kind_other_with_the_unit_as_object() {
        let o = one("Crews paved 3.4 miles of new path.");
        assert!(close(o.value, 3.4));
        assert_eq!(o.kind, OutcomeKind::Other);
        assert_eq!(o.object.as_deref(), Some("miles"));
        assert_eq!(o.rule, RULE_MEASURE);
        let o = one("The shuttle zone will cover 20 square miles downtown.");
        assert_eq!(o.object.as_deref(), Some("square miles"));
    }

    #[test]
    fn number_object_runs_over_and_before_the_plural() {
        let o = one("The new lab holds 30 welding and machining bays.");
        assert_eq!(o.object.as_deref(), Some("welding and machining bays"));
        let o = one("The shop has 18 electronics benches and a kiln.");
        assert_eq!(o.object.as_deref(), Some("electronics benches"));
        let o = one("It will train 900 staff members by June.");
        assert_eq!(o.object.as_deref(), Some("staff members"));
    }

    #[test]
    fn percent_share_reads_the_object_before_the_number() {
        let o = one("The share of seniors completing aid forms climbed to 72% this spring.");
        assert_eq!(o.object.as_deref(), Some("seniors"));
        assert_eq!(o.rule, RULE_PERCENT_SHARE);
    }

    #[test]
    fn change_subject_reads_the_subject_of_the_verb() {
        let o = one("Attendance at the centers has risen 14% since the fall.");
        assert_eq!(o.object.as_deref(), Some("Attendance"));
        assert_eq!(o.rule, RULE_CHANGE_SUBJECT);
        let o = one("Streaming grew fastest, with downloads rising 31 percent.");
        assert_eq!(o.object.as_deref(), Some("downloads"));
    }

    #[test]
    fn change_from_to_gives_two_values_not_a_range() {
        let r = rows("The share of clients housed within 90 days rose from 35% to 52% last year.");
        let got: Vec<Option<f64>> = r.iter().map(|o| o.value).collect();
        assert_eq!(got, vec![Some(35.0), Some(52.0)]);
        assert!(r.iter().all(|o| o.object.as_deref() == Some("clients")));
    }

    #[test]
    fn change_word_used_as_a_noun_is_no_verb() {
        let o = one("Express routes grew most (an increase of 16.25 percent).");
        assert_eq!(o.object.as_deref(), Some("increase"));
        let o = one("Average daily ridership has risen by 8.2% this year.");
        assert_eq!(o.object.as_deref(), Some("Average daily ridership"));
    }

    #[test]
    fn change_with_mixed_kinds_gives_two_values() {
        let r = rows("Downloads grew by 12% to 2.9 million titles.");
        let got: Vec<Option<f64>> = r.iter().map(|o| o.value).collect();
        assert_eq!(got, vec![Some(12.0), Some(2_900_000.0)]);
        assert_eq!(r[0].kind, OutcomeKind::Percent);
        assert_eq!(r[1].object.as_deref(), Some("titles"));
    }

    #[test]
    fn change_subject_applies_to_bare_counts() {
        let r = rows("It added 3 branches, and checkouts grew by 12% to 2.9 million.");
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].object.as_deref(), Some("checkouts"));
        assert_eq!(r[2].object.as_deref(), Some("checkouts"));
        assert_eq!(r[2].kind, OutcomeKind::Count);
    }

    #[test]
    fn percent_of_them_takes_the_previous_object() {
        let r = rows("Nurses saw 2,040 patients, about 30% of them uninsured.");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].object.as_deref(), Some("patients"));
        assert_eq!(r[1].qualifier, Some(Qualifier::Approximately));
    }

    #[test]
    fn percent_as_a_subject_takes_the_previous_object() {
        let r = rows("A poll of 1,500 voters found 58% support the levy.");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].object.as_deref(), Some("voters"));
    }

    #[test]
    fn percentage_points_are_a_percent() {
        let r = rows("The rate of insured children rose to 94.1%, up 1.7 percentage points.");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].kind, OutcomeKind::Percent);
        assert!(close(r[1].value, 1.7));
        assert_eq!(r[1].text, "1.7 percentage points");
        assert_eq!(r[1].object.as_deref(), Some("insured children"));
    }

    #[test]
    fn money_of_reads_the_noun_before_of() {
        let o = one("Families get a quarterly stipend of $1,200 through June.");
        assert_eq!(o.object.as_deref(), Some("stipend"));
        assert_eq!(o.rule, RULE_MONEY_OF);
        let o = one("The jobs pay wages of more than $65,000.");
        assert_eq!(o.object.as_deref(), Some("wages"));
        assert_eq!(o.qualifier, Some(Qualifier::Over));
        let o = one("The fund gave grants totaling $1.75 million this year.");
        assert_eq!(o.object.as_deref(), Some("grants"));
        // "a total of" names no object.
        assert_eq!(one("It raised a total of $40,000.").object, None);
    }

    #[test]
    fn percent_of_head_reads_the_noun_before_of() {
        let o = one("The clinic keeps a coverage rate of 95% for most shots.");
        assert_eq!(o.object.as_deref(), Some("rate"));
        assert_eq!(o.rule, RULE_PERCENT_OF_HEAD);
        let o = one("Turnout fell short of the 60% goal.");
        assert_eq!(o.object.as_deref(), Some("goal"));
        let o = one("Coverage stayed short of 90%.");
        assert_eq!(o.object.as_deref(), Some("Coverage"));
    }

    #[test]
    fn money_aside_takes_the_plural_noun_before_the_names() {
        let r = rows(
            "The biggest grants went to Alder Unified ($2.1 million) and Birch County Schools ($1.4 million).",
        );
        assert_eq!(r.len(), 2);
        assert!(r.iter().all(|o| o.object.as_deref() == Some("grants")));
        assert_eq!(r[0].rule, RULE_MONEY_ASIDE);
    }

    #[test]
    fn money_object_skips_a_rate_and_a_trailing_verb() {
        let o = one("The waiver costs about $2.1 million a year in lost tuition revenue.");
        assert_eq!(o.object.as_deref(), Some("lost tuition revenue"));
        let o = one("The $3.9 million effort relies on state funds.");
        assert_eq!(o.object.as_deref(), Some("effort"));
    }

    // ---- Not outcomes ----

    #[test]
    fn trap_years_are_not_outcomes() {
        assert!(values("Launched in 2022, the effort grew quickly.").is_empty());
        assert!(values("The 2023-24 school year ended well.").is_empty());
        assert!(values("Results for 2023-2024 are in.").is_empty());
        assert!(values("From 2019 to 2024 the plan held.").is_empty());
        assert!(values("The class of ’24 graduated.").is_empty());
    }

    #[test]
    fn trap_dates_and_times_are_not_outcomes() {
        assert!(values("The forum is on Jan. 26, 2026 at 10:30 a.m. in the hall.").is_empty());
        assert!(values("Doors open March 5 at 8 p.m. sharp.").is_empty());
        assert!(values("Forms are due 5/17/2024 by noon.").is_empty());
        assert!(values("The hotline runs 24/7 for families.").is_empty());
    }

    #[test]
    fn trap_list_numbering_is_not_an_outcome() {
        assert!(values("1. Expansion of regional support").is_empty());
        assert!(values("Support grew. - 2. Support for districts").is_empty());
        assert!(values("(3) Planning for the future").is_empty());
    }

    #[test]
    fn trap_ordinals_are_not_outcomes() {
        assert!(values("It was the first convening of its kind.").is_empty());
        assert!(values("The 33rd annual fair opens today.").is_empty());
    }

    #[test]
    fn trap_labels_are_not_outcomes() {
        assert!(values("The panel opened session three of the series.").is_empty());
        assert!(values("The work enters Phase 3 next month.").is_empty());
        assert!(values("Students in Grade 5 wrote essays.").is_empty());
        assert!(values("Officials from Region 10 attended.").is_empty());
        assert!(values("The law, Assembly Bill 1234, passed.").is_empty());
        assert!(values("These goals align with the Vision 2035 plan.").is_empty());
        assert!(values("Funds for grades 9 through 12 were set.").is_empty());
        assert!(values("It serves K-12 students and COVID-19 recovery.").is_empty());
    }

    #[test]
    fn trap_ages_are_not_outcomes() {
        assert!(values("Camps serve children ages 5 to 12 in summer.").is_empty());
        assert!(values("A 12-year-old student won.").is_empty());
        assert!(values("Adults 18 and older may apply.").is_empty());
        assert!(values("Children between the ages of 3 and 5 play.").is_empty());
    }

    #[test]
    fn trap_hotlines_and_road_numbers_are_not_outcomes() {
        assert!(values("Teens can call or text 988 at any hour.").is_empty());
        assert!(values("The fair is at the Expo Hall, 2300 FM 1960, on Friday.").is_empty());
    }

    #[test]
    fn trap_age_after_be_is_not_an_outcome() {
        assert!(values("Riders must be at least 16 and hold a permit.").is_empty());
        assert!(values("Entry is free for children under 12.").is_empty());
        assert!(values("Fares are lower for seniors (65+) and youth (6-18).").is_empty());
        assert!(values("Most members turn 65 this year.").is_empty());
    }

    #[test]
    fn trap_boilerplate_numbers_are_not_outcomes() {
        assert!(values("Contact Ana Ruiz at 916-555-0142, extension 123, for details.").is_empty());
        assert!(values("Page 2 of 3").is_empty());
        assert!(values("Students in grades 6-8 and 9-12 take part.").is_empty());
        assert!(values("The plan, approved 7-0, took effect.").is_empty());
        assert!(values("Doors open at 6:30 p.m., and the show starts at 7.").is_empty());
        assert!(values("Release No. 24-017 went out today.").is_empty());
        assert!(
            values("Details are at https://example.gov/news/2024/05/12/item-7 online.").is_empty()
        );
        // A counted noun after "and" keeps the number.
        assert_eq!(
            values("Pupils in Grade 5 and 300 teachers joined."),
            vec![300.0]
        );
    }

    #[test]
    fn trap_spans_of_times_and_votes_are_not_outcomes() {
        assert!(values("The fair runs Sept. 23, from 6 to 8 p.m. downtown.").is_empty());
        assert!(values("Trips take between 3 and 5 years to plan.").is_empty());
        assert!(values("The board voted 5-0 on Monday.").is_empty());
        assert!(values("Dozens of families and hundreds of volunteers came.").is_empty());
    }

    #[test]
    fn one_in_five_is_a_ratio() {
        let o = one("Nearly one in five adults lacks a doctor.");
        assert!(close(o.value, 0.2));
        assert_eq!(o.rule, RULE_RATIO);
        assert_eq!(o.qualifier, Some(Qualifier::Nearly));
    }

    #[test]
    fn trap_durations_are_not_outcomes() {
        assert!(values("The course runs six weeks.").is_empty());
        assert!(values("The pilot lasted three years.").is_empty());
        assert!(values("A 90-minute session followed.").is_empty());
        assert!(values("The grant covers two more years of work.").is_empty());
        assert!(values("Apprentices train for about 7,000 hours on the job.").is_empty());
        // A time word modifying a plural noun is no duration.
        assert_eq!(
            one("The change adds 90 weekend trips.").object.as_deref(),
            Some("weekend trips")
        );
        // A unit after another word is a tally.
        let o = one("Volunteers logged 12,000 volunteer hours.");
        assert_eq!(o.object.as_deref(), Some("volunteer hours"));
    }

    #[test]
    fn trap_phone_numbers_and_addresses_are_not_outcomes() {
        assert!(values("Call (562) 922-6111 for details.").is_empty());
        assert!(values("Call 562-922-6111 for details.").is_empty());
        assert!(values("Call 1-800-555-0199 or dial 2-1-1 today.").is_empty());
        assert!(values("The office is at 9300 Imperial Highway in the city.").is_empty());
        assert!(values("Visit 123 Main St. for the fair.").is_empty());
    }

    #[test]
    fn trap_one_of_is_not_a_count() {
        assert!(values("The school is one of the county's court schools.").is_empty());
        assert!(values("One student spoke.").is_empty());
        assert!(values("It is the only one in the county.").is_empty());
    }

    #[test]
    fn repeated_sentence_adds_no_rows() {
        let r = extract(
            &release(&[
                "The fair drew 1,250 families.",
                "Details follow.",
                "The fair drew 1,250 families.",
            ]),
            &Lexicon::default(),
            &[],
        );
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn rows_are_sorted_and_indexed() {
        let r = extract(
            &release(&[
                "It served 40 schools and 900 students.",
                "It hired 12 counselors.",
            ]),
            &Lexicon::default(),
            &[],
        );
        let got: Vec<(usize, f64)> = r
            .iter()
            .map(|o| (o.outcome_index, o.value.unwrap_or(0.0)))
            .collect();
        assert_eq!(got, vec![(0, 40.0), (1, 900.0), (2, 12.0)]);
        assert!(r.windows(2).all(|w| w[0].start < w[1].start));
    }

    #[test]
    fn offsets_are_characters_and_sentence_is_kept() {
        let body = "“Great,” she said. The county’s team trained 130 educators.";
        let r = rows(body);
        assert_eq!(r.len(), 1);
        let chars: Vec<char> = body.chars().collect();
        let span: String = chars[r[0].start..r[0].end].iter().collect();
        assert_eq!(span, "130");
        assert_eq!(r[0].text, "130");
        assert!(r[0].sentence.contains("trained 130 educators"));
    }

    #[test]
    fn program_id_comes_from_a_mention_in_the_sentence() {
        let rel = release(&[
            "The Family Literacy Initiative (FLI) began in spring.",
            "Through FLI, 300 parents joined classes. Separately, 20 schools opened labs.",
        ]);
        let programs = vec![Program {
            release_id: "r1".into(),
            program_id: "family-literacy-initiative".into(),
            name: "Family Literacy Initiative".into(),
            acronym: Some("FLI".into()),
            mention_count: 2,
            start: 4,
            end: 30,
            sentence: String::new(),
            rule: "test",
        }];
        let r = extract(&rel, &Lexicon::default(), &programs);
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0].program_id.as_deref(),
            Some("family-literacy-initiative")
        );
        assert_eq!(r[1].program_id, None);
    }

    #[test]
    fn stress_nested_parentheses_do_not_panic() {
        let body = format!("{}12 schools{}", "(".repeat(5000), ")".repeat(5000));
        let r = rows(&body);
        assert!(r.len() <= 1);
    }

    #[test]
    fn stress_ten_thousand_numbers_in_one_sentence() {
        let mut body = String::from("Counts were");
        for i in 0..10_000 {
            body.push_str(&format!(" {} schools,", i + 2));
        }
        body.push_str(" in all.");
        let started = std::time::Instant::now();
        let r = rows(&body);
        assert!(r.len() > 9_000, "{}", r.len());
        assert!(r.iter().all(|o| o.sentence.len() <= MAX_SENTENCE_BYTES + 8));
        assert!(started.elapsed().as_secs() < 20);
    }

    #[test]
    fn stress_ten_thousand_bare_numbers_stay_linear() {
        let mut body = String::from("Grade 5 and");
        for i in 0..10_000 {
            body.push_str(&format!(" {}+ or", 3000 + i));
        }
        body.push_str(" more.");
        let started = std::time::Instant::now();
        let r = rows(&body);
        assert!(r.len() > 9_000, "{}", r.len());
        assert!(started.elapsed().as_secs() < 20);
    }

    #[test]
    fn stress_random_mixes_keep_offsets_valid() {
        const PIECES: &[&str] = &[
            "one of",
            "only",
            "eight",
            "in",
            "the",
            "state",
            ",",
            ".",
            "$2.5 million",
            "80%",
            "percent",
            "of",
            "students",
            "more than",
            "between",
            "and",
            "30",
            "-",
            "40",
            "ages",
            "’",
            "“",
            "”",
            "é",
            "(",
            ")",
            "2023-24",
            "Phase",
            "3",
            "Jan.",
            "26",
            "10:30",
            "a.m.",
            "call",
            "(562)",
            "922-6111",
            "K-12",
            "12-year-old",
            "six",
            "weeks",
            "1 in 4",
            "half",
            "rose",
            "from",
            "to",
            "share",
            "them",
            "+",
            "or more",
            "percentage points",
            "\n",
            "- 1.",
            "Center",
            "is",
            "grew",
            "by",
            "a dozen",
            "two-thirds",
            "Main St.",
            "9300",
            "No.",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..300 {
            let mut body = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                body.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
                body.push(if seed % 5 == 0 { '\n' } else { ' ' });
            }
            let r = rows(&body);
            let chars: Vec<char> = body.chars().collect();
            for o in &r {
                let span: String = chars[o.start..o.end].iter().collect();
                assert_eq!(span, o.text, "{body}");
                assert!(o.sentence.contains(&o.text));
            }
            assert!(r.windows(2).all(|w| w[0].start <= w[1].start));
        }
    }

    #[test]
    fn stress_many_programs_stay_fast() {
        let programs: Vec<Program> = (0..2000)
            .map(|i| Program {
                release_id: "r1".into(),
                program_id: format!("p{i}"),
                name: format!("Program Number{i} Initiative"),
                acronym: Some(format!("PN{i}")),
                mention_count: 1,
                start: 0,
                end: 0,
                sentence: String::new(),
                rule: "test",
            })
            .collect();
        let body: String = (0..2000)
            .map(|i| format!("Through PN{i}, {} families enrolled. ", 10_000 + i))
            .collect();
        let started = std::time::Instant::now();
        let r = extract(&release(&[&body]), &Lexicon::default(), &programs);
        assert_eq!(r.len(), 2000);
        assert_eq!(r[7].program_id.as_deref(), Some("p7"));
        assert!(started.elapsed().as_secs() < 20);
    }

    #[test]
    fn stress_odd_input_does_not_panic() {
        for body in [
            "",
            "$",
            "%",
            "$$$ 5%%",
            "1-",
            "-1",
            "one of",
            "one of only",
            ", one of only six",
            "’24",
            "(((((",
            "5/",
            "/5",
            "1 in",
            "in 0",
            "1 in 0 students",
            "é 5 é",
            "5é",
            "Call (562)",
            "- 1.",
            "1.",
            "between 5 and",
            "$5-$",
            "ages",
            "12:",
            ":30",
        ] {
            let _ = rows(body);
        }
    }

    /// Texts for the equivalence tests of the token helpers: punctuation around words, Unicode
    /// letters and white space, and sentences longer than the readers' window.
    fn token_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            " ",
            "a",
            "  The network reaches over 512 community schools,  the largest. ",
            "(about 70) students—and \"more\" than 1,000 K-12 pupils’ 5%.",
            "Los Ángeles\u{a0}County\u{2009}served 300\u{3000}families\u{85}today\u{2028}x",
            "tab\tnew\nline\r\x0bvt\x0cff\u{1c}unit 5",
            "ÉCOLE 25 élèves, İstanbul 3 KELVIN \u{212a} 4 ½ ⅔",
            "'24 ’25 #5 $5 $1.3 million a year in lost fare revenue.",
            "one of only six in the region, one of the only 8",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let long = "Word, (other) 12 “quoted” é-mail stuff 300 students! ".repeat(9);
        texts.push(long.clone());
        texts.push(format!("  {long}end"));
        texts.push(long.replace(' ', "\u{a0}"));
        texts.push("x".repeat(170) + " 5 " + &"y".repeat(170));
        texts
    }

    /// Every character boundary of `text`.
    fn boundaries(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect()
    }

    /// The token of the old readers: the core trimmed with the Unicode predicate.
    fn tok_by_chars(raw: &str) -> (&str, &str, bool, bool) {
        (
            raw,
            raw.trim_matches(|c: char| !c.is_alphanumeric()),
            !raw.starts_with(|c: char| c.is_alphanumeric()),
            !raw.ends_with(|c: char| c.is_alphanumeric()),
        )
    }

    fn parts<'a>(toks: &[Tok<'a>]) -> Vec<(&'a str, &'a str, bool, bool)> {
        toks.iter()
            .map(|t| (t.raw, t.core, t.open, t.close))
            .collect()
    }

    /// [`tokens_before`] as the readers first had it: the window split again.
    fn tokens_before_by_split(
        text: &str,
        at: usize,
        n: usize,
    ) -> (Vec<(&str, &str, bool, bool)>, bool) {
        let from = ceil_boundary(text, at.saturating_sub(WINDOW));
        let window = &text[from..at];
        let mut toks: Vec<_> = window
            .split_whitespace()
            .rev()
            .take(n + 1)
            .map(tok_by_chars)
            .collect();
        let all = toks.len() <= n;
        if toks.len() > n {
            toks.truncate(n);
        } else {
            let cut = from > 0 && !text[..from].ends_with(char::is_whitespace);
            if cut && !toks.is_empty() && !window.starts_with(char::is_whitespace) {
                toks.pop();
            }
        }
        toks.reverse();
        (toks, from == 0 && all)
    }

    /// [`tokens_after`] as the readers first had it: the window split again.
    fn tokens_after_by_split(
        text: &str,
        at: usize,
        n: usize,
    ) -> (Vec<(&str, &str, bool, bool)>, bool) {
        let to = floor_boundary(text, at + WINDOW);
        let window = &text[at..to];
        let glued = window.starts_with(|c: char| !c.is_whitespace());
        let mut toks: Vec<_> = window
            .split_whitespace()
            .take(n + 1)
            .map(tok_by_chars)
            .collect();
        if to < text.len() && toks.len() > n {
            toks.truncate(n);
        } else if to < text.len() && !window.ends_with(char::is_whitespace) {
            toks.pop();
        }
        (toks, glued)
    }

    #[test]
    fn irregular_plurals_do_not_end_in_s() {
        // `is_plural` looks them up only for words without a final `s`.
        assert!(IRREGULAR_PLURALS.iter().all(|w| !w.ends_with('s')));
    }

    #[test]
    fn is_plural_agrees_with_a_scan_of_the_tables() {
        let scan = |lower: &str| {
            if IRREGULAR_PLURALS.contains(&lower) {
                return true;
            }
            if NOT_PLURALS.contains(&lower) || lower.len() <= 3 {
                return false;
            }
            if lower.ends_with("ss")
                || lower.ends_with("us")
                || lower.ends_with("is")
                || lower.ends_with("ous")
            {
                return false;
            }
            lower.ends_with('s') && lower.chars().all(|c| c.is_alphabetic() || c == '-')
        };
        let mut words: Vec<String> = IRREGULAR_PLURALS
            .iter()
            .chain(NOT_PLURALS)
            .chain(PLURAL_MODIFIERS)
            .map(|w| w.to_string())
            .collect();
        words.extend(
            [
                "students", "s", "as", "bus", "class", "famous", "thesis", "e-bikes", "élèves",
                "x1s", "", "staffs", "people", "news", "ages",
            ]
            .map(str::to_string),
        );
        for w in &words {
            assert_eq!(is_plural(w), scan(w), "{w}");
        }
    }

    #[test]
    fn hedges_agree_with_a_scan_of_the_qualifier_phrases() {
        let scan_len = |prev: &[Tok<'_>]| {
            let n = prev.len();
            QUALIFIER_PHRASES.iter().find_map(|(phrase, _)| {
                let k = phrase.split(' ').count();
                let hit = k <= n
                    && prev[n - k..]
                        .iter()
                        .zip(phrase.split(' '))
                        .all(|(t, w)| t.is(w) && !t.close);
                hit.then_some(k)
            })
        };
        let scan_qualifier = |prev: &[Tok<'_>]| {
            if prev.last().is_some_and(|t| t.close && !t.is("approx")) {
                return None;
            }
            QUALIFIER_WORDS
                .iter()
                .find(|(words, _)| ends_with_hedge(prev, words))
                .map(|(_, q)| *q)
        };
        let mut texts: Vec<String> = QUALIFIER_PHRASES
            .iter()
            .flat_map(|(p, _)| {
                [
                    p.to_string(),
                    p.to_uppercase(),
                    format!("({p}"),
                    format!("{p},"),
                ]
            })
            .collect();
        texts.extend(
            [
                "",
                "x",
                "not more",
                "up, to",
                "approx.",
                "well  over",
                "the some",
            ]
            .map(str::to_string),
        );
        for text in &texts {
            let w = Words::new(text);
            let (prev, _) = tokens_before(&w, text.len(), 3);
            assert_eq!(hedge_len(&prev), scan_len(&prev), "{text:?}");
            assert_eq!(
                qualifier_before(&w, text.len()),
                scan_qualifier(&prev),
                "{text:?}"
            );
        }
    }

    #[test]
    fn lower_is_agrees_with_to_lowercase() {
        for core in [
            "And",
            "OLDER",
            "older",
            "Ünder",
            "İ",
            "\u{212a}",
            "",
            "o’clock",
        ] {
            let t = Tok::new(core);
            for lower in ["and", "older", "ünder", "i̇", "k", "", "o’clock", "Older"] {
                assert_eq!(
                    t.lower_is(lower),
                    t.core.to_lowercase() == lower,
                    "{core} {lower}"
                );
            }
        }
    }

    #[test]
    fn whitespace_spans_agree_with_split_whitespace() {
        for text in token_texts() {
            let spans: Vec<&str> = whitespace_spans(&text)
                .iter()
                .map(|&(s, e)| &text[s..e])
                .collect();
            let split: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(spans, split, "{text:?}");
            // Same pieces at the same places.
            for (&(s, _), piece) in whitespace_spans(&text).iter().zip(&split) {
                assert_eq!(s, piece.as_ptr() as usize - text.as_ptr() as usize);
            }
        }
    }

    #[test]
    fn tok_new_agrees_with_the_unicode_trim() {
        for text in token_texts() {
            for raw in text.split_whitespace() {
                let t = Tok::new(raw);
                assert_eq!(
                    (t.raw, t.core, t.open, t.close),
                    tok_by_chars(raw),
                    "{raw:?}"
                );
            }
        }
        for raw in ["(", "“", "(5)", "a", "—", "5%", "’s", "x.", ".x", "((a))"] {
            let t = Tok::new(raw);
            assert_eq!(
                (t.raw, t.core, t.open, t.close),
                tok_by_chars(raw),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn token_windows_agree_with_splitting_the_window_again() {
        for text in token_texts() {
            let w = Words::new(&text);
            for at in boundaries(&text) {
                for n in [1, 2, 3, 4, 5, 6, 12, 16, 24] {
                    let (before, first) = tokens_before(&w, at, n);
                    assert_eq!(
                        (parts(&before), first),
                        tokens_before_by_split(&text, at, n),
                        "before {at} n {n} in {text:?}"
                    );
                    let (after, glued) = tokens_after(&w, at, n);
                    assert_eq!(
                        (parts(&after), glued),
                        tokens_after_by_split(&text, at, n),
                        "after {at} n {n} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn words_agree_with_splitting_at_non_alphanumerics() {
        for text in token_texts() {
            let split: Vec<(usize, &str)> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
                .collect();
            assert_eq!(words(&text).collect::<Vec<_>>(), split, "{text:?}");
        }
    }

    #[test]
    fn one_of_fillers_agree_with_the_joined_lowercase() {
        let joined = |toks: &[Tok<'_>]| {
            let f = toks
                .iter()
                .map(|t| t.core.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            f.is_empty() || ONE_OF_FILLERS.contains(&f.as_str())
        };
        let words = [
            "only", "Only", "JUST", "the", "The", "—", "(", "only,", "x", "ONLY", "thé",
        ];
        for a in words {
            let one = [Tok::new(a)];
            assert_eq!(one_of_fillers(&one), joined(&one), "{a}");
            for b in words {
                let two = [Tok::new(a), Tok::new(b)];
                assert_eq!(one_of_fillers(&two), joined(&two), "{a} {b}");
            }
        }
        assert!(one_of_fillers(&[]));
    }

    #[test]
    fn measure_unit_agrees_with_a_scan_of_the_units() {
        let scan = |toks: &[Tok<'_>]| {
            for unit in MEASURE_UNITS {
                let words: Vec<&str> = unit.split(' ').collect();
                if toks.len() < words.len() {
                    continue;
                }
                let head = &toks[..words.len()];
                let clean = head
                    .iter()
                    .enumerate()
                    .all(|(i, t)| !t.open && (i + 1 == head.len() || !t.close));
                if clean && head.iter().zip(&words).all(|(t, w)| t.is(w)) {
                    return Some(head.iter().map(|t| t.core).collect::<Vec<_>>().join(" "));
                }
            }
            None
        };
        for text in [
            "square miles of",
            "Square Feet,",
            "square, miles",
            "acre-feet",
            "MILES",
            "sq. ft",
            "sq ft.",
            "kWh",
            "(miles)",
            "cubic",
            "",
            "feet feet",
        ] {
            let toks: Vec<Tok<'_>> = text.split_whitespace().map(Tok::new).collect();
            assert_eq!(measure_unit(&toks), scan(&toks), "{text:?}");
        }
    }
}
