#!/usr/bin/env python3
"""agency serve on PostgreSQL against the file store, and PostgreSQL's own floor, in one run
(Docs/performance.md, "PostgreSQL"). Run through Scripts/bench-postgres, which starts the
cluster.

The same load for every store: --clients HTTP clients (threads, one person and token each)
for --seconds, each starting an instance of its own, approving it, and commenting on shared
会签 instances (Scripts/fault_postgres.py's client, without faults). Measured: acknowledged
events per second and p50/p99 latency of one request, for
  - the file store served by one node (`agency init --served`),
  - PostgreSQL with one node, and with two nodes (the clients split between them);
and the floor: pgbench with --clients clients running a single-row INSERT and an UPDATE in
one transaction (the least a commit of one event can cost on this database), before and
after the stores, so that a machine busy with other work shows as two different floors.
On PostgreSQL every acknowledged event is checked against the journal (once, not twice).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in Scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_postgres import Client, Ledger, recorded  # noqa: E402
from pg_zone import Cluster, PostgresZone  # noqa: E402
from serve_zone import ServedZone, person  # noqa: E402

FLOOR_SCRIPT = """\\set id random(1, 1000000000)
BEGIN;
INSERT INTO floor_journal (client, payload) VALUES (:client_id, 'event ' || :id);
UPDATE floor_head SET n = n + 1 WHERE client = :client_id;
END;
"""


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0


def load(nodes_view, clients, seconds, shared, tag):
    """Runs the clients for `seconds`; (events per second, p50 s, p99 s, ledger)."""
    ledger = Ledger()
    stop = threading.Event()
    team = [Client(nodes_view, ledger, n, deadline=300) for n in range(clients)]
    threads = [threading.Thread(target=c.work, args=(stop, shared, tag)) for c in team]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return len(ledger.acked) / elapsed, percentile(ledger.latencies, 0.5), percentile(ledger.latencies, 0.99), ledger


class View:
    """What Client needs of a zone: tokens, and the nodes it may send to (each with .port)."""

    def __init__(self, tokens, nodes):
        self.tokens, self.nodes = tokens, nodes


def floor(cluster, database, clients, seconds):
    """pgbench: (transactions per second, p50 s, p99 s) of one INSERT + one UPDATE."""
    with tempfile.TemporaryDirectory(prefix="agency-floor-") as folder:
        script = os.path.join(folder, "event.sql")
        with open(script, "w") as f:
            f.write(FLOOR_SCRIPT)
        cluster.psql(database, "TRUNCATE floor_journal")
        done = subprocess.run([f"{cluster.bin}/pgbench", "-h", "127.0.0.1", "-p", str(cluster.port),
                               "-U", cluster.user, "-n", "-c", str(clients), "-j", "2", "-T", str(max(1, round(seconds))),
                               "-f", script, "-l", "--log-prefix", os.path.join(folder, "log"), database],
                              capture_output=True, text=True, check=True, cwd=folder)
        tps = float(re.search(r"tps = ([0-9.]+)", done.stdout).group(1))
        latencies = []
        for name in os.listdir(folder):
            if name.startswith("log"):
                with open(os.path.join(folder, name)) as f:
                    latencies += [int(line.split()[2]) / 1e6 for line in f if line.strip()]
    return tps, percentile(latencies, 0.5), percentile(latencies, 0.99)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agency", required=True)
    parser.add_argument("--pg-bin", required=True)
    parser.add_argument("--pg-data", required=True)
    parser.add_argument("--pg-port", type=int, required=True)
    parser.add_argument("--pg-user", required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--json", help="write the rows here")
    options = parser.parse_args()
    cluster = Cluster(options.pg_bin, options.pg_data, options.pg_port, options.pg_user)
    cluster.createdb("agency_floor")
    cluster.psql("agency_floor", "CREATE TABLE floor_journal (id bigserial PRIMARY KEY, client int, payload text); "
                 "CREATE TABLE floor_head (client int PRIMARY KEY, n bigint NOT NULL); "
                 f"INSERT INTO floor_head SELECT g, 0 FROM generate_series(0, {options.clients}) g")
    rows, problems = [], []
    shared = [f"SHARED-{i}" for i in range(4)]

    def measure_floor(when):
        tps, p50, p99 = floor(cluster, "agency_floor", options.clients, options.seconds)
        rows.append({"what": f"PostgreSQL floor ({when}): INSERT + UPDATE, one transaction", "per_second": tps,
                     "p50": p50, "p99": p99})
        print(f"  floor {when}: {tps:.0f}/s, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms", flush=True)

    def measure(what, view, check=None):
        tag = f"b{len(rows)}"  # instance ids of their own in each measurement
        per_second, p50, p99, ledger = load(view, options.clients, options.seconds, shared, tag)
        refused = sum(ledger.refused.values()) + len(ledger.unclear) + len(ledger.hangs)
        if refused:
            problems.append(f"{what}: {refused} requests failed: {list(ledger.refused.items())[:3]}")
        if check:
            seen = check()
            wrong = [k for k in ledger.acked if seen[k] != 1] + [k for k, c in seen.items() if c > 1]
            if wrong:
                problems.append(f"{what}: {len(wrong)} events not recorded exactly once: {wrong[:3]}")
        rows.append({"what": what, "per_second": per_second, "p50": p50, "p99": p99, "events": len(ledger.acked)})
        print(f"  {what}: {per_second:.1f} events/s, p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
              f"({len(ledger.acked)} events)", flush=True)

    print(f"{options.clients} clients, {options.seconds:.0f} s per measurement", flush=True)
    measure_floor("before")
    files = ServedZone(options.agency, people=options.clients, http=True)
    try:
        files.start_server()
        for name in shared:
            files.run(["start", "countersign", "--id", name, "--input", '{"project": "基准"}'])
        tokens = {person(n): files.token(person(n)) for n in range(options.clients)}
        measure("file store, one node", View(tokens, [files]))
        files.stop_server()
    finally:
        files.cleanup()
    zone = PostgresZone(options.agency, cluster, "agency_bench", options.clients)
    try:
        zone.nodes[0].start()
        for name in shared:
            zone.nodes[0].run(["start", "countersign", "--id", name, "--input", '{"project": "基准"}'])
        measure("PostgreSQL, one node", View(zone.tokens, zone.nodes[:1]), lambda: recorded(zone))
        zone.nodes[1].start()
        measure("PostgreSQL, two nodes", View(zone.tokens, zone.nodes), lambda: recorded(zone))
        for node in zone.nodes:
            node.stop()
    finally:
        zone.cleanup()
    measure_floor("after")
    floor_rate = sum(r["per_second"] for r in rows if "floor" in r["what"]) / 2
    floor_p50 = sum(r["p50"] for r in rows if "floor" in r["what"]) / 2
    print(f"\n| {options.clients} clients, {options.seconds:.0f} s each | events/s | p50 | p99 | "
          "cost per event ÷ floor's | p50 ÷ floor's |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        ratio = floor_rate / row["per_second"] if row["per_second"] else float("inf")
        print(f"| {row['what']} | {row['per_second']:.1f} | {row['p50'] * 1000:.1f} ms | {row['p99'] * 1000:.1f} ms | "
              f"{ratio:.1f} | {row['p50'] / floor_p50:.1f} |")
    print("(cost per event ÷ floor's: the floor's transactions per second, the mean of before and after, "
          "divided by the events per second)")
    if options.json:
        with open(options.json, "w") as f:
            json.dump(rows, f, indent=2, ensure_ascii=False)
    for problem in problems:
        print(f"FAIL: {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
