//! Connects the stages: finds the input files, reads them, parses and extracts in parallel, and
//! collects every table's rows in input order. This is the only module that reads input files;
//! only [`crate::write`] creates output files.
//!
//! Every input file ends in exactly one of `releases` or `rejects`: a file that cannot be read,
//! decoded or parsed becomes a reject row, and even a bug in an extractor (a panic) is caught
//! here and recorded as an `internal` reject rather than ending the run.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind};
use crate::extract::{Extracted, Lexicon, extract_all};
use crate::input_list::InOrder;
pub use crate::input_list::InputList;
use crate::parse::{ParseConfig, parse_release_hashed};
use crate::records::Reject;
use crate::release::{self, Release};

/// Extension of release files found when walking a folder (case-insensitive). Files named on
/// the command line are read whatever their extension.
pub const RELEASE_EXTENSION: &str = "txt";

/// Largest input file read, in bytes (64 MiB, three times the biggest release we test). A bigger
/// file is rejected as `unreadable` before it is read, so one huge or endless file cannot take
/// the memory of the whole run.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// One input file: where it is and the name it gets in the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Path to read.
    pub path: PathBuf,
    /// Path relative to its input root, forward slashes (the `source_file` column).
    pub source_file: String,
}

/// Resolved settings of a run's middle stages.
#[derive(Debug, Clone, Default)]
pub struct RunConfig {
    /// Parser settings.
    pub parse: ParseConfig,
    /// Extractor settings.
    pub lexicon: Lexicon,
}

/// What became of one input file.
#[derive(Debug, Clone, PartialEq)]
pub enum Fate {
    /// It parsed; here are the release and its extracted rows.
    Release(Box<(Release, Extracted)>),
    /// It did not.
    Reject(Reject),
}

/// Finds the input files under `roots`: a file is taken as is (its `source_file` is its name);
/// a folder is walked recursively in sorted order, taking files ending in `.txt` and skipping
/// hidden entries (names starting with `.`). Folders that cannot be listed become rejects, and
/// so do files that are not regular files (FIFOs, devices) or exceed [`MAX_INPUT_BYTES`]. A name
/// that is not UTF-8 gets an escaped `source_file` (`caf\xe9.txt`, see `name_text`).
/// The inputs come back sorted by `source_file`.
///
/// # Errors
/// [`Error::ReadInput`] when a root does not exist; [`Error::Usage`] when two roots give the same
/// `source_file` (their release ids would collide).
pub fn discover(roots: &[PathBuf]) -> Result<(Vec<Input>, Vec<Reject>), Error> {
    let (list, rejects) = discover_list(roots)?;
    Ok((list.to_vec(), rejects))
}

/// [`discover`], giving the inputs as a compact [`InputList`] (what a run over a large archive
/// uses).
///
/// # Errors
/// As [`discover`].
pub fn discover_list(roots: &[PathBuf]) -> Result<(InputList, Vec<Reject>), Error> {
    let mut rejects = Vec::new();
    let mut parts = Vec::with_capacity(roots.len());
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|source| Error::ReadInput {
            path: root.clone(),
            source,
        })?;
        let mut part = InOrder::default();
        if meta.is_dir() {
            walk(root, root, &mut HashSet::new(), &mut part, &mut rejects);
        } else {
            let name = root.file_name().unwrap_or(root.as_os_str());
            let source_file = name_text(name).into_owned();
            match not_readable_as_text(&meta) {
                Some(why) => rejects.push(unreadable_file_because(&source_file, why)),
                None => part.push(None, &source_file, root.clone()),
            }
        }
        parts.push(part);
    }
    rejects.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    // Each walk gives its inputs in order, so merging the roots' lists sorts them.
    let inputs = InOrder::merge(parts);
    if inputs.sorted() && !inputs.has_equal_neighbours() {
        return Ok((inputs.finish(), rejects));
    }
    // Rare (equal names from two roots, or escaped names): sort it out on plain inputs.
    let mut plain = inputs.finish().to_vec();
    plain.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    let (kept, renamed) = split_escaped_collisions(plain);
    if let Some(pair) = kept
        .windows(2)
        .find(|w| w[0].source_file == w[1].source_file)
    {
        return Err(Error::Usage(format!(
            "{} and {} would both be named {}: give one input folder, or folders whose files have different relative paths",
            pair[0].path.display(),
            pair[1].path.display(),
            pair[0].source_file
        )));
    }
    rejects.extend(renamed);
    rejects.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    Ok((InputList::from_inputs(kept), rejects))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| name_text(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// The `source_file` text of one file or folder name: the name itself when it is UTF-8.
/// Otherwise (Unix names are bytes) each byte that is not part of valid UTF-8 is written `\xNN`
/// and each backslash doubled, so two different names never give the same text (a lossy
/// U+FFFD would make `caf\xe9.txt` and `caf\xe8.txt` one name). Such a text can still equal
/// a UTF-8 name spelled with a literal `\x`: see [`split_escaped_collisions`].
fn name_text(name: &std::ffi::OsStr) -> std::borrow::Cow<'_, str> {
    if let Some(text) = name.to_str() {
        return text.into();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt as _;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "\\\\"));
            for byte in chunk.invalid() {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
        out.into()
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy()
    }
}

/// True when a name in the last components of `input.path` (those its `source_file` names) is
/// not UTF-8, so that its `source_file` is escaped (see [`name_text`]).
fn has_escaped_name(input: &Input) -> bool {
    let depth = input.source_file.split('/').count();
    input
        .path
        .components()
        .rev()
        .take(depth)
        .any(|c| c.as_os_str().to_str().is_none())
}

/// Inputs are sorted by `source_file`. Where an escaped non-UTF-8 name equals another input's
/// name, the escaped one becomes an `unreadable` reject named `<name>~2` (`~3`...) asking for a
/// rename, and the other is read as usual: every file is still reported and no two rows share a
/// name. Other equal names (two roots with the same layout) are left for [`discover`] to refuse.
fn split_escaped_collisions(inputs: Vec<Input>) -> (Vec<Input>, Vec<Reject>) {
    let mut kept = Vec::with_capacity(inputs.len());
    let mut rejects = Vec::new();
    for group in inputs.chunk_by(|a, b| a.source_file == b.source_file) {
        if group.len() == 1 {
            kept.extend_from_slice(group);
            continue;
        }
        let (escaped, plain): (Vec<&Input>, Vec<&Input>) =
            group.iter().partition(|i| has_escaped_name(i));
        let keep_one_escaped = plain.is_empty();
        kept.extend(plain.into_iter().cloned());
        for (k, input) in escaped.into_iter().enumerate() {
            if k == 0 && keep_one_escaped {
                kept.push(input.clone());
                continue;
            }
            rejects.push(Reject {
                source_file: format!("{}~{}", input.source_file, k + 2),
                line: None,
                column: None,
                error_kind: ErrorKind::Unreadable,
                message: format!(
                    "the file name is not valid UTF-8, and written with \\xNN escapes it is {}, the name of another input: rename the file",
                    input.source_file
                ),
            });
        }
    }
    (kept, rejects)
}

/// Why a file cannot be read as a release before reading it: it is not a regular file (a FIFO
/// would block the run, a device such as `/dev/zero` never ends) or it is larger than
/// [`MAX_INPUT_BYTES`].
fn not_readable_as_text(meta: &std::fs::Metadata) -> Option<String> {
    if !meta.is_file() {
        return Some("not a regular file (a FIFO, socket or device)".to_string());
    }
    (meta.len() > MAX_INPUT_BYTES).then(|| {
        format!(
            "the file has {} bytes, more than the {} MiB a release may have",
            meta.len(),
            MAX_INPUT_BYTES / (1024 * 1024)
        )
    })
}

/// The reject row of an input file refused before reading (see [`not_readable_as_text`]).
fn unreadable_file_because(source_file: &str, why: String) -> Reject {
    Reject {
        source_file: source_file.to_string(),
        line: None,
        column: None,
        error_kind: ErrorKind::Unreadable,
        message: format!("cannot read the file: {why}"),
    }
}

/// Walks `dir` (under `root`), giving its inputs to `inputs` in `source_file` order: the entries
/// of each folder are taken in the order of their names, a folder's name read with a `/` after
/// it, so that a folder comes where its files' `source_file`s sort (`a.txt` before `a/`, `a/`
/// before `a0.txt`) and a root's walk needs no sort of the whole list.
fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    inputs: &mut InOrder,
    rejects: &mut Vec<Reject>,
) {
    // A symlink loop would bring us back to a folder already walked.
    if let Ok(canonical) = dir.canonicalize()
        && !seen.insert(canonical)
    {
        return;
    }
    let unreadable = |err: std::io::Error| Reject {
        source_file: relative(root, dir),
        line: None,
        column: None,
        error_kind: ErrorKind::Unreadable,
        message: format!("cannot list the folder: {err}"),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => return rejects.push(unreadable(err)),
    };
    let mut found: Vec<(String, PathBuf, std::io::Result<std::fs::Metadata>)> = Vec::new();
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(err) => return rejects.push(unreadable(err)),
        };
        // A name's text starts as the name does: `.` is never escaped.
        let Some(mut key) = path.file_name().map(|n| name_text(n).into_owned()) else {
            continue;
        };
        if key.starts_with('.') {
            continue;
        }
        // `metadata` follows symlinks: a link to a folder is walked (loops are cut above).
        let meta = std::fs::metadata(&path);
        if meta.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
            key.push('/');
        }
        found.push((key, path, meta));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, path, meta) in found {
        if meta.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
            walk(root, &path, seen, inputs, rejects);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(RELEASE_EXTENSION))
        {
            let source_file = relative(root, &path);
            // A dangling link or a link loop is kept as an input: reading it fails and says why.
            match meta.ok().as_ref().and_then(not_readable_as_text) {
                Some(why) => rejects.push(unreadable_file_because(&source_file, why)),
                None => inputs.push(Some(root), &source_file, path),
            }
        }
    }
}

/// Reads, parses and extracts one input file. Never panics: a panic inside the parser or an
/// extractor is caught and reported as an `internal` reject.
pub fn process(input: &Input, config: &RunConfig) -> Fate {
    match std::fs::read(&input.path) {
        Ok(bytes) => process_bytes(&bytes, &input.source_file, config),
        Err(err) => Fate::Reject(unreadable_file(&input.source_file, &err)),
    }
}

/// The reject row of an input file that cannot be read.
pub fn unreadable_file(source_file: &str, err: &std::io::Error) -> Reject {
    Reject {
        source_file: source_file.to_string(),
        line: None,
        column: None,
        error_kind: ErrorKind::Unreadable,
        message: format!("cannot read the file: {err}"),
    }
}

/// Parses and extracts one release held in memory (the pure part of [`process`]).
pub fn process_bytes(bytes: &[u8], source_file: &str, config: &RunConfig) -> Fate {
    process_hashed_bytes(bytes, release::sha256_hex(bytes), source_file, config)
}

/// [`process_bytes`] of bytes whose SHA-256 (lowercase hex) the caller already has.
pub fn process_hashed_bytes(
    bytes: &[u8],
    sha256: String,
    source_file: &str,
    config: &RunConfig,
) -> Fate {
    let work = || match parse_release_hashed(bytes, sha256, source_file, &config.parse) {
        Ok(release) => {
            let extracted = extract_all(&release, &config.lexicon);
            Fate::Release(Box::new((release, extracted)))
        }
        Err(err) => Fate::Reject(Reject::from(&err)),
    };
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Fate::Reject(Reject {
            source_file: source_file.to_string(),
            line: None,
            column: None,
            error_kind: ErrorKind::Internal,
            message: format!("internal error, please report it: {what}"),
        })
    })
}

/// Processes every input in parallel on the current rayon pool and collects the rows of every
/// table in input order, so the result does not depend on the number of threads.
pub fn run(inputs: &[Input], walk_rejects: Vec<Reject>, config: &RunConfig) -> Dataset {
    let fates: Vec<Fate> = inputs
        .par_iter()
        .map(|input| process(input, config))
        .collect();
    collect(fates, walk_rejects)
}

/// Gathers fates (in input order) into the tables.
pub fn collect(fates: Vec<Fate>, walk_rejects: Vec<Reject>) -> Dataset {
    let mut data = Dataset {
        rejects: walk_rejects,
        ..Dataset::default()
    };
    for fate in fates {
        match fate {
            Fate::Release(boxed) => {
                let (release, extracted) = *boxed;
                data.push_release(release, extracted);
            }
            Fate::Reject(reject) => data.rejects.push(reject),
        }
    }
    data.rejects
        .sort_by(|a, b| a.source_file.cmp(&b.source_file));
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discover_walks_sorted_txt_files_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        for name in [
            "b.txt",
            "a.TXT",
            "sub/c.txt",
            "notes.md",
            ".hidden/d.txt",
            ".e.txt",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let (inputs, rejects) = discover(&[root.to_path_buf()]).unwrap();
        let names: Vec<_> = inputs.iter().map(|i| i.source_file.as_str()).collect();
        assert_eq!(names, ["a.TXT", "b.txt", "sub/c.txt"]);
        assert!(rejects.is_empty());
    }

    #[test]
    fn one_folder_is_walked_in_source_file_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Names around `/` in byte order: ` ` `-` `.` come before it, `0` `A` `b` `é` after.
        let files = [
            "a.txt",
            "a-b/x.txt",
            "a/x.txt",
            "a/b/c.txt",
            "a b.txt",
            "ab.txt",
            "a0.txt",
            "A.txt",
            "\u{e9}.txt",
            "a/.hidden.txt",
            "a/notes.md",
            "z/y/x.TXT",
        ];
        for name in files {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let mut in_order = InOrder::default();
        let mut rejects = Vec::new();
        walk(root, root, &mut HashSet::new(), &mut in_order, &mut rejects);
        assert!(in_order.sorted() && !in_order.has_equal_neighbours());
        let names: Vec<String> = in_order
            .finish()
            .to_vec()
            .into_iter()
            .map(|i| i.source_file)
            .collect();
        let mut want: Vec<String> = files
            .iter()
            .filter(|n| !n.contains(".hidden") && !n.ends_with(".md"))
            .map(|n| n.to_string())
            .collect();
        want.sort();
        assert_eq!(names, want);
        assert!(rejects.is_empty());
        let (list, _) = discover_list(&[root.to_path_buf()]).unwrap();
        assert_eq!(list.to_vec().len(), want.len());
        assert_eq!(list.get(1).path, root.join(&want[1]));
    }

    #[test]
    fn input_list_keeps_names_and_paths_compactly() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        for name in ["b.txt", "a.txt", "sub/c.txt"] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let single = root.join("b.txt");
        // b.txt named twice: through its folder and as a file.
        assert!(discover_list(&[root.to_path_buf(), single.clone()]).is_err());
        let (list, _) = discover_list(&[root.join("sub"), single.clone()]).unwrap();
        let inputs = list.to_vec();
        assert_eq!(
            inputs,
            [
                Input {
                    path: single,
                    source_file: "b.txt".into()
                },
                Input {
                    path: root.join("sub/c.txt"),
                    source_file: "c.txt".into()
                },
            ]
        );
        assert_eq!(InputList::from_inputs(inputs.clone()).to_vec(), inputs);
        let mut kept = list.clone();
        kept.retain(|name| name.starts_with('c'));
        assert_eq!(kept.len(), 1);
        assert_eq!(kept.get(0), inputs[1]);
        assert_eq!(list.source_file(1), "c.txt");
    }

    #[test]
    fn discover_rejects_colliding_roots() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        std::fs::write(one.path().join("a.txt"), "x").unwrap();
        std::fs::write(two.path().join("a.txt"), "x").unwrap();
        let err = discover(&[one.path().to_path_buf(), two.path().to_path_buf()]).unwrap_err();
        assert!(
            err.to_string().contains("would both be named a.txt"),
            "{err}"
        );
    }

    #[test]
    fn discover_fails_on_a_missing_root() {
        let err = discover(&[PathBuf::from("/no/such/folder")]).unwrap_err();
        assert!(matches!(err, Error::ReadInput { .. }));
    }

    #[test]
    fn process_turns_an_unreadable_file_into_a_reject() {
        let input = Input {
            path: PathBuf::from("/no/such/file.txt"),
            source_file: "file.txt".into(),
        };
        match process(&input, &RunConfig::default()) {
            Fate::Reject(r) => assert_eq!(r.error_kind, ErrorKind::Unreadable),
            Fate::Release(_) => panic!("expected a reject"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn discover_escapes_non_utf8_names_so_they_do_not_collide() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = tempfile::tempdir().unwrap();
        let name = |bytes: &[u8]| dir.path().join(std::ffi::OsStr::from_bytes(bytes));
        // Latin-1 names: lossy decoding would make all three `caf\u{FFFD}.txt`.
        for bytes in [&b"caf\xe9.txt"[..], b"caf\xe8.txt", b"b\\\xff.txt"] {
            std::fs::write(name(bytes), "x").unwrap();
        }
        let (inputs, rejects) = discover(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = inputs.iter().map(|i| i.source_file.as_str()).collect();
        assert_eq!(names, [r"b\\\xff.txt", r"caf\xe8.txt", r"caf\xe9.txt"]);
        assert!(rejects.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn discover_rejects_an_escaped_name_equal_to_another_name() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(std::ffi::OsStr::from_bytes(b"a\xff.txt")),
            "x",
        )
        .unwrap();
        std::fs::write(dir.path().join(r"a\xff.txt"), "x").unwrap();
        let (inputs, rejects) = discover(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].path, dir.path().join(r"a\xff.txt"));
        assert_eq!(rejects.len(), 1);
        assert_eq!(rejects[0].source_file, r"a\xff.txt~2");
        assert_eq!(rejects[0].error_kind, ErrorKind::Unreadable);
        assert!(
            rejects[0].message.contains("rename the file"),
            "{:?}",
            rejects[0]
        );
    }

    #[cfg(unix)]
    #[test]
    fn discover_rejects_fifos_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this machine
        }
        let (inputs, rejects) = discover(&[dir.path().to_path_buf()]).unwrap();
        assert!(inputs.is_empty());
        assert_eq!(rejects[0].source_file, "pipe.txt");
        assert!(rejects[0].message.contains("not a regular file"));
        // Named as a root, too.
        let (inputs, rejects) = discover(&[fifo]).unwrap();
        assert!(inputs.is_empty());
        assert_eq!(rejects[0].error_kind, ErrorKind::Unreadable);
    }

    #[test]
    fn discover_rejects_a_file_over_the_size_limit_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
        big.set_len(MAX_INPUT_BYTES + 1).unwrap(); // sparse: takes no disk space
        let (inputs, rejects) = discover(&[dir.path().to_path_buf()]).unwrap();
        assert!(inputs.is_empty());
        assert!(
            rejects[0].message.contains("more than the 64 MiB"),
            "{:?}",
            rejects[0]
        );
    }
}
