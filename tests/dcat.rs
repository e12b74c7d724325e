//! `data.json` against the DCAT-US (Project Open Data v1.1) schema in `tests/dcat/`, and the
//! package files' determinism.
//!
//! The schema is checked with a small draft-04 validator written here for the keywords that
//! file uses (`type`, `enum`, `required`, `properties`, `items`, `minItems`, `uniqueItems`,
//! `minLength`, `maxLength`, `anyOf`, local `$ref`, `dependencies`); `pattern` and `format` are
//! not checked here (no regex engine in the crate) but are in the Python reader suite
//! (`tests/readers`, `jsonschema` with its format checker). The `jsonschema` crate was left out:
//! it took over three minutes to build on two cores. Broken catalogs must fail, so the validator
//! cannot pass everything.

use std::fs;
use std::path::Path;

use pressroom::write::package::{DATA_JSON_FILE, DATAPACKAGE_FILE, PackageInfo, REPORT_FILE};
use pressroom::write::{Format, WriteOptions, write_dataset};
use serde_json::Value;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dcat/catalog.schema.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The errors of `value` against `schema` (a sub-schema of `root`), each with its JSON pointer.
fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $ref: {reference}"));
        let target = root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{reference}"));
        return validate(root, target, value, at, errors);
    }
    if let Some(ty) = schema.get("type").and_then(Value::as_str) {
        let ok = match ty {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            other => panic!("unsupported type {other}"),
        };
        if !ok {
            errors.push(format!("{at}: not of type {ty}"));
            return;
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {values:?}"));
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
        let fits = options.iter().any(|option| {
            let mut sub = Vec::new();
            validate(root, option, value, at, &mut sub);
            sub.is_empty()
        });
        if !fits {
            errors.push(format!("{at}: fits none of anyOf"));
        }
    }
    if let Some(text) = value.as_str() {
        let len = text.chars().count() as u64;
        if schema
            .get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| len < m)
        {
            errors.push(format!("{at}: shorter than minLength"));
        }
        if schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| len > m)
        {
            errors.push(format!("{at}: longer than maxLength"));
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            errors.push(format!("{at}: fewer than {min} items"));
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, item) in items.iter().enumerate() {
                if items[..i].contains(item) {
                    errors.push(format!("{at}/{i}: duplicate item"));
                }
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                validate(root, item_schema, item, &format!("{at}/{i}"), errors);
            }
        }
    }
    if let Some(object) = value.as_object() {
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap();
            if !object.contains_key(key) {
                errors.push(format!("{at}: missing required {key}"));
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (key, sub) in properties {
                if let Some(v) = object.get(key) {
                    validate(root, sub, v, &format!("{at}/{key}"), errors);
                }
            }
        }
        if let Some(dependencies) = schema.get("dependencies").and_then(Value::as_object) {
            for (key, dependency) in dependencies {
                if !object.contains_key(key) {
                    continue;
                }
                match dependency {
                    Value::Array(keys) => {
                        for k in keys {
                            if !object.contains_key(k.as_str().unwrap()) {
                                errors.push(format!("{at}: {key} needs {k}"));
                            }
                        }
                    }
                    sub => validate(root, sub, value, at, errors),
                }
            }
        }
    }
}

fn errors_of(catalog: &Value) -> Vec<String> {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, catalog, "", &mut errors);
    errors
}

/// Runs the pipeline on the sample releases and the fixtures and writes every format with the
/// package files, in `dir`.
fn write_sample(dir: &Path, options: &WriteOptions) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (inputs, walk_rejects) =
        pressroom::pipeline::discover(&[root.join("input"), root.join("tests/fixtures")]).unwrap();
    let data = pressroom::pipeline::run(&inputs, walk_rejects, &Default::default());
    assert!(!data.releases.is_empty() && !data.rejects.is_empty());
    write_dataset(&data, dir, Format::ALL, options).unwrap();
}

fn package_options() -> WriteOptions {
    WriteOptions {
        package: Some(PackageInfo::default()),
        ..WriteOptions::default()
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn data_json_fits_the_dcat_us_schema() {
    let dir = tempfile::tempdir().unwrap();
    write_sample(dir.path(), &package_options());
    let catalog = read_json(&dir.path().join(DATA_JSON_FILE));
    assert_eq!(errors_of(&catalog), Vec::<String>::new());
    let entry = &catalog["dataset"][0];
    for key in [
        "title",
        "description",
        "keyword",
        "modified",
        "publisher",
        "contactPoint",
        "identifier",
        "accessLevel",
        "license",
        "distribution",
    ] {
        assert!(entry.get(key).is_some(), "{key}");
    }
    // One distribution per table file, plus datapackage.json and report.html.
    let distributions = entry["distribution"].as_array().unwrap();
    assert_eq!(
        distributions.len(),
        pressroom::schema::TABLES.len() * Format::ALL.len() + 2
    );
    for d in distributions {
        assert!(d["downloadURL"].as_str().unwrap().starts_with("https://"));
        assert!(d["mediaType"].is_string() && d["format"].is_string());
    }
}

#[test]
fn data_json_with_partitions_fits_the_schema_and_lists_every_part() {
    let dir = tempfile::tempdir().unwrap();
    let options = WriteOptions {
        partition_by: Some(pressroom::write::PartitionBy::Year),
        ..package_options()
    };
    write_sample(dir.path(), &options);
    let catalog = read_json(&dir.path().join(DATA_JSON_FILE));
    assert_eq!(errors_of(&catalog), Vec::<String>::new());
    let urls: Vec<&str> = catalog["dataset"][0]["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["downloadURL"].as_str().unwrap())
        .collect();
    assert!(
        urls.iter()
            .any(|u| u.ends_with("parquet/releases/year=__HIVE_DEFAULT_PARTITION__/part-0.parquet"))
    );
    assert!(
        urls.iter()
            .any(|u| u.ends_with("parquet/rejects/part-0.parquet"))
    );
}

#[test]
fn dcat_validator_rejects_broken_catalogs() {
    let dir = tempfile::tempdir().unwrap();
    write_sample(dir.path(), &package_options());
    let good = read_json(&dir.path().join(DATA_JSON_FILE));
    let breaks: [fn(&mut Value); 8] = [
        |c| {
            c["dataset"][0].as_object_mut().unwrap().remove("modified");
        },
        |c| {
            c["dataset"][0].as_object_mut().unwrap().remove("publisher");
        },
        |c| c["dataset"][0]["accessLevel"] = "open".into(),
        |c| c["dataset"][0]["keyword"] = Value::Array(vec![]),
        |c| c["dataset"][0]["title"] = "".into(),
        |c| {
            c["dataset"][0]["distribution"][0]
                .as_object_mut()
                .unwrap()
                .remove("mediaType");
        },
        |c| {
            c["dataset"][0]["contactPoint"]
                .as_object_mut()
                .unwrap()
                .remove("hasEmail");
        },
        |c| c["conformsTo"] = "https://example.org/other-schema".into(),
    ];
    for (i, breaker) in breaks.iter().enumerate() {
        let mut catalog = good.clone();
        breaker(&mut catalog);
        assert!(!errors_of(&catalog).is_empty(), "break {i} went unnoticed");
    }
}

#[test]
fn package_files_are_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    write_sample(a.path(), &package_options());
    write_sample(b.path(), &package_options());
    for name in [DATAPACKAGE_FILE, DATA_JSON_FILE, REPORT_FILE] {
        let left = fs::read(a.path().join(name)).unwrap();
        assert!(!left.is_empty(), "{name}");
        assert_eq!(left, fs::read(b.path().join(name)).unwrap(), "{name}");
    }
    assert!(
        a.path()
            .join("schemas/releases.table-schema.json")
            .is_file()
    );
}

#[test]
fn package_files_are_written_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    write_sample(dir.path(), &WriteOptions::default());
    for name in [DATAPACKAGE_FILE, DATA_JSON_FILE, REPORT_FILE] {
        assert!(!dir.path().join(name).exists(), "{name}");
    }
}

#[test]
fn datapackage_is_left_out_without_csv() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (inputs, walk_rejects) = pressroom::pipeline::discover(&[root.join("input")]).unwrap();
    let data = pressroom::pipeline::run(&inputs, walk_rejects, &Default::default());
    write_dataset(&data, dir.path(), &[Format::Parquet], &package_options()).unwrap();
    assert!(!dir.path().join(DATAPACKAGE_FILE).exists());
    let catalog = read_json(&dir.path().join(DATA_JSON_FILE));
    assert_eq!(errors_of(&catalog), Vec::<String>::new());
    assert!(dir.path().join(REPORT_FILE).is_file());
}
