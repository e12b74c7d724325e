//! Writers: turn a [`Dataset`] into files, one per table and format (CSV, JSON Lines, Parquet),
//! plus the schema files in `schemas/` ([`schemas`]). Writers read rows only through
//! [`Record::cell`], so the column order, names and types always come from [`crate::schema`].
//!
//! Every file is written to `<file>.tmp` first and renamed when complete, so a reader never sees
//! half a file. Same rows give the same bytes: no run time, host name or random value is written
//! into any file. Parsing, extracting and deciding what goes into the rows is left to others.
//!
//! Cell formatting shared by the text formats:
//! - floats are written in the shortest form that reads back to the same `f64`; integral values
//!   below 2^53 in magnitude are written without a fraction (`2000000`, not `2000000.0`), larger or
//!   fractional ones as `serde_json` writes them (`0.5`, `1e+300`);
//! - timestamps are RFC 3339 in UTC with a `Z` (`2026-01-26T16:10:00Z`), truncated to
//!   microseconds like the Parquet column.

pub mod csv;
pub mod jsonl;
pub mod package;
pub mod parquet;
pub mod report_html;
mod scan;
pub mod schemas;
mod spill;
pub mod stream;
pub(crate) mod writeback;

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, SubsecRound, Utc};

use crate::dataset::Dataset;
use crate::error::{BoxError, Error};
use crate::schema::{Cell, ColType, Column, TableDef};

/// An output format. In `pressroom.toml` it is written in lowercase (`formats = ["csv"]`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-separated values (RFC 4180, UTF-8, `\n` line ends).
    Csv,
    /// JSON Lines: one JSON object per row.
    Jsonl,
    /// Apache Parquet (ZSTD).
    Parquet,
}

impl Format {
    /// Every format, in output order.
    pub const ALL: &'static [Format] = &[Format::Csv, Format::Jsonl, Format::Parquet];

    /// File extension, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }

    /// Name of the folder under the output root that holds this format's files.
    pub fn dir_name(self) -> &'static str {
        self.ext()
    }

    /// Where the file of `table` goes under `out_dir`: `out_dir/<format>/<table>.<ext>`.
    pub fn path(self, out_dir: &Path, table: &TableDef) -> PathBuf {
        out_dir
            .join(self.dir_name())
            .join(format!("{}.{}", table.name, self.ext()))
    }
}

/// How the writers shape their files, beyond the rows themselves. The default writes the data
/// exactly as extracted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// CSV only: prefix text cells that a spreadsheet would run as a formula (they start with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return) with a single quote `'`
    /// (see [`csv::guard_formula`]). JSON Lines and Parquet are never changed.
    pub csv_formula_guard: bool,
    /// CSV only: start each file with a UTF-8 byte order mark, so spreadsheet programs that
    /// guess the encoding (Excel) read accented letters right.
    pub csv_bom: bool,
    /// Parquet only: write each table as a Hive-partitioned folder
    /// (`parquet/<table>/year=YYYY/part-0.parquet`) instead of one file.
    pub partition_by: Option<PartitionBy>,
    /// Also write the package files: `datapackage.json` (when CSV is written), `data.json` and
    /// `report.html` (see [`package`] and [`report_html`]), described by this metadata.
    pub package: Option<package::PackageInfo>,
}

/// The key of the partitioned Parquet layout (`--partition-by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartitionBy {
    /// The UTC year of the release's `published_at` (child rows take their release's year;
    /// undated releases go to `year=__HIVE_DEFAULT_PARTITION__`; `rejects`, which have no date,
    /// are one unpartitioned file `parquet/rejects/part-0.parquet`).
    Year,
}

/// Writes every table of [`schema::TABLES`] in every format of `formats` under `out_dir`
/// (`out_dir/csv/<table>.csv`, `out_dir/jsonl/<table>.jsonl`, `out_dir/parquet/<table>.parquet`)
/// from rows held in memory, plus the package files when `options` asks for them. An empty table
/// still gets a file with its header or schema. The files are written in parallel through
/// [`stream::TableWriters`], each through a temporary file and a rename. `options` tunes the
/// files (see [`WriteOptions`]). A run over many inputs streams its chunks to
/// [`stream::TableWriters`] instead of holding every row.
///
/// Returns the written paths, sorted.
///
/// # Errors
///
/// [`Error::WriteOutput`] when a format folder cannot be created; [`Error::WriteTable`] when a
/// table cannot be written (I/O, or a row whose cell does not fit its column). When several
/// files fail, the error of the first in format-then-table order is returned.
pub fn write_dataset(
    dataset: &Dataset,
    out_dir: &Path,
    formats: &[Format],
    options: &WriteOptions,
) -> Result<Vec<PathBuf>, Error> {
    let mut writers =
        stream::TableWriters::create(out_dir, formats, options, stream::Layout::Single)?;
    writers.append(dataset)?;
    let mut paths = writers.finish()?;
    if let Some(info) = &options.package {
        let summary = crate::summary::Summary::of(dataset);
        paths.extend(write_package_files(
            &summary, out_dir, formats, &paths, options, info,
        )?);
        paths.sort();
    }
    Ok(paths)
}

/// Writes the package files of a run (see [`package::write_package_files`]) for `formats`,
/// whose table files are `written`. Returns their paths, sorted.
///
/// # Errors
///
/// [`Error::WriteOutput`] when a file or folder cannot be written.
pub fn write_package_files(
    summary: &crate::summary::Summary,
    out_dir: &Path,
    formats: &[Format],
    written: &[PathBuf],
    options: &WriteOptions,
    info: &package::PackageInfo,
) -> Result<Vec<PathBuf>, Error> {
    let mut formats = formats.to_vec();
    formats.sort_unstable();
    formats.dedup();
    package::write_package_files(summary, out_dir, &formats, written, options, info)
}

/// The UTC year of each release's `published_at` (`None` when it has no date), by release id.
pub fn release_years(dataset: &Dataset) -> HashMap<&str, Option<i32>> {
    dataset
        .releases
        .iter()
        .map(|r| {
            (
                r.release_id.as_str(),
                r.published.as_ref().map(|p| p.utc().year()),
            )
        })
        .collect()
}

/// The temporary name a file is written under before it is renamed: `<file>.tmp`.
pub fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Creates `<path>.tmp`, lets `write` fill it through a buffer, flushes and syncs it, and renames
/// it to `path`. On failure the temporary file is removed (best effort) and `path` is untouched.
fn write_file(
    table: &'static str,
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), BoxError>,
) -> Result<(), Error> {
    let tmp = tmp_path(path);
    let result = (|| -> Result<(), BoxError> {
        let mut out = BufWriter::new(File::create(&tmp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    result.map_err(|source| {
        let _ = fs::remove_file(&tmp);
        Error::WriteTable {
            table,
            path: path.to_path_buf(),
            source,
        }
    })
}

/// Checks that `cell` may stand in `column`: its type, its nullability and, for enum columns,
/// its vocabulary. `row` is the 0-based row index, for the message.
fn check_cell(column: &Column, row: usize, cell: &Cell<'_>) -> Result<(), BoxError> {
    let problem = match cell {
        Cell::Null if !column.nullable => Some("null in a column that is not nullable".to_string()),
        _ if !cell.fits(column.ty) => Some(format!("{cell:?} does not fit type {:?}", column.ty)),
        Cell::Str(code) => enum_problem(column.ty, code),
        Cell::String(code) => enum_problem(column.ty, code),
        _ => None,
    };
    match problem {
        Some(p) => Err(format!("row {row}, column {}: {p}", column.name).into()),
        None => Ok(()),
    }
}

/// The problem with `code` in a column of type `ty`, when it is an enum and `code` is not one of
/// its values.
fn enum_problem(ty: ColType, code: &str) -> Option<String> {
    match ty {
        ColType::Enum(values) if !values.contains(&code) => {
            Some(format!("'{code}' is not one of {values:?}"))
        }
        _ => None,
    }
}

/// A float as a JSON number: integral values below 2^53 in magnitude as integers, others in
/// shortest round-trip form. `None` for NaN and infinities, which JSON cannot hold.
pub(crate) fn float_number(v: f64) -> Option<serde_json::Number> {
    const EXACT_INT_LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
    if v.fract() == 0.0 && v.abs() < EXACT_INT_LIMIT {
        // Integral and within ±2^53, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        return Some(serde_json::Number::from(v as i64));
    }
    serde_json::Number::from_f64(v)
}

/// A UTC instant as RFC 3339 text with `Z`, truncated to microseconds (the Parquet precision).
pub(crate) fn timestamp_text(ts: &DateTime<Utc>) -> String {
    ts.trunc_subsecs(6)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    #[test]
    fn float_number_drops_the_fraction_of_integral_values() {
        let text = |v: f64| float_number(v).map(|n| n.to_string());
        assert_eq!(text(2_000_000.0).as_deref(), Some("2000000"));
        assert_eq!(text(-3.0).as_deref(), Some("-3"));
        assert_eq!(text(0.0).as_deref(), Some("0"));
        assert_eq!(text(46.5).as_deref(), Some("46.5"));
        assert_eq!(text(0.1).as_deref(), Some("0.1"));
        assert_eq!(text(1e300).as_deref(), Some("1e+300"));
        assert_eq!(text(f64::NAN), None);
        assert_eq!(text(f64::INFINITY), None);
    }

    #[test]
    fn float_number_round_trips() {
        for v in [
            0.1,
            1.0 / 3.0,
            2e-9,
            123_456.789,
            9_007_199_254_740_993.0,
            -1e300,
        ] {
            let text = float_number(v).map(|n| n.to_string()).unwrap();
            assert_eq!(text.parse::<f64>().unwrap(), v, "{text}");
        }
    }

    #[test]
    fn timestamp_text_is_rfc3339_utc_with_z() {
        let ts = DateTime::parse_from_rfc3339("2026-01-26T08:10:00-08:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp_text(&ts), "2026-01-26T16:10:00Z");
        let fine = DateTime::parse_from_rfc3339("2026-01-26T16:10:00.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp_text(&fine), "2026-01-26T16:10:00.123456Z");
    }

    #[test]
    fn check_cell_rejects_nulls_wrong_types_and_unknown_codes() {
        let rel = &schema::RELEASES;
        let title = &rel.columns[rel.column_index("title").unwrap()];
        assert!(check_cell(title, 0, &Cell::Str("T")).is_ok());
        let err = check_cell(title, 3, &Cell::Null).unwrap_err().to_string();
        assert_eq!(
            err,
            "row 3, column title: null in a column that is not nullable"
        );
        assert!(check_cell(title, 0, &Cell::Int(1)).is_err());
        let kind = &schema::OUTCOMES.columns[schema::OUTCOMES.column_index("kind").unwrap()];
        assert!(check_cell(kind, 0, &Cell::Str("money")).is_ok());
        assert!(check_cell(kind, 0, &Cell::Str("dollars")).is_err());
    }

    #[test]
    fn tmp_path_appends_tmp() {
        assert_eq!(
            tmp_path(Path::new("out/csv/releases.csv")),
            Path::new("out/csv/releases.csv.tmp")
        );
    }

    #[test]
    fn write_dataset_writes_every_table_even_when_empty() {
        let dir = tempfile::tempdir().unwrap();
        let paths = write_dataset(
            &Dataset::default(),
            dir.path(),
            Format::ALL,
            &WriteOptions::default(),
        )
        .unwrap();
        assert_eq!(paths.len(), schema::TABLES.len() * Format::ALL.len());
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        for path in &paths {
            assert!(path.is_file(), "{}", path.display());
            assert!(!tmp_path(path).exists());
        }
        let header = fs::read_to_string(dir.path().join("csv/rejects.csv")).unwrap();
        assert_eq!(header, "source_file,line,column,error_kind,message\n");
        let jsonl = fs::read_to_string(dir.path().join("jsonl/rejects.jsonl")).unwrap();
        assert_eq!(jsonl, "");
    }

    #[test]
    fn write_dataset_writes_only_the_asked_formats() {
        let dir = tempfile::tempdir().unwrap();
        let paths = write_dataset(
            &Dataset::default(),
            dir.path(),
            &[Format::Jsonl, Format::Jsonl],
            &WriteOptions::default(),
        )
        .unwrap();
        assert_eq!(paths.len(), schema::TABLES.len());
        assert!(paths.iter().all(|p| p.extension().unwrap() == "jsonl"));
        assert!(!dir.path().join("csv").exists());
    }

    #[test]
    fn write_dataset_reports_an_unwritable_folder() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("out");
        fs::write(&blocker, "a file, not a folder").unwrap();
        let err = write_dataset(
            &Dataset::default(),
            &blocker,
            &[Format::Csv],
            &WriteOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::WriteOutput { .. }), "{err:?}");
    }
}
