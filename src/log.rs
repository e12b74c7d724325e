//! Where a run's messages go. Every message is an [`Event`] whose text is defined once in
//! [`crate::report`]; this module decides whether it is shown ([`Verbosity`]), how it is written
//! ([`LogFormat`]: a text line, or one JSON object per line for schedulers) and draws the progress
//! bar of long runs on a terminal ([`Progress`]).
//!
//! Everything goes to stderr: stdout carries only data (`numbers`, `inspect`). What the events say
//! and when they are raised is left to [`crate::report`] and [`crate::cli`].
//!
//! The settings are process-wide: the binary calls [`init`] once, right after parsing its
//! arguments. A library user who never calls it gets text lines at the normal verbosity.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::{Mutex, OnceLock};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use crate::pipeline::{Fate, Input};
use crate::report::{FileDone, PREFIX};

/// How events are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text per event (`pressroom: skipped input/x.txt:2:1: ...`).
    #[default]
    Text,
    /// One JSON object per line: `{"level","event","message", ...fields}`.
    Json,
}

/// How serious an event is. Ordered from the most to the least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The run cannot go on (shown even with `-q`).
    Error,
    /// Something was skipped, the run goes on (a rejected input).
    Warn,
    /// What a run did (the summary, files written).
    Info,
    /// Per-file detail, shown with `-v`.
    Debug,
}

impl Level {
    /// The `level` field of a JSON event.
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
        }
    }
}

/// Which events are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// Errors, warnings and the summary.
    #[default]
    Normal,
    /// `-v`: everything, including one event per input file.
    Verbose,
}

impl Verbosity {
    /// The verbosity the `-q` and `-v` flags ask for (`-q` wins; the command line forbids both).
    pub fn from_flags(quiet: bool, verbose: bool) -> Self {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }

    /// Whether an event of `level` is shown.
    pub fn shows(self, level: Level) -> bool {
        let least_serious = match self {
            Verbosity::Quiet => Level::Error,
            Verbosity::Normal => Level::Info,
            Verbosity::Verbose => Level::Debug,
        };
        level <= least_serious
    }
}

/// Resolved logging settings of a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogConfig {
    /// Text or JSON lines.
    pub format: LogFormat,
    /// Which events are shown.
    pub verbosity: Verbosity,
}

/// Something a run tells its operator. `Display` is the text line (starting with
/// [`PREFIX`]); the JSON form is built from the same text plus [`Event::fields`].
pub trait Event: fmt::Display {
    /// Stable snake_case name: the `event` field of the JSON form.
    const NAME: &'static str;
    /// How serious it is.
    const LEVEL: Level;
    /// Machine-readable details for the JSON form, in a stable order (`source_file`, `line`,
    /// counts, ...). Must not repeat `level`, `event` or `message`.
    fn fields(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }
}

static CONFIG: OnceLock<LogConfig> = OnceLock::new();

/// The progress bar being drawn, so events are printed above it rather than through it.
static ACTIVE_BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Sets the process's logging settings. Only the first call counts; later calls are ignored.
pub fn init(config: LogConfig) {
    let _ = CONFIG.set(config);
}

/// The process's logging settings ([`LogConfig::default`] before [`init`]).
pub fn config() -> LogConfig {
    CONFIG.get().copied().unwrap_or_default()
}

/// Writes `event` on stderr when the verbosity shows its level. A failing stderr is ignored:
/// there is nowhere left to report it.
pub fn emit<E: Event>(event: &E) {
    let config = config();
    if !config.verbosity.shows(E::LEVEL) {
        return;
    }
    let line = render(event, config.format);
    let write = || {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
    };
    let bar = ACTIVE_BAR.lock().unwrap_or_else(|e| e.into_inner()).clone();
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// The line `event` is written as, without the line end.
pub fn render<E: Event>(event: &E, format: LogFormat) -> String {
    let text = event.to_string();
    match format {
        LogFormat::Text => text,
        LogFormat::Json => {
            let message = text.strip_prefix(PREFIX).unwrap_or(&text);
            let mut pairs = vec![
                ("level", Value::from(E::LEVEL.name())),
                ("event", Value::from(E::NAME)),
                ("message", Value::from(message)),
            ];
            pairs.extend(event.fields());
            json_object(&pairs)
        }
    }
}

/// A JSON object with the keys in the given order (a `serde_json::Map` would sort them).
fn json_object(pairs: &[(&str, Value)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::from(*key).to_string());
        out.push(':');
        out.push_str(&value.to_string());
    }
    out.push('}');
    out
}

/// Runs with more inputs than this get a progress bar (on a terminal).
pub const PROGRESS_MIN_INPUTS: usize = 50;

/// Layout of the progress bar.
const PROGRESS_TEMPLATE: &str = "{wide_bar} {pos}/{len} files, {elapsed} (eta {eta})";

/// Whether a run over `inputs` files draws a progress bar: only for text logs that are not
/// quiet, on a terminal, with more than [`PROGRESS_MIN_INPUTS`] inputs. Schedulers (no
/// terminal) and JSON logs never get one.
pub fn shows_progress(config: LogConfig, stderr_is_terminal: bool, inputs: usize) -> bool {
    stderr_is_terminal
        && config.format == LogFormat::Text
        && config.verbosity != Verbosity::Quiet
        && inputs > PROGRESS_MIN_INPUTS
}

/// The progress bar of one run over input files; draws nothing unless [`shows_progress`] says
/// so. The bar is cleared when the value is dropped.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Starts the bar of a run over `inputs` files, if this run shows one.
    pub fn start(inputs: usize) -> Self {
        if !shows_progress(config(), std::io::stderr().is_terminal(), inputs) {
            return Progress { bar: None };
        }
        let total = u64::try_from(inputs).unwrap_or(u64::MAX);
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(progress_style());
        *ACTIVE_BAR.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar.clone());
        Progress { bar: Some(bar) }
    }

    /// Whether a bar is drawn.
    pub fn is_drawn(&self) -> bool {
        self.bar.is_some()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            *ACTIVE_BAR.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

/// One input file is done: moves the progress bar (when one is drawn) and, with `-v`, emits
/// [`FileDone`]. Called by the stage that processes the inputs, from any thread.
pub fn input_done(input: &Input, fate: &Fate) {
    let bar = ACTIVE_BAR.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(bar) = bar {
        bar.inc(1);
    }
    if config().verbosity.shows(<FileDone<'_> as Event>::LEVEL) {
        let shown_path = input.path.display().to_string();
        emit(&FileDone {
            shown_path: &shown_path,
            source_file: &input.source_file,
            fate,
        });
    }
}

fn progress_style() -> ProgressStyle {
    ProgressStyle::with_template(PROGRESS_TEMPLATE).unwrap_or_else(|_| ProgressStyle::default_bar())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample;

    impl fmt::Display for Sample {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{PREFIX}skipped \"a.txt\"")
        }
    }

    impl Event for Sample {
        const NAME: &'static str = "sample";
        const LEVEL: Level = Level::Warn;
        fn fields(&self) -> Vec<(&'static str, Value)> {
            vec![("source_file", Value::from("a.txt")), ("line", Value::Null)]
        }
    }

    #[test]
    fn render_text_is_the_display_line() {
        assert_eq!(
            render(&Sample, LogFormat::Text),
            "pressroom: skipped \"a.txt\""
        );
    }

    #[test]
    fn render_json_is_one_object_in_a_stable_order() {
        let line = render(&Sample, LogFormat::Json);
        assert_eq!(
            line,
            r#"{"level":"warn","event":"sample","message":"skipped \"a.txt\"","source_file":"a.txt","line":null}"#
        );
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["message"], "skipped \"a.txt\"");
    }

    #[test]
    fn verbosity_shows_levels() {
        let all = [Level::Error, Level::Warn, Level::Info, Level::Debug];
        let shown = |v: Verbosity| all.iter().filter(|&&l| v.shows(l)).count();
        assert_eq!(shown(Verbosity::Quiet), 1);
        assert_eq!(shown(Verbosity::Normal), 3);
        assert_eq!(shown(Verbosity::Verbose), 4);
        assert!(Verbosity::Quiet.shows(Level::Error));
        assert!(!Verbosity::Quiet.shows(Level::Warn));
        assert!(!Verbosity::Normal.shows(Level::Debug));
    }

    #[test]
    fn verbosity_from_flags_prefers_quiet() {
        assert_eq!(Verbosity::from_flags(false, false), Verbosity::Normal);
        assert_eq!(Verbosity::from_flags(false, true), Verbosity::Verbose);
        assert_eq!(Verbosity::from_flags(true, false), Verbosity::Quiet);
        assert_eq!(Verbosity::from_flags(true, true), Verbosity::Quiet);
    }

    #[test]
    fn shows_progress_only_for_long_text_runs_on_a_terminal() {
        let text = LogConfig::default();
        assert!(shows_progress(text, true, PROGRESS_MIN_INPUTS + 1));
        assert!(!shows_progress(text, true, PROGRESS_MIN_INPUTS));
        assert!(!shows_progress(text, false, 10_000));
        let json = LogConfig {
            format: LogFormat::Json,
            ..text
        };
        assert!(!shows_progress(json, true, 10_000));
        let quiet = LogConfig {
            verbosity: Verbosity::Quiet,
            ..text
        };
        assert!(!shows_progress(quiet, true, 10_000));
        let verbose = LogConfig {
            verbosity: Verbosity::Verbose,
            ..text
        };
        assert!(shows_progress(verbose, true, 10_000));
    }

    #[test]
    fn progress_template_is_valid() {
        assert!(ProgressStyle::with_template(PROGRESS_TEMPLATE).is_ok());
    }

    #[test]
    fn progress_start_draws_nothing_for_a_short_run() {
        let progress = Progress::start(3);
        assert!(!progress.is_drawn());
    }
}
