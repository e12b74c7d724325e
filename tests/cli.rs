//! End to end: runs the `pressroom` binary in temporary folders and checks files, rows and exit
//! codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pressroom() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the pressroom binary runs")
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

const RELEASE: &str =
    "A Title\nMon Jan 26 08:10:00 PST 2026\nA body paragraph about 70 participants.\n";

/// Every file of a folder tree, relative path -> bytes.
fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn extract_writes_every_table_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), RELEASE).unwrap();
    let out = tmp.path().join("out");
    let o = run(pressroom()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for table in [
        "releases", "programs", "partners", "outcomes", "people", "rejects",
    ] {
        for (dir, ext) in [("csv", "csv"), ("jsonl", "jsonl"), ("parquet", "parquet")] {
            let path = out.join(dir).join(format!("{table}.{ext}"));
            assert!(path.is_file(), "{} missing", path.display());
        }
    }
    let releases = jsonl(&out.join("jsonl/releases.jsonl"));
    assert_eq!(releases.len(), 1);
    assert_eq!(releases[0]["source_file"], "a.txt");
    assert_eq!(releases[0]["title"], "A Title");
    assert_eq!(releases[0]["published_at"], "2026-01-26T16:10:00Z");
    assert_eq!(releases[0]["published_local"], "2026-01-26T08:10:00-08:00");
    assert_eq!(releases[0]["timezone"], "PST");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("1 files, 1 releases, 0 rejects"),
        "{stderr}"
    );
}

#[test]
fn formats_flag_limits_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.txt");
    std::fs::write(&file, RELEASE).unwrap();
    let out = tmp.path().join("out");
    let o = run(pressroom()
        .args(["extract", "--formats", "jsonl"])
        .arg(&file)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(0));
    assert!(out.join("jsonl/releases.jsonl").is_file());
    assert!(!out.join("csv").exists());
    assert!(!out.join("parquet").exists());
}

#[test]
fn bad_files_become_rejects_with_exit_code_3_and_nothing_is_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), RELEASE).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(
        input.join("x.txt"),
        "A Title\nTomorrow\nA body paragraph.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run(pressroom()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let expected = format!(
        "{}:2:1: expected a date like 'Mon Jan 26 08:10:00 PST 2026', found 'Tomorrow'",
        input.join("x.txt").display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    let releases = jsonl(&out.join("jsonl/releases.jsonl"));
    let rejects = jsonl(&out.join("jsonl/rejects.jsonl"));
    assert_eq!(releases.len() + rejects.len(), 4);
    let kinds: Vec<_> = rejects
        .iter()
        .map(|r| {
            (
                r["source_file"].as_str().unwrap(),
                r["error_kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("binary.txt", "binary"),
            ("empty.txt", "empty"),
            ("x.txt", "date")
        ]
    );
    assert_eq!(rejects[2]["line"], 2);
    assert_eq!(rejects[2]["column"], 1);
}

#[test]
fn strict_makes_a_reject_fatal_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let out = tmp.path().join("out");
    let o = run(pressroom()
        .arg("extract")
        .arg(&input)
        .arg("--strict")
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn a_missing_input_is_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(pressroom()
        .args(["extract", "/no/such/folder", "--out"])
        .arg(tmp.path().join("out")));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read /no/such/folder"));
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let o = run(pressroom().args(["extract", "--formats", "xml"]));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["extract", "--help"],
        vec!["check", "--help"],
        vec!["schema", "--help"],
        vec!["numbers", "--help"],
        vec!["inspect", "--help"],
    ] {
        let o = run(pressroom().args(&args));
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn bare_pressroom_reads_input_and_writes_output() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("input")).unwrap();
    std::fs::write(tmp.path().join("input/a.txt"), RELEASE).unwrap();
    let o = run(pressroom().current_dir(tmp.path()));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        jsonl(&tmp.path().join("output/jsonl/releases.jsonl")).len(),
        1
    );
}

#[test]
fn outputs_are_byte_identical_across_thread_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for jobs in ["1", "4"] {
        let out = tmp.path().join(format!("out{jobs}"));
        let o = run(pressroom()
            .arg("extract")
            .arg(repo().join("input"))
            .arg(repo().join("tests/fixtures"))
            .args(["--jobs", jobs, "--out"])
            .arg(&out));
        assert!(
            matches!(o.status.code(), Some(0 | 3)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        // manifest.json records the run's times: the only file that may differ.
        let files: Vec<_> = tree(&out)
            .into_iter()
            .filter(|(rel, _)| rel != Path::new("manifest.json"))
            .collect();
        trees.push(files);
    }
    assert!(trees[0].len() >= 18, "expected every table in every format");
    assert_eq!(trees[0], trees[1]);
}

#[test]
fn numbers_prints_one_json_list_per_line() {
    use std::io::Write;
    let mut child = pressroom()
        .arg("numbers")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"over 465 schools\nnothing here\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["value"] == 465.0)
    );
    assert_eq!(lines[1], serde_json::json!([]));
}

#[test]
fn inspect_shows_the_parse_and_the_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.txt");
    std::fs::write(&file, RELEASE).unwrap();
    let o = run(pressroom().arg("inspect").arg(&file));
    assert_eq!(o.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("title      A Title"), "{stdout}");
    assert!(stdout.contains("outcomes ("), "{stdout}");
}

#[test]
fn schema_command_writes_the_committed_files() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(pressroom().arg("schema").arg("--out").arg(tmp.path()));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(tree(tmp.path()), tree(&repo().join("schemas")));
}
