//! Writes a small hand-made dataset in every format, reads the Parquet and CSV files back and
//! compares them with the JSON Lines rows; checks the Arrow types, the Parquet metadata, the JSON
//! Schema of each table and that writing twice gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type, TimestampMicrosecondType};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use chrono::DateTime;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use pressroom::ErrorKind;
use pressroom::dataset::Dataset;
use pressroom::extract::{
    OrgType, Outcome, OutcomeKind, Partner, Person, Program, Qualifier, Role,
};
use pressroom::records::Reject;
use pressroom::release::{Block, BlockKind, Published, Release};
use pressroom::schema::{SCHEMA_VERSION, TABLES, TableDef};
use pressroom::write::parquet::PROSE_COLUMNS;
use pressroom::write::schemas::json_schema_json;
use pressroom::write::{Format, write_dataset};
use serde_json::Value;

fn release(source_file: &str, body: &str) -> Release {
    Release {
        release_id: pressroom::release::release_id(source_file),
        source_file: source_file.into(),
        content_sha256: "ab".repeat(32),
        title: "County Office Expands Preschool Program".into(),
        summary: Some("Grant adds classrooms, teachers".into()),
        published: Some(Published {
            local: DateTime::parse_from_rfc3339("2026-01-26T08:10:00-08:00").unwrap(),
            timezone: Some("PST".into()),
            has_time: true,
        }),
        body: body.into(),
        blocks: vec![Block {
            kind: BlockKind::Paragraph,
            start: 0,
            text_start: 0,
            end: body.len(),
        }],
        warnings: vec![],
    }
}

/// Two releases (one with no summary and no date, with warnings), a reject, and one row in each
/// extractor table; texts hold commas, quotes, new lines and non-ASCII letters.
fn sample() -> Dataset {
    let first = release(
        "2026/01-preschool.txt",
        "The program serves 465 children, \"more than ever.\"\n\nIt costs $2 million.",
    );
    let mut second = release(
        "2026/02-no-date.txt",
        "Niños y familias — 40 to 60 percent.",
    );
    second.summary = None;
    second.published = None;
    second.warnings = vec!["no date line".into(), "decoded as windows-1252".into()];
    let id = first.release_id.clone();
    Dataset {
        programs: vec![Program {
            release_id: id.clone(),
            program_id: "universal-prekindergarten".into(),
            name: "Universal Prekindergarten".into(),
            acronym: Some("UPK".into()),
            mention_count: 2,
            start: 4,
            end: 11,
            sentence: "The program serves 465 children, \"more than ever.\"".into(),
            rule: "defined_acronym",
        }],
        partners: vec![Partner {
            release_id: id.clone(),
            partner_id: "first-5-la".into(),
            name: "First 5 LA".into(),
            acronym: None,
            org_type: OrgType::Foundation,
            role: Some(Role::Funder),
            mention_count: 1,
            start: 0,
            end: 3,
            sentence: "It costs $2 million.".into(),
            rule: "org_suffix",
        }],
        outcomes: vec![
            Outcome {
                release_id: id.clone(),
                outcome_index: 0,
                value: Some(2_000_000.0),
                value_min: None,
                value_max: None,
                kind: OutcomeKind::Money,
                unit: Some("USD".into()),
                qualifier: None,
                object: None,
                program_id: Some("universal-prekindergarten".into()),
                text: "$2 million".into(),
                start: 62,
                end: 72,
                sentence: "It costs $2 million.".into(),
                rule: "money",
            },
            Outcome {
                release_id: second.release_id.clone(),
                outcome_index: 0,
                value: None,
                value_min: Some(40.5),
                value_max: Some(60.0),
                kind: OutcomeKind::Percent,
                unit: Some("%".into()),
                qualifier: Some(Qualifier::UpTo),
                object: Some("familias".into()),
                program_id: None,
                text: "40 to 60 percent".into(),
                start: 19,
                end: 35,
                sentence: "Niños y familias — 40 to 60 percent.".into(),
                rule: "percent_range",
            },
        ],
        people: vec![Person {
            release_id: id,
            person_index: 0,
            name: "Debra Duardo".into(),
            title: Some("Superintendent".into()),
            affiliation: None,
            quote: Some("We are proud, and \"grateful\".".into()),
            start: 0,
            end: 20,
            rule: "said_attribution",
        }],
        rejects: vec![
            Reject {
                source_file: "2026/03-broken.txt".into(),
                line: Some(2),
                column: Some(1),
                error_kind: ErrorKind::Date,
                message: "expected a date, found 'Tomorrow'".into(),
            },
            Reject {
                source_file: "2026/04-empty.txt".into(),
                line: None,
                column: None,
                error_kind: ErrorKind::Empty,
                message: "the file holds no text".into(),
            },
        ],
        releases: vec![first, second],
    }
}

fn write_all(dir: &Path) -> Vec<PathBuf> {
    write_dataset(&sample(), dir, Format::ALL, &Default::default()).unwrap()
}

fn jsonl_rows(dir: &Path, table: &TableDef) -> Vec<serde_json::Map<String, Value>> {
    let text = fs::read_to_string(dir.join(format!("jsonl/{}.jsonl", table.name))).unwrap();
    text.lines()
        .map(|line| match serde_json::from_str(line).unwrap() {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        })
        .collect()
}

fn read_parquet(
    dir: &Path,
    table: &TableDef,
) -> (ParquetRecordBatchReaderBuilder<File>, Vec<RecordBatch>) {
    let path = dir.join(format!("parquet/{}.parquet", table.name));
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches = reader.collect::<Result<Vec<_>, _>>().unwrap();
    (builder, batches)
}

/// The value at `row` of an Arrow column, as the JSON value the JSONL writer gives.
fn arrow_value(array: &ArrayRef, row: usize) -> Value {
    if array.is_null(row) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Utf8 => Value::from(array.as_string::<i32>().value(row)),
        // Enum columns: dictionary encoded, so pandas reads a categorical.
        DataType::Dictionary(key, value)
            if **key == DataType::Int32 && **value == DataType::Utf8 =>
        {
            let dict = array.as_dictionary::<Int32Type>();
            let key = usize::try_from(dict.keys().value(row)).unwrap();
            Value::from(dict.values().as_string::<i32>().value(key))
        }
        DataType::Int64 => Value::from(array.as_primitive::<Int64Type>().value(row)),
        DataType::Float64 => Value::from(array.as_primitive::<Float64Type>().value(row)),
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            let micros = array.as_primitive::<TimestampMicrosecondType>().value(row);
            let ts = DateTime::from_timestamp_micros(micros).unwrap();
            Value::from(ts.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        }
        DataType::List(_) => {
            let items = array.as_list::<i32>().value(row);
            let items = items.as_string::<i32>();
            Value::from_iter((0..items.len()).map(|i| items.value(i).to_string()))
        }
        other => panic!("unexpected Arrow type {other}"),
    }
}

/// Numbers compare by value: the JSONL writes `2000000` where Arrow holds `2000000.0`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

#[test]
fn parquet_has_the_schema_types_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    let releases = TABLES.iter().find(|t| t.name == "releases").unwrap();
    let (builder, _) = read_parquet(dir.path(), releases);
    let schema = builder.schema();
    assert_eq!(
        schema.field_with_name("published_at").unwrap().data_type(),
        &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
    assert!(
        schema
            .field_with_name("published_at")
            .unwrap()
            .is_nullable()
    );
    assert_eq!(
        schema.field_with_name("word_count").unwrap().data_type(),
        &DataType::Int64
    );
    assert!(!schema.field_with_name("word_count").unwrap().is_nullable());
    match schema.field_with_name("warnings").unwrap().data_type() {
        DataType::List(item) => {
            assert_eq!(item.data_type(), &DataType::Utf8);
            assert!(!item.is_nullable());
        }
        other => panic!("warnings is {other}"),
    }
    assert_eq!(
        schema
            .field_with_name("title")
            .unwrap()
            .metadata()
            .get("description")
            .map(String::as_str),
        Some("Title line")
    );

    let meta = builder.metadata().file_metadata();
    assert_eq!(
        meta.created_by(),
        Some(format!("pressroom {}", env!("CARGO_PKG_VERSION")).as_str())
    );
    let kv: BTreeMap<&str, Option<&str>> = meta
        .key_value_metadata()
        .unwrap()
        .iter()
        .map(|kv| (kv.key.as_str(), kv.value.as_deref()))
        .collect();
    assert_eq!(kv.get("schema_version"), Some(&Some(SCHEMA_VERSION)));
    assert_eq!(kv.get("table"), Some(&Some("releases")));
}

#[test]
fn parquet_rows_equal_jsonl_rows() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    for table in TABLES {
        assert!(
            !jsonl_rows(dir.path(), table).is_empty(),
            "{} has no rows in the sample",
            table.name
        );
    }
    assert_parquet_equals_jsonl(dir.path());
}

/// The sample releases of `input/` and the golden fixtures, through the whole pipeline: every
/// table's Parquet file has the JSONL file's rows, types and values.
#[test]
fn pipeline_output_parquet_rows_equal_jsonl_rows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (inputs, walk_rejects) =
        pressroom::pipeline::discover(&[root.join("input"), root.join("tests/fixtures")]).unwrap();
    let data = pressroom::pipeline::run(&inputs, walk_rejects, &Default::default());
    assert_eq!(data.releases.len() + data.rejects.len(), inputs.len());
    assert!(!data.releases.is_empty() && !data.rejects.is_empty() && !data.outcomes.is_empty());
    let dir = tempfile::tempdir().unwrap();
    write_dataset(&data, dir.path(), Format::ALL, &Default::default()).unwrap();
    assert_parquet_equals_jsonl(dir.path());
}

fn assert_parquet_equals_jsonl(dir: &Path) {
    for table in TABLES {
        let expected = jsonl_rows(dir, table);
        let (builder, batches) = read_parquet(dir, table);
        assert_eq!(
            builder.metadata().file_metadata().num_rows() as usize,
            expected.len()
        );
        let names: Vec<&str> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(names, columns, "{}", table.name);
        let mut row = 0;
        for batch in &batches {
            for r in 0..batch.num_rows() {
                let json = &expected[row];
                // serde_json's Map may sort its keys; the order is checked on the raw text.
                let mut keys: Vec<&str> = json.keys().map(String::as_str).collect();
                keys.sort_unstable();
                let mut sorted_columns = columns.clone();
                sorted_columns.sort_unstable();
                assert_eq!(keys, sorted_columns, "{} row {row}", table.name);
                for (c, column) in table.columns.iter().enumerate() {
                    let got = arrow_value(batch.column(c), r);
                    let want = &json[column.name];
                    assert!(
                        same(&got, want),
                        "{}.{} row {row}: parquet {got} vs jsonl {want}",
                        table.name,
                        column.name
                    );
                }
                row += 1;
            }
        }
        assert_eq!(row, expected.len(), "{}", table.name);
    }
}

#[test]
fn jsonl_keeps_column_order_and_writes_integral_floats_as_integers() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    let outcomes = fs::read_to_string(dir.path().join("jsonl/outcomes.jsonl")).unwrap();
    let first = outcomes.lines().next().unwrap();
    assert!(first.starts_with("{\"release_id\":"), "{first}");
    assert!(
        first.contains("\"value\":2000000,\"value_min\":null,"),
        "{first}"
    );
    let releases = fs::read_to_string(dir.path().join("jsonl/releases.jsonl")).unwrap();
    let second = releases.lines().nth(1).unwrap();
    assert!(
        second.contains("\"summary\":null,\"published_at\":null,"),
        "{second}"
    );
    assert!(second.contains("Niños y familias — 40"), "{second}");
    assert!(
        second.ends_with("\"warnings\":[\"no date line\",\"decoded as windows-1252\"]}"),
        "{second}"
    );
    let first = releases.lines().next().unwrap();
    assert!(
        first.contains("\"published_at\":\"2026-01-26T16:10:00Z\""),
        "{first}"
    );
    assert!(
        first.contains("\"published_local\":\"2026-01-26T08:10:00-08:00\""),
        "{first}"
    );
}

#[test]
fn csv_fields_equal_jsonl_values() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    for table in TABLES {
        let expected = jsonl_rows(dir.path(), table);
        let path = dir.path().join(format!("csv/{}.csv", table.name));
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(header, columns);
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), expected.len(), "{}", table.name);
        for (record, json) in records.iter().zip(&expected) {
            for (field, column) in record.iter().zip(table.columns) {
                let want = &json[column.name];
                let ok = match want {
                    Value::Null => field.is_empty(),
                    Value::String(s) => field == s,
                    Value::Number(n) => field == n.to_string(),
                    Value::Array(_) => serde_json::from_str::<Value>(field).unwrap() == *want,
                    other => panic!("unexpected {other}"),
                };
                assert!(
                    ok,
                    "{}.{}: csv {field:?} vs jsonl {want}",
                    table.name, column.name
                );
            }
        }
    }
    let releases = fs::read_to_string(dir.path().join("csv/releases.csv")).unwrap();
    assert!(releases.contains(",\"[\"\"no date line\"\",\"\"decoded as windows-1252\"\"]\"\n"));
    assert!(releases.contains(",2026-01-26T16:10:00Z,"));
    let rejects = fs::read_to_string(dir.path().join("csv/rejects.csv")).unwrap();
    assert!(
        rejects.contains("\n2026/04-empty.txt,,,empty,the file holds no text\n"),
        "{rejects}"
    );
}

/// A small check of the JSON Schema keywords the generated schemas use: `type`, `enum`,
/// `format: date-time`, `items`, `required`, `additionalProperties: false`.
fn fits(schema: &Value, value: &Value) -> bool {
    let type_ok = |ty: &str| match ty {
        "null" => value.is_null(),
        "string" => value.is_string(),
        "integer" => value.as_i64().is_some(),
        "number" => value.is_number(),
        "array" => value.is_array(),
        other => panic!("unexpected type {other}"),
    };
    let types_ok = match &schema["type"] {
        Value::String(ty) => type_ok(ty),
        Value::Array(tys) => tys.iter().any(|t| type_ok(t.as_str().unwrap())),
        other => panic!("unexpected type {other}"),
    };
    let enum_ok = schema
        .get("enum")
        .is_none_or(|e| e.as_array().unwrap().contains(value));
    let format_ok = schema.get("format").is_none_or(|_| {
        value
            .as_str()
            .is_none_or(|s| DateTime::parse_from_rfc3339(s).is_ok() && s.ends_with('Z'))
    });
    let items_ok = schema.get("items").is_none_or(|items| {
        value
            .as_array()
            .is_none_or(|a| a.iter().all(|v| fits(items, v)))
    });
    types_ok && enum_ok && format_ok && items_ok
}

#[test]
fn jsonl_rows_fit_the_json_schema() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    for table in TABLES {
        let schema: Value = serde_json::from_str(&json_schema_json(table)).unwrap();
        assert_eq!(schema["additionalProperties"], false);
        let properties = schema["properties"].as_object().unwrap();
        let required = schema["required"].as_array().unwrap();
        for row in jsonl_rows(dir.path(), table) {
            assert_eq!(row.len(), properties.len(), "{}", table.name);
            for key in required {
                assert!(
                    row.contains_key(key.as_str().unwrap()),
                    "{}: {key}",
                    table.name
                );
            }
            for (key, value) in &row {
                let prop = properties
                    .get(key)
                    .unwrap_or_else(|| panic!("{}: extra {key}", table.name));
                assert!(
                    fits(prop, value),
                    "{}.{key}: {value} does not fit {prop}",
                    table.name
                );
            }
        }
    }
}

#[test]
fn writing_twice_gives_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let paths_a = write_all(a.path());
    let paths_b = write_all(b.path());
    assert_eq!(paths_a.len(), TABLES.len() * 3);
    // Overwriting in place gives the same bytes too.
    let again = write_all(a.path());
    assert_eq!(paths_a, again);
    for (pa, pb) in paths_a.iter().zip(&paths_b) {
        assert_eq!(
            pa.strip_prefix(a.path()).unwrap(),
            pb.strip_prefix(b.path()).unwrap()
        );
        assert_eq!(
            fs::read(pa).unwrap(),
            fs::read(pb).unwrap(),
            "{}",
            pa.display()
        );
    }
    for sub in ["csv", "jsonl", "parquet"] {
        let names: Vec<_> = fs::read_dir(a.path().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        assert_eq!(names.len(), TABLES.len());
    }
}

/// Enum columns come back from the file as `Dictionary<Int32, Utf8>` (the Arrow schema is stored
/// in the file), and every column chunk has min/max statistics.
#[test]
fn parquet_enums_are_dictionaries_with_statistics() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    for table in TABLES {
        let (builder, _) = read_parquet(dir.path(), table);
        for column in table.columns {
            let ty = builder
                .schema()
                .field_with_name(column.name)
                .unwrap()
                .data_type()
                .clone();
            if matches!(column.ty, pressroom::schema::ColType::Enum(_)) {
                assert_eq!(
                    ty,
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                    "{}.{}",
                    table.name,
                    column.name
                );
            } else {
                assert!(!matches!(ty, DataType::Dictionary(..)), "{}", column.name);
            }
        }
        let meta = builder.metadata();
        for group in meta.row_groups() {
            for chunk in group.columns() {
                let stats = chunk.statistics().expect("statistics are on");
                if chunk.num_values() > 0
                    && stats.null_count_opt() != Some(chunk.num_values() as u64)
                {
                    assert!(stats.min_bytes_opt().is_some(), "{}", chunk.column_path());
                }
            }
        }
    }
}

/// Every column chunk has an offset index (readers find pages by it), and a column index (page
/// min/max) unless it is prose ([`PROSE_COLUMNS`]), whose statistics are per chunk only.
#[test]
fn parquet_column_index_skips_prose_only() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path());
    let mut prose_seen = BTreeSet::new();
    for table in TABLES {
        let (builder, _) = read_parquet(dir.path(), table);
        for group in builder.metadata().row_groups() {
            for chunk in group.columns() {
                let name = chunk.column_path().parts()[0].as_str();
                let where_ = format!("{}.{name}", table.name);
                assert!(chunk.offset_index_length().is_some(), "{where_}");
                if PROSE_COLUMNS.contains(&name) {
                    prose_seen.insert(name.to_string());
                    assert_eq!(chunk.column_index_length(), None, "{where_}");
                    assert!(chunk.statistics().is_some(), "{where_}");
                } else {
                    assert!(chunk.column_index_length().is_some(), "{where_}");
                }
            }
        }
    }
    // Every prose column was written at least once, so each was checked.
    let all: BTreeSet<String> = PROSE_COLUMNS.iter().map(|c| c.to_string()).collect();
    assert_eq!(prose_seen, all);
}

/// `--partition-by year`: every table is a folder of `year=YYYY/part-0.parquet` files (rejects:
/// one `part-0.parquet`); together they hold the JSONL rows, each in its release's year.
#[test]
fn partitioned_parquet_holds_every_row_in_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let options = pressroom::write::WriteOptions {
        partition_by: Some(pressroom::write::PartitionBy::Year),
        ..Default::default()
    };
    let paths = write_dataset(&sample(), dir.path(), Format::ALL, &options).unwrap();
    let root = dir.path().join("parquet");
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.strip_prefix(&root).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(names.contains(&"releases/year=2026/part-0.parquet".to_string()));
    assert!(names.contains(&"releases/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet".to_string()));
    assert!(names.contains(&"outcomes/year=2026/part-0.parquet".to_string()));
    assert!(names.contains(&"rejects/part-0.parquet".to_string()));
    assert!(!root.join("releases.parquet").exists());
    for table in TABLES {
        let expected = jsonl_rows(dir.path(), table);
        let mut got = Vec::new();
        for name in names
            .iter()
            .filter(|n| n.starts_with(&format!("{}/", table.name)))
        {
            let file = File::open(root.join(name)).unwrap();
            let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                .unwrap()
                .build()
                .unwrap();
            for batch in reader {
                let batch = batch.unwrap();
                for r in 0..batch.num_rows() {
                    let row: Vec<Value> = (0..batch.num_columns())
                        .map(|c| arrow_value(batch.column(c), r))
                        .collect();
                    got.push((name.clone(), row));
                }
            }
        }
        assert_eq!(got.len(), expected.len(), "{}", table.name);
        for (name, row) in &got {
            let json = expected
                .iter()
                .find(|e| {
                    table
                        .columns
                        .iter()
                        .zip(row)
                        .all(|(c, v)| same(v, &e[c.name]))
                })
                .unwrap_or_else(|| panic!("{name}: row {row:?} is not in the JSONL"));
            if let Some(Value::String(id)) = json.get("release_id") {
                let release = jsonl_rows(dir.path(), &pressroom::schema::RELEASES)
                    .into_iter()
                    .find(|r| r["release_id"] == *id.as_str())
                    .unwrap();
                let folder = match release["published_at"].as_str() {
                    Some(at) => format!("year={}", &at[..4]),
                    None => "year=__HIVE_DEFAULT_PARTITION__".to_string(),
                };
                assert!(name.contains(&folder), "{name} should be in {folder}");
            }
        }
    }
}
