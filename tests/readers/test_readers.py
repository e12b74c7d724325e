"""pressroom's outputs, judged by the tools our users load them with.

Reads every table with pyarrow, pandas, polars and DuckDB (Parquet, CSV and JSON Lines), checks
types, row counts, keys and offsets, reads the Hive-partitioned layout, validates
datapackage.json with frictionless and data.json against the DCAT-US schema in tests/dcat/, runs
the README's "Load it" snippets and opens report.html in headless Chromium.

Run: `python -m pytest tests/readers` in a virtual environment holding requirements.txt (see
.ci/run); the outputs are built by conftest.py.
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

import duckdb
import jsonschema
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from conftest import ROOT

TABLES = ["releases", "programs", "partners", "outcomes", "people", "rejects"]
CHILD_TABLES = ["programs", "partners", "outcomes", "people"]
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
BOM = b"\xef\xbb\xbf"


def parquet_path(out: Path, table: str) -> Path:
    return out / "parquet" / f"{table}.parquet"


def jsonl_rows(out: Path, table: str) -> list:
    text = (out / "jsonl" / f"{table}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def enum_columns(package: dict, table: str) -> list:
    resource = next(r for r in package["resources"] if r["name"] == table)
    return [
        f["name"] for f in resource["schema"]["fields"] if "enum" in f.get("constraints", {})
    ]


def sql(query: str, *params):
    return duckdb.connect().execute(query, list(params)).fetchall()


# ---------------------------------------------------------------------------------------------
# Every table, every reader


def test_package_lists_every_table(tables):
    assert tables == TABLES


def test_sample_has_rows_in_every_table(flat):
    for table in TABLES:
        assert jsonl_rows(flat, table), f"{table} is empty: the checks below would prove little"


@pytest.mark.parametrize("table", TABLES)
def test_row_counts_are_equal_across_formats_and_readers(flat, table):
    pq_file = parquet_path(flat, table)
    csv_file = flat / "csv" / f"{table}.csv"
    jsonl_file = flat / "jsonl" / f"{table}.jsonl"
    counts = {
        "jsonl lines": len(jsonl_file.read_text(encoding="utf-8").splitlines()),
        "pyarrow parquet": pq.read_table(pq_file).num_rows,
        "pandas parquet": len(pd.read_parquet(pq_file)),
        "polars parquet": pl.read_parquet(pq_file).height,
        "duckdb parquet": sql("SELECT count(*) FROM read_parquet(?)", str(pq_file))[0][0],
        "pyarrow csv": pacsv.read_csv(
            csv_file, parse_options=pacsv.ParseOptions(newlines_in_values=True)
        ).num_rows,
        "pandas csv": len(pd.read_csv(csv_file)),
        "polars csv": pl.read_csv(csv_file).height,
        "duckdb csv": sql("SELECT count(*) FROM read_csv(?)", str(csv_file))[0][0],
        "python csv": sum(1 for _ in csv.DictReader(io.StringIO(csv_file.read_text("utf-8")))),
        "pandas jsonl": len(pd.read_json(jsonl_file, lines=True)),
        "polars jsonl": pl.read_ndjson(jsonl_file).height,
        "duckdb jsonl": sql(
            "SELECT count(*) FROM read_json(?, format = 'newline_delimited')", str(jsonl_file)
        )[0][0],
    }
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize("table", TABLES)
def test_csv_header_and_columns_match_parquet(flat, table):
    header = (flat / "csv" / f"{table}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert header.split(",") == pq.read_schema(parquet_path(flat, table)).names


# ---------------------------------------------------------------------------------------------
# Types


def test_pandas_types(flat, package):
    releases = pd.read_parquet(parquet_path(flat, "releases"))
    at = releases.dtypes["published_at"]
    assert isinstance(at, pd.DatetimeTZDtype), at
    assert str(at.tz) == "UTC"
    undated = sum(1 for r in jsonl_rows(flat, "releases") if r["published_at"] is None)
    assert releases["published_at"].isna().sum() == undated > 0, "nulls stay nulls"
    assert releases.dtypes["word_count"] == "int64"
    assert releases["summary"].isna().any(), "nulls stay nulls"
    warnings = releases["warnings"]
    assert all(all(isinstance(w, str) for w in ws) for ws in warnings), "lists stay lists"
    assert any(len(ws) > 0 for ws in warnings)
    for table in TABLES:
        frame = pd.read_parquet(parquet_path(flat, table))
        for column in enum_columns(package, table):
            assert isinstance(frame.dtypes[column], pd.CategoricalDtype), (table, column)
    # Nullable integers keep their type with pandas' nullable dtypes.
    rejects = pd.read_parquet(parquet_path(flat, "rejects"), dtype_backend="numpy_nullable")
    assert str(rejects.dtypes["line"]) == "Int64"
    assert rejects["line"].isna().any() and rejects["line"].notna().any()


def test_polars_types(flat):
    releases = pl.read_parquet(parquet_path(flat, "releases"))
    assert releases.schema["published_at"] == pl.Datetime("us", "UTC")
    assert releases.schema["word_count"] == pl.Int64
    assert releases.schema["warnings"] == pl.List(pl.String)
    outcomes = pl.read_parquet(parquet_path(flat, "outcomes"))
    assert outcomes.schema["kind"] == pl.Categorical
    assert outcomes.schema["value"] == pl.Float64
    assert outcomes.schema["start"] == pl.Int64
    assert outcomes["qualifier"].null_count() > 0


def test_duckdb_types(flat):
    described = dict(
        (name, ty)
        for name, ty, *_ in sql(
            "DESCRIBE SELECT * FROM read_parquet(?)", str(parquet_path(flat, "releases"))
        )
    )
    assert described["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert described["word_count"] == "BIGINT"
    assert described["warnings"] == "VARCHAR[]"


def test_pyarrow_types_and_metadata(flat, package):
    for table in TABLES:
        path = parquet_path(flat, table)
        schema = pq.read_schema(path)
        assert schema.metadata[b"schema_version"] == package["schemaVersion"].encode()
        assert schema.metadata[b"table"] == table.encode()
        for field in schema:
            assert field.metadata and field.metadata.get(b"description"), (table, field.name)
        for column in enum_columns(package, table):
            assert schema.field(column).type == pa.dictionary(pa.int32(), pa.string())
        meta = pq.ParquetFile(path).metadata
        if meta.num_rows:
            stats = meta.row_group(0).column(0).statistics
            assert stats is not None and stats.has_min_max, f"{table}: statistics are on"
    releases = pq.read_schema(parquet_path(flat, "releases"))
    assert releases.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert releases.field("warnings").type == pa.list_(pa.field("item", pa.string(), False))


# ---------------------------------------------------------------------------------------------
# Keys and offsets


@pytest.mark.parametrize("table", CHILD_TABLES)
def test_every_child_row_has_its_release(flat, table):
    orphans = sql(
        "SELECT count(*) FROM read_parquet(?) c "
        "WHERE c.release_id NOT IN (SELECT release_id FROM read_parquet(?))",
        str(parquet_path(flat, table)),
        str(parquet_path(flat, "releases")),
    )[0][0]
    assert orphans == 0
    release_ids = {r["release_id"] for r in jsonl_rows(flat, "releases")}
    assert {r["release_id"] for r in jsonl_rows(flat, table)} <= release_ids


def test_primary_keys_are_unique(flat, package):
    for resource in package["resources"]:
        key = resource["schema"]["primaryKey"]
        rows = jsonl_rows(flat, resource["name"])
        keys = [tuple(r[k] for k in key) for r in rows]
        assert len(keys) == len(set(keys)), resource["name"]


def test_duckdb_joins_releases_and_outcomes(flat):
    rows = sql(
        "SELECT r.title, o.value, o.kind, o.text FROM read_parquet(?) o "
        "JOIN read_parquet(?) r USING (release_id) ORDER BY r.published_at, o.outcome_index",
        str(parquet_path(flat, "outcomes")),
        str(parquet_path(flat, "releases")),
    )
    assert len(rows) == len(jsonl_rows(flat, "outcomes"))
    assert all(title and text for title, _, _, text in rows)


def test_outcome_offsets_select_the_text(flat):
    bodies = {r["release_id"]: r["body"] for r in jsonl_rows(flat, "releases")}
    outcomes = jsonl_rows(flat, "outcomes")
    assert outcomes
    for o in outcomes:
        assert bodies[o["release_id"]][o["start"] : o["end"]] == o["text"], o
    # The same through Parquet and pandas.
    frame = pd.read_parquet(parquet_path(flat, "outcomes")).merge(
        pd.read_parquet(parquet_path(flat, "releases"))[["release_id", "body"]], on="release_id"
    )
    for body, start, end, text in frame[["body", "start", "end", "text"]].itertuples(index=False):
        assert body[start:end] == text


# ---------------------------------------------------------------------------------------------
# The partitioned layout


def test_partitioned_layout_is_hive_style(outputs):
    root = outputs["partitioned"] / "parquet"
    assert not list(root.glob("*.parquet")), "no flat files next to the partition folders"
    for table in TABLES:
        parts = sorted(p.relative_to(root / table).as_posix() for p in (root / table).rglob("*"))
        files = [p for p in parts if p.endswith(".parquet")]
        if table == "rejects":
            # A file that did not parse has no date: one unpartitioned file.
            assert files == ["part-0.parquet"]
            continue
        assert files, table
        for f in files:
            assert re.fullmatch(rf"year=(\d{{4}}|{NULL_PARTITION})/part-0\.parquet", f), f


@pytest.mark.parametrize("table", TABLES)
def test_partitioned_layout_reads_as_one_table(outputs, table):
    root = outputs["partitioned"] / "parquet" / table
    flat_rows = pq.read_table(parquet_path(outputs["flat"], table)).num_rows
    # Type the partition column, as the README shows: pyarrow cannot infer it from a table whose
    # only partition is the null one.
    year = pads.partitioning(pa.schema([("year", pa.int32())]), flavor="hive")
    dataset = pads.dataset(root, format="parquet", partitioning=year)
    assert dataset.count_rows() == flat_rows
    if table != "rejects":
        assert "year" in dataset.schema.names
        inferred = pads.dataset(root, format="parquet", partitioning="hive")
        assert inferred.count_rows() == flat_rows
    duck = sql(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)", f"{root}/**/*.parquet"
    )[0][0]
    assert duck == flat_rows
    polars = pl.scan_parquet(root, hive_partitioning=True).collect()
    assert polars.height == flat_rows
    assert ("year" in polars.columns) == (table != "rejects")


@pytest.mark.parametrize("table", TABLES)
def test_shard_parts_read_as_the_whole_table(outputs, table):
    whole = pq.read_table(parquet_path(outputs["flat"], table)).to_pandas()
    parts = outputs["shards"] / "parquet" / table
    assert sorted(p.name for p in parts.iterdir()) == [f"part-{k}-of-4.parquet" for k in range(4)]
    key = list(whole.columns)
    duck = duckdb.connect().execute(
        "SELECT * FROM read_parquet(?)", [f"{parts}/*.parquet"]
    ).df()
    polars = pl.scan_parquet(f"{parts}/*.parquet").collect().to_pandas()
    arrow = pads.dataset(parts, format="parquet").to_table().to_pandas()
    for frame in (duck, polars, arrow):
        assert len(frame) == len(whole)
        assert list(frame.columns) == key
    # Same rows as one run's file: compare as sorted JSON text, so nulls and types count.
    def rows(frame):
        return sorted(frame.astype(str).to_json(orient="records", lines=True).splitlines())

    assert rows(arrow) == rows(whole)
    csv_rows = duckdb.connect().execute(
        "SELECT count(*) FROM read_csv(?, header = true)", [f"{outputs['shards']}/csv/{table}/*.csv"]
    ).fetchone()[0]
    assert csv_rows == len(whole)


def test_partition_year_is_the_release_year(outputs):
    root = outputs["partitioned"] / "parquet"
    releases = sql(
        "SELECT release_id, year, year(published_at AT TIME ZONE 'UTC') FROM "
        "read_parquet(?, hive_partitioning = true)",
        f"{root}/releases/**/*.parquet",
    )
    assert releases
    years = {}
    for release_id, year, published_year in releases:
        assert year == published_year, (release_id, year, published_year)
        years[release_id] = year
    assert None in years.values(), "the undated releases are in the null partition"
    outcomes = sql(
        "SELECT release_id, year FROM read_parquet(?, hive_partitioning = true)",
        f"{root}/outcomes/**/*.parquet",
    )
    assert outcomes
    for release_id, year in outcomes:
        assert years[release_id] == year
    frame = pl.scan_parquet(root / "releases", hive_partitioning=True).collect()
    assert frame["year"].null_count() == sum(1 for y in years.values() if y is None)


# ---------------------------------------------------------------------------------------------
# Portal metadata


def frictionless_cli() -> str:
    candidate = Path(sys.executable).with_name("frictionless")
    return str(candidate) if candidate.exists() else "frictionless"


@pytest.mark.parametrize("run", ["flat", "bom"])
def test_frictionless_validates_the_data_package(outputs, run):
    descriptor = outputs[run] / "datapackage.json"
    result = subprocess.run(
        [frictionless_cli(), "validate", "datapackage.json"],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_frictionless_sees_the_foreign_keys(flat):
    import frictionless

    package = frictionless.Package(str(flat / "datapackage.json"))
    outcomes = package.get_resource("outcomes")
    assert outcomes.schema.foreign_keys == [
        {"fields": ["release_id"], "reference": {"resource": "releases", "fields": ["release_id"]}}
    ]
    # A broken reference is caught: the check above is not vacuous.
    with tempfile.TemporaryDirectory() as tmp:
        broken = Path(tmp)
        shutil.copytree(flat / "csv", broken / "csv")
        shutil.copy(flat / "datapackage.json", broken)
        lines = (broken / "csv" / "outcomes.csv").read_text("utf-8").split("\n")
        lines[1] = "ffffffffffffffff" + lines[1][16:]
        (broken / "csv" / "outcomes.csv").write_text("\n".join(lines), "utf-8")
        report = frictionless.validate(str(broken / "datapackage.json"))
        assert not report.valid
        assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def dcat_validator():
    schema = json.loads((ROOT / "tests" / "dcat" / "catalog.schema.json").read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def test_data_json_is_valid_dcat_us(outputs):
    validator = dcat_validator()
    for run in ("flat", "partitioned", "bom"):
        catalog = json.loads((outputs[run] / "data.json").read_text("utf-8"))
        errors = [e.message for e in validator.iter_errors(catalog)]
        assert not errors, (run, errors)


def test_data_json_lists_every_file_with_its_schema(outputs):
    for run in ("flat", "partitioned", "bom"):
        out = outputs[run]
        catalog = json.loads((out / "data.json").read_text("utf-8"))
        entry = catalog["dataset"][0]
        base = entry["landingPage"]
        urls = {d["downloadURL"] for d in entry["distribution"]}
        data_files = [
            p.relative_to(out).as_posix()
            for sub in ("csv", "jsonl", "parquet")
            for p in (out / sub).rglob("*")
            if p.is_file() and not p.name.endswith(".tmp")
        ]
        assert data_files
        for f in data_files:
            assert base + f in urls, (run, f)
        for d in entry["distribution"]:
            described = d.get("describedBy")
            if described:
                assert (out / described[len(base) :]).is_file(), described


def test_sharded_runs_write_no_package_files(outputs):
    # Each shard sees only its part of the inputs; a package file written by one of them would
    # describe a quarter of the data (README, "Sharded runs").
    for name in ("datapackage.json", "data.json", "report.html"):
        assert not (outputs["shards"] / name).exists(), name
    assert sorted(p.name for p in (outputs["shards"] / "manifests").iterdir()) == [
        f"part-{k}-of-4.json" for k in range(4)
    ]


def test_dcat_validator_rejects_broken_catalogs(flat):
    validator = dcat_validator()
    good = json.loads((flat / "data.json").read_text("utf-8"))
    for breaks in [
        lambda c: c["dataset"][0].pop("modified"),
        lambda c: c["dataset"][0].pop("contactPoint"),
        lambda c: c["dataset"][0].update(accessLevel="open"),
        lambda c: c["dataset"][0].update(modified="last Tuesday"),
        lambda c: c["dataset"][0]["distribution"][0].update(downloadURL="not a url"),
        lambda c: c["dataset"][0]["distribution"][0].pop("mediaType"),
        lambda c: c["dataset"][0]["contactPoint"].update(hasEmail="nobody"),
        lambda c: c.update(conformsTo="https://example.org/schema"),
    ]:
        catalog = json.loads(json.dumps(good))
        breaks(catalog)
        assert not validator.is_valid(catalog), catalog


# ---------------------------------------------------------------------------------------------
# CSV for portals and spreadsheets


def test_csv_bom_is_written_only_when_asked(outputs):
    for table in TABLES:
        plain = (outputs["flat"] / "csv" / f"{table}.csv").read_bytes()
        with_bom = (outputs["bom"] / "csv" / f"{table}.csv").read_bytes()
        assert not plain.startswith(BOM)
        assert with_bom == BOM + plain
    frame = pd.read_csv(outputs["bom"] / "csv" / "releases.csv", encoding="utf-8-sig")
    assert frame.columns[0] == "release_id"


def test_csv_null_and_empty_string_differ_for_duckdb(flat):
    # A null is an empty unquoted field, an empty string is "": DuckDB keeps them apart.
    rows = sql(
        "SELECT count(*) FILTER (WHERE summary IS NULL) FROM read_csv(?)",
        str(flat / "csv" / "releases.csv"),
    )
    nulls = sum(1 for r in jsonl_rows(flat, "releases") if r["summary"] is None)
    assert rows[0][0] == nulls > 0


def test_csv_lists_are_json_arrays(flat):
    for row in csv.DictReader(io.StringIO((flat / "csv" / "releases.csv").read_text("utf-8"))):
        assert isinstance(json.loads(row["warnings"]), list)


# ---------------------------------------------------------------------------------------------
# README "Load it" snippets


def load_it_blocks() -> list:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("\n## Load it\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(python|sql)\n(.*?)```", section, flags=re.S)


def test_readme_load_it_snippets_run(outputs, monkeypatch, tmp_path):
    blocks = load_it_blocks()
    languages = [lang for lang, _ in blocks]
    assert languages.count("python") >= 2 and "sql" in languages, languages
    # The snippets read `output/` (the default layout) and `output-by-year/` (partitioned).
    (tmp_path / "output").symlink_to(outputs["flat"], target_is_directory=True)
    (tmp_path / "output-by-year").symlink_to(outputs["partitioned"], target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for lang, code in blocks:
        if lang == "python":
            printed = io.StringIO()
            with redirect_stdout(printed):
                exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
            assert printed.getvalue().strip(), f"snippet printed nothing:\n{code}"
        else:
            for statement in filter(str.strip, code.split(";")):
                rows = duckdb.connect().execute(statement).fetchall()
                assert rows, f"no rows from:\n{statement}"


# ---------------------------------------------------------------------------------------------
# report.html in a real browser

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is missing in CI: .ci/run installs it (apt-get install chromium)")
    pytest.skip("chromium is not installed (CI=true makes this a failure)")


def run_chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )


def test_report_html_renders_the_figures_in_chromium(flat, tmp_path):
    report = flat / "report.html"
    text = report.read_text("utf-8")
    assert not re.search(r"(src|href)\s*=|<script|<link|url\(", text), "no external assets"
    result = run_chromium("--dump-dom", report.as_uri())
    assert result.returncode == 0, result.stderr
    dom = result.stdout
    releases = jsonl_rows(flat, "releases")
    months = re.findall(r'<g class="month" data-month="([^"]+)" data-count="(\d+)"', dom)
    assert months, dom[:2000]
    assert sum(int(n) for _, n in months) == len(releases)
    assert len(re.findall(r'<rect class="bar', dom)) == len(months)
    outcome_rows = re.search(r'<table id="outcomes">.*?</table>', dom, flags=re.S).group(0)
    assert outcome_rows.count("<tr>") == 1 + min(len(jsonl_rows(flat, "outcomes")), 200)
    for table_id in ("top-programs", "top-partners", "rejects", "warnings"):
        assert f'<table id="{table_id}">' in dom
    reject_rows = re.search(r'<table id="rejects">.*?</table>', dom, flags=re.S).group(0)
    assert reject_rows.count("<tr>") == 1 + len(jsonl_rows(flat, "rejects"))

    shot = tmp_path / "report.png"
    result = run_chromium("--hide-scrollbars", "--window-size=1280,1800", f"--screenshot={shot}", report.as_uri())
    assert result.returncode == 0, result.stderr
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    keep = os.environ.get("PRESSROOM_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
