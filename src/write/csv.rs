//! CSV writer: one file per table, RFC 4180 quoting, UTF-8 without a byte order mark.
//!
//! Choices a reader should know (they match the Frictionless schemas in `schemas/`):
//! - the first row is the header: column names in schema order;
//! - lines end with `\n` (not the `\r\n` of RFC 4180; every common reader accepts both);
//! - a field is quoted when it holds `"`, `,`, `\r` or `\n`, with `"` doubled inside;
//! - null is an empty unquoted field; an empty string is written `""`, so readers that honour
//!   quoting (DuckDB, for one) can tell the two apart, and others read both as missing;
//! - a list of texts is one field holding a JSON array (`["a","b"]`, the Frictionless `array`
//!   type); an empty list is `[]`;
//! - timestamps and floats are formatted as described in [`crate::write`]: RFC 3339 UTC with `Z`,
//!   shortest round-trip floats without a fraction for integral values; NaN and infinities,
//!   which the tables should never hold, are written `NaN`, `INF` and `-INF` (Frictionless);
//! - integers are plain decimal;
//! - with [`WriteOptions::csv_formula_guard`] (off by default, so the data stays exact), a text
//!   cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
//!   spreadsheet shows it as text instead of running it as a formula (the OWASP "CSV injection"
//!   rule). `-5` or `+1 555 0100` in a text column is guarded too, by design; numbers in number
//!   columns, timestamps and lists are never changed, nor is the header.
//!
//! - with [`WriteOptions::csv_bom`] (`--csv-bom`, off by default) the file starts with the
//!   UTF-8 byte order mark `EF BB BF`, so spreadsheet programs that guess the encoding (Excel)
//!   read accented letters right; `datapackage.json` then declares the encoding `utf-8-sig`.
//!
//! Which rows and files to write is left to [`crate::write::write_dataset`].

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use super::{WriteOptions, scan};
use crate::error::{BoxError, Error};
use crate::schema::{Cell, Record, TableDef};

/// First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
/// `=`, `+`, `-` and `@` start a formula; a tab or carriage return in front of them is skipped
/// by some spreadsheets, so those are guarded as well.
pub const FORMULA_TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// The quote put in front of a text cell that starts with a [`FORMULA_TRIGGERS`] character, so
/// spreadsheets show it as text.
pub const FORMULA_GUARD: char = '\'';

/// The UTF-8 byte order mark written first with [`WriteOptions::csv_bom`].
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `rows` as a CSV file at `path` (through `<path>.tmp` and a rename): the header, then
/// one line per row, shaped by `options` (see [`write_rows`]).
///
/// # Errors
///
/// [`Error::WriteTable`] when the file cannot be written or a row's cell does not fit its column.
pub fn write_table<R: Record>(
    path: &Path,
    rows: &[R],
    options: &WriteOptions,
) -> Result<(), Error> {
    super::write_file(R::TABLE.name, path, |out| {
        if options.csv_bom {
            out.write_all(BOM)?;
        }
        write_header(out, R::TABLE)?;
        write_rows(out, rows, 0, options)
    })
}

/// Writes the header line of `table` to `out`.
///
/// # Errors
///
/// The I/O error of `out`.
pub fn write_header<W: Write>(out: &mut W, table: &TableDef) -> Result<(), BoxError> {
    for (i, column) in table.columns.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_field(out, column.name)?;
    }
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes one line per row to `out`, without a header. With
/// [`WriteOptions::csv_formula_guard`], text cells go through [`guard_formula`]. `first_row` is
/// the table index of `rows[0]`, for messages.
///
/// # Errors
///
/// The I/O error of `out`, or a message naming the row and column whose cell does not fit.
pub fn write_rows<R: Record, W: Write>(
    out: &mut W,
    rows: &[R],
    first_row: usize,
    options: &WriteOptions,
) -> Result<(), BoxError> {
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + r;
        for (i, column) in R::TABLE.columns.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            let cell = row.cell(i);
            super::check_cell(column, r, &cell)?;
            if let Some(text) = cell_text(&cell)? {
                let is_text = matches!(cell, Cell::Str(_) | Cell::String(_));
                if options.csv_formula_guard && is_text {
                    write_field(out, &guard_formula(&text))?;
                } else {
                    write_field(out, &text)?;
                }
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `text` as a spreadsheet-safe cell: with a leading [`FORMULA_GUARD`] when it starts with one of
/// the [`FORMULA_TRIGGERS`], unchanged otherwise.
///
/// ```
/// use pressroom::write::csv::guard_formula;
/// assert_eq!(guard_formula("=SUM(A1:A9)"), "'=SUM(A1:A9)");
/// assert_eq!(guard_formula("-5"), "'-5");
/// assert_eq!(guard_formula("Los Angeles"), "Los Angeles");
/// ```
pub fn guard_formula(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("{FORMULA_GUARD}{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a cell, before quoting; `None` for null.
fn cell_text<'a>(cell: &'a Cell<'_>) -> Result<Option<Cow<'a, str>>, BoxError> {
    Ok(Some(match cell {
        Cell::Null => return Ok(None),
        Cell::Str(s) => Cow::Borrowed(*s),
        Cell::String(s) => Cow::Borrowed(s.as_str()),
        Cell::Int(n) => Cow::Owned(itoa::Buffer::new().format(*n).to_owned()),
        Cell::Float(v) => Cow::Owned(float_text(*v)),
        Cell::Timestamp(ts) => Cow::Owned(super::timestamp_text(ts)),
        Cell::List(items) => Cow::Owned(serde_json::to_string(items)?),
    }))
}

/// A float as CSV text (see the module docs).
fn float_text(v: f64) -> String {
    match super::float_number(v) {
        Some(n) => n.to_string(),
        None if v.is_nan() => "NaN".to_string(),
        None if v > 0.0 => "INF".to_string(),
        None => "-INF".to_string(),
    }
}

/// Writes one non-null field, quoted when RFC 4180 needs it or when it is empty.
fn write_field<W: Write>(out: &mut W, text: &str) -> std::io::Result<()> {
    // The four characters are ASCII, so a byte scan finds them (UTF-8 never hides ASCII bytes
    // inside other characters).
    let bytes = text.as_bytes();
    let word_may_hold = |w: u64| {
        scan::has_byte(w, b'"')
            || scan::has_byte(w, b',')
            || scan::has_byte(w, b'\n')
            || scan::has_byte(w, b'\r')
    };
    let special = |b: u8| matches!(b, b'"' | b',' | b'\n' | b'\r');
    let needs_quotes = scan::next_special(bytes, 0, word_may_hold, special) < bytes.len();
    if !text.is_empty() && !needs_quotes {
        return out.write_all(text.as_bytes());
    }
    out.write_all(b"\"")?;
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.write_all(b"\"\"")?;
        }
        out.write_all(part.as_bytes())?;
    }
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::records::Reject;
    use crate::schema::{self, ColType, Column};
    use chrono::{DateTime, Utc};

    fn field(text: &str) -> String {
        let mut out = Vec::new();
        write_field(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn text(cell: Cell<'_>) -> Option<String> {
        cell_text(&cell).unwrap().map(Cow::into_owned)
    }

    #[test]
    fn write_field_quotes_only_when_needed() {
        assert_eq!(field("plain text"), "plain text");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\n\nlines"), "\"two\n\nlines\"");
        assert_eq!(field("cr\r"), "\"cr\r\"");
        assert_eq!(field("Café — 5%"), "Café — 5%");
    }

    #[test]
    fn write_field_quotes_an_empty_string() {
        assert_eq!(field(""), "\"\"");
    }

    #[test]
    fn cell_text_formats_every_type() {
        assert_eq!(text(Cell::Null), None);
        assert_eq!(text(Cell::Str("x")).as_deref(), Some("x"));
        assert_eq!(text(Cell::Int(-42)).as_deref(), Some("-42"));
        assert_eq!(text(Cell::Float(2_000_000.0)).as_deref(), Some("2000000"));
        assert_eq!(text(Cell::Float(12.5)).as_deref(), Some("12.5"));
        assert_eq!(text(Cell::Float(f64::NAN)).as_deref(), Some("NaN"));
        assert_eq!(
            text(Cell::Float(f64::NEG_INFINITY)).as_deref(),
            Some("-INF")
        );
        let ts = DateTime::parse_from_rfc3339("2026-01-26T08:10:00-08:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            text(Cell::Timestamp(ts)).as_deref(),
            Some("2026-01-26T16:10:00Z")
        );
    }

    #[test]
    fn cell_text_writes_lists_as_json_arrays() {
        let items = vec!["no date".to_string(), "a \"quoted\" é".to_string()];
        assert_eq!(
            text(Cell::List(&items)).as_deref(),
            Some(r#"["no date","a \"quoted\" é"]"#)
        );
        assert_eq!(text(Cell::List(&[])).as_deref(), Some("[]"));
    }

    #[test]
    fn write_rows_separates_null_from_empty_string() {
        let rows = [Reject {
            source_file: String::new(),
            line: None,
            column: Some(7),
            error_kind: ErrorKind::Date,
            message: "expected a, found \"b\"".into(),
        }];
        let mut out = Vec::new();
        write_header(&mut out, &schema::REJECTS).unwrap();
        write_rows(&mut out, &rows, 0, &WriteOptions::default()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "source_file,line,column,error_kind,message\n\"\",,7,date,\"expected a, found \"\"b\"\"\"\n"
        );
    }

    #[test]
    fn write_rows_reads_back_with_a_csv_parser() {
        let rows = [Reject {
            source_file: "dir/a b.txt".into(),
            line: Some(2),
            column: Some(1),
            error_kind: ErrorKind::Title,
            message: "line one\nline \"two\", end".into(),
        }];
        let mut out = Vec::new();
        write_header(&mut out, &schema::REJECTS).unwrap();
        write_rows(&mut out, &rows, 0, &WriteOptions::default()).unwrap();
        let mut reader = ::csv::Reader::from_reader(out.as_slice());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            headers,
            ["source_file", "line", "column", "error_kind", "message"]
        );
        let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].iter().collect::<Vec<_>>(),
            [
                "dir/a b.txt",
                "2",
                "1",
                "title",
                "line one\nline \"two\", end"
            ]
        );
    }

    #[test]
    fn guard_formula_prefixes_every_trigger() {
        for (text, guarded) in [
            ("=1+2", "'=1+2"),
            ("+1 555 0100", "'+1 555 0100"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
        ] {
            assert_eq!(guard_formula(text), guarded, "{text:?}");
        }
    }

    #[test]
    fn guard_formula_leaves_other_text_borrowed() {
        for text in ["", "Plain title", "5 schools", "a=b", " =1", "'=1", "é=1"] {
            assert!(
                matches!(guard_formula(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
    }

    fn guarded_rows(rows: &[Reject], guard: bool) -> String {
        let mut out = Vec::new();
        let options = WriteOptions {
            csv_formula_guard: guard,
            ..WriteOptions::default()
        };
        write_rows(&mut out, rows, 0, &options).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn write_rows_guards_text_cells_only_when_asked() {
        let rows = [Reject {
            source_file: "=cmd|' /C calc'!A0.txt".into(),
            line: Some(2),
            column: None,
            error_kind: ErrorKind::Date,
            message: "-5, @here".into(),
        }];
        assert_eq!(
            guarded_rows(&rows, false),
            "=cmd|' /C calc'!A0.txt,2,,date,\"-5, @here\"\n"
        );
        assert_eq!(
            guarded_rows(&rows, true),
            "'=cmd|' /C calc'!A0.txt,2,,date,\"'-5, @here\"\n"
        );
    }

    #[test]
    fn write_rows_guard_leaves_numbers_untouched() {
        /// A row with a negative integer and a negative float.
        struct Numbers;
        impl Record for Numbers {
            const TABLE: &'static TableDef = &TableDef {
                name: "numbers",
                description: "test",
                columns: &[
                    Column {
                        name: "n",
                        ty: ColType::Int,
                        nullable: false,
                        description: "test",
                    },
                    Column {
                        name: "v",
                        ty: ColType::Float,
                        nullable: false,
                        description: "test",
                    },
                ],
                primary_key: &[],
                row_order: "test",
            };
            fn cell(&self, col: usize) -> Cell<'_> {
                if col == 0 {
                    Cell::Int(-5)
                } else {
                    Cell::Float(-2.5)
                }
            }
        }
        let mut out = Vec::new();
        let options = WriteOptions {
            csv_formula_guard: true,
            ..WriteOptions::default()
        };
        write_rows(&mut out, &[Numbers], 0, &options).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "-5,-2.5\n");
    }

    #[test]
    fn write_table_starts_with_a_bom_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.csv");
        let rows: [Reject; 0] = [];
        write_table(&path, &rows, &WriteOptions::default()).unwrap();
        let plain = std::fs::read(&path).unwrap();
        assert!(plain.starts_with(b"source_file,"));
        let options = WriteOptions {
            csv_bom: true,
            ..WriteOptions::default()
        };
        write_table(&path, &rows, &options).unwrap();
        let with_bom = std::fs::read(&path).unwrap();
        assert_eq!(&with_bom[..3], BOM);
        assert_eq!(&with_bom[3..], plain.as_slice());
    }

    /// A row type whose cells break the schema, to check the writer refuses it.
    struct BadRow;
    impl Record for BadRow {
        const TABLE: &'static TableDef = &TableDef {
            name: "bad",
            description: "test",
            columns: &[Column {
                name: "n",
                ty: ColType::Int,
                nullable: false,
                description: "test",
            }],
            primary_key: &[],
            row_order: "test",
        };
        fn cell(&self, _col: usize) -> Cell<'_> {
            Cell::Null
        }
    }

    #[test]
    fn write_table_refuses_a_null_in_a_required_column_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        let err = write_table(&path, &[BadRow], &WriteOptions::default()).unwrap_err();
        assert!(
            matches!(err, Error::WriteTable { table: "bad", .. }),
            "{err:?}"
        );
        let source = std::error::Error::source(&err).unwrap().to_string();
        assert_eq!(
            source,
            "row 0, column n: null in a column that is not nullable"
        );
        assert!(!path.exists());
        assert!(!super::super::tmp_path(&path).exists());
    }
}
