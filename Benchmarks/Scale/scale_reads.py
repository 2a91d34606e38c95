"""Times each read of `agency` as a process against scale fixtures of growing size and
prints how time and peak memory grow, with issue #20's targets met or NOT MET.

    scale_reads.py --agency BIN --fixture DIR [--fixture DIR ...] --out scale.json
                   [--runs 5] [--budget 20] [--heavy-runs 1]

Each DIR is a bench-fixture output (DIR/store, DIR/fixture.json). Every read runs as its
own process (output to a file, never a terminal) under GNU time, which reports its peak
resident set. Per size, the reads run
round-robin, so a burst of load on the shared machine falls on all of them alike, and
`agency --version` (start-up only, the baseline) is measured in the same rounds.

A read runs `--runs` times, fewer when one run takes longer than `--budget` / runs
seconds (at least once); `verify --all` and `reindex` run `--heavy-runs` times. The
figure is the median wall time and the largest peak RSS. The first run of each read is
also checked: its answer must be the fixture's (20 inbox items, 100 matches, the same
weekly report at every size), so a read that got faster by answering less is caught.

Docs/performance.md, "How reads grow", explains the method; scale_chart.py draws it.
"""
import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MIB = 1024 * 1024
GNU_TIME = "/usr/bin/time"
HEAVY = {"verify --all", "reindex"}
MEMORY_LIMIT_MIB = 100


def reads(facts):
    """(name, arguments, check) for one fixture; check(stdout bytes) returns an error or None."""
    store = ["--store", facts["store"]]
    workflows = ["--workflows", facts["workflows"]]

    def count(expected, what):
        def check(output):
            value = json.loads(output)
            found = len(value) if isinstance(value, list) else value.get("total", len(value.get("hits", [])))
            return None if found == expected else f"{what}: {found}, expected {expected}"
        return check

    return [
        ("--version", ["--version"], None),
        ("inbox", ["inbox", "--as", facts["person"], "--json"] + store, count(facts["inboxItems"], "inbox items")),
        ("list W/S", ["list", "--workflow", facts["workflow"], "--state", facts["state"], "--json"] + store,
         count(facts["matches"], "matches")),
        ("list --json", ["list", "--json"] + store, count(facts["instances"], "instances")),
        ("search", ["search", facts["search"], "--json"] + store, None),
        ("notifications", ["notifications", "--to", facts["person"], "--json"] + store,
         count(facts["notifications"], "notifications")),
        ("report weekly", ["report", "weekly", "--week", facts["week"], "--format", "json"] + store + workflows, None),
        ("show", ["show", facts["instance"]] + store, None),
        ("log", ["log", facts["instance"]] + store, None),
        ("tick (nothing due)", ["tick"] + store + workflows, None),
        ("verify --all", ["verify", "--all"] + store, None),
        ("reindex", ["reindex"] + store + workflows, None),
    ]


def run_once(agency, arguments, capture):
    """(seconds, peak RSS in bytes, stdout bytes or None). A failing command stops the run.

    GNU time (`/usr/bin/time -f %M`) reports the peak RSS: rusage from os.wait4 would
    not do, since Linux carries the forking process's high-water mark across exec, so
    every figure would include this script's own memory (large after parsing `list
    --json` at 100,000 instances). GNU time's own few MiB are what it adds instead."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as rss:
        command = [GNU_TIME, "-f", "%M", "-o", rss.name, agency] + arguments
        started = time.perf_counter()
        code = subprocess.call(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - started
        if code != 0:
            err.seek(0)
            sys.exit(f"scale: agency {' '.join(arguments)} exited {code}: "
                     f"{err.read().decode(errors='replace')[:600]}")
        kibibytes = int(rss.read().strip().splitlines()[-1])
        output = None
        if capture:
            out.seek(0)
            output = out.read()
        return elapsed, kibibytes * 1024, output


def digest(name, output):
    """What must not change with the store's size. The weekly report's seal is a hash of
    every journal's head as of the report's moment (agency verify --seal), history's
    included, so it is left out."""
    if name == "report weekly":
        report = json.loads(output)
        report.pop("seal", None)
        output = json.dumps(report, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(output).hexdigest()


def measure(agency, facts, runs, budget, heavy_runs):
    """{read: {"seconds": median, "rss": max, "runs": n, "digest": sha256 of the first output}}."""
    plan = reads(facts)
    samples = {name: [] for name, _, _ in plan}
    wanted = {name: heavy_runs if name in HEAVY else runs for name, _, _ in plan}
    digests = {}
    round_number = 0
    while any(len(samples[name]) < wanted[name] for name, _, _ in plan):
        for name, arguments, check in plan:
            if len(samples[name]) >= wanted[name]:
                continue
            first = round_number == 0
            seconds, rss, output = run_once(agency, arguments, capture=first)
            if first:
                digests[name] = digest(name, output)
                problem = check(output) if check else None
                if problem:
                    sys.exit(f"scale: at {facts['instances']} instances, agency {' '.join(arguments)}: {problem}")
                # A slow read runs fewer times: the budget is per read and size.
                if name not in HEAVY and seconds * runs > budget:
                    wanted[name] = max(1, min(runs, int(budget // max(seconds, 1e-9))))
            samples[name].append((seconds, rss))
        round_number += 1
    return {name: {"seconds": statistics.median(s for s, _ in values), "rss": max(r for _, r in values),
                   "runs": len(values), "digest": digests[name]}
            for name, values in samples.items()}


def human_time(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds * 1000 < 100 else f"{seconds * 1000:.0f} ms"


def table(results):
    sizes = [entry["instances"] for entry in results]
    names = list(results[0]["reads"].keys())
    header = ["read"] + [f"{size:,}" for size in sizes]
    header += [f"{a:,}→{b:,}" for a, b in zip(sizes, sizes[1:])]
    header += [f"peak RSS {size:,}" for size in sizes]
    rows = []
    for name in names:
        figures = [entry["reads"][name] for entry in results]
        row = [f"`{name}`"] + [human_time(f["seconds"]) for f in figures]
        row += [f"{b['seconds'] / a['seconds']:.1f}×" for a, b in zip(figures, figures[1:])]
        row += [f"{f['rss'] / MIB:.0f} MiB" for f in figures]
        rows.append(row)
    return markdown(header, rows)


def targets(results):
    """Issue #20's targets at the largest size, each met or NOT MET with its figures."""
    small, large = results[0], results[-1]
    version = large["reads"]["--version"]["seconds"]
    lines = []
    for name, what in (("inbox", f"inbox of {large['person']} ({large['inboxItems']} items)"),
                       ("list W/S", f"list --workflow {large['workflow']} --state {large['state']} "
                                    f"({large['matches']} matches)")):
        ratio = large["reads"][name]["seconds"] / version
        lines.append([f"{what} at {large['instances']:,}", human_time(large["reads"][name]["seconds"]),
                      f"`agency --version`: {human_time(version)}", f"{ratio:.1f}×", "≤ 2×",
                      "met" if ratio <= 2 else "NOT MET"])
    report_large, report_small = large["reads"]["report weekly"]["seconds"], small["reads"]["report weekly"]["seconds"]
    ratio = report_large / report_small
    lines.append([f"report weekly at {large['instances']:,}", human_time(report_large),
                  f"at {small['instances']:,}: {human_time(report_small)}", f"{ratio:.1f}×", "≤ 2×",
                  "met" if ratio <= 2 else "NOT MET"])
    over = [(name, entry["reads"][name]["rss"] / MIB, entry["instances"]) for entry in results
            for name in entry["reads"] if name not in HEAVY and entry["reads"][name]["rss"] / MIB > MEMORY_LIMIT_MIB]
    worst = max(((entry["reads"][name]["rss"] / MIB, name) for entry in results for name in entry["reads"]
                 if name not in HEAVY), default=(0, ""))
    lines.append(["peak memory, every read but verify --all and reindex",
                  f"largest {worst[0]:.0f} MiB (`{worst[1]}` at {large['instances']:,})" if worst[1] else "—", "—", "—",
                  f"≤ {MEMORY_LIMIT_MIB} MiB",
                  "met" if not over else "NOT MET: " + ", ".join(f"`{n}` {m:.0f} MiB at {s:,}" for n, m, s in over)])
    for name in sorted(HEAVY):
        figures = [entry["reads"][name] for entry in results]
        growth = figures[-1]["rss"] / figures[0]["rss"]
        # Exempt from the 100 MiB limit, but they must stream: memory that grows with the
        # store is reported even while it stays under the limit.
        within = figures[-1]["rss"] / MIB <= MEMORY_LIMIT_MIB
        lines.append([f"`{name}` peak memory at {large['instances']:,}",
                      f"{figures[-1]['rss'] / MIB:.0f} MiB", f"at {small['instances']:,}: {figures[0]['rss'] / MIB:.0f} MiB",
                      f"{growth:.1f}×", "streams (memory does not follow the store)",
                      ("met" if growth <= 1.25 else "grows with the store") if within else "NOT MET"])
    return markdown(["target", "measured", "baseline (same run)", "ratio", "target (issue #20)", ""], lines)


def consistency(results):
    """Answers that must not change with the size: the weekly report, search, show, log."""
    problems = []
    for name in ("report weekly", "search", "show", "log", "inbox", "list W/S", "notifications"):
        digests = {entry["reads"][name]["digest"] for entry in results}
        if len(digests) != 1:
            problems.append(name)
    return problems


def markdown(header, rows):
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agency", required=True)
    parser.add_argument("--fixture", action="append", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0)
    parser.add_argument("--heavy-runs", type=int, default=1)
    options = parser.parse_args()
    results = []
    for folder in options.fixture:
        with open(os.path.join(folder, "fixture.json"), encoding="utf-8") as handle:
            facts = json.load(handle)
        print(f"scale: {facts['instances']:,} instances...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        entry = dict(facts)
        entry["reads"] = measure(options.agency, facts, options.runs, options.budget, options.heavy_runs)
        entry["measuredSeconds"] = time.perf_counter() - started
        results.append(entry)
    results.sort(key=lambda entry: entry["instances"])
    with open(options.out, "w", encoding="utf-8") as handle:
        json.dump({"sizes": results, "loadAverage": os.getloadavg()}, handle, indent=1, ensure_ascii=False)
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(f"scale: {GNU_TIME} (GNU time) is missing; install it (apt-get install time)")
    print("How reads grow: `agency` as a process on a zone after years of use (median wall time; peak RSS)\n")
    print(table(results))
    print()
    print(targets(results))
    changed = consistency(results)
    print()
    if changed:
        print("Answers that differ between sizes (they must not): " + ", ".join(changed))
    else:
        print("Every read but list --json, verify and reindex answered the same at every size "
              "(weekly report, search, inbox, list W/S, notifications, show, log: identical output).")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
