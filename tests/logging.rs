//! End to end: what a run writes on stderr for its operator (`--log-format`, `-q`, `-v`), and
//! that stdout carries nothing but data. The progress bar needs a terminal, which tests do not
//! have: its decision is unit-tested in `src/log.rs`, and here it must stay invisible.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const RELEASE: &str =
    "A Title\nMon Jan 26 08:10:00 PST 2026\nA body paragraph about 70 participants.\n";

fn pressroom(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pressroom"));
    cmd.current_dir(dir)
        .env_remove("PRESSROOM_JOBS")
        .env_remove("PRESSROOM_LOG_FORMAT");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the pressroom binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder with `input/` holding one good release and one with a bad date.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("input")).unwrap();
    std::fs::write(tmp.path().join("input/a.txt"), RELEASE).unwrap();
    std::fs::write(
        tmp.path().join("input/x.txt"),
        "A Title\nTomorrow\nA body paragraph.\n",
    )
    .unwrap();
    tmp
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

fn events<'a>(lines: &'a [Value], name: &str) -> Vec<&'a Value> {
    lines.iter().filter(|v| v["event"] == name).collect()
}

#[test]
fn json_logs_are_one_object_per_line_with_the_summary_counts() {
    let tmp = site();
    let o = run(pressroom(tmp.path()).args(["--log-format", "json", "extract", "--out", "out"]));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let lines = json_lines(&stderr(&o));
    for line in &lines {
        for key in ["level", "event", "message"] {
            assert!(line[key].is_string(), "{key} missing in {line}");
        }
        assert!(!line["message"].as_str().unwrap().starts_with("pressroom: "));
    }
    let skipped = events(&lines, "release_skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["level"], "warn");
    assert_eq!(skipped[0]["source_file"], "x.txt");
    assert_eq!(skipped[0]["line"], 2);
    assert_eq!(skipped[0]["column"], 1);
    assert_eq!(skipped[0]["error_kind"], "date");
    let summary = events(&lines, "run_summary");
    assert_eq!(summary.len(), 1);
    let s = summary[0];
    assert_eq!(s["level"], "info");
    assert_eq!(
        (s["files"].as_u64(), s["releases"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(s["rejects"], 1);
    assert_eq!(s["written"], true);
    for table in ["programs", "partners", "outcomes", "people"] {
        assert!(s[table].is_u64(), "{table} missing in {s}");
    }
    assert!(s["seconds"].is_number());
    // No per-file events without -v.
    assert!(events(&lines, "file_done").is_empty());
}

#[test]
fn json_logs_come_from_the_environment_too() {
    let tmp = site();
    let o = run(pressroom(tmp.path())
        .env("PRESSROOM_LOG_FORMAT", "json")
        .arg("check"));
    assert_eq!(o.status.code(), Some(3));
    let lines = json_lines(&stderr(&o));
    assert_eq!(events(&lines, "run_summary")[0]["written"], false);
}

#[test]
fn a_fatal_error_is_a_json_error_event() {
    let tmp = site();
    let o = run(pressroom(tmp.path()).args(["extract", "/no/such/folder", "--log-format=json"]));
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&stderr(&o));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["level"], "error");
    assert_eq!(lines[0]["event"], "fatal");
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read /no/such/folder"),
        "{}",
        lines[0]
    );
}

#[test]
fn a_config_error_is_a_json_error_event() {
    let tmp = site();
    std::fs::write(tmp.path().join("pressroom.toml"), "outt = 1\n").unwrap();
    let o = run(pressroom(tmp.path()).args(["--log-format", "json"]));
    assert_eq!(o.status.code(), Some(2));
    let lines = json_lines(&stderr(&o));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["event"], "fatal");
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `outt`")
    );
}

#[test]
fn quiet_prints_only_errors() {
    let tmp = site();
    let o = run(pressroom(tmp.path()).args(["-q", "extract", "--out", "out"]));
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o), "");
    assert!(o.stdout.is_empty());
    let o = run(pressroom(tmp.path()).args(["extract", "-q", "/no/such/folder"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("pressroom: cannot read /no/such/folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn quiet_and_verbose_together_are_a_usage_error() {
    let tmp = site();
    let o = run(pressroom(tmp.path()).args(["check", "-q", "-v"]));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn verbose_adds_one_event_per_input_file() {
    let tmp = site();
    let o = run(pressroom(tmp.path()).args(["check", "-v"]));
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(
        err.contains("pressroom: read input/a.txt: release; programs "),
        "{err}"
    );
    assert!(
        err.contains("pressroom: read input/x.txt: rejected [date]"),
        "{err}"
    );
    assert!(err.contains("pressroom: skipped input/x.txt:2:1:"), "{err}");
    assert!(err.contains("2 files, 1 releases, 1 rejects"), "{err}");

    let o = run(pressroom(tmp.path()).args(["check", "-v", "--log-format", "json"]));
    let lines = json_lines(&stderr(&o));
    let done = events(&lines, "file_done");
    assert_eq!(done.len(), 2);
    assert!(done.iter().all(|v| v["level"] == "debug"));
    let mut results: Vec<(&str, &str)> = done
        .iter()
        .map(|v| {
            (
                v["source_file"].as_str().unwrap(),
                v["result"].as_str().unwrap(),
            )
        })
        .collect();
    results.sort();
    assert_eq!(results, [("a.txt", "release"), ("x.txt", "reject")]);
}

#[test]
fn no_progress_bar_without_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("input")).unwrap();
    // More inputs than the progress threshold.
    for i in 0..(pressroom::log::PROGRESS_MIN_INPUTS + 5) {
        std::fs::write(tmp.path().join(format!("input/{i:03}.txt")), RELEASE).unwrap();
    }
    let o = run(pressroom(tmp.path()).arg("check"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("pressroom: 55 files, 55 releases"), "{err}");
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn schema_reports_each_file_written_as_an_event() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(pressroom(tmp.path()).args(["schema", "--out", "s", "--log-format", "json"]));
    assert_eq!(o.status.code(), Some(0));
    let lines = json_lines(&stderr(&o));
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|v| v["event"] == "file_written"));
    assert!(o.stdout.is_empty());
}

#[test]
fn the_readme_lists_every_event() {
    use pressroom::log::Event;
    let readme = include_str!("../README.md");
    for name in [
        <pressroom::report::ReleaseSkipped<'_> as Event>::NAME,
        <pressroom::report::RunSummary as Event>::NAME,
        <pressroom::report::FileDone<'_> as Event>::NAME,
        <pressroom::report::FileWritten<'_> as Event>::NAME,
        <pressroom::report::ConfigLoaded<'_> as Event>::NAME,
        <pressroom::report::Fatal as Event>::NAME,
        <pressroom::outdir::LeftoverCleaned<'_> as Event>::NAME,
        <pressroom::incremental::ReuseSummary<'_> as Event>::NAME,
    ] {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README's Logs table misses {name}"
        );
    }
}
