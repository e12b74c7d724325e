#!/usr/bin/env bash
# Checks that a build of pressroom gives the same tables as a saved baseline: the guard for
# performance work, which must not change a single row.
#
#   benches/same-rows.sh save BIN CORPUS BASELINE    # writes BASELINE from BIN's run on CORPUS
#   benches/same-rows.sh check BIN CORPUS BASELINE   # runs BIN on CORPUS, compares with BASELINE
#
# A run is `BIN extract CORPUS --out OUT --formats csv,jsonl,parquet -q`. Every file under
# OUT/csv, OUT/jsonl and OUT/parquet is compared byte for byte (Parquet too: its writer is
# deterministic, so a changed Parquet file means changed rows or a changed writer). Exit 0 when
# all are equal, 1 with the list of differing files otherwise. Exit code 3 of `extract` (some
# inputs rejected) is accepted: the rejects table is compared like the others.
set -euo pipefail

usage() { echo "usage: $0 save|check BIN CORPUS BASELINE" >&2; exit 2; }
[[ $# -eq 4 ]] || usage
mode=$1 bin=$2 corpus=$3 baseline=$4
[[ $mode == save || $mode == check ]] || usage

run() {
    local out=$1 status=0
    rm -rf "$out"
    "$bin" extract "$corpus" --out "$out" --formats csv,jsonl,parquet -q || status=$?
    if [[ $status -ne 0 && $status -ne 3 ]]; then
        echo "same-rows.sh: $bin extract exited with $status" >&2
        exit 1
    fi
}

if [[ $mode == save ]]; then
    run "$baseline"
    echo "baseline saved in $baseline"
    exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run "$out/run"
differ=0
for sub in csv jsonl parquet; do
    while IFS= read -r -d '' file; do
        rel=${file#"$baseline/"}
        if ! cmp -s "$file" "$out/run/$rel"; then
            echo "differs: $rel"
            differ=1
        fi
    done < <(find "$baseline/$sub" -type f -print0)
    # Files the run wrote that the baseline does not have.
    while IFS= read -r -d '' file; do
        rel=${file#"$out/run/"}
        [[ -e "$baseline/$rel" ]] || { echo "new file: $rel"; differ=1; }
    done < <(find "$out/run/$sub" -type f -print0)
done
if [[ $differ -eq 0 ]]; then
    echo "same rows: every table file equals the baseline"
fi
exit $differ
