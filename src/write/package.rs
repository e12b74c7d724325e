//! Package files for open-data portals, written next to the tables: `datapackage.json` (a
//! Frictionless Tabular Data Package describing the CSV files), `data.json` (a DCAT-US / Project
//! Open Data v1.1 catalog with one distribution per written file), `report.html` (see
//! [`crate::write::report_html`]) and a copy of the schema files under `schemas/`, so every
//! `describedBy` link resolves next to the data.
//!
//! Both JSON documents are derived from [`crate::schema`] and the run's rows only: no run time,
//! host or random value is written, so the same rows and metadata give the same bytes. Keys are
//! written in sorted order. Dates in them come from the releases (`modified` is the date of the
//! latest dated release). Titles, licenses, sources, publisher and contact come from a
//! [`PackageInfo`]; deciding where that comes from (defaults, `pressroom.toml`) is left to the
//! caller.

use std::fs;
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use crate::config::DatasetMeta;
use crate::error::Error;
use crate::schema::{self, TABLES, TableDef};
use crate::summary::Summary;
use crate::write::{Format, WriteOptions, report_html, schemas};

/// File name of the Frictionless Data Package descriptor.
pub const DATAPACKAGE_FILE: &str = "datapackage.json";
/// File name of the DCAT-US catalog.
pub const DATA_JSON_FILE: &str = "data.json";
/// File name of the run report.
pub const REPORT_FILE: &str = "report.html";
/// Folder (under the output root) that holds the schema files.
pub const SCHEMAS_DIR: &str = "schemas";
/// Base URL used when none is configured: a documented placeholder to replace with the address
/// the output folder is published under (DCAT-US asks for absolute URLs).
pub const PLACEHOLDER_BASE_URL: &str = "https://data.example.org/pressroom/";
/// The column every child table shares with `releases`.
const RELEASE_ID: &str = "release_id";

/// The license of the published data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// SPDX-style identifier, e.g. `CC-BY-4.0`.
    pub name: String,
    /// Human-readable title.
    pub title: String,
    /// URL of the license text.
    pub url: String,
}

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What the source is.
    pub title: String,
    /// URL of the source.
    pub url: String,
}

/// Descriptive metadata of the published dataset, shared by `datapackage.json`, `data.json` and
/// `report.html`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageInfo {
    /// Title of the dataset.
    pub title: String,
    /// What the dataset holds.
    pub description: String,
    /// Search keywords (at least one for DCAT-US).
    pub keywords: Vec<String>,
    /// License of the data.
    pub license: License,
    /// Where the releases come from.
    pub sources: Vec<Source>,
    /// Name of the publishing organization.
    pub publisher: String,
    /// Name of the contact (person or office).
    pub contact_name: String,
    /// E-mail address of the contact, without `mailto:`.
    pub contact_email: String,
    /// URL the output folder is published under (ends with `/`; one is added when missing).
    /// `None` uses [`PLACEHOLDER_BASE_URL`].
    pub base_url: Option<String>,
    /// Unique identifier of the dataset in the catalog; `None` uses the package name.
    pub identifier: Option<String>,
}

impl Default for PackageInfo {
    /// The first publisher pressroom serves: the Los Angeles County Office of Education. The
    /// contact e-mail is a placeholder (`example.org`) to set in `pressroom.toml` before a portal
    /// harvests `data.json`.
    fn default() -> Self {
        PackageInfo {
            title: "Los Angeles County Office of Education news releases".into(),
            description: "Programs, partner organizations, numeric outcomes and quoted people \
                          extracted by pressroom from the news releases of the Los Angeles County \
                          Office of Education, one table each, with the releases themselves."
                .into(),
            keywords: [
                "education",
                "news releases",
                "programs",
                "partners",
                "outcomes",
                "Los Angeles County",
            ]
            .map(String::from)
            .to_vec(),
            license: License {
                name: "CC-BY-4.0".into(),
                title: "Creative Commons Attribution 4.0".into(),
                url: "https://creativecommons.org/licenses/by/4.0/".into(),
            },
            sources: vec![Source {
                title: "Los Angeles County Office of Education news releases".into(),
                url: "https://www.lacoe.edu/".into(),
            }],
            publisher: "Los Angeles County Office of Education".into(),
            contact_name: "Los Angeles County Office of Education, Communications".into(),
            contact_email: "opendata@example.org".into(),
            base_url: None,
            identifier: None,
        }
    }
}

impl PackageInfo {
    /// The metadata of the `[dataset]` table of `pressroom.toml`, each missing field taken from
    /// [`PackageInfo::default`]; `base_url` (the `--base-url` flag or the file's, already merged)
    /// wins over the table's.
    pub fn from_meta(meta: &DatasetMeta, base_url: Option<String>) -> Self {
        let d = PackageInfo::default();
        let license = meta.license.clone().unwrap_or_default();
        PackageInfo {
            title: meta.title.clone().unwrap_or(d.title),
            description: meta.description.clone().unwrap_or(d.description),
            keywords: meta.keywords.clone().unwrap_or(d.keywords),
            license: License {
                name: license.name.unwrap_or(d.license.name),
                title: license.title.unwrap_or(d.license.title),
                url: license.url.unwrap_or(d.license.url),
            },
            sources: match &meta.sources {
                Some(sources) => sources
                    .iter()
                    .map(|s| Source {
                        title: s.title.clone().unwrap_or_else(|| {
                            s.url.clone().unwrap_or_else(|| "news releases".into())
                        }),
                        url: s.url.clone().unwrap_or_default(),
                    })
                    .collect(),
                None => d.sources,
            },
            publisher: meta.publisher.clone().unwrap_or(d.publisher),
            contact_name: meta.contact_name.clone().unwrap_or(d.contact_name),
            contact_email: meta.contact_email.clone().unwrap_or(d.contact_email),
            base_url: base_url.or_else(|| meta.base_url.clone()),
            identifier: meta.identifier.clone().or(d.identifier),
        }
    }

    /// The base URL, ending with `/`.
    pub fn base_url(&self) -> String {
        let mut base = self
            .base_url
            .clone()
            .unwrap_or_else(|| PLACEHOLDER_BASE_URL.to_string());
        if !base.ends_with('/') {
            base.push('/');
        }
        base
    }

    /// The package name: the title as a lowercase slug (`[a-z0-9-]`), as Frictionless requires.
    pub fn name(&self) -> String {
        let mut slug = String::new();
        for c in self.title.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            "pressroom".to_string()
        } else {
            slug.to_string()
        }
    }
}

/// Writes the package files under `out_dir`: `schemas/*.json`, `datapackage.json` when CSV is
/// among `formats`, `data.json` (one distribution per file of `written`, the table files just
/// written, plus `datapackage.json` and `report.html`) and `report.html`. Each file goes through
/// `<file>.tmp` and a rename.
///
/// Returns the written paths, sorted.
///
/// # Errors
///
/// [`Error::WriteOutput`] when a file or folder cannot be written.
pub fn write_package_files(
    summary: &Summary,
    out_dir: &Path,
    formats: &[Format],
    written: &[PathBuf],
    options: &WriteOptions,
    info: &PackageInfo,
) -> Result<Vec<PathBuf>, Error> {
    let mut paths = schemas::write_schema_files(&out_dir.join(SCHEMAS_DIR))?;
    let mut documents = Vec::new();
    if formats.contains(&Format::Csv) {
        documents.push((DATAPACKAGE_FILE, datapackage_json(info, options.csv_bom)));
    }
    let mut files: Vec<String> = written
        .iter()
        .filter_map(|p| relative_url_path(out_dir, p))
        .collect();
    files.extend(documents.iter().map(|(name, _)| (*name).to_string()));
    files.push(REPORT_FILE.to_string());
    documents.push((DATA_JSON_FILE, data_json(summary, info, &files)));
    documents.push((REPORT_FILE, report_html::report_html(summary, info)));
    for (name, text) in documents {
        let path = out_dir.join(name);
        write_text(&path, &text)?;
        paths.push(path);
    }
    paths.sort();
    Ok(paths)
}

/// Writes `text` to `path` through `<path>.tmp` and a rename.
fn write_text(path: &Path, text: &str) -> Result<(), Error> {
    let tmp = super::tmp_path(path);
    fs::write(&tmp, text)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|source| {
            let _ = fs::remove_file(&tmp);
            Error::WriteOutput {
                path: path.to_path_buf(),
                source,
            }
        })
}

/// `path` relative to `root` with `/` separators, when it lies under `root`.
fn relative_url_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

/// Pretty JSON with a trailing newline.
fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .expect("a serde_json::Value with string keys always serializes");
    text.push('\n');
    text
}

/// The foreign keys of `table`: its `release_id` points at `releases.release_id` (every table
/// with that column, except `releases` itself).
fn foreign_keys(table: &TableDef) -> Vec<Value> {
    if table.name == schema::RELEASES.name || table.column_index(RELEASE_ID).is_none() {
        return Vec::new();
    }
    vec![json!({
        "fields": RELEASE_ID,
        "reference": {"resource": schema::RELEASES.name, "fields": RELEASE_ID},
    })]
}

/// The Table Schema of `table` as in `schemas/`, plus its foreign keys.
fn resource_schema(table: &TableDef) -> Value {
    let mut value: Value = serde_json::from_str(&schemas::table_schema_json(table))
        .expect("schemas::table_schema_json writes valid JSON");
    let keys = foreign_keys(table);
    if let (Value::Object(map), false) = (&mut value, keys.is_empty()) {
        map.insert("foreignKeys".into(), Value::Array(keys));
    }
    value
}

/// The Frictionless Tabular Data Package descriptor of the CSV files, as the text of
/// `datapackage.json`. `csv_bom` says whether the files start with a byte order mark
/// (declared as the `utf-8-sig` encoding, which Python readers, Frictionless among them, skip).
pub fn datapackage_json(info: &PackageInfo, csv_bom: bool) -> String {
    let resources: Vec<Value> = TABLES
        .iter()
        .map(|table| {
            json!({
                "name": table.name,
                "path": format!("{}/{}.csv", Format::Csv.dir_name(), table.name),
                "profile": "tabular-data-resource",
                "title": table.name,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": if csv_bom { "utf-8-sig" } else { "utf-8" },
                "dialect": {
                    "delimiter": ",",
                    "doubleQuote": true,
                    "header": true,
                    "lineTerminator": "\n",
                    "quoteChar": "\"",
                },
                "schema": resource_schema(table),
            })
        })
        .collect();
    pretty(&json!({
        "profile": "tabular-data-package",
        "name": info.name(),
        "title": info.title,
        "description": info.description,
        "keywords": info.keywords,
        "licenses": [{
            "name": info.license.name,
            "path": info.license.url,
            "title": info.license.title,
        }],
        "sources": info.sources.iter().map(|s| json!({"title": s.title, "path": s.url})).collect::<Vec<_>>(),
        "contributors": [{"title": info.publisher, "role": "publisher"}],
        "schemaVersion": schema::SCHEMA_VERSION,
        "resources": resources,
    }))
}

/// How `data.json` describes one file: media type, format, and the schema file describing it.
fn distribution(info: &PackageInfo, file: &str) -> Value {
    let base = info.base_url();
    let mut parts = file.split('/');
    let first = parts.next().unwrap_or_default();
    let table = parts
        .next()
        .map(|s| s.trim_end_matches(".csv").trim_end_matches(".jsonl"))
        .map(|s| s.trim_end_matches(".parquet"));
    let table = table.and_then(|t| TABLES.iter().find(|d| d.name == t));
    let (media_type, format, schema_file, schema_type) = match (first, table) {
        ("csv", Some(t)) => (
            "text/csv",
            "CSV",
            Some(schemas::table_schema_file_name(t)),
            "application/json",
        ),
        ("jsonl", Some(t)) => (
            "application/x-ndjson",
            "JSON Lines",
            Some(schemas::json_schema_file_name(t)),
            "application/schema+json",
        ),
        ("parquet", Some(t)) => (
            "application/vnd.apache.parquet",
            "Parquet",
            Some(schemas::table_schema_file_name(t)),
            "application/json",
        ),
        (DATAPACKAGE_FILE, _) => ("application/json", "Frictionless Data Package", None, ""),
        _ => ("text/html", "HTML", None, ""),
    };
    let title = match table {
        Some(t) => format!("{} ({format}): {}", t.name, file),
        None => file.to_string(),
    };
    let mut value = json!({
        "@type": "dcat:Distribution",
        "title": title,
        "downloadURL": format!("{base}{file}"),
        "mediaType": media_type,
        "format": format,
    });
    if let (Some(t), Value::Object(map)) = (table, &mut value) {
        map.insert("description".into(), Value::from(t.description));
    }
    if let (Some(schema_file), Value::Object(map)) = (schema_file, &mut value) {
        map.insert(
            "describedBy".into(),
            Value::from(format!("{base}{SCHEMAS_DIR}/{schema_file}")),
        );
        map.insert("describedByType".into(), Value::from(schema_type));
    }
    if let (DATAPACKAGE_FILE, Value::Object(map)) = (file, &mut value) {
        map.insert(
            "conformsTo".into(),
            Value::from("https://specs.frictionlessdata.io/data-package/"),
        );
    }
    value
}

/// The DCAT-US (Project Open Data v1.1) catalog with one dataset, as the text of `data.json`.
/// `files` are the published files relative to the output root; each becomes a distribution.
/// `modified` is the date of the latest dated release (`1970-01-01` when no release has a
/// date), so the document depends on the data only.
pub fn data_json(summary: &Summary, info: &PackageInfo, files: &[String]) -> String {
    let base = info.base_url();
    let range = summary
        .date_range
        .map(|(first, last)| (first.to_string(), last.to_string()));
    let modified = range
        .as_ref()
        .map_or_else(|| "1970-01-01".to_string(), |(_, last)| last.clone());
    let mut entry = json!({
        "@type": "dcat:Dataset",
        "title": info.title,
        "description": info.description,
        "keyword": info.keywords,
        "modified": modified,
        "publisher": {"@type": "org:Organization", "name": info.publisher},
        "contactPoint": {
            "@type": "vcard:Contact",
            "fn": info.contact_name,
            "hasEmail": format!("mailto:{}", info.contact_email),
        },
        "identifier": info.identifier.clone().unwrap_or_else(|| info.name()),
        "accessLevel": "public",
        "license": info.license.url,
        "accrualPeriodicity": "irregular",
        "language": ["en-US"],
        "describedBy": format!("{base}{DATAPACKAGE_FILE}"),
        "describedByType": "application/json",
        "landingPage": base,
        "references": info.sources.iter().map(|s| s.url.clone()).collect::<Vec<_>>(),
        "distribution": files.iter().map(|f| distribution(info, f)).collect::<Vec<_>>(),
    });
    if let (Some((first, last)), Value::Object(map)) = (range, &mut entry) {
        map.insert("temporal".into(), Value::from(format!("{first}/{last}")));
    }
    pretty(&json!({
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": format!("{base}{DATA_JSON_FILE}"),
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": [entry],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;
    use crate::records::tests::sample_release;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn package_info_name_is_a_frictionless_slug() {
        let info = PackageInfo::default();
        assert_eq!(
            info.name(),
            "los-angeles-county-office-of-education-news-releases"
        );
        let odd = PackageInfo {
            title: "  Café & Co.: 2026!  ".into(),
            ..PackageInfo::default()
        };
        assert_eq!(odd.name(), "caf-co-2026");
        let empty = PackageInfo {
            title: "—".into(),
            ..PackageInfo::default()
        };
        assert_eq!(empty.name(), "pressroom");
    }

    #[test]
    fn package_info_from_meta_keeps_defaults_for_missing_fields() {
        let meta = DatasetMeta {
            title: Some("Example County news".into()),
            contact_email: Some("data@example.gov".into()),
            base_url: Some("https://files.example.gov/news/".into()),
            ..DatasetMeta::default()
        };
        let info = PackageInfo::from_meta(&meta, None);
        assert_eq!(info.title, "Example County news");
        assert_eq!(info.contact_email, "data@example.gov");
        assert_eq!(info.license, PackageInfo::default().license);
        assert_eq!(info.base_url(), "https://files.example.gov/news/");
        let flag = PackageInfo::from_meta(&meta, Some("https://cdn.example.gov/".into()));
        assert_eq!(flag.base_url(), "https://cdn.example.gov/");
        assert_eq!(
            PackageInfo::from_meta(&DatasetMeta::default(), None),
            PackageInfo::default()
        );
    }

    #[test]
    fn package_info_base_url_ends_with_a_slash() {
        let mut info = PackageInfo::default();
        assert_eq!(info.base_url(), PLACEHOLDER_BASE_URL);
        info.base_url = Some("https://data.lacounty.gov/news".into());
        assert_eq!(info.base_url(), "https://data.lacounty.gov/news/");
    }

    #[test]
    fn datapackage_json_describes_every_csv_table_with_keys() {
        let p = parse(&datapackage_json(&PackageInfo::default(), false));
        assert_eq!(p["profile"], "tabular-data-package");
        assert_eq!(p["licenses"][0]["name"], "CC-BY-4.0");
        let resources = p["resources"].as_array().unwrap();
        assert_eq!(resources.len(), TABLES.len());
        for (resource, table) in resources.iter().zip(TABLES) {
            assert_eq!(resource["name"], table.name);
            assert_eq!(resource["path"], format!("csv/{}.csv", table.name));
            assert_eq!(resource["encoding"], "utf-8");
            let fields = resource["schema"]["fields"].as_array().unwrap();
            assert_eq!(fields.len(), table.columns.len());
            assert_eq!(resource["schema"]["primaryKey"], json!(table.primary_key));
        }
        let fk = |name: &str| {
            resources.iter().find(|r| r["name"] == name).unwrap()["schema"]
                .get("foreignKeys")
                .cloned()
        };
        assert_eq!(fk("releases"), None);
        assert_eq!(fk("rejects"), None);
        for child in ["programs", "partners", "outcomes", "people"] {
            assert_eq!(
                fk(child),
                Some(json!([{"fields": "release_id",
                    "reference": {"resource": "releases", "fields": "release_id"}}])),
                "{child}"
            );
        }
    }

    #[test]
    fn datapackage_json_declares_the_bom() {
        let p = parse(&datapackage_json(&PackageInfo::default(), true));
        assert_eq!(p["resources"][0]["encoding"], "utf-8-sig");
    }

    #[test]
    fn data_json_lists_a_distribution_per_file() {
        let mut late = sample_release();
        late.release_id = "late".into();
        late.published.as_mut().unwrap().local =
            chrono::DateTime::parse_from_rfc3339("2026-03-02T20:00:00-08:00").unwrap();
        let mut undated = sample_release();
        undated.published = None;
        let dataset = Dataset {
            releases: vec![sample_release(), late, undated],
            ..Dataset::default()
        };
        let files = [
            "csv/outcomes.csv".to_string(),
            "jsonl/outcomes.jsonl".to_string(),
            "parquet/outcomes/year=2026/part-0.parquet".to_string(),
            "datapackage.json".to_string(),
            "report.html".to_string(),
        ];
        let d = parse(&data_json(
            &Summary::of(&dataset),
            &PackageInfo::default(),
            &files,
        ));
        assert_eq!(
            d["conformsTo"],
            "https://project-open-data.cio.gov/v1.1/schema"
        );
        let entry = &d["dataset"][0];
        // 20:00 PST on 2 March is 3 March in UTC.
        assert_eq!(entry["modified"], "2026-03-03");
        assert_eq!(entry["temporal"], "2026-01-26/2026-03-03");
        assert_eq!(entry["accessLevel"], "public");
        assert_eq!(
            entry["contactPoint"]["hasEmail"],
            "mailto:opendata@example.org"
        );
        let dist = entry["distribution"].as_array().unwrap();
        assert_eq!(dist.len(), files.len());
        assert_eq!(
            dist[0]["downloadURL"],
            format!("{PLACEHOLDER_BASE_URL}csv/outcomes.csv")
        );
        assert_eq!(dist[0]["mediaType"], "text/csv");
        assert_eq!(
            dist[0]["describedBy"],
            format!("{PLACEHOLDER_BASE_URL}schemas/outcomes.table-schema.json")
        );
        assert_eq!(dist[1]["mediaType"], "application/x-ndjson");
        assert_eq!(
            dist[1]["describedBy"],
            format!("{PLACEHOLDER_BASE_URL}schemas/outcomes.json-schema.json")
        );
        assert_eq!(dist[2]["mediaType"], "application/vnd.apache.parquet");
        assert_eq!(dist[3]["format"], "Frictionless Data Package");
        assert_eq!(dist[4]["mediaType"], "text/html");
    }

    #[test]
    fn data_json_without_dates_is_still_valid_and_stable() {
        let d = data_json(&Summary::default(), &PackageInfo::default(), &[]);
        assert_eq!(
            d,
            data_json(&Summary::default(), &PackageInfo::default(), &[])
        );
        let d = parse(&d);
        assert_eq!(d["dataset"][0]["modified"], "1970-01-01");
        assert_eq!(d["dataset"][0].get("temporal"), None);
    }

    #[test]
    fn relative_url_path_uses_forward_slashes() {
        let root = Path::new("/out");
        assert_eq!(
            relative_url_path(root, &root.join("parquet").join("a").join("b.parquet")).as_deref(),
            Some("parquet/a/b.parquet")
        );
        assert_eq!(relative_url_path(root, Path::new("/elsewhere/x")), None);
    }
}
