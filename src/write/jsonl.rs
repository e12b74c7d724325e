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

use super::scan;
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
    // `{"name":` and `,"name":` for every column: column names are plain identifiers, so their
    // JSON strings need no escapes (a test checks every table).
    let keys: Vec<String> = R::TABLE
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}\"{}\":", if i == 0 { "{" } else { "," }, c.name))
        .collect();
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + r;
        for (i, column) in R::TABLE.columns.iter().enumerate() {
            let cell = row.cell(i);
            super::check_cell(column, r, &cell)?;
            out.write_all(keys[i].as_bytes())?;
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
        Cell::Str(s) => write_str(out, s)?,
        Cell::String(s) => write_str(out, s)?,
        Cell::Int(n) => out.write_all(itoa::Buffer::new().format(*n).as_bytes())?,
        Cell::Float(v) => match super::float_number(*v) {
            Some(n) => serde_json::to_writer(out, &n)?,
            None => out.write_all(b"null")?,
        },
        Cell::Timestamp(ts) => write_str(out, &super::timestamp_text(ts))?,
        Cell::List(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_str(out, item)?;
            }
            out.write_all(b"]")?;
        }
    }
    Ok(())
}

/// Writes `s` as a JSON string, escaped as `serde_json` escapes it: `"` and `\\` with a
/// backslash, the control characters U+0000 to U+001F as `\b \t \n \f \r` or `\u00xx`,
/// everything else (non-ASCII included) as is. Runs of bytes that need no escape are written
/// in one piece.
fn write_str<W: Write>(out: &mut W, s: &str) -> std::io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let needs_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let word_may_need =
        |w: u64| scan::has_less(w, 0x20) || scan::has_byte(w, b'"') || scan::has_byte(w, b'\\');
    let bytes = s.as_bytes();
    out.write_all(b"\"")?;
    let mut unicode = *b"\\u00xx";
    let mut from = 0;
    loop {
        let i = scan::next_special(bytes, from, word_may_need, needs_escape);
        out.write_all(&bytes[from..i])?;
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            _ => {
                unicode[4] = HEX[usize::from(b >> 4)];
                unicode[5] = HEX[usize::from(b & 0xF)];
                &unicode
            }
        };
        out.write_all(escape)?;
        from = i + 1;
    }
    out.write_all(b"\"")
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
    fn write_str_escapes_as_serde_json_does() {
        let mut every_ascii: String = (0u8..0x80).map(char::from).collect();
        every_ascii.push_str("é—ü “quoted” \u{2028}\u{7f} 😀");
        for text in [
            "",
            "plain",
            "a \"b\" \\ c\n\r\t\u{8}\u{c}\u{0}\u{1f}",
            &every_ascii,
        ] {
            let mut out = Vec::new();
            write_str(&mut out, text).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
    }

    #[test]
    fn column_names_need_no_json_escapes() {
        for table in crate::schema::TABLES {
            for column in table.columns {
                assert_eq!(
                    serde_json::to_string(column.name).unwrap(),
                    format!("\"{}\"", column.name)
                );
            }
        }
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
