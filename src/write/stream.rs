//! Streaming writers: every table file is opened once, rows are appended chunk by chunk as the
//! pipeline hands them over, and the files are completed at the end. Memory stays bounded by a
//! chunk plus one open page per Parquet column, whatever the number of rows: the completed pages
//! of each open row group wait in a temporary file ([`super::spill`]).
//!
//! Each file is written under a temporary name and renamed when complete, so a reader never sees
//! half a file. Two layouts ([`Layout`]):
//! - [`Layout::Single`]: one file per table, `DIR/<format>/<table>.<ext>` (or, with
//!   `--partition-by year`, `DIR/parquet/<table>/year=YYYY/part-0.parquet`);
//! - [`Layout::Shard`]: one part file per table and shard,
//!   `DIR/<format>/<table>/part-K-of-N.<ext>` (partitioned:
//!   `DIR/parquet/<table>/year=YYYY/part-K-of-N.parquet`), written beside the other shards'
//!   parts under hidden temporary names (`.part-K-of-N.csv.tmp`) that folder readers skip.
//!
//! The rows of a chunk go to all files in parallel (one rayon task per file). The bytes depend on
//! the rows and on how they were cut into chunks only, never on the number of threads.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ::parquet::arrow::ArrowWriter;
use ::parquet::arrow::arrow_writer::ArrowWriterOptions;
use arrow_schema::SchemaRef;
use rayon::prelude::*;

use super::spill::SpillFactory;
use super::writeback::Writeback;
use super::{Format, PartitionBy, WriteOptions, csv, jsonl, parquet};
use crate::dataset::Dataset;
use crate::error::{BoxError, Error};
use crate::manifest::HashingWriter;
use crate::schema::{self, Record, TableDef};
use crate::shard::Shard;

/// Where the table files of a run go (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// One file per table and format.
    #[default]
    Single,
    /// One part file per table and format for this shard of a sharded run.
    Shard(Shard),
}

/// Bytes of the output buffer of each text file.
const TEXT_BUFFER: usize = 256 * 1024;

/// One file being written.
struct Part {
    table: &'static TableDef,
    format: Format,
    path: PathBuf,
    tmp: PathBuf,
    out: Option<PartOut>,
    rows: usize,
}

/// The file under a [`Part`]'s buffer, hashed as it is written.
type FileOut = BufWriter<HashingWriter<Writeback>>;

/// The open writer of a [`Part`].
enum PartOut {
    Text(FileOut),
    Parquet(Box<ArrowWriter<FileOut>>, SchemaRef),
}

/// A completed file: its path, size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
}

impl Part {
    /// Creates the temporary file of `path` and writes what comes before the rows (the CSV byte
    /// order mark and header, the Parquet magic).
    fn create(
        table: &'static TableDef,
        format: Format,
        path: PathBuf,
        tmp: PathBuf,
        options: &WriteOptions,
    ) -> Result<Part, Error> {
        let fail = |source: BoxError| Error::WriteTable {
            table: table.name,
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|source| Error::WriteOutput {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let file = File::create(&tmp).map_err(|e| fail(e.into()))?;
        let mut out =
            BufWriter::with_capacity(TEXT_BUFFER, HashingWriter::new(Writeback::new(file)));
        let out = match format {
            Format::Csv => {
                let mut head = || -> Result<(), BoxError> {
                    if options.csv_bom {
                        out.write_all(csv::BOM)?;
                    }
                    csv::write_header(&mut out, table)
                };
                head().map_err(fail)?;
                PartOut::Text(out)
            }
            Format::Jsonl => PartOut::Text(out),
            Format::Parquet => {
                let schema: SchemaRef = Arc::new(parquet::arrow_schema(table));
                let dir = path.parent().unwrap_or(Path::new("."));
                let pages = SpillFactory::new(dir).map_err(|e| fail(e.into()))?;
                let options = ArrowWriterOptions::new()
                    .with_properties(parquet::writer_properties(table))
                    .with_page_store_factory(Arc::new(pages));
                let writer = ArrowWriter::try_new_with_options(out, Arc::clone(&schema), options)
                    .map_err(|e| fail(e.into()))?;
                PartOut::Parquet(Box::new(writer), schema)
            }
        };
        Ok(Part {
            table,
            format,
            path,
            tmp,
            out: Some(out),
            rows: 0,
        })
    }

    fn error(&self, source: BoxError) -> Error {
        Error::WriteTable {
            table: self.table.name,
            path: self.path.clone(),
            source,
        }
    }

    /// Appends `rows`, which must be rows of this part's table.
    fn append<R: Record>(&mut self, rows: &[R], options: &WriteOptions) -> Result<(), Error> {
        debug_assert_eq!(R::TABLE.name, self.table.name);
        let first = self.rows;
        let result = match self.out.as_mut() {
            Some(PartOut::Text(out)) => match self.format {
                Format::Csv => csv::write_rows(out, rows, first, options),
                _ => jsonl::write_rows(out, rows, first),
            },
            Some(PartOut::Parquet(writer, schema)) => {
                parquet::append_rows(writer, schema, rows, first)
            }
            None => Err("the file is already complete".into()),
        };
        result.map_err(|e| self.error(e))?;
        self.rows += rows.len();
        Ok(())
    }

    /// Completes the file: flushes it, syncs it and renames it to its final name.
    fn finish(mut self) -> Result<Written, Error> {
        let out = self.out.take();
        let result = (|| -> Result<(u64, String), BoxError> {
            let buffered = match out {
                Some(PartOut::Text(out)) => out,
                Some(PartOut::Parquet(writer, _)) => writer.into_inner()?,
                None => return Err("the file is already complete".into()),
            };
            let (file, bytes, sha256) = buffered.into_inner().map_err(|e| e.into_error())?.finish();
            let file = file.into_inner();
            file.sync_all()?;
            drop(file);
            fs::rename(&self.tmp, &self.path)?;
            Ok((bytes, sha256))
        })();
        let (bytes, sha256) = result.map_err(|e| self.error(e))?;
        Ok(Written {
            path: std::mem::take(&mut self.path),
            bytes,
            sha256,
        })
    }
}

impl Drop for Part {
    /// A part dropped before [`Part::finish`] (an error elsewhere) leaves no temporary file.
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// The file(s) of one table in one format.
struct TableWriter {
    table: &'static TableDef,
    format: Format,
    target: Target,
}

/// One file, or one file per partition.
enum Target {
    One(Part),
    /// Parquet partitioned by year: `dir/year=YYYY/<file_name>`, opened as rows for a year come.
    Years {
        dir: PathBuf,
        file_name: String,
        hidden_tmp: bool,
        parts: BTreeMap<Option<i32>, Part>,
    },
}

/// The temporary name of `path`: `<file>.tmp`, or `.<file>.tmp` when `hidden` (beside the
/// other shards' files, where folder readers must not pick it up).
fn tmp_for(path: &Path, hidden: bool) -> PathBuf {
    if !hidden {
        return super::tmp_path(path);
    }
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(".tmp");
    path.with_file_name(name)
}

/// The year of each release of `chunk`, by release id (`None` when undated).
fn years_of(chunk: &Dataset) -> HashMap<&str, Option<i32>> {
    super::release_years(chunk)
}

impl TableWriter {
    fn create(
        out_dir: &Path,
        table: &'static TableDef,
        format: Format,
        options: &WriteOptions,
        layout: Layout,
    ) -> Result<TableWriter, Error> {
        let format_dir = out_dir.join(format.dir_name());
        let partitioned = format == Format::Parquet
            && options.partition_by == Some(PartitionBy::Year)
            && table.name != schema::REJECTS.name;
        let folder_layout = format == Format::Parquet && options.partition_by.is_some();
        let (file_name, hidden) = match layout {
            Layout::Single if folder_layout => (parquet::PART_FILE.to_string(), false),
            Layout::Single => (format!("{}.{}", table.name, format.ext()), false),
            Layout::Shard(shard) => (format!("{}.{}", shard.part_name(), format.ext()), true),
        };
        let table_dir = format_dir.join(table.name);
        if layout == Layout::Single && folder_layout {
            // A rerun into the same folder must not keep partitions that have no rows any more,
            // nor the flat file of an unpartitioned run.
            remove_if_present(&table_dir)?;
            remove_if_present(&format_dir.join(format!("{}.parquet", table.name)))?;
        }
        let target = if partitioned {
            Target::Years {
                dir: table_dir,
                file_name,
                hidden_tmp: hidden,
                parts: BTreeMap::new(),
            }
        } else {
            let path = match layout {
                Layout::Single if !folder_layout => format_dir.join(&file_name),
                _ => table_dir.join(&file_name),
            };
            let tmp = tmp_for(&path, hidden);
            Target::One(Part::create(table, format, path, tmp, options)?)
        };
        Ok(TableWriter {
            table,
            format,
            target,
        })
    }

    /// Appends this table's rows of `chunk`.
    fn append_chunk(&mut self, chunk: &Dataset, options: &WriteOptions) -> Result<(), Error> {
        let years = match &self.target {
            Target::Years { .. } => years_of(chunk),
            Target::One(_) => HashMap::new(),
        };
        let year = |id: &str| years.get(id).copied().flatten();
        match self.table.name {
            n if n == schema::RELEASES.name => {
                self.append(&chunk.releases, |r| year(&r.release_id), options)
            }
            n if n == schema::PROGRAMS.name => {
                self.append(&chunk.programs, |r| year(&r.release_id), options)
            }
            n if n == schema::PARTNERS.name => {
                self.append(&chunk.partners, |r| year(&r.release_id), options)
            }
            n if n == schema::OUTCOMES.name => {
                self.append(&chunk.outcomes, |r| year(&r.release_id), options)
            }
            n if n == schema::PEOPLE.name => {
                self.append(&chunk.people, |r| year(&r.release_id), options)
            }
            n if n == schema::REJECTS.name => self.append(&chunk.rejects, |_| None, options),
            other => Err(Error::WriteTable {
                table: self.table.name,
                path: PathBuf::from(other),
                source: format!("the dataset has no rows for table {other}").into(),
            }),
        }
    }

    fn append<R: Record>(
        &mut self,
        rows: &[R],
        year_of: impl Fn(&R) -> Option<i32>,
        options: &WriteOptions,
    ) -> Result<(), Error> {
        match &mut self.target {
            Target::One(part) => part.append(rows, options),
            Target::Years {
                dir,
                file_name,
                hidden_tmp,
                parts,
            } => {
                let mut by_year: BTreeMap<Option<i32>, Vec<&R>> = BTreeMap::new();
                for row in rows {
                    by_year.entry(year_of(row)).or_default().push(row);
                }
                for (year, rows) in by_year {
                    let part = match parts.entry(year) {
                        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::btree_map::Entry::Vacant(e) => {
                            let path = dir
                                .join(parquet::partition_dir_name(year))
                                .join(file_name.as_str());
                            let tmp = tmp_for(&path, *hidden_tmp);
                            e.insert(Part::create(self.table, self.format, path, tmp, options)?)
                        }
                    };
                    part.append(&rows, options)?;
                }
                Ok(())
            }
        }
    }

    /// Completes every file of this table.
    fn finish(self, options: &WriteOptions) -> Result<Vec<Written>, Error> {
        match self.target {
            Target::One(part) => Ok(vec![part.finish()?]),
            Target::Years {
                dir,
                file_name,
                hidden_tmp,
                mut parts,
            } => {
                if parts.is_empty() {
                    // An empty table still gets one file, so its schema stays readable.
                    let path = dir
                        .join(parquet::partition_dir_name(None))
                        .join(file_name.as_str());
                    let tmp = tmp_for(&path, hidden_tmp);
                    let part = Part::create(self.table, self.format, path, tmp, options)?;
                    parts.insert(None, part);
                }
                parts.into_values().map(Part::finish).collect()
            }
        }
    }
}

fn remove_if_present(path: &Path) -> Result<(), Error> {
    let result = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(_) => return Ok(()),
    };
    result.map_err(|source| Error::WriteOutput {
        path: path.to_path_buf(),
        source,
    })
}

/// The writers of every table in every asked format of one run (see the module documentation).
pub struct TableWriters {
    writers: Vec<TableWriter>,
    options: WriteOptions,
    out_dir: PathBuf,
    layout: Layout,
}

impl TableWriters {
    /// Opens one file per table of [`schema::TABLES`] and format of `formats` under `out_dir`,
    /// laid out as `layout` says.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when a folder cannot be created; [`Error::WriteTable`] when a file
    /// cannot be created.
    pub fn create(
        out_dir: &Path,
        formats: &[Format],
        options: &WriteOptions,
        layout: Layout,
    ) -> Result<TableWriters, Error> {
        let mut formats = formats.to_vec();
        formats.sort_unstable();
        formats.dedup();
        let mut writers = Vec::new();
        for &format in &formats {
            let dir = out_dir.join(format.dir_name());
            fs::create_dir_all(&dir).map_err(|source| Error::WriteOutput { path: dir, source })?;
            for &table in schema::TABLES {
                writers.push(TableWriter::create(
                    out_dir, table, format, options, layout,
                )?);
            }
        }
        Ok(TableWriters {
            writers,
            options: options.clone(),
            out_dir: out_dir.to_path_buf(),
            layout,
        })
    }

    /// Appends the rows of `chunk` to every file, in parallel. A release's child rows must come
    /// in the same chunk as the release (the year partition of a row is its release's).
    ///
    /// # Errors
    /// [`Error::WriteTable`] when a file cannot be written or a cell does not fit its column;
    /// when several files fail, the first in format-then-table order.
    pub fn append(&mut self, chunk: &Dataset) -> Result<(), Error> {
        let options = &self.options;
        let results: Vec<Result<(), Error>> = self
            .writers
            .par_iter_mut()
            .map(|w| w.append_chunk(chunk, options))
            .collect();
        results.into_iter().collect()
    }

    /// Completes every file and returns their paths, sorted. In a sharded layout, part files
    /// of this shard that this run did not write (a year with no rows any more) and part files
    /// of another number of shards are then removed from the table folders.
    ///
    /// # Errors
    /// As [`TableWriters::append`]; [`Error::WriteOutput`] when an old part cannot be removed.
    pub fn finish(self) -> Result<Vec<PathBuf>, Error> {
        Ok(self.finish_hashed()?.into_iter().map(|w| w.path).collect())
    }

    /// [`TableWriters::finish`], giving each file's size and SHA-256 as well (sorted by path).
    ///
    /// # Errors
    /// As [`TableWriters::finish`].
    pub fn finish_hashed(self) -> Result<Vec<Written>, Error> {
        let options = &self.options;
        let results: Vec<Result<Vec<Written>, Error>> = self
            .writers
            .into_par_iter()
            .map(|w| w.finish(options))
            .collect();
        let mut written = Vec::new();
        for result in results {
            written.extend(result?);
        }
        written.sort_by(|a, b| a.path.cmp(&b.path));
        if let Layout::Shard(shard) = self.layout {
            let paths: Vec<PathBuf> = written.iter().map(|w| w.path.clone()).collect();
            remove_stale_parts(&self.out_dir, shard, &paths)?;
        }
        Ok(written)
    }
}

/// Removes, under the table folders of `out_dir`, part files of `shard` not in `written` and
/// part files of another shard count.
fn remove_stale_parts(out_dir: &Path, shard: Shard, written: &[PathBuf]) -> Result<(), Error> {
    let mut stack: Vec<PathBuf> = Format::ALL
        .iter()
        .flat_map(|f| {
            schema::TABLES
                .iter()
                .map(move |t| out_dir.join(f.dir_name()).join(t.name))
        })
        .filter(|p| p.is_dir())
        .collect();
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|source| Error::WriteOutput {
            path: dir.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = shard.is_other_layout(&name)
                || (shard.is_mine(&name) && written.binary_search(&path).is_err());
            if stale {
                fs::remove_file(&path).map_err(|source| Error::WriteOutput { path, source })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::tests::sample_release;

    fn dated(id: &str, year: i32) -> crate::release::Release {
        let mut r = sample_release();
        r.release_id = id.into();
        r.source_file = format!("{id}.txt");
        r.published.as_mut().expect("the sample is dated").local =
            chrono::DateTime::parse_from_rfc3339(&format!("{year}-03-01T10:00:00-08:00"))
                .expect("valid date");
        r
    }

    fn partitioned() -> WriteOptions {
        WriteOptions {
            partition_by: Some(PartitionBy::Year),
            ..WriteOptions::default()
        }
    }

    fn write(
        dir: &Path,
        chunks: &[Dataset],
        options: &WriteOptions,
        layout: Layout,
    ) -> Vec<PathBuf> {
        let mut writers =
            TableWriters::create(dir, &[Format::Parquet], options, layout).expect("create");
        for chunk in chunks {
            writers.append(chunk).expect("append");
        }
        writers.finish().expect("finish")
    }

    fn rel(dir: &Path, paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| {
                p.strip_prefix(dir)
                    .expect("under dir")
                    .display()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn stream_parquet_with_spilled_row_groups_equals_the_in_memory_file() {
        // Three chunks of 4 record batches each: more than one row group, cut at the same
        // batches as a whole write, so the bytes may differ only by where the pages waited.
        let rows_per_chunk = 4 * super::parquet::BATCH_ROWS;
        let reject = |i: usize| crate::records::Reject {
            source_file: format!("r/{i:06}.txt"),
            line: (i % 3 == 0).then_some(1 + i as u32 % 50),
            column: None,
            error_kind: crate::error::ErrorKind::Title,
            message: format!("no title in file {i}"),
        };
        let chunks: Vec<Dataset> = (0..3)
            .map(|c| Dataset {
                rejects: (c * rows_per_chunk..(c + 1) * rows_per_chunk)
                    .map(reject)
                    .collect(),
                ..Dataset::default()
            })
            .collect();
        assert!(3 * rows_per_chunk > super::parquet::ROW_GROUP_ROWS);
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            &chunks,
            &WriteOptions::default(),
            Layout::Single,
        );
        let streamed = fs::read(dir.path().join("parquet/rejects.parquet")).expect("streamed");
        let all: Vec<_> = chunks.iter().flat_map(|c| c.rejects.clone()).collect();
        let whole = dir.path().join("whole.parquet");
        super::parquet::write_table(&whole, &all).expect("whole");
        assert!(streamed == fs::read(&whole).expect("whole"));
        let groups = ::parquet::file::reader::FileReader::metadata(
            &::parquet::file::reader::SerializedFileReader::new(bytes::Bytes::from(streamed))
                .expect("readable"),
        )
        .num_row_groups();
        assert_eq!(groups, 2);
    }

    #[test]
    fn stream_writes_one_file_per_year_and_replaces_old_years() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chunks = [
            Dataset {
                releases: vec![dated("a", 2024)],
                ..Dataset::default()
            },
            Dataset {
                releases: vec![dated("b", 2025), dated("c", 2024)],
                ..Dataset::default()
            },
        ];
        let paths = write(dir.path(), &chunks, &partitioned(), Layout::Single);
        let releases: Vec<String> = rel(dir.path(), &paths)
            .into_iter()
            .filter(|p| p.starts_with("parquet/releases/"))
            .collect();
        assert_eq!(
            releases,
            [
                "parquet/releases/year=2024/part-0.parquet",
                "parquet/releases/year=2025/part-0.parquet"
            ]
        );
        // A rerun with only 2025 rows leaves no 2024 folder behind.
        let again = [Dataset {
            releases: vec![dated("b", 2025)],
            ..Dataset::default()
        }];
        write(dir.path(), &again, &partitioned(), Layout::Single);
        assert!(!dir.path().join("parquet/releases/year=2024").exists());
        assert!(dir.path().join("parquet/rejects/part-0.parquet").is_file());
    }

    #[test]
    fn stream_keeps_the_schema_of_an_empty_partitioned_table() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = write(dir.path(), &[], &partitioned(), Layout::Single);
        assert!(
            rel(dir.path(), &paths)
                .contains(&"parquet/people/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet".into())
        );
    }

    #[test]
    fn stream_shard_parts_replace_their_own_stale_parts_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let one = Layout::Shard(Shard { index: 0, count: 2 });
        let other = Layout::Shard(Shard { index: 1, count: 2 });
        let chunk = |year| Dataset {
            releases: vec![dated("a", year)],
            ..Dataset::default()
        };
        write(dir.path(), &[chunk(2024)], &partitioned(), one);
        write(dir.path(), &[chunk(2024)], &partitioned(), other);
        // An old layout with 3 shards left a part behind.
        let old = dir
            .path()
            .join("parquet/releases/year=2024/part-2-of-3.parquet");
        fs::write(&old, b"old").expect("write");
        // Shard 0 reruns: its 2024 part goes (no 2024 rows now), shard 1's stays.
        let paths = write(dir.path(), &[chunk(2025)], &partitioned(), one);
        assert!(
            rel(dir.path(), &paths)
                .contains(&"parquet/releases/year=2025/part-0-of-2.parquet".into())
        );
        let y2024 = dir.path().join("parquet/releases/year=2024");
        assert!(!y2024.join("part-0-of-2.parquet").exists());
        assert!(y2024.join("part-1-of-2.parquet").is_file());
        assert!(!old.exists());
        let hidden: Vec<_> = fs::read_dir(dir.path().join("parquet/releases/year=2025"))
            .expect("list")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "temporary files left: {hidden:?}");
    }

    #[test]
    fn stream_removes_the_temporary_file_of_a_failed_run() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut writers = TableWriters::create(
            dir.path(),
            &[Format::Csv],
            &WriteOptions::default(),
            Layout::Single,
        )
        .expect("create");
        assert!(dir.path().join("csv/releases.csv.tmp").is_file());
        writers
            .append(&Dataset {
                releases: vec![dated("a", 2024)],
                ..Dataset::default()
            })
            .expect("append");
        drop(writers);
        assert!(!dir.path().join("csv/releases.csv.tmp").exists());
        assert!(!dir.path().join("csv/releases.csv").exists());
    }
}
