//! `pressroom.toml`: settings an operator keeps in a file instead of on the command line.
//!
//! Lookup: `--config FILE` when given (the file must exist); otherwise `./pressroom.toml` when it
//! exists; otherwise none, and the built-in defaults apply (a bare `pressroom` reads `input/` and
//! writes `output/`). Precedence, strongest first: command-line flags, environment variables
//! (`PRESSROOM_JOBS`), the file, the built-in defaults. Relative paths in the file (`inputs`,
//! `out`) are relative to the file's folder, so `--config /srv/news/pressroom.toml` works from
//! any working directory.
//!
//! Every key is checked: an unknown key, a wrong type or an unknown value is an error naming the
//! file, line and column (`pressroom.toml:3:1: unknown field `outt`, expected one of ...`), and
//! ends the run with exit code 2 before anything is read or written.
//!
//! This module only reads and merges settings; what they do is left to [`crate::cli`] and the
//! stages. The `[dataset]` table ([`DatasetMeta`]) describes the published data package and is
//! carried, unread, to the writers.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use crate::cli::{Cli, Command, ExtractArgs, InspectArgs, RunArgs};
use crate::error::Error;
use crate::write::Format;

/// The file looked for in the working directory when `--config` is not given.
pub const CONFIG_FILE: &str = "pressroom.toml";

/// The settings of a `pressroom.toml`. Every key is optional; a missing key leaves the
/// command line's value (or its default) in place.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Release files or folders (`inputs = ["input"]`), like the positional arguments.
    #[serde(default, deserialize_with = "non_empty")]
    pub inputs: Option<Vec<PathBuf>>,
    /// Output folder (`out = "output"`), like `--out`.
    pub out: Option<PathBuf>,
    /// Output formats (`formats = ["csv", "parquet"]`), like `--formats`.
    #[serde(default, deserialize_with = "non_empty")]
    pub formats: Option<Vec<Format>>,
    /// Names of the publishing agency (`publishers = ["Example County", "ECO"]`), like
    /// `--publisher`.
    #[serde(default, deserialize_with = "non_empty")]
    pub publishers: Option<Vec<String>>,
    /// IANA time zone for dates that state none (`default_zone = "America/Chicago"`), like
    /// `--default-zone`.
    #[serde(default, deserialize_with = "time_zone")]
    pub default_zone: Option<Tz>,
    /// Worker threads, 0 for one per core (`jobs = 2`), like `--jobs`.
    pub jobs: Option<usize>,
    /// Treat any rejected input as fatal (`strict = true`), like `--strict`.
    pub strict: Option<bool>,
    /// Guard CSV cells against spreadsheet formulas (`csv_formula_guard = true`), like
    /// `--csv-formula-guard`.
    pub csv_formula_guard: Option<bool>,
    /// The `[dataset]` table: metadata of the published data package.
    #[serde(default)]
    pub dataset: DatasetMeta,
}

/// The `[dataset]` table of `pressroom.toml`: who publishes the tables and under which terms, for
/// the data package files (`datapackage.json`, `data.json`). Every field is optional: a missing
/// one keeps the built-in value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    /// Human title of the dataset (`"Example County news release facts"`).
    pub title: Option<String>,
    /// What the dataset holds, a sentence or a paragraph.
    pub description: Option<String>,
    /// Search keywords (`["education", "grants"]`).
    pub keywords: Option<Vec<String>>,
    /// License of the published tables (`license = { name = "CC-BY-4.0", url = "..." }`).
    pub license: Option<LicenseMeta>,
    /// Where the releases come from (`[[dataset.sources]]` tables).
    pub sources: Option<Vec<SourceMeta>>,
    /// Name of the publishing organization.
    pub publisher: Option<String>,
    /// Name of the contact (a person or an office).
    pub contact_name: Option<String>,
    /// E-mail address of the contact, without `mailto:`.
    pub contact_email: Option<String>,
    /// URL the output folder is published under, like `--base-url`.
    pub base_url: Option<String>,
    /// Identifier of the dataset in the portal's catalog.
    pub identifier: Option<String>,
}

/// The `license` of the `[dataset]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseMeta {
    /// SPDX identifier (`"CC-BY-4.0"`).
    pub name: Option<String>,
    /// Human title (`"Creative Commons Attribution 4.0"`).
    pub title: Option<String>,
    /// URL of the license text.
    pub url: Option<String>,
}

/// One source of the releases, a `[[dataset.sources]]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceMeta {
    /// Name of the source (`"Example County newsroom"`).
    pub title: Option<String>,
    /// Where it is: a URL.
    pub url: Option<String>,
}

/// A list that, when present, holds at least one value.
fn non_empty<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Vec::<T>::deserialize(deserializer)?;
    if items.is_empty() {
        return Err(de::Error::custom(
            "empty list: give at least one value, or leave the key out",
        ));
    }
    Ok(Some(items))
}

/// An IANA time zone name.
fn time_zone<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Tz>, D::Error> {
    let name = String::deserialize(deserializer)?;
    name.parse::<Tz>().map(Some).map_err(|_| {
        de::Error::custom(format!(
            "unknown time zone '{name}', expected an IANA name like America/Los_Angeles"
        ))
    })
}

impl ConfigFile {
    /// Parses the text of a config file. `path` names the file in messages; relative paths in
    /// the text are kept as written.
    ///
    /// # Errors
    /// [`Error::Usage`] naming `path`, the line and column, and the problem (invalid TOML, an
    /// unknown key, a wrong type, an empty list, an unknown format or time zone).
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, Error> {
        toml::from_str(text).map_err(|err| {
            let mut message = err.message().trim_end().to_string();
            if let Some(key) = err.span().and_then(|span| key_at(text, span.start))
                && !message.contains(&format!("`{key}`"))
            {
                message.push_str(&format!(" (key `{key}`)"));
            }
            let at = err
                .span()
                .map(|span| {
                    let (line, column) = line_column(text, span.start);
                    format!(":{line}:{column}")
                })
                .unwrap_or_default();
            Error::Usage(format!("{}{at}: {message}", path.display()))
        })
    }

    /// Reads and parses the config file at `path`; relative `inputs` and `out` become relative
    /// to the file's folder.
    ///
    /// # Errors
    /// [`Error::Usage`] when the file cannot be read (it does not exist, for one) or does not
    /// parse (see [`ConfigFile::from_toml`]).
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            Error::Usage(format!(
                "cannot read the config file {}: {err}",
                path.display()
            ))
        })?;
        let mut file = Self::from_toml(&text, path)?;
        let base = path.parent().unwrap_or(Path::new(""));
        if let Some(inputs) = &mut file.inputs {
            for input in inputs.iter_mut() {
                *input = relative_to(base, input);
            }
        }
        if let Some(out) = &mut file.out {
            *out = relative_to(base, out);
        }
        Ok(file)
    }

    /// Fills the settings of `args` that the command line left at their default (per
    /// `matches`, the matches of the `check` or `extract` command) with the file's values.
    pub fn apply_run(&self, args: &mut RunArgs, matches: &ArgMatches) {
        set(&mut args.inputs, &self.inputs, given(matches, "inputs"));
        set(&mut args.jobs, &self.jobs, given(matches, "jobs"));
        set(
            &mut args.publishers,
            &self.publishers,
            given(matches, "publishers"),
        );
        set(
            &mut args.default_zone,
            &self.default_zone,
            given(matches, "default_zone"),
        );
        set(&mut args.strict, &self.strict, given(matches, "strict"));
    }

    /// Like [`ConfigFile::apply_run`], for `extract`: also the output folder, the formats, the
    /// CSV formula guard and the `[dataset]` table.
    pub fn apply_extract(&self, args: &mut ExtractArgs, matches: &ArgMatches) {
        self.apply_run(&mut args.run, matches);
        set(&mut args.out, &self.out, given(matches, "out"));
        set(&mut args.formats, &self.formats, given(matches, "formats"));
        set(
            &mut args.csv_formula_guard,
            &self.csv_formula_guard,
            given(matches, "csv_formula_guard"),
        );
        if let (false, Some(url)) = (given(matches, "base_url"), &self.dataset.base_url) {
            args.base_url = Some(url.clone());
        }
        *args.dataset = self.dataset.clone();
    }

    /// Like [`ConfigFile::apply_run`], for `inspect`: the publisher names and the time zone.
    pub fn apply_inspect(&self, args: &mut InspectArgs, matches: &ArgMatches) {
        set(
            &mut args.publishers,
            &self.publishers,
            given(matches, "publishers"),
        );
        set(
            &mut args.default_zone,
            &self.default_zone,
            given(matches, "default_zone"),
        );
    }
}

/// Finds, loads and applies the config file of a run to `cli` (parsed from `matches`): the
/// `--config` file when given, else `./pressroom.toml` when it exists and the command reads
/// releases (`extract`, `check`, `inspect`). Returns the file used.
///
/// # Errors
/// [`Error::Usage`] when the file cannot be read or does not parse.
pub fn apply(cli: &mut Cli, matches: &ArgMatches) -> Result<Option<PathBuf>, Error> {
    let path = match &cli.config {
        Some(path) => path.clone(),
        None => {
            let reads_releases = matches!(
                cli.command,
                None | Some(Command::Extract(_) | Command::Check(_) | Command::Inspect(_))
            );
            let default = PathBuf::from(CONFIG_FILE);
            if !reads_releases || !default.exists() {
                return Ok(None);
            }
            default
        }
    };
    let file = ConfigFile::load(&path)?;
    let sub = matches.subcommand().map(|(_, m)| m);
    match (&mut cli.command, sub) {
        (Some(Command::Extract(args)), Some(m)) => file.apply_extract(args, m),
        (Some(Command::Check(args)), Some(m)) => file.apply_run(&mut args.run, m),
        (Some(Command::Inspect(args)), Some(m)) => file.apply_inspect(args, m),
        _ => {}
    }
    Ok(Some(path))
}

/// Whether the command line (or the environment) gave the argument `id`, rather than its
/// default.
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches!(
        matches.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// Replaces `target` by the file's `value` when the command line did not give it.
fn set<T: Clone>(target: &mut T, value: &Option<T>, given: bool) {
    if let (false, Some(value)) = (given, value) {
        *target = value.clone();
    }
}

/// `path` relative to `base` (the config file's folder), unless it is absolute.
fn relative_to(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() || base.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// 1-based line and column (in characters) of the byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The dotted key (`dataset.title`) of the `key = value` line holding the byte `offset`, with
/// the table header above it; `None` when that line is no simple assignment.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('[') {
        return None;
    }
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim());
    Some(match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        ConfigFile::from_toml(text, Path::new("pressroom.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn from_toml_reads_every_key() {
        let file = parse(
            r#"
inputs = ["news", "more/news"]
out = "tables"
formats = ["csv", "parquet"]
publishers = ["Example County Office", "ECO"]
default_zone = "America/Chicago"
jobs = 2
strict = true
csv_formula_guard = true

[dataset]
title = "Example facts"
keywords = ["education"]
license = { name = "CC-BY-4.0" }
contact_email = "data@example.org"

[[dataset.sources]]
title = "Example newsroom"
url = "https://example.org/news"
"#,
        )
        .unwrap();
        assert_eq!(
            file.inputs,
            Some(vec![PathBuf::from("news"), PathBuf::from("more/news")])
        );
        assert_eq!(file.out, Some(PathBuf::from("tables")));
        assert_eq!(file.formats, Some(vec![Format::Csv, Format::Parquet]));
        assert_eq!(file.publishers.as_ref().map(Vec::len), Some(2));
        assert_eq!(file.default_zone, Some(chrono_tz::America::Chicago));
        assert_eq!(file.jobs, Some(2));
        assert_eq!(file.strict, Some(true));
        assert_eq!(file.csv_formula_guard, Some(true));
        assert_eq!(file.dataset.title.as_deref(), Some("Example facts"));
        assert_eq!(file.dataset.keywords, Some(vec!["education".to_string()]));
        assert_eq!(file.dataset.description, None);
        assert_eq!(
            file.dataset.license.and_then(|l| l.name).as_deref(),
            Some("CC-BY-4.0")
        );
        assert_eq!(
            file.dataset.contact_email.as_deref(),
            Some("data@example.org")
        );
        assert_eq!(
            file.dataset.sources,
            Some(vec![SourceMeta {
                title: Some("Example newsroom".into()),
                url: Some("https://example.org/news".into()),
            }])
        );
    }

    #[test]
    fn from_toml_accepts_an_empty_file() {
        assert_eq!(parse("").unwrap(), ConfigFile::default());
        assert_eq!(parse("# nothing\n").unwrap(), ConfigFile::default());
    }

    #[test]
    fn from_toml_names_an_unknown_key_with_its_place() {
        let err = parse("jobs = 1\noutt = \"x\"\n").unwrap_err();
        assert!(
            err.starts_with("pressroom.toml:2:1: unknown field `outt`"),
            "{err}"
        );
        assert!(err.contains("expected one of"), "{err}");
    }

    #[test]
    fn from_toml_names_an_unknown_key_in_dataset() {
        let err = parse("[dataset]\ntitel = \"x\"\n").unwrap_err();
        assert!(
            err.starts_with("pressroom.toml:2:1: unknown field `titel`"),
            "{err}"
        );
    }

    #[test]
    fn from_toml_names_the_key_of_a_bad_type() {
        let err = parse("jobs = \"four\"\n").unwrap_err();
        assert!(err.starts_with("pressroom.toml:1:8: "), "{err}");
        assert!(err.contains("invalid type"), "{err}");
        assert!(err.ends_with("(key `jobs`)"), "{err}");
    }

    #[test]
    fn from_toml_rejects_bad_values() {
        let err = parse("formats = [\"xml\"]\n").unwrap_err();
        assert!(err.contains("unknown variant `xml`"), "{err}");
        assert!(err.contains("(key `formats`)"), "{err}");
        let err = parse("default_zone = \"Mars/Olympus\"\n").unwrap_err();
        assert!(err.contains("unknown time zone 'Mars/Olympus'"), "{err}");
        let err = parse("inputs = []\n").unwrap_err();
        assert!(err.contains("empty list"), "{err}");
        let err = parse("jobs = -1\n").unwrap_err();
        assert!(err.starts_with("pressroom.toml:1:8: "), "{err}");
        let err = parse("[dataset]\nkeywords = \"one\"\n").unwrap_err();
        assert!(err.contains("invalid type"), "{err}");
        assert!(err.contains("(key `dataset.keywords`)"), "{err}");
    }

    #[test]
    fn from_toml_reports_invalid_toml_with_its_place() {
        let err = parse("jobs = 1\nout = \n").unwrap_err();
        assert!(err.starts_with("pressroom.toml:2:"), "{err}");
    }

    #[test]
    fn load_makes_paths_relative_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.toml");
        std::fs::write(
            &path,
            "inputs = [\"news\", \"/abs/news\"]\nout = \"tables\"\n",
        )
        .unwrap();
        let file = ConfigFile::load(&path).unwrap();
        assert_eq!(
            file.inputs,
            Some(vec![dir.path().join("news"), PathBuf::from("/abs/news")])
        );
        assert_eq!(file.out, Some(dir.path().join("tables")));
    }

    #[test]
    fn load_names_a_missing_file() {
        let err = ConfigFile::load(Path::new("/no/such/pressroom.toml")).unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("cannot read the config file /no/such/pressroom.toml: "),
            "{err}"
        );
    }

    /// The `extract` arguments and matches of a command line.
    fn extract_args(args: &[&str]) -> (ExtractArgs, ArgMatches) {
        let (cli, matches) = crate::cli::try_parse_args(args).unwrap();
        let sub = matches.subcommand_matches("extract").unwrap().clone();
        match cli.command {
            Some(Command::Extract(a)) => (a, sub),
            other => panic!("not extract: {other:?}"),
        }
    }

    #[test]
    fn apply_extract_fills_only_what_the_command_line_left_default() {
        let file = parse(
            "inputs = [\"news\"]\nout = \"tables\"\nformats = [\"jsonl\"]\njobs = 3\n\
             strict = true\ncsv_formula_guard = true\n[dataset]\ntitle = \"T\"\n",
        )
        .unwrap();
        let (mut args, m) = extract_args(&["pressroom", "extract", "--out", "mine", "-j", "1"]);
        file.apply_extract(&mut args, &m);
        assert_eq!(args.run.inputs, [PathBuf::from("news")]);
        assert_eq!(args.out, PathBuf::from("mine"));
        assert_eq!(args.formats, [Format::Jsonl]);
        assert_eq!(args.run.jobs, 1);
        assert!(args.run.strict);
        assert!(args.csv_formula_guard);
        assert_eq!(args.dataset.title.as_deref(), Some("T"));

        let (mut args, m) = extract_args(&[
            "pressroom",
            "extract",
            "in",
            "--strict=false",
            "--csv-formula-guard=false",
            "--formats",
            "csv",
        ]);
        file.apply_extract(&mut args, &m);
        assert_eq!(args.run.inputs, [PathBuf::from("in")]);
        assert!(!args.run.strict);
        assert!(!args.csv_formula_guard);
        assert_eq!(args.formats, [Format::Csv]);
        assert_eq!(args.out, PathBuf::from("tables"));
    }

    #[test]
    fn apply_extract_without_a_file_keeps_the_defaults() {
        let (mut args, m) = extract_args(&["pressroom"]);
        let before = format!("{args:?}");
        ConfigFile::default().apply_extract(&mut args, &m);
        assert_eq!(format!("{args:?}"), before);
        assert_eq!(args.run.inputs, [PathBuf::from("input")]);
        assert_eq!(args.out, PathBuf::from("output"));
        assert_eq!(args.formats, Format::ALL);
        assert!(!args.run.strict && !args.csv_formula_guard);
    }

    #[test]
    fn try_parse_args_reads_a_bare_run_as_extract() {
        let (args, _) = extract_args(&["pressroom", "--out", "x", "-q"]);
        assert_eq!(args.out, PathBuf::from("x"));
        let (cli, _) = crate::cli::try_parse_args(["pressroom", "-q"]).unwrap();
        assert!(cli.quiet);
        assert!(matches!(cli.command, Some(Command::Extract(_))));
        assert!(crate::cli::try_parse_args(["pressroom", "nonsense"]).is_err());
        assert!(crate::cli::try_parse_args(["pressroom", "--nonsense"]).is_err());
    }

    #[test]
    fn relative_to_keeps_paths_of_a_file_in_the_working_directory() {
        assert_eq!(relative_to(Path::new(""), Path::new("in")), Path::new("in"));
        assert_eq!(
            relative_to(Path::new("etc"), Path::new("in")),
            Path::new("etc/in")
        );
    }

    #[test]
    fn line_column_counts_characters() {
        let text = "a = 1\né = \"x\"";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, text.find('"').unwrap()), (2, 5));
    }

    #[test]
    fn key_at_finds_the_dotted_key() {
        let text = "jobs = 1\n[dataset]\ntitle = 3\n";
        assert_eq!(key_at(text, 7).as_deref(), Some("jobs"));
        assert_eq!(
            key_at(text, text.find('3').unwrap()).as_deref(),
            Some("dataset.title")
        );
        assert_eq!(key_at(text, text.find("[dataset]").unwrap()), None);
    }
}
