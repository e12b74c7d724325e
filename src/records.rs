//! How each row type maps onto its table's columns ([`crate::schema`]). This is the one place
//! that pairs struct fields with column indexes; `tests` below check every pairing against the
//! declared column types.

use crate::error::{ErrorKind, ParseError};
use crate::extract::{Outcome, Partner, Person, Program};
use crate::release::Release;
use crate::schema::{self, Cell, Record, TableDef};

/// A row of the `rejects` table: an input file that did not become a release.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reject {
    /// Path relative to the input root, forward slashes.
    pub source_file: String,
    /// 1-based line, when the problem has a place.
    pub line: Option<u32>,
    /// 1-based column in characters, when the problem has a place.
    pub column: Option<u32>,
    /// Class of the problem.
    pub error_kind: ErrorKind,
    /// What was expected and found, or what the system said.
    pub message: String,
}

impl From<&ParseError> for Reject {
    fn from(err: &ParseError) -> Self {
        let place = |n: u32| (err.line > 0).then_some(n);
        Reject {
            source_file: err.path.clone(),
            line: place(err.line),
            column: place(err.column),
            error_kind: err.kind,
            message: err.message(),
        }
    }
}

impl Record for Release {
    const TABLE: &'static TableDef = &schema::RELEASES;
    fn cell(&self, col: usize) -> Cell<'_> {
        match col {
            0 => Cell::Str(&self.release_id),
            1 => Cell::Str(&self.source_file),
            2 => Cell::Str(&self.title),
            3 => Cell::opt_str(self.summary.as_deref()),
            4 => self
                .published
                .as_ref()
                .map_or(Cell::Null, |p| Cell::Timestamp(p.utc())),
            5 => self.published.as_ref().map_or(Cell::Null, |p| {
                Cell::String(p.local.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            }),
            6 => Cell::opt_str(self.published.as_ref().and_then(|p| p.timezone.as_deref())),
            7 => Cell::Str(&self.body),
            8 => Cell::int(self.paragraph_count()),
            9 => Cell::int(self.list_item_count()),
            10 => Cell::int(self.word_count()),
            11 => Cell::Str(&self.content_sha256),
            12 => Cell::List(&self.warnings),
            _ => unreachable!("releases has 13 columns"),
        }
    }
}

impl Record for Reject {
    const TABLE: &'static TableDef = &schema::REJECTS;
    fn cell(&self, col: usize) -> Cell<'_> {
        match col {
            0 => Cell::Str(&self.source_file),
            1 => self.line.map_or(Cell::Null, |n| Cell::Int(n.into())),
            2 => self.column.map_or(Cell::Null, |n| Cell::Int(n.into())),
            3 => Cell::Str(self.error_kind.code()),
            4 => Cell::Str(&self.message),
            _ => unreachable!("rejects has 5 columns"),
        }
    }
}

impl Record for Program {
    const TABLE: &'static TableDef = &schema::PROGRAMS;
    fn cell(&self, col: usize) -> Cell<'_> {
        match col {
            0 => Cell::Str(&self.release_id),
            1 => Cell::Str(&self.program_id),
            2 => Cell::Str(&self.name),
            3 => Cell::opt_str(self.acronym.as_deref()),
            4 => Cell::int(self.mention_count),
            5 => Cell::int(self.start),
            6 => Cell::int(self.end),
            7 => Cell::Str(&self.sentence),
            8 => Cell::Str(self.rule),
            _ => unreachable!("programs has 9 columns"),
        }
    }
}

impl Record for Partner {
    const TABLE: &'static TableDef = &schema::PARTNERS;
    fn cell(&self, col: usize) -> Cell<'_> {
        match col {
            0 => Cell::Str(&self.release_id),
            1 => Cell::Str(&self.partner_id),
            2 => Cell::Str(&self.name),
            3 => Cell::opt_str(self.acronym.as_deref()),
            4 => Cell::Str(self.org_type.code()),
            5 => self.role.map_or(Cell::Null, |r| Cell::Str(r.code())),
            6 => Cell::int(self.mention_count),
            7 => Cell::int(self.start),
            8 => Cell::int(self.end),
            9 => Cell::Str(&self.sentence),
            10 => Cell::Str(self.rule),
            _ => unreachable!("partners has 11 columns"),
        }
    }
}

impl Record for Outcome {
    const TABLE: &'static TableDef = &schema::OUTCOMES;
    fn cell(&self, col: usize) -> Cell<'_> {
        match col {
            0 => Cell::Str(&self.release_id),
            1 => Cell::int(self.outcome_index),
            2 => Cell::opt_float(self.value),
            3 => Cell::opt_float(self.value_min),
            4 => Cell::opt_float(self.value_max),
            5 => Cell::Str(self.kind.code()),
            6 => Cell::opt_str(self.unit.as_deref()),
            7 => self.qualifier.map_or(Cell::Null, |q| Cell::Str(q.code())),
            8 => Cell::opt_str(self.object.as_deref()),
            9 => Cell::opt_str(self.program_id.as_deref()),
            10 => Cell::Str(&self.text),
            11 => Cell::int(self.start),
            12 => Cell::int(self.end),
            13 => Cell::Str(&self.sentence),
            14 => Cell::Str(self.rule),
            _ => unreachable!("outcomes has 15 columns"),
        }
    }
}

impl Record for Person {
    const TABLE: &'static TableDef = &schema::PEOPLE;
    fn cell(&self, col: usize) -> Cell<'_> {
        match col {
            0 => Cell::Str(&self.release_id),
            1 => Cell::int(self.person_index),
            2 => Cell::Str(&self.name),
            3 => Cell::opt_str(self.title.as_deref()),
            4 => Cell::opt_str(self.affiliation.as_deref()),
            5 => Cell::opt_str(self.quote.as_deref()),
            6 => Cell::int(self.start),
            7 => Cell::int(self.end),
            8 => Cell::Str(self.rule),
            _ => unreachable!("people has 9 columns"),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::extract::{OrgType, OutcomeKind, Qualifier, Role};
    use crate::release::{Block, BlockKind, Published};

    /// Checks that every cell of `row` fits its declared column type and nullability.
    pub(crate) fn assert_row_fits<R: Record>(row: &R) {
        for (i, col) in R::TABLE.columns.iter().enumerate() {
            let cell = row.cell(i);
            assert!(
                cell.fits(col.ty),
                "{}.{}: {cell:?}",
                R::TABLE.name,
                col.name
            );
            if !col.nullable {
                assert_ne!(
                    cell,
                    Cell::Null,
                    "{}.{} is not nullable",
                    R::TABLE.name,
                    col.name
                );
            }
        }
    }

    pub(crate) fn sample_release() -> Release {
        Release {
            release_id: "0123456789abcdef".into(),
            source_file: "a.txt".into(),
            content_sha256: "00".repeat(32),
            title: "T".into(),
            summary: None,
            published: Some(Published {
                local: chrono::DateTime::parse_from_rfc3339("2026-01-26T08:10:00-08:00").unwrap(),
                timezone: Some("PST".into()),
                has_time: true,
            }),
            body: "Hello.".into(),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                start: 0,
                text_start: 0,
                end: 6,
            }],
            warnings: vec![],
        }
    }

    #[test]
    fn every_row_type_fits_its_table() {
        let r = sample_release();
        assert_row_fits(&r);
        assert_eq!(r.cell(5), Cell::String("2026-01-26T08:10:00-08:00".into()));
        assert_row_fits(&Reject {
            source_file: "a.txt".into(),
            line: None,
            column: None,
            error_kind: ErrorKind::Empty,
            message: "m".into(),
        });
        assert_row_fits(&Program {
            release_id: "r".into(),
            program_id: "p".into(),
            name: "P".into(),
            acronym: None,
            mention_count: 1,
            start: 0,
            end: 1,
            sentence: "s".into(),
            rule: "r",
        });
        assert_row_fits(&Partner {
            release_id: "r".into(),
            partner_id: "p".into(),
            name: "P".into(),
            acronym: Some("P".into()),
            org_type: OrgType::Nonprofit,
            role: Some(Role::Funder),
            mention_count: 1,
            start: 0,
            end: 1,
            sentence: "s".into(),
            rule: "r",
        });
        assert_row_fits(&Outcome {
            release_id: "r".into(),
            outcome_index: 0,
            value: Some(1.0),
            value_min: None,
            value_max: None,
            kind: OutcomeKind::Count,
            unit: None,
            qualifier: Some(Qualifier::Over),
            object: Some("students".into()),
            program_id: None,
            text: "1".into(),
            start: 0,
            end: 1,
            sentence: "s".into(),
            rule: "r",
        });
        assert_row_fits(&Person {
            release_id: "r".into(),
            person_index: 0,
            name: "N".into(),
            title: None,
            affiliation: None,
            quote: None,
            start: 0,
            end: 1,
            rule: "r",
        });
    }

    #[test]
    fn enum_codes_are_in_the_schema_vocabularies() {
        use crate::schema::{ORG_TYPES, OUTCOME_KINDS, QUALIFIERS, ROLES};
        for t in [
            OrgType::SchoolDistrict,
            OrgType::CourtSchool,
            OrgType::Other,
        ] {
            assert!(ORG_TYPES.contains(&t.code()));
        }
        for r in [
            Role::Funder,
            Role::Presenter,
            Role::Participant,
            Role::Host,
            Role::Partner,
        ] {
            assert!(ROLES.contains(&r.code()));
        }
        for k in [
            OutcomeKind::Count,
            OutcomeKind::Percent,
            OutcomeKind::Money,
            OutcomeKind::Other,
        ] {
            assert!(OUTCOME_KINDS.contains(&k.code()));
        }
        for q in [
            Qualifier::Approximately,
            Qualifier::Over,
            Qualifier::AtLeast,
            Qualifier::Nearly,
            Qualifier::UpTo,
            Qualifier::Under,
        ] {
            assert!(QUALIFIERS.contains(&q.code()));
        }
    }
}
