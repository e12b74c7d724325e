//! All rows of one run, table by table, in output order. Built by [`crate::pipeline`], written by
//! [`crate::write`].

use crate::extract::{Extracted, Outcome, Partner, Person, Program};
use crate::records::Reject;
use crate::release::Release;

/// The rows of every table of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// One row per parsed release, by source_file.
    pub releases: Vec<Release>,
    /// Programs, by release then start.
    pub programs: Vec<Program>,
    /// Partners, by release then start.
    pub partners: Vec<Partner>,
    /// Outcomes, by release then start.
    pub outcomes: Vec<Outcome>,
    /// People, by release then start.
    pub people: Vec<Person>,
    /// One row per input file that did not parse, by source_file.
    pub rejects: Vec<Reject>,
}

impl Dataset {
    /// Appends one parsed release and its extracted rows.
    pub fn push_release(&mut self, release: Release, extracted: Extracted) {
        self.releases.push(release);
        self.programs.extend(extracted.programs);
        self.partners.extend(extracted.partners);
        self.outcomes.extend(extracted.outcomes);
        self.people.extend(extracted.people);
    }

    /// Appends every row of `other`, table by table.
    pub fn append(&mut self, other: Dataset) {
        self.releases.extend(other.releases);
        self.programs.extend(other.programs);
        self.partners.extend(other.partners);
        self.outcomes.extend(other.outcomes);
        self.people.extend(other.people);
        self.rejects.extend(other.rejects);
    }
}
