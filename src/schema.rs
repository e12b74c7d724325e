//! The single source of truth for the output tables: names, columns, types, nullability,
//! order and descriptions. The CSV header, the JSON Lines keys, the Arrow/Parquet schema and the
//! files in `schemas/` are all derived from these definitions.
//!
//! To change a column: bump [`SCHEMA_VERSION`], run `pressroom schema --out schemas/`, and add
//! a line to the README's schema history. `tests/schemas.rs` fails when `schemas/` drifts.

use chrono::{DateTime, Utc};

/// Version of the table layout; written into Parquet metadata and the schema files.
pub const SCHEMA_VERSION: &str = "1";

/// The logical type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// UTF-8 text.
    Text,
    /// Text from a closed vocabulary (snake_case codes).
    Enum(&'static [&'static str]),
    /// 64-bit signed integer.
    Int,
    /// 64-bit float.
    Float,
    /// An instant in UTC: RFC 3339 text in CSV/JSONL, a timestamp with UTC zone in Parquet.
    TimestampUtc,
    /// A list of texts: a JSON array in CSV and JSONL, a list column in Parquet.
    TextList,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Column name (a contract: scripts and the scorer read it).
    pub name: &'static str,
    /// Logical type.
    pub ty: ColType,
    /// Whether the column may hold nulls.
    pub nullable: bool,
    /// What the column means, for the schema files and Parquet metadata.
    pub description: &'static str,
}

/// One output table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableDef {
    /// Table name, plural snake_case; also the file stem.
    pub name: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// Columns in output order.
    pub columns: &'static [Column],
    /// Columns that together identify a row.
    pub primary_key: &'static [&'static str],
    /// How rows are ordered in every output file.
    pub row_order: &'static str,
}

impl TableDef {
    /// Index of a column by name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

const fn col(name: &'static str, ty: ColType, nullable: bool, description: &'static str) -> Column {
    Column {
        name,
        ty,
        nullable,
        description,
    }
}

use ColType::*;

/// Organisation types of the `partners.org_type` column.
pub const ORG_TYPES: &[&str] = &[
    "school_district",
    "college",
    "university",
    "k12_school",
    "foundation",
    "nonprofit",
    "government",
    "business",
    "court_school",
    "other",
];
/// Roles of the `partners.role` column.
pub const ROLES: &[&str] = &["funder", "presenter", "participant", "host", "partner"];
/// Kinds of the `outcomes.kind` column.
pub const OUTCOME_KINDS: &[&str] = &["count", "percent", "money", "other"];
/// Qualifiers of the `outcomes.qualifier` column.
pub const QUALIFIERS: &[&str] = &[
    "approximately",
    "over",
    "at_least",
    "nearly",
    "up_to",
    "under",
];
/// Codes of the `rejects.error_kind` column.
pub const ERROR_KINDS: &[&str] = crate::error::ErrorKind::ALL_CODES;

const RELEASE_ID: Column = col(
    "release_id",
    Text,
    false,
    "Id of the release: 16 hex digits of the SHA-256 of source_file",
);
const START: Column = col(
    "start",
    Int,
    false,
    "Character offset (Unicode code points) in releases.body where the first mention starts",
);
const END: Column = col(
    "end",
    Int,
    false,
    "Character offset in releases.body just past the first mention: body[start:end] is the mention",
);
const SENTENCE: Column = col(
    "sentence",
    Text,
    false,
    "The body sentence holding the first mention, as evidence",
);
const RULE: Column = col(
    "rule",
    Text,
    false,
    "Name of the extraction rule that produced the row (see `pressroom inspect`)",
);

/// One row per release that parsed.
pub const RELEASES: TableDef = TableDef {
    name: "releases",
    description: "One row per news release that parsed",
    columns: &[
        RELEASE_ID,
        col(
            "source_file",
            Text,
            false,
            "Path of the file relative to the input root, forward slashes",
        ),
        col("title", Text, false, "Title line"),
        col(
            "summary",
            Text,
            true,
            "One-line summary under the date; null when the release has none",
        ),
        col(
            "published_at",
            TimestampUtc,
            true,
            "Publication instant in UTC; null when the release gives no date",
        ),
        col(
            "published_local",
            Text,
            true,
            "Publication time as stated, RFC 3339 with the stated offset",
        ),
        col(
            "timezone",
            Text,
            true,
            "Time zone as written in the release (PST, Pacific Time); null when none is given",
        ),
        col(
            "body",
            Text,
            false,
            "Body text: paragraphs and list items (`- 1. Text`) separated by a blank line",
        ),
        col("paragraph_count", Int, false, "Paragraphs in the body"),
        col("list_item_count", Int, false, "List items in the body"),
        col(
            "word_count",
            Int,
            false,
            "Words in the body (tokens holding a letter or digit)",
        ),
        col(
            "content_sha256",
            Text,
            false,
            "SHA-256 of the file's bytes, lowercase hex",
        ),
        col(
            "warnings",
            TextList,
            false,
            "Problems that did not stop the parse (encoding fallback, contradicting zone, no date)",
        ),
    ],
    primary_key: &["release_id"],
    row_order: "source_file (byte order of the relative path)",
};

/// One row per input file that could not be parsed.
pub const REJECTS: TableDef = TableDef {
    name: "rejects",
    description: "One row per input file that could not be turned into a release",
    columns: &[
        col(
            "source_file",
            Text,
            false,
            "Path of the file relative to the input root, forward slashes",
        ),
        col(
            "line",
            Int,
            true,
            "1-based line of the problem; null when it concerns the whole file",
        ),
        col(
            "column",
            Int,
            true,
            "1-based column (characters) of the problem; null when it concerns the whole file",
        ),
        col(
            "error_kind",
            Enum(ERROR_KINDS),
            false,
            "Class of the problem",
        ),
        col(
            "message",
            Text,
            false,
            "What was expected and what was found",
        ),
    ],
    primary_key: &["source_file"],
    row_order: "source_file (byte order of the relative path)",
};

/// Named programs, initiatives, events and plans.
pub const PROGRAMS: TableDef = TableDef {
    name: "programs",
    description: "Named programs, initiatives, plans, councils and events mentioned in a release",
    columns: &[
        RELEASE_ID,
        col(
            "program_id",
            Text,
            false,
            "Slug of the canonical long name: the same program in two releases has the same id",
        ),
        col("name", Text, false, "Long form of the name as written"),
        col(
            "acronym",
            Text,
            true,
            "Short form the release defines, e.g. UPK-CDI; null when none",
        ),
        col(
            "mention_count",
            Int,
            false,
            "Mentions in the body, acronym uses included",
        ),
        START,
        END,
        SENTENCE,
        RULE,
    ],
    primary_key: &["release_id", "program_id"],
    row_order: "release order, then start",
};

/// Organisations other than the publisher.
pub const PARTNERS: TableDef = TableDef {
    name: "partners",
    description: "Organizations other than the publisher named in a release",
    columns: &[
        RELEASE_ID,
        col(
            "partner_id",
            Text,
            false,
            "Slug of the canonical long name: the same organization in two releases has the same id",
        ),
        col("name", Text, false, "Long form of the name as written"),
        col(
            "acronym",
            Text,
            true,
            "Short form used in the release; null when none",
        ),
        col("org_type", Enum(ORG_TYPES), false, "Type of organization"),
        col(
            "role",
            Enum(ROLES),
            true,
            "Role in the release from cue phrases (supported by -> funder); null when none is stated",
        ),
        col(
            "mention_count",
            Int,
            false,
            "Mentions in the body, short forms included",
        ),
        START,
        END,
        SENTENCE,
        RULE,
    ],
    primary_key: &["release_id", "partner_id"],
    row_order: "release order, then start",
};

/// Numbers that quantify something.
pub const OUTCOMES: TableDef = TableDef {
    name: "outcomes",
    description: "Numeric facts (counts, percentages, money) stated in a release",
    columns: &[
        RELEASE_ID,
        col(
            "outcome_index",
            Int,
            false,
            "0-based position of the outcome in its release",
        ),
        col(
            "value",
            Float,
            true,
            "Normalized value: dollars for money, percent points for percent; null for a two-sided range",
        ),
        col(
            "value_min",
            Float,
            true,
            "Lower bound of a range; null when open",
        ),
        col(
            "value_max",
            Float,
            true,
            "Upper bound of a range; null when open",
        ),
        col(
            "kind",
            Enum(OUTCOME_KINDS),
            false,
            "What the number measures",
        ),
        col("unit", Text, true, "Unit, e.g. USD or %; null for counts"),
        col(
            "qualifier",
            Enum(QUALIFIERS),
            true,
            "Hedge before the number (over 465 -> over); null when exact",
        ),
        col(
            "object",
            Text,
            true,
            "What is counted (community schools, students); null when unknown",
        ),
        col(
            "program_id",
            Text,
            true,
            "The program the sentence ties the number to; null when none",
        ),
        col(
            "text",
            Text,
            false,
            "The exact span of the number in the body",
        ),
        col(
            "start",
            Int,
            false,
            "Character offset in releases.body where text starts",
        ),
        col(
            "end",
            Int,
            false,
            "Character offset in releases.body just past text: body[start:end] == text",
        ),
        SENTENCE,
        RULE,
    ],
    primary_key: &["release_id", "outcome_index"],
    row_order: "release order, then start",
};

/// Quoted people.
pub const PEOPLE: TableDef = TableDef {
    name: "people",
    description: "People quoted in a release, with their titles",
    columns: &[
        RELEASE_ID,
        col(
            "person_index",
            Int,
            false,
            "0-based position of the person in its release",
        ),
        col("name", Text, false, "Name without honorific"),
        col("title", Text, true, "Job title as written; null when none"),
        col(
            "affiliation",
            Text,
            true,
            "Organization the person speaks for; null when none",
        ),
        col(
            "quote",
            Text,
            true,
            "What the person said, without quote marks",
        ),
        col(
            "start",
            Int,
            false,
            "Character offset in releases.body where the attribution or quote starts",
        ),
        col(
            "end",
            Int,
            false,
            "Character offset in releases.body just past it",
        ),
        RULE,
    ],
    primary_key: &["release_id", "person_index"],
    row_order: "release order, then start",
};

/// Every table, in the order files are listed in docs and manifests.
pub const TABLES: &[&TableDef] = &[
    &RELEASES, &PROGRAMS, &PARTNERS, &OUTCOMES, &PEOPLE, &REJECTS,
];

/// One value of one row, borrowed where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value (only in nullable columns).
    Null,
    /// Text or enum code, borrowed.
    Str(&'a str),
    /// Text computed for the row.
    String(String),
    /// Integer.
    Int(i64),
    /// Float.
    Float(f64),
    /// UTC instant.
    Timestamp(DateTime<Utc>),
    /// List of texts.
    List(&'a [String]),
}

impl Cell<'_> {
    /// Whether this cell can stand in a column of `ty` (nulls are checked separately).
    pub fn fits(&self, ty: ColType) -> bool {
        matches!(
            (self, ty),
            (Cell::Null, _)
                | (Cell::Str(_) | Cell::String(_), Text | Enum(_))
                | (Cell::Int(_), Int)
                | (Cell::Float(_), Float)
                | (Cell::Timestamp(_), TimestampUtc)
                | (Cell::List(_), TextList)
        )
    }

    /// An optional text.
    pub fn opt_str(v: Option<&str>) -> Cell<'_> {
        v.map_or(Cell::Null, Cell::Str)
    }

    /// An optional float.
    pub fn opt_float(v: Option<f64>) -> Cell<'static> {
        v.map_or(Cell::Null, Cell::Float)
    }

    /// An integer from a count or offset.
    pub fn int(v: usize) -> Cell<'static> {
        Cell::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

/// A row of one table. Writers read rows through this trait only, column by column.
pub trait Record: Sync {
    /// The table the row belongs to.
    const TABLE: &'static TableDef;
    /// The value of column `col` (an index into `TABLE.columns`).
    fn cell(&self, col: usize) -> Cell<'_>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_and_columns_are_unique() {
        let mut names: Vec<_> = TABLES.iter().map(|t| t.name).collect();
        names.dedup();
        assert_eq!(names.len(), TABLES.len());
        for t in TABLES {
            let mut cols: Vec<_> = t.columns.iter().map(|c| c.name).collect();
            cols.sort_unstable();
            cols.dedup();
            assert_eq!(
                cols.len(),
                t.columns.len(),
                "duplicate column in {}",
                t.name
            );
            for key in t.primary_key {
                assert!(t.column_index(key).is_some(), "{}: key {key}", t.name);
            }
        }
    }

    #[test]
    fn cell_fits_checks_the_type() {
        assert!(Cell::Str("a").fits(Text));
        assert!(Cell::Int(1).fits(Int));
        assert!(!Cell::Int(1).fits(Float));
        assert!(Cell::Null.fits(TimestampUtc));
    }
}
