//! Typed errors of the library. Every variant names the file or table it is about, so a message
//! printed by an operator's scheduler is enough to find the problem.

use std::fmt;
use std::path::PathBuf;

/// Any error a writer or a reader below us may raise.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The library's error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file or folder could not be read.
    #[error("cannot read {}", path.display())]
    ReadInput {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A release could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// An output table could not be written.
    #[error("cannot write the {table} table to {}", path.display())]
    WriteTable {
        /// Table name (`releases`, `outcomes`, ...).
        table: &'static str,
        /// The file being written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// An output folder or schema file could not be created.
    #[error("cannot write {}", path.display())]
    WriteOutput {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The command line or configuration asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Another run holds the lock of the output folder (exit code 4).
    #[error("another run ({holder}) is writing {}; its lock file is {}", dir.display(), lock.display())]
    Locked {
        /// The output folder.
        dir: PathBuf,
        /// The lock file beside it.
        lock: PathBuf,
        /// Who holds it, e.g. `pid 4242`.
        holder: String,
    },
    /// `--strict` was given and some inputs were rejected.
    #[error("--strict: {rejects} input(s) rejected, nothing written")]
    Strict {
        /// How many inputs were rejected.
        rejects: usize,
    },
}

/// Why a release was rejected, as a stable snake_case code for the `rejects.error_kind` column.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be read at all.
    Unreadable,
    /// The file holds no text (empty, or whitespace only).
    Empty,
    /// The bytes are not text (NUL bytes, control characters, an unsupported encoding).
    Binary,
    /// The title line is missing or unusable.
    Title,
    /// A line where the date should be is not a date we can read.
    Date,
    /// There is a title and a date but no body.
    NoBody,
    /// pressroom itself failed on this file (a bug): the file is kept as a reject, never lost.
    Internal,
}

impl ErrorKind {
    /// The code written to `rejects.error_kind`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Empty => "empty",
            ErrorKind::Binary => "binary",
            ErrorKind::Title => "title",
            ErrorKind::Date => "date",
            ErrorKind::NoBody => "no_body",
            ErrorKind::Internal => "internal",
        }
    }

    /// Every code, in the order of the enum (the `rejects.error_kind` vocabulary).
    pub const ALL_CODES: &'static [&'static str] = &[
        "unreadable",
        "empty",
        "binary",
        "title",
        "date",
        "no_body",
        "internal",
    ];
}

/// A release that cannot be parsed: where, and what was expected there.
///
/// Renders as `input/x.txt:2:1: expected a date like 'Mon Jan 26 08:10:00 PST 2026', found 'Tomorrow'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file, relative to the input root, with forward slashes.
    pub path: String,
    /// 1-based line (0 when the error is about the whole file).
    pub line: u32,
    /// 1-based column in characters (0 when the error is about the whole file).
    pub column: u32,
    /// What kind of problem this is.
    pub kind: ErrorKind,
    /// What the parser expected at that spot ("a date like ...").
    pub expected: String,
    /// A short excerpt of what was there instead; empty at the end of the file.
    pub found: String,
}

impl std::error::Error for ParseError {}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {}", self.message())
    }
}

impl ParseError {
    /// The message without the location, for the `rejects.message` column.
    pub fn message(&self) -> String {
        if self.found.is_empty() {
            format!("expected {}, found the end of the file", self.expected)
        } else {
            format!("expected {}, found '{}'", self.expected, self.found)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_renders_file_line_column() {
        let err = ParseError {
            path: "input/x.txt".into(),
            line: 2,
            column: 1,
            kind: ErrorKind::Date,
            expected: "a date like 'Mon Jan 26 08:10:00 PST 2026'".into(),
            found: "Tomorrow".into(),
        };
        assert_eq!(
            err.to_string(),
            "input/x.txt:2:1: expected a date like 'Mon Jan 26 08:10:00 PST 2026', found 'Tomorrow'"
        );
    }

    #[test]
    fn error_kind_codes_match_the_vocabulary() {
        let all = [
            ErrorKind::Unreadable,
            ErrorKind::Empty,
            ErrorKind::Binary,
            ErrorKind::Title,
            ErrorKind::Date,
            ErrorKind::NoBody,
            ErrorKind::Internal,
        ];
        let codes: Vec<_> = all.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ErrorKind::ALL_CODES);
    }
}
