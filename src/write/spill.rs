//! The Parquet row group being written, buffered in a temporary file instead of on the heap.
//!
//! A Parquet file stores each column of a row group contiguously, while rows arrive with all
//! columns interleaved, so the writer must keep every completed page of the open row group until
//! the row group closes. Held on the heap, that buffer grows with the row group (up to
//! [`super::parquet::ROW_GROUP_BYTES`] per open file, plus the allocator's share), so a run's
//! memory would depend on how far the row groups have filled. [`SpillFactory`] gives the writer
//! page stores that append each page to one unnamed temporary file in the output folder and read
//! it back when the row group is written out; the file is emptied each time the last buffered page
//! is taken. Memory then holds one open page per column, whatever the row group size.
//!
//! The bytes of the Parquet file do not change: row groups are cut by the writer's estimate of
//! their encoded size, which does not depend on where the pages wait.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use ::parquet::arrow::arrow_writer::{PageKey, PageStore, PageStoreArgs, PageStoreFactory};
use ::parquet::errors::{ParquetError, Result};
use bytes::Bytes;

/// The page stores of one Parquet file, all backed by one temporary file.
#[derive(Debug)]
pub(crate) struct SpillFactory {
    spill: Arc<Mutex<Spill>>,
}

impl SpillFactory {
    /// Creates the temporary file in `dir`. It has no name on Linux (`O_TMPFILE`) and is removed
    /// at once elsewhere, so nothing is left behind, even if the run is killed.
    ///
    /// # Errors
    ///
    /// When `dir` does not take a new file.
    pub(crate) fn new(dir: &Path) -> io::Result<SpillFactory> {
        let file = tempfile::tempfile_in(dir)?;
        Ok(SpillFactory {
            spill: Arc::new(Mutex::new(Spill {
                file,
                end: 0,
                live: 0,
            })),
        })
    }

    /// An empty store for one column chunk.
    fn store(&self) -> SpillStore {
        SpillStore {
            spill: Arc::clone(&self.spill),
            pages: Vec::new(),
        }
    }
}

impl PageStoreFactory for SpillFactory {
    fn create(&self, _args: &PageStoreArgs<'_>) -> Result<Box<dyn PageStore>> {
        Ok(Box::new(self.store()))
    }
}

/// The temporary file shared by the column chunks of one Parquet file.
#[derive(Debug)]
struct Spill {
    file: File,
    /// Where the next page goes.
    end: u64,
    /// Pages written and not yet taken back.
    live: usize,
}

impl Spill {
    /// Appends `page`, returning its offset.
    fn put(&mut self, page: &[u8]) -> io::Result<u64> {
        let at = self.end;
        self.file.seek(SeekFrom::Start(at))?;
        self.file.write_all(page)?;
        self.end += page.len() as u64;
        self.live += 1;
        Ok(at)
    }

    /// Reads back the `len` bytes at `at`. Once every page is taken back (the row group has been
    /// written out), the file is emptied, so it never holds more than one row group.
    fn take(&mut self, at: u64, len: usize) -> io::Result<Vec<u8>> {
        let mut page = vec![0; len];
        self.file.seek(SeekFrom::Start(at))?;
        self.file.read_exact(&mut page)?;
        self.live = self.live.saturating_sub(1);
        if self.live == 0 {
            self.file.set_len(0)?;
            self.end = 0;
        }
        Ok(page)
    }
}

/// The pages of one column chunk: where each lies in the shared file.
struct SpillStore {
    spill: Arc<Mutex<Spill>>,
    /// Offset and length of each page, by key.
    pages: Vec<(u64, usize)>,
}

impl SpillStore {
    fn spill(&self) -> Result<MutexGuard<'_, Spill>> {
        // A column writer is used by one thread at a time, so the lock is never contended; it is
        // poisoned only if a writer panicked, and then the file is abandoned anyway.
        self.spill
            .lock()
            .map_err(|_| ParquetError::General("the page buffer file is unusable".into()))
    }
}

impl PageStore for SpillStore {
    fn put(&mut self, value: Bytes) -> Result<PageKey> {
        let at = self.spill()?.put(&value)?;
        let key = PageKey::new(self.pages.len() as u64);
        self.pages.push((at, value.len()));
        Ok(key)
    }

    fn take(&mut self, key: PageKey) -> Result<Bytes> {
        let (at, len) = usize::try_from(key.get())
            .ok()
            .and_then(|i| self.pages.get(i).copied())
            .ok_or_else(|| ParquetError::General(format!("no buffered page {}", key.get())))?;
        Ok(Bytes::from(self.spill()?.take(at, len)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_len(factory: &SpillFactory) -> u64 {
        factory.spill.lock().unwrap().file.metadata().unwrap().len()
    }

    #[test]
    fn pages_of_interleaved_columns_come_back_whole_and_the_file_empties() {
        let dir = tempfile::tempdir().unwrap();
        let factory = SpillFactory::new(dir.path()).unwrap();
        let (mut a, mut b) = (factory.store(), factory.store());
        let a0 = a.put(Bytes::from_static(b"first page of a")).unwrap();
        let b0 = b.put(Bytes::from_static(b"b")).unwrap();
        let a1 = a.put(Bytes::new()).unwrap();
        let a2 = a.put(Bytes::from(vec![7u8; 70_000])).unwrap();
        assert_eq!(file_len(&factory), 15 + 1 + 70_000);
        assert_eq!(&a.take(a0).unwrap()[..], b"first page of a");
        assert!(a.take(a1).unwrap().is_empty());
        assert_eq!(a.take(a2).unwrap(), vec![7u8; 70_000]);
        assert_eq!(
            file_len(&factory),
            15 + 1 + 70_000,
            "b's page is still buffered"
        );
        assert_eq!(&b.take(b0).unwrap()[..], b"b");
        assert_eq!(file_len(&factory), 0);
        // The next row group starts at the beginning again.
        let k = a.put(Bytes::from_static(b"next")).unwrap();
        assert_eq!(&a.take(k).unwrap()[..], b"next");
    }

    #[test]
    fn an_unknown_key_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let factory = SpillFactory::new(dir.path()).unwrap();
        let mut s = factory.store();
        assert!(s.take(PageKey::new(3)).is_err());
        assert!(s.take(PageKey::new(u64::MAX)).is_err());
    }

    #[test]
    fn the_temporary_file_leaves_no_name_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let _factory = SpillFactory::new(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
