//! All rows of one run, table by table, in output order. Built by [`crate::pipeline`], written by
//! [`crate::write`].

use crate::extract::{Outcome, Partner, Person, Program};
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
