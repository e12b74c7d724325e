//! Bad inputs: a folder of odd and broken files, generated at test time in a temporary folder
//! (nothing large is committed), run through the library and through the `pressroom` binary.
//!
//! Every file must end as a reject with a clear message or as a release (with a warning when
//! something was off), never as a panic or an `internal` reject, and the other files must still
//! be written. The cases: empty file, title only, binary junk, NUL bytes, invalid UTF-8,
//! Windows-1252, UTF-16 with a BOM (and without one), a big release (20 MB; see below), a
//! 10,000-item list, 5,000 nested parentheses and quotes, dates in 1900, 2999, year 1 and 9999,
//! a dangling symlink (the way to make a read fail when tests run as root, where `chmod 000`
//! stops nothing), a symlink loop between two files and a folder symlink back to its parent, a
//! FIFO, non-UTF-8 file names (Unix bytes) including one whose escaped form equals another
//! file's name, and a folder named like a release (`x.txt/`).
//!
//! Size of the big release: the library test parses the full 20 MB in the debug build. The end
//! to end test runs the debug binary, where extraction takes several seconds per megabyte, so it
//! uses 1 MB unless `PRESSROOM_BIG_MB` says otherwise; the ignored test
//! `release_binary_reads_the_suite_with_a_20_mb_release` runs the full 20 MB through the release
//! binary (`cargo build --release && cargo test --test bad_inputs -- --ignored`).

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pressroom::parse::{ParseConfig, parse_release};
use pressroom::pipeline::{self, Fate, RunConfig};

/// The full size of the big release.
const BIG_FULL_BYTES: usize = 20 * 1024 * 1024;
/// Its size in the end-to-end test on the debug binary, unless `PRESSROOM_BIG_MB` is set.
const BIG_DEBUG_BYTES: usize = 1024 * 1024;

/// What a case must become.
#[derive(Debug, Clone)]
enum Want {
    /// A reject of this `error_kind` whose message contains `says`.
    Reject {
        kind: &'static str,
        says: &'static str,
    },
    /// A release; when `warning` is set, one of its warnings contains it.
    Release { warning: Option<&'static str> },
}

/// One generated input and what must become of it.
#[derive(Debug, Clone)]
struct Case {
    /// Its `source_file` (a reject of a renamed name carries a `~2` suffix).
    source_file: String,
    want: Want,
}

fn reject(source_file: &str, kind: &'static str, says: &'static str) -> Case {
    Case {
        source_file: source_file.to_string(),
        want: Want::Reject { kind, says },
    }
}

fn release(source_file: &str, warning: Option<&'static str>) -> Case {
    Case {
        source_file: source_file.to_string(),
        want: Want::Release { warning },
    }
}

const DATE: &str = "Mon Jan 26 08:10:00 PST 2026";

fn release_text(title: &str, date: &str, body: &str) -> String {
    format!("{title}\n{date}\n\n{body}\n")
}

/// Deterministic pseudo-random bytes (xorshift64*), so the junk is the same on every run.
fn junk(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// A release of about `target` bytes: paragraphs shaped like a real release (a program, an
/// organization, a quote, counts, money and percentages), numbers varying.
fn big_release(target: usize) -> String {
    let mut s = String::from("A Very Long Annual Report\nMon Jan 26 08:10:00 PST 2026\n");
    let mut k = 0usize;
    while s.len() < target {
        let _ = write!(
            s,
            "\nIn paragraph {k}, the Reading Tutors Program served more than {} students at {} \
             schools with $2.5 million from the Cedar Family Foundation, up {}% from last year. \
             \u{201C}We are proud of every reader,\u{201D} said Dr. Ana Ruiz, superintendent of \
             Elm Unified School District.\n",
            k * 7 % 1000 + 1,
            k % 97 + 1,
            k % 50 + 1,
        );
        k += 1;
    }
    s
}

/// The release with 10,000 list items, one per line, numbered 1 to 10,000 (markers of four
/// digits are read as bullets).
fn ten_thousand_items() -> String {
    let mut body = String::from("The office lists every site.\n");
    for n in 1..=10_000 {
        let _ = writeln!(body, "- {n}. Site {n} opened with {n} books.");
    }
    release_text("Ten Thousand Sites", DATE, &body)
}

#[cfg(unix)]
fn os_name(bytes: &[u8]) -> OsString {
    use std::os::unix::ffi::OsStrExt as _;
    std::ffi::OsStr::from_bytes(bytes).to_os_string()
}

/// Writes the suite into `dir` and returns what must become of each file.
fn write_suite(dir: &Path, big_bytes: usize) -> Vec<Case> {
    let put = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    };
    let mut cases = Vec::new();

    put(
        "good.txt",
        release_text("A Good Release", DATE, "The office served 70 students.").as_bytes(),
    );
    cases.push(release("good.txt", None));

    put("empty.txt", b"");
    cases.push(reject("empty.txt", "empty", "expected a title line"));

    put("whitespace_bom.txt", b"\xEF\xBB\xBF \t\r\n\r\r\n  ");
    cases.push(reject(
        "whitespace_bom.txt",
        "empty",
        "expected a title line",
    ));

    put("title_only.txt", b"Just A Title\n");
    cases.push(reject(
        "title_only.txt",
        "no_body",
        "expected the body of the release",
    ));

    let mut binary = junk(4096, 0x5EED);
    binary[0] = 0;
    put("binary_junk.txt", &binary);
    cases.push(reject("binary_junk.txt", "binary", "NUL bytes"));

    let controls: Vec<u8> = (0..2000u32)
        .map(|k| [1u8, 2, 3, 7, 27, b'a'][k as usize % 6])
        .collect();
    put("control_soup.txt", &controls);
    cases.push(reject("control_soup.txt", "binary", "control characters"));

    let nul = release_text("Title With Nuls", DATE, "A body\0with\0NUL bytes.");
    put("nul_bytes.txt", nul.as_bytes());
    cases.push(reject("nul_bytes.txt", "binary", "NUL bytes"));

    let mut invalid = release_text("Caf\u{e9} Nights", DATE, "The library").into_bytes();
    invalid.extend_from_slice(b"\x92s hours \x96 longer \xE9 \xC3\x28 \xF0\x28\x8C\xBC.\n");
    put("invalid_utf8.txt", &invalid);
    cases.push(release(
        "invalid_utf8.txt",
        Some("not valid UTF-8; 7 byte(s) decoded as Windows-1252"),
    ));

    let cp1252_text = release_text(
        "The Office\u{2019}s Caf\u{e9} Plan",
        DATE,
        "\u{201C}We are ready \u{2014} all 40 of us,\u{201D} she said. Cost: \u{20AC}20.",
    );
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&cp1252_text);
    assert!(!unmappable);
    put("windows_1252.txt", &cp1252);
    cases.push(release("windows_1252.txt", Some("decoded as Windows-1252")));

    let utf16_text = release_text(
        "Transit Adds \u{201C}Owl\u{201D} Service",
        DATE,
        "Buses run 24 hours.",
    );
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    let mut no_bom = Vec::new();
    for unit in utf16_text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
        no_bom.extend_from_slice(&unit.to_le_bytes());
    }
    put("utf16le_bom.txt", &le);
    cases.push(release("utf16le_bom.txt", Some("decoded as UTF-16LE")));
    put("utf16be_bom.txt", &be);
    cases.push(release("utf16be_bom.txt", Some("decoded as UTF-16BE")));
    put("utf16_no_bom.txt", &no_bom);
    cases.push(reject("utf16_no_bom.txt", "binary", "NUL bytes"));
    let mut lone_surrogate = vec![0xFF, 0xFE];
    for unit in "Title\n2026-01-26\nBody "
        .encode_utf16()
        .chain([0xD800])
        .chain("text.".encode_utf16())
    {
        lone_surrogate.extend_from_slice(&unit.to_le_bytes());
    }
    put("utf16_lone_surrogate.txt", &lone_surrogate);
    cases.push(release(
        "utf16_lone_surrogate.txt",
        Some("invalid UTF-16LE sequences replaced"),
    ));

    put("big.txt", big_release(big_bytes).as_bytes());
    cases.push(release("big.txt", None));

    put("list_10000.txt", ten_thousand_items().as_bytes());
    cases.push(release("list_10000.txt", None));

    let parens = format!(
        "{}the office{} served 5 schools.",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    put(
        "nested_parens.txt",
        release_text("Nested Parentheses", DATE, &parens).as_bytes(),
    );
    cases.push(release("nested_parens.txt", None));

    let quotes = format!(
        "{}Read more,{} said Dr. Ana Ruiz of the Elm Foundation.",
        "\u{201C}\"".repeat(2500),
        "\u{201D}\"".repeat(2500)
    );
    put(
        "nested_quotes.txt",
        release_text("Nested Quotes", DATE, &quotes).as_bytes(),
    );
    cases.push(release("nested_quotes.txt", None));

    put(
        "long_word.txt",
        release_text("One Long Word", DATE, &"a".repeat(1 << 20)).as_bytes(),
    );
    cases.push(release("long_word.txt", None));

    let body = "The district opened 3 schools for 1,200 students.";
    put(
        "year_1900.txt",
        release_text("Old News", "Mon Jan 1 08:00:00 PST 1900", body).as_bytes(),
    );
    cases.push(release("year_1900.txt", Some("year 1900 is outside")));
    put(
        "year_2999.txt",
        release_text("Future News", "Tue Jan 1 08:00:00 PST 2999", body).as_bytes(),
    );
    cases.push(release("year_2999.txt", Some("year 2999 is outside")));
    put(
        "year_0001.txt",
        release_text("Ancient News", "0001-01-01", body).as_bytes(),
    );
    cases.push(release("year_0001.txt", Some("year 1 is outside")));
    put(
        "year_9999.txt",
        release_text("Last News", "Dec. 31, 9999", body).as_bytes(),
    );
    cases.push(release("year_9999.txt", Some("year 9999 is outside")));
    // In UTC these are in year 10000 and year -1, which RFC 3339 cannot write.
    put(
        "year_9999_late.txt",
        release_text("Later News", "Dec. 31, 9999 11:59 p.m. EST", body).as_bytes(),
    );
    cases.push(reject("year_9999_late.txt", "date", "expected a date like"));
    put(
        "year_0000_east.txt",
        release_text("Earliest News", "0000-01-01T00:00:00+14:00", body).as_bytes(),
    );
    cases.push(reject("year_0000_east.txt", "date", "expected a date like"));
    put(
        "year_99999.txt",
        release_text("Too Far", "Jan 1, 99999", body).as_bytes(),
    );
    cases.push(reject("year_99999.txt", "date", "a four-digit year"));

    // A folder named like a release is walked, not read.
    std::fs::create_dir(dir.join("x.txt")).expect("x.txt/");
    put(
        "x.txt/inner.txt",
        release_text("Inside A Folder", DATE, body).as_bytes(),
    );
    cases.push(release("x.txt/inner.txt", None));

    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        // Unreadable as root: a symlink to nothing (chmod 000 does not stop root reading).
        symlink("no-such-target.txt", dir.join("dangling.txt")).expect("symlink");
        cases.push(reject(
            "dangling.txt",
            "unreadable",
            "No such file or directory",
        ));
        // Two links pointing at each other: reading fails with ELOOP.
        symlink("loop_b.txt", dir.join("loop_a.txt")).expect("symlink");
        symlink("loop_a.txt", dir.join("loop_b.txt")).expect("symlink");
        cases.push(reject("loop_a.txt", "unreadable", "symbolic links"));
        cases.push(reject("loop_b.txt", "unreadable", "symbolic links"));
        // A folder link back to its parent: walked once, not forever.
        std::fs::create_dir(dir.join("sub")).expect("sub/");
        symlink("..", dir.join("sub/up")).expect("symlink");
        // A FIFO would block a read forever.
        let fifo = dir.join("fifo.txt");
        let made = Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        cases.push(reject("fifo.txt", "unreadable", "not a regular file"));
        // A link to an endless device.
        symlink("/dev/zero", dir.join("zero.txt")).expect("symlink");
        cases.push(reject("zero.txt", "unreadable", "not a regular file"));

        // Non-UTF-8 names (Latin-1 bytes): each keeps its own escaped source_file.
        let text = release_text("Latin Names", DATE, body);
        for (bytes, source_file) in [
            (&b"caf\xe9.txt"[..], r"caf\xe9.txt"),
            (b"caf\xe8.txt", r"caf\xe8.txt"),
        ] {
            std::fs::write(dir.join(os_name(bytes)), &text).expect("non-UTF-8 name");
            cases.push(release(source_file, None));
        }
        // A name whose escaped form is another file's name: the other is read, this one is
        // rejected under a distinct name asking for a rename.
        std::fs::write(dir.join(os_name(b"a\xff.txt")), &text).expect("non-UTF-8 name");
        std::fs::write(dir.join(r"a\xff.txt"), &text).expect("backslash name");
        cases.push(release(r"a\xff.txt", None));
        cases.push(reject(r"a\xff.txt~2", "unreadable", "rename the file"));
    }
    cases
}

fn config() -> RunConfig {
    RunConfig::default()
}

/// Checks one fate against its case; returns a description of the mismatch.
fn mismatch(case: &Case, fate: &Fate) -> Option<String> {
    match (&case.want, fate) {
        (Want::Reject { kind, says }, Fate::Reject(r)) => {
            let ok = r.error_kind.code() == *kind && r.message.contains(says);
            (!ok).then(|| format!("want reject {kind} saying {says:?}, got {r:?}"))
        }
        (Want::Release { warning }, Fate::Release(boxed)) => {
            let warnings = &boxed.0.warnings;
            let ok = warning.is_none_or(|w| warnings.iter().any(|x| x.contains(w)));
            (!ok).then(|| format!("want a warning {warning:?}, got {warnings:?}"))
        }
        (want, Fate::Reject(r)) => Some(format!("want {want:?}, got reject {r:?}")),
        (want, Fate::Release(b)) => Some(format!(
            "want {want:?}, got a release with warnings {:?}",
            b.0.warnings
        )),
    }
}

/// Runs discovery and every input through the library; one fate per source_file.
fn library_fates(roots: &[PathBuf]) -> Vec<(String, Fate)> {
    let (inputs, walk_rejects) = pipeline::discover(roots).expect("discover");
    let mut fates: Vec<(String, Fate)> = walk_rejects
        .into_iter()
        .map(|r| (r.source_file.clone(), Fate::Reject(r)))
        .collect();
    for input in &inputs {
        fates.push((
            input.source_file.clone(),
            pipeline::process(input, &config()),
        ));
    }
    fates.sort_by(|a, b| a.0.cmp(&b.0));
    fates
}

#[test]
fn every_bad_input_becomes_a_reject_or_a_release() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let cases = write_suite(tmp.path(), 64 * 1024);
    let fates = library_fates(&[tmp.path().to_path_buf()]);
    let mut problems = Vec::new();
    for case in &cases {
        match fates.iter().find(|(name, _)| *name == case.source_file) {
            Some((_, fate)) => {
                if let Some(why) = mismatch(case, fate) {
                    problems.push(format!("{}: {why}", case.source_file));
                }
            }
            None => problems.push(format!("{}: not reported at all", case.source_file)),
        }
    }
    for (name, _) in &fates {
        if !cases.iter().any(|c| c.source_file == *name) {
            problems.push(format!("{name}: reported but not in the suite"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(fates.len(), cases.len());
}

#[test]
fn odd_releases_keep_their_shape() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_suite(tmp.path(), 64 * 1024);
    let fates = library_fates(&[tmp.path().to_path_buf()]);
    let get = |name: &str| match fates.iter().find(|(n, _)| n == name) {
        Some((_, Fate::Release(b))) => b.clone(),
        other => panic!("{name}: {other:?}"),
    };
    let list = get("list_10000.txt");
    assert_eq!(list.0.list_item_count(), 10_000);
    // The short line above the list is the summary; four-digit markers are read as bullets.
    assert_eq!(
        list.0.summary.as_deref(),
        Some("The office lists every site.")
    );
    assert_eq!(list.0.paragraph_count(), 0);
    let markers = |m: &str| {
        list.0
            .blocks
            .iter()
            .filter(|b| b.kind == pressroom::release::BlockKind::ListItem { marker: m.into() })
            .count()
    };
    assert_eq!(markers("-"), 10_000 - 999);
    let cp1252 = get("windows_1252.txt");
    assert_eq!(cp1252.0.title, "The Office\u{2019}s Caf\u{e9} Plan");
    assert!(
        cp1252
            .0
            .body
            .contains("\u{201C}We are ready \u{2014} all 40 of us,\u{201D}")
    );
    let utf16 = get("utf16be_bom.txt");
    assert_eq!(utf16.0.title, "Transit Adds \u{201C}Owl\u{201D} Service");
    let ancient = get("year_0001.txt");
    let published = ancient.0.published.as_ref().expect("a date");
    // Local mean time (-07:52:58) rounded to a whole minute: local and UTC agree.
    assert_eq!(published.local.to_rfc3339(), "0001-01-01T00:00:00-07:53");
    assert_eq!(published.utc().to_rfc3339(), "0001-01-01T07:53:00+00:00");
    let last = get("year_9999.txt");
    let published = last.0.published.as_ref().expect("a date");
    assert_eq!(published.utc().to_rfc3339(), "9999-12-31T08:00:00+00:00");
    let parens = get("nested_parens.txt");
    assert!(parens.1.outcomes.iter().any(|o| o.text == "5"));
}

#[test]
fn a_20_mb_release_parses() {
    let text = big_release(BIG_FULL_BYTES);
    let started = Instant::now();
    let release =
        parse_release(text.as_bytes(), "big.txt", &ParseConfig::default()).expect("a release");
    let took = started.elapsed();
    eprintln!(
        "parsed {} bytes into {} blocks in {took:?}",
        text.len(),
        release.blocks.len()
    );
    assert!(release.blocks.len() > 50_000);
    assert!(release.warnings.is_empty(), "{:?}", release.warnings);
    // About 10 s in a debug build on a busy 2-core machine; quadratic work would take hours.
    assert!(took < Duration::from_secs(120), "took {took:?}");
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The `.txt` files of the repository's `input/` folder.
fn sample_names() -> Vec<String> {
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut names: Vec<String> = std::fs::read_dir(&input)
        .expect("input/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.to_ascii_lowercase().ends_with(".txt") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Runs `binary extract <suite> input/ --out <out>` and checks that every file is reported
/// once, the exit code is 3, stderr names every reject, and the good files are written.
fn run_suite_through(binary: &Path, big_bytes: usize) -> Duration {
    let tmp = tempfile::tempdir().expect("temp dir");
    let suite = tmp.path().join("suite");
    std::fs::create_dir(&suite).expect("suite/");
    let cases = write_suite(&suite, big_bytes);
    let samples = sample_names();
    let out = tmp.path().join("out");
    let started = Instant::now();
    let o = Command::new(binary)
        .arg("extract")
        .arg(&suite)
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("input"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("the binary runs");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let releases = jsonl(&out.join("jsonl/releases.jsonl"));
    let rejects = jsonl(&out.join("jsonl/rejects.jsonl"));
    let inputs = cases.len() + samples.len();
    assert_eq!(
        releases.len() + rejects.len(),
        inputs,
        "inputs = releases + rejects"
    );
    let summary = format!(
        "{inputs} files, {} releases, {} rejects",
        releases.len(),
        rejects.len()
    );
    assert!(stderr.contains(&summary), "want {summary:?} in {stderr}");

    let named = |v: &serde_json::Value| v["source_file"].as_str().expect("source_file").to_string();
    let release_names: Vec<String> = releases.iter().map(named).collect();
    let reject_names: Vec<String> = rejects.iter().map(named).collect();
    for case in &cases {
        let (want_list, other) = match case.want {
            Want::Reject { .. } => (&reject_names, &release_names),
            Want::Release { .. } => (&release_names, &reject_names),
        };
        assert!(
            want_list.contains(&case.source_file) && !other.contains(&case.source_file),
            "{} is not reported as {:?}",
            case.source_file,
            case.want
        );
    }
    for name in &samples {
        assert!(
            release_names.contains(name),
            "sample {name} was not written"
        );
    }
    for r in &rejects {
        assert_ne!(r["error_kind"], "internal", "{r}");
        let name = named(r);
        let kind = r["error_kind"].as_str().expect("error_kind");
        let shown = stderr.lines().any(|l| {
            l.starts_with("pressroom: skipped ")
                && l.contains(name.as_str())
                && l.ends_with(&format!("[{kind}]"))
        });
        assert!(shown, "stderr does not name the reject {name}: {stderr}");
    }
    took
}

#[test]
fn the_binary_reports_every_bad_input_and_writes_the_rest() {
    let big = std::env::var("PRESSROOM_BIG_MB")
        .ok()
        .and_then(|mb| mb.parse::<usize>().ok())
        .map_or(BIG_DEBUG_BYTES, |mb| mb * 1024 * 1024);
    let took = run_suite_through(Path::new(env!("CARGO_BIN_EXE_pressroom")), big);
    eprintln!("suite with a {big}-byte release: {took:?}");
}

#[test]
#[ignore = "needs the release binary: cargo build --release"]
fn release_binary_reads_the_suite_with_a_20_mb_release() {
    let binary = std::env::var_os("PRESSROOM_RELEASE_BIN").map_or_else(
        || {
            let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
                || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"),
                PathBuf::from,
            );
            target.join("release/pressroom")
        },
        PathBuf::from,
    );
    assert!(
        binary.is_file(),
        "{} is missing: run cargo build --release",
        binary.display()
    );
    let took = run_suite_through(&binary, BIG_FULL_BYTES);
    eprintln!("release binary, suite with a 20 MB release: {took:?}");
    assert!(took < Duration::from_secs(300), "took {took:?}");
}
