//! Scheduled batch runs that lose nothing: the output folder is swapped in whole (a run killed at
//! any phase leaves the previous dataset intact, and the next run cleans up), a second run on the
//! same folder exits 4, `manifest.json` accounts for every input and output file, and
//! `--incremental` gives the same bytes as a full run while parsing only what changed.
//!
//! The kill tests use the binary's test hook `PRESSROOM_TEST_PAUSE_AT=<phase>` (see
//! `src/outdir.rs`): the run prints `pressroom: test pause at <phase>` and sleeps, and the test
//! kills it with SIGKILL.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn pressroom() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pressroom"));
    cmd.env_remove("PRESSROOM_TEST_PAUSE_AT")
        .env_remove("PRESSROOM_TEST_SWAP")
        .env_remove("PRESSROOM_JOBS");
    cmd
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the pressroom binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `pressroom extract IN --out OUT` plus `extra`.
fn extract(input: &Path, out: &Path, extra: &[&str]) -> Output {
    run(pressroom()
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra))
}

fn extract_ok(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = extract(input, out, extra);
    assert!(
        matches!(o.status.code(), Some(0 | 3)),
        "exit {:?}: {}",
        o.status.code(),
        stderr(&o)
    );
    o
}

/// Every file under `root` except `manifest.json`, relative path -> bytes, sorted.
fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != "manifest.json" {
                    out.push((rel, std::fs::read(&path).unwrap()));
                }
            }
        }
    }
    out.sort();
    out
}

fn names(tree: &[(String, Vec<u8>)]) -> Vec<&str> {
    tree.iter().map(|(n, _)| n.as_str()).collect()
}

fn manifest(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("manifest.json"))
        .unwrap_or_else(|e| panic!("{}/manifest.json: {e}", out.display()));
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Entries of `dir` whose names start with `.` (locks, temporary and aside folders).
fn hidden_siblings(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    found.sort();
    found
}

/// Checks that the files of `out` are exactly those its manifest lists, with their sizes and
/// hashes: the folder is complete and readable.
fn assert_consistent(out: &Path) {
    use sha2::{Digest, Sha256};
    let m = manifest(out);
    let listed: Vec<(String, u64, String)> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["path"].as_str().unwrap().to_string(),
                o["bytes"].as_u64().unwrap(),
                o["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let files = tree(out);
    assert_eq!(
        listed.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
        names(&files)
    );
    for ((path, bytes, sha), (_, content)) in listed.iter().zip(&files) {
        assert_eq!(*bytes, content.len() as u64, "{path}");
        let digest: String = Sha256::digest(content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(*sha, digest, "{path}");
    }
    let rows = |t: &str| m["rows"][t].as_u64().unwrap() as usize;
    assert_eq!(
        m["inputs"].as_array().unwrap().len(),
        rows("releases") + rows("rejects"),
        "inputs = releases + rejects"
    );
}

const RELEASE_A: &str = "Reading Tutors Expand\nMon Jan 26 08:10:00 PST 2026\n\
The Cedar Reading Corps will add 40 tutors in partnership with the Pine Valley Foundation.\n";
const RELEASE_B: &str = "Transit Adds Late Buses\nTue Feb 3 09:00:00 PST 2026\n\
Night service grew by nearly 30 percent after the Mesa Transit Authority added routes.\n";
const RELEASE_C: &str = "Library Figures\nWed Mar 4 10:00:00 PST 2026\n\
The library lent over 1.2 million books and hosted 900 events.\n";

/// A temporary workspace with an input folder.
struct Work {
    tmp: tempfile::TempDir,
}

impl Work {
    fn new(files: &[(&str, &str)]) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("in")).unwrap();
        let work = Work { tmp };
        for (name, text) in files {
            work.put(name, text);
        }
        work
    }
    fn root(&self) -> &Path {
        self.tmp.path()
    }
    fn input(&self) -> PathBuf {
        self.root().join("in")
    }
    fn out(&self) -> PathBuf {
        self.root().join("out")
    }
    fn put(&self, name: &str, text: &str) {
        std::fs::write(self.input().join(name), text).unwrap();
    }
    /// The tree a fresh full run on the current inputs writes.
    fn fresh_tree(&self, name: &str, jobs: &str) -> Vec<(String, Vec<u8>)> {
        let out = self.root().join(name);
        extract_ok(&self.input(), &out, &["--jobs", jobs]);
        tree(&out)
    }
}

/// A run paused by the test hook; killed when dropped.
struct Paused {
    child: Child,
}

impl Paused {
    /// Starts `extract IN --out OUT` paused at `phase` and waits until it gets there.
    fn start(input: &Path, out: &Path, phase: &str, swap: Option<&str>) -> Self {
        let mut cmd = pressroom();
        cmd.arg("extract")
            .arg(input)
            .arg("--out")
            .arg(out)
            .env("PRESSROOM_TEST_PAUSE_AT", phase)
            .stderr(Stdio::piped());
        if let Some(swap) = swap {
            cmd.env("PRESSROOM_TEST_SWAP", swap);
        }
        let mut child = cmd.spawn().expect("the pressroom binary starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let wanted = format!("pressroom: test pause at {phase} ");
        let mut seen = Vec::new();
        loop {
            match lines.next() {
                Some(Ok(line)) if line.starts_with(&wanted) => break,
                Some(Ok(line)) => seen.push(line),
                _ => panic!("the run never paused at {phase}: {seen:?}"),
            }
        }
        Paused { child }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, then reap, so the pid is really gone.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Kills a run at `phase` while it replaces a complete output with a new one, then checks that
/// `out` still holds a complete dataset (the old one before the swap, the new one after), and
/// that the next run cleans up and writes the new dataset.
#[cfg(unix)]
fn kill_at(phase: &str, swap: Option<&str>) {
    let work = Work::new(&[("a.txt", RELEASE_A), ("b.txt", RELEASE_B)]);
    extract_ok(&work.input(), &work.out(), &[]);
    let old = tree(&work.out());
    work.put("c.txt", RELEASE_C);
    let new = work.fresh_tree("fresh", "1");
    assert_ne!(old, new);

    let paused = Paused::start(&work.input(), &work.out(), phase, swap);
    let pid = paused.pid();
    paused.kill();

    let staging = format!(".out.tmp-{pid}");
    let aside = format!(".out.old-{pid}");
    let left = hidden_siblings(work.root());
    assert!(left.contains(&".out.lock".to_string()), "{phase}: {left:?}");
    match (phase, swap) {
        ("locked", _) => assert_eq!(left, [".out.lock"], "{phase}"),
        ("aside" | "swapped", Some("rename")) => {
            assert!(left.contains(&aside), "{phase}: {left:?}");
        }
        _ => assert!(left.contains(&staging), "{phase}: {left:?}"),
    }
    match phase {
        // The fallback swap was killed between its renames: the old folder waits aside.
        "aside" => {
            assert!(!work.out().exists());
            assert_eq!(tree(&work.root().join(&aside)), old, "{phase}");
        }
        "swapped" => {
            assert_eq!(tree(&work.out()), new, "{phase}");
            assert_consistent(&work.out());
        }
        _ => {
            assert_eq!(tree(&work.out()), old, "{phase}");
            assert_consistent(&work.out());
        }
    }

    let o = extract_ok(&work.input(), &work.out(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lock_message = format!(
        "cleaned up {} left by an interrupted run",
        work.root().join(".out.lock").display()
    );
    assert!(stderr(&o).contains(&lock_message), "{}", stderr(&o));
    if phase != "locked" {
        let what = if left.contains(&aside) {
            &aside
        } else {
            &staging
        };
        let message = format!(
            "cleaned up {} left by an interrupted run",
            work.root().join(what).display()
        );
        assert!(stderr(&o).contains(&message), "{}", stderr(&o));
    }
    assert_eq!(
        hidden_siblings(work.root()),
        Vec::<String>::new(),
        "{phase}"
    );
    assert_eq!(tree(&work.out()), new, "{phase}");
    assert_consistent(&work.out());
}

#[cfg(unix)]
#[test]
fn kill_after_locking_keeps_the_previous_output() {
    kill_at("locked", None);
}

#[cfg(unix)]
#[test]
fn kill_while_writing_keeps_the_previous_output() {
    kill_at("written", None);
}

#[cfg(unix)]
#[test]
fn kill_just_before_the_swap_keeps_the_previous_output() {
    kill_at("swap", None);
}

#[cfg(unix)]
#[test]
fn kill_just_after_the_swap_keeps_the_new_output() {
    kill_at("swapped", None);
}

#[cfg(unix)]
#[test]
fn kill_between_the_fallback_renames_is_recovered() {
    kill_at("aside", Some("rename"));
}

#[cfg(unix)]
#[test]
fn kill_after_the_fallback_swap_keeps_the_new_output() {
    kill_at("swapped", Some("rename"));
}

#[test]
fn the_fallback_swap_replaces_the_folder_too() {
    let work = Work::new(&[("a.txt", RELEASE_A)]);
    extract_ok(&work.input(), &work.out(), &[]);
    work.put("b.txt", RELEASE_B);
    let o = run(pressroom()
        .env("PRESSROOM_TEST_SWAP", "rename")
        .arg("extract")
        .arg(work.input())
        .arg("--out")
        .arg(work.out()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(tree(&work.out()), work.fresh_tree("fresh", "1"));
    assert_eq!(hidden_siblings(work.root()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_second_run_exits_4_at_once_and_a_dead_runs_lock_is_taken_over() {
    let work = Work::new(&[("a.txt", RELEASE_A)]);
    extract_ok(&work.input(), &work.out(), &[]);
    let before = tree(&work.out());
    let first = Paused::start(&work.input(), &work.out(), "locked", None);
    let started = Instant::now();
    let o = extract(&work.input(), &work.out(), &[]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let message = stderr(&o);
    assert!(
        message.contains(&format!("another run (pid {}) is writing", first.pid())),
        "{message}"
    );
    assert!(message.contains(".out.lock"), "{message}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(tree(&work.out()), before);

    // The holder dies without cleaning up: its lock is stale and the next run takes it over.
    first.kill();
    assert!(work.root().join(".out.lock").exists());
    let o = extract(&work.input(), &work.out(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!work.root().join(".out.lock").exists());
}

#[cfg(unix)]
#[test]
fn a_lock_holding_a_dead_pid_is_taken_over() {
    let work = Work::new(&[("a.txt", RELEASE_A)]);
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    std::fs::write(work.root().join(".out.lock"), format!("{pid}\n")).unwrap();
    let o = extract(&work.input(), &work.out(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!work.root().join(".out.lock").exists());
    assert_eq!(jsonl(&work.out().join("jsonl/releases.jsonl")).len(), 1);
}

#[test]
fn a_live_lock_holder_blocks_with_exit_4() {
    let work = Work::new(&[("a.txt", RELEASE_A)]);
    // This test process is alive: a lock naming it is held.
    std::fs::write(
        work.root().join(".out.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let o = extract(&work.input(), &work.out(), &[]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(!work.out().exists());
    assert!(work.root().join(".out.lock").exists());
}

#[test]
fn help_lists_every_exit_code() {
    for args in [vec!["--help"], vec!["extract", "--help"]] {
        let o = run(pressroom().args(&args));
        let text = String::from_utf8_lossy(&o.stdout);
        for code in [
            "0 all written",
            "1 fatal",
            "2 usage error",
            "3 written",
            "4 another run",
        ] {
            assert!(text.contains(code), "{args:?}: {code}: {text}");
        }
    }
    let o = run(pressroom().args(["extract", "--help"]));
    assert!(String::from_utf8_lossy(&o.stdout).contains("--incremental"));
}

#[test]
fn the_manifest_accounts_for_every_input_and_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = run(pressroom()
        .arg("extract")
        .arg(repo().join("input"))
        .arg(repo().join("tests/fixtures/broken"))
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let m = manifest(&out);
    assert_eq!(m["tool"], "pressroom");
    assert_eq!(m["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["schema_version"], pressroom::schema::SCHEMA_VERSION);
    assert_eq!(m["rules_version"], pressroom::extract::RULES_VERSION);
    for key in ["started_at", "finished_at"] {
        let at = m[key].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
            "{key}: {at}"
        );
    }
    assert!(m["started_at"].as_str() <= m["finished_at"].as_str());
    assert_eq!(m["incremental"], false);

    let releases = jsonl(&out.join("jsonl/releases.jsonl"));
    let rejects = jsonl(&out.join("jsonl/rejects.jsonl"));
    let inputs = m["inputs"].as_array().unwrap();
    assert!(!rejects.is_empty());
    assert_eq!(inputs.len(), releases.len() + rejects.len());
    for table in [
        "releases", "programs", "partners", "outcomes", "people", "rejects",
    ] {
        let rows = jsonl(&out.join(format!("jsonl/{table}.jsonl"))).len();
        assert_eq!(m["rows"][table], rows, "{table}");
    }
    let warnings: usize = releases
        .iter()
        .map(|r| r["warnings"].as_array().unwrap().len())
        .sum();
    assert_eq!(m["warnings"], warnings);
    for release in &releases {
        let input = inputs
            .iter()
            .find(|i| i["source_file"] == release["source_file"])
            .expect("every release is an input");
        assert_eq!(input["release_id"], release["release_id"]);
        assert_eq!(input["sha256"], release["content_sha256"]);
    }
    for reject in &rejects {
        let input = inputs
            .iter()
            .find(|i| i["source_file"] == reject["source_file"])
            .expect("every reject is an input");
        assert_eq!(input["reject"]["error_kind"], reject["error_kind"]);
        assert_eq!(input["reject"]["message"], reject["message"]);
        assert!(input.get("release_id").is_none());
    }
    let sources: Vec<&str> = inputs
        .iter()
        .map(|i| i["source_file"].as_str().unwrap())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort_unstable();
    assert_eq!(sources, sorted);
    assert_consistent(&out);
    assert_eq!(
        std::fs::read_to_string(out.join("README.md")).unwrap(),
        std::fs::read_to_string(repo().join("output/README.md")).unwrap(),
        "output/README.md must be the README every run writes"
    );
}

/// The manifest without the values that may differ between two runs on the same inputs.
fn stable_manifest(out: &Path) -> Value {
    let mut m = manifest(out);
    let obj = m.as_object_mut().unwrap();
    for key in [
        "started_at",
        "finished_at",
        "incremental",
        "inputs_reused",
        "inputs_parsed",
    ] {
        obj.remove(key);
    }
    for input in obj["inputs"].as_array_mut().unwrap() {
        input.as_object_mut().unwrap().remove("reused");
    }
    m
}

#[test]
fn identical_runs_change_only_the_manifest_times() {
    let work = Work::new(&[("a.txt", RELEASE_A), ("b.txt", RELEASE_B)]);
    extract_ok(&work.input(), &work.out(), &[]);
    let first = (tree(&work.out()), manifest(&work.out()));
    extract_ok(&work.input(), &work.out(), &["--jobs", "1"]);
    let second = (tree(&work.out()), manifest(&work.out()));
    assert_eq!(first.0, second.0);
    let without_times = |m: &Value| {
        let mut m = m.clone();
        let obj = m.as_object_mut().unwrap();
        obj.remove("started_at");
        obj.remove("finished_at");
        m
    };
    assert_eq!(without_times(&first.1), without_times(&second.1));
}

#[test]
fn incremental_runs_match_full_runs_step_by_step() {
    let work = Work::new(&[]);
    let agencies = repo().join("tests/agencies");
    let read = |name: &str| std::fs::read_to_string(agencies.join(name)).unwrap();
    work.put("01.txt", &read("01-cedar-valley-usd-reading-tutors.txt"));
    work.put("02.txt", &read("02-brazos-ridge-isd-career-academies.txt"));
    work.put("03.txt", RELEASE_A);
    work.put("04.txt", "");

    // (what to do to the inputs, inputs reused, inputs parsed)
    type Step = (&'static str, fn(&Work), usize, usize);
    let steps: &[Step] = &[
        ("first run, no cache yet", |_| {}, 0, 4),
        ("nothing changed", |_| {}, 4, 0),
        ("a new file", |w| w.put("05.txt", RELEASE_B), 4, 1),
        ("a changed file", |w| w.put("03.txt", RELEASE_C), 4, 1),
        (
            "a deleted file",
            |w| std::fs::remove_file(w.input().join("02.txt")).unwrap(),
            4,
            0,
        ),
        (
            "a release turns bad",
            |w| w.put("01.txt", "Title only\n"),
            3,
            1,
        ),
        ("a reject is fixed", |w| w.put("04.txt", RELEASE_A), 3, 1),
        (
            "a renamed file",
            |w| {
                std::fs::rename(w.input().join("05.txt"), w.input().join("06.txt")).unwrap();
            },
            3,
            1,
        ),
    ];
    for (i, (what, change, reused, parsed)) in steps.iter().enumerate() {
        change(&work);
        let o = extract_ok(
            &work.input(),
            &work.out(),
            &["--incremental", "--jobs", "4"],
        );
        let line = format!("{reused} inputs reused from the cache, {parsed} parsed");
        assert!(
            stderr(&o).contains(&line),
            "step {i} ({what}): {}",
            stderr(&o)
        );
        let m = manifest(&work.out());
        assert_eq!(m["incremental"], true);
        assert_eq!(m["inputs_reused"], *reused, "step {i} ({what})");
        assert_eq!(m["inputs_parsed"], *parsed, "step {i} ({what})");
        assert_consistent(&work.out());

        let full = work.root().join(format!("full{i}"));
        let jobs = if i % 2 == 0 { "1" } else { "2" };
        extract_ok(&work.input(), &full, &["--jobs", jobs]);
        assert_eq!(
            tree(&work.out()),
            tree(&full),
            "step {i} ({what}): incremental and full runs differ"
        );
        assert_eq!(
            stable_manifest(&work.out()),
            stable_manifest(&full),
            "step {i}"
        );
    }
}

#[test]
fn incremental_takes_unchanged_inputs_from_the_cache_without_parsing() {
    let work = Work::new(&[("a.txt", RELEASE_A), ("b.txt", RELEASE_B)]);
    extract_ok(&work.input(), &work.out(), &[]);
    // Doctor the cache: a reused input shows the doctored title, a parsed one the real title.
    // The records are postcard with length prefixes, so the new title has the same byte length.
    let cache = work.out().join(".cache/inputs.bin.zst");
    let compressed = std::fs::read(&cache).unwrap();
    let bytes = zstd::decode_all(compressed.as_slice()).unwrap();
    assert!(compressed.len() < bytes.len(), "the cache is compressed");
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap();
    let header: Value = serde_json::from_slice(&bytes[..header_end]).unwrap();
    assert_eq!(
        header["cache"], "pressroom input cache",
        "a JSON header line"
    );
    assert_eq!(header["layout"], 3);
    let (real, fake) = (&b"Reading Tutors Expand"[..], &b"From The Cache Itself"[..]);
    assert_eq!(real.len(), fake.len());
    let at: Vec<usize> = (0..bytes.len() - real.len())
        .filter(|&i| &bytes[i..i + real.len()] == real)
        .collect();
    assert_eq!(at.len(), 1, "the title is in the cache once");
    let mut doctored = bytes.clone();
    doctored[at[0]..at[0] + fake.len()].copy_from_slice(fake);
    std::fs::write(&cache, zstd::encode_all(doctored.as_slice(), 1).unwrap()).unwrap();

    extract_ok(&work.input(), &work.out(), &["--incremental"]);
    let titles: Vec<Value> = jsonl(&work.out().join("jsonl/releases.jsonl"))
        .iter()
        .map(|r| r["title"].clone())
        .collect();
    assert_eq!(titles, ["From The Cache Itself", "Transit Adds Late Buses"]);
    let m = manifest(&work.out());
    assert_eq!(m["inputs_reused"], 2);
    assert_eq!(m["inputs"][0]["reused"], true);

    // A full run parses again.
    extract_ok(&work.input(), &work.out(), &[]);
    let release = &jsonl(&work.out().join("jsonl/releases.jsonl"))[0];
    assert_eq!(release["title"], "Reading Tutors Expand");
    assert!(manifest(&work.out())["inputs"][0].get("reused").is_none());
}

#[test]
fn incremental_parses_again_what_a_damaged_cache_cannot_give() {
    let work = Work::new(&[("a.txt", RELEASE_A), ("b.txt", RELEASE_B)]);
    extract_ok(&work.input(), &work.out(), &[]);
    let full = tree(&work.out());
    let cache = work.out().join(".cache/inputs.bin.zst");
    let good = std::fs::read(&cache).unwrap();
    // Cut short, flipped in the middle, not zstd at all: each run still writes the full
    // tables, parsing what the cache cannot vouch for.
    let cut = good[..good.len() / 2].to_vec();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xFF;
    for damaged in [cut, flipped, b"plain text".to_vec()] {
        std::fs::write(&cache, &damaged).unwrap();
        extract_ok(&work.input(), &work.out(), &["--incremental"]);
        assert_eq!(tree(&work.out()), full);
    }
}

#[test]
fn incremental_ignores_and_drops_a_cache_of_the_json_lines_layout() {
    let work = Work::new(&[("a.txt", RELEASE_A), ("b.txt", RELEASE_B)]);
    extract_ok(&work.input(), &work.out(), &[]);
    let full = tree(&work.out());
    // What a pressroom before layout 3 left: `.cache/inputs.jsonl.zst`, and no `inputs.bin.zst`.
    let cache = work.out().join(".cache/inputs.bin.zst");
    let legacy = work.out().join(".cache/inputs.jsonl.zst");
    std::fs::rename(&cache, &legacy).unwrap();
    let o = extract_ok(&work.input(), &work.out(), &["--incremental"]);
    assert!(
        stderr(&o)
            .contains("0 inputs reused from the cache, 2 parsed (no cache from a previous run)"),
        "{}",
        stderr(&o)
    );
    assert!(
        !legacy.exists(),
        "the folder swap leaves the old cache behind"
    );
    assert_eq!(tree(&work.out()), full);
    assert_consistent(&work.out());
}

#[test]
fn incremental_parses_everything_when_the_settings_change() {
    let work = Work::new(&[("a.txt", RELEASE_A)]);
    extract_ok(&work.input(), &work.out(), &[]);
    let o = extract_ok(
        &work.input(),
        &work.out(),
        &["--incremental", "--publisher", "Pine Valley Foundation"],
    );
    assert!(
        stderr(&o).contains("0 inputs reused from the cache, 1 parsed"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("the publisher names or the default zone changed"),
        "{}",
        stderr(&o)
    );
    let fresh = work.root().join("fresh");
    extract_ok(
        &work.input(),
        &fresh,
        &["--publisher", "Pine Valley Foundation"],
    );
    assert_eq!(tree(&work.out()), tree(&fresh));
}

#[test]
fn a_folder_holding_other_files_is_not_replaced() {
    let work = Work::new(&[("a.txt", RELEASE_A)]);
    std::fs::create_dir(work.out()).unwrap();
    std::fs::write(work.out().join("notes.txt"), "mine").unwrap();
    let o = extract(&work.input(), &work.out(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("it holds notes.txt that pressroom did not write"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(work.out().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(hidden_siblings(work.root()), Vec::<String>::new());
}

#[test]
fn a_fatal_run_replaces_nothing() {
    let work = Work::new(&[("a.txt", RELEASE_A)]);
    extract_ok(&work.input(), &work.out(), &[]);
    let before = tree(&work.out());
    let manifest_before = std::fs::read(work.out().join("manifest.json")).unwrap();
    work.put("bad.txt", "");
    let o = extract(&work.input(), &work.out(), &["--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(tree(&work.out()), before);
    assert_eq!(
        std::fs::read(work.out().join("manifest.json")).unwrap(),
        manifest_before
    );
    assert_eq!(hidden_siblings(work.root()), Vec::<String>::new());
}
