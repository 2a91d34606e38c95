#!/usr/bin/env python3
"""Two `agency serve` nodes on one PostgreSQL database under faults (Docs/reliability.md,
"PostgreSQL faults"). Run through Scripts/fault-postgres, which starts the cluster.

Load: 50 HTTP clients (each a person with a token), half on each node, each starting
instances of its own, approving them and commenting on shared 会签 instances; every comment
carries a unique marker. A client whose node does not answer moves to the other node (as a
load balancer would). Every request has a deadline (--deadline); one that passes it is a
hang, and a hang fails the run.

Rounds, each under that load: kill -9 of one node (restarted at once), an immediate
PostgreSQL shutdown (`pg_ctl -m immediate stop`, then start), a partition between node b
and the database (Scripts/tcp_proxy.py: drop, then blackhole, alternately). After each
round, with the clients stopped: every acknowledged command is in exactly one journal
record, no marker or decision is recorded twice, every failure was a clear error (an HTTP
error with a message, or a connection refused or closed by a node that died), no request
hung, and `agency verify --all` passes.
"""
import argparse
import collections
import http.client
import json
import os
import random
import signal
import socket
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in Scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_zone import Cluster, PostgresZone  # noqa: E402
from serve_zone import person  # noqa: E402
from tcp_proxy import PartitionProxy  # noqa: E402


class Ledger:
    """What clients were told, per round: acknowledged, unknown (an error), and how it failed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = set()        # ("comment", marker) / ("start", id) / ("approve", id)
        self.unknown = set()
        self.refused = collections.Counter()   # clear errors: "HTTP 503 io: …" / "connection refused"
        self.hangs, self.unclear = [], []
        self.slow = collections.Counter()      # clear errors that took over 10 s, to explain p99
        self.latencies = []

    def note(self, key, outcome, seconds, detail=""):
        with self.lock:
            if outcome == "acked":
                self.acked.add(key)
                self.latencies.append(seconds)
            elif outcome == "hang":
                self.hangs.append(f"{key}: {detail}")
            else:
                self.unknown.add(key)
                if outcome == "unclear":
                    self.unclear.append(f"{key}: {detail}")
                else:
                    self.refused[detail[:150]] += 1
                    if seconds > 10:
                        self.slow[f"{seconds:.0f} s: {detail[:150]}"] += 1


def request(port, token, method, path, body, deadline):
    """(outcome, detail): acked, clear (an error the client can act on), hang or unclear."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=deadline)
    try:
        connection.request(method, path, body=json.dumps(body, ensure_ascii=False).encode(),
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        if response.status in (200, 201):
            return "acked", ""
        try:
            problem = json.loads(text)
        except ValueError:
            problem = {}
        error = problem.get("error") if isinstance(problem, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        if not message:
            return "unclear", f"HTTP {response.status} without a message: {text[:200]}"
        return "clear", f"HTTP {response.status} {error.get('code', '')}: {message}"
    except socket.timeout:
        return "hang", f"no answer within {deadline} s"
    except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected) as error:
        return "clear", f"node gone: {type(error).__name__}"
    except OSError as error:
        return "unclear", f"{type(error).__name__}: {error}"
    finally:
        connection.close()


class Client:
    def __init__(self, zone, ledger, n, deadline):
        self.who = person(n)
        self.token = zone.tokens[self.who]
        self.ports = [node.port for node in zone.nodes]
        self.home = n % len(self.ports)
        self.ledger, self.deadline = ledger, deadline
        self.rng = random.Random(n)
        self.count = 0

    def act(self, key, method, path, body):
        started = time.monotonic()
        outcome, detail = request(self.ports[self.home], self.token, method, path, body, self.deadline)
        self.ledger.note(key, outcome, time.monotonic() - started, detail)
        if outcome != "acked":
            if detail.startswith("node gone"):
                self.home = (self.home + 1) % len(self.ports)  # the load balancer's failover
            time.sleep(0.05)
        return outcome

    def work(self, stop, shared, round_tag):
        waiting = None  # an own instance whose start was acknowledged, to approve
        while not stop.is_set():
            self.count += 1
            if waiting:
                self.act(("approve", waiting), "POST", f"/v1/instances/{waiting}/actions/approve", {})
                waiting = None
            elif self.rng.random() < 0.3:
                own = f"F-{self.who}-{round_tag}-{self.count}"
                body = {"workflow": "single", "id": own, "input": {"project": "故障", "approver": self.who}}
                if self.act(("start", own), "POST", "/v1/instances", body) == "acked":
                    waiting = own
            else:
                marker = f"m-{self.who}-{round_tag}-{self.count}"
                target = self.rng.choice(shared)
                self.act(("comment", marker), "POST", f"/v1/instances/{target}/actions/comment", {"comment": marker})


def recorded(zone):
    """How often each key is in the journals: comment markers, starts, one's own approvals."""
    seen = collections.Counter()
    for instance, record in zone.journal():
        kind = record.get("kind")
        if kind == "comment":
            details = record.get("details", {})
            seen[("comment", details.get("comment") or details.get("command", {}).get("comment"))] += 1
        elif kind in ("start", "approve") and instance.startswith("F-"):
            seen[(kind, instance)] += 1
    return seen


class Faults:
    def __init__(self, zone, cluster, proxy, options):
        self.zone, self.cluster, self.proxy, self.options = zone, cluster, proxy, options
        self.rng = random.Random(20261205)
        self.rows = []       # the summary table
        self.failures = []

    def kill_node(self, n):
        node = self.zone.nodes[n % 2]
        node.kill()
        time.sleep(self.rng.uniform(0, 0.5))
        node.start()
        return f"kill -9 node {node.name}"

    def stop_postgres(self, n):
        self.cluster.stop_immediately()
        time.sleep(self.rng.uniform(0.5, 2))
        self.cluster.start()
        return "pg_ctl -m immediate stop, start"

    def partition(self, n):
        mode, seconds = self.options.partitions_plan[n % len(self.options.partitions_plan)]
        self.proxy.partition(mode)
        time.sleep(seconds)
        self.proxy.heal()
        return f"partition node b ({mode} {seconds} s)"

    def round(self, phase, n, fault):
        ledger = Ledger()
        stop = threading.Event()
        clients = [Client(self.zone, ledger, c, self.options.deadline) for c in range(self.options.clients)]
        threads = [threading.Thread(target=c.work, args=(stop, self.shared, f"{phase[0]}{n}")) for c in clients]
        for t in threads:
            t.start()
        started = time.monotonic()
        time.sleep(self.rng.uniform(1, 3))
        what = fault(n)
        time.sleep(self.options.after)
        stop.set()
        for t in threads:
            t.join(timeout=self.options.deadline + 30)
        stuck = sum(t.is_alive() for t in threads)
        elapsed = time.monotonic() - started
        for node in self.zone.nodes:  # a node that died of the fault (none should) is noted and restarted
            if not node.running():
                self.fail(f"{phase} {n}: node {node.name} exited by itself: {node.log_tail(5)}")
                node.start()
        seen = recorded(self.zone)
        lost = sorted(k for k in ledger.acked if seen[k] != 1)
        doubles = sorted(k for k, count in seen.items() if count > 1)
        code, out, err = self.zone.nodes[0].run(["verify", "--all"], timeout=900)
        problems = []
        if lost:
            problems.append(f"acknowledged but not recorded once: {lost[:5]} ({len(lost)})")
        if doubles:
            problems.append(f"recorded twice: {doubles[:5]} ({len(doubles)})")
        if ledger.hangs or stuck:
            problems.append(f"hangs: {ledger.hangs[:3]} ({len(ledger.hangs)}; {stuck} clients stuck)")
        if ledger.unclear:
            problems.append(f"unclear errors: {ledger.unclear[:3]} ({len(ledger.unclear)})")
        if code != 0:
            problems.append(f"verify --all: exit {code} {out[-300:]} {err[-300:]}")
        if not ledger.acked:
            problems.append("nothing acknowledged in the round")
        for problem in problems:
            self.fail(f"{phase} {n} ({what}): {problem}")
        latencies = sorted(ledger.latencies)
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else 0
        self.rows.append({"phase": phase, "round": n + 1, "fault": what, "acked": len(ledger.acked),
                          "errors": sum(ledger.refused.values()), "hangs": len(ledger.hangs) + stuck,
                          "unclear": len(ledger.unclear), "lost": len(lost), "twice": len(doubles),
                          "verify": code == 0, "p99": p99, "seconds": elapsed,
                          "messages": ledger.refused, "slow": ledger.slow})
        print(f"  {phase} {n + 1}: {what}: {len(ledger.acked)} acknowledged, {sum(ledger.refused.values())} "
              f"clear errors, {len(ledger.hangs) + stuck} hangs, {len(ledger.unclear)} unclear, {len(lost)} lost, "
              f"{len(doubles)} twice, verify {'ok' if code == 0 else 'FAILED'} ({elapsed:.0f} s)", flush=True)

    def fail(self, what):
        self.failures.append(what)
        print(f"  FAIL: {what}", flush=True)

    def run(self, phases):
        self.shared = [f"SHARED-{i}" for i in range(4)]
        for name in self.shared:
            code, _, err = self.zone.nodes[0].run(["start", "countersign", "--id", name, "--input",
                                                   '{"project": "故障演练"}'], timeout=120)
            if code != 0:
                raise RuntimeError(f"start {name}: {err}")
        for phase, count, fault in phases:
            print(f"{phase}: {count} rounds", flush=True)
            for n in range(count):
                self.round(phase, n, fault)


def summary(rows):
    print("\n| phase | rounds | acknowledged | clear errors | hangs | unclear | lost | twice | verify | worst p99 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    by_phase = collections.OrderedDict()
    for row in rows:
        by_phase.setdefault(row["phase"], []).append(row)
    for phase, group in by_phase.items():
        print(f"| {phase} | {len(group)} | {sum(r['acked'] for r in group)} | {sum(r['errors'] for r in group)} | "
              f"{sum(r['hangs'] for r in group)} | {sum(r['unclear'] for r in group)} | "
              f"{sum(r['lost'] for r in group)} | {sum(r['twice'] for r in group)} | "
              f"{sum(r['verify'] for r in group)}/{len(group)} passed | {max(r['p99'] for r in group):.1f} s |")
    messages = collections.Counter()
    for row in rows:
        messages.update(row["messages"])
    print("\nthe clear errors clients got, most frequent first:")
    for message, count in messages.most_common(12):
        print(f"  {count:6d}  {message}")
    slow = collections.Counter()
    for row in rows:
        slow.update(row["slow"])
    if slow:
        print("\nerrors that took over 10 s:")
        for message, count in slow.most_common(12):
            print(f"  {count:6d}  {message}")


def partitions_plan(full):
    # drop and blackhole alternately; the full run adds blackholes longer than a node's
    # answer timeout (lockTimeoutSeconds + 30 s = 35 s), which only its own timeout can end.
    plan = [("drop", 4), ("blackhole", 4)]
    return plan + [("drop", 8), ("blackhole", 40)] if full else plan


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agency", required=True)
    parser.add_argument("--pg-bin", required=True)
    parser.add_argument("--pg-data", required=True)
    parser.add_argument("--pg-port", type=int, required=True)
    parser.add_argument("--pg-user", required=True)
    parser.add_argument("--full", action="store_true", help="the issue's counts: 50 kills, 20 shutdowns, 8 partitions")
    parser.add_argument("--kills", type=int)
    parser.add_argument("--shutdowns", type=int)
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--deadline", type=float, default=120, help="seconds before a request counts as a hang")
    parser.add_argument("--after", type=float, default=3, help="seconds of load after each fault healed")
    parser.add_argument("--json", help="write the rows here")
    options = parser.parse_args()
    kills = options.kills if options.kills is not None else (50 if options.full else 5)
    shutdowns = options.shutdowns if options.shutdowns is not None else (20 if options.full else 3)
    partitions = options.partitions if options.partitions is not None else (8 if options.full else 2)
    options.partitions_plan = partitions_plan(options.full)
    cluster = Cluster(options.pg_bin, options.pg_data, options.pg_port, options.pg_user)
    proxy = PartitionProxy(options.pg_port)
    started = time.time()
    # SIGTERM (and SIGINT, ignored in a background job) ends the run through `finally`, so
    # no node is left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    zone = None
    try:
        zone = PostgresZone(options.agency, cluster, "agency_faults", options.clients, b_database_port=proxy.port)
        zone.start()
        faults = Faults(zone, cluster, proxy, options)
        faults.run([("kill -9 of a node", kills, faults.kill_node),
                    ("PostgreSQL immediate shutdown", shutdowns, faults.stop_postgres),
                    ("partition node b from the database", partitions, faults.partition)])
        for node in zone.nodes:
            status = node.stop()
            if status != 0:
                faults.fail(f"node {node.name}: SIGTERM ended it with {status}")
    finally:
        if zone:
            zone.cleanup()
        proxy.close()
    summary(faults.rows)
    if options.json:
        with open(options.json, "w") as f:
            json.dump([{k: v for k, v in r.items() if k not in ("messages", "slow")} for r in faults.rows], f, indent=2,
                      ensure_ascii=False)
    print(f"\n{len(faults.rows)} rounds in {time.time() - started:.0f} s, {len(faults.failures)} failures")
    sys.exit(1 if faults.failures else 0)


if __name__ == "__main__":
    main()
