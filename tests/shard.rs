//! Sharded runs end to end: four `extract --shard K/4` runs into one folder give, table by table,
//! exactly the rows of one whole run, in every format; reruns replace their own parts only.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use pressroom::schema::TABLES;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `pressroom extract` with `args` and returns its exit code.
fn extract(args: &[&OsStr]) -> i32 {
    let output = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .arg("extract")
        .args(args)
        .arg("-q")
        .output()
        .expect("the pressroom binary runs");
    assert!(
        output.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.status.code().unwrap_or(-1)
}

/// A folder of inputs: the samples, the fixtures (one of them a reject) and the other
/// agencies' releases, in subfolders so the relative paths differ.
fn inputs(dir: &Path) -> PathBuf {
    let root = dir.join("in");
    for (sub, from) in [
        ("samples", repo().join("input")),
        ("fixtures", repo().join("tests/fixtures")),
        ("agencies", repo().join("tests/agencies")),
    ] {
        std::fs::create_dir_all(root.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(&from).expect("list") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let to = root.join(sub).join(path.file_name().expect("a file name"));
                std::fs::copy(&path, to).expect("copy");
            }
        }
    }
    root
}

/// The lines of every file under `dir` with extension `ext`, CSV headers dropped, sorted.
fn rows_under(dir: &Path, ext: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                let text = std::fs::read_to_string(&path).expect("read");
                let skip = usize::from(ext == "csv");
                rows.extend(text.lines().skip(skip).map(str::to_string));
            }
        }
    }
    rows.sort();
    rows
}

#[test]
fn four_shards_give_the_rows_of_one_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = inputs(tmp.path());
    let whole = tmp.path().join("whole");
    let shared = tmp.path().join("shared");
    let code = extract(&[input.as_os_str(), "--out".as_ref(), whole.as_os_str()]);
    assert_eq!(code, 3, "one fixture is a reject");
    for k in 0..4 {
        let shard = format!("{k}/4");
        let code = extract(&[
            input.as_os_str(),
            "--out".as_ref(),
            shared.as_os_str(),
            "--shard".as_ref(),
            shard.as_ref(),
        ]);
        assert!(code == 0 || code == 3, "shard {shard} exit {code}");
    }
    let mut per_shard: BTreeMap<String, usize> = BTreeMap::new();
    for table in TABLES {
        // JSON Lines and CSV rows, as multisets: each shard holds its own inputs' rows.
        let whole_rows = {
            let text = std::fs::read_to_string(whole.join(format!("jsonl/{}.jsonl", table.name)))
                .expect("whole table");
            let mut rows: Vec<String> = text.lines().map(str::to_string).collect();
            rows.sort();
            rows
        };
        let parts_dir = shared.join("jsonl").join(table.name);
        let shard_rows = rows_under(&parts_dir, "jsonl");
        assert_eq!(shard_rows, whole_rows, "jsonl table {}", table.name);
        let csv_whole = {
            let text = std::fs::read_to_string(whole.join(format!("csv/{}.csv", table.name)))
                .expect("whole csv");
            let mut rows: Vec<String> = text.lines().skip(1).map(str::to_string).collect();
            rows.sort();
            rows
        };
        assert_eq!(
            rows_under(&shared.join("csv").join(table.name), "csv"),
            csv_whole,
            "csv table {}",
            table.name
        );
        for k in 0..4 {
            let part = format!("part-{k}-of-4");
            for (format, ext) in [("csv", "csv"), ("jsonl", "jsonl"), ("parquet", "parquet")] {
                let file = shared
                    .join(format)
                    .join(table.name)
                    .join(format!("{part}.{ext}"));
                assert!(file.is_file(), "{}", file.display());
            }
            *per_shard.entry(part).or_default() += 1;
        }
    }
    // Every shard wrote its manifest, and together they list every input once.
    let mut listed = Vec::new();
    for k in 0..4 {
        let path = shared.join(format!("manifests/part-{k}-of-4.json"));
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("manifest")).expect("JSON");
        for input in manifest["inputs"].as_array().expect("inputs") {
            listed.push(input["source_file"].as_str().expect("name").to_string());
        }
    }
    listed.sort();
    let whole_manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(whole.join("manifest.json")).expect("manifest"),
    )
    .expect("JSON");
    let mut all: Vec<String> = whole_manifest["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["source_file"].as_str().expect("name").to_string())
        .collect();
    all.sort();
    assert_eq!(listed, all);
    assert!(all.len() > 20, "the test has enough inputs to spread");
    // No temporary or spool files are left among the parts.
    let leftovers: Vec<String> = walk(&shared)
        .into_iter()
        .filter(|p| p.contains(".tmp") || p.contains(".spool/"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `pressroom extract INPUT --out SHARED --shard SHARD --formats jsonl EXTRA...`.
fn extract_jsonl_shard(input: &Path, shared: &Path, shard: &str, extra: &[&str]) -> i32 {
    let mut args: Vec<&OsStr> = vec![
        input.as_os_str(),
        "--out".as_ref(),
        shared.as_os_str(),
        "--shard".as_ref(),
        shard.as_ref(),
        "--formats".as_ref(),
        "jsonl".as_ref(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    extract(&args)
}

#[test]
fn a_rerun_with_another_shard_count_replaces_the_old_parts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = inputs(tmp.path());
    let shared = tmp.path().join("shared");
    for shard in ["0/3", "1/3", "2/3", "0/2", "1/2"] {
        // 0: written; 3: written, with rejects (the fixtures') listed.
        let code = extract_jsonl_shard(&input, &shared, shard, &[]);
        assert!(matches!(code, 0 | 3), "shard {shard}: exit {code}");
    }
    let parts: Vec<String> = walk(&shared.join("jsonl/releases"));
    assert_eq!(parts, ["part-0-of-2.jsonl", "part-1-of-2.jsonl"]);
}

#[test]
fn a_shard_rerun_removes_its_cache_of_the_json_lines_layout() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = inputs(tmp.path());
    let shared = tmp.path().join("shared");
    let run = |shard: &str| extract_jsonl_shard(&input, &shared, shard, &["--incremental"]);
    run("0/2");
    let cache = shared.join(".cache");
    assert_eq!(walk(&cache), ["part-0-of-2.bin.zst"]);
    // What a pressroom before layout 3 left, for this shard and for the other one.
    for k in 0..2 {
        std::fs::write(cache.join(format!("part-{k}-of-2.jsonl.zst")), "old").expect("write");
    }
    run("0/2");
    assert_eq!(
        walk(&cache),
        ["part-0-of-2.bin.zst", "part-1-of-2.jsonl.zst"],
        "a shard removes its own old cache only"
    );
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    for bad in ["4/4", "1/0", "x"] {
        let code = extract(&[
            repo().join("input").as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--shard".as_ref(),
            bad.as_ref(),
        ]);
        assert_eq!(code, 2, "{bad}");
    }
    assert!(!out.exists());
}

/// Every file under `root`, relative, sorted.
fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                out.push(rel.display().to_string());
            }
        }
    }
    out.sort();
    out
}
