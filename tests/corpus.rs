//! End to end: `pressroom corpus` writes the same files as the library, in its folder layout,
//! and `pressroom check` reads them all as releases.

use std::process::Command;

fn pressroom() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
}

#[test]
fn corpus_command_writes_releases_that_check_reads_without_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let made = pressroom()
        .args(["corpus", "--count", "12", "--seed", "9", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0), "{made:?}");
    let stderr = String::from_utf8_lossy(&made.stderr);
    assert!(stderr.contains("wrote 12 releases"), "{stderr}");
    assert!(made.stdout.is_empty());

    let mut names: Vec<_> = std::fs::read_dir(out.join("0000"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 12);
    assert_eq!(names[0], "0000000.txt");
    assert_eq!(names[11], "0000011.txt");
    let bytes = std::fs::read(out.join("0000/0000007.txt")).unwrap();
    assert_eq!(bytes, pressroom::corpus::release_bytes(9, 7));

    let checked = pressroom().arg("check").arg(&out).output().unwrap();
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
}
