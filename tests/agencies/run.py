#!/usr/bin/env python3
"""Runs pressroom over the agency releases and writes one JSON Lines output folder for the scorer.

usage: run.py BIN OUT [--publishers]

Without --publishers every file is run with the default configuration, as an unknown agency's
release would be; with it, each file is run with its publisher's names from publishers.json.
Standard library only.
"""
import json
import os
import subprocess
import sys
import tempfile

TABLES = ["releases", "programs", "partners", "outcomes", "people", "rejects"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, out = sys.argv[1], sys.argv[2]
    use_publishers = "--publishers" in sys.argv[3:]
    here = os.path.dirname(os.path.abspath(__file__))
    publishers = json.load(open(os.path.join(here, "publishers.json"), encoding="utf-8"))
    files = sorted(f for f in os.listdir(here) if f.endswith(".txt"))
    os.makedirs(os.path.join(out, "jsonl"), exist_ok=True)
    merged = {t: [] for t in TABLES}
    for name in files:
        args = [binary, "extract", os.path.join(here, name), "--formats", "jsonl"]
        if use_publishers:
            for p in publishers.get(name[:-4], []):
                args += ["--publisher", p]
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run(args + ["--out", tmp], capture_output=True, text=True)
            if proc.returncode not in (0, 3):
                sys.exit(f"{name}: exit {proc.returncode}: {proc.stderr}")
            for t in TABLES:
                with open(os.path.join(tmp, "jsonl", t + ".jsonl"), encoding="utf-8") as f:
                    merged[t].append(f.read())
    for t in TABLES:
        with open(os.path.join(out, "jsonl", t + ".jsonl"), "w", encoding="utf-8") as f:
            f.write("".join(merged[t]))


if __name__ == "__main__":
    main()
