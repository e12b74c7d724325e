//! Runs that reuse the previous run's work: every input's parsed release and extracted rows (or
//! its reject) are kept in a cache inside the output folder, keyed by the input's `source_file`
//! and the SHA-256 of its bytes. `pressroom extract --incremental` parses only the inputs whose
//! bytes changed, the new ones and the ones the cache cannot vouch for; deleted inputs simply
//! drop out. Because a cached input gives back exactly the rows a fresh parse would, the tables
//! of an incremental run are byte-identical to those of a full run.
//!
//! The cache is one zstd stream, [`CACHE_FILE`] under the output folder
//! (`DIR/.cache/inputs.bin.zst`; `zstd -dc FILE | head -1` prints its header): a JSON header
//! line naming the tool version, [`SCHEMA_VERSION`], [`RULES_VERSION`] and a fingerprint of the
//! run settings (publisher names, default zone), then one record per input, sorted by
//! `source_file`: a `u32` little-endian length, then that many bytes of
//! [postcard](https://docs.rs/postcard) (a compact binary serde format) holding
//! `(source_file, sha256, fate)`, the fate being `release {release, extracted}` or
//! `reject(row)`. A header that differs in any of those makes the whole cache unusable (every
//! input is parsed again); a record that does not read back is ignored (that input is parsed
//! again) and a record cut short ends the cache (the inputs after it are parsed again). Every
//! run, full or incremental, writes a fresh cache, so the next run can be incremental. Inputs
//! that could not be read and folders that could not be listed are not cached. postcard keeps
//! every `f64` bit for bit, so releases holding NaN or an infinity are cached like the others.
//!
//! Reading inputs and deciding reuse is done here; parsing and extracting are left to
//! [`crate::pipeline::process_bytes`], and the cache file is written into the run's staging folder
//! by [`crate::outdir`].

use std::collections::BTreeSet;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
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
pub const CACHE_FILE: &str = ".cache/inputs.bin.zst";

/// The extension of cache files before their records were postcard (layout 2 and earlier:
/// `inputs.jsonl.zst`, `part-K-of-N.jsonl.zst`). Such a file is never read: a run finds no
/// [`CACHE_FILE`] beside it and parses every input.
pub const LEGACY_CACHE_EXT: &str = "jsonl.zst";

/// The extension of a cache file: [`CACHE_FILE`], and a shard's `.cache/part-K-of-N.bin.zst`.
pub const CACHE_EXT: &str = "bin.zst";

/// Name in the cache's header line; a file without it is not a pressroom cache.
const CACHE_NAME: &str = "pressroom input cache";

/// Version of the cache's record layout. Bump it when the layout of a record changes.
/// 2: the file is zstd-compressed.
/// 3: records are postcard, length-prefixed.
const CACHE_LAYOUT: u32 = 3;

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

/// A cache record, as written. postcard writes the fields in this order and without names, so
/// [`EntryIn`] must keep the same fields in the same order, and [`entry_key`] reads the first two.
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

/// A cache record, as read back.
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

/// A cache record of an input (its postcard bytes, without the length), with the hash it was
/// made from; the record is decoded in full only when the input's bytes still have that hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedRecord {
    source_file: String,
    sha256: String,
    record: Vec<u8>,
}

/// The previous run's cache, read record by record alongside the inputs: both are sorted by
/// `source_file`, so an incremental run takes each input's record with one forward pass
/// ([`Cache::take`]) and never holds the whole cache in memory.
pub struct Cache {
    records: Box<dyn BufRead + Send>,
    pending: Option<CachedRecord>,
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

    /// A cache read from `bytes`, uncompressed (tests, and callers holding a cache in memory).
    ///
    /// # Errors
    /// As [`Cache::from_reader`].
    pub fn from_bytes(bytes: Vec<u8>, config: &RunConfig) -> Result<Cache, CacheMiss> {
        Cache::from_reader(Box::new(std::io::Cursor::new(bytes)), config)
    }

    /// A cache read from `records`, uncompressed: reads and checks the header line; the records
    /// are read as [`Cache::take`] asks for them.
    ///
    /// # Errors
    /// [`CacheMiss::Unusable`] when the header line is missing or damaged, or names another
    /// cache layout, tool version, schema or rules version or other settings.
    pub fn from_reader(
        mut records: Box<dyn BufRead + Send>,
        config: &RunConfig,
    ) -> Result<Cache, CacheMiss> {
        let damaged = || CacheMiss::Unusable("its header line is missing or damaged".into());
        let mut first = String::new();
        records.read_line(&mut first).map_err(|_| damaged())?;
        let header: Header =
            serde_json::from_str(first.trim_end_matches(['\n', '\r'])).map_err(|_| damaged())?;
        if let Some(why) = header.mismatch(&Header::current(config)) {
            return Err(CacheMiss::Unusable(why.to_string()));
        }
        Ok(Cache {
            records,
            pending: None,
            done: false,
        })
    }

    /// The next record whose key reads back, or `None` at the end (a read error or a record cut
    /// short ends the cache: the inputs after it are parsed again).
    fn next_record(&mut self) -> Option<CachedRecord> {
        while !self.done {
            match read_record(&mut self.records) {
                None => self.done = true,
                Some(record) => {
                    if let Some((source_file, sha256)) = entry_key(&record) {
                        return Some(CachedRecord {
                            source_file,
                            sha256,
                            record,
                        });
                    }
                }
            }
        }
        None
    }

    /// The cache record of `source_file`, if the cache has one. Calls must come in increasing
    /// `source_file` order (the order of [`crate::pipeline::discover`]); records of names passed
    /// over are dropped. A cache out of order only costs reuse, never correctness.
    pub fn take(&mut self, source_file: &str) -> Option<CachedRecord> {
        loop {
            let pending = match self.pending.take() {
                Some(p) => p,
                None => self.next_record()?,
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

/// Room reserved for a record before it is read: a record's length comes from the file, so
/// no more than this is reserved on its word; a longer record grows its buffer as it is read.
const RECORD_RESERVE: u64 = 64 * 1024;

/// The next record of `from` (its bytes, without the length), or `None` at the end of the
/// stream, on a read error or when the stream ends inside a record.
fn read_record(from: &mut impl Read) -> Option<Vec<u8>> {
    let mut len = [0u8; 4];
    from.read_exact(&mut len).ok()?;
    let len = u64::from(u32::from_le_bytes(len));
    let reserve = usize::try_from(len.min(RECORD_RESERVE)).unwrap_or(0);
    let mut record = Vec::with_capacity(reserve);
    from.take(len).read_to_end(&mut record).ok()?;
    (u64::try_from(record.len()) == Ok(len)).then_some(record)
}

/// Writes `record` to `out` as the cache holds it: its length as a `u32` little-endian, then its
/// bytes. [`cache_record`] only makes records whose length fits a `u32`.
///
/// # Errors
/// The I/O error of `out`; [`std::io::ErrorKind::InvalidInput`] for a record of 4 GiB or more.
pub(crate) fn write_record(out: &mut impl Write, record: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(record.len()).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a cache record of 4 GiB or more",
        )
    })?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(record)
}

/// `source_file` and `sha256` of a cache record: postcard writes the fields of [`EntryOut`] in
/// order, so these two are read from the front of the record without decoding the rows.
fn entry_key(record: &[u8]) -> Option<(String, String)> {
    postcard::take_from_bytes::<(String, String)>(record)
        .ok()
        .map(|(key, _)| key)
}

/// The fate kept in `cached`, when it is the entry of `source_file` with bytes hashing to
/// `sha256` and reads back whole.
fn lookup(cached: &CachedRecord, source_file: &str, sha256: &str) -> Option<Fate> {
    if cached.source_file != source_file || cached.sha256 != sha256 {
        return None;
    }
    let (entry, rest) = postcard::take_from_bytes::<EntryIn>(&cached.record).ok()?;
    if !rest.is_empty() {
        return None;
    }
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

/// The cache record of an input (postcard, without the length), or `None` when it cannot be
/// written (a record of 4 GiB or more, which the `u32` length cannot hold).
fn cache_record(source_file: &str, sha256: &str, fate: &Fate) -> Option<Vec<u8>> {
    let fate = match fate {
        Fate::Release(boxed) => {
            let (release, extracted) = &**boxed;
            FateOut::Release { release, extracted }
        }
        Fate::Reject(reject) => FateOut::Reject(reject),
    };
    let record = postcard::to_stdvec(&EntryOut {
        source_file,
        sha256,
        fate,
    })
    .ok()?;
    u32::try_from(record.len()).is_ok().then_some(record)
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
    record: Option<Vec<u8>>,
    reused: bool,
}

/// Reads one input, hashes it, and takes its fate from `cached` when the bytes are unchanged,
/// or parses and extracts it. `keep_cache` asks for its cache record.
fn process_input(
    input: &Input,
    config: &RunConfig,
    cached: Option<CachedRecord>,
    keep_cache: bool,
) -> Processed {
    let bytes = match std::fs::read(&input.path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Processed {
                fate: Fate::Reject(pipeline::unreadable_file(&input.source_file, &err)),
                sha256: None,
                record: None,
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
            record: keep_cache.then_some(cached.record),
            sha256: Some(sha256),
            reused: true,
        };
    }
    let fate = pipeline::process_hashed_bytes(&bytes, sha256.clone(), &input.source_file, config);
    let record = if keep_cache {
        cache_record(&input.source_file, &sha256, &fate)
    } else {
        None
    };
    Processed {
        fate,
        sha256: Some(sha256),
        record,
        reused: false,
    }
}

/// The rows, input records and cache records of one chunk of inputs, in output order (inputs and
/// rejects by `source_file`, child rows by release).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chunk {
    /// The rows of every table.
    pub dataset: Dataset,
    /// Every input of the chunk (and the walk rejects merged into it) with its hash and fate.
    pub inputs: Vec<InputRecord>,
    /// The cache records of the chunk's inputs (postcard, without the length), when the run
    /// keeps a cache.
    pub cache_records: Vec<Vec<u8>>,
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
/// `keep_cache`, the chunks carry the new cache records.
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
        let cached: Vec<Option<CachedRecord>> = chunk
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
        pending = Some(assemble(
            &chunk,
            done,
            &mut walk,
            until.as_deref(),
            &mut totals,
        ));
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
        chunk.cache_records.extend(processed.record);
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
    cache_records: Option<Vec<Vec<u8>>>,
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
        self.chunk.cache_records.extend(chunk.cache_records);
        Ok(())
    }
}

impl Batch {
    /// Writes the cache of this batch to `dir/.cache/inputs.bin.zst`, as a run's
    /// [`crate::sink::RunSink`] writes it. Does nothing when the batch was run without keeping a
    /// cache.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] when the folder or the file cannot be written.
    pub fn write_cache(&self, dir: &Path) -> Result<(), Error> {
        let Some(records) = &self.cache_records else {
            return Ok(());
        };
        let mut cache = crate::sink::CacheFile::create(dir.join(CACHE_FILE), &self.header)?;
        cache.append(records)?;
        cache.finish().map(drop)
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
        cache_records: keep_cache.then_some(sink.chunk.cache_records),
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
        assert_eq!(again.cache_records, fresh.cache_records);
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
        assert_eq!(batch.cache_records, Some(Vec::new()));
    }

    #[test]
    fn cache_record_round_trips_every_fixture_exactly() {
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

    /// An uncompressed cache: `header`, a line end, then each record with its length.
    fn framed(header: &str, records: &[&[u8]]) -> Vec<u8> {
        let mut bytes = format!("{header}\n").into_bytes();
        for record in records {
            write_record(&mut bytes, record).unwrap();
        }
        bytes
    }

    #[test]
    fn cache_from_bytes_refuses_other_versions_and_settings() {
        let config = RunConfig::default();
        let header = Header::current(&config);
        let bytes = |h: &Header| framed(&serde_json::to_string(h).unwrap(), &[]);
        assert!(Cache::from_bytes(bytes(&header), &config).is_ok());
        let mut other = header.clone();
        other.rules_version = "0".into();
        assert_eq!(
            Cache::from_bytes(bytes(&other), &config).unwrap_err(),
            CacheMiss::Unusable("the rules version changed".into())
        );
        let mut other = header.clone();
        other.schema_version = "0".into();
        assert!(Cache::from_bytes(bytes(&other), &config).is_err());
        let mut other = header.clone();
        other.layout = 2;
        assert_eq!(
            Cache::from_bytes(bytes(&other), &config).unwrap_err(),
            CacheMiss::Unusable("the cache layout changed".into())
        );
        let mut publisher = config.clone();
        publisher.lexicon.publisher_names = vec!["Other Agency".into()];
        assert_eq!(
            Cache::from_bytes(bytes(&header), &publisher).unwrap_err(),
            CacheMiss::Unusable("the publisher names or the default zone changed".into())
        );
        assert!(Cache::from_bytes(b"not json\n".to_vec(), &config).is_err());
        assert!(Cache::from_bytes(Vec::new(), &config).is_err());
    }

    #[test]
    fn cache_lookup_ignores_damaged_records_and_changed_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let config = RunConfig::default();
        let inputs = inputs_in(dir.path(), &[("a.txt", RELEASE), ("b.txt", RELEASE)]);
        let full = run(&inputs, Vec::new(), &config, None, true);
        let header = full.header.clone();
        let records = full.cache_records.clone().unwrap();
        let (a, b) = (&records[0], &records[1]);
        let sha = full.inputs[0].sha256.clone().unwrap();
        let mut bytes = format!("{header}\r\n").into_bytes();
        write_record(&mut bytes, a).unwrap();
        let mut cache = Cache::from_bytes(bytes, &config).unwrap();
        assert!(
            cache.take("0.txt").is_none(),
            "a name before the first entry"
        );
        let cached = cache.take("a.txt").unwrap();
        assert!(lookup(&cached, "a.txt", &sha).is_some());
        assert!(lookup(&cached, "a.txt", &"0".repeat(64)).is_none());
        assert!(lookup(&cached, "b.txt", &sha).is_none());
        assert!(cache.take("b.txt").is_none());
        // A record cut short or with bytes left over keeps its key but gives no fate; one
        // whose key does not read is passed over.
        let cut = &a[..a.len() - 1];
        let mut longer = a.clone();
        longer.push(0);
        for damaged in [cut, longer.as_slice()] {
            let mut cache =
                Cache::from_bytes(framed(&header, &[b"\xff", damaged]), &config).unwrap();
            let cached = cache.take("a.txt").unwrap();
            assert!(lookup(&cached, "a.txt", &sha).is_none());
        }
        // A stream that ends inside a record ends the cache there.
        let mut bytes = framed(&header, &[a]);
        bytes.extend_from_slice(&u32::try_from(b.len() + 1).unwrap().to_le_bytes());
        bytes.extend_from_slice(b);
        let mut cache = Cache::from_bytes(bytes, &config).unwrap();
        assert!(cache.take("a.txt").is_some());
        assert!(cache.take("b.txt").is_none());
        let mut bytes = framed(&header, &[a]);
        bytes.extend_from_slice(&[1, 0]);
        let mut cache = Cache::from_bytes(bytes, &config).unwrap();
        assert!(cache.take("a.txt").is_some());
        assert!(cache.take("b.txt").is_none());
    }

    #[test]
    fn cache_take_walks_sorted_entries_once() {
        let config = RunConfig::default();
        let header = cache_header(&config);
        // Only the key is read by `take`: the fate after it need not decode.
        let entry = |name: &str| {
            let mut record = postcard::to_stdvec(&(name, "s")).unwrap();
            record.push(0xFF);
            record
        };
        let (a, c, d) = (entry("a.txt"), entry("c.txt"), entry("d \"q\".txt"));
        let mut cache = Cache::from_bytes(framed(&header, &[&a, &c, &d]), &config).unwrap();
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
    fn entry_key_reads_the_front_of_a_record() {
        let reject = pipeline::unreadable_file("a \"b\".txt", &std::io::Error::other("denied"));
        let record = cache_record("a \"b\".txt", "ff", &Fate::Reject(reject)).unwrap();
        assert_eq!(
            entry_key(&record),
            Some(("a \"b\".txt".into(), "ff".into()))
        );
        assert_eq!(entry_key(b"\xff"), None);
        assert_eq!(entry_key(b""), None);
        assert_eq!(entry_key(&record[..4]), None);
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
    fn cache_record_keeps_non_finite_numbers_bit_for_bit() {
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
        // A NaN with a payload, to see that the bits are kept, not only the class.
        let odd_nan = f64::from_bits(0x7FF8_0000_0000_0123);
        let values = [Some(f64::INFINITY), Some(odd_nan), Some(f64::NEG_INFINITY)];
        let outcome = &mut extracted.outcomes[0];
        [outcome.value, outcome.value_min, outcome.value_max] = values;
        let sha = release.content_sha256.clone();
        let fate = Fate::Release(Box::new((release.clone(), extracted.clone())));
        let record = cache_record("a.txt", &sha, &fate).unwrap();
        let (source_file, sha256) = entry_key(&record).unwrap();
        let cached = CachedRecord {
            source_file,
            sha256,
            record,
        };
        let Some(Fate::Release(back)) = lookup(&cached, "a.txt", &sha) else {
            panic!("the record reads back as a release");
        };
        let (back_release, mut back_extracted) = *back;
        assert_eq!(back_release, release);
        let got = &mut back_extracted.outcomes[0];
        let bits = |v: [Option<f64>; 3]| v.map(|v| v.map(f64::to_bits));
        assert_eq!(
            bits([got.value, got.value_min, got.value_max]),
            bits(values)
        );
        // NaN is unequal to itself: compare the rest with the numbers taken out.
        [got.value, got.value_min, got.value_max] = [None; 3];
        let outcome = &mut extracted.outcomes[0];
        [outcome.value, outcome.value_min, outcome.value_max] = [None; 3];
        assert_eq!(back_extracted, extracted);
    }

    #[test]
    fn intern_keeps_one_copy_per_name() {
        let a = intern("some_rule".to_string());
        let b = intern("some_rule".to_string());
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "some_rule");
    }
}
