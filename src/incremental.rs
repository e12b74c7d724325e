//! Runs that reuse the previous run's work: every input's parsed release and extracted rows (or
//! its reject) are kept in a cache inside the output folder, keyed by the input's `source_file`
//! and the SHA-256 of its bytes. `pressroom extract --incremental` parses only the inputs whose
//! bytes changed, the new ones and the ones the cache cannot vouch for; deleted inputs simply
//! drop out. Because a cached input gives back exactly the rows a fresh parse would, the tables
//! of an incremental run are byte-identical to those of a full run.
//!
//! The cache is one JSON Lines file compressed as a zstd stream, [`CACHE_FILE`] under the output
//! folder (`DIR/.cache/inputs.jsonl.zst`; `zstd -dc` prints it):
//! a header line naming the tool version, [`SCHEMA_VERSION`], [`RULES_VERSION`] and a fingerprint
//! of the run settings (publisher names, default zone), then one line per input, sorted by
//! `source_file`: `{"source_file", "sha256", "fate": {"release": {release, extracted}} | {"reject": row}}`.
//! A header that differs in any of those makes the whole cache unusable (every input is parsed
//! again); a line that does not read back is ignored (that input is parsed again). Every run,
//! full or incremental, writes a fresh cache, so the next run can be incremental. Inputs that
//! could not be read, folders that could not be listed and releases holding a non-finite number
//! are not cached.
//!
//! Reading inputs and deciding reuse is done here; parsing and extracting are left to
//! [`crate::pipeline::process_bytes`], and the cache file is written into the run's staging folder
//! by [`crate::outdir`].

use std::collections::BTreeSet;
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};

use crate::dataset::Dataset;
use crate::error::Error;
use crate::extract::{Extracted, RULES_VERSION};
use crate::manifest::InputRecord;
use crate::pipeline::{self, Fate, Input, InputList, RunConfig};
use crate::records::Reject;
use crate::release::{self, Release};
use crate::schema::SCHEMA_VERSION;

/// Where the cache sits, relative to the output folder.
pub const CACHE_FILE: &str = ".cache/inputs.jsonl.zst";

/// Name in the cache's header line; a file without it is not a pressroom cache.
const CACHE_NAME: &str = "pressroom input cache";

/// Version of the cache's line layout. Bump it when the layout of a line changes.
/// 2: the file is zstd-compressed.
const CACHE_LAYOUT: u32 = 2;

/// The first line of the cache: what must match for its entries to be reused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    cache: String,
    layout: u32,
    tool_version: String,
    schema_version: String,
    rules_version: String,
    settings_sha256: String,
}

impl Header {
    /// The header a run with `config` writes and accepts.
    fn current(config: &RunConfig) -> Self {
        Header {
            cache: CACHE_NAME.to_string(),
            layout: CACHE_LAYOUT,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: SCHEMA_VERSION.to_string(),
            rules_version: RULES_VERSION.to_string(),
            settings_sha256: settings_fingerprint(config),
        }
    }

    /// Why a cache with header `self` cannot serve a run expecting `want`, if it cannot.
    fn mismatch(&self, want: &Header) -> Option<&'static str> {
        if self.cache != want.cache || self.layout != want.layout {
            Some("the cache layout changed")
        } else if self.tool_version != want.tool_version {
            Some("the pressroom version changed")
        } else if self.schema_version != want.schema_version {
            Some("the schema version changed")
        } else if self.rules_version != want.rules_version {
            Some("the rules version changed")
        } else if self.settings_sha256 != want.settings_sha256 {
            Some("the publisher names or the default zone changed")
        } else {
            None
        }
    }
}

/// SHA-256 of every setting that can change a row. The `Debug` form of [`RunConfig`] covers
/// every field, including ones added later; a change in it only ever makes the cache unusable,
/// never wrongly reused.
fn settings_fingerprint(config: &RunConfig) -> String {
    release::sha256_hex(format!("{config:?}").as_bytes())
}

/// The key fields of a cache line, read without building the rows.
#[derive(Deserialize)]
struct EntryKey {
    source_file: String,
    sha256: String,
}

/// A cache line, as written.
#[derive(Serialize)]
struct EntryOut<'a> {
    source_file: &'a str,
    sha256: &'a str,
    fate: FateOut<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum FateOut<'a> {
    Release {
        release: &'a Release,
        extracted: &'a Extracted,
    },
    Reject(&'a Reject),
}

/// A cache line, as read back.
#[derive(Deserialize)]
struct EntryIn {
    source_file: String,
    sha256: String,
    fate: FateIn,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FateIn {
    Release {
        release: Box<Release>,
        extracted: Extracted,
    },
    Reject(Reject),
}

/// A cache line of an input, with the hash it was made from; the line is read in full only
/// when the input's bytes still have that hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedLine {
    source_file: String,
    sha256: String,
    line: String,
}

/// The previous run's cache, read line by line alongside the inputs: both are sorted by
/// `source_file`, so an incremental run takes each input's line with one forward pass
/// ([`Cache::take`]) and never holds the whole cache in memory.
pub struct Cache {
    lines: Box<dyn BufRead + Send>,
    pending: Option<CachedLine>,
    done: bool,
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cache")
            .field("pending", &self.pending)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

/// Why there is no cache to reuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheMiss {
    /// The output folder has no cache file (a first run, or one written by an older pressroom).
    Missing,
    /// The cache file cannot be read or was written for other versions or settings.
    Unusable(String),
}

impl fmt::Display for CacheMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheMiss::Missing => write!(f, "no cache from a previous run"),
            CacheMiss::Unusable(why) => write!(f, "the previous cache is not usable: {why}"),
        }
    }
}

impl Cache {
    /// Opens the cache of the output folder `dir` ([`CACHE_FILE`]) and checks its header.
    ///
    /// # Errors
    /// [`CacheMiss::Missing`] when there is no cache file; [`CacheMiss::Unusable`] when it cannot
    /// be read or its header does not match this run (see [`Cache::from_reader`]).
    pub fn load(dir: &Path, config: &RunConfig) -> Result<Cache, CacheMiss> {
        Cache::open(&dir.join(CACHE_FILE), config)
    }

    /// Opens the cache file at `path` and checks its header.
    ///
    /// # Errors
    /// As [`Cache::load`].
    pub fn open(path: &Path, config: &RunConfig) -> Result<Cache, CacheMiss> {
        let unreadable = |err: std::io::Error| {
            CacheMiss::Unusable(format!("cannot read {}: {err}", path.display()))
        };
        match std::fs::File::open(path) {
            Ok(file) => {
                let decoder = zstd::stream::read::Decoder::new(file).map_err(unreadable)?;
                Cache::from_reader(Box::new(BufReader::new(decoder)), config)
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(CacheMiss::Missing),
            Err(err) => Err(CacheMiss::Unusable(format!(
                "cannot read {}: {err}",
                path.display()
            ))),
        }
    }

    /// A cache read from `text` (tests, and callers holding a cache in memory).
    ///
    /// # Errors
    /// As [`Cache::from_reader`].
    pub fn from_text(text: String, config: &RunConfig) -> Result<Cache, CacheMiss> {
        Cache::from_reader(Box::new(std::io::Cursor::new(text.into_bytes())), config)
    }

    /// A cache read from `lines`: reads and checks the header line; the entries are read as
    /// [`Cache::take`] asks for them.
    ///
    /// # Errors
    /// [`CacheMiss::Unusable`] when the header line is missing or damaged, or names another
    /// cache layout, tool version, schema or rules version or other settings.
    pub fn from_reader(
        mut lines: Box<dyn BufRead + Send>,
        config: &RunConfig,
    ) -> Result<Cache, CacheMiss> {
        let damaged = || CacheMiss::Unusable("its header line is missing or damaged".into());
        let mut first = String::new();
        lines.read_line(&mut first).map_err(|_| damaged())?;
        let header: Header =
            serde_json::from_str(first.trim_end_matches(['\n', '\r'])).map_err(|_| damaged())?;
        if let Some(why) = header.mismatch(&Header::current(config)) {
            return Err(CacheMiss::Unusable(why.to_string()));
        }
        Ok(Cache {
            lines,
            pending: None,
            done: false,
        })
    }

    /// The next readable entry line, or `None` at the end (a read error ends the cache: the
    /// inputs after it are parsed again).
    fn next_line(&mut self) -> Option<CachedLine> {
        while !self.done {
            let mut line = String::new();
            match self.lines.read_line(&mut line) {
                Ok(0) | Err(_) => self.done = true,
                Ok(_) => {
                    let trimmed = line.trim_end_matches(['\n', '\r']).len();
                    line.truncate(trimmed);
                    if let Some((source_file, sha256)) = entry_key(&line) {
                        return Some(CachedLine {
                            source_file,
                            sha256,
                            line,
                        });
                    }
                }
            }
        }
        None
    }

    /// The cache line of `source_file`, if the cache has one. Calls must come in increasing
    /// `source_file` order (the order of [`crate::pipeline::discover`]); lines of names passed
    /// over are dropped. A cache out of order only costs reuse, never correctness.
    pub fn take(&mut self, source_file: &str) -> Option<CachedLine> {
        loop {
            let pending = match self.pending.take() {
                Some(p) => p,
                None => self.next_line()?,
            };
            match pending.source_file.as_str().cmp(source_file) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal => return Some(pending),
                std::cmp::Ordering::Greater => {
                    self.pending = Some(pending);
                    return None;
                }
            }
        }
    }
}

/// `source_file` and `sha256` of a cache line. Lines are written with these two keys first, so
/// they are read from the front of the line without scanning the rows; a line written otherwise
/// is read in full.
fn entry_key(line: &str) -> Option<(String, String)> {
    let fast = || -> Option<(String, String)> {
        let rest = line.strip_prefix("{\"source_file\":")?;
        let mut de = serde_json::Deserializer::from_str(rest).into_iter::<String>();
        let source_file = de.next()?.ok()?;
        let rest = rest[de.byte_offset()..].strip_prefix(",\"sha256\":")?;
        let sha256 = serde_json::Deserializer::from_str(rest)
            .into_iter::<String>()
            .next()?
            .ok()?;
        Some((source_file, sha256))
    };
    fast().or_else(|| {
        serde_json::from_str::<EntryKey>(line)
            .ok()
            .map(|k| (k.source_file, k.sha256))
    })
}

/// The fate kept in `cached`, when it is the entry of `source_file` with bytes hashing to
/// `sha256` and reads back whole.
fn lookup(cached: &CachedLine, source_file: &str, sha256: &str) -> Option<Fate> {
    if cached.source_file != source_file || cached.sha256 != sha256 {
        return None;
    }
    let entry: EntryIn = serde_json::from_str(&cached.line).ok()?;
    if entry.source_file != source_file || entry.sha256 != sha256 {
        return None;
    }
    match entry.fate {
        FateIn::Release { release, extracted }
            if release.source_file == source_file && release.content_sha256 == sha256 =>
        {
            Some(Fate::Release(Box::new((*release, extracted))))
        }
        FateIn::Reject(reject) if reject.source_file == source_file => Some(Fate::Reject(reject)),
        _ => None,
    }
}

/// The cache line of an input, or `None` when its rows cannot be cached faithfully (a
/// non-finite number, which JSON cannot hold).
fn cache_line(source_file: &str, sha256: &str, fate: &Fate) -> Option<String> {
    let fate = match fate {
        Fate::Release(boxed) => {
            let (release, extracted) = &**boxed;
            let finite = extracted.outcomes.iter().all(|o| {
                [o.value, o.value_min, o.value_max]
                    .iter()
                    .flatten()
                    .all(|v| v.is_finite())
            });
            if !finite {
                return None;
            }
            FateOut::Release { release, extracted }
        }
        Fate::Reject(reject) => FateOut::Reject(reject),
    };
    serde_json::to_string(&EntryOut {
        source_file,
        sha256,
        fate,
    })
    .ok()
}

/// Deserializes a `rule` column value into the `&'static str` the row types hold. Each distinct
/// name is allocated once for the life of the process (a cache from the current rules holds a
/// few dozen names), so reading many caches does not grow memory.
///
/// # Errors
/// When the value is not a string.
pub fn rule_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let name = String::deserialize(deserializer)?;
    Ok(intern(name))
}

fn intern(name: String) -> &'static str {
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = names.get(name.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}

/// Inputs processed together: read, parsed and extracted in parallel, then handed to the sink in
/// input order. It bounds the rows held in memory (one chunk being written while the next is
/// processed), whatever the number of inputs; the bytes written never depend on it.
pub const CHUNK_INPUTS: usize = 128;

/// What became of one input in a batch run.
struct Processed {
    fate: Fate,
    sha256: Option<String>,
    line: Option<String>,
    reused: bool,
}

/// Reads one input, hashes it, and takes its fate from `cached` when the bytes are unchanged,
/// or parses and extracts it. `keep_cache` asks for its cache line.
fn process_input(
    input: &Input,
    config: &RunConfig,
    cached: Option<CachedLine>,
    keep_cache: bool,
) -> Processed {
    let bytes = match std::fs::read(&input.path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Processed {
                fate: Fate::Reject(pipeline::unreadable_file(&input.source_file, &err)),
                sha256: None,
                line: None,
                reused: false,
            };
        }
    };
    let sha256 = release::sha256_hex(&bytes);
    if let Some(cached) = cached
        && let Some(fate) = lookup(&cached, &input.source_file, &sha256)
    {
        return Processed {
            fate,
            line: keep_cache.then_some(cached.line),
            sha256: Some(sha256),
            reused: true,
        };
    }
    let fate = pipeline::process_hashed_bytes(&bytes, sha256.clone(), &input.source_file, config);
    let line = if keep_cache {
        cache_line(&input.source_file, &sha256, &fate)
    } else {
        None
    };
    Processed {
        fate,
        sha256: Some(sha256),
        line,
        reused: false,
    }
}

/// The rows, input records and cache lines of one chunk of inputs, in output order (inputs and
/// rejects by `source_file`, child rows by release).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chunk {
    /// The rows of every table.
    pub dataset: Dataset,
    /// Every input of the chunk (and the walk rejects merged into it) with its hash and fate.
    pub inputs: Vec<InputRecord>,
    /// The cache lines of the chunk's inputs, when the run keeps a cache.
    pub cache_lines: Vec<String>,
}

/// Where a batch run hands its chunks, in order: the table writers of a run, or memory.
pub trait Sink: Send {
    /// Takes the next chunk.
    ///
    /// # Errors
    /// Whatever stops the run (a file that cannot be written); the run ends with it.
    fn chunk(&mut self, chunk: Chunk) -> Result<(), Error>;
}

/// What a batch run did, besides its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Inputs whose rows came from the cache.
    pub reused: usize,
    /// Inputs read and parsed in this run.
    pub parsed: usize,
    /// Rejects, walk rejects included.
    pub rejects: usize,
    /// Why the previous cache could not be used, when reuse was asked and none was possible.
    pub cache_miss: Option<CacheMiss>,
}

/// The header line of a cache written by a run with `config`.
pub fn cache_header(config: &RunConfig) -> String {
    serde_json::to_string(&Header::current(config)).expect("a struct of strings always serializes")
}

/// Runs a batch as `cache_use` says, handing the chunks to `sink`: opens the previous cache for
/// [`CacheUse::Reuse`] (when it is missing or unusable, every input is parsed and
/// [`Totals::cache_miss`] says why), then [`stream`]s.
///
/// # Errors
/// The first error of `sink`.
pub fn stream_batch(
    inputs: &InputList,
    walk_rejects: Vec<Reject>,
    config: &RunConfig,
    cache_use: CacheUse<'_>,
    sink: &mut dyn Sink,
) -> Result<Totals, Error> {
    let (cache, keep, miss) = match cache_use {
        CacheUse::Off => (None, false, None),
        CacheUse::Write => (None, true, None),
        CacheUse::Reuse(path) => match Cache::open(path, config) {
            Ok(cache) => (Some(cache), true, None),
            Err(miss) => (None, true, Some(miss)),
        },
    };
    let totals = stream(inputs, walk_rejects, config, cache, keep, sink)?;
    Ok(Totals {
        cache_miss: miss,
        ..totals
    })
}

/// Processes `inputs` (sorted by `source_file`, as [`pipeline::discover`] gives them) chunk by
/// chunk: each chunk is read, parsed and extracted in parallel on the current rayon pool, reusing
/// `cache` entries whose input bytes are unchanged, while the previous chunk is handed to `sink`.
/// The walk rejects are merged in by `source_file`. Chunks come to the sink in input order, so
/// what it writes does not depend on the number of threads, nor on what came from the cache. With
/// `keep_cache`, the chunks carry the new cache lines.
///
/// # Errors
/// The first error of `sink`.
pub fn stream(
    inputs: &InputList,
    walk_rejects: Vec<Reject>,
    config: &RunConfig,
    mut cache: Option<Cache>,
    keep_cache: bool,
    sink: &mut dyn Sink,
) -> Result<Totals, Error> {
    let mut walk = walk_rejects.into_iter().peekable();
    let mut totals = Totals::default();
    let mut pending: Option<Chunk> = None;
    let starts: Vec<usize> = (0..inputs.len()).step_by(CHUNK_INPUTS).collect();
    for (i, &start) in starts.iter().enumerate() {
        let chunk = inputs.slice(start..(start + CHUNK_INPUTS).min(inputs.len()));
        let cached: Vec<Option<CachedLine>> = chunk
            .iter()
            .map(|input| cache.as_mut().and_then(|c| c.take(&input.source_file)))
            .collect();
        let previous = pending.take();
        let (written, done) = rayon::join(
            || previous.map_or(Ok(()), |c| sink.chunk(c)),
            || {
                chunk
                    .par_iter()
                    .zip(cached)
                    .map(|(input, cached)| {
                        let processed = process_input(input, config, cached, keep_cache);
                        crate::log::input_done(input, &processed.fate);
                        processed
                    })
                    .collect::<Vec<Processed>>()
            },
        );
        written?;
        let until = starts.get(i + 1).map(|&next| inputs.source_file(next));
        pending = Some(assemble(&chunk, done, &mut walk, until, &mut totals));
    }
    if pending.is_none() {
        pending = Some(assemble(&[], Vec::new(), &mut walk, None, &mut totals));
    }
    if let Some(last) = pending {
        sink.chunk(last)?;
    }
    Ok(totals)
}

/// Gathers the processed inputs of a chunk (in input order) into its tables, with the walk
/// rejects named before `until` (all that are left when `until` is `None`) merged in by
/// `source_file`, and reports every reject.
fn assemble(
    inputs: &[Input],
    done: Vec<Processed>,
    walk: &mut std::iter::Peekable<std::vec::IntoIter<Reject>>,
    until: Option<&str>,
    totals: &mut Totals,
) -> Chunk {
    let mut chunk = Chunk::default();
    let data = &mut chunk.dataset;
    for (input, processed) in inputs.iter().zip(done) {
        chunk.inputs.push(InputRecord::new(
            &input.source_file,
            processed.sha256,
            &processed.fate,
            processed.reused,
        ));
        totals.reused += usize::from(processed.reused);
        totals.parsed += usize::from(!processed.reused);
        chunk.cache_lines.extend(processed.line);
        match processed.fate {
            Fate::Release(boxed) => {
                let (release, extracted) = *boxed;
                data.push_release(release, extracted);
            }
            Fate::Reject(reject) => {
                crate::log::emit(&crate::report::ReleaseSkipped {
                    shown_path: &input.path.display().to_string(),
                    reject: &reject,
                });
                data.rejects.push(reject);
            }
        }
    }
    let mut merged = false;
    while let Some(reject) = walk.next_if(|r| until.is_none_or(|u| r.source_file.as_str() < u)) {
        crate::log::emit(&crate::report::ReleaseSkipped {
            shown_path: &reject.source_file,
            reject: &reject,
        });
        chunk.inputs.push(InputRecord::new(
            &reject.source_file,
            None,
            &Fate::Reject(reject.clone()),
            false,
        ));
        data.rejects.push(reject);
        merged = true;
    }
    if merged {
        data.rejects
            .sort_by(|a, b| a.source_file.cmp(&b.source_file));
        chunk
            .inputs
            .sort_by(|a, b| a.source_file.cmp(&b.source_file));
    }
    totals.rejects += data.rejects.len();
    chunk
}

/// The result of a batch run held in memory: the rows, what became of every input, and the new
/// cache. For tests and library callers with small inputs; runs over folders stream their chunks
/// to the writers instead.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The rows of every table, in output order.
    pub dataset: Dataset,
    /// Every input (files and unlistable folders) with its hash and fate, by `source_file`.
    pub inputs: Vec<InputRecord>,
    /// Inputs whose rows came from the cache.
    pub reused: usize,
    /// Inputs read and parsed in this run.
    pub parsed: usize,
    /// Why the previous cache could not be used, when reuse was asked and none was possible.
    pub cache_miss: Option<CacheMiss>,
    header: String,
    cache_lines: Option<Vec<String>>,
}

/// A [`Sink`] that keeps every chunk.
#[derive(Default)]
struct MemorySink {
    chunk: Chunk,
}

impl Sink for MemorySink {
    fn chunk(&mut self, chunk: Chunk) -> Result<(), Error> {
        self.chunk.dataset.append(chunk.dataset);
        self.chunk.inputs.extend(chunk.inputs);
        self.chunk.cache_lines.extend(chunk.cache_lines);
        Ok(())
    }
}

impl Batch {
    /// Writes the cache of this batch to `dir/.cache/inputs.jsonl.zst`. Does nothing when the batch
    /// was run without keeping a cache.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when the folder or the file cannot be written.
    pub fn write_cache(&self, dir: &Path) -> Result<(), Error> {
        let Some(lines) = &self.cache_lines else {
            return Ok(());
        };
        let mut text = String::with_capacity(
            self.header.len() + 1 + lines.iter().map(|l| l.len() + 1).sum::<usize>(),
        );
        text.push_str(&self.header);
        text.push('\n');
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        let path = dir.join(CACHE_FILE);
        let compressed =
            zstd::encode_all(text.as_bytes(), crate::sink::CACHE_ZSTD_LEVEL).map_err(|source| {
                Error::WriteOutput {
                    path: path.clone(),
                    source,
                }
            })?;
        crate::outdir::write_synced(&path, &compressed)
    }

    /// Warnings of all releases together.
    pub fn warning_count(&self) -> usize {
        self.dataset.releases.iter().map(|r| r.warnings.len()).sum()
    }
}

/// What a batch run does with the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse<'a> {
    /// Neither read nor build one (`check`).
    Off,
    /// Build a new cache (a full `extract`).
    Write,
    /// Reuse the cache file at this path and build a new one (`extract --incremental`).
    Reuse(&'a Path),
}

/// Runs a batch in memory as `cache_use` says (see [`stream_batch`]).
pub fn run_batch(
    inputs: &[Input],
    walk_rejects: Vec<Reject>,
    config: &RunConfig,
    cache_use: CacheUse<'_>,
) -> Batch {
    let mut sink = MemorySink::default();
    let keep = cache_use != CacheUse::Off;
    let list = InputList::from_inputs(inputs.to_vec());
    let totals = stream_batch(&list, walk_rejects, config, cache_use, &mut sink)
        .expect("a memory sink never fails");
    batch_of(sink, totals, config, keep)
}

/// Processes every input in memory (see [`stream`]), reusing `cache` entries whose input bytes
/// are unchanged. With `keep_cache`, the batch also holds the new cache for
/// [`Batch::write_cache`].
pub fn run(
    inputs: &[Input],
    walk_rejects: Vec<Reject>,
    config: &RunConfig,
    cache: Option<Cache>,
    keep_cache: bool,
) -> Batch {
    let mut sink = MemorySink::default();
    let list = InputList::from_inputs(inputs.to_vec());
    let totals = stream(&list, walk_rejects, config, cache, keep_cache, &mut sink)
        .expect("a memory sink never fails");
    batch_of(sink, totals, config, keep_cache)
}

fn batch_of(sink: MemorySink, totals: Totals, config: &RunConfig, keep_cache: bool) -> Batch {
    Batch {
        dataset: sink.chunk.dataset,
        inputs: sink.chunk.inputs,
        reused: totals.reused,
        parsed: totals.parsed,
        cache_miss: totals.cache_miss,
        header: cache_header(config),
        cache_lines: keep_cache.then_some(sink.chunk.cache_lines),
    }
}

/// The line an incremental run prints about what it reused.
pub struct ReuseSummary<'a> {
    /// The run's totals.
    pub totals: &'a Totals,
}

impl crate::log::Event for ReuseSummary<'_> {
    const NAME: &'static str = "incremental_reuse";
    const LEVEL: crate::log::Level = crate::log::Level::Info;
    fn fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        let b = self.totals;
        vec![
            ("reused", b.reused.into()),
            ("parsed", b.parsed.into()),
            (
                "cache_miss",
                b.cache_miss
                    .as_ref()
                    .map_or(serde_json::Value::Null, |m| m.to_string().into()),
            ),
        ]
    }
}

impl fmt::Display for ReuseSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.totals;
        write!(
            f,
            "{}incremental: {} inputs reused from the cache, {} parsed",
            crate::report::PREFIX,
            b.reused,
            b.parsed
        )?;
        if let Some(miss) = &b.cache_miss {
            write!(f, " ({miss})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const RELEASE: &str =
        "A Title\nMon Jan 26 08:10:00 PST 2026\nThe Youth Arts Festival drew over 500 students.\n";

    fn inputs_in(dir: &Path, files: &[(&str, &str)]) -> Vec<Input> {
        files
            .iter()
            .map(|(name, text)| {
                let path = dir.join(name);
                std::fs::write(&path, text).unwrap();
                Input {
                    path,
                    source_file: (*name).to_string(),
                }
            })
            .collect()
    }

    fn cache_of(batch: &Batch, config: &RunConfig) -> Cache {
        let dir = tempfile::tempdir().unwrap();
        batch.write_cache(dir.path()).unwrap();
        Cache::load(dir.path(), config).unwrap()
    }

    #[test]
    fn run_reuses_unchanged_inputs_and_gives_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let config = RunConfig::default();
        let inputs = inputs_in(
            dir.path(),
            &[("a.txt", RELEASE), ("b.txt", ""), ("c.txt", RELEASE)],
        );
        let full = run(&inputs, Vec::new(), &config, None, true);
        assert_eq!((full.reused, full.parsed), (0, 3));
        let cache = cache_of(&full, &config);
        std::fs::write(dir.path().join("c.txt"), RELEASE.replace("500", "600")).unwrap();
        let again = run(&inputs, Vec::new(), &config, Some(cache), true);
        assert_eq!((again.reused, again.parsed), (2, 1));
        let fresh = run(&inputs, Vec::new(), &config, None, true);
        assert_eq!(again.dataset, fresh.dataset);
        assert_eq!(again.inputs.len(), 3);
        assert!(again.inputs[0].reused && again.inputs[1].reused && !again.inputs[2].reused);
        assert_eq!(again.cache_lines, fresh.cache_lines);
    }

    #[test]
    fn run_lists_unreadable_inputs_and_walk_rejects() {
        let config = RunConfig::default();
        let inputs = vec![Input {
            path: PathBuf::from("/no/such/file.txt"),
            source_file: "file.txt".into(),
        }];
        let walk = vec![pipeline::unreadable_file(
            "a-folder",
            &std::io::Error::other("denied"),
        )];
        let batch = run(&inputs, walk, &config, None, true);
        let names: Vec<_> = batch
            .inputs
            .iter()
            .map(|i| i.source_file.as_str())
            .collect();
        assert_eq!(names, ["a-folder", "file.txt"]);
        assert!(batch.inputs.iter().all(|i| i.sha256.is_none()));
        assert_eq!(batch.dataset.rejects.len(), 2);
        assert_eq!(batch.cache_lines, Some(Vec::new()));
    }

    #[test]
    fn cache_line_round_trips_every_fixture_exactly() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let (inputs, _) = pipeline::discover(&[
            root.join("input"),
            root.join("tests/fixtures"),
            root.join("tests/agencies"),
        ])
        .unwrap();
        let config = RunConfig::default();
        let full = run(&inputs, Vec::new(), &config, None, true);
        assert!(inputs.len() > CHUNK_INPUTS / 20, "several fixtures");
        let cache = cache_of(&full, &config);
        let reused = run(&inputs, Vec::new(), &config, Some(cache), false);
        assert_eq!(reused.reused, inputs.len());
        assert_eq!(reused.dataset, full.dataset);
    }

    #[test]
    fn cache_from_text_refuses_other_versions_and_settings() {
        let config = RunConfig::default();
        let header = Header::current(&config);
        let text = |h: &Header| serde_json::to_string(h).unwrap() + "\n";
        assert!(Cache::from_text(text(&header), &config).is_ok());
        let mut other = header.clone();
        other.rules_version = "0".into();
        assert_eq!(
            Cache::from_text(text(&other), &config).unwrap_err(),
            CacheMiss::Unusable("the rules version changed".into())
        );
        let mut other = header.clone();
        other.schema_version = "0".into();
        assert!(Cache::from_text(text(&other), &config).is_err());
        let mut publisher = config.clone();
        publisher.lexicon.publisher_names = vec!["Other Agency".into()];
        assert_eq!(
            Cache::from_text(text(&header), &publisher).unwrap_err(),
            CacheMiss::Unusable("the publisher names or the default zone changed".into())
        );
        assert!(Cache::from_text("not json\n".into(), &config).is_err());
        assert!(Cache::from_text(String::new(), &config).is_err());
    }

    #[test]
    fn cache_lookup_ignores_damaged_lines_and_changed_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let config = RunConfig::default();
        let inputs = inputs_in(dir.path(), &[("a.txt", RELEASE)]);
        let full = run(&inputs, Vec::new(), &config, None, true);
        let header = full.header.clone();
        let line = full.cache_lines.clone().unwrap().remove(0);
        let sha = full.inputs[0].sha256.clone().unwrap();
        let mut cache = Cache::from_text(format!("{header}\r\n{line}"), &config).unwrap();
        assert!(
            cache.take("0.txt").is_none(),
            "a name before the first entry"
        );
        let cached = cache.take("a.txt").unwrap();
        assert!(lookup(&cached, "a.txt", &sha).is_some());
        assert!(lookup(&cached, "a.txt", &"0".repeat(64)).is_none());
        assert!(lookup(&cached, "b.txt", &sha).is_none());
        assert!(cache.take("b.txt").is_none());
        let damaged = line.replace("\"release_id\"", "\"release_idx\"");
        let mut cache =
            Cache::from_text(format!("{header}\n{{oops\n{damaged}\n"), &config).unwrap();
        let cached = cache.take("a.txt").unwrap();
        assert!(lookup(&cached, "a.txt", &sha).is_none());
    }

    #[test]
    fn cache_take_walks_sorted_entries_once() {
        let config = RunConfig::default();
        let header = cache_header(&config);
        let entry =
            |name: &str| format!("{{\"source_file\":\"{name}\",\"sha256\":\"s\",\"fate\":{{}}}}");
        let text = format!(
            "{header}\n{}\n{}\n{}\n",
            entry("a.txt"),
            entry("c.txt"),
            entry("d \\\"q\\\".txt")
        );
        let mut cache = Cache::from_text(text, &config).unwrap();
        assert_eq!(cache.take("a.txt").unwrap().source_file, "a.txt");
        assert!(cache.take("b.txt").is_none());
        assert_eq!(cache.take("c.txt").unwrap().sha256, "s");
        assert_eq!(
            cache.take("d \"q\".txt").unwrap().source_file,
            "d \"q\".txt"
        );
        assert!(cache.take("e.txt").is_none());
    }

    #[test]
    fn entry_key_reads_the_front_or_the_whole_line() {
        let front = r#"{"source_file":"a \"b\".txt","sha256":"ff","fate":{"reject":{}}}"#;
        assert_eq!(entry_key(front), Some(("a \"b\".txt".into(), "ff".into())));
        let reordered = r#"{"sha256":"ff","fate":null,"source_file":"x.txt"}"#;
        assert_eq!(entry_key(reordered), Some(("x.txt".into(), "ff".into())));
        assert_eq!(entry_key("{oops"), None);
    }

    #[test]
    fn stream_gives_the_same_rows_whatever_the_chunking_and_merges_walk_rejects() {
        let dir = tempfile::tempdir().unwrap();
        let config = RunConfig::default();
        let files: Vec<(String, String)> = (0..CHUNK_INPUTS + 7)
            .map(|i| {
                (
                    format!("{i:05}.txt"),
                    RELEASE.replace("500", &i.to_string()),
                )
            })
            .collect();
        let named: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let inputs = inputs_in(dir.path(), &named);
        let walk = |name: &str| pipeline::unreadable_file(name, &std::io::Error::other("denied"));
        let walk_rejects = vec![
            walk("00000-folder"),
            walk("00600-folder"),
            walk("zz-folder"),
        ];
        let batch = run(&inputs, walk_rejects, &config, None, false);
        assert_eq!(batch.dataset.releases.len(), CHUNK_INPUTS + 7);
        let names: Vec<&str> = batch
            .inputs
            .iter()
            .map(|i| i.source_file.as_str())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(
            names, sorted,
            "inputs stay in source_file order across chunks"
        );
        assert_eq!(names.len(), CHUNK_INPUTS + 10);
        let rejects: Vec<&str> = batch
            .dataset
            .rejects
            .iter()
            .map(|r| r.source_file.as_str())
            .collect();
        assert_eq!(rejects, ["00000-folder", "00600-folder", "zz-folder"]);
        // Each release's rows follow its release, whatever chunk it was in.
        let ids: Vec<&str> = batch
            .dataset
            .releases
            .iter()
            .map(|r| r.release_id.as_str())
            .collect();
        let outcome_ids: Vec<&str> = batch
            .dataset
            .outcomes
            .iter()
            .map(|o| o.release_id.as_str())
            .collect();
        let position: std::collections::HashMap<&str, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let order: Vec<usize> = outcome_ids.iter().map(|id| position[id]).collect();
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "outcomes follow their releases"
        );
        assert!(
            order.last() > Some(&CHUNK_INPUTS),
            "the last chunk has outcomes too"
        );
    }

    #[test]
    fn cache_line_skips_non_finite_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let config = RunConfig::default();
        let inputs = inputs_in(dir.path(), &[("a.txt", RELEASE)]);
        let batch = run(&inputs, Vec::new(), &config, None, false);
        let mut extracted = Extracted {
            programs: batch.dataset.programs.clone(),
            partners: batch.dataset.partners.clone(),
            outcomes: batch.dataset.outcomes.clone(),
            people: batch.dataset.people.clone(),
        };
        let release = batch.dataset.releases[0].clone();
        assert!(
            !extracted.outcomes.is_empty(),
            "the release states a number"
        );
        let fate = Fate::Release(Box::new((release.clone(), extracted.clone())));
        assert!(cache_line("a.txt", "x", &fate).is_some());
        extracted.outcomes[0].value = Some(f64::INFINITY);
        let fate = Fate::Release(Box::new((release, extracted)));
        assert!(cache_line("a.txt", "x", &fate).is_none());
    }

    #[test]
    fn intern_keeps_one_copy_per_name() {
        let a = intern("some_rule".to_string());
        let b = intern("some_rule".to_string());
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "some_rule");
    }
}
