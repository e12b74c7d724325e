//! Output files that start their write-back to disk while the run goes on.
//!
//! Every output file is synced before it is renamed into place, so a completed folder survives a
//! crash. Left alone, the kernel keeps what a run writes in memory until that sync (or until a
//! tenth of the memory is dirty), and the syncs at the end of the run then wait for the disk to
//! take every byte at once: on 10,000 generated releases (409 MiB of tables) that wait was about
//! 0.12 to 0.23 s of a 3.1 s run (benches/RESULTS.md, "Early write-back"). [`Writeback`] asks
//! the kernel to start writing each [`WRITEBACK_BYTES`] as soon as they are written, without
//! waiting for it, so the disk works alongside the extraction and the final sync finds little
//! left to do. Nothing about what is written or when it is durable changes: the sync stays.
//! Elsewhere than on Linux the file is written as is.

use std::fs::File;
use std::io::{self, Write};

/// Bytes written between two requests to start write-back: big enough that the requests cost
/// nothing next to the writing, small enough that the disk starts early.
pub const WRITEBACK_BYTES: u64 = 8 * 1024 * 1024;

/// A file written from its start, whose written bytes are handed to the disk every
/// [`WRITEBACK_BYTES`] (see the module documentation).
#[derive(Debug)]
pub struct Writeback {
    file: File,
    /// Bytes written so far: the file's length, as it is written from its start.
    written: u64,
    /// Where the bytes not yet handed to the disk start.
    pending_from: u64,
}

impl Writeback {
    /// Wraps `file`, which must be empty and is written from its start.
    pub fn new(file: File) -> Self {
        Writeback {
            file,
            written: 0,
            pending_from: 0,
        }
    }

    /// The file, for its final sync.
    pub fn into_inner(self) -> File {
        self.file
    }

    /// Asks the kernel to start writing the pending bytes, and does not wait for it. A refusal
    /// changes nothing that matters: the final sync writes them and reports any error.
    fn start_writeback(&mut self) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let (Ok(from), Ok(len)) = (
                i64::try_from(self.pending_from),
                i64::try_from(self.written - self.pending_from),
            ) else {
                return;
            };
            // SAFETY: sync_file_range only reads its integer arguments; the descriptor is the
            // open file's own, alive while `self.file` is.
            let _ = unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    from,
                    len,
                    libc::SYNC_FILE_RANGE_WRITE,
                )
            };
        }
        self.pending_from = self.written;
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.pending_from >= WRITEBACK_BYTES {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek, SeekFrom};

    #[test]
    fn writes_every_byte_in_order_across_writeback_requests() {
        let mut out = Writeback::new(tempfile::tempfile().unwrap());
        let block: Vec<u8> = (0..=255u8).cycle().take(1_000_003).collect();
        let rounds = 20; // about 19 MiB: two write-back requests
        for _ in 0..rounds {
            out.write_all(&block).unwrap();
        }
        out.flush().unwrap();
        assert_eq!(out.written, rounds * block.len() as u64);
        assert!(
            out.pending_from >= 2 * WRITEBACK_BYTES,
            "two requests were made"
        );
        let mut file = out.into_inner();
        file.sync_all().unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back.len(), block.len() * rounds as usize);
        assert!(back.chunks(block.len()).all(|c| c == block));
    }
}
