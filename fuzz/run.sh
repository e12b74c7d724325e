#!/usr/bin/env bash
# Runs each pressroom fuzz target for a bounded time, one after the other.
#
#   fuzz/run.sh                      # every target, 60 s each
#   FUZZ_SECONDS=600 fuzz/run.sh     # longer
#   fuzz/run.sh numbers pipeline     # some targets only
#
# Settings (environment):
#   FUZZ_SECONDS    seconds per target (libFuzzer -max_total_time), default 60
#   FUZZ_MAX_LEN    longest input in bytes (-max_len), default 8192
#   FUZZ_TIMEOUT    seconds one input may take before it counts as a hang (-timeout), default 10
#   FUZZ_SANITIZER  cargo-fuzz sanitizer: none (default; pressroom has no unsafe code, and
#                   without ASan the runs are about twice as fast) or address
#   FUZZ_ARGS       more libFuzzer flags, e.g. "-jobs=2 -workers=2"
#
# cargo-fuzz needs nightly-only rustc flags. With only a stable toolchain, RUSTC_BOOTSTRAP=1
# lets stable rustc accept them (set here). cargo-fuzz is installed with `cargo install` when
# missing. The corpus (fuzz/corpus/<target>/) starts from the repository's sample releases,
# fixtures and fuzz regressions, and grows across runs; it is not committed (fuzz/.gitignore).
#
# On a crash libFuzzer writes fuzz/artifacts/<target>/crash-<hash>; this script goes on with
# the next target and exits 1 at the end. Keep each crash as a regression test:
#   cp fuzz/artifacts/<target>/crash-<hash> tests/fuzz_regressions/<target>-<what>
# (`cargo test --test properties` runs every file there through the same checks).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

seconds="${FUZZ_SECONDS:-60}"
max_len="${FUZZ_MAX_LEN:-8192}"
timeout="${FUZZ_TIMEOUT:-10}"
sanitizer="${FUZZ_SANITIZER:-none}"
extra_args="${FUZZ_ARGS:-}"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(parse_release numbers pipeline)
fi

export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

# Seeds: sample releases, fixtures (good and broken) and past crashes.
seed() {
    local corpus="$1"
    mkdir -p "$corpus"
    local f
    for f in input/*.txt tests/fixtures/*.txt tests/fixtures/broken/*.txt tests/fuzz_regressions/*; do
        [ -f "$f" ] || continue
        case "$f" in *.md) continue ;; esac
        cp "$f" "$corpus/seed-$(basename "$f")"
    done
}

mkdir -p fuzz/logs
failed=()
summary=()
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    seed "$corpus"
    log="fuzz/logs/$target.log"
    echo "run.sh: fuzzing $target for ${seconds}s (log: $log)" >&2
    status=0
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
    cargo fuzz run --sanitizer "$sanitizer" --release "$target" "$corpus" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" \
        -dict=fuzz/release.dict -print_final_stats=1 $extra_args \
        >"$log" 2>&1 || status=$?
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
    secs="$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | grep -o 'in [0-9]*' | grep -o '[0-9]*' || true)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)"
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        summary+=("$target: FAILED (exit $status) after ${runs:-?} runs; see $log and fuzz/artifacts/$target/")
        tail -40 "$log" >&2
    else
        summary+=("$target: ok, ${runs:-?} runs in ${secs:-$seconds} s, ${cov:-cov: ?}, corpus $(find "$corpus" -type f | wc -l) files")
    fi
done

printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "run.sh: failed (a crash, a hang or a build error; see the logs): ${failed[*]}" >&2
    exit 1
fi
