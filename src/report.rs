//! What a run tells its operator on stderr. Each event's text is defined once here, so the
//! messages a scheduler's log shows stay the same wherever they are raised. Every event is a
//! [`crate::log::Event`]: its `Display` is the text line, and its name, level and fields make the
//! JSON line of `--log-format json`. Whether and how an event is shown is left to [`crate::log`].

use std::fmt;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::log::{Event, Level};
use crate::pipeline::Fate;
use crate::records::Reject;
use crate::summary::RowCounts;

/// How every text line starts. The JSON `message` field leaves it out.
pub const PREFIX: &str = "pressroom: ";

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
        write!(f, "{PREFIX}skipped {}", self.shown_path)?;
        if let (Some(line), Some(column)) = (r.line, r.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {} [{}]", r.message, r.error_kind.code())
    }
}

/// The one-line summary at the end of a run.
pub struct RunSummary {
    /// Input files seen.
    pub files: usize,
    /// Rows per table.
    pub rows: RowCounts,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Whether tables were written (false for `check`).
    pub written: bool,
}

impl fmt::Display for RunSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.rows;
        write!(
            f,
            "{PREFIX}{} files, {} releases, {} rejects; programs {}, partners {}, outcomes {}, people {}; {} in {:.2} s",
            self.files,
            d.releases,
            d.rejects,
            d.programs,
            d.partners,
            d.outcomes,
            d.people,
            if self.written { "written" } else { "checked" },
            self.elapsed.as_secs_f64()
        )
    }
}

impl Event for ReleaseSkipped<'_> {
    const NAME: &'static str = "release_skipped";
    const LEVEL: Level = Level::Warn;
    fn fields(&self) -> Vec<(&'static str, Value)> {
        let r = self.reject;
        vec![
            ("source_file", Value::from(r.source_file.as_str())),
            ("path", Value::from(self.shown_path)),
            ("line", Value::from(r.line)),
            ("column", Value::from(r.column)),
            ("error_kind", Value::from(r.error_kind.code())),
            ("reason", Value::from(r.message.as_str())),
        ]
    }
}

impl Event for RunSummary {
    const NAME: &'static str = "run_summary";
    const LEVEL: Level = Level::Info;
    fn fields(&self) -> Vec<(&'static str, Value)> {
        let d = self.rows;
        // Seconds to the millisecond.
        let seconds = (self.elapsed.as_secs_f64() * 1000.0).round() / 1000.0;
        vec![
            ("files", Value::from(self.files)),
            ("releases", Value::from(d.releases)),
            ("rejects", Value::from(d.rejects)),
            ("programs", Value::from(d.programs)),
            ("partners", Value::from(d.partners)),
            ("outcomes", Value::from(d.outcomes)),
            ("people", Value::from(d.people)),
            ("written", Value::from(self.written)),
            ("seconds", Value::from(seconds)),
        ]
    }
}

/// One input file is done (shown with `-v`): it became a release, or a reject.
pub struct FileDone<'a> {
    /// The path as the operator gave it.
    pub shown_path: &'a str,
    /// The file's `source_file`.
    pub source_file: &'a str,
    /// What became of it.
    pub fate: &'a Fate,
}

impl fmt::Display for FileDone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}read {}: ", self.shown_path)?;
        match self.fate {
            Fate::Release(boxed) => {
                let x = &boxed.1;
                write!(
                    f,
                    "release; programs {}, partners {}, outcomes {}, people {}",
                    x.programs.len(),
                    x.partners.len(),
                    x.outcomes.len(),
                    x.people.len()
                )
            }
            Fate::Reject(r) => write!(f, "rejected [{}]", r.error_kind.code()),
        }
    }
}

impl Event for FileDone<'_> {
    const NAME: &'static str = "file_done";
    const LEVEL: Level = Level::Debug;
    fn fields(&self) -> Vec<(&'static str, Value)> {
        let mut fields = vec![
            ("source_file", Value::from(self.source_file)),
            ("path", Value::from(self.shown_path)),
        ];
        match self.fate {
            Fate::Release(boxed) => {
                let x = &boxed.1;
                fields.extend([
                    ("result", Value::from("release")),
                    ("programs", Value::from(x.programs.len())),
                    ("partners", Value::from(x.partners.len())),
                    ("outcomes", Value::from(x.outcomes.len())),
                    ("people", Value::from(x.people.len())),
                ]);
            }
            Fate::Reject(r) => fields.extend([
                ("result", Value::from("reject")),
                ("line", Value::from(r.line)),
                ("column", Value::from(r.column)),
                ("error_kind", Value::from(r.error_kind.code())),
            ]),
        }
        fields
    }
}

/// A file was written (the schema files of `pressroom schema`).
pub struct FileWritten<'a> {
    /// The file.
    pub path: &'a Path,
}

impl fmt::Display for FileWritten<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}wrote {}", self.path.display())
    }
}

impl Event for FileWritten<'_> {
    const NAME: &'static str = "file_written";
    const LEVEL: Level = Level::Info;
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![("path", Value::from(self.path.display().to_string()))]
    }
}

/// The settings of `pressroom.toml` (or `--config FILE`) are in use (shown with `-v`).
pub struct ConfigLoaded<'a> {
    /// The config file.
    pub path: &'a Path,
}

impl fmt::Display for ConfigLoaded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}using settings from {}", self.path.display())
    }
}

impl Event for ConfigLoaded<'_> {
    const NAME: &'static str = "config_loaded";
    const LEVEL: Level = Level::Debug;
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![("path", Value::from(self.path.display().to_string()))]
    }
}

/// The run stops: the error and its causes, joined by `: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal {
    /// The whole chain of causes, e.g. `cannot read /no/such: No such file or directory (os
    /// error 2)`.
    pub message: String,
}

impl Fatal {
    /// The fatal event of `err`, with every cause in its source chain.
    pub fn from_error(err: &dyn std::error::Error) -> Self {
        let mut message = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Fatal { message }
    }

    /// The worker thread pool of `jobs` threads could not be started.
    pub fn threads(jobs: usize, err: &dyn fmt::Display) -> Self {
        Fatal {
            message: format!("cannot start {jobs} worker threads: {err}"),
        }
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{}", self.message)
    }
}

impl Event for Fatal {
    const NAME: &'static str = "fatal";
    const LEVEL: Level = Level::Error;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::log::{LogFormat, render};

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

    fn json(line: &str) -> Value {
        serde_json::from_str(line).unwrap()
    }

    fn date_reject() -> Reject {
        Reject {
            source_file: "x.txt".into(),
            line: Some(2),
            column: Some(1),
            error_kind: ErrorKind::Date,
            message: "expected a date".into(),
        }
    }

    #[test]
    fn release_skipped_json_has_the_location_fields() {
        let reject = date_reject();
        let event = ReleaseSkipped {
            shown_path: "input/x.txt",
            reject: &reject,
        };
        let v = json(&render(&event, LogFormat::Json));
        assert_eq!(v["level"], "warn");
        assert_eq!(v["event"], "release_skipped");
        assert_eq!(
            v["message"],
            "skipped input/x.txt:2:1: expected a date [date]"
        );
        assert_eq!(v["source_file"], "x.txt");
        assert_eq!(v["path"], "input/x.txt");
        assert_eq!(v["line"], 2);
        assert_eq!(v["column"], 1);
        assert_eq!(v["error_kind"], "date");
        assert_eq!(v["reason"], "expected a date");
    }

    #[test]
    fn run_summary_json_has_the_counts() {
        let summary = RunSummary {
            files: 1,
            rows: RowCounts {
                rejects: 1,
                ..RowCounts::default()
            },
            elapsed: Duration::from_millis(1250),
            written: true,
        };
        assert_eq!(
            summary.to_string(),
            "pressroom: 1 files, 0 releases, 1 rejects; programs 0, partners 0, outcomes 0, people 0; written in 1.25 s"
        );
        let v = json(&render(&summary, LogFormat::Json));
        assert_eq!(v["level"], "info");
        assert_eq!(v["event"], "run_summary");
        assert_eq!(v["files"], 1);
        assert_eq!(v["releases"], 0);
        assert_eq!(v["rejects"], 1);
        assert_eq!(v["outcomes"], 0);
        assert_eq!(v["written"], true);
        assert_eq!(v["seconds"], 1.25);
    }

    #[test]
    fn file_done_tells_release_from_reject() {
        let reject = Fate::Reject(date_reject());
        let event = FileDone {
            shown_path: "input/x.txt",
            source_file: "x.txt",
            fate: &reject,
        };
        assert_eq!(
            event.to_string(),
            "pressroom: read input/x.txt: rejected [date]"
        );
        let v = json(&render(&event, LogFormat::Json));
        assert_eq!(v["level"], "debug");
        assert_eq!(v["result"], "reject");
        assert_eq!(v["error_kind"], "date");
    }

    #[test]
    fn fatal_joins_the_causes() {
        let err = crate::error::Error::ReadInput {
            path: "/no/such".into(),
            source: std::io::Error::other("gone"),
        };
        let fatal = Fatal::from_error(&err);
        assert_eq!(fatal.to_string(), "pressroom: cannot read /no/such: gone");
        let v = json(&render(&fatal, LogFormat::Json));
        assert_eq!(v["level"], "error");
        assert_eq!(v["event"], "fatal");
        assert_eq!(v["message"], "cannot read /no/such: gone");
    }
}
