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
use crate::parse::{ParseConfig, parse_release};
use crate::records::Reject;
use crate::release::Release;

/// Extension of release files found when walking a folder (case-insensitive). Files named on
/// the command line are read whatever their extension.
pub const RELEASE_EXTENSION: &str = "txt";

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
/// hidden entries (names starting with `.`). Folders that cannot be listed become rejects.
/// The inputs come back sorted by `source_file`.
///
/// # Errors
/// [`Error::ReadInput`] when a root does not exist; [`Error::Usage`] when two roots give the same
/// `source_file` (their release ids would collide).
pub fn discover(roots: &[PathBuf]) -> Result<(Vec<Input>, Vec<Reject>), Error> {
    let mut inputs = Vec::new();
    let mut rejects = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|source| Error::ReadInput {
            path: root.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut seen = HashSet::new();
            walk(root, root, &mut seen, &mut inputs, &mut rejects);
        } else {
            let name = root
                .file_name()
                .map_or_else(|| root.to_string_lossy(), |n| n.to_string_lossy());
            inputs.push(Input {
                path: root.clone(),
                source_file: name.into_owned(),
            });
        }
    }
    inputs.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    rejects.sort_by(|a, b| a.source_file.cmp(&b.source_file));
    if let Some(pair) = inputs
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
    Ok((inputs, rejects))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    inputs: &mut Vec<Input>,
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
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(err) => return rejects.push(unreadable(err)),
        }
    }
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_none_or(|n| n.starts_with('.')) {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, seen, inputs, rejects);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(RELEASE_EXTENSION))
        {
            inputs.push(Input {
                source_file: relative(root, &path),
                path,
            });
        }
    }
}

/// Reads, parses and extracts one input file. Never panics: a panic inside the parser or an
/// extractor is caught and reported as an `internal` reject.
pub fn process(input: &Input, config: &RunConfig) -> Fate {
    let bytes = match std::fs::read(&input.path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Fate::Reject(Reject {
                source_file: input.source_file.clone(),
                line: None,
                column: None,
                error_kind: ErrorKind::Unreadable,
                message: format!("cannot read the file: {err}"),
            });
        }
    };
    process_bytes(&bytes, &input.source_file, config)
}

/// Parses and extracts one release held in memory (the pure part of [`process`]).
pub fn process_bytes(bytes: &[u8], source_file: &str, config: &RunConfig) -> Fate {
    let work = || match parse_release(bytes, source_file, &config.parse) {
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
                data.releases.push(release);
                data.programs.extend(extracted.programs);
                data.partners.extend(extracted.partners);
                data.outcomes.extend(extracted.outcomes);
                data.people.extend(extracted.people);
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
}
