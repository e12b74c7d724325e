//! Golden tests: every `tests/fixtures/<stem>.txt` is run through the binary alone and each table's
//! JSON Lines must equal `tests/golden/<stem>/<table>.jsonl`.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the golden files; review that diff like code.

use std::path::{Path, PathBuf};
use std::process::Command;

const TABLES: &[&str] = &[
    "releases", "programs", "partners", "outcomes", "people", "rejects",
];

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn golden_tables_match() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let files = fixtures();
    assert!(
        files.len() >= 5,
        "expected the golden fixtures in tests/fixtures"
    );
    let golden_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut mismatches = Vec::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let tmp = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_pressroom"))
            .arg("extract")
            .arg(file)
            .args(["--formats", "jsonl", "--out"])
            .arg(tmp.path())
            .output()
            .expect("the binary runs");
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{stem}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for table in TABLES {
            let got = std::fs::read_to_string(tmp.path().join(format!("jsonl/{table}.jsonl")))
                .expect("the table was written");
            let golden = golden_root.join(&stem).join(format!("{table}.jsonl"));
            if update {
                std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
                std::fs::write(&golden, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&golden).unwrap_or_default();
            if got != want {
                let first = got
                    .lines()
                    .zip(want.lines().chain(std::iter::repeat("")))
                    .find(|(g, w)| g != w)
                    .map(|(g, w)| format!("\n  got:  {g}\n  want: {w}"))
                    .unwrap_or_else(|| "\n  (row count differs)".into());
                mismatches.push(format!("{stem}/{table}.jsonl{first}"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "golden files differ (UPDATE_GOLDEN=1 cargo test --test golden rewrites them):\n{}",
        mismatches.join("\n")
    );
}
