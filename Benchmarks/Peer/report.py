"""Prints the benchmark table: each figure, its baseline (measured in the same run),
the ratio, and DESIGN.md's target with met / not met.

    report.py --results DIR [--peer-only]

DIR holds the harness's histogramSamples export and the peer's peer-inprocess.json. Figures are medians; an event benchmark's sample is the three user
actions of one run of the reference flow, so its figure is the median sample / 3.
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys

PER_RUN = 3  # user actions per run of the reference flow


def load_ours(folder):
    """{benchmark name: {metric: median}} from the harness's histogramSamples export: one
    file per benchmark and metric, `<run>.AgencyBenchmarks.<name>.<metric>.histogram.
    samples.tsv`, a header line then one value per sample. Times are in nanoseconds (the
    benchmarks ask for them); counts, bytes and custom metrics are scaled by the harness
    to the unit in the header's last parentheses, "(K)" or "(M)", undone here. Metrics
    whose name ends in "Nanos" or is wallClock / cpuTotal are returned in µs."""
    pattern = re.compile(r"^[^.]+\.AgencyBenchmarks\.(.+)\.(\w+)\.histogram\.samples\.tsv$")
    results = {}
    for path in glob.glob(os.path.join(folder, "*.histogram.samples.tsv")):
        match = pattern.match(os.path.basename(path))
        if not match:
            continue
        name, metric = match.group(1).replace("_", " "), match.group(2)
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        values = [float(line) for line in lines[1:] if line.strip()]
        if not values:
            continue
        median = statistics.median(values) * unit_multiplier(lines[0])
        if metric in ("wallClock", "cpuTotal") or metric.endswith("Nanos"):
            median /= 1000
        results.setdefault(name, {})[metric] = median
    return results


def unit_multiplier(header):
    """The factor of a samples file's header unit: "Memory (resident peak) (M)" → 1e6."""
    match = re.search(r"\(([^()]*)\)\s*$", header)
    unit = match.group(1) if match else ""
    return {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}.get(unit, 1)


def load_peer(folder):
    peer = {}
    for name in ("peer-inprocess.json",):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                peer.update(json.load(handle))
    return peer


def wall(ours, name, per=1, metric="wallClock"):
    value = (ours.get(name) or {}).get(metric)
    return value / per if value is not None else None


def memory(ours, name):
    return (ours.get(name) or {}).get("peakMemoryResident")


def show_time(us):
    if us is None:
        return "—"
    if us >= 1_000_000:
        return f"{us / 1_000_000:.2f} s"
    if us >= 1_000:
        return f"{us / 1_000:.2f} ms"
    return f"{us:.0f} µs"


def rows_for(ours, peer, peer_only):
    rows = []

    def add(label, figure, baseline_label, baseline, ratio_text, target, met):
        verdict = "—" if met is None else ("met" if met else "NOT MET")
        rows.append((label, figure, f"{baseline_label}: {baseline}" if baseline_label else baseline,
                     ratio_text, target, verdict))

    def faster(baseline, figure):
        return baseline / figure if baseline and figure else None

    inproc = wall(ours, "event in process, no fsync (3 actions)", PER_RUN)
    reload = (peer.get("reload") or {}).get("median_us")
    kept = (peer.get("memory") or {}).get("median_us")
    ratio = faster(reload, inproc)
    add("one event in process, no fsync", show_time(inproc), "SpiffWorkflow step, JSON reloaded",
        show_time(reload), f"{ratio:.1f}× faster" if ratio else "—", "≥ 5× faster",
        ratio >= 5 if ratio else None)
    from_file = (peer.get("file") or {}).get("median_us")
    ratio = faster(from_file, inproc)
    add("one event in process, both sides reading and writing their state file (no fsync)",
        show_time(inproc), "SpiffWorkflow step, JSON file read and written", show_time(from_file),
        f"{ratio:.1f}× faster" if ratio else "—", "≥ 5× faster (issue #20)",
        ratio >= 5 if ratio else None)
    ratio = faster(kept, inproc)
    add("  (the same, SpiffWorkflow kept in memory)", show_time(inproc), "SpiffWorkflow step in memory",
        show_time(kept), f"{ratio:.1f}× faster" if ratio else "—", "(information)", None)

    processes = "processes (agency, hello-foundation, SpiffWorkflow CLI; 3 each)"
    agency = wall(ours, processes, PER_RUN, "agencyNanos")
    cli = wall(ours, processes, PER_RUN, "spiffCLINanos")
    hello = wall(ours, processes, PER_RUN, "helloNanos")
    ratio = faster(cli, agency)
    add("`agency` as a process, one event", show_time(agency), "SpiffWorkflow CLI step (Python process)",
        show_time(cli), f"{ratio:.1f}× faster" if ratio else "—", "≥ 4× faster",
        ratio >= 4 if ratio else None)
    ratio = agency / hello if agency and hello else None
    add("  (start-up share)", show_time(agency), "Swift Foundation binary start-up", show_time(hello),
        f"{ratio:.1f}× the start-up" if ratio else "—", "(information)", None)
    if peer_only:
        return rows

    interleaved = "event durable and disk floor (3 each, interleaved)"
    durable = wall(ours, interleaved, PER_RUN, "durableNanos")
    floor = wall(ours, interleaved, PER_RUN, "floorNanos")
    ratio = durable / floor if durable and floor else None
    add("one durable event", show_time(durable), "disk floor, fsynced append + durable replace",
        show_time(floor), f"{ratio:.2f}× the floor" if ratio else "—", "≤ 1.5× the floor",
        ratio <= 1.5 if ratio else None)

    for count in (10_000, 1_000):
        idle = wall(ours, f"tick {count} instances, nothing due")
        due = wall(ours, f"tick {count} instances, one timer due in each")
        ratio = idle / due * 100 if idle and due else None
        add(f"tick, {count:,} instances, nothing due", show_time(idle),
            f"tick firing one timer in each of {count:,}", show_time(due),
            f"{ratio:.3f} %" if ratio is not None else "—",
            "≤ 1 %" if count == 10_000 else "(information)",
            (ratio <= 1 if ratio is not None else None) if count == 10_000 else None)
    idle1, idle10 = (wall(ours, f"tick {n} instances, nothing due") for n in (1_000, 10_000))
    due1, due10 = (wall(ours, f"tick {n} instances, one timer due in each") for n in (1_000, 10_000))
    if idle1 and idle10:
        add("  growth 1,000 → 10,000, nothing due", show_time(idle10), "at 1,000", show_time(idle1),
            f"{idle10 / idle1:.1f}×", "(information)", None)
    if due1 and due10:
        add("  growth 1,000 → 10,000, a timer in each", show_time(due10), "at 1,000", show_time(due1),
            f"{due10 / due1:.1f}×", "(information)", None)
    peak = max(filter(None, (memory(ours, f"tick 10000 instances, {kind}")
                             for kind in ("nothing due", "one timer due in each"))), default=None)
    mib = peak / 1_048_576 if peak else None
    add("peak memory, tick over 10,000 instances", f"{mib:.1f} MiB" if mib else "—", "", "—", "—",
        "≤ 100 MiB", mib <= 100 if mib else None)

    thousand = wall(ours, "1000 events, one definition")
    per_event = thousand / 1000 if thousand else None
    compilations = (ours.get("1000 events, one definition") or {}).get("compilations")
    load = wall(ours, "definition load and validate")
    ratio = per_event / load if per_event and load else None
    compiled = f"{compilations:.0f} compilation(s)" if compilations is not None else "—"
    add("1,000 events on one definition", f"{show_time(per_event)} per event, {compiled}",
        "loading + validating the definition once", show_time(load),
        f"an event costs {ratio:.1f}× a load" if ratio else "—", "compiled once per process",
        compilations == 1 if compilations is not None else None)
    return rows


def served_rows(folder):
    """bench-serve's rows (`--rows-json serve-rows.json`), measured in the same Scripts/bench
    run, so that one event in process, as a direct CLI process and through `agency serve`
    sit in one table. Their met column is already met / NOT MET / —."""
    path = os.path.join(folder, "serve-rows.json")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)
    return [tuple(["served: " + row[0]] + row[1:]) for row in rows]


def print_table(rows):
    header = ("figure", "measured", "baseline (same run)", "ratio", "target (DESIGN.md)", "")
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", required=True)
    parser.add_argument("--peer-only", action="store_true")
    args = parser.parse_args()
    ours = load_ours(args.results)
    peer = load_peer(args.results)
    if not ours:
        sys.exit(f"report: no benchmark percentiles in {args.results}: the Swift benchmarks wrote no results")
    rows = rows_for(ours, peer, args.peer_only)
    rows += served_rows(args.results)
    print_table(rows)
    versions = f"SpiffWorkflow {peer.get('spiffworkflow', '?')} on Python {peer.get('python', '?')}"
    print(f"\nMedians; an event is one user action of the reference flow. Peer: {versions}.")
    missing = [row[0] for row in rows if row[1] == "—"]
    if missing:
        print("Missing figures (a benchmark failed; see its log): " + ", ".join(missing))
    with open(os.path.join(args.results, "summary.json"), "w", encoding="utf-8") as handle:
        json.dump({"ours": ours, "peer": peer, "rows": rows}, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
