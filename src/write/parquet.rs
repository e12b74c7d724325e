//! Parquet writer: the only place pressroom writes Parquet.
//!
//! The Arrow schema is derived from the [`TableDef`] ([`arrow_schema()`]): text columns are
//! `Utf8`, enum columns `Dictionary<Int32, Utf8>` (pandas reads them as `category`, polars as
//! `Categorical`), integers `Int64`, floats `Float64`, instants `Timestamp(Microsecond, "UTC")`
//! and text lists `List<Utf8>` with non-null items; nullability comes from the table definition
//! and each field carries its description in the field metadata key `description` (stored in the
//! file with the Arrow schema). Files are ZSTD compressed with page-level column statistics, row
//! groups of at most [`ROW_GROUP_ROWS`] rows and [`ROW_GROUP_BYTES`] bytes (several row groups let
//! Spark, Trino and DuckDB split a big table between workers; one group per small table keeps
//! files compact), `created_by` is `pressroom <version>` and the key-value metadata holds
//! `schema_version` and `table`. Nothing time- or host-dependent is written, so the same rows
//! give the same bytes.
//!
//! Two layouts: one file per table ([`write_table`], `DIR/parquet/<table>.parquet`) or, with
//! `--partition-by year`, a Hive-partitioned folder per table ([`write_partitioned`],
//! `DIR/parquet/<table>/year=YYYY/part-0.parquet`) that Spark, Trino, DuckDB, polars and pyarrow
//! read as one table with a `year` column taken from the folder names.
//!
//! Which rows and files to write, and which year a row belongs to, is left to
//! [`crate::write::write_dataset`].

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ::parquet::arrow::ArrowWriter;
use ::parquet::basic::{Compression, ZstdLevel};
use ::parquet::file::metadata::KeyValue;
use ::parquet::file::properties::{EnabledStatistics, WriterProperties};
use arrow_array::builder::{
    Float64Builder, Int64Builder, ListBuilder, StringBuilder, StringDictionaryBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, FieldRef, Schema, SchemaRef, TimeUnit};

use crate::error::{BoxError, Error};
use crate::schema::{Cell, ColType, Column, Record, SCHEMA_VERSION, TableDef};

/// Rows per Arrow record batch: bounds the memory of one conversion step.
const BATCH_ROWS: usize = 8192;

/// Most rows in one row group. Readers parallelise over row groups and read their statistics to
/// skip them; 64 Ki rows keeps groups big enough to compress well and small enough to split.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// Most bytes in one row group (estimated, encoded): the `releases` table holds whole bodies, so
/// a group closes at 128 MiB even before [`ROW_GROUP_ROWS`] rows, as Spark and Trino recommend.
pub const ROW_GROUP_BYTES: usize = 128 * 1024 * 1024;

/// The partition column of the partitioned layout.
pub const PARTITION_COLUMN: &str = "year";

/// The Hive folder value of rows that have no year (releases without a date and their child
/// rows): Spark, Trino, DuckDB, polars and pyarrow read it as null.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// The name of the one file in each partition folder.
pub const PART_FILE: &str = "part-0.parquet";

/// Field metadata key holding a column's description.
pub const DESCRIPTION_KEY: &str = "description";
/// Key-value metadata key holding [`SCHEMA_VERSION`].
pub const SCHEMA_VERSION_KEY: &str = "schema_version";
/// Key-value metadata key holding the table name.
pub const TABLE_KEY: &str = "table";

/// The Arrow schema of `table`: one field per column, in order, with type, nullability and
/// description (field metadata `description`). The schema metadata holds `schema_version` and
/// `table`.
pub fn arrow_schema(table: &TableDef) -> Schema {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|column| {
            Field::new(column.name, data_type(column.ty), column.nullable)
                .with_metadata([(DESCRIPTION_KEY, column.description)])
        })
        .collect();
    Schema::new(fields).with_metadata([
        (SCHEMA_VERSION_KEY, SCHEMA_VERSION),
        (TABLE_KEY, table.name),
    ])
}

/// The Arrow type of a column type.
fn data_type(ty: ColType) -> DataType {
    match ty {
        ColType::Text => DataType::Utf8,
        ColType::Enum(_) => {
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
        }
        ColType::Int => DataType::Int64,
        ColType::Float => DataType::Float64,
        ColType::TimestampUtc => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        ColType::TextList => DataType::List(list_item()),
    }
}

/// The item field of a text list: non-null UTF-8 named `item`.
fn list_item() -> FieldRef {
    Arc::new(Field::new_list_field(DataType::Utf8, false))
}

/// The writer settings of every Parquet file (STYLE.md section 8), plus the table name.
fn writer_properties(table: &TableDef) -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_created_by(format!("pressroom {}", env!("CARGO_PKG_VERSION")))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
        .set_key_value_metadata(Some(vec![
            KeyValue::new(SCHEMA_VERSION_KEY.to_string(), SCHEMA_VERSION.to_string()),
            KeyValue::new(TABLE_KEY.to_string(), table.name.to_string()),
        ]))
        .build()
}

/// Writes `rows` as a Parquet file at `path` (through `<path>.tmp` and a rename). An empty table
/// gives a file with the schema and no rows.
///
/// # Errors
///
/// [`Error::WriteTable`] when the file cannot be written or a row's cell does not fit its column.
pub fn write_table<R: Record>(path: &Path, rows: &[R]) -> Result<(), Error> {
    super::write_file(R::TABLE.name, path, |out| write_rows(out, rows))
}

/// Writes a whole Parquet file holding `rows` to `out`.
///
/// # Errors
///
/// The I/O or Parquet error, or a message naming the row and column whose cell does not fit.
pub fn write_rows<R: Record, W: Write + Send>(out: W, rows: &[R]) -> Result<(), BoxError> {
    let schema: SchemaRef = Arc::new(arrow_schema(R::TABLE));
    let props = writer_properties(R::TABLE);
    let mut writer = ArrowWriter::try_new(out, Arc::clone(&schema), Some(props))?;
    for (n, chunk) in rows.chunks(BATCH_ROWS).enumerate() {
        let batch = record_batch(&schema, chunk, n * BATCH_ROWS)?;
        writer.write(&batch)?;
    }
    writer.close()?;
    Ok(())
}

/// A borrowed row is a row of the same table, so a partition can be written from references
/// without copying the rows.
impl<R: Record> Record for &R {
    const TABLE: &'static TableDef = R::TABLE;
    fn cell(&self, col: usize) -> Cell<'_> {
        (**self).cell(col)
    }
}

/// The folder name of a partition: `year=2026`, or `year=__HIVE_DEFAULT_PARTITION__` for `None`.
pub fn partition_dir_name(year: Option<i32>) -> String {
    match year {
        Some(year) => format!("{PARTITION_COLUMN}={year}"),
        None => format!("{PARTITION_COLUMN}={NULL_PARTITION}"),
    }
}

/// Writes `rows` as a Hive-partitioned folder `dir/<table>/year=YYYY/part-0.parquet`, one folder
/// per distinct `year_of(row)` (`None` goes to `year=__HIVE_DEFAULT_PARTITION__`), rows in their
/// given order within each file. The files hold the table's columns only: readers add `year`
/// from the folder names. An empty table gets one file with no rows in the null partition, so
/// its schema stays readable. See [`write_folder`] for how the folder replaces an older one.
///
/// Returns the written files, sorted.
///
/// # Errors
///
/// [`Error::WriteOutput`] when a folder cannot be created, removed or renamed;
/// [`Error::WriteTable`] when a file cannot be written or a row does not fit its column.
pub fn write_partitioned<R: Record>(
    dir: &Path,
    rows: &[R],
    year_of: impl Fn(&R) -> Option<i32>,
) -> Result<Vec<PathBuf>, Error> {
    let mut parts: BTreeMap<Option<i32>, Vec<&R>> = BTreeMap::new();
    for row in rows {
        parts.entry(year_of(row)).or_default().push(row);
    }
    if parts.is_empty() {
        parts.insert(None, Vec::new());
    }
    let parts = parts
        .into_iter()
        .map(|(year, rows)| (Some(partition_dir_name(year)), rows))
        .collect();
    write_folder(dir, parts)
}

/// Writes `rows` of a table that has no partition key (`rejects`: a file that did not parse has
/// no date) as `dir/<table>/part-0.parquet`, so every table of the partitioned layout is a folder
/// read the same way. See [`write_folder`].
///
/// Returns the written file.
///
/// # Errors
///
/// As [`write_partitioned`].
pub fn write_unpartitioned_folder<R: Record>(
    dir: &Path,
    rows: &[R],
) -> Result<Vec<PathBuf>, Error> {
    write_folder(dir, vec![(None, rows.iter().collect())])
}

/// Writes one `part-0.parquet` per entry of `parts` under `dir/<table>/<folder>` (or right in
/// `dir/<table>` for `None`). The folder is built as `dir/<table>.tmp` and renamed over
/// `dir/<table>` when complete, so a partition that no longer has rows does not linger from an
/// earlier run; a flat `dir/<table>.parquet` from an earlier unpartitioned run is removed.
fn write_folder<R: Record>(
    dir: &Path,
    parts: Vec<(Option<String>, Vec<&R>)>,
) -> Result<Vec<PathBuf>, Error> {
    let table = R::TABLE;
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::WriteOutput { path, source }
    };
    let final_dir = dir.join(table.name);
    let tmp_dir = super::tmp_path(&final_dir);
    if tmp_dir.exists() {
        fs::remove_dir_all(&tmp_dir).map_err(io_error(&tmp_dir))?;
    }
    let mut relative = Vec::with_capacity(parts.len());
    for (folder, part_rows) in &parts {
        let rel = match folder {
            Some(name) => Path::new(name).join(PART_FILE),
            None => PathBuf::from(PART_FILE),
        };
        let path = tmp_dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        super::write_file(table.name, &path, |out| write_rows(out, part_rows))?;
        relative.push(rel);
    }
    if final_dir.exists() {
        fs::remove_dir_all(&final_dir).map_err(io_error(&final_dir))?;
    }
    fs::rename(&tmp_dir, &final_dir).map_err(io_error(&final_dir))?;
    let flat = dir.join(format!("{}.parquet", table.name));
    if flat.is_file() {
        fs::remove_file(&flat).map_err(io_error(&flat))?;
    }
    let mut paths: Vec<PathBuf> = relative.iter().map(|rel| final_dir.join(rel)).collect();
    paths.sort();
    Ok(paths)
}

/// An Arrow record batch of `rows`, built column by column through [`Record::cell`]. `first_row`
/// is the index of `rows[0]` in the table, for messages.
fn record_batch<R: Record>(
    schema: &SchemaRef,
    rows: &[R],
    first_row: usize,
) -> Result<RecordBatch, BoxError> {
    let columns = R::TABLE
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| column_array(column, rows, i, first_row))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RecordBatch::try_new(Arc::clone(schema), columns)?)
}

/// The Arrow array of column `i` of `rows`.
fn column_array<R: Record>(
    column: &Column,
    rows: &[R],
    i: usize,
    first_row: usize,
) -> Result<ArrayRef, BoxError> {
    let cells = rows.iter().enumerate().map(|(r, row)| {
        let cell = row.cell(i);
        super::check_cell(column, first_row + r, &cell).map(|()| cell)
    });
    let mismatch = |cell: &Cell<'_>| -> BoxError {
        format!("column {}: unexpected cell {cell:?}", column.name).into()
    };
    let array: ArrayRef = match column.ty {
        ColType::Enum(_) => {
            let mut b = StringDictionaryBuilder::<Int32Type>::new();
            for cell in cells {
                match cell? {
                    Cell::Null => b.append_null(),
                    Cell::Str(s) => b.append_value(s),
                    Cell::String(s) => b.append_value(s),
                    other => return Err(mismatch(&other)),
                }
            }
            Arc::new(b.finish())
        }
        ColType::Text => {
            let mut b = StringBuilder::new();
            for cell in cells {
                match cell? {
                    Cell::Null => b.append_null(),
                    Cell::Str(s) => b.append_value(s),
                    Cell::String(s) => b.append_value(s),
                    other => return Err(mismatch(&other)),
                }
            }
            Arc::new(b.finish())
        }
        ColType::Int => {
            let mut b = Int64Builder::with_capacity(rows.len());
            for cell in cells {
                match cell? {
                    Cell::Null => b.append_null(),
                    Cell::Int(n) => b.append_value(n),
                    other => return Err(mismatch(&other)),
                }
            }
            Arc::new(b.finish())
        }
        ColType::Float => {
            let mut b = Float64Builder::with_capacity(rows.len());
            for cell in cells {
                match cell? {
                    Cell::Null => b.append_null(),
                    Cell::Float(v) => b.append_value(v),
                    other => return Err(mismatch(&other)),
                }
            }
            Arc::new(b.finish())
        }
        ColType::TimestampUtc => {
            let mut b = TimestampMicrosecondBuilder::with_capacity(rows.len()).with_timezone("UTC");
            for cell in cells {
                match cell? {
                    Cell::Null => b.append_null(),
                    Cell::Timestamp(ts) => b.append_value(ts.timestamp_micros()),
                    other => return Err(mismatch(&other)),
                }
            }
            Arc::new(b.finish())
        }
        ColType::TextList => {
            let mut b = ListBuilder::with_capacity(StringBuilder::new(), rows.len())
                .with_field(list_item());
            for cell in cells {
                match cell? {
                    Cell::Null => b.append_null(),
                    Cell::List(items) => {
                        for item in items {
                            b.values().append_value(item);
                        }
                        b.append(true);
                    }
                    other => return Err(mismatch(&other)),
                }
            }
            Arc::new(b.finish())
        }
    };
    Ok(array)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;
    use arrow_array::Array;

    #[test]
    fn arrow_schema_maps_every_column_type() {
        let s = arrow_schema(&schema::RELEASES);
        assert_eq!(s.fields().len(), schema::RELEASES.columns.len());
        let ty = |name: &str| s.field_with_name(name).unwrap().data_type().clone();
        assert_eq!(ty("title"), DataType::Utf8);
        assert_eq!(ty("word_count"), DataType::Int64);
        assert_eq!(
            ty("published_at"),
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        );
        assert_eq!(
            ty("warnings"),
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, false)))
        );
        let outcomes = arrow_schema(&schema::OUTCOMES);
        assert_eq!(
            outcomes.field_with_name("value").unwrap().data_type(),
            &DataType::Float64
        );
        assert_eq!(
            outcomes.field_with_name("kind").unwrap().data_type(),
            &DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
        );
        assert_eq!(
            outcomes.field_with_name("text").unwrap().data_type(),
            &DataType::Utf8
        );
    }

    #[test]
    fn record_batch_dictionary_encodes_enums_and_keeps_nulls() {
        let reject = |kind| crate::records::Reject {
            source_file: "a.txt".into(),
            line: None,
            column: None,
            error_kind: kind,
            message: "m".into(),
        };
        let rows = [
            reject(crate::ErrorKind::Date),
            reject(crate::ErrorKind::Empty),
            reject(crate::ErrorKind::Date),
        ];
        let schema: SchemaRef = Arc::new(arrow_schema(&schema::REJECTS));
        let batch = record_batch(&schema, &rows, 0).unwrap();
        let kinds = batch
            .column_by_name("error_kind")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::DictionaryArray<Int32Type>>()
            .unwrap();
        assert_eq!(kinds.values().len(), 2);
        assert_eq!(kinds.keys().values().to_vec(), [0, 1, 0]);
        assert_eq!(batch.column_by_name("line").unwrap().null_count(), 3);
    }

    #[test]
    fn partition_dir_name_uses_the_hive_null_value() {
        assert_eq!(partition_dir_name(Some(2026)), "year=2026");
        assert_eq!(partition_dir_name(None), "year=__HIVE_DEFAULT_PARTITION__");
    }

    #[test]
    fn write_partitioned_writes_one_file_per_year_and_replaces_old_years() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = crate::records::tests::sample_release();
        a.release_id = "a".into();
        let mut b = a.clone();
        b.release_id = "b".into();
        let mut c = a.clone();
        c.release_id = "c".into();
        let year = |r: &crate::release::Release| match r.release_id.as_str() {
            "a" => Some(2025),
            "b" => Some(2026),
            _ => None,
        };
        fs::write(dir.path().join("releases.parquet"), "stale").unwrap();
        let paths = write_partitioned(dir.path(), &[a.clone(), b.clone(), c], year).unwrap();
        let names: Vec<String> = paths
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "releases/year=2025/part-0.parquet",
                "releases/year=2026/part-0.parquet",
                "releases/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet",
            ]
        );
        assert!(!dir.path().join("releases.parquet").exists());
        // A second run without 2025 leaves no 2025 folder behind, and no temporary folder.
        let paths = write_partitioned(dir.path(), &[b], year).unwrap();
        assert_eq!(paths.len(), 1);
        assert!(!dir.path().join("releases/year=2025").exists());
        assert!(!dir.path().join("releases.tmp").exists());
        let file = fs::File::open(&paths[0]).unwrap();
        let reader =
            ::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
        assert_eq!(reader.metadata().file_metadata().num_rows(), 1);
    }

    #[test]
    fn write_unpartitioned_folder_writes_one_part_file() {
        let dir = tempfile::tempdir().unwrap();
        let rows = [crate::records::tests::sample_release()];
        let paths = write_unpartitioned_folder(dir.path(), &rows).unwrap();
        assert_eq!(paths, [dir.path().join("releases/part-0.parquet")]);
    }

    #[test]
    fn write_partitioned_keeps_the_schema_of_an_empty_table() {
        let dir = tempfile::tempdir().unwrap();
        let rows: [crate::records::Reject; 0] = [];
        let paths = write_partitioned(dir.path(), &rows, |_| None).unwrap();
        assert_eq!(
            paths,
            [dir.path()
                .join("rejects/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet")]
        );
    }

    #[test]
    fn arrow_schema_keeps_order_nullability_and_descriptions() {
        for table in schema::TABLES {
            let s = arrow_schema(table);
            for (field, column) in s.fields().iter().zip(table.columns) {
                assert_eq!(field.name(), column.name);
                assert_eq!(field.is_nullable(), column.nullable, "{}", column.name);
                assert_eq!(
                    field.metadata().get(DESCRIPTION_KEY).map(String::as_str),
                    Some(column.description)
                );
            }
            assert_eq!(
                s.metadata().get(TABLE_KEY).map(String::as_str),
                Some(table.name)
            );
        }
    }

    #[test]
    fn writer_properties_follow_the_style_guide() {
        let props = writer_properties(&schema::RELEASES);
        assert_eq!(
            props.created_by(),
            format!("pressroom {}", env!("CARGO_PKG_VERSION"))
        );
        let kv = props.key_value_metadata().unwrap();
        assert_eq!(kv[0].key, "schema_version");
        assert_eq!(kv[0].value.as_deref(), Some(SCHEMA_VERSION));
        assert_eq!(kv[1].key, "table");
        assert_eq!(kv[1].value.as_deref(), Some("releases"));
        assert_eq!(props.max_row_group_row_count(), Some(ROW_GROUP_ROWS));
        let any_column = ::parquet::schema::types::ColumnPath::from("title");
        assert_eq!(
            props.statistics_enabled(&any_column),
            EnabledStatistics::Page
        );
    }

    #[test]
    fn record_batch_builds_lists_and_nulls() {
        let mut release = crate::records::tests::sample_release();
        release.warnings = vec!["no date".into(), "fallback".into()];
        let mut undated = release.clone();
        undated.published = None;
        undated.warnings.clear();
        let schema: SchemaRef = Arc::new(arrow_schema(&schema::RELEASES));
        let batch = record_batch(&schema, &[release, undated], 0).unwrap();
        assert_eq!(batch.num_rows(), 2);
        let at = batch.column_by_name("published_at").unwrap();
        assert_eq!(at.null_count(), 1);
        let warnings = batch
            .column_by_name("warnings")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::ListArray>()
            .unwrap();
        assert_eq!(warnings.value_length(0), 2);
        assert_eq!(warnings.value_length(1), 0);
        assert_eq!(warnings.null_count(), 0);
    }
}
