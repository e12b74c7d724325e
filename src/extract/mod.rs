//! Rule-based extractors: from a parsed [`Release`] to rows of the `programs`, `partners`,
//! `outcomes` and `people` tables. Extractors are pure: they read borrowed data and return rows;
//! they never open files, print or read the clock. Their rules are data in [`lexicon`].

pub mod lexicon;
pub mod numbers;

use crate::release::Release;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
#[derive(Debug, Clone, PartialEq)]
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
    pub rule: &'static str,
}

/// A row of the `partners` table.
#[derive(Debug, Clone, PartialEq)]
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
    pub rule: &'static str,
}

/// A row of the `outcomes` table.
#[derive(Debug, Clone, PartialEq)]
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
    pub rule: &'static str,
}

/// A row of the `people` table.
#[derive(Debug, Clone, PartialEq)]
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
    pub rule: &'static str,
}

/// Everything extracted from one release.
#[derive(Debug, Clone, Default, PartialEq)]
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

/// Runs every extractor on one release.
pub fn extract_all(release: &Release, lexicon: &Lexicon) -> Extracted {
    let _ = (release, lexicon);
    Extracted::default()
}
