//! The list of a run's inputs, kept for the whole run in little memory.
//!
//! A run lists every input before it reads the first one: the inputs are processed in
//! `source_file` order, and the run needs their number and order before it starts. The list then
//! lives until the run ends, so its size is the one part of a run's memory that grows with the
//! number of inputs. [`InputList`] is what the run keeps: the sorted names front-coded in blocks
//! of [`BLOCK`] (each name stores only what follows the part it shares with the name before it),
//! the roots by runs, and apart the few paths that are not their root joined with their name.
//! Names of an archive share long prefixes (`2024/03/`, `0000/00001`): the 1,000,000 names of
//! the generated corpus (16 bytes each, `0000/0000123.txt`) take 7.4 bytes per input, against 32
//! (name and 16-byte entry) for a plain list (benches/RESULTS.md, "The input list").
//!
//! The walk of one folder finds its inputs already in order and hands them to `InOrder`, which
//! front-codes them as they come. Several roots (or names that need sorting out) go through
//! `Walked`, a plain list (one text holding every name and 16 bytes per input) that is sorted
//! and then front-coded.

use std::path::{Path, PathBuf};

use crate::pipeline::Input;

/// Names per front-coded block: reading a name decodes at most this many names from its block's
/// start, and each block costs one offset.
pub const BLOCK: usize = 64;

/// The inputs as a walk finds them, before they are sorted (see the module documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct Walked {
    roots: Vec<PathBuf>,
    names: String,
    entries: Vec<Entry>,
    paths: Vec<PathBuf>,
}

/// One input of a [`Walked`] list.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Where its `source_file` starts in `names`.
    start: u32,
    /// Its length in bytes.
    len: u32,
    /// Index of its root in `roots`.
    root: u32,
    /// Index of its path in `paths`, or [`Entry::JOINED`] when the path is root + source_file.
    path: u32,
}

impl Entry {
    const JOINED: u32 = u32::MAX;
}

impl Walked {
    /// The index of `root`, adding it.
    fn root_index(&mut self, root: &Path) -> u32 {
        if self.roots.last().is_none_or(|r| r != root) {
            self.roots.push(root.to_path_buf());
        }
        u32::try_from(self.roots.len() - 1).expect("fewer than 4 billion roots")
    }

    /// Appends the input `source_file` at `path`, found under `root` (`None`: keep the path as
    /// given).
    pub(crate) fn push(&mut self, root: Option<&Path>, source_file: &str, path: PathBuf) {
        let start = u32::try_from(self.names.len()).expect("input names take less than 4 GiB");
        let len = u32::try_from(source_file.len()).expect("a name is shorter than 4 GiB");
        self.names.push_str(source_file);
        let (root, joined) = match root {
            Some(root) => (self.root_index(root), root.join(source_file) == path),
            None => (0, false),
        };
        let path = if joined {
            Entry::JOINED
        } else {
            self.paths.push(path);
            u32::try_from(self.paths.len() - 1).expect("fewer than 4 billion paths")
        };
        self.entries.push(Entry {
            start,
            len,
            root,
            path,
        });
    }

    fn name(&self, entry: &Entry) -> &str {
        &self.names[entry.start as usize..(entry.start + entry.len) as usize]
    }

    /// Sorts by `source_file` (stable).
    pub(crate) fn sort(&mut self) {
        let names = std::mem::take(&mut self.names);
        let name = |e: &Entry| &names[e.start as usize..(e.start + e.len) as usize];
        self.entries.sort_by(|a, b| name(a).cmp(name(b)));
        self.names = names;
    }

    /// True when two neighbours have the same `source_file`.
    pub(crate) fn has_equal_neighbours(&self) -> bool {
        self.entries
            .windows(2)
            .any(|w| self.name(&w[0]) == self.name(&w[1]))
    }

    /// Every input, in list order.
    pub(crate) fn to_vec(&self) -> Vec<Input> {
        self.entries
            .iter()
            .map(|entry| {
                let source_file = self.name(entry).to_string();
                let path = match entry.path {
                    Entry::JOINED => self.roots[entry.root as usize].join(&source_file),
                    k => self.paths[k as usize].clone(),
                };
                Input { path, source_file }
            })
            .collect()
    }

    /// The list the run keeps, in this list's order.
    pub(crate) fn into_list(self) -> InputList {
        let mut out = Encoder::default();
        let mut paths = self.paths.into_iter().map(Some).collect::<Vec<_>>();
        for entry in &self.entries {
            let name = &self.names[entry.start as usize..(entry.start + entry.len) as usize];
            let place = match entry.path {
                Entry::JOINED => Place::Joined(&self.roots[entry.root as usize]),
                k => Place::Apart(paths[k as usize].take().unwrap_or_default()),
            };
            out.push(name, place);
        }
        out.finish()
    }
}

/// Takes the inputs a walk finds, one by one.
pub(crate) trait Collect {
    /// Takes the input `source_file` at `path`, found under `root` (`None`: keep the path as
    /// given).
    fn push(&mut self, root: Option<&Path>, source_file: &str, path: PathBuf);
}

impl Collect for Walked {
    fn push(&mut self, root: Option<&Path>, source_file: &str, path: PathBuf) {
        Walked::push(self, root, source_file, path);
    }
}

/// Builds the [`InputList`] of a walk that finds its inputs already in `source_file` order (one
/// folder walked in the order of `pipeline::walk`), so that no plain list is held and sorted
/// first. It notes whether the names came in order and whether two neighbours were equal; when
/// either is not as expected, the caller sorts it out on plain inputs.
#[derive(Default)]
pub(crate) struct InOrder {
    out: Encoder,
    unsorted: bool,
    equal_neighbours: bool,
}

impl InOrder {
    /// True when every name came after the one before it (equal ones included).
    pub(crate) fn sorted(&self) -> bool {
        !self.unsorted
    }

    /// True when two neighbours have the same `source_file`.
    pub(crate) fn has_equal_neighbours(&self) -> bool {
        self.equal_neighbours
    }

    /// The list, in the order the inputs came.
    pub(crate) fn finish(self) -> InputList {
        self.out.finish()
    }
}

impl Collect for InOrder {
    fn push(&mut self, root: Option<&Path>, source_file: &str, path: PathBuf) {
        if self.out.list.len > 0 {
            match self.out.last.as_str().cmp(source_file) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => self.equal_neighbours = true,
                std::cmp::Ordering::Greater => self.unsorted = true,
            }
        }
        let place = match root {
            Some(root) if root.join(source_file) == path => Place::Joined(root),
            _ => Place::Apart(path),
        };
        self.out.push(source_file, place);
    }
}

/// Where an input's file is, for [`Encoder::push`].
enum Place<'a> {
    /// Its root joined with its `source_file`.
    Joined(&'a Path),
    /// This path.
    Apart(PathBuf),
}

/// The inputs of a run in input order, front-coded (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputList {
    /// The names, block by block: for each name, the count of leading bytes it shares with the
    /// name before it in its block, the count of the bytes that follow, then those bytes. A block
    /// starts with a whole name. Each count is one byte, or 255 and four bytes little-endian.
    coded: Vec<u8>,
    /// Where each block of [`BLOCK`] names starts in `coded`.
    blocks: Vec<usize>,
    len: usize,
    /// The distinct roots, in order of first use.
    roots: Vec<PathBuf>,
    /// `(first input, root)` where the root of the joined inputs changes, by input.
    root_runs: Vec<(usize, usize)>,
    /// The inputs whose path is not their root joined with their name, by input.
    apart: Vec<(usize, PathBuf)>,
}

/// Builds an [`InputList`] input by input.
#[derive(Default)]
struct Encoder {
    list: InputList,
    /// The last name pushed.
    last: String,
}

impl Encoder {
    fn push(&mut self, name: &str, place: Place<'_>) {
        let list = &mut self.list;
        let i = list.len;
        let shared = if i % BLOCK == 0 {
            list.blocks.push(list.coded.len());
            0
        } else {
            common_prefix(&self.last, name)
        };
        put_count(&mut list.coded, shared);
        put_count(&mut list.coded, name.len() - shared);
        list.coded.extend_from_slice(&name.as_bytes()[shared..]);
        self.last.clear();
        self.last.push_str(name);
        match place {
            Place::Joined(root) => {
                let r = match list.roots.iter().position(|known| known == root) {
                    Some(r) => r,
                    None => {
                        list.roots.push(root.to_path_buf());
                        list.roots.len() - 1
                    }
                };
                if list.root_runs.last().is_none_or(|&(_, last)| last != r) {
                    list.root_runs.push((i, r));
                }
            }
            Place::Apart(path) => list.apart.push((i, path)),
        }
        list.len += 1;
    }

    fn finish(self) -> InputList {
        let mut list = self.list;
        list.coded.shrink_to_fit();
        list.blocks.shrink_to_fit();
        list.roots.shrink_to_fit();
        list.root_runs.shrink_to_fit();
        list.apart.shrink_to_fit();
        list
    }
}

/// Bytes `a` and `b` share at their start, cut back to a character boundary of `b`.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn put_count(out: &mut Vec<u8>, n: usize) {
    match u8::try_from(n) {
        Ok(small) if small < u8::MAX => out.push(small),
        _ => {
            out.push(u8::MAX);
            let n = u32::try_from(n).expect("a name is shorter than 4 GiB");
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
}

fn take_count(coded: &[u8], at: &mut usize) -> usize {
    let first = coded[*at];
    *at += 1;
    if first < u8::MAX {
        return usize::from(first);
    }
    let bytes: [u8; 4] = coded[*at..*at + 4].try_into().expect("four bytes");
    *at += 4;
    u32::from_le_bytes(bytes) as usize
}

/// Reads the names of an [`InputList`] one after the other, from the start of a block.
struct Names<'a> {
    coded: &'a [u8],
    at: usize,
    name: String,
}

impl Names<'_> {
    /// Moves to the next name.
    fn advance(&mut self) {
        let shared = take_count(self.coded, &mut self.at);
        let rest = take_count(self.coded, &mut self.at);
        let bytes = &self.coded[self.at..self.at + rest];
        self.at += rest;
        self.name.truncate(shared);
        // Every name was a `str` cut at a character boundary, so the bytes are UTF-8.
        self.name
            .push_str(std::str::from_utf8(bytes).expect("names are UTF-8"));
    }
}

impl InputList {
    /// The list of `inputs`, in their order.
    pub fn from_inputs(inputs: Vec<Input>) -> Self {
        let mut out = Encoder::default();
        for input in inputs {
            out.push(&input.source_file, Place::Apart(input.path));
        }
        out.finish()
    }

    /// Number of inputs.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no inputs.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A reader positioned on input `i`.
    fn names_at(&self, i: usize) -> Names<'_> {
        let block = i / BLOCK;
        let mut names = Names {
            coded: &self.coded,
            at: self.blocks[block],
            name: String::new(),
        };
        for _ in block * BLOCK..=i {
            names.advance();
        }
        names
    }

    /// The path of input `i`, named `source_file`.
    fn path(&self, i: usize, source_file: &str) -> PathBuf {
        self.apart_path(i)
            .cloned()
            .unwrap_or_else(|| self.root(i).join(source_file))
    }

    /// The path of input `i` when it is not its root joined with its name.
    fn apart_path(&self, i: usize) -> Option<&PathBuf> {
        let k = self.apart.binary_search_by_key(&i, |(at, _)| *at).ok()?;
        Some(&self.apart[k].1)
    }

    /// The root of input `i`, when its path is its root joined with its name.
    fn root(&self, i: usize) -> &Path {
        let run = self.root_runs.partition_point(|&(first, _)| first <= i);
        run.checked_sub(1)
            .map_or(Path::new(""), |r| &self.roots[self.root_runs[r].1])
    }

    /// The `source_file` of input `i`.
    ///
    /// # Panics
    /// When `i` is not below [`InputList::len`].
    pub fn source_file(&self, i: usize) -> String {
        assert!(i < self.len, "input {i} of {}", self.len);
        self.names_at(i).name
    }

    /// Input `i`.
    ///
    /// # Panics
    /// When `i` is not below [`InputList::len`].
    pub fn get(&self, i: usize) -> Input {
        let source_file = self.source_file(i);
        Input {
            path: self.path(i, &source_file),
            source_file,
        }
    }

    /// Calls `f` with the index and `source_file` of each input of `range`, in order.
    fn each_name(&self, range: std::ops::Range<usize>, mut f: impl FnMut(usize, &str)) {
        if range.is_empty() {
            return;
        }
        let mut names = self.names_at(range.start);
        f(range.start, &names.name);
        for i in range.start + 1..range.end {
            // Blocks lie one after the other, so reading on crosses into the next block.
            names.advance();
            f(i, &names.name);
        }
    }

    /// Inputs `range`, as a vector.
    ///
    /// # Panics
    /// When `range` does not lie within the list.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Vec<Input> {
        assert!(range.end <= self.len, "inputs {range:?} of {}", self.len);
        let mut out = Vec::with_capacity(range.len());
        self.each_name(range, |i, name| {
            out.push(Input {
                path: self.path(i, name),
                source_file: name.to_string(),
            });
        });
        out
    }

    /// Every input, as a vector.
    pub fn to_vec(&self) -> Vec<Input> {
        self.slice(0..self.len)
    }

    /// Keeps the inputs whose `source_file` passes `keep`.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let mut out = Encoder::default();
        self.each_name(0..self.len, |i, name| {
            if keep(name) {
                let place = match self.apart_path(i) {
                    Some(path) => Place::Apart(path.clone()),
                    None => Place::Joined(self.root(i)),
                };
                out.push(name, place);
            }
        });
        *self = out.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, source_file: &str) -> Input {
        Input {
            path: PathBuf::from(path),
            source_file: source_file.into(),
        }
    }

    /// A sorted walk of `names` under the roots `r1` (first half) and `r2`, with one input
    /// whose path is apart.
    fn walked(names: &[String]) -> (Walked, Vec<Input>) {
        let mut walked = Walked::default();
        let mut want = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let root = if i < names.len() / 2 { "/r1" } else { "/r2" };
            let path = if i == 3 {
                PathBuf::from("/elsewhere/x.txt")
            } else {
                Path::new(root).join(name)
            };
            walked.push(Some(Path::new(root)), name, path.clone());
            want.push(Input {
                path,
                source_file: name.clone(),
            });
        }
        (walked, want)
    }

    #[test]
    fn every_input_comes_back_whole_by_index_and_by_slice() {
        let mut names: Vec<String> = (0..300)
            .map(|i| format!("{:04}/{:07}.txt", i / 70, i))
            .collect();
        names.push("caf\u{e9}/na\u{ef}ve \u{2014} \u{201c}q\u{201d}.txt".into());
        names.push("caf\u{e9}/na\u{ef}ve \u{2014} \u{201c}r\u{201d}.txt".into());
        names.push("x".repeat(300));
        names.push(format!("{}y", "x".repeat(299)));
        names.push(String::new());
        let (walked, want) = walked(&names);
        let list = walked.into_list();
        assert_eq!(list.len(), want.len());
        assert_eq!(list.to_vec(), want);
        for (i, input) in want.iter().enumerate() {
            assert_eq!(list.get(i), *input, "input {i}");
            assert_eq!(list.source_file(i), input.source_file);
        }
        for start in [0, 1, 63, 64, 65, 127, 128, 200] {
            for len in [0, 1, 2, 64, 130] {
                let end = (start + len).min(want.len());
                assert_eq!(list.slice(start..end), want[start..end], "{start}..{end}");
            }
        }
    }

    #[test]
    fn shared_prefixes_are_stored_once() {
        let names: Vec<String> = (0..1000).map(|i| format!("0000/{i:07}.txt")).collect();
        let (walked, _) = walked(&names);
        let list = walked.into_list();
        let whole: usize = names.iter().map(String::len).sum();
        assert!(
            list.coded.len() * 2 < whole,
            "{} coded bytes for {whole} bytes of names",
            list.coded.len()
        );
    }

    #[test]
    fn sorting_and_equal_neighbours() {
        let mut walked = Walked::default();
        for name in ["b.txt", "a.txt", "b.txt"] {
            walked.push(None, name, PathBuf::from(name));
        }
        walked.sort();
        assert!(walked.has_equal_neighbours());
        let names: Vec<_> = walked.to_vec().into_iter().map(|i| i.source_file).collect();
        assert_eq!(names, ["a.txt", "b.txt", "b.txt"]);
    }

    #[test]
    fn retain_keeps_names_roots_and_paths() {
        let names: Vec<String> = (0..200).map(|i| format!("d/{i:03}.txt")).collect();
        let (walked, want) = walked(&names);
        let mut list = walked.into_list();
        list.retain(|name| name.ends_with("3.txt") || name.ends_with("9.txt"));
        let kept: Vec<Input> = want
            .into_iter()
            .filter(|i| i.source_file.ends_with("3.txt") || i.source_file.ends_with("9.txt"))
            .collect();
        assert_eq!(list.to_vec(), kept);
        assert!(kept.iter().any(|i| i.path == Path::new("/elsewhere/x.txt")));
        let mut none = list.clone();
        none.retain(|_| false);
        assert!(none.is_empty());
        assert_eq!(none.to_vec(), []);
    }

    #[test]
    fn from_inputs_keeps_every_path() {
        let inputs = vec![
            input("/a/one.txt", "one.txt"),
            input("/b/two.txt", "t/two.txt"),
        ];
        assert_eq!(InputList::from_inputs(inputs.clone()).to_vec(), inputs);
    }
}
