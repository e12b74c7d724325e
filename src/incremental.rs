//! Runs that reuse the previous run's work: every input's parsed release and extracted rows (or
//! its reject) are kept in a cache inside the output folder, keyed by the input's `source_file`
//! and the SHA-256 of its bytes. `pressroom extract --incremental` parses only the inputs whose
//! bytes changed, the new ones and the ones the cache cannot vouch for; deleted inputs simply
//! drop out. Because a cached input gives back exactly the rows a fresh parse would, the tables
//! of an incremental run are byte-identical to those of a full run.
//!
//! The cache is one JSON Lines file, [`CACHE_FILE`] under the output folder (`DIR/.cache/inputs.jsonl`):
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

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use crate::dataset::Dataset;
use crate::error::Error;
use crate::extract::{Extracted, RULES_VERSION};
use crate::manifest::InputRecord;
use crate::pipeline::{self, Fate, Input, RunConfig};
use crate::records::Reject;
use crate::release::{self, Release};
use crate::schema::SCHEMA_VERSION;

/// Where the cache sits, relative to the output folder.
pub const CACHE_FILE: &str = ".cache/inputs.jsonl";

/// Name in the cache's header line; a file without it is not a pressroom cache.
const CACHE_NAME: &str = "pressroom input cache";

/// Version of the cache's line layout. Bump it when the layout of a line changes.
const CACHE_LAYOUT: u32 = 1;

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
    release::hex(&Sha256::digest(format!("{config:?}").as_bytes()))
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

/// A cached input: its hash and where its line sits in the cache text; the line is read in
/// full only when the input is reused.
#[derive(Debug, Clone)]
struct CachedLine {
    sha256: String,
    line: std::ops::Range<usize>,
}

/// The previous run's cache, ready to serve an incremental run.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    text: String,
    entries: HashMap<String, CachedLine>,
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
    /// Reads the cache of the output folder `dir` and checks that it was written by this
    /// pressroom, with the same schema and rules versions and the same settings as `config`.
    ///
    /// # Errors
    /// A [`CacheMiss`] saying why nothing can be reused; an incremental run then parses every
    /// input, like a full run.
    pub fn load(dir: &Path, config: &RunConfig) -> Result<Cache, CacheMiss> {
        let path = dir.join(CACHE_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(CacheMiss::Missing);
            }
            Err(err) => {
                return Err(CacheMiss::Unusable(format!(
                    "cannot read {}: {err}",
                    path.display()
                )));
            }
        };
        Cache::from_text(text, config)
    }

    /// Reads a cache from its text (see [`Cache::load`]).
    ///
    /// # Errors
    /// [`CacheMiss::Unusable`] when the header is missing or does not match `config`.
    pub fn from_text(text: String, config: &RunConfig) -> Result<Cache, CacheMiss> {
        // Each line with its byte range in `text` (without its line end).
        let mut start = 0;
        let mut lines = text.split_inclusive('\n').map(|raw| {
            let range = start..start + raw.trim_end_matches(['\n', '\r']).len();
            start += raw.len();
            range
        });
        let header: Header = lines
            .next()
            .and_then(|range| serde_json::from_str(&text[range]).ok())
            .ok_or_else(|| CacheMiss::Unusable("its header line is missing or damaged".into()))?;
        if let Some(why) = header.mismatch(&Header::current(config)) {
            return Err(CacheMiss::Unusable(why.to_string()));
        }
        let mut entries = HashMap::new();
        for range in lines {
            // A damaged line only costs its input a fresh parse.
            if let Ok(key) = serde_json::from_str::<EntryKey>(&text[range.clone()]) {
                entries.insert(
                    key.source_file,
                    CachedLine {
                        sha256: key.sha256,
                        line: range,
                    },
                );
            }
        }
        Ok(Cache { text, entries })
    }

    /// Number of cached inputs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds no input.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The cached fate of `source_file` when its bytes still hash to `sha256`, with its line.
    fn lookup(&self, source_file: &str, sha256: &str) -> Option<(Fate, &str)> {
        let cached = self.entries.get(source_file)?;
        if cached.sha256 != sha256 {
            return None;
        }
        let line = &self.text[cached.line.clone()];
        let entry: EntryIn = serde_json::from_str(line).ok()?;
        if entry.source_file != source_file || entry.sha256 != sha256 {
            return None;
        }
        let fate = match entry.fate {
            FateIn::Release { release, extracted }
                if release.source_file == source_file && release.content_sha256 == sha256 =>
            {
                Fate::Release(Box::new((*release, extracted)))
            }
            FateIn::Reject(reject) if reject.source_file == source_file => Fate::Reject(reject),
            _ => return None,
        };
        Some((fate, line))
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

/// What became of one input in a batch run.
struct Processed {
    fate: Fate,
    sha256: Option<String>,
    line: Option<String>,
    reused: bool,
}

/// Reads one input, hashes it, and takes its fate from `cache` when the bytes are unchanged,
/// or parses and extracts it. `keep_cache` asks for its cache line.
fn process_input(
    input: &Input,
    config: &RunConfig,
    cache: Option<&Cache>,
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
    let sha256 = release::hex(&Sha256::digest(&bytes));
    if let Some((fate, line)) = cache.and_then(|c| c.lookup(&input.source_file, &sha256)) {
        return Processed {
            fate,
            line: keep_cache.then(|| line.to_string()),
            sha256: Some(sha256),
            reused: true,
        };
    }
    let fate = pipeline::process_bytes(&bytes, &input.source_file, config);
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

/// The result of a batch run: the rows, what became of every input, and the new cache.
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

impl Batch {
    /// Writes the cache of this batch to `dir/.cache/inputs.jsonl` (`dir` is the staging folder
    /// of the run). Does nothing when the batch was run without keeping a cache.
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
        crate::outdir::write_synced(&dir.join(CACHE_FILE), text.as_bytes())
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
    /// Build a new cache for the output folder (a full `extract`).
    Write,
    /// Reuse the cache of this output folder and build a new one (`extract --incremental`).
    Reuse(&'a Path),
}

/// Runs a batch as `cache_use` says: loads the previous cache for [`CacheUse::Reuse`] (when it
/// is missing or unusable, every input is parsed and [`Batch::cache_miss`] says why), then
/// [`run`]s.
pub fn run_batch(
    inputs: &[Input],
    walk_rejects: Vec<Reject>,
    config: &RunConfig,
    cache_use: CacheUse<'_>,
) -> Batch {
    match cache_use {
        CacheUse::Off => run(inputs, walk_rejects, config, None, false),
        CacheUse::Write => run(inputs, walk_rejects, config, None, true),
        CacheUse::Reuse(dir) => match Cache::load(dir, config) {
            Ok(cache) => run(inputs, walk_rejects, config, Some(&cache), true),
            Err(miss) => Batch {
                cache_miss: Some(miss),
                ..run(inputs, walk_rejects, config, None, true)
            },
        },
    }
}

/// Processes every input in parallel on the current rayon pool, reusing `cache` entries whose
/// input bytes are unchanged, and collects the tables in input order (so the result does not
/// depend on the number of threads, nor on what came from the cache). With `keep_cache`, the
/// batch also holds the new cache for [`Batch::write_cache`].
pub fn run(
    inputs: &[Input],
    walk_rejects: Vec<Reject>,
    config: &RunConfig,
    cache: Option<&Cache>,
    keep_cache: bool,
) -> Batch {
    let done: Vec<Processed> = inputs
        .par_iter()
        .map(|input| {
            let processed = process_input(input, config, cache, keep_cache);
            crate::log::input_done(input, &processed.fate);
            processed
        })
        .collect();
    let mut records = Vec::with_capacity(inputs.len() + walk_rejects.len());
    let mut fates = Vec::with_capacity(inputs.len());
    let mut lines = Vec::new();
    let mut reused = 0;
    for (input, processed) in inputs.iter().zip(done) {
        records.push(InputRecord::new(
            &input.source_file,
            processed.sha256,
            &processed.fate,
            processed.reused,
        ));
        reused += usize::from(processed.reused);
        lines.extend(processed.line);
        fates.push(processed.fate);
    }
    for reject in &walk_rejects {
        records.push(InputRecord::new(
            &reject.source_file,
            None,
            &Fate::Reject(reject.clone()),
            false,
        ));
    }
    records.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    let header = serde_json::to_string(&Header::current(config))
        .expect("a struct of strings always serializes");
    Batch {
        dataset: pipeline::collect(fates, walk_rejects),
        inputs: records,
        reused,
        parsed: inputs.len() - reused,
        cache_miss: None,
        header,
        cache_lines: keep_cache.then_some(lines),
    }
}

/// The line an incremental run prints about what it reused.
pub struct ReuseSummary<'a> {
    /// The batch.
    pub batch: &'a Batch,
}

impl crate::log::Event for ReuseSummary<'_> {
    const NAME: &'static str = "incremental_reuse";
    const LEVEL: crate::log::Level = crate::log::Level::Info;
    fn fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        let b = self.batch;
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
        let b = self.batch;
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
        assert_eq!(cache.len(), 3);
        std::fs::write(dir.path().join("c.txt"), RELEASE.replace("500", "600")).unwrap();
        let again = run(&inputs, Vec::new(), &config, Some(&cache), true);
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
        let cache = cache_of(&full, &config);
        assert_eq!(cache.len(), inputs.len());
        let reused = run(&inputs, Vec::new(), &config, Some(&cache), false);
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
        let cache = Cache::from_text(format!("{header}\r\n{line}"), &config).unwrap();
        assert!(cache.lookup("a.txt", &sha).is_some());
        assert!(cache.lookup("a.txt", &"0".repeat(64)).is_none());
        assert!(cache.lookup("b.txt", &sha).is_none());
        let damaged = line.replace("\"release_id\"", "\"release_idx\"");
        let cache = Cache::from_text(format!("{header}\n{damaged}\n{{oops\n"), &config).unwrap();
        assert_eq!(cache.len(), 1);
        assert!(cache.lookup("a.txt", &sha).is_none());
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
