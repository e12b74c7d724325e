#!/usr/bin/env bash
# End-to-end throughput and memory of `pressroom extract` on generated corpora, against the floor
# of reading the same files (`cat` + `wc -w`).
#
# For each size it builds (or reuses) a corpus with `pressroom corpus`, reads it once to warm the
# page cache, times `find | xargs cat | wc -w` (the floor), then runs
#   /usr/bin/time -v target/release/pressroom extract CORPUS --out OUT --formats csv,jsonl,parquet
# and prints one markdown table row per size: input MB (10^6 bytes), wall seconds, MB/s,
# releases/s, CPU seconds (user + sys of time -v), peak RSS (MiB, "Maximum resident set size"),
# the size of the output folder (MiB, du -sm) and wall / floor. Then it runs the same command
# again with --incremental into the folder just written, as a scheduled job over an unchanged
# folder does (every input reused from the cache), and adds that run's wall seconds and peak RSS.
#
# Usage: benches/e2e.sh [--with-1m]
# Environment:
#   PRESSROOM_BENCH_DIR    where corpora and outputs go (default /tmp/pressroom-bench)
#   PRESSROOM_BENCH_SIZES  space-separated corpus sizes (default "10000 100000")
#   PRESSROOM_BENCH_1M=1   also run 1,000,000 releases (same as --with-1m; ~3.5 GB of input)
#   PRESSROOM_BENCH_SEED   generator seed (default 42)
#   PRESSROOM_BENCH_JOBS   passed as --jobs to extract (default 0: one thread per core)
#   PRESSROOM_BENCH_KEEP=1 keep each run's output folder (by default it is removed once measured:
#                          the output is about 12 times the input, 40 GB for 1,000,000 releases)
# A corpus is reused when its stamp file (.stamp, hidden so pressroom skips it) matches the size,
# the seed and the generator's source; otherwise it is made again.
set -euo pipefail

cd "$(dirname "$0")/.."

root=${PRESSROOM_BENCH_DIR:-/tmp/pressroom-bench}
seed=${PRESSROOM_BENCH_SEED:-42}
sizes=${PRESSROOM_BENCH_SIZES:-"10000 100000"}
jobs=${PRESSROOM_BENCH_JOBS:-0}
if [[ "${1:-}" == "--with-1m" || "${PRESSROOM_BENCH_1M:-0}" == "1" ]]; then
    sizes="$sizes 1000000"
elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--with-1m]" >&2
    exit 2
fi
bin=target/release/pressroom

for tool in /usr/bin/time find xargs wc awk sha256sum; do
    command -v "$tool" >/dev/null || { echo "e2e.sh: $tool is required" >&2; exit 1; }
done

now() { date +%s.%N; }
# seconds between two `now` stamps, 3 decimals
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# timed LOG CMD...: runs CMD under `/usr/bin/time -v` with its stderr in LOG and sets
# timed_wall (seconds); stops the script unless CMD exits 0 (all written) or 3 (written, some
# inputs rejected, listed in LOG).
timed() {
    local log=$1 t0 t1 status=0
    shift
    echo "run:   /usr/bin/time -v $*"
    t0=$(now)
    /usr/bin/time -v "$@" 2> "$log" || status=$?
    t1=$(now)
    if [[ $status -ne 0 && $status -ne 3 ]]; then
        echo "e2e.sh: $* exited with $status; see $log" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    if [[ $status -eq 3 ]]; then
        echo "note: some inputs were rejected (exit 3); see $log"
    fi
    timed_wall=$(elapsed "$t0" "$t1")
}

echo "== machine"
echo "cpus (nproc): $(nproc)"
echo "cpu model:    $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
echo "memory:       $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)"
echo "kernel:       $(uname -sr)"
echo "rustc:        $(rustc --version)"
echo "commit:       $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo

echo "== build"
cargo build --release --quiet
generator=$(sha256sum src/corpus.rs | cut -c1-16)
mkdir -p "$root"

rows=()
for n in $sizes; do
    corpus="$root/corpus-$n"
    out="$root/out-$n"
    log="$root/extract-$n.log"
    stamp="count=$n seed=$seed generator=$generator"

    echo "== $n releases"
    if [[ -f "$corpus/.stamp" && "$(cat "$corpus/.stamp")" == "$stamp" ]]; then
        echo "reusing $corpus"
    else
        rm -rf "$corpus"
        "$bin" corpus --count "$n" --seed "$seed" --out "$corpus"
        echo "$stamp" > "$corpus/.stamp"
    fi
    bytes=$(find "$corpus" -name '*.txt' -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    files=$(find "$corpus" -name '*.txt' -type f | wc -l)

    # The floor: read every file. Once to warm the page cache, then timed.
    find "$corpus" -name '*.txt' -type f -print0 | xargs -0 cat > /dev/null
    t0=$(now)
    words=$(find "$corpus" -name '*.txt' -type f -print0 | xargs -0 cat | wc -w)
    t1=$(now)
    floor=$(elapsed "$t0" "$t1")
    echo "floor: cat + wc -w over $files files: $words words in $floor s"

    rm -rf "$out"
    cmd=("$bin" extract "$corpus" --out "$out" --formats csv,jsonl,parquet --jobs "$jobs")
    timed "$log" "${cmd[@]}"
    wall=$timed_wall
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")
    grep -E '^pressroom: [0-9]+ files' "$log" || true

    out_mb=$(du -sm "$out" | cut -f1)

    # The scheduled re-run: same inputs, into the folder just written, reusing its cache.
    relog="$root/extract-$n-incremental.log"
    timed "$relog" "${cmd[@]}" --incremental
    rewall=$timed_wall
    rerss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$relog")
    grep -E '^pressroom: incremental' "$relog" || true
    if [[ "${PRESSROOM_BENCH_KEEP:-0}" != "1" ]]; then
        rm -rf "$out"
    fi
    row=$(awk -v n="$n" -v bytes="$bytes" -v wall="$wall" -v rss="$rss_kb" -v floor="$floor" \
        -v cpu="$cpu" -v out_mb="$out_mb" -v rewall="$rewall" -v rerss="$rerss_kb" 'BEGIN {
        mb = bytes / 1e6
        printf "| %d | %.1f | %.2f | %.1f | %.0f | %s | %.0f | %d | %.3f | %.1fx | %.2f | %.0f |", \
            n, mb, wall, mb / wall, n / wall, cpu, rss / 1024, out_mb, floor, \
            (floor > 0 ? wall / floor : 0), rewall, rerss / 1024
    }')
    rows+=("$row")
    echo "$row"
    echo
done

echo "== results (seed $seed, formats csv,jsonl,parquet, jobs $jobs)"
echo "| releases | input MB | wall s | MB/s | releases/s | CPU s (user + sys) | peak RSS MiB | output MiB | floor s (cat + wc -w) | wall / floor | re-run --incremental wall s | re-run peak RSS MiB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
