//! Schema files derived from [`crate::schema`]: for every table a Frictionless Table Schema
//! (`<table>.table-schema.json`, describes the CSV files) and a JSON Schema, draft 2020-12
//! (`<table>.json-schema.json`, describes one line of the JSON Lines files).
//!
//! The files are pretty-printed with keys in a fixed order and a trailing newline, so the same
//! `schema.rs` always gives the same bytes; `tests/schemas.rs` checks the committed copies in
//! `schemas/` against them. Both carry the top-level annotation `schemaVersion`
//! ([`SCHEMA_VERSION`]). Deciding what the columns are is left to `schema.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::error::Error;
use crate::schema::{ColType, Column, SCHEMA_VERSION, TABLES, TableDef};

/// The `$schema` of the JSON Schema files.
pub const JSON_SCHEMA_DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// File name of a table's Frictionless Table Schema.
pub fn table_schema_file_name(table: &TableDef) -> String {
    format!("{}.table-schema.json", table.name)
}

/// File name of a table's JSON Schema.
pub fn json_schema_file_name(table: &TableDef) -> String {
    format!("{}.json-schema.json", table.name)
}

/// A Frictionless Table Schema (<https://specs.frictionlessdata.io/table-schema/>).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSchema<'a> {
    title: &'a str,
    description: &'a str,
    schema_version: &'a str,
    fields: Vec<TableSchemaField<'a>>,
    primary_key: &'a [&'a str],
    missing_values: [&'a str; 1],
}

/// One field of a Table Schema.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSchemaField<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    array_item: Option<ArrayItem>,
    description: &'a str,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    constraints: Constraints<'a>,
}

/// The item type of a Table Schema `array` field (Table Schema v2 `arrayItem`).
#[derive(Serialize)]
struct ArrayItem {
    #[serde(rename = "type")]
    ty: &'static str,
}

/// Constraints of a Table Schema field.
#[derive(Serialize)]
struct Constraints<'a> {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    values: Option<&'a [&'a str]>,
}

impl Constraints<'_> {
    fn is_empty(&self) -> bool {
        !self.required && self.values.is_none()
    }
}

/// The Table Schema of `table`.
fn table_schema(table: &TableDef) -> TableSchema<'_> {
    TableSchema {
        title: table.name,
        description: table.description,
        schema_version: SCHEMA_VERSION,
        fields: table
            .columns
            .iter()
            .map(|c| {
                let (ty, format) = match c.ty {
                    ColType::Text | ColType::Enum(_) => ("string", None),
                    ColType::Int => ("integer", None),
                    ColType::Float => ("number", None),
                    // `default`: `YYYY-MM-DDThh:mm:ssZ` in UTC, what the CSV writer writes.
                    ColType::TimestampUtc => ("datetime", Some("default")),
                    ColType::TextList => ("array", None),
                };
                TableSchemaField {
                    name: c.name,
                    ty,
                    format,
                    array_item: (c.ty == ColType::TextList).then_some(ArrayItem { ty: "string" }),
                    description: c.description,
                    constraints: Constraints {
                        required: !c.nullable,
                        values: match c.ty {
                            ColType::Enum(values) => Some(values),
                            _ => None,
                        },
                    },
                }
            })
            .collect(),
        primary_key: table.primary_key,
        missing_values: [""],
    }
}

/// A JSON Schema (draft 2020-12) of one JSON Lines row.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonSchema<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    title: &'a str,
    description: &'a str,
    schema_version: &'a str,
    #[serde(rename = "type")]
    ty: &'static str,
    properties: Properties<'a>,
    required: Vec<&'a str>,
    additional_properties: bool,
}

/// The `properties` object, keys in column order.
struct Properties<'a>(&'a [Column]);

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for column in self.0 {
            map.serialize_entry(column.name, &property(column))?;
        }
        map.end()
    }
}

/// The schema of one property.
#[derive(Serialize)]
struct Property<'a> {
    #[serde(rename = "type")]
    ty: JsonType,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    values: Option<Vec<Option<&'a str>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Items>,
    description: &'a str,
}

/// A JSON type, or a JSON type or null.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonType {
    One(&'static str),
    OrNull([&'static str; 2]),
}

/// The item schema of an array property.
#[derive(Serialize)]
struct Items {
    #[serde(rename = "type")]
    ty: &'static str,
}

/// The JSON Schema of one column. Nullable enums list `null` among their values, because
/// `enum` is checked on its own, apart from `type`.
fn property(column: &Column) -> Property<'_> {
    let base = match column.ty {
        ColType::Text | ColType::Enum(_) | ColType::TimestampUtc => "string",
        ColType::Int => "integer",
        ColType::Float => "number",
        ColType::TextList => "array",
    };
    Property {
        ty: if column.nullable {
            JsonType::OrNull([base, "null"])
        } else {
            JsonType::One(base)
        },
        format: (column.ty == ColType::TimestampUtc).then_some("date-time"),
        values: match column.ty {
            ColType::Enum(values) => Some(
                values
                    .iter()
                    .map(|v| Some(*v))
                    .chain(column.nullable.then_some(None))
                    .collect(),
            ),
            _ => None,
        },
        items: (column.ty == ColType::TextList).then_some(Items { ty: "string" }),
        description: column.description,
    }
}

/// The JSON Schema of `table`.
fn json_schema(table: &TableDef) -> JsonSchema<'_> {
    JsonSchema {
        schema: JSON_SCHEMA_DRAFT,
        title: table.name,
        description: table.description,
        schema_version: SCHEMA_VERSION,
        ty: "object",
        properties: Properties(table.columns),
        required: table.columns.iter().map(|c| c.name).collect(),
        additional_properties: false,
    }
}

/// Pretty JSON with a trailing newline.
fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .expect("schema documents hold only strings, booleans, arrays and string-keyed maps");
    text.push('\n');
    text
}

/// The Frictionless Table Schema of `table`, as the text of its file.
pub fn table_schema_json(table: &TableDef) -> String {
    pretty(&table_schema(table))
}

/// The JSON Schema (draft 2020-12) of one JSON Lines row of `table`, as the text of its file.
pub fn json_schema_json(table: &TableDef) -> String {
    pretty(&json_schema(table))
}

/// Every schema file as `(file name, text)`, sorted by file name.
pub fn schema_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = TABLES
        .iter()
        .flat_map(|t| {
            [
                (table_schema_file_name(t), table_schema_json(t)),
                (json_schema_file_name(t), json_schema_json(t)),
            ]
        })
        .collect();
    files.sort();
    files
}

/// Writes `dir/<table>.table-schema.json` and `dir/<table>.json-schema.json` for every table,
/// creating `dir` when needed. Each file goes through `<file>.tmp` and a rename.
///
/// Returns the written paths, sorted.
///
/// # Errors
///
/// [`Error::WriteOutput`] when `dir` or a file cannot be written.
pub fn write_schema_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    fs::create_dir_all(dir).map_err(|source| Error::WriteOutput {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths = Vec::new();
    for (name, text) in schema_files() {
        let path = dir.join(name);
        let tmp = super::tmp_path(&path);
        fs::write(&tmp, text)
            .and_then(|()| fs::rename(&tmp, &path))
            .map_err(|source| {
                let _ = fs::remove_file(&tmp);
                Error::WriteOutput {
                    path: path.clone(),
                    source,
                }
            })?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{OUTCOMES, PARTNERS, RELEASES};
    use serde_json::{Value, json};

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn table_schema_maps_types_and_constraints() {
        let s = parse(&table_schema_json(&RELEASES));
        assert_eq!(s["primaryKey"], json!(["release_id"]));
        assert_eq!(s["missingValues"], json!([""]));
        assert_eq!(s["schemaVersion"], json!(SCHEMA_VERSION));
        let fields = s["fields"].as_array().unwrap();
        let names: Vec<_> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let columns: Vec<_> = RELEASES.columns.iter().map(|c| c.name).collect();
        assert_eq!(names, columns);
        let field = |name: &str| fields.iter().find(|f| f["name"] == name).unwrap().clone();
        assert_eq!(field("title")["type"], "string");
        assert_eq!(field("title")["constraints"], json!({"required": true}));
        assert_eq!(field("summary").get("constraints"), None);
        assert_eq!(field("published_at")["type"], "datetime");
        assert_eq!(field("published_at")["format"], "default");
        assert_eq!(field("word_count")["type"], "integer");
        assert_eq!(field("warnings")["type"], "array");
        let value = parse(&table_schema_json(&OUTCOMES))["fields"][2].clone();
        assert_eq!(value["name"], "value");
        assert_eq!(value["type"], "number");
    }

    #[test]
    fn table_schema_lists_enum_values() {
        let s = parse(&table_schema_json(&PARTNERS));
        let role = s["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "role")
            .unwrap()
            .clone();
        assert_eq!(
            role["constraints"],
            json!({"enum": ["funder", "presenter", "participant", "host", "partner"]})
        );
    }

    #[test]
    fn json_schema_keeps_column_order_and_allows_null_where_nullable() {
        let text = json_schema_json(&PARTNERS);
        let s = parse(&text);
        assert_eq!(s["$schema"], JSON_SCHEMA_DRAFT);
        assert_eq!(s["type"], "object");
        assert_eq!(s["additionalProperties"], false);
        let required: Vec<_> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let columns: Vec<_> = PARTNERS.columns.iter().map(|c| c.name).collect();
        assert_eq!(required, columns);
        // Properties are written in column order (serde_json's Map would sort them).
        let at = |key: &str| text.find(&format!("\n    \"{key}\": {{")).unwrap();
        assert!(at("release_id") < at("partner_id") && at("partner_id") < at("name"));
        assert_eq!(
            s["properties"]["acronym"]["type"],
            json!(["string", "null"])
        );
        assert_eq!(s["properties"]["name"]["type"], "string");
        assert_eq!(
            s["properties"]["role"]["enum"],
            json!([
                "funder",
                "presenter",
                "participant",
                "host",
                "partner",
                null
            ])
        );
        assert_eq!(
            s["properties"]["org_type"]["enum"]
                .as_array()
                .unwrap()
                .len(),
            10
        );
    }

    #[test]
    fn json_schema_types_timestamps_and_lists() {
        let s = parse(&json_schema_json(&RELEASES));
        let at = &s["properties"]["published_at"];
        assert_eq!(at["type"], json!(["string", "null"]));
        assert_eq!(at["format"], "date-time");
        let warnings = &s["properties"]["warnings"];
        assert_eq!(warnings["type"], "array");
        assert_eq!(warnings["items"], json!({"type": "string"}));
        assert_eq!(s["properties"]["word_count"]["type"], "integer");
    }

    #[test]
    fn schema_files_are_deterministic_and_end_with_a_newline() {
        let a = schema_files();
        assert_eq!(a, schema_files());
        assert_eq!(a.len(), TABLES.len() * 2);
        assert!(a.iter().all(|(_, text)| text.ends_with("}\n")));
    }

    #[test]
    fn write_schema_files_writes_two_files_per_table() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("schemas");
        let paths = write_schema_files(&out).unwrap();
        assert_eq!(paths.len(), TABLES.len() * 2);
        assert!(out.join("releases.table-schema.json").is_file());
        assert!(out.join("rejects.json-schema.json").is_file());
        assert_eq!(fs::read_dir(&out).unwrap().count(), paths.len());
    }
}
