//! The output folder as a whole: a run never writes into `DIR` itself. It takes a lock beside it
//! (`.DIR.lock`), builds the complete new folder beside it (`.DIR.tmp-<pid>`: tables, README,
//! cache, manifest last) and swaps it in at the end, so a reader sees the previous complete
//! dataset or the new one, never a mix, and a run that fails or is killed leaves `DIR` as it was.
//!
//! - **Swap.** On Linux (and macOS) the new folder and `DIR` are exchanged in one atomic step
//!   (`renameat2(RENAME_EXCHANGE)`, `renameatx_np(RENAME_SWAP)`), then the old one, now under the
//!   temporary name, is deleted. Elsewhere, or when the file system refuses the exchange, `DIR`
//!   is renamed aside (`.DIR.old-<pid>`) and the new folder renamed into place: readers may then
//!   find no `DIR` for an instant, but never a partial one.
//! - **Leftovers.** A run that was killed leaves `.DIR.tmp-<pid>` (or `.DIR.old-<pid>`) behind; the
//!   next run removes them once it holds the lock, and puts an `.old` folder back when `DIR` itself
//!   is missing (a run killed between the two renames of the fallback swap).
//! - **Lock.** `.DIR.lock` is created with `O_EXCL` and holds the pid of its run (and, on Linux,
//!   the boot id). A second run exits at once with [`Error::Locked`] (exit code 4). A lock whose
//!   run is gone (no such pid, or written before the last boot) is taken over.
//! - **Ownership.** Because the whole folder is replaced, a run refuses an existing `DIR` that holds
//!   anything a pressroom run did not write there, rather than delete it.
//! - **Test hook.** `PRESSROOM_TEST_PAUSE_AT=<phase>` makes the binary print
//!   `pressroom: test pause at <phase>` on stderr and sleep [`TEST_PAUSE`] at that phase (see
//!   [`PAUSE_PHASES`]), so `tests/batch.rs` can kill a run at a known point;
//!   `PRESSROOM_TEST_SWAP=rename` forces the fallback swap. Both are read only when set.
//!
//! What goes into the tables is left to the writers ([`crate::write`]), the manifest to
//! [`crate::manifest`] and the cache to [`crate::incremental`].

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Error;
use crate::manifest::MANIFEST_FILE;
use crate::shard::Shard;
use crate::write::Format;

/// Environment variable of the test hook that pauses a run at a named phase.
pub const TEST_PAUSE_ENV: &str = "PRESSROOM_TEST_PAUSE_AT";

/// Environment variable of the test hook that forces the rename fallback (`rename`).
pub const TEST_SWAP_ENV: &str = "PRESSROOM_TEST_SWAP";

/// How long the test hook sleeps at its phase.
pub const TEST_PAUSE: Duration = Duration::from_secs(30);

/// The phases at which [`TEST_PAUSE_ENV`] can pause a run, in run order: the lock is held and
/// leftovers are cleaned (`locked`); the tables, README and cache are in the temporary folder
/// (`written`); the manifest is written and the swap is next (`swap`); in the fallback swap, `DIR`
/// has been renamed aside (`aside`); the new folder is in place and the old one not yet deleted
/// (`swapped`).
pub const PAUSE_PHASES: &[&str] = &["locked", "written", "swap", "aside", "swapped"];

/// The README written into every output folder; `output/README.md` in the repository is a copy
/// (a test checks that they are equal).
pub const OUTPUT_README: &str = "\
# output/

`pressroom extract INPUT... --out DIR` writes this folder (`cargo run --release` writes `output/`
from `input/`). A run builds the new folder beside it (`.DIR.tmp-<pid>`) and swaps it in whole
once everything is written, so a reader sees the previous complete dataset or the new one, never
a mix. Do not keep other files here: each run replaces the folder.

    csv/<table>.csv            one file per table, for each format asked for (--formats)
    jsonl/<table>.jsonl
    parquet/<table>.parquet
    manifest.json              the run: versions, start and end, every input with its SHA-256 and
                               fate, rows per table, size and SHA-256 of every other file
    datapackage.json, data.json, report.html, schemas/
                               the package describing the dataset (see pressroom's README)
    .cache/inputs.bin.zst      every input's parsed rows (postcard, zstd), for `--incremental`
    README.md                  this file (the same on every run)

Tables: `releases`, `programs`, `partners`, `outcomes`, `people`, `rejects`. Their columns are
described in pressroom's README and in its `schemas/` folder. In the pressroom repository,
everything in `output/` except this file is ignored by git.
";

/// Top-level names an output folder written before manifests existed may hold.
const LEGACY_ENTRIES: &[&str] = &["README.md", ".cache"];

/// Files an operating system drops into folders it shows; never a reason to refuse a folder.
const OS_CLUTTER: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini"];

/// What a run tells its operator when it removed (or put back) what a killed run had left
/// beside the output folder.
pub struct LeftoverCleaned<'a> {
    /// The temporary folder, aside folder or stale lock.
    pub path: &'a Path,
}

impl std::fmt::Display for LeftoverCleaned<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}cleaned up {} left by an interrupted run",
            crate::report::PREFIX,
            self.path.display()
        )
    }
}

impl crate::log::Event for LeftoverCleaned<'_> {
    const NAME: &'static str = "leftover_cleaned";
    const LEVEL: crate::log::Level = crate::log::Level::Warn;
    fn fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![("path", self.path.display().to_string().into())]
    }
}

/// Pauses the run when the test hook [`TEST_PAUSE_ENV`] names `phase`; does nothing otherwise.
pub fn test_pause(phase: &str) {
    if std::env::var_os(TEST_PAUSE_ENV).is_some_and(|v| v == phase) {
        eprintln!(
            "pressroom: test pause at {phase} (pid {})",
            std::process::id()
        );
        std::thread::sleep(TEST_PAUSE);
    }
}

/// Writes `bytes` to `path` (creating its folder) and syncs it to disk.
///
/// # Errors
/// [`Error::WriteOutput`] naming the file or folder that could not be written.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let err = |source| Error::WriteOutput {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(err)?;
    }
    let mut file = File::create(path).map_err(err)?;
    file.write_all(bytes).map_err(err)?;
    file.sync_all().map_err(err)
}

/// Syncs a folder's entries to disk (Unix; best effort: some file systems cannot).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(path) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Syncs `root` and every folder under it.
fn sync_tree(root: &Path) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if let Ok(entries) = fs::read_dir(&dir) {
            for entry in entries.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    stack.push(entry.path());
                }
            }
        }
        sync_dir(&dir);
    }
}

/// An output folder `DIR`, resolved: where it is, and the names of its siblings (lock,
/// temporary and aside folders).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputDir {
    dir: PathBuf,
    parent: PathBuf,
    name: OsString,
}

impl OutputDir {
    /// Resolves `out` to an absolute path whose last component is the folder's own name (a
    /// symbolic link is followed, so its target is what gets replaced).
    ///
    /// # Errors
    /// [`Error::Usage`] when `out` names no folder that can have siblings (`/`);
    /// [`Error::WriteOutput`] when the path cannot be resolved.
    pub fn resolve(out: &Path) -> Result<Self, Error> {
        let err = |source| Error::WriteOutput {
            path: out.to_path_buf(),
            source,
        };
        let mut dir = std::path::absolute(out).map_err(err)?;
        let is_link = fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink());
        if is_link || dir.file_name().is_none() {
            dir = fs::canonicalize(&dir).map_err(err)?;
        }
        let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
            return Err(Error::Usage(format!(
                "--out {} is not a folder pressroom can replace: give a folder inside another one",
                out.display()
            )));
        };
        Ok(OutputDir {
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
            dir,
        })
    }

    /// The folder itself.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// A sibling named `.<name><suffix>`.
    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = OsString::from(".");
        name.push(&self.name);
        name.push(suffix);
        self.parent.join(name)
    }

    /// The lock file: `.DIR.lock` beside `DIR`.
    pub fn lock_path(&self) -> PathBuf {
        self.sibling(".lock")
    }

    /// The lock file of one shard of a sharded run: `.DIR.part-K-of-N.lock` beside `DIR`, so
    /// the workers of one run write side by side while two runs of one shard cannot.
    pub fn shard_lock_path(&self, shard: Shard) -> PathBuf {
        self.sibling(&format!(".{}.lock", shard.part_name()))
    }

    /// The folder this process builds: `.DIR.tmp-<pid>`.
    pub fn staging_path(&self) -> PathBuf {
        self.sibling(&format!(".tmp-{}", std::process::id()))
    }

    /// Where the fallback swap puts the old folder: `.DIR.old-<pid>`.
    fn aside_path(&self) -> PathBuf {
        self.sibling(&format!(".old-{}", std::process::id()))
    }

    /// Takes the lock of this folder, then removes what killed runs left beside it (see
    /// [`OutputLock::leftovers`]) and pauses at `locked` under the test hook.
    ///
    /// # Errors
    /// [`Error::Locked`] when a live run holds the lock; [`Error::WriteOutput`] when the lock or
    /// a leftover cannot be written or removed.
    pub fn lock(&self) -> Result<OutputLock, Error> {
        fs::create_dir_all(&self.parent).map_err(|source| Error::WriteOutput {
            path: self.parent.clone(),
            source,
        })?;
        let mut lock = OutputLock::acquire(self, self.lock_path())?;
        lock.leftovers.extend(self.recover()?);
        test_pause("locked");
        Ok(lock)
    }

    /// Takes the lock of one shard (see [`OutputDir::shard_lock_path`]). A sharded run writes
    /// its part files in place (each through a temporary file and a rename), so there is no
    /// staging folder to recover.
    ///
    /// # Errors
    /// As [`OutputDir::lock`].
    pub fn lock_shard(&self, shard: Shard) -> Result<OutputLock, Error> {
        fs::create_dir_all(&self.parent).map_err(|source| Error::WriteOutput {
            path: self.parent.clone(),
            source,
        })?;
        let lock = OutputLock::acquire(self, self.shard_lock_path(shard))?;
        test_pause("locked");
        Ok(lock)
    }

    /// Whether `name` is a sibling a run of this folder leaves while working:
    /// `.DIR.tmp-<pid>`, `.DIR.old-<pid>` or `.DIR.lock.stale-<pid>`.
    fn is_leftover(&self, name: &std::ffi::OsStr) -> Option<Leftover> {
        let name = name.to_str()?;
        let own = self.name.to_str()?;
        let rest = name.strip_prefix('.')?.strip_prefix(own)?;
        let (kind, pid) = [
            (Leftover::Staging, ".tmp-"),
            (Leftover::Aside, ".old-"),
            (Leftover::StaleLock, ".lock.stale-"),
        ]
        .into_iter()
        .find_map(|(kind, prefix)| rest.strip_prefix(prefix).map(|pid| (kind, pid)))?;
        (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(kind)
    }

    /// Removes the temporary folders of killed runs; when `DIR` is missing and an aside folder
    /// exists, puts it back first. Call only while holding the lock. Returns what was removed or
    /// restored.
    fn recover(&self) -> Result<Vec<PathBuf>, Error> {
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::WriteOutput { path, source }
        };
        let mut found: Vec<(Leftover, PathBuf)> = Vec::new();
        for entry in fs::read_dir(&self.parent).map_err(err(&self.parent))? {
            let entry = entry.map_err(err(&self.parent))?;
            if let Some(kind) = self.is_leftover(&entry.file_name()) {
                found.push((kind, entry.path()));
            }
        }
        found.sort();
        let mut done = Vec::new();
        if fs::symlink_metadata(&self.dir).is_err()
            && let Some(pos) = found.iter().position(|(k, _)| *k == Leftover::Aside)
        {
            let (_, aside) = found.remove(pos);
            fs::rename(&aside, &self.dir).map_err(err(&aside))?;
            done.push(aside);
        }
        for (_, path) in found {
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            match removed {
                Ok(()) => done.push(path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(err(&path)(e)),
            }
        }
        if !done.is_empty() {
            sync_dir(&self.parent);
        }
        Ok(done)
    }

    /// Checks that replacing `DIR` loses nothing: it does not exist, or it is a folder whose
    /// entries a pressroom run wrote (those listed by its `manifest.json`, or the format folders
    /// and README of a folder written before manifests existed).
    ///
    /// # Errors
    /// [`Error::WriteOutput`] naming the folder and the entries pressroom did not write.
    pub fn check_replaceable(&self) -> Result<(), Error> {
        let refuse = |what: String| Error::WriteOutput {
            path: self.dir.clone(),
            source: std::io::Error::other(what),
        };
        let meta = match fs::symlink_metadata(&self.dir) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(refuse(e.to_string())),
        };
        if !meta.is_dir() {
            return Err(refuse("it is not a folder".to_string()));
        }
        let listed = listed_entries(&self.dir);
        let mut foreign = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(|e| refuse(e.to_string()))? {
            let name = entry
                .map_err(|e| refuse(e.to_string()))?
                .file_name()
                .to_string_lossy()
                .into_owned();
            let ours = name == MANIFEST_FILE
                || listed.contains(&name)
                || LEGACY_ENTRIES.contains(&name.as_str())
                || OS_CLUTTER.contains(&name.as_str())
                || Format::ALL.iter().any(|f| f.dir_name() == name);
            if !ours {
                foreign.push(name);
            }
        }
        if foreign.is_empty() {
            return Ok(());
        }
        foreign.sort();
        Err(refuse(format!(
            "it holds {} that pressroom did not write; a run replaces the whole folder, so give \
             --out a new or empty folder, or move those away",
            foreign.join(", ")
        )))
    }

    /// Builds the whole run in a new folder beside `DIR` and swaps it in: writes the README,
    /// lets `fill` write everything else into the new folder (tables, cache, package files,
    /// manifest last), then syncs the folder and puts it in place of `DIR`. `_lock` proves the
    /// lock is held. On failure (of `fill` too) the new folder is removed and `DIR` is left as
    /// it was.
    ///
    /// # Errors
    /// The error of `fill`; [`Error::WriteOutput`] when the folder cannot be written or `DIR`
    /// cannot be replaced (see [`OutputDir::check_replaceable`]).
    pub fn publish<T>(
        &self,
        _lock: &OutputLock,
        fill: impl FnOnce(&Path) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.check_replaceable()?;
        let staging = Staging::create(self.staging_path())?;
        write_synced(&staging.path.join("README.md"), OUTPUT_README.as_bytes())?;
        let filled = fill(&staging.path)?;
        sync_tree(&staging.path);
        test_pause("swap");
        self.swap_in(staging)?;
        Ok(filled)
    }

    /// Puts the complete folder `staging` in the place of `DIR`, then deletes the old one.
    fn swap_in(&self, staging: Staging) -> Result<(), Error> {
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source: std::io::Error| Error::WriteOutput {
                path,
                source: explain_busy(source),
            }
        };
        match fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::rename(&staging.path, &self.dir).map_err(err(&self.dir))?;
                sync_dir(&self.parent);
                return Ok(());
            }
            Err(e) => return Err(err(&self.dir)(e)),
            Ok(meta) => {
                // The new folder keeps the old one's permissions (group access, setgid).
                let _ = fs::set_permissions(&staging.path, meta.permissions());
            }
        }
        let forced_rename = std::env::var_os(TEST_SWAP_ENV).is_some_and(|v| v == "rename");
        if !forced_rename {
            match exchange(&staging.path, &self.dir) {
                Ok(()) => {
                    sync_dir(&self.parent);
                    test_pause("swapped");
                    // `staging.path` now holds the old folder; dropping `staging` deletes it.
                    return Ok(());
                }
                Err(Exchange::Unsupported) => {}
                Err(Exchange::Failed(e)) => return Err(err(&self.dir)(e)),
            }
        }
        let aside = self.aside_path();
        fs::rename(&self.dir, &aside).map_err(err(&self.dir))?;
        test_pause("aside");
        if let Err(e) = fs::rename(&staging.path, &self.dir) {
            let _ = fs::rename(&aside, &self.dir);
            return Err(err(&self.dir)(e));
        }
        sync_dir(&self.parent);
        test_pause("swapped");
        let _ = fs::remove_dir_all(&aside);
        Ok(())
    }
}

/// A rename refused because the folder is busy is almost always a mount point: say so.
fn explain_busy(err: std::io::Error) -> std::io::Error {
    if err.kind() != std::io::ErrorKind::ResourceBusy {
        return err;
    }
    std::io::Error::new(
        err.kind(),
        format!(
            "{err}; a run replaces the output folder whole, so it cannot be a mount point: \
             mount its parent folder instead"
        ),
    )
}

/// The top-level names of the files the manifest in `dir` lists, when it is a pressroom
/// manifest (read loosely, so a manifest of another pressroom version still counts).
///
/// The manifest is streamed, and only `tool` and `outputs` are kept: its `inputs` list has an
/// entry per input file (about 18 MB of JSON for 100,000 inputs), and reading it whole into a
/// JSON tree took about 70 MiB at that size before a run over an existing folder had begun.
fn listed_entries(dir: &Path) -> Vec<String> {
    /// The part of a manifest this needs; every other field is skipped unread.
    #[derive(serde::Deserialize)]
    struct Listing {
        #[serde(default)]
        tool: serde_json::Value,
        #[serde(default)]
        outputs: serde_json::Value,
    }
    let Ok(file) = File::open(dir.join(MANIFEST_FILE)) else {
        return Vec::new();
    };
    let Ok(manifest) = serde_json::from_reader::<_, Listing>(std::io::BufReader::new(file)) else {
        return Vec::new();
    };
    if manifest.tool != "pressroom" {
        return Vec::new();
    }
    manifest
        .outputs
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["path"].as_str()?.split('/').next().map(str::to_string))
        .collect()
}

/// What a killed run can leave beside `DIR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Leftover {
    Staging,
    Aside,
    StaleLock,
}

/// Why the atomic exchange did not happen.
enum Exchange {
    /// The platform or file system cannot exchange: use the fallback.
    Unsupported,
    /// It can, but this exchange failed.
    Failed(std::io::Error),
}

/// Exchanges two folders in one atomic step.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> Result<(), Exchange> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP, Errno::NOTSUP].contains(&e) => {
            Err(Exchange::Unsupported)
        }
        Err(e) => Err(Exchange::Failed(e.into())),
    }
}

/// Exchanges two folders in one atomic step (not available here: always the fallback).
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> Result<(), Exchange> {
    Err(Exchange::Unsupported)
}

/// The folder a run builds; removed when dropped, whatever it then holds (nothing after a plain
/// rename into place, the old folder after an exchange, a partial folder after a failure).
struct Staging {
    path: PathBuf,
}

impl Staging {
    fn create(path: PathBuf) -> Result<Self, Error> {
        // A folder of an earlier process with our pid would have been removed as a leftover.
        let _ = fs::remove_dir_all(&path);
        fs::create_dir(&path).map_err(|source| Error::WriteOutput {
            path: path.clone(),
            source,
        })?;
        Ok(Staging { path })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// The lock of an output folder, held until dropped (the file is then removed).
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    leftovers: Vec<PathBuf>,
}

/// Who a lock file says holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Holder {
    pid: u32,
    boot: Option<String>,
}

impl Holder {
    fn me() -> Self {
        Holder {
            pid: std::process::id(),
            boot: boot_id(),
        }
    }

    fn text(&self) -> String {
        match &self.boot {
            Some(boot) => format!("{}\n{boot}\n", self.pid),
            None => format!("{}\n", self.pid),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        let pid = lines.next()?.trim().parse().ok()?;
        let boot = lines
            .next()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(String::from);
        Some(Holder { pid, boot })
    }

    /// Whether the run that wrote this lock may still be running. Our own pid counts as alive
    /// (another thread of this process may hold it); a lock from before the last boot is dead.
    fn alive(&self) -> bool {
        if self.pid == std::process::id() {
            return true;
        }
        if let (Some(theirs), Some(ours)) = (&self.boot, boot_id())
            && *theirs != ours
        {
            return false;
        }
        pid_alive(self.pid)
    }
}

/// The id of the current boot (Linux), to tell a lock written before a reboot.
fn boot_id() -> Option<String> {
    let id = fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let id = id.trim();
    (!id.is_empty()).then(|| id.to_string())
}

/// Whether a process with this pid exists (`kill(pid, 0)`; "no permission" means it exists).
#[cfg(unix)]
fn pid_alive(pid: u32) -> bool {
    use rustix::process::{Pid, test_kill_process};
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return false;
    };
    !matches!(test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

/// Whether a process with this pid exists; not knowable here, so assume it does.
#[cfg(not(unix))]
fn pid_alive(_pid: u32) -> bool {
    true
}

/// How long a lock file may stay empty or unreadable before it counts as abandoned (its run
/// died between creating it and writing its pid).
const UNREADABLE_LOCK_GRACE: Duration = Duration::from_secs(10);

impl OutputLock {
    /// Creates the lock file of `out` with `O_EXCL`, taking over a lock whose run is gone.
    fn acquire(out: &OutputDir, path: PathBuf) -> Result<Self, Error> {
        let io_err = |source| Error::WriteOutput {
            path: path.clone(),
            source,
        };
        let locked = |holder: String| Error::Locked {
            dir: out.dir.clone(),
            lock: path.clone(),
            holder,
        };
        let me = Holder::me();
        let mut taken_over = false;
        // Each turn either takes the lock, gives up, or removes a dead run's lock and retries.
        for _ in 0..8 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    file.write_all(me.text().as_bytes()).map_err(io_err)?;
                    file.sync_all().map_err(io_err)?;
                    let leftovers = if taken_over {
                        vec![path.clone()]
                    } else {
                        Vec::new()
                    };
                    return Ok(OutputLock { path, leftovers });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io_err(e)),
            }
            let text = match fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(_) => String::new(),
            };
            match Holder::parse(&text) {
                Some(holder) if holder.alive() => {
                    return Err(locked(format!("pid {}", holder.pid)));
                }
                Some(_) => {}
                None => {
                    let age = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok());
                    if age.is_none_or(|age| age < UNREADABLE_LOCK_GRACE) {
                        return Err(locked("pid unknown".to_string()));
                    }
                }
            }
            take_over(out, &path, &text).map_err(|e| match e {
                TakeOver::Io(e) => io_err(e),
                TakeOver::Raced(holder) => locked(holder),
            })?;
            taken_over = true;
        }
        Err(locked("pid unknown".to_string()))
    }

    /// Paths that killed runs had left beside the folder and that were removed or taken over:
    /// temporary folders, an aside folder (put back as `DIR` when `DIR` was missing) and a
    /// dead run's lock.
    pub fn leftovers(&self) -> &[PathBuf] {
        &self.leftovers
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let ours = fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| Holder::parse(&t))
            .is_some_and(|h| h.pid == std::process::id());
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

enum TakeOver {
    Io(std::io::Error),
    /// Another run replaced the dead lock first; it holds the lock now.
    Raced(String),
}

/// Removes the lock file at `path` that held `seen` (a dead run's lock). It is first renamed to
/// a name of our own, so two runs taking over at once cannot both succeed; if what we renamed is
/// no longer `seen` (a live run's fresh lock), it is put back and the lock counts as held.
fn take_over(out: &OutputDir, path: &Path, seen: &str) -> Result<(), TakeOver> {
    let mine = out.sibling(&format!(".lock.stale-{}", std::process::id()));
    match fs::rename(path, &mine) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(TakeOver::Io(e)),
    }
    let taken = fs::read_to_string(&mine).unwrap_or_default();
    if taken == seen {
        return fs::remove_file(&mine).map_err(TakeOver::Io);
    }
    if fs::hard_link(&mine, path).is_err() {
        let _ = fs::rename(&mine, path);
    }
    let _ = fs::remove_file(&mine);
    let holder =
        Holder::parse(&taken).map_or("pid unknown".to_string(), |h| format!("pid {}", h.pid));
    Err(TakeOver::Raced(holder))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out_in(root: &Path) -> OutputDir {
        OutputDir::resolve(&root.join("out")).unwrap()
    }

    #[test]
    fn output_readme_matches_the_committed_copy() {
        let committed = include_str!("../output/README.md");
        assert_eq!(committed, OUTPUT_README);
    }

    #[test]
    fn resolve_names_the_siblings() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_in(tmp.path());
        assert_eq!(out.lock_path(), tmp.path().join(".out.lock"));
        let staging = out.staging_path();
        assert_eq!(staging.parent(), Some(tmp.path()));
        assert_eq!(
            staging.file_name().unwrap().to_string_lossy(),
            format!(".out.tmp-{}", std::process::id())
        );
        let dotted = OutputDir::resolve(&tmp.path().join("out/.")).unwrap();
        assert_eq!(dotted.path(), tmp.path().join("out"));
        assert!(matches!(
            OutputDir::resolve(Path::new("/")),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn is_leftover_takes_only_this_folders_siblings() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_in(tmp.path());
        let kind = |n: &str| out.is_leftover(std::ffi::OsStr::new(n));
        assert_eq!(kind(".out.tmp-123"), Some(Leftover::Staging));
        assert_eq!(kind(".out.old-9"), Some(Leftover::Aside));
        assert_eq!(kind(".out.lock.stale-9"), Some(Leftover::StaleLock));
        assert_eq!(kind(".out.lock"), None);
        assert_eq!(kind(".out.tmp-"), None);
        assert_eq!(kind(".out.tmp-.tmp-1"), None);
        assert_eq!(kind(".outer.tmp-1"), None);
        assert_eq!(kind("out.tmp-1"), None);
    }

    #[test]
    fn lock_refuses_a_live_holder_and_takes_over_a_dead_one() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_in(tmp.path());
        let lock = out.lock().unwrap();
        let text = fs::read_to_string(out.lock_path()).unwrap();
        assert_eq!(Holder::parse(&text).unwrap().pid, std::process::id());
        // Our own pid counts as alive: a second lock in this process is refused.
        let err = out.lock().unwrap_err();
        assert!(matches!(err, Error::Locked { .. }), "{err:?}");
        assert!(err.to_string().contains("another run (pid "), "{err}");
        drop(lock);
        assert!(!out.lock_path().exists());
        // A lock from another boot is dead whatever its pid.
        let stale = Holder {
            pid: 1,
            boot: Some("another-boot".into()),
        };
        fs::write(out.lock_path(), stale.text()).unwrap();
        if boot_id().is_some() {
            let lock = out.lock().unwrap();
            assert_eq!(lock.leftovers(), [out.lock_path()]);
            drop(lock);
        }
    }

    #[test]
    fn lock_takes_over_a_dead_pid() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_in(tmp.path());
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        fs::write(out.lock_path(), format!("{dead}\n")).unwrap();
        let lock = out.lock().unwrap();
        let text = fs::read_to_string(out.lock_path()).unwrap();
        assert_eq!(Holder::parse(&text).unwrap().pid, std::process::id());
        assert_eq!(lock.leftovers(), [out.lock_path()]);
        drop(lock);
    }

    #[test]
    fn lock_treats_a_fresh_unreadable_lock_as_held() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_in(tmp.path());
        fs::write(out.lock_path(), "").unwrap();
        assert!(matches!(out.lock(), Err(Error::Locked { .. })));
    }

    #[test]
    fn recover_removes_leftovers_and_restores_a_missing_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_in(tmp.path());
        fs::create_dir_all(tmp.path().join(".out.tmp-77/csv")).unwrap();
        fs::create_dir_all(tmp.path().join(".out.old-78/csv")).unwrap();
        fs::write(tmp.path().join(".out.old-78/csv/a.csv"), "a").unwrap();
        fs::create_dir_all(tmp.path().join(".other.tmp-77")).unwrap();
        let lock = out.lock().unwrap();
        assert_eq!(lock.leftovers().len(), 2);
        assert!(!tmp.path().join(".out.tmp-77").exists());
        assert!(!tmp.path().join(".out.old-78").exists());
        assert_eq!(
            fs::read_to_string(out.path().join("csv/a.csv")).unwrap(),
            "a"
        );
        assert!(tmp.path().join(".other.tmp-77").exists());
    }

    #[test]
    fn check_replaceable_refuses_foreign_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_in(tmp.path());
        out.check_replaceable().unwrap();
        fs::create_dir_all(out.path().join("csv")).unwrap();
        fs::write(out.path().join("README.md"), "x").unwrap();
        fs::write(out.path().join(".DS_Store"), "x").unwrap();
        out.check_replaceable().unwrap();
        // What the last run's manifest lists is the run's own.
        fs::write(out.path().join("report.html"), "x").unwrap();
        assert!(out.check_replaceable().is_err());
        let manifest = r#"{"tool": "pressroom", "outputs": [{"path": "report.html"}]}"#;
        fs::write(out.path().join(MANIFEST_FILE), manifest).unwrap();
        out.check_replaceable().unwrap();
        fs::write(out.path().join("notes.txt"), "mine").unwrap();
        let err = out.check_replaceable().unwrap_err();
        let text = format!("{err}: {}", std::error::Error::source(&err).unwrap());
        assert!(
            text.contains("it holds notes.txt that pressroom did not write"),
            "{text}"
        );
        let file = tmp.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(
            OutputDir::resolve(&file)
                .unwrap()
                .check_replaceable()
                .is_err()
        );
    }

    #[test]
    fn listed_entries_reads_outputs_past_the_inputs_and_loosely() {
        let tmp = tempfile::tempdir().unwrap();
        let write = |text: &str| fs::write(tmp.path().join(MANIFEST_FILE), text).unwrap();
        write(
            r#"{"tool": "pressroom", "inputs": [{"source_file": "a.txt", "fate": {"x": [1, 2]}}],
                "outputs": [{"path": "csv/releases.csv"}, {"path": 7}, {"path": "report.html"}],
                "later": {"field": null}}"#,
        );
        assert_eq!(listed_entries(tmp.path()), ["csv", "report.html"]);
        write(r#"{"tool": "other", "outputs": [{"path": "report.html"}]}"#);
        assert!(listed_entries(tmp.path()).is_empty());
        write(r#"{"tool": "pressroom", "outputs": {"path": "report.html"}}"#);
        assert!(listed_entries(tmp.path()).is_empty());
        write(r#"{"tool": "pressroom", "outputs": [{"path": "report.html"}]"#);
        assert!(listed_entries(tmp.path()).is_empty());
        write(r#"{"tool": "pressroom"}"#);
        assert!(listed_entries(tmp.path()).is_empty());
    }

    #[test]
    fn explain_busy_names_mount_points() {
        let busy = explain_busy(std::io::Error::from(std::io::ErrorKind::ResourceBusy));
        assert!(
            busy.to_string().contains("cannot be a mount point"),
            "{busy}"
        );
        let other = explain_busy(std::io::Error::other("x"));
        assert_eq!(other.to_string(), "x");
    }

    #[test]
    fn write_synced_creates_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/c.txt");
        write_synced(&path, b"hi").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"hi");
    }
}
