# Shared by Scripts/bench and Scripts/bench-peer: building the benchmarks, the throwaway
# SpiffWorkflow environment, and running each side. Sourced, not run. Docs/performance.md
# describes the method.

. Scripts/lib.sh

# Iterations, small enough that Scripts/bench finishes from a fresh clone in under ten
# minutes; both sides use the same numbers. Override in the environment to measure longer.
export BENCH_RUNS="${BENCH_RUNS:-200}"                  # runs of the flow, in process
export BENCH_PROCESS_RUNS="${BENCH_PROCESS_RUNS:-20}"  # runs of the flow as processes (each side)
export BENCH_DUE_TICKS="${BENCH_DUE_TICKS:-3}"         # ticks firing a timer in each of 1,000 (10,000: one)
SPIFF_REQUIREMENT='spiffworkflow==3.2.*'

BENCH_PACKAGE=Benchmarks
BENCH_BUILD="$BENCH_PACKAGE/.build"
export BENCH_WORKFLOWS="$PWD/$BENCH_PACKAGE/Workflows"
# Stores are made on the disk being measured (never a tmpfs), inside the build folder.
export BENCH_SCRATCH="$PWD/$BENCH_BUILD/bench-scratch"
BENCH_RESULTS="$PWD/$BENCH_BUILD/bench-results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$BENCH_RESULTS" "$BENCH_SCRATCH"

say() { echo "bench: $*" >&2; }

# Builds agency and hello-foundation in release mode (in the benchmark package's own
# build folder) and exports their paths for the benchmarks.
bench_build() {
    ensure_lua
    say "building agency and the benchmarks (release; the first build takes a few minutes)..."
    swift build -c release --package-path "$BENCH_PACKAGE" --product agency >&2
    swift build -c release --package-path "$BENCH_PACKAGE" --product hello-foundation >&2
    swift build -c release --package-path "$BENCH_PACKAGE" --product bench-serve >&2
    local bin
    bin=$(swift build -c release --package-path "$BENCH_PACKAGE" --show-bin-path)
    export AGENCY_BIN="$bin/agency" HELLO_BIN="$bin/hello-foundation" BENCH_SERVE_BIN="$bin/bench-serve"
}

# agency serve under 50 socket and 50 HTTP clients, and one event against the disk floor
# and the direct CLI (Benchmarks/Sources/bench-serve); prints its own table. Exit 1 when an
# acknowledged command is not in the journal exactly once.
bench_run_serve() {
    say "agency serve: 50 socket and 50 HTTP clients, then one event at a time..."
    "$BENCH_SERVE_BIN" --agency "$AGENCY_BIN" | tee "$BENCH_RESULTS/serve.md"
}

# Creates a throwaway virtual environment with SpiffWorkflow; removed when the script ends.
bench_peer_venv() {
    PEER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fullagency-peer.XXXXXX")
    trap 'rm -rf "$PEER_DIR"' EXIT
    say "installing $SPIFF_REQUIREMENT into a throwaway virtual environment..."
    python3 -m venv "$PEER_DIR/venv"
    "$PEER_DIR/venv/bin/pip" install --quiet --disable-pip-version-check "$SPIFF_REQUIREMENT" >&2
    PEER_PYTHON="$PEER_DIR/venv/bin/python"
}

# SpiffWorkflow on the same flow, the same number of times, in process: kept in memory,
# and reloading the JSON before every action. Its CLI equivalent (one Python process per
# action) runs inside our process benchmark, interleaved with `agency`: PEER_PYTHON.
bench_run_peer() {
    say "SpiffWorkflow: $BENCH_RUNS runs in process..."
    "$PEER_PYTHON" "$BENCH_PACKAGE/Peer/spiff_peer.py" inprocess --bpmn "$BENCH_WORKFLOWS/reference.bpmn" \
        --runs "$BENCH_RUNS" --scratch "$BENCH_SCRATCH/peer" > "$BENCH_RESULTS/peer-inprocess.json"
    export PEER_PYTHON
}

# Runs our benchmarks whose whole names match any of the regular expressions given (all when
# none), exporting the results for Benchmarks/Peer/report.py.
bench_run_ours() {
    local filters=() pattern
    for pattern in "$@"; do filters+=(--filter "$pattern"); done
    say "FullAgency benchmarks${1:+ matching $*}..."
    if ! swift package --package-path "$BENCH_PACKAGE" --allow-writing-to-package-directory \
        benchmark --target AgencyBenchmarks "${filters[@]}" --format histogramSamples --path "$BENCH_RESULTS" \
        --no-progress > "$BENCH_RESULTS/benchmarks.log" 2>&1; then
        cat "$BENCH_RESULTS/benchmarks.log" >&2
        say "the Swift benchmarks failed (log: $BENCH_RESULTS/benchmarks.log)"
        exit 1
    fi
}

# Prints the table.
bench_report() {
    python3 "$BENCH_PACKAGE/Peer/report.py" --results "$BENCH_RESULTS" "$@"
    say "results and logs: $BENCH_RESULTS"
}
