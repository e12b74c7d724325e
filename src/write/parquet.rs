//! Parquet writer: the only place pressroom writes Parquet.
//!
//! The Arrow schema is derived from the [`TableDef`] ([`arrow_schema()`]): text columns are
//! `Utf8`, enum columns `Dictionary<Int32, Utf8>` (pandas reads them as `category`, polars as
//! `Categorical`), integers `Int64`, floats `Float64`, instants `Timestamp(Microsecond, "UTC")`
//! and text lists `List<Utf8>` with non-null items; nullability comes from the table definition
//! and each field carries its description in the field metadata key `description` (stored in the
//! file with the Arrow schema). Files are ZSTD compressed with page-level column statistics (chunk
//! level only for the [`PROSE_COLUMNS`]), row
//! groups of at most [`ROW_GROUP_ROWS`] rows and [`ROW_GROUP_BYTES`] bytes (several row groups let
//! Spark, Trino and DuckDB split a big table between workers; one group per small table keeps
//! files compact), `created_by` is `pressroom <version>` and the key-value metadata holds
//! `schema_version` and `table`. Nothing time- or host-dependent is written, so the same rows
//! give the same bytes.
//!
//! Two layouts: one file per table (`DIR/parquet/<table>.parquet`) or, with
//! `--partition-by year`, a Hive-partitioned folder per table
//! (`DIR/parquet/<table>/year=YYYY/part-0.parquet`) that Spark, Trino, DuckDB, polars and pyarrow
//! read as one table with a `year` column taken from the folder names; the files are opened and
//! appended to by [`crate::write::stream`].
//!
//! Which rows and files to write, and which year a row belongs to, is left to
//! [`crate::write::write_dataset`].

use std::io::Write;
use std::path::Path;
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
pub(crate) const BATCH_ROWS: usize = 8192;

/// Most rows in one row group. Readers parallelise over row groups and read their statistics to
/// skip them; 64 Ki rows keeps groups big enough to compress well and small enough to split.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// Most bytes in one row group (estimated, encoded). A streaming writer keeps the pages of its
/// open row group until the group closes, in a temporary file (`spill.rs`), so this bounds that
/// file: the `releases` table holds whole bodies and reaches it long before [`ROW_GROUP_ROWS`]
/// rows. 16 MiB (a few MiB compressed) is a group size DuckDB, Spark and Trino read efficiently.
pub const ROW_GROUP_BYTES: usize = 16 * 1024 * 1024;

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

/// Bytes of an open data page before it is compressed; one per column stays in memory while a
/// file is written, so it is kept well below the library default (1 MiB).
pub const DATA_PAGE_BYTES: usize = 128 * 1024;

/// Columns of running prose (bodies, summaries, evidence sentences, quotes, reject messages),
/// whose statistics are kept per column chunk only; every other column has them per page too.
///
/// A page's statistics go into the file's column index, which the writer holds in memory until
/// the file closes. Prose is most of a file's bytes, so most of its pages, and the 64-byte
/// prefixes a column index keeps of it never rule out a page for a filter. Left per page, they
/// made the memory of a run grow with the corpus: in the last tenth of a 100,000-release Parquet
/// run, jemalloc's highest live-heap sample was 29.5 MiB with them and 27.9 without, its resident
/// pages 39.1 and 36.1 MiB (benches/RESULTS.md, "Prose columns"). Their offset index (where each
/// page starts) is kept, as for every column.
pub const PROSE_COLUMNS: &[&str] = &["body", "summary", "sentence", "quote", "message"];

/// The writer settings of every Parquet file (STYLE.md section 8), plus the table name.
///
/// Dictionary encoding is on for the enum columns only: the other text columns (bodies,
/// sentences, names) rarely repeat within a page, where a dictionary costs memory and time and
/// ZSTD already removes the repeats.
pub(crate) fn writer_properties(table: &TableDef) -> WriterProperties {
    let mut builder = WriterProperties::builder().set_dictionary_enabled(false);
    for column in table.columns {
        let path = || ::parquet::schema::types::ColumnPath::from(column.name);
        if matches!(column.ty, ColType::Enum(_)) {
            builder = builder.set_column_dictionary_enabled(path(), true);
        }
        if PROSE_COLUMNS.contains(&column.name) {
            builder = builder.set_column_statistics_enabled(path(), EnabledStatistics::Chunk);
        }
    }
    builder
        .set_data_page_size_limit(DATA_PAGE_BYTES)
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
    append_rows(&mut writer, &schema, rows, 0)?;
    writer.close()?;
    Ok(())
}

/// Appends `rows` to an open Parquet writer of their table, in record batches of at most
/// `BATCH_ROWS` rows; the writer starts a new row group every [`ROW_GROUP_ROWS`] rows.
/// `first_row` is the table index of `rows[0]`, for messages.
///
/// # Errors
///
/// As [`write_rows`].
pub fn append_rows<R: Record, W: Write + Send>(
    writer: &mut ArrowWriter<W>,
    schema: &SchemaRef,
    rows: &[R],
    first_row: usize,
) -> Result<(), BoxError> {
    for (n, chunk) in rows.chunks(BATCH_ROWS).enumerate() {
        let batch = record_batch(schema, chunk, first_row + n * BATCH_ROWS)?;
        writer.write(&batch)?;
    }
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
        let column = ::parquet::schema::types::ColumnPath::from;
        assert_eq!(
            props.statistics_enabled(&column("title")),
            EnabledStatistics::Page
        );
        assert_eq!(
            props.statistics_enabled(&column("body")),
            EnabledStatistics::Chunk
        );
    }

    #[test]
    fn prose_columns_are_text_columns_of_the_tables() {
        for name in PROSE_COLUMNS {
            let found: Vec<_> = schema::TABLES
                .iter()
                .flat_map(|t| t.columns)
                .filter(|c| c.name == *name)
                .collect();
            assert!(!found.is_empty(), "{name} is no column");
            assert!(found.iter().all(|c| c.ty == ColType::Text), "{name}");
        }
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
