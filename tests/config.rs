//! End to end: `pressroom.toml` and `--config`, their precedence under the flags, the errors of a
//! bad file, and the CSV formula guard. Runs the `pressroom` binary in temporary folders.

use std::path::Path;
use std::process::{Command, Output};

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

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A release without a time zone, whose body starts with a formula character.
const RELEASE: &str = "A Title\nMon Jan 26 08:10:00 2026\n=SUM(A1) and about 70 participants.\n";

/// A temporary folder holding `news/a.txt`, and `pressroom.toml` with `toml` when given.
fn site(toml: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("news")).unwrap();
    std::fs::write(tmp.path().join("news/a.txt"), RELEASE).unwrap();
    if let Some(toml) = toml {
        std::fs::write(tmp.path().join("pressroom.toml"), toml).unwrap();
    }
    tmp
}

const SITE_TOML: &str = r#"
inputs = ["news"]
out = "tables"
formats = ["jsonl"]
default_zone = "America/Chicago"
"#;

#[test]
fn config_file_values_are_used_by_a_bare_run() {
    let tmp = site(Some(SITE_TOML));
    let o = run(&mut pressroom(tmp.path()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let releases = jsonl(&tmp.path().join("tables/jsonl/releases.jsonl"));
    assert_eq!(releases.len(), 1);
    // default_zone: 08:10 in Chicago is 14:10 UTC.
    assert_eq!(releases[0]["published_at"], "2026-01-26T14:10:00Z");
    assert!(!tmp.path().join("tables/csv").exists());
    assert!(!tmp.path().join("output").exists());
}

#[test]
fn config_file_values_are_used_by_extract_and_check() {
    let tmp = site(Some(SITE_TOML));
    let o = run(pressroom(tmp.path()).arg("extract"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(tmp.path().join("tables/jsonl/releases.jsonl").is_file());
    let o = run(pressroom(tmp.path()).arg("check"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 files, 1 releases"), "{}", stderr(&o));
}

#[test]
fn flags_override_the_config_file() {
    let tmp = site(Some(SITE_TOML));
    let o = run(pressroom(tmp.path()).args([
        "extract",
        "--formats",
        "csv,jsonl",
        "--out",
        "other",
        "--default-zone",
        "UTC",
    ]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!tmp.path().join("tables").exists());
    assert!(tmp.path().join("other/csv/releases.csv").is_file());
    let releases = jsonl(&tmp.path().join("other/jsonl/releases.jsonl"));
    assert_eq!(releases[0]["published_at"], "2026-01-26T08:10:00Z");
}

#[test]
fn positional_inputs_override_the_config_inputs() {
    let tmp = site(Some("inputs = [\"nowhere\"]\nformats = [\"jsonl\"]\n"));
    let o = run(pressroom(tmp.path()).args(["extract", "news"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Without the positional argument, the file's missing folder is fatal.
    let o = run(pressroom(tmp.path()).arg("extract"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read nowhere"), "{}", stderr(&o));
}

#[test]
fn explicit_config_paths_are_relative_to_the_file() {
    let tmp = site(None);
    std::fs::write(tmp.path().join("site.toml"), SITE_TOML).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let o = run(pressroom(elsewhere.path())
        .arg("--config")
        .arg(tmp.path().join("site.toml")));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(tmp.path().join("tables/jsonl/releases.jsonl").is_file());
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn no_config_file_keeps_the_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("input")).unwrap();
    std::fs::write(tmp.path().join("input/a.txt"), RELEASE).unwrap();
    let o = run(&mut pressroom(tmp.path()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let releases = jsonl(&tmp.path().join("output/jsonl/releases.jsonl"));
    assert_eq!(releases[0]["published_at"], "2026-01-26T16:10:00Z");
    assert!(tmp.path().join("output/csv/releases.csv").is_file());
    assert!(tmp.path().join("output/parquet/releases.parquet").is_file());
}

#[test]
fn an_unknown_key_is_a_usage_error_naming_it() {
    let tmp = site(Some("formats = [\"jsonl\"]\noutt = \"x\"\n"));
    let o = run(pressroom(tmp.path()).arg("extract"));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("pressroom.toml:2:1: unknown field `outt`, expected one of"),
        "{err}"
    );
    assert!(!tmp.path().join("output").exists());
}

#[test]
fn an_unknown_dataset_key_is_a_usage_error_naming_it() {
    let tmp = site(Some("[dataset]\ntitle = \"T\"\nlicence = \"CC0\"\n"));
    let o = run(pressroom(tmp.path()).arg("check"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pressroom.toml:3:1: unknown field `licence`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_type_is_a_usage_error_naming_the_key() {
    let tmp = site(Some("jobs = \"four\"\n"));
    let o = run(pressroom(tmp.path()).arg("extract"));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("pressroom.toml:1:8: invalid type"), "{err}");
    assert!(err.contains("(key `jobs`)"), "{err}");
}

#[test]
fn a_missing_explicit_config_is_a_usage_error() {
    let tmp = site(None);
    let o = run(pressroom(tmp.path()).args(["extract", "--config", "nope.toml"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pressroom: cannot read the config file nope.toml"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("output").exists());
}

#[test]
fn commands_that_read_no_releases_ignore_the_local_config() {
    let tmp = site(Some("this is not toml\n"));
    let o = run(pressroom(tmp.path()).args(["schema", "--out", "s"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(pressroom(tmp.path()).arg("check"));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn strict_from_the_file_is_overridden_by_strict_false() {
    let tmp = site(Some("strict = true\nformats = [\"jsonl\"]\n"));
    std::fs::write(tmp.path().join("news/bad.txt"), "").unwrap();
    let o = run(pressroom(tmp.path()).args(["extract", "news"]));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run(pressroom(tmp.path()).args(["extract", "--strict=false", "news"]));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
}

#[test]
fn csv_formula_guard_changes_only_csv_text_cells() {
    let tmp = site(None);
    let o = run(pressroom(tmp.path()).args(["extract", "news", "--csv-formula-guard"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(tmp.path().join("output/csv/releases.csv")).unwrap();
    assert!(
        csv.contains(",'=SUM(A1) and about 70 participants.,"),
        "{csv}"
    );
    let releases = jsonl(&tmp.path().join("output/jsonl/releases.jsonl"));
    assert_eq!(releases[0]["body"], "=SUM(A1) and about 70 participants.");
}

#[test]
fn csv_is_exact_without_the_guard_and_the_file_can_turn_it_on() {
    let tmp = site(None);
    let o = run(pressroom(tmp.path()).args(["extract", "news"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(tmp.path().join("output/csv/releases.csv")).unwrap();
    assert!(
        csv.contains(",=SUM(A1) and about 70 participants.,"),
        "{csv}"
    );

    std::fs::write(
        tmp.path().join("pressroom.toml"),
        "csv_formula_guard = true\n",
    )
    .unwrap();
    let o = run(pressroom(tmp.path()).args(["extract", "news"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(tmp.path().join("output/csv/releases.csv")).unwrap();
    assert!(
        csv.contains(",'=SUM(A1) and about 70 participants.,"),
        "{csv}"
    );

    let o = run(pressroom(tmp.path()).args(["extract", "news", "--csv-formula-guard=false"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(tmp.path().join("output/csv/releases.csv")).unwrap();
    assert!(
        csv.contains(",=SUM(A1) and about 70 participants.,"),
        "{csv}"
    );
}

#[test]
fn the_readme_example_is_a_valid_config_file() {
    let readme = include_str!("../README.md");
    let section = &readme[readme
        .find("### Configuration file")
        .expect("README has a Configuration file section")..];
    let start = section.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let file = pressroom::config::ConfigFile::from_toml(example, Path::new("README.md")).unwrap();
    assert!(file.inputs.is_some() && file.out.is_some() && file.formats.is_some());
    assert_eq!(file.csv_formula_guard, Some(true));
    assert!(file.dataset.title.is_some() && file.dataset.license.is_some());
}
