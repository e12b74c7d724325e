//! The command line: argument definitions (their doc comments are the `--help` text) and what
//! each subcommand does. `main.rs` only parses, sizes the thread pool and maps the result to an
//! exit code.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::dataset::Dataset;
use crate::error::Error;
use crate::extract::{Lexicon, numbers};
use crate::parse::ParseConfig;
use crate::pipeline::{self, Fate, RunConfig};
use crate::records::Reject;
use crate::report::{ReleaseSkipped, RunSummary};
use crate::schema::{Cell, Record};
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
}

const AFTER_HELP: &str = "\
Exit codes: 0 all written; 1 fatal (nothing replaced); 2 usage error;
3 written, but some inputs were rejected (listed on stderr and in the rejects table).
A bare `pressroom` means `pressroom extract input --out output`.";

/// pressroom turns public agencies' news releases into open datasets
/// (CSV, JSON Lines and Parquet tables of releases, programs, partners, outcomes and people).
#[derive(Debug, Parser)]
#[command(name = "pressroom", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do; without a command, `extract input --out output`.
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Treat any rejected input as fatal: exit 1 and write nothing.
    #[arg(long)]
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
        }),
        Some(Command::Extract(args)) => extract(args),
        Some(Command::Check(args)) => check(args),
        Some(Command::Schema(args)) => {
            for path in write::schemas::write_schema_files(&args.out)? {
                eprintln!("pressroom: wrote {}", path.display());
            }
            Ok(exit::OK)
        }
        Some(Command::Numbers) => numbers_command(),
        Some(Command::Inspect(args)) => inspect(args),
    }
}

/// Parses and extracts every input; prints rejects. Returns the dataset and the file count.
fn parse_all(args: &RunArgs) -> Result<(Dataset, usize), Error> {
    let config = run_config(&args.publishers, args.default_zone);
    let (inputs, walk_rejects) = pipeline::discover(&args.inputs)?;
    let files = inputs.len() + walk_rejects.len();
    let data = pipeline::run(&inputs, walk_rejects, &config);
    for reject in &data.rejects {
        let shown = inputs
            .iter()
            .find(|i| i.source_file == reject.source_file)
            .map_or_else(
                || reject.source_file.clone(),
                |i| i.path.display().to_string(),
            );
        eprintln!(
            "{}",
            ReleaseSkipped {
                shown_path: &shown,
                reject
            }
        );
    }
    if args.strict && !data.rejects.is_empty() {
        return Err(Error::Strict {
            rejects: data.rejects.len(),
        });
    }
    Ok((data, files))
}

fn exit_code(rejects: &[Reject]) -> u8 {
    if rejects.is_empty() {
        exit::OK
    } else {
        exit::REJECTS
    }
}

fn extract(args: ExtractArgs) -> Result<u8, Error> {
    let started = Instant::now();
    let (data, files) = parse_all(&args.run)?;
    let mut formats = args.formats.clone();
    formats.sort();
    formats.dedup();
    write::write_dataset(&data, &args.out, &formats)?;
    eprintln!(
        "{}",
        RunSummary {
            files,
            dataset: &data,
            elapsed: started.elapsed(),
            written: true
        }
    );
    Ok(exit_code(&data.rejects))
}

fn check(args: CheckArgs) -> Result<u8, Error> {
    let started = Instant::now();
    let (data, files) = parse_all(&args.run)?;
    eprintln!(
        "{}",
        RunSummary {
            files,
            dataset: &data,
            elapsed: started.elapsed(),
            written: false
        }
    );
    Ok(exit_code(&data.rejects))
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
