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
    "$BENCH_SERVE_BIN" --agency "$AGENCY_BIN" --rows-json "$BENCH_RESULTS/serve-rows.json" | tee "$BENCH_RESULTS/serve.md"
}

# agency serve on PostgreSQL, one and two nodes, against the file store served by one node
# and pgbench's floor, all in one run (Scripts/bench-postgres), with this run's release build.
bench_run_postgres() {
    say "agency serve on PostgreSQL: one and two nodes, the file store, pgbench's floor..."
    AGENCY_BIN="$AGENCY_BIN" Scripts/bench-postgres --seconds 20 --json "$BENCH_RESULTS/postgres.json" \
        | tee "$BENCH_RESULTS/postgres.md"
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

# The scaling stage (Scripts/bench-scale, and the end of Scripts/bench): stores of each size
# in BENCH_SCALE_SIZES made by bench-fixture, each read of `agency` timed as a process
# against each (Benchmarks/Scale/scale_reads.py). Docs/performance.md, "How reads grow".
export BENCH_SCALE_SIZES="${BENCH_SCALE_SIZES:-1000 10000 100000}"
export BENCH_SCALE_RUNS="${BENCH_SCALE_RUNS:-5}"          # runs of each read per size
export BENCH_SCALE_BUDGET="${BENCH_SCALE_BUDGET:-20}"     # seconds per read and size: slow reads run fewer times
export BENCH_SCALE_HEAVY_RUNS="${BENCH_SCALE_HEAVY_RUNS:-1}"  # runs of verify --all and reindex per size
# Fixtures outlive a run (they are not in BENCH_SCRATCH): one folder per size and digest of
# what makes them, so a change to the fixture, the demo, the workflows or the store's code
# builds them again.
BENCH_FIXTURES="$PWD/$BENCH_BUILD/scale-fixtures"

# Builds agency and bench-fixture in release mode; exports their paths.
bench_build_scale() {
    ensure_lua
    say "building agency and bench-fixture (release)..."
    swift build -c release --package-path "$BENCH_PACKAGE" --product agency >&2
    swift build -c release --package-path "$BENCH_PACKAGE" --product bench-fixture >&2
    local bin
    bin=$(swift build -c release --package-path "$BENCH_PACKAGE" --show-bin-path)
    export AGENCY_BIN="$bin/agency" BENCH_FIXTURE_BIN="$bin/bench-fixture"
}

# The digest of everything a fixture is made from: its code, the demo, the zone's
# workflows, and the engine, store and service that write it.
bench_fixture_digest() {
    find "$BENCH_PACKAGE/Sources/BenchSupport" "$BENCH_PACKAGE/Sources/bench-fixture" Workflows \
        Sources/AgencyDemo Sources/AgencyService Sources/WorkflowEngine Sources/WorkflowStore Sources/AgencyJSON \
        -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12
}

# Makes (or finds) a fixture of each size; sets BENCH_FIXTURE_DIRS.
bench_scale_fixtures() {
    local digest size folder
    digest=$(bench_fixture_digest)
    BENCH_FIXTURE_DIRS=()
    mkdir -p "$BENCH_FIXTURES"
    for size in $BENCH_SCALE_SIZES; do
        folder="$BENCH_FIXTURES/$size-$digest"
        if [ -f "$folder/fixture.json" ]; then
            say "fixture of $size instances: cached ($folder)"
        else
            # Older fixtures of this size were made by other code.
            find "$BENCH_FIXTURES" -maxdepth 1 -name "$size-*" -exec rm -rf {} +
            say "fixture of $size instances: building..."
            local started=$SECONDS
            "$BENCH_FIXTURE_BIN" --instances "$size" --out "$folder.partial" >&2
            mv "$folder.partial" "$folder"
            # The facts name the store where it was built.
            sed -i "s#$folder.partial#$folder#g" "$folder/fixture.json"
            say "fixture of $size instances: built in $((SECONDS - started)) s"
        fi
        BENCH_FIXTURE_DIRS+=("$folder")
    done
}

# Times every read against every fixture and prints the table (scale.md, scale.json).
bench_run_scale() {
    local fixtures=() folder
    for folder in "${BENCH_FIXTURE_DIRS[@]}"; do fixtures+=(--fixture "$folder"); done
    say "reads of agency as a process at ${BENCH_SCALE_SIZES// /, } instances..."
    python3 "$BENCH_PACKAGE/Scale/scale_reads.py" --agency "$AGENCY_BIN" "${fixtures[@]}" \
        --runs "$BENCH_SCALE_RUNS" --budget "$BENCH_SCALE_BUDGET" --heavy-runs "$BENCH_SCALE_HEAVY_RUNS" \
        --out "$BENCH_RESULTS/scale.json" | tee "$BENCH_RESULTS/scale.md"
    say "scale results: $BENCH_RESULTS/scale.json (chart: python3 $BENCH_PACKAGE/Scale/scale_chart.py $BENCH_RESULTS/scale.json Docs/performance/scaling.svg)"
}
