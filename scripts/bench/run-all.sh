#!/usr/bin/env bash
# Run every benchmark and print one table of the Swift figures beside their peers:
# the Swift brain against opop 0.3.0's, the Swift trace reader against Python's json
# module, and opop-top attach against opop's own monitor.
#
# Usage: scripts/bench/run-all.sh [--quick] [--out DIR] [--venv DIR] [--swift-bench PATH]
#
#   --quick     every case tiny, to check that the machinery works (for CI); without
#               the venv, the parts that need opop are skipped with a message
#   --out DIR   where the JSON results, kept traces and screens go
#               (default .build/bench-results/<yyyyMMdd-HHmmss>)
#   --venv DIR  the venv from setup-python.sh (default $OPOP_BENCH_VENV or .venv-bench);
#               a full run makes it when it is missing
#   --swift-bench PATH
#               the opop-top-bench binary (default .build/release/opop-top-bench,
#               built here when Package.swift has that product)
#
# The full run took 10 minutes on 2 cores, about 7 of them in the monitor race.
# The exit status is 1 when a benchmark failed; skipped parts do not count.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$repo_root/scripts/bench"
quick=0
out=""
venv="${OPOP_BENCH_VENV:-$repo_root/.venv-bench}"
swift_bench="$repo_root/.build/release/opop-top-bench"

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --out)
            [ $# -ge 2 ] || { echo "run-all.sh: --out needs a folder, as in --out results" >&2; exit 2; }
            out="$2"; shift ;;
        --venv)
            [ $# -ge 2 ] || { echo "run-all.sh: --venv needs a folder, as in --venv .venv-bench" >&2; exit 2; }
            venv="$2"; shift ;;
        --swift-bench)
            [ $# -ge 2 ] || { echo "run-all.sh: --swift-bench needs a path, as in --swift-bench .build/release/opop-top-bench" >&2; exit 2; }
            swift_bench="$2"; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-all.sh: unknown option '$1'; use --quick, --out DIR, --venv DIR or --swift-bench PATH" >&2; exit 2 ;;
    esac
    shift
done

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="$PATH:/opt/swift/usr/bin"
fi
out="${out:-$repo_root/.build/bench-results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
quick_flag=()
[ "$quick" = 1 ] && quick_flag=(--quick)
failed=0

section() {
    printf '\n== %s\n' "$1"
}

# Run a benchmark; a failure is reported and counted, and the others still run.
run() {
    if ! "$@"; then
        echo "FAILED: $*" >&2
        failed=1
    fi
}

section "release build"
cd "$repo_root"
products=(opop-top)
grep -q '"opop-top-bench"' Package.swift && products+=(opop-top-bench)
for product in "${products[@]}"; do
    swift build -c release --product "$product"
done

section "Swift benchmarks (opop-top-bench)"
if [ -x "$swift_bench" ]; then
    run "$swift_bench" "${quick_flag[@]}" --json "$out/swift.json" --keep-files "$out/traces"
else
    echo "skipped: $swift_bench not found (this checkout has no opop-top-bench product)," \
        "so there are no Swift figures or kept traces"
fi

section "Python environment"
if [ ! -x "$venv/bin/python" ] && [ "$quick" = 0 ]; then
    run "$bench/setup-python.sh" "$venv"
fi
have_venv=0
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import numpy, opop.tui" >/dev/null 2>&1; then
    have_venv=1
    echo "using $venv"
else
    echo "skipped: no venv with numpy, opop and textual in $venv (make it with scripts/bench/setup-python.sh);" \
        "the opop brain figures and opop's monitor are left out"
fi

section "opop 0.3.0 brain overhead"
if [ "$have_venv" = 1 ]; then
    run "$venv/bin/python" "$bench/opop_brain_overhead.py" "${quick_flag[@]}" --json "$out/brain.json"
else
    echo "skipped: needs the venv"
fi

section "Python json on the kept traces"
traces=()
if [ -d "$out/traces" ]; then
    while IFS= read -r -d '' trace; do
        traces+=("$trace")
    done < <(find "$out/traces" -name '*.jsonl' -print0 | sort -z)
fi
if [ "${#traces[@]}" -gt 0 ]; then
    repetitions=5
    [ "$quick" = 1 ] && repetitions=2
    run python3 "$bench/json_parse.py" --repetitions "$repetitions" --json "$out/parse.json" "${traces[@]}"
else
    echo "skipped: opop-top-bench kept no trace in $out/traces"
fi

section "monitor race"
programs=opop-top,opop-top-tail
[ "$have_venv" = 1 ] && programs=opop-monitor,opop-top,opop-top-tail
[ "$have_venv" = 1 ] || echo "opop's monitor is left out: needs the venv"
run python3 "$bench/monitor_race.py" "${quick_flag[@]}" --programs "$programs" --venv "$venv" \
    --opop-top "$repo_root/.build/release/opop-top" --json "$out/race.json" --screens "$out/screens"

section "combined"
python3 "$bench/combine_results.py" --swift "$out/swift.json" --brain "$out/brain.json" \
    --parse "$out/parse.json" --race "$out/race.json"
echo "results: $out"
exit "$failed"
