//! Sharded runs (`--shard K/N`): N workers (a Kubernetes Indexed Job, a Slurm array, an Airflow
//! mapped task) each take the inputs whose path hash falls in their shard and write part files
//! named by shard into one shared folder, which Spark, Trino, DuckDB and polars read as one table
//! per folder (`DIR/parquet/<table>/part-K-of-N.parquet`).
//!
//! The shard of an input depends on its `source_file` only (the same SHA-256 that gives its
//! release id), so it is the same on every machine and every run, and every input falls in
//! exactly one shard. K counts from 0, like a Kubernetes `JOB_COMPLETION_INDEX`.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// One shard of a sharded run: worker `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    /// This worker's shard, `0 <= index < count`.
    pub index: u32,
    /// How many shards the inputs are split into.
    pub count: u32,
}

impl Shard {
    /// The stem of this shard's files: `part-K-of-N`.
    pub fn part_name(&self) -> String {
        format!("part-{}-of-{}", self.index, self.count)
    }

    /// True when the input named `source_file` belongs to this shard.
    pub fn contains(&self, source_file: &str) -> bool {
        shard_of(source_file, self.count) == self.index
    }

    /// True when `file_name` is a part file (`part-K-of-M.<ext>`) of a run split into another
    /// number of shards than this one: such files are left over from an earlier layout.
    pub fn is_other_layout(&self, file_name: &str) -> bool {
        parse_part_name(file_name).is_some_and(|(_, count)| count != self.count)
    }

    /// True when `file_name` is this shard's part file, whatever its extension.
    pub fn is_mine(&self, file_name: &str) -> bool {
        parse_part_name(file_name) == Some((self.index, self.count))
    }
}

/// The shard (out of `count`) of the input named `source_file`: the first 8 bytes of the SHA-256
/// of the name, big-endian, modulo `count`.
pub fn shard_of(source_file: &str, count: u32) -> u32 {
    let digest = Sha256::digest(source_file.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let n = u64::from_be_bytes(first) % u64::from(count.max(1));
    u32::try_from(n).expect("a remainder modulo a u32 fits in a u32")
}

/// `(K, N)` of a part file name `part-K-of-N.<ext>` (any extension).
fn parse_part_name(file_name: &str) -> Option<(u32, u32)> {
    let stem = file_name.strip_prefix("part-")?;
    let stem = stem.split('.').next()?;
    let (k, n) = stem.split_once("-of-")?;
    Some((k.parse().ok()?, n.parse().ok()?))
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// Reads `K/N` with `0 <= K < N`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let usage = || format!("'{text}' is not K/N with 0 <= K < N (for example 0/4)");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let index: u32 = k.trim().parse().map_err(|_| usage())?;
        let count: u32 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index >= count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("0/1".parse(), Ok(Shard { index: 0, count: 1 }));
        for bad in ["4/4", "1/0", "x/2", "3", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert_eq!(Shard { index: 1, count: 3 }.to_string(), "1/3");
    }

    #[test]
    fn shard_puts_every_input_in_exactly_one_shard() {
        let shards: Vec<Shard> = (0..4).map(|index| Shard { index, count: 4 }).collect();
        let mut sizes = [0usize; 4];
        for i in 0..400 {
            let name = format!("2026/{i:04}.txt");
            let owners: Vec<&Shard> = shards.iter().filter(|s| s.contains(&name)).collect();
            assert_eq!(owners.len(), 1, "{name}");
            sizes[owners[0].index as usize] += 1;
        }
        // A hash spreads 400 names over 4 shards roughly evenly.
        assert!(sizes.iter().all(|&n| (60..=140).contains(&n)), "{sizes:?}");
    }

    #[test]
    fn shard_of_is_stable() {
        // Fixed values (checked with Python's hashlib): the split must never change between
        // versions or machines, or a rerun would move inputs between shards.
        assert_eq!(shard_of("a.txt", 1), 0);
        assert_eq!(shard_of("a.txt", 4), 1);
        assert_eq!(shard_of("a.txt", 7), 2);
        assert_eq!(shard_of("2026/0001.txt", 4), 3);
        assert_eq!(shard_of("b.txt", 7), 1);
    }

    #[test]
    fn shard_recognizes_part_file_names() {
        let s = Shard { index: 1, count: 4 };
        assert_eq!(s.part_name(), "part-1-of-4");
        assert!(s.is_mine("part-1-of-4.csv"));
        assert!(!s.is_mine("part-2-of-4.csv"));
        assert!(s.is_other_layout("part-0-of-8.parquet"));
        assert!(!s.is_other_layout("part-3-of-4.parquet"));
        assert!(!s.is_other_layout("releases.csv"));
        assert!(!s.is_other_layout("part-0.parquet"));
    }
}
