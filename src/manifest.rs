//! The run manifest, `DIR/manifest.json`: what a run read, what became of each input and what it
//! wrote, so a scheduler or an auditor can check a dataset without opening the tables.
//!
//! It records the tool, schema and rules versions, the settings, the start and end of the run
//! (UTC, RFC 3339), every input with its SHA-256 and fate (a `release_id` or a reject's kind and
//! message), the row count of every table, the number of warnings, and the size and SHA-256 of
//! every other file of the folder, sorted by path. Every input appears exactly once, so
//! `inputs.len() == rows.releases + rows.rejects`. The two times are the only values that differ
//! between two runs on the same inputs (with `--incremental`, also the reuse counts). Building the
//! rows is left to [`crate::incremental`]; placing the folder is left to [`crate::outdir`].

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead as _, BufReader, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind};
use crate::extract::RULES_VERSION;
use crate::incremental::{Batch, Totals};
use crate::pipeline::{Fate, RunConfig};
use crate::release;
use crate::schema::SCHEMA_VERSION;
use crate::summary::Summary;
use crate::write::Format;

/// File name of the manifest in the output folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Folder of a run's spool files (the manifest's inputs while the run goes); removed before the
/// folder is published, and never listed among the outputs.
pub const SPOOL_DIR: &str = ".spool";

/// The content of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `pressroom`.
    pub tool: String,
    /// Version of pressroom that wrote the folder.
    pub tool_version: String,
    /// [`SCHEMA_VERSION`] of the tables.
    pub schema_version: String,
    /// [`RULES_VERSION`] of the parser and extractors.
    pub rules_version: String,
    /// When the run started, UTC, RFC 3339.
    pub started_at: String,
    /// When the run finished writing, just before the folder was put in place; UTC, RFC 3339.
    pub finished_at: String,
    /// Whether the run was asked to reuse the previous run's cache (`--incremental`).
    pub incremental: bool,
    /// The settings that shape the rows and files.
    pub settings: Settings,
    /// Inputs whose rows came from the previous run's cache.
    pub inputs_reused: usize,
    /// Inputs read and parsed in this run.
    pub inputs_parsed: usize,
    /// Rows per table, by table name.
    pub rows: BTreeMap<String, usize>,
    /// Warnings of all releases together (`releases.warnings`).
    pub warnings: usize,
    /// Every input, by `source_file`: each ended as a release or a reject.
    pub inputs: Vec<InputRecord>,
    /// Every file of the folder except the manifest, by path.
    pub outputs: Vec<OutputFile>,
}

/// The settings of a run, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Names of the publishing agency.
    pub publishers: Vec<String>,
    /// Zone assumed for dates without one (IANA name).
    pub default_zone: String,
    /// Formats written, in output order.
    pub formats: Vec<String>,
}

/// One input file (or unlistable folder) and its fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRecord {
    /// Path relative to the input root, forward slashes.
    pub source_file: String,
    /// SHA-256 of its bytes, lowercase hex; null when it could not be read.
    pub sha256: Option<String>,
    /// The release it became, when it parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_id: Option<String>,
    /// Why it was rejected, when it did not parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject: Option<InputReject>,
    /// True when its rows came from the previous run's cache (absent otherwise).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reused: bool,
}

impl InputRecord {
    /// The record of an input from its hash and fate.
    pub fn new(source_file: &str, sha256: Option<String>, fate: &Fate, reused: bool) -> Self {
        let (release_id, reject) = match fate {
            Fate::Release(boxed) => (Some(boxed.0.release_id.clone()), None),
            Fate::Reject(r) => (
                None,
                Some(InputReject {
                    error_kind: r.error_kind,
                    line: r.line,
                    column: r.column,
                    message: r.message.clone(),
                }),
            ),
        };
        InputRecord {
            source_file: source_file.to_string(),
            sha256,
            release_id,
            reject,
            reused,
        }
    }
}

/// Why an input was rejected (the same values as its `rejects` row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputReject {
    /// Class of the problem.
    pub error_kind: ErrorKind,
    /// 1-based line, when the problem has a place.
    pub line: Option<u32>,
    /// 1-based column, when the problem has a place.
    pub column: Option<u32>,
    /// What was expected and found.
    pub message: String,
}

/// One written file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputFile {
    /// Path relative to the output folder, forward slashes.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

/// What a run was asked to do, for [`Manifest::new`].
#[derive(Debug, Clone, Copy)]
pub struct RunInfo<'a> {
    /// The settings of the middle stages.
    pub config: &'a RunConfig,
    /// The formats written.
    pub formats: &'a [Format],
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// Whether `--incremental` was given.
    pub incremental: bool,
}

/// A UTC instant as RFC 3339 with milliseconds and `Z`.
fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Manifest {
    /// The manifest of a run from its totals and summary, without its inputs, output files and
    /// end time (see [`Manifest::write_streamed`]).
    pub fn new(totals: &Totals, summary: &Summary, info: &RunInfo<'_>) -> Self {
        let rows = summary
            .rows
            .by_table()
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        let mut formats = info.formats.to_vec();
        formats.sort_unstable();
        formats.dedup();
        Manifest {
            tool: "pressroom".to_string(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: SCHEMA_VERSION.to_string(),
            rules_version: RULES_VERSION.to_string(),
            started_at: rfc3339(info.started_at),
            finished_at: String::new(),
            incremental: info.incremental,
            settings: Settings {
                publishers: info.config.lexicon.publisher_names.clone(),
                default_zone: info.config.parse.default_zone.name().to_string(),
                formats: formats.iter().map(|f| f.ext().to_string()).collect(),
            },
            inputs_reused: totals.reused,
            inputs_parsed: totals.parsed,
            rows,
            warnings: summary.warnings,
            inputs: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// The manifest of a batch held in memory, with its inputs.
    pub fn of_batch(batch: &Batch, info: &RunInfo<'_>) -> Self {
        let totals = Totals {
            reused: batch.reused,
            parsed: batch.parsed,
            rejects: batch.dataset.rejects.len(),
            cache_miss: batch.cache_miss.clone(),
        };
        Manifest {
            inputs: batch.inputs.clone(),
            ..Manifest::new(&totals, &Summary::of(&batch.dataset), info)
        }
    }

    /// Lists and hashes every file under `dir` (the run's staging folder), stamps the end time
    /// and writes `dir/manifest.json`, pretty-printed, with the inputs this manifest holds.
    /// Returns the manifest as written.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when a file cannot be read back or the manifest cannot be written.
    pub fn write(mut self, dir: &Path) -> Result<Manifest, Error> {
        self.outputs = output_files(dir)?;
        self.finished_at = rfc3339(Utc::now());
        let path = dir.join(MANIFEST_FILE);
        let mut text = serde_json::to_string_pretty(&self).map_err(|e| Error::WriteOutput {
            path: path.clone(),
            source: e.into(),
        })?;
        text.push('\n');
        crate::outdir::write_synced(&path, text.as_bytes())?;
        Ok(self)
    }

    /// Stamps the end time and writes the manifest to `path` (through `<path>.tmp` and a
    /// rename), pretty-printed, with `outputs` and the inputs read one by one from `spool` (a
    /// JSON Lines file of [`InputRecord`]s in output order, see [`InputSpool`]), so a run over
    /// millions of inputs never holds their records. Returns the manifest as written, without
    /// its inputs.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when the spool cannot be read or the manifest cannot be written.
    pub fn write_streamed(
        mut self,
        path: &Path,
        outputs: Vec<OutputFile>,
        spool: &Path,
    ) -> Result<Manifest, Error> {
        self.outputs = outputs;
        self.finished_at = rfc3339(Utc::now());
        let err = |source: std::io::Error| Error::WriteOutput {
            path: path.to_path_buf(),
            source,
        };
        let tmp = crate::write::tmp_path(path);
        let result = (|| -> std::io::Result<()> {
            let mut out = BufWriter::new(File::create(&tmp)?);
            let view = ManifestOut {
                manifest: &self,
                inputs: Spooled(spool),
            };
            serde_json::to_writer_pretty(&mut out, &view).map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
            let file = out.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(err(e));
        }
        Ok(self)
    }

    /// Reads `dir/manifest.json`.
    ///
    /// # Errors
    /// [`Error::ReadInput`] when it is missing, unreadable or not a manifest.
    pub fn read(dir: &Path) -> Result<Manifest, Error> {
        let path = dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::ReadInput {
            path: path.clone(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| Error::ReadInput {
            path,
            source: e.into(),
        })
    }
}

/// The manifest as written by [`Manifest::write_streamed`]: the same fields in the same order,
/// its inputs read from a spool file.
struct ManifestOut<'a> {
    manifest: &'a Manifest,
    inputs: Spooled<'a>,
}

impl Serialize for ManifestOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let m = self.manifest;
        let mut st = serializer.serialize_struct("Manifest", 16)?;
        st.serialize_field("tool", &m.tool)?;
        st.serialize_field("tool_version", &m.tool_version)?;
        st.serialize_field("schema_version", &m.schema_version)?;
        st.serialize_field("rules_version", &m.rules_version)?;
        st.serialize_field("started_at", &m.started_at)?;
        st.serialize_field("finished_at", &m.finished_at)?;
        st.serialize_field("incremental", &m.incremental)?;
        st.serialize_field("settings", &m.settings)?;
        st.serialize_field("inputs_reused", &m.inputs_reused)?;
        st.serialize_field("inputs_parsed", &m.inputs_parsed)?;
        st.serialize_field("rows", &m.rows)?;
        st.serialize_field("warnings", &m.warnings)?;
        st.serialize_field("inputs", &self.inputs)?;
        st.serialize_field("outputs", &m.outputs)?;
        st.end()
    }
}

/// The input records of a spool file, serialized as a sequence as they are read.
struct Spooled<'a>(&'a Path);

impl Serialize for Spooled<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let file = File::open(self.0).map_err(S::Error::custom)?;
        let mut seq = serializer.serialize_seq(None)?;
        for line in BufReader::new(file).lines() {
            let line = line.map_err(S::Error::custom)?;
            let record: InputRecord = serde_json::from_str(&line).map_err(S::Error::custom)?;
            seq.serialize_element(&record)?;
        }
        seq.end()
    }
}

/// A JSON Lines file of [`InputRecord`]s, appended chunk by chunk during a run and read back by
/// [`Manifest::write_streamed`].
pub struct InputSpool {
    path: PathBuf,
    out: BufWriter<File>,
}

impl InputSpool {
    /// Creates (or empties) the spool file at `path`, creating its folder.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when it cannot be created.
    pub fn create(path: PathBuf) -> Result<Self, Error> {
        let err = |source| Error::WriteOutput {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(err)?;
        }
        let out = BufWriter::new(File::create(&path).map_err(err)?);
        Ok(InputSpool { path, out })
    }

    /// Appends `records`.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when the file cannot be written.
    pub fn append(&mut self, records: &[InputRecord]) -> Result<(), Error> {
        let err = |source| Error::WriteOutput {
            path: self.path.clone(),
            source,
        };
        for record in records {
            serde_json::to_writer(&mut self.out, record).map_err(|e| err(e.into()))?;
            self.out.write_all(b"\n").map_err(err)?;
        }
        Ok(())
    }

    /// Flushes the file and returns its path.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when the file cannot be written.
    pub fn finish(mut self) -> Result<PathBuf, Error> {
        self.out.flush().map_err(|source| Error::WriteOutput {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.path)
    }
}

/// Every file under `dir` except the manifest, with its size and SHA-256, sorted by path
/// (relative, forward slashes). Files are hashed in parallel.
///
/// # Errors
/// [`Error::WriteOutput`] when a folder cannot be listed or a file cannot be read.
pub fn output_files(dir: &Path) -> Result<Vec<OutputFile>, Error> {
    output_files_known(dir, &HashMap::new())
}

/// [`output_files`], taking the size and hash of the files in `known` (by path) from there
/// instead of reading them again: the table writers hash their files as they write them.
///
/// # Errors
/// As [`output_files`].
pub fn output_files_known(
    dir: &Path,
    known: &HashMap<PathBuf, (u64, String)>,
) -> Result<Vec<OutputFile>, Error> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    let mut stack = vec![(String::new(), dir.to_path_buf())];
    while let Some((prefix, folder)) = stack.pop() {
        let read_err = |source| Error::WriteOutput {
            path: folder.clone(),
            source,
        };
        for entry in std::fs::read_dir(&folder).map_err(read_err)? {
            let entry = entry.map_err(read_err)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            let path = entry.path();
            if entry.file_type().map_err(read_err)?.is_dir() {
                stack.push((format!("{rel}/"), path));
            } else if rel != MANIFEST_FILE && !rel.starts_with(SPOOL_DIR) {
                found.push((rel, path));
            }
        }
    }
    found.sort();
    found
        .into_par_iter()
        .map(|(rel, path)| {
            let hashed = match known.get(&path) {
                Some(done) => Ok(done.clone()),
                None => hash_file(&path),
            };
            hashed.map(|(bytes, sha256)| OutputFile {
                path: rel,
                bytes,
                sha256,
            })
        })
        .collect()
}

/// Size and SHA-256 (lowercase hex) of the file at `path`, read in blocks (output files can be
/// larger than the memory a run may take).
///
/// # Errors
/// [`Error::WriteOutput`] when the file cannot be read.
pub fn hash_file(path: &Path) -> Result<(u64, String), Error> {
    let err = |source| Error::WriteOutput {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(err)?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher).map_err(err)?;
    Ok((bytes, release::hex(&hasher.finalize())))
}

/// A writer that hashes (SHA-256) and counts the bytes it passes on, so a file's manifest entry
/// costs no second read.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W> HashingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The inner writer, the byte count and the SHA-256 (lowercase hex) of what went through.
    pub fn finish(self) -> (W, u64, String) {
        (
            self.inner,
            self.bytes,
            release::hex(&self.hasher.finalize()),
        )
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incremental;
    use crate::pipeline::Input;

    #[test]
    fn hashing_writer_hashes_what_it_writes() {
        use std::io::Write as _;
        let mut w = HashingWriter::new(Vec::new());
        w.write_all(b"ab").unwrap();
        w.write_all(b"c").unwrap();
        let (inner, bytes, sha) = w.finish();
        assert_eq!((inner.as_slice(), bytes), (&b"abc"[..], 3));
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn output_files_are_sorted_hashed_and_skip_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("csv")).unwrap();
        std::fs::write(dir.path().join("csv/b.csv"), "b").unwrap();
        std::fs::write(dir.path().join("README.md"), "").unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), "{}").unwrap();
        let files = output_files(dir.path()).unwrap();
        let paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["README.md", "csv/b.csv"]);
        assert_eq!(files[1].bytes, 1);
        assert_eq!(
            files[0].sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn manifest_counts_every_input_once_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let good = "A Title\nMon Jan 26 08:10:00 PST 2026\nA body about 70 people.\n";
        let mut inputs = Vec::new();
        for (name, text) in [("a.txt", good), ("b.txt", "")] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            inputs.push(Input {
                path,
                source_file: name.into(),
            });
        }
        let config = RunConfig::default();
        let batch = incremental::run(&inputs, Vec::new(), &config, None, false);
        let info = RunInfo {
            config: &config,
            formats: &[Format::Jsonl, Format::Csv],
            started_at: Utc::now(),
            incremental: false,
        };
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let written = Manifest::of_batch(&batch, &info).write(&out).unwrap();
        assert_eq!(Manifest::read(&out).unwrap(), written);
        assert_eq!(
            written.inputs.len(),
            written.rows["releases"] + written.rows["rejects"]
        );
        assert_eq!(
            written.inputs[0].release_id,
            Some(release::release_id("a.txt"))
        );
        assert_eq!(
            written.inputs[1].reject.as_ref().map(|r| r.error_kind),
            Some(ErrorKind::Empty)
        );
        assert_eq!(written.settings.formats, ["csv", "jsonl"]);
        assert_eq!(written.settings.default_zone, "America/Los_Angeles");
        assert!(written.finished_at.ends_with('Z'));
        let text = std::fs::read_to_string(out.join(MANIFEST_FILE)).unwrap();
        assert!(text.contains("\"error_kind\": \"empty\""), "{text}");
    }
}
