//! What a run tells its operator on stderr. Each event's text is defined once here, so the
//! messages a scheduler's log shows stay the same wherever they are raised.

use std::fmt;
use std::time::Duration;

use crate::dataset::Dataset;
use crate::records::Reject;

/// An input file that became a reject. `shown_path` is the path as the operator gave it
/// (`input/x.txt`), not the relative `source_file`.
pub struct ReleaseSkipped<'a> {
    /// The path to show.
    pub shown_path: &'a str,
    /// The reject row.
    pub reject: &'a Reject,
}

impl fmt::Display for ReleaseSkipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.reject;
        write!(f, "pressroom: skipped {}", self.shown_path)?;
        if let (Some(line), Some(column)) = (r.line, r.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {} [{}]", r.message, r.error_kind.code())
    }
}

/// The one-line summary at the end of a run.
pub struct RunSummary<'a> {
    /// Input files seen.
    pub files: usize,
    /// The rows of the run.
    pub dataset: &'a Dataset,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Whether tables were written (false for `check`).
    pub written: bool,
}

impl fmt::Display for RunSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.dataset;
        write!(
            f,
            "pressroom: {} files, {} releases, {} rejects; programs {}, partners {}, outcomes {}, people {}; {} in {:.2} s",
            self.files,
            d.releases.len(),
            d.rejects.len(),
            d.programs.len(),
            d.partners.len(),
            d.outcomes.len(),
            d.people.len(),
            if self.written { "written" } else { "checked" },
            self.elapsed.as_secs_f64()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn release_skipped_names_file_line_and_column() {
        let reject = Reject {
            source_file: "x.txt".into(),
            line: Some(2),
            column: Some(1),
            error_kind: ErrorKind::Date,
            message: "expected a date, found 'Tomorrow'".into(),
        };
        let shown = ReleaseSkipped {
            shown_path: "input/x.txt",
            reject: &reject,
        };
        assert_eq!(
            shown.to_string(),
            "pressroom: skipped input/x.txt:2:1: expected a date, found 'Tomorrow' [date]"
        );
    }
}
