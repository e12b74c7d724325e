//! JSON Lines writer: one JSON object per row, one row per line (`\n`), UTF-8.
//!
//! Keys follow the schema's column order (the object is written by hand, so no map reorders
//! them) and every column is present, `null` when empty. Lists are JSON arrays, timestamps
//! RFC 3339 UTC strings with `Z`, integers plain numbers, floats shortest round-trip numbers with
//! integral values below 2^53 written as integers (`2000000`); NaN and infinities, which JSON
//! cannot hold, are written `null`. Non-ASCII text is written as is, not `\u` escaped.
//!
//! Which rows and files to write is left to [`crate::write::write_dataset`].

use std::io::Write;
use std::path::Path;

use crate::error::{BoxError, Error};
use crate::schema::{Cell, Record};

/// Writes `rows` as a JSON Lines file at `path` (through `<path>.tmp` and a rename). An empty
/// table gives an empty file.
///
/// # Errors
///
/// [`Error::WriteTable`] when the file cannot be written or a row's cell does not fit its column.
pub fn write_table<R: Record>(path: &Path, rows: &[R]) -> Result<(), Error> {
    super::write_file(R::TABLE.name, path, |out| write_rows(out, rows, 0))
}

/// Writes one line per row to `out`. `first_row` is the table index of `rows[0]`, for messages.
///
/// # Errors
///
/// The I/O error of `out`, or a message naming the row and column whose cell does not fit.
pub fn write_rows<R: Record, W: Write>(
    out: &mut W,
    rows: &[R],
    first_row: usize,
) -> Result<(), BoxError> {
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + r;
        out.write_all(b"{")?;
        for (i, column) in R::TABLE.columns.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            let cell = row.cell(i);
            super::check_cell(column, r, &cell)?;
            serde_json::to_writer(&mut *out, column.name)?;
            out.write_all(b":")?;
            write_value(out, &cell)?;
        }
        out.write_all(b"}\n")?;
    }
    Ok(())
}

/// Writes one cell as a JSON value.
fn write_value<W: Write>(out: &mut W, cell: &Cell<'_>) -> Result<(), BoxError> {
    match cell {
        Cell::Null => out.write_all(b"null")?,
        Cell::Str(s) => serde_json::to_writer(out, s)?,
        Cell::String(s) => serde_json::to_writer(out, s)?,
        Cell::Int(n) => write!(out, "{n}")?,
        Cell::Float(v) => match super::float_number(*v) {
            Some(n) => serde_json::to_writer(out, &n)?,
            None => out.write_all(b"null")?,
        },
        Cell::Timestamp(ts) => serde_json::to_writer(out, &super::timestamp_text(ts))?,
        Cell::List(items) => serde_json::to_writer(out, items)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::records::Reject;
    use chrono::{DateTime, Utc};

    fn value(cell: Cell<'_>) -> String {
        let mut out = Vec::new();
        write_value(&mut out, &cell).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn write_value_formats_every_type() {
        assert_eq!(value(Cell::Null), "null");
        assert_eq!(value(Cell::Str("a \"b\"\n")), r#""a \"b\"\n""#);
        assert_eq!(value(Cell::String("é—ü".into())), "\"é—ü\"");
        assert_eq!(value(Cell::Int(465)), "465");
        assert_eq!(value(Cell::Float(2_000_000.0)), "2000000");
        assert_eq!(value(Cell::Float(46.5)), "46.5");
        assert_eq!(value(Cell::Float(1e300)), "1e+300");
        assert_eq!(value(Cell::Float(f64::NAN)), "null");
        let ts = DateTime::parse_from_rfc3339("2026-01-26T08:10:00-08:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(value(Cell::Timestamp(ts)), "\"2026-01-26T16:10:00Z\"");
    }

    #[test]
    fn write_value_writes_lists_as_arrays() {
        let items = vec!["one".to_string(), "two".to_string()];
        assert_eq!(value(Cell::List(&items)), r#"["one","two"]"#);
        assert_eq!(value(Cell::List(&[])), "[]");
    }

    #[test]
    fn write_rows_keeps_the_schema_column_order() {
        let rows = [
            Reject {
                source_file: "b.txt".into(),
                line: None,
                column: None,
                error_kind: ErrorKind::Empty,
                message: "empty".into(),
            },
            Reject {
                source_file: "a.txt".into(),
                line: Some(2),
                column: Some(1),
                error_kind: ErrorKind::Date,
                message: "expected a date".into(),
            },
        ];
        let mut out = Vec::new();
        write_rows(&mut out, &rows, 0).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            concat!(
                r#"{"source_file":"b.txt","line":null,"column":null,"error_kind":"empty","message":"empty"}"#,
                "\n",
                r#"{"source_file":"a.txt","line":2,"column":1,"error_kind":"date","message":"expected a date"}"#,
                "\n"
            )
        );
    }
}
