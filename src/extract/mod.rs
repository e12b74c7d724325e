//! Rule-based extractors: from a parsed [`Release`] to rows of the `programs`, `partners`,
//! `outcomes` and `people` tables. Extractors are pure: they read borrowed data and return rows;
//! they never open files, print or read the clock. Their rules are data in [`lexicon`].

pub mod acronyms;
pub mod lexicon;
pub mod numbers;
pub mod offsets;
pub mod outcomes;
pub mod partners;
pub mod people;
pub mod programs;
pub mod sentences;
mod word_classes;
mod wordset;

use crate::release::Release;

/// Version of the parsing and extraction rules. Bump it in the same change as any rule that can
/// alter a row (a parser piece, a lexicon table, an extractor): `pressroom extract --incremental`
/// reuses a cached input's rows only when this version, [`crate::schema::SCHEMA_VERSION`] and
/// the tool version are unchanged, and every run records it in `manifest.json`.
pub const RULES_VERSION: &str = "1";

/// Name of the rule that produced a row (the `rule` column). An alias, so that serde reads it
/// through [`crate::incremental::rule_name`] instead of borrowing it from its input.
pub type RuleName = &'static str;

/// Resolved extraction settings: who the publisher is (its names are never partners).
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Names and short forms of the publishing agency, e.g. "Los Angeles County Office of Education", "LACOE".
    pub publisher_names: Vec<String>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            publisher_names: vec![
                "Los Angeles County Office of Education".to_string(),
                "LACOE".to_string(),
            ],
        }
    }
}

/// Type of a partner organisation (`partners.org_type`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    /// A school district (unified, elementary, high school district).
    SchoolDistrict,
    /// A community college or college district.
    College,
    /// A university.
    University,
    /// A single K-12 school.
    K12School,
    /// A foundation.
    Foundation,
    /// A nonprofit organisation.
    Nonprofit,
    /// A government body (city, county, state, department).
    Government,
    /// A company.
    Business,
    /// A juvenile court or detention school.
    CourtSchool,
    /// Anything else.
    Other,
}

impl OrgType {
    /// The snake_case code written to the tables.
    pub fn code(self) -> &'static str {
        match self {
            OrgType::SchoolDistrict => "school_district",
            OrgType::College => "college",
            OrgType::University => "university",
            OrgType::K12School => "k12_school",
            OrgType::Foundation => "foundation",
            OrgType::Nonprofit => "nonprofit",
            OrgType::Government => "government",
            OrgType::Business => "business",
            OrgType::CourtSchool => "court_school",
            OrgType::Other => "other",
        }
    }
}

/// What a partner does in the release (`partners.role`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Pays for the work ("supported by", "funded by").
    Funder,
    /// Presents at an event ("presentations from").
    Presenter,
    /// Takes part ("representing", "attendees from").
    Participant,
    /// Hosts ("hosted by").
    Host,
    /// Works alongside ("in collaboration with", "partnership with").
    Partner,
}

impl Role {
    /// The snake_case code written to the tables.
    pub fn code(self) -> &'static str {
        match self {
            Role::Funder => "funder",
            Role::Presenter => "presenter",
            Role::Participant => "participant",
            Role::Host => "host",
            Role::Partner => "partner",
        }
    }
}

/// What an outcome measures (`outcomes.kind`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// A count of things or people.
    Count,
    /// A percentage, in percent points.
    Percent,
    /// An amount of money, in `unit` (dollars for USD).
    Money,
    /// Any other quantity.
    Other,
}

impl OutcomeKind {
    /// The snake_case code written to the tables.
    pub fn code(self) -> &'static str {
        match self {
            OutcomeKind::Count => "count",
            OutcomeKind::Percent => "percent",
            OutcomeKind::Money => "money",
            OutcomeKind::Other => "other",
        }
    }
}

/// A hedge before a number (`outcomes.qualifier`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "about", "approximately", "roughly", "an estimated".
    Approximately,
    /// "over", "more than", "above".
    Over,
    /// "at least", "a minimum of".
    AtLeast,
    /// "nearly", "almost", "close to".
    Nearly,
    /// "up to", "as many as".
    UpTo,
    /// "under", "fewer than", "less than".
    Under,
}

impl Qualifier {
    /// The snake_case code written to the tables.
    pub fn code(self) -> &'static str {
        match self {
            Qualifier::Approximately => "approximately",
            Qualifier::Over => "over",
            Qualifier::AtLeast => "at_least",
            Qualifier::Nearly => "nearly",
            Qualifier::UpTo => "up_to",
            Qualifier::Under => "under",
        }
    }
}

/// A row of the `programs` table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Program {
    /// The release.
    pub release_id: String,
    /// Slug of the canonical long name.
    pub program_id: String,
    /// Long form as written.
    pub name: String,
    /// Short form the release defines.
    pub acronym: Option<String>,
    /// Mentions, acronym uses included.
    pub mention_count: usize,
    /// Character offset of the first mention in the body.
    pub start: usize,
    /// Character offset just past the first mention.
    pub end: usize,
    /// The sentence of the first mention.
    pub sentence: String,
    /// The rule that found it.
    #[serde(deserialize_with = "crate::incremental::rule_name")]
    pub rule: RuleName,
}

/// A row of the `partners` table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Partner {
    /// The release.
    pub release_id: String,
    /// Slug of the canonical long name.
    pub partner_id: String,
    /// Long form as written.
    pub name: String,
    /// Short form used in the release.
    pub acronym: Option<String>,
    /// Organisation type.
    pub org_type: OrgType,
    /// Role from cue phrases.
    pub role: Option<Role>,
    /// Mentions, short forms included.
    pub mention_count: usize,
    /// Character offset of the first mention in the body.
    pub start: usize,
    /// Character offset just past the first mention.
    pub end: usize,
    /// The sentence of the first mention.
    pub sentence: String,
    /// The rule that found it.
    #[serde(deserialize_with = "crate::incremental::rule_name")]
    pub rule: RuleName,
}

/// A row of the `outcomes` table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// The release.
    pub release_id: String,
    /// 0-based position in the release.
    pub outcome_index: usize,
    /// Normalized value (dollars, percent points, count).
    pub value: Option<f64>,
    /// Lower bound of a range.
    pub value_min: Option<f64>,
    /// Upper bound of a range.
    pub value_max: Option<f64>,
    /// What it measures.
    pub kind: OutcomeKind,
    /// Unit (`USD`, `%`).
    pub unit: Option<String>,
    /// Hedge before the number.
    pub qualifier: Option<Qualifier>,
    /// What is counted.
    pub object: Option<String>,
    /// The program the sentence ties the number to.
    pub program_id: Option<String>,
    /// Exact span in the body.
    pub text: String,
    /// Character offset of `text` in the body.
    pub start: usize,
    /// Character offset just past `text`.
    pub end: usize,
    /// The sentence holding the number.
    pub sentence: String,
    /// The rule that found it.
    #[serde(deserialize_with = "crate::incremental::rule_name")]
    pub rule: RuleName,
}

/// A row of the `people` table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    /// The release.
    pub release_id: String,
    /// 0-based position in the release.
    pub person_index: usize,
    /// Name without honorific.
    pub name: String,
    /// Job title.
    pub title: Option<String>,
    /// Organisation the person speaks for.
    pub affiliation: Option<String>,
    /// What the person said.
    pub quote: Option<String>,
    /// Character offset of the attribution or quote in the body.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
    /// The rule that found it.
    #[serde(deserialize_with = "crate::incremental::rule_name")]
    pub rule: RuleName,
}

/// Everything extracted from one release.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Extracted {
    /// Rows of `programs`, by start.
    pub programs: Vec<Program>,
    /// Rows of `partners`, by start.
    pub partners: Vec<Partner>,
    /// Rows of `outcomes`, by start.
    pub outcomes: Vec<Outcome>,
    /// Rows of `people`, by start.
    pub people: Vec<Person>,
}

/// Runs every extractor on one release. The release is segmented and its names found once,
/// then shared by the programs, partners and people extractors.
pub fn extract_all(release: &Release, lexicon: &Lexicon) -> Extracted {
    let mut analysis = programs::analyse(release, lexicon);
    // The partner rows the guess computes stand when the analysis does not change.
    let mut partner_rows = None;
    if let Some(publisher_names) = guess_publisher(release, lexicon, &analysis, &mut partner_rows) {
        partner_rows = None;
        let guessed = Lexicon { publisher_names };
        analysis = programs::reanalyse(analysis, &guessed);
    }
    let programs = programs::rows(&analysis, release);
    let partners = partner_rows.unwrap_or_else(|| partners::rows(&analysis, release));
    let people = people::rows(&analysis, release);
    let doc = &analysis.doc;
    let outcomes = outcomes::extract_sentences(release, &doc.sentences, &doc.chars, &programs);
    Extracted {
        programs,
        partners,
        outcomes,
        people,
    }
}

/// Whether `name` occurs in `text` as a whole name (not inside a longer word).
fn names(text: &str, name: &str) -> bool {
    !name.is_empty()
        && text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// The publisher of a release that names none of the configured publisher names.
///
/// Such a release is most likely another agency's, and press releases name their publisher
/// first: at the start of the title ("Brazos Ridge ISD Opens Career Academies") or as the
/// subject of the body's first sentence ("The Maryland State Department of Education today
/// announced ..."). The organisations found there are taken as the publisher, so they are not
/// listed as its partners. Returns the publisher names to use (configured and guessed), or
/// `None` when a configured name occurs or nothing opens the title or the first sentence.
/// `analysis` is the release analysed with `lexicon`; the partner rows of that analysis, when
/// computed, are left in `partner_rows`.
fn guess_publisher(
    release: &Release,
    lexicon: &Lexicon,
    analysis: &programs::Analysis<'_>,
    partner_rows: &mut Option<Vec<Partner>>,
) -> Option<Vec<String>> {
    let named = |name: &str| {
        names(&release.title, name)
            || release.summary.as_deref().is_some_and(|s| names(s, name))
            || names(&release.body, name)
    };
    if lexicon.publisher_names.iter().any(|n| named(n)) {
        return None;
    }
    let found = partner_rows.insert(partners::rows(analysis, release));
    let title = release.title.strip_prefix("The ").unwrap_or(&release.title);
    let first_sentence = analysis.doc.sentences.first().map(|s| {
        let start = analysis.doc.chars.char_at(s.start);
        let opening = &release.body[s.start..s.end];
        // "The Maryland State Department ..." names the organisation after the article.
        if opening.starts_with("The ") {
            start + 4
        } else {
            start
        }
    });
    let opens = |p: &Partner| {
        let forms = std::iter::once(p.name.as_str()).chain(p.acronym.as_deref());
        Some(p.start) == first_sentence
            || forms.into_iter().any(|f| {
                title
                    .strip_prefix(f)
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
            })
    };
    let mut guessed: Vec<String> = found
        .iter()
        .filter(|p| opens(p))
        .flat_map(|p| std::iter::once(p.name.clone()).chain(p.acronym.clone()))
        .collect();
    if guessed.is_empty() {
        return None;
    }
    guessed.extend(lexicon.publisher_names.iter().cloned());
    Some(guessed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sentences::test_release;

    #[test]
    fn names_matches_whole_names_only() {
        assert!(names("Work by LACOE staff", "LACOE"));
        assert!(!names("Work by LACOEX staff", "LACOE"));
        assert!(!names("nothing", ""));
    }

    #[test]
    fn guess_publisher_takes_the_organisation_that_opens_the_first_sentence() {
        let r = test_release(&[
            "The Harbor Valley Unified School District today opened two clinics with the \
             Pine Family Foundation.",
        ]);
        let x = extract_all(&r, &Lexicon::default());
        let partners: Vec<_> = x.partners.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(partners, ["Pine Family Foundation"]);
    }

    #[test]
    fn guess_publisher_keeps_the_configured_publisher_when_it_is_named() {
        let r = test_release(&[
            "The Harbor Valley Unified School District joined LACOE and the Pine Family \
             Foundation.",
        ]);
        let x = extract_all(&r, &Lexicon::default());
        assert_eq!(x.partners.len(), 2, "{:?}", x.partners);
    }

    fn char_slice(body: &str, start: usize, end: usize) -> String {
        body.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn extract_all_rows_are_sorted_with_character_offsets() {
        let r = test_release(&[
            "“Ça marche,” said Dr. Ana Ruiz, the office’s Director of Arts. The Youth Arts \
             Festival (YAF) drew 500 students with help from the Pine Family Foundation.",
            "- 1. YAF grew with Elm Unified School District and the Oak Valley Alliance.",
        ]);
        let x = extract_all(&r, &Lexicon::default());
        assert_eq!(x.programs.len(), 1);
        assert_eq!(x.programs[0].mention_count, 2);
        assert_eq!(x.partners.len(), 3);
        assert_eq!(x.people.len(), 1);
        for p in &x.programs {
            let m = char_slice(&r.body, p.start, p.end);
            assert!(m == p.name || Some(&m) == p.acronym.as_ref(), "{m}");
        }
        for p in &x.partners {
            assert_eq!(char_slice(&r.body, p.start, p.end), p.name);
        }
        assert!(x.partners.windows(2).all(|w| w[0].start <= w[1].start));
    }

    #[test]
    fn extract_all_survives_hostile_input() {
        let deep =
            "(".repeat(5_000) + "“x,” said Jo Park of the Pine Foundation" + &")".repeat(5_000);
        let items: Vec<String> = (0..10_000)
            .map(|n| format!("- {n}. Item {n} Camp with Town{n} College, “go,” said Al Lee{n}."))
            .collect();
        let mut blocks: Vec<&str> = vec![&deep, "", "((((", "“", "Dr.", "- 1.", "’s"];
        blocks.extend(items.iter().map(String::as_str));
        let x = extract_all(&test_release(&blocks), &Lexicon::default());
        assert!(x.partners.len() > 10_000);
    }
}
