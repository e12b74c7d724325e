"""Fixtures of the reader suite: fresh pressroom outputs, built once per session.

The binary is `$PRESSROOM_BIN` when set (.ci/run points it at the binary `cargo test` built);
otherwise `cargo build --release` builds target/release/pressroom. Three runs over the sample
releases (`input/`) and the test fixtures (`tests/fixtures/`, whose `broken/` folder gives
rejects):

- `flat`: the default layout, one file per table and format;
- `partitioned`: `--partition-by year`;
- `bom`: `--csv-bom --formats csv`;
- `shards`: four runs `--shard K/4` into one folder (part files per table).
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [ROOT / "input", ROOT / "tests" / "fixtures"]
# `extract` exits 0 when every input became a release and 3 when some were rejected.
OK_EXIT_CODES = (0, 3)


def pressroom_binary() -> Path:
    env = os.environ.get("PRESSROOM_BIN")
    if env:
        path = Path(env)
        if not path.is_absolute():
            path = ROOT / path
        assert path.is_file(), f"PRESSROOM_BIN={env} is not a file"
        return path
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "pressroom"], cwd=ROOT, check=True
    )
    return ROOT / "target" / "release" / "pressroom"


def run_extract(binary: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    cmd = [str(binary), "extract", *map(str, INPUTS), "--out", str(out), *flags]
    # A pressroom.toml in the working directory would change the run: use a neutral one.
    result = subprocess.run(cmd, cwd=out.parent, capture_output=True, text=True)
    assert result.returncode in OK_EXIT_CODES, (
        f"{' '.join(cmd)} exited {result.returncode}\n{result.stderr}"
    )
    return result


@pytest.fixture(scope="session")
def binary() -> Path:
    return pressroom_binary()


@pytest.fixture(scope="session")
def outputs(tmp_path_factory, binary) -> dict:
    base = tmp_path_factory.mktemp("pressroom")
    runs = {
        "flat": [],
        "partitioned": ["--partition-by", "year"],
        "bom": ["--csv-bom", "--formats", "csv"],
    }
    dirs = {}
    for name, flags in runs.items():
        out = base / name
        run_extract(binary, out, *flags)
        dirs[name] = out
    shards = base / "shards"
    for k in range(4):
        run_extract(binary, shards, "--shard", f"{k}/4")
    dirs["shards"] = shards
    return dirs


@pytest.fixture(scope="session")
def flat(outputs) -> Path:
    return outputs["flat"]


@pytest.fixture(scope="session")
def package(flat) -> dict:
    return json.loads((flat / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def tables(package) -> list:
    return [resource["name"] for resource in package["resources"]]
