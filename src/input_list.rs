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
//! The walk of a folder finds its inputs already in order and hands them to `InOrder`, which
//! front-codes them as they come; the lists of several roots are merged (`InOrder::merge`).

use std::path::{Path, PathBuf};

use crate::pipeline::Input;

/// Names per front-coded block: reading a name decodes at most this many names from its block's
/// start, and each block costs one offset.
pub const BLOCK: usize = 64;

/// Builds the [`InputList`] of inputs that come in `source_file` order (a folder walked in the
/// order of `pipeline::walk`, or the merge of such lists), so that no plain list is held and
/// sorted first. It notes whether the names came in order and whether two neighbours were
/// equal; when either is not as expected, the caller sorts it out on plain inputs.
#[derive(Default)]
pub(crate) struct InOrder {
    out: Encoder,
    unsorted: bool,
    equal_neighbours: bool,
}

impl InOrder {
    /// Takes the input `source_file` at `path`, found under `root` (`None`: keep the path as
    /// given).
    pub(crate) fn push(&mut self, root: Option<&Path>, source_file: &str, path: PathBuf) {
        let place = match root {
            Some(root) if root.join(source_file) == path => Place::Joined(root),
            _ => Place::Apart(path),
        };
        self.push_place(source_file, place);
    }

    fn push_place(&mut self, source_file: &str, place: Place<'_>) {
        if self.out.list.len > 0 {
            match self.out.last.as_str().cmp(source_file) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => self.equal_neighbours = true,
                std::cmp::Ordering::Greater => self.unsorted = true,
            }
        }
        self.out.push(source_file, place);
    }

    /// The inputs of `parts` merged by `source_file`; of equal names, those of an earlier part
    /// come first. The merge is in order when each part was, and notes equal neighbours across
    /// parts.
    pub(crate) fn merge(mut parts: Vec<InOrder>) -> InOrder {
        if parts.len() == 1 {
            return parts.remove(0);
        }
        let parts: Vec<InputList> = parts.into_iter().map(InOrder::finish).collect();
        let mut out = InOrder::default();
        // One reader per part that has inputs left, on its next input.
        let mut heads: Vec<(&InputList, usize, Names<'_>)> = parts
            .iter()
            .filter(|list| list.len > 0)
            .map(|list| (list, 0, list.names_at(0)))
            .collect();
        while !heads.is_empty() {
            let mut first = 0;
            for (k, head) in heads.iter().enumerate().skip(1) {
                if head.2.name < heads[first].2.name {
                    first = k;
                }
            }
            let (list, i, names) = &mut heads[first];
            out.push_place(&names.name, list.place(*i));
            *i += 1;
            if *i < list.len {
                names.advance();
            } else {
                heads.remove(first);
            }
        }
        out
    }

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

    /// Where the file of input `i` is.
    fn place(&self, i: usize) -> Place<'_> {
        match self.apart_path(i) {
            Some(path) => Place::Apart(path.clone()),
            None => Place::Joined(self.root(i)),
        }
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
                out.push(name, self.place(i));
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

    /// `names` as a walk would give them, under the roots `r1` (first half) and `r2`, with one
    /// input whose path is apart.
    fn walked(names: &[String]) -> (InOrder, Vec<Input>) {
        let mut walked = InOrder::default();
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
        let list = walked.finish();
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
        let list = walked.finish();
        let whole: usize = names.iter().map(String::len).sum();
        assert!(
            list.coded.len() * 2 < whole,
            "{} coded bytes for {whole} bytes of names",
            list.coded.len()
        );
    }

    #[test]
    fn merge_orders_parts_and_notes_order_and_equal_names() {
        let part = |names: &[&str], root: &str| {
            let mut part = InOrder::default();
            for name in names {
                part.push(Some(Path::new(root)), name, Path::new(root).join(name));
            }
            part
        };
        let merged = InOrder::merge(vec![
            part(&["a.txt", "c.txt"], "/one"),
            part(&[], "/none"),
            part(&["b.txt", "c.txt", "d.txt"], "/two"),
        ]);
        assert!(merged.sorted() && merged.has_equal_neighbours());
        let got: Vec<_> = merged
            .finish()
            .to_vec()
            .into_iter()
            .map(|i| i.path.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            got,
            [
                "/one/a.txt",
                "/two/b.txt",
                "/one/c.txt",
                "/two/c.txt",
                "/two/d.txt"
            ]
        );
        let merged = InOrder::merge(vec![part(&["a.txt"], "/x"), part(&["b.txt"], "/y")]);
        assert!(merged.sorted() && !merged.has_equal_neighbours());
        let unsorted = part(&["b.txt", "a.txt"], "/x");
        assert!(!unsorted.sorted());
        let merged = InOrder::merge(vec![
            part(&["b.txt", "a.txt"], "/x"),
            part(&["c.txt"], "/y"),
        ]);
        assert!(!merged.sorted());
    }

    #[test]
    fn retain_keeps_names_roots_and_paths() {
        let names: Vec<String> = (0..200).map(|i| format!("d/{i:03}.txt")).collect();
        let (walked, want) = walked(&names);
        let mut list = walked.finish();
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
