//! The command line: argument definitions (their doc comments are the `--help` text) and what
//! each subcommand does. `main.rs` only parses, sizes the thread pool and maps the result to an
//! exit code.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::DatasetMeta;
use crate::error::Error;
use crate::extract::{Lexicon, numbers};
use crate::incremental::{self, CacheUse, ReuseSummary, Totals};
use crate::log::{self, LogConfig, LogFormat, Verbosity};
use crate::manifest::{self, Manifest, RunInfo};
use crate::outdir::{self, LeftoverCleaned, OutputDir};
use crate::parse::ParseConfig;
use crate::pipeline::{self, Fate, RunConfig};
use crate::report::{FileWritten, ReleaseSkipped, RunSummary};
use crate::schema::{Cell, Record};
use crate::shard::Shard;
use crate::sink::{RunSink, SinkDone};
use crate::summary::Summary;
use crate::write::{self, Format};

/// Exit codes, a promise to anyone scheduling runs (also listed in the README).
pub mod exit {
    /// Every input became a release and every table was written.
    pub const OK: u8 = 0;
    /// Nothing was written: an input root is missing, the output is not writable, or `--strict`
    /// met a reject.
    pub const FATAL: u8 = 1;
    /// The command line is wrong.
    pub const USAGE: u8 = 2;
    /// The tables were written, but some inputs were rejected (listed on stderr and in `rejects`).
    pub const REJECTS: u8 = 3;
    /// Another run holds the lock of the output folder; nothing was done.
    pub const LOCKED: u8 = 4;
}

const AFTER_HELP: &str = "\
Exit codes: 0 all written; 1 fatal (nothing replaced); 2 usage error;
3 written, but some inputs were rejected (listed on stderr and in the rejects table);
4 another run holds the lock of the output folder (.DIR.lock beside it).
A bare `pressroom` means `pressroom extract input --out output`.";

/// pressroom turns public agencies' news releases into open datasets
/// (CSV, JSON Lines and Parquet tables of releases, programs, partners, outcomes and people).
#[derive(Debug, Parser)]
#[command(name = "pressroom", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do; without a command, `extract input --out output`.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Settings file (TOML); without it, ./pressroom.toml when present. Flags override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How messages are written on stderr: text lines, or one JSON object per line
    /// ({"level","event","message", ...}) for schedulers.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "text",
        env = "PRESSROOM_LOG_FORMAT",
        value_name = "FORMAT"
    )]
    pub log_format: LogFormat,
    /// Print errors only: no skipped-file warnings, no summary.
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print one line per input file.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse releases, extract facts and write every table.
    #[command(after_help = AFTER_HELP)]
    Extract(ExtractArgs),
    /// Parse and extract like `extract`, write nothing; same exit codes.
    Check(CheckArgs),
    /// Write the Frictionless Table Schema and JSON Schema files of every table.
    Schema(SchemaArgs),
    /// Recognize numbers in text: reads lines on stdin, prints one JSON list per line
    /// ({text, kind, value, min, max, unit, start, end}; start/end in characters).
    Numbers,
    /// Show how one release parses and every row extracted from it, with the rule behind each.
    Inspect(InspectArgs),
    /// Write a deterministic corpus of generated releases (for benchmarks and load tests).
    Corpus(crate::corpus::CorpusArgs),
}

/// Settings shared by the commands that parse and extract.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Release files or folders (folders are read recursively: *.txt, sorted, hidden entries skipped).
    #[arg(default_value = "input")]
    pub inputs: Vec<PathBuf>,
    /// Worker threads; 0 means one per core.
    #[arg(long, short = 'j', default_value_t = 0, env = "PRESSROOM_JOBS")]
    pub jobs: usize,
    /// Names of the publishing agency (repeat the flag for each); they are never partners.
    /// Default: "Los Angeles County Office of Education" and "LACOE".
    #[arg(long = "publisher", value_name = "NAME")]
    pub publishers: Vec<String>,
    /// IANA time zone assumed for a release date that states no zone.
    #[arg(long, default_value = "America/Los_Angeles", value_name = "ZONE")]
    pub default_zone: chrono_tz::Tz,
    /// Treat any rejected input as fatal: exit 1 and write nothing (`--strict=false` overrides
    /// `strict = true` in the config file).
    #[arg(
        long,
        num_args = 0..=1,
        require_equals = true,
        default_value_t = false,
        default_missing_value = "true",
        action = clap::ArgAction::Set,
        value_name = "BOOL"
    )]
    pub strict: bool,
}

/// Arguments of `extract`.
#[derive(Debug, Clone, Args)]
pub struct ExtractArgs {
    /// Inputs and extraction settings.
    #[command(flatten)]
    pub run: RunArgs,
    /// Output folder: tables go to DIR/csv, DIR/jsonl and DIR/parquet.
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Output formats, comma separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values = ["csv", "jsonl", "parquet"])]
    pub formats: Vec<Format>,
    /// CSV only: put a ' before text cells starting with = + - @, a tab or a carriage return, so
    /// spreadsheets do not run them as formulas ("-5" in a text column becomes "'-5"). Off by
    /// default: the data stays exact. JSON Lines and Parquet are never changed.
    #[arg(
        long,
        num_args = 0..=1,
        require_equals = true,
        default_value_t = false,
        default_missing_value = "true",
        action = clap::ArgAction::Set,
        value_name = "BOOL"
    )]
    pub csv_formula_guard: bool,
    /// The `[dataset]` table of the config file (package metadata); boxed, as it is large and
    /// rarely set.
    #[arg(skip)]
    pub dataset: Box<DatasetMeta>,
    /// Parse only new and changed inputs: reuse the rows DIR's cache holds for unchanged ones
    /// (same bytes, same pressroom, schema and rules versions, same settings). The tables are
    /// the same bytes as a full run's.
    #[arg(long)]
    pub incremental: bool,
    /// Start every CSV file with a UTF-8 byte order mark, for spreadsheet programs (Excel) that
    /// otherwise misread accented letters.
    #[arg(long)]
    pub csv_bom: bool,
    /// Write Parquet as Hive-partitioned folders, DIR/parquet/<table>/year=YYYY/part-0.parquet
    /// (UTC year of the release; no date: year=__HIVE_DEFAULT_PARTITION__; rejects unpartitioned),
    /// instead of one file per table.
    #[arg(long, value_enum, value_name = "KEY")]
    pub partition_by: Option<write::PartitionBy>,
    /// URL the output folder is published under, for the download links in DIR/data.json.
    /// Default: the placeholder https://data.example.org/pressroom/.
    #[arg(long, value_name = "URL", env = "PRESSROOM_BASE_URL")]
    pub base_url: Option<String>,
    /// Process only shard K of N (0 <= K < N) of the inputs, by a hash of their paths, and write
    /// part files DIR/<format>/<table>/part-K-of-N.<ext> beside the other shards' (for N
    /// workers sharing DIR: a Kubernetes Indexed Job, a Slurm array). The manifest goes to
    /// DIR/manifests/part-K-of-N.json; no package files are written.
    #[arg(long, value_name = "K/N", env = "PRESSROOM_SHARD")]
    pub shard: Option<Shard>,
}

/// The writer options of an `extract` run: CSV and Parquet shape, and the package files
/// (`datapackage.json`, `data.json`, `report.html`) with their metadata.
fn write_options(args: &ExtractArgs) -> write::WriteOptions {
    write::WriteOptions {
        csv_formula_guard: args.csv_formula_guard,
        csv_bom: args.csv_bom,
        partition_by: args.partition_by,
        package: Some(write::package::PackageInfo::from_meta(
            &args.dataset,
            args.base_url.clone(),
        )),
    }
}

/// Arguments of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Inputs and extraction settings.
    #[command(flatten)]
    pub run: RunArgs,
}

/// Arguments of `schema`.
#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// Folder for the schema files.
    #[arg(long, default_value = "schemas", value_name = "DIR")]
    pub out: PathBuf,
}

/// Arguments of `inspect`.
#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    /// The release file to show.
    pub file: PathBuf,
    /// Names of the publishing agency (repeat the flag for each).
    #[arg(long = "publisher", value_name = "NAME")]
    pub publishers: Vec<String>,
    /// IANA time zone assumed for a release date that states no zone.
    #[arg(long, default_value = "America/Los_Angeles", value_name = "ZONE")]
    pub default_zone: chrono_tz::Tz,
}

impl Cli {
    /// The worker threads asked for (0: one per core).
    pub fn jobs(&self) -> usize {
        match &self.command {
            Some(Command::Extract(a)) => a.run.jobs,
            Some(Command::Check(a)) => a.run.jobs,
            _ => 0,
        }
    }

    /// The logging settings asked for (`--log-format`, `-q`, `-v`).
    pub fn log_config(&self) -> LogConfig {
        LogConfig {
            format: self.log_format,
            verbosity: Verbosity::from_flags(self.quiet, self.verbose),
        }
    }
}

/// Parses the process's arguments; on a usage error, prints it and exits with 2 (`--help` and
/// `--version` exit with 0). A bare `pressroom` (options, no command) is parsed as
/// `pressroom extract`, so it takes the same defaults, options and config file.
pub fn parse_args() -> (Cli, ArgMatches) {
    try_parse_args(std::env::args_os()).unwrap_or_else(|err| err.exit())
}

/// [`parse_args`] on the given arguments (the first is the program name).
///
/// # Errors
/// The usage error, `--help` or `--version` (see [`clap::Error::exit`]).
pub fn try_parse_args<I, T>(args: I) -> Result<(Cli, ArgMatches), clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let mut as_extract = args.clone();
    as_extract.insert(args.len().min(1), "extract".into());
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(m) if m.subcommand().is_some() => m,
        Ok(_) => Cli::command().try_get_matches_from(&as_extract)?,
        // `pressroom --out x`: an option of `extract` without the command.
        Err(err) if err.kind() == clap::error::ErrorKind::UnknownArgument => {
            match Cli::command().try_get_matches_from(&as_extract) {
                Ok(m) => m,
                Err(again) if again.kind() == clap::error::ErrorKind::UnknownArgument => {
                    return Err(err);
                }
                Err(again) => return Err(again),
            }
        }
        Err(err) => return Err(err),
    };
    let cli = Cli::from_arg_matches(&matches)?;
    Ok((cli, matches))
}

fn run_config(publishers: &[String], default_zone: chrono_tz::Tz) -> RunConfig {
    let mut lexicon = Lexicon::default();
    if !publishers.is_empty() {
        lexicon.publisher_names = publishers.to_vec();
    }
    RunConfig {
        parse: ParseConfig { default_zone },
        lexicon,
    }
}

/// Runs the command and returns the exit code.
///
/// # Errors
/// Any fatal [`Error`]: an input root missing, an output not writable, `--strict` with rejects.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        None => extract(ExtractArgs {
            run: RunArgs {
                inputs: vec![PathBuf::from("input")],
                jobs: 0,
                publishers: Vec::new(),
                default_zone: chrono_tz::America::Los_Angeles,
                strict: false,
            },
            out: PathBuf::from("output"),
            formats: vec![Format::Csv, Format::Jsonl, Format::Parquet],
            csv_formula_guard: false,
            dataset: Box::default(),
            incremental: false,
            csv_bom: false,
            partition_by: None,
            base_url: std::env::var("PRESSROOM_BASE_URL").ok(),
            shard: None,
        }),
        Some(Command::Extract(args)) => extract(args),
        Some(Command::Check(args)) => check(args),
        Some(Command::Schema(args)) => {
            for path in write::schemas::write_schema_files(&args.out)? {
                log::emit(&FileWritten { path: &path });
            }
            Ok(exit::OK)
        }
        Some(Command::Numbers) => numbers_command(),
        Some(Command::Inspect(args)) => inspect(args),
        Some(Command::Corpus(args)) => crate::corpus::run(&args),
    }
}

/// The inputs of a run: found under the roots, and kept to those of `shard` when one is given.
/// Returns the inputs, the walk rejects and the file count.
fn find_inputs(
    args: &RunArgs,
    shard: Option<Shard>,
) -> Result<(pipeline::InputList, Vec<crate::records::Reject>, usize), Error> {
    let (mut inputs, mut walk_rejects) = pipeline::discover_list(&args.inputs)?;
    if let Some(shard) = shard {
        inputs.retain(|name| shard.contains(name));
        walk_rejects.retain(|r| shard.contains(&r.source_file));
    }
    let files = inputs.len() + walk_rejects.len();
    Ok((inputs, walk_rejects, files))
}

fn exit_code(rejects: usize) -> u8 {
    if rejects == 0 {
        exit::OK
    } else {
        exit::REJECTS
    }
}

/// Fails a `--strict` run that met rejects.
fn strict_check(args: &RunArgs, totals: &Totals) -> Result<(), Error> {
    if args.strict && totals.rejects > 0 {
        return Err(Error::Strict {
            rejects: totals.rejects,
        });
    }
    Ok(())
}

fn extract(args: ExtractArgs) -> Result<u8, Error> {
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let out = OutputDir::resolve(&args.out)?;
    let mut formats = args.formats.clone();
    formats.sort();
    formats.dedup();
    let config = run_config(&args.run.publishers, args.run.default_zone);
    let info = RunInfo {
        config: &config,
        formats: &formats,
        started_at,
        incremental: args.incremental,
    };
    let (totals, summary, files) = match args.shard {
        None => extract_whole(&args, &out, &config, &info)?,
        Some(shard) => extract_shard(&args, &out, shard, &config, &info)?,
    };
    log::emit(&RunSummary {
        files,
        rows: summary.rows,
        elapsed: started.elapsed(),
        written: true,
    });
    if args.incremental {
        log::emit(&ReuseSummary { totals: &totals });
    }
    Ok(exit_code(totals.rejects))
}

/// An `extract` run of every input: builds the whole folder beside `DIR` and swaps it in.
fn extract_whole(
    args: &ExtractArgs,
    out: &OutputDir,
    config: &RunConfig,
    info: &RunInfo<'_>,
) -> Result<(Totals, Summary, usize), Error> {
    // Exits 4 at once when another run holds the lock; cleans what killed runs left.
    let lock = out.lock()?;
    for path in lock.leftovers() {
        log::emit(&LeftoverCleaned { path });
    }
    let previous_cache = out.path().join(incremental::CACHE_FILE);
    let cache_use = match args.incremental {
        true => CacheUse::Reuse(&previous_cache),
        false => CacheUse::Write,
    };
    let options = write_options(args);
    let (inputs, walk_rejects, files) = find_inputs(&args.run, None)?;
    let (totals, summary) = out.publish(&lock, |staging| {
        let mut sink = RunSink::create(
            staging,
            info.formats,
            &options,
            write::stream::Layout::Single,
            Some((
                staging.join(incremental::CACHE_FILE),
                incremental::cache_header(config),
            )),
            staging.join(manifest::SPOOL_DIR).join("inputs.jsonl"),
        )?;
        let progress = log::Progress::start(inputs.len());
        let totals =
            incremental::stream_batch(&inputs, walk_rejects, config, cache_use, &mut sink)?;
        drop(progress);
        strict_check(&args.run, &totals)?;
        let done = sink.finish()?;
        if let Some(package) = &options.package {
            write::write_package_files(
                &done.summary,
                staging,
                info.formats,
                &done
                    .tables
                    .iter()
                    .map(|w| w.path.clone())
                    .collect::<Vec<_>>(),
                &options,
                package,
            )?;
        }
        outdir::test_pause("written");
        let spool = done.spool.clone().unwrap_or_default();
        let outputs = manifest::output_files_known(staging, &done.known())?;
        Manifest::new(&totals, &done.summary, info).write_streamed(
            &staging.join(manifest::MANIFEST_FILE),
            outputs,
            &spool,
        )?;
        remove_spool(&staging.join(manifest::SPOOL_DIR))?;
        Ok((totals, done.summary))
    })?;
    Ok((totals, summary, files))
}

/// An `extract --shard K/N` run: writes this shard's part files, cache and manifest in place
/// in `DIR`, beside the other shards'.
fn extract_shard(
    args: &ExtractArgs,
    out: &OutputDir,
    shard: Shard,
    config: &RunConfig,
    info: &RunInfo<'_>,
) -> Result<(Totals, Summary, usize), Error> {
    let lock = out.lock_shard(shard)?;
    let dir = out.path();
    let part = shard.part_name();
    let cache_dir = dir.join(".cache");
    let cache_file = cache_dir.join(format!("{part}.{}", incremental::CACHE_EXT));
    let cache_use = match args.incremental {
        true => CacheUse::Reuse(&cache_file),
        false => CacheUse::Write,
    };
    let options = write::WriteOptions {
        package: None,
        ..write_options(args)
    };
    let (inputs, walk_rejects, files) = find_inputs(&args.run, Some(shard))?;
    let spool_dir = dir.join(manifest::SPOOL_DIR);
    let mut sink = RunSink::create(
        dir,
        info.formats,
        &options,
        write::stream::Layout::Shard(shard),
        Some((cache_file.clone(), incremental::cache_header(config))),
        spool_dir.join(format!("{part}.jsonl")),
    )?;
    let progress = log::Progress::start(inputs.len());
    let totals = incremental::stream_batch(&inputs, walk_rejects, config, cache_use, &mut sink)?;
    drop(progress);
    strict_check(&args.run, &totals)?;
    let SinkDone {
        summary,
        tables,
        cache,
        spool,
    } = sink.finish()?;
    outdir::test_pause("written");
    let mut outputs = Vec::new();
    for written in tables.iter().chain(&cache) {
        let (bytes, sha256) = (written.bytes, written.sha256.clone());
        let rel = written.path.strip_prefix(dir).unwrap_or(&written.path);
        outputs.push(manifest::OutputFile {
            path: rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            bytes,
            sha256,
        });
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest_dir = dir.join(SHARD_MANIFEST_DIR);
    std::fs::create_dir_all(&manifest_dir).map_err(|source| Error::WriteOutput {
        path: manifest_dir.clone(),
        source,
    })?;
    let spool = spool.unwrap_or_default();
    Manifest::new(&totals, &summary, info).write_streamed(
        &manifest_dir.join(format!("{part}.json")),
        outputs,
        &spool,
    )?;
    let _ = std::fs::remove_file(&spool);
    // This shard's cache of an older layout, which no run reads any more (best effort, as the
    // spool: what stays behind only takes room).
    let legacy = format!("{part}.{}", incremental::LEGACY_CACHE_EXT);
    let _ = std::fs::remove_file(cache_dir.join(legacy));
    drop(lock);
    Ok((totals, summary, files))
}

/// Folder of the manifests of a sharded run's shards (`DIR/manifests/part-K-of-N.json`).
pub const SHARD_MANIFEST_DIR: &str = "manifests";

/// Removes the spool folder of a run before its folder is published.
fn remove_spool(dir: &std::path::Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::WriteOutput {
            path: dir.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn check(args: CheckArgs) -> Result<u8, Error> {
    let started = Instant::now();
    let config = run_config(&args.run.publishers, args.run.default_zone);
    let (inputs, walk_rejects, files) = find_inputs(&args.run, None)?;
    let mut sink = RunSink::summary_only();
    let progress = log::Progress::start(inputs.len());
    let totals =
        incremental::stream_batch(&inputs, walk_rejects, &config, CacheUse::Off, &mut sink)?;
    drop(progress);
    strict_check(&args.run, &totals)?;
    let done = sink.finish()?;
    log::emit(&RunSummary {
        files,
        rows: done.summary.rows,
        elapsed: started.elapsed(),
        written: false,
    });
    Ok(exit_code(totals.rejects))
}

/// Ends quietly when the reader of stdout has gone (`pressroom numbers | head`).
fn stdout_result(result: std::io::Result<()>) -> Result<u8, Error> {
    match result {
        Ok(()) => Ok(exit::OK),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(source) => Err(Error::WriteOutput {
            path: PathBuf::from("<stdout>"),
            source,
        }),
    }
}

fn numbers_command() -> Result<u8, Error> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = (|| {
        for line in stdin.lines() {
            let line = line?;
            let found = numbers::recognize(&line);
            writeln!(out, "{}", numbers::to_json_line(&line, &found))?;
        }
        out.flush()
    })();
    match result {
        Err(err) if err.kind() == std::io::ErrorKind::InvalidData => Err(Error::ReadInput {
            path: PathBuf::from("<stdin>"),
            source: err,
        }),
        other => stdout_result(other),
    }
}

fn inspect(args: InspectArgs) -> Result<u8, Error> {
    let config = run_config(&args.publishers, args.default_zone);
    let bytes = std::fs::read(&args.file).map_err(|source| Error::ReadInput {
        path: args.file.clone(),
        source,
    })?;
    let name = args.file.display().to_string();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match pipeline::process_bytes(&bytes, &name, &config) {
        Fate::Reject(reject) => {
            let result = writeln!(
                out,
                "{}",
                ReleaseSkipped {
                    shown_path: &name,
                    reject: &reject
                }
            )
            .and_then(|()| out.flush());
            stdout_result(result).map(|_| exit::REJECTS)
        }
        Fate::Release(boxed) => {
            let (release, extracted) = &*boxed;
            stdout_result(write_inspection(&mut out, release, extracted).and_then(|()| out.flush()))
        }
    }
}

fn write_inspection(
    out: &mut impl Write,
    release: &crate::release::Release,
    x: &crate::extract::Extracted,
) -> std::io::Result<()> {
    use crate::release::BlockKind;
    writeln!(
        out,
        "release    {}  ({})",
        release.release_id, release.source_file
    )?;
    writeln!(out, "title      {}", release.title)?;
    match &release.published {
        Some(p) => writeln!(
            out,
            "published  {}  zone {}  UTC {}",
            p.local.to_rfc3339(),
            p.timezone.as_deref().unwrap_or("(none)"),
            p.utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )?,
        None => writeln!(out, "published  (no date)")?,
    }
    writeln!(
        out,
        "summary    {}",
        release.summary.as_deref().unwrap_or("(none)")
    )?;
    for w in &release.warnings {
        writeln!(out, "warning    {w}")?;
    }
    writeln!(
        out,
        "body       {} paragraphs, {} list items, {} words",
        release.paragraph_count(),
        release.list_item_count(),
        release.word_count()
    )?;
    for block in &release.blocks {
        let tag = match &block.kind {
            BlockKind::Paragraph => "p".to_string(),
            BlockKind::ListItem { marker } => format!("li {marker}"),
        };
        writeln!(out, "  [{tag}] {}", clip(release.block_text(block), 100))?;
    }
    print_table(
        out,
        &x.programs,
        &["rule", "name", "acronym", "mention_count", "start", "end"],
    )?;
    print_table(
        out,
        &x.partners,
        &[
            "rule",
            "name",
            "acronym",
            "org_type",
            "role",
            "mention_count",
            "start",
        ],
    )?;
    print_table(
        out,
        &x.outcomes,
        &[
            "rule",
            "text",
            "value",
            "kind",
            "qualifier",
            "object",
            "program_id",
            "start",
        ],
    )?;
    print_table(
        out,
        &x.people,
        &["rule", "name", "title", "affiliation", "start"],
    )?;
    Ok(())
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn cell_text(cell: &Cell<'_>) -> String {
    match cell {
        Cell::Null => "-".to_string(),
        Cell::Str(s) => (*s).to_string(),
        Cell::String(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Float(v) => v.to_string(),
        Cell::Timestamp(t) => t.to_rfc3339(),
        Cell::List(items) => items.join("; "),
    }
}

/// Prints rows as an aligned text table of the named columns.
fn print_table<R: Record>(
    out: &mut impl Write,
    rows: &[R],
    columns: &[&str],
) -> std::io::Result<()> {
    let table = R::TABLE;
    writeln!(out, "\n{} ({})", table.name, rows.len())?;
    if rows.is_empty() {
        return Ok(());
    }
    let idx: Vec<usize> = columns
        .iter()
        .filter_map(|c| table.column_index(c))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            idx.iter()
                .map(|&i| clip(&cell_text(&r.cell(i)), 48))
                .collect()
        })
        .collect();
    let header: Vec<&str> = idx.iter().map(|&i| table.columns[i].name).collect();
    let widths: Vec<usize> = (0..idx.len())
        .map(|k| {
            cells
                .iter()
                .map(|row| row[k].chars().count())
                .chain([header[k].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, values: &[&str]| -> std::io::Result<()> {
        let padded: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect();
        writeln!(out, "  {}", padded.join("  ").trim_end())
    };
    line(out, &header)?;
    for row in &cells {
        let values: Vec<&str> = row.iter().map(String::as_str).collect();
        line(out, &values)?;
    }
    Ok(())
}
