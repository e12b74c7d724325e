//! Where a run's chunks go as they complete: the table files ([`TableWriters`]), the new input
//! cache, the spool of the manifest's input records and the run's [`Summary`]. Nothing here holds
//! more than one chunk, so a run's memory does not grow with its inputs.

use std::fs::{self, File};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::incremental::{Chunk, Sink};
use crate::manifest::{HashingWriter, InputSpool};
use crate::summary::Summary;
use crate::write::stream::{Layout, TableWriters, Written};
use crate::write::writeback::Writeback;
use crate::write::{Format, WriteOptions};

/// The zstd level of the cache: level 1 compresses the cache's postcard records about six times
/// (2,000 generated releases: 29.1 MB to 4.8 MB).
pub const CACHE_ZSTD_LEVEL: i32 = 1;

/// The input cache: a JSON header line, then length-prefixed postcard records (the layout of
/// [`crate::incremental`]), compressed as one zstd stream, written chunk by chunk under a
/// temporary name and renamed when complete. Its size and hash are those of the compressed file.
pub(crate) struct CacheFile {
    path: PathBuf,
    tmp: PathBuf,
    out: zstd::stream::write::Encoder<'static, BufWriter<HashingWriter<Writeback>>>,
}

impl CacheFile {
    pub(crate) fn create(path: PathBuf, first_line: &str) -> Result<Self, Error> {
        let err = |p: &Path| {
            let p = p.to_path_buf();
            move |source| Error::WriteOutput { path: p, source }
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(err(parent))?;
        }
        let tmp = crate::write::tmp_path(&path);
        let file = File::create(&tmp).map_err(err(&tmp))?;
        let buffered =
            BufWriter::with_capacity(256 * 1024, HashingWriter::new(Writeback::new(file)));
        let mut out =
            zstd::stream::write::Encoder::new(buffered, CACHE_ZSTD_LEVEL).map_err(err(&tmp))?;
        // A checksum per frame: a damaged cache is detected, not misread.
        out.include_checksum(true).map_err(err(&tmp))?;
        writeln!(out, "{first_line}").map_err(err(&tmp))?;
        Ok(CacheFile { path, tmp, out })
    }

    pub(crate) fn append(&mut self, records: &[Vec<u8>]) -> Result<(), Error> {
        let err = |source| Error::WriteOutput {
            path: self.tmp.clone(),
            source,
        };
        for record in records {
            crate::incremental::write_record(&mut self.out, record).map_err(err)?;
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<Written, Error> {
        let err = |source| Error::WriteOutput {
            path: self.path.clone(),
            source,
        };
        let (file, bytes, sha256) = self
            .out
            .finish()
            .map_err(err)?
            .into_inner()
            .map_err(|e| err(e.into_error()))?
            .finish();
        let file = file.into_inner();
        file.sync_all().map_err(err)?;
        drop(file);
        fs::rename(&self.tmp, &self.path).map_err(err)?;
        Ok(Written {
            path: self.path,
            bytes,
            sha256,
        })
    }
}

/// What a run keeps of its chunks (see the module documentation).
#[derive(Default)]
pub struct RunSink {
    tables: Option<TableWriters>,
    cache: Option<CacheFile>,
    spool: Option<InputSpool>,
    summary: Summary,
}

/// What a finished [`RunSink`] wrote.
#[derive(Debug, Clone, Default)]
pub struct SinkDone {
    /// The summary of every row.
    pub summary: Summary,
    /// The table files, sorted, with their sizes and hashes.
    pub tables: Vec<Written>,
    /// The cache file, when one was written.
    pub cache: Option<Written>,
    /// The spool of input records, when one was kept.
    pub spool: Option<PathBuf>,
}

impl RunSink {
    /// A sink that only summarizes (`check`).
    pub fn summary_only() -> Self {
        RunSink::default()
    }

    /// A sink that writes the tables in `formats` under `out_dir` as `layout` says, the cache
    /// records to `cache` (a zstd stream starting with the header line `cache_header`) and the
    /// input records to the spool file `spool`.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] or [`Error::WriteTable`] when a file cannot be created.
    pub fn create(
        out_dir: &Path,
        formats: &[Format],
        options: &WriteOptions,
        layout: Layout,
        cache: Option<(PathBuf, String)>,
        spool: PathBuf,
    ) -> Result<Self, Error> {
        Ok(RunSink {
            tables: Some(TableWriters::create(out_dir, formats, options, layout)?),
            cache: cache
                .map(|(path, header)| CacheFile::create(path, &header))
                .transpose()?,
            spool: Some(InputSpool::create(spool)?),
            summary: Summary::default(),
        })
    }

    /// Completes every file.
    ///
    /// # Errors
    /// [`Error::WriteOutput`] or [`Error::WriteTable`] when a file cannot be completed.
    pub fn finish(self) -> Result<SinkDone, Error> {
        Ok(SinkDone {
            tables: self
                .tables
                .map(TableWriters::finish_hashed)
                .transpose()?
                .unwrap_or_default(),
            cache: self.cache.map(CacheFile::finish).transpose()?,
            spool: self.spool.map(InputSpool::finish).transpose()?,
            summary: self.summary,
        })
    }
}

impl Sink for RunSink {
    /// The table files take the chunk in parallel with the cache, the spool and the summary.
    fn chunk(&mut self, chunk: Chunk) -> Result<(), Error> {
        let RunSink {
            tables,
            cache,
            spool,
            summary,
        } = self;
        let (tables, rest) = rayon::join(
            || tables.as_mut().map_or(Ok(()), |t| t.append(&chunk.dataset)),
            || -> Result<(), Error> {
                summary.add(&chunk.dataset);
                if let Some(cache) = cache {
                    cache.append(&chunk.cache_records)?;
                }
                if let Some(spool) = spool {
                    spool.append(&chunk.inputs)?;
                }
                Ok(())
            },
        );
        tables.and(rest)
    }
}

impl SinkDone {
    /// The size and hash of every file written, by path (for
    /// [`crate::manifest::output_files_known`]).
    pub fn known(&self) -> std::collections::HashMap<PathBuf, (u64, String)> {
        self.tables
            .iter()
            .chain(&self.cache)
            .map(|w| (w.path.clone(), (w.bytes, w.sha256.clone())))
            .collect()
    }
}
