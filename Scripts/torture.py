#!/usr/bin/env python3
"""FullAgency torture suite: the built `agency` binary under kills, concurrency, corrupt
files, hostile scripts and bad command lines. Run through Scripts/torture.

Every phase checks its promise and counts what it tried; the last lines are the figures
and `N passed, N failed`. Exit status 1 when any check failed.
"""
import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTILE = os.path.join(ROOT, "Tests", "LuaRuntimeTests", "HostileScripts")

PEOPLE = {"format": 1, "people": [
    {"id": "wangfang", "name": "王芳", "roles": ["代办员"]},
    {"id": "zhangwei", "name": "张伟", "roles": ["包联领导"]},
    {"id": "liqiang", "name": "李强", "roles": ["包联领导"]},
    {"id": "sunli", "name": "孙立", "roles": ["主任"]},
    {"id": "admin", "name": "管理员", "roles": ["admin"]},
]}

JOINT_REVIEW = """
return workflow {
  name = "joint_review", title = "项目联审",
  input = { project = "string", agent = "person" },
  start = "prepare",
  states = {
    prepare = task { title = "准备材料", assignee = "agent", on = { submitted = "review" } },
    review = approval { title = "会签", approvers = { role("包联领导") }, rule = "all",
                        on = { approved = "done", rejected = "prepare" } },
    done = final { },
  },
}
"""

TICKER = """
return workflow {
  name = "ticker", title = "催办演练",
  input = { agent = "person" },
  start = "work",
  states = {
    work = task { title = "办理", assignee = "agent", due = hours(40),
      escalate = { { after = hours(1), remind = "assignee", every = hours(1), times = 30 } },
      timeout = "late", on = { done = "finished" } },
    late = task { title = "超期", assignee = "agent", on = { done = "finished" } },
    finished = final { },
  },
}
"""

HOOK_TEMPLATE = """
return workflow {
  name = "NAME", title = "hostile",
  input = { agent = "person" },
  start = "first",
  states = {
    first = task { title = "first", assignee = "agent", on = { go = "second" } },
    second = task { title = "second", assignee = "agent",
      enter = function(ctx) ctx.data.result = (function()
BODY
      end)() end,
      on = { go = "done" } },
    done = final { },
  },
}
"""

TIMER_TEMPLATE = """
return workflow {
  name = "NAME", title = "hostile timer",
  input = { agent = "person" },
  start = "work",
  states = {
    work = task { title = "work", assignee = "agent", due = hours(1),
      timeout = function(ctx) ctx.data.result = (function()
BODY
      end)() end,
      on = { go = "done" } },
    done = final { },
  },
}
"""


class Checks:
    """Counts passed and failed checks, and the figures each phase reports."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.figures = {}
        self.lock = threading.Lock()

    def check(self, condition, what):
        with self.lock:
            if condition:
                self.passed += 1
            else:
                self.failed += 1
                print(f"  FAIL: {what}", flush=True)
        return condition

    def figure(self, name, value):
        self.figures[name] = self.figures.get(name, 0) + value


class Zone:
    """A temporary folder with a simulation store, people and workflows."""

    def __init__(self, agency, workflows, lua_limits=None):
        self.agency = agency
        self.dir = tempfile.mkdtemp(prefix="agency-torture-")
        self.store = os.path.join(self.dir, ".agency")
        with open(os.path.join(self.dir, "people.json"), "w") as f:
            json.dump(PEOPLE, f, ensure_ascii=False)
        os.makedirs(os.path.join(self.dir, "Workflows"))
        for name, source in workflows.items():
            self.write_workflow(name, source)
        code, _, err = self.run(["init", "--people", "people.json", "--simulation"])
        if code != 0:
            raise RuntimeError(f"init failed: {err}")
        if lua_limits:
            path = os.path.join(self.store, "store.json")
            with open(path) as f:
                config = json.load(f)
            config["lua"] = lua_limits
            with open(path, "w") as f:
                json.dump(config, f)

    def write_workflow(self, name, source):
        with open(os.path.join(self.dir, "Workflows", f"{name}.lua"), "w") as f:
            f.write(source)

    def run(self, args, timeout=120):
        env = dict(os.environ, NO_COLOR="1")
        try:
            done = subprocess.run([self.agency] + args, cwd=self.dir, capture_output=True, text=True,
                                  timeout=timeout, env=env)
            return done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired:
            return "timeout", "", f"timed out after {timeout}s"

    def spawn(self, args):
        return subprocess.Popen([self.agency] + args, cwd=self.dir, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))

    def journal_comments(self, instance):
        code, out, _ = self.run(["log", instance, "--kind", "comment", "--json"])
        if code != 0:
            return None
        return [r["details"]["command"].get("comment") for r in json.loads(out)]

    def leftovers(self):
        return [p for p in glob.glob(os.path.join(self.store, "**", ".tmp-*"), recursive=True)]

    def held_locks(self):
        held = []
        for lock in glob.glob(os.path.join(self.store, "locks", "*.lock")):
            if subprocess.run(["flock", "-n", lock, "true"]).returncode != 0:
                held.append(lock)
        return held

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def verify_and_repair(zone, checks):
    """verify --all; a torn last line is repaired (the one repair allowed); then verify again."""
    code, out, err = zone.run(["verify", "--all", "--json"], timeout=600)
    repairs = 0
    if code != 0 and out.strip():
        for report in json.loads(out):
            if report["ok"]:
                continue
            problems = " ".join(report.get("problems", []))
            if "torn" in problems.lower():
                rc, _, rerr = zone.run(["repair", report["id"]])
                checks.check(rc == 0, f"repair {report['id']}: {rerr}")
                repairs += 1
            else:
                checks.check(False, f"{report['id']} does not verify: {problems}")
        code, out, err = zone.run(["verify", "--all"], timeout=600)
    checks.check(code == 0, f"verify --all after the phase: {out}{err}")
    return repairs


def phase_kills(agency, checks, target_kills):
    print(f"kill -9 loop: {target_kills} kills during sends, starts and ticks", flush=True)
    zone = Zone(agency, {"joint_review": JOINT_REVIEW, "ticker": TICKER})
    rng = random.Random(20250106)
    base = [f"K-{i}" for i in range(4)]
    for name in base:
        zone.run(["start", "joint_review", "--id", name, "--as", "wangfang", "--now", "2025-01-06T09:00",
                  "--input", '{"project": "压力测试", "agent": "wangfang"}'])
    for i in range(3):
        zone.run(["start", "ticker", "--id", f"T-{i}", "--as", "wangfang", "--now", "2025-01-06T09:00",
                  "--input", '{"agent": "wangfang"}'])
    # Kill at random moments across a command's whole life: measure how long one takes here.
    durations = []
    for n in range(5):
        started = time.time()
        zone.run(["comment", base[0], "--as", "wangfang", "--comment", f"warm-up {n}"])
        durations.append(time.time() - started)
    span = sorted(durations)[2] * 2.5  # about half the commands finish, half are killed
    acked_comments, acked_starts = {}, set()
    kills = ops = 0
    virtual_hour = 9
    while kills < target_kills:
        ops += 1
        roll = rng.random()
        if roll < 0.6:
            instance = rng.choice(base)
            text = f"c{ops}"
            args = ["comment", instance, "--as", "wangfang", "--comment", text]
            kind = ("comment", instance, text)
        elif roll < 0.8:
            instance = f"S-{ops}"
            args = ["start", "joint_review", "--id", instance, "--as", "wangfang", "--now", "2025-01-06T10:00",
                    "--input", '{"project": "并发启动", "agent": "wangfang"}']
            kind = ("start", instance, None)
        else:
            virtual_hour += 1
            day, hour = 6 + virtual_hour // 24, virtual_hour % 24
            args = ["tick", "--now", f"2025-01-{day:02d}T{hour:02d}:00"]
            kind = ("tick", None, None)
        process = zone.spawn(args)
        time.sleep(rng.uniform(0, span))
        if process.poll() is None:
            process.kill()
            kills += 1
        code = process.wait()
        if code == 0 and kind[0] == "comment":
            acked_comments.setdefault(kind[1], []).append(kind[2])
        elif code == 0 and kind[0] == "start":
            acked_starts.add(kind[1])
        if ops % 200 == 0:
            print(f"  {ops} operations, {kills} kills", flush=True)
    day, hour = 6 + virtual_hour // 24, virtual_hour % 24
    code, _, err = zone.run(["tick", "--now", f"2025-01-{day:02d}T{hour:02d}:00"], timeout=600)
    checks.check(code == 0, f"tick after the kills: {err}")
    # Ordinary commands roll forward whatever a kill interrupted.
    for instance in base:
        code, _, err = zone.run(["comment", instance, "--as", "wangfang", "--comment", "after"])
        checks.check(code == 0, f"comment on {instance} after the kills: {err}")
    repairs = verify_and_repair(zone, checks)
    events = 0
    for instance, texts in acked_comments.items():
        recorded = zone.journal_comments(instance) or []
        for text in texts:
            events += 1
            checks.check(recorded.count(text) == 1, f"acknowledged comment {text} on {instance} recorded once")
        checks.check(len(recorded) == len(set(recorded)), f"no comment recorded twice on {instance}")
    for instance in acked_starts:
        events += 1
        code, _, _ = zone.run(["show", instance])
        checks.check(code == 0, f"acknowledged start {instance} exists")
    leftovers, held = zone.leftovers(), zone.held_locks()
    checks.check(leftovers == [], f"no temporary files left: {leftovers}")
    checks.check(held == [], f"no locks held: {held}")
    checks.figure("kills survived", kills)
    checks.figure("operations under kill", ops)
    checks.figure("acknowledged events checked", events)
    checks.figure("torn lines repaired", repairs)
    zone.cleanup()


def phase_concurrency(agency, checks, writers, per_writer):
    print(f"concurrency: {writers} processes x {per_writer} events on 10 instances, with ticks", flush=True)
    zone = Zone(agency, {"joint_review": JOINT_REVIEW, "ticker": TICKER})
    instances = [f"C-{i}" for i in range(10)]
    for name in instances:
        zone.run(["start", "joint_review", "--id", name, "--as", "wangfang", "--now", "2025-01-06T09:00",
                  "--input", '{"project": "并发", "agent": "wangfang"}'])
    for i in range(3):
        zone.run(["start", "ticker", "--id", f"T-{i}", "--as", "wangfang", "--now", "2025-01-06T09:00",
                  "--input", '{"agent": "wangfang"}'])
    acked = {}
    refusals = {"busy": 0, "not permitted": 0}
    lock = threading.Lock()
    stop = threading.Event()

    def writer(number):
        rng = random.Random(number)
        for n in range(per_writer):
            instance = rng.choice(instances)
            if rng.random() < 0.1:  # someone not assigned tries to approve: a clean refusal
                code, _, err = zone.run(["approve", instance, "--as", "sunli"])
                with lock:
                    checks.check(code in (1, 3, 4), f"refused approve exits 1/3/4, got {code}: {err}")
                    if code == 3:
                        refusals["not permitted"] += 1
                continue
            text = f"w{number}-{n}"
            for _ in range(30):
                code, _, err = zone.run(["comment", instance, "--as", "wangfang", "--comment", text])
                if code == 0:
                    with lock:
                        acked.setdefault(instance, []).append(text)
                    break
                with lock:
                    if code == 4 and "busy" in err:
                        refusals["busy"] += 1
                        continue
                    checks.check(False, f"comment {text}: exit {code} {err}")
                break

    def ticker():
        hour = 9
        while not stop.is_set():
            hour += 1
            code, _, err = zone.run(["tick", "--now", f"2025-01-{6 + hour // 24:02d}T{hour % 24:02d}:00"])
            checks.check(code in (0, 4), f"tick during the load: {code} {err}")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    tickers = [threading.Thread(target=ticker) for _ in range(2)]
    for t in threads + tickers:
        t.start()
    for t in threads:
        t.join(timeout=1800)
        checks.check(not t.is_alive(), "a writer finished (no deadlock)")
    stop.set()
    for t in tickers:
        t.join(timeout=300)
    events = 0
    for instance in instances:
        recorded = zone.journal_comments(instance) or []
        expected = sorted(acked.get(instance, []))
        events += len(expected)
        checks.check(sorted(recorded) == expected, f"{instance}: every acknowledged event in exactly one record")
    verify_and_repair(zone, checks)
    checks.figure("concurrent events checked", events)
    checks.figure("clean busy refusals", refusals["busy"])
    checks.figure("clean not-permitted refusals", refusals["not permitted"])
    zone.cleanup()


def phase_corruption(agency, checks, big_mb):
    print("corrupt inputs: snapshots and journals", flush=True)
    zone = Zone(agency, {"joint_review": JOINT_REVIEW})
    zone.run(["start", "joint_review", "--id", "X", "--as", "wangfang", "--now", "2025-01-06T09:00",
              "--input", '{"project": "篡改", "agent": "wangfang"}'])
    for n in range(4):
        zone.run(["comment", "X", "--as", "wangfang", "--comment", f"记录{n}"])
    zone.run(["start", "joint_review", "--id", "Y", "--as", "wangfang", "--input", '{"project": "旁观", "agent": "wangfang"}'])
    pristine = zone.store + ".pristine"
    shutil.copytree(zone.store, pristine)
    snapshot = os.path.join(zone.store, "instances", "X.json")
    journal = os.path.join(zone.store, "journal", "X.jsonl")
    original = open(snapshot, "rb").read()
    lines = open(journal, "rb").read().split(b"\n")[:-1]

    def restore():
        shutil.rmtree(zone.store)
        shutil.copytree(pristine, zone.store)

    def reseal(records):
        import hashlib
        out = []
        for record in records:
            record = dict(record)
            record.pop("hash", None)
            canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            record["hash"] = hashlib.sha256(canonical.encode()).hexdigest()
            out.append(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())
        return out

    big = b'{"id": "X", "pad": "' + b"a" * (big_mb * 1024 * 1024) + b'"}'
    snapshot_cases = {
        "truncated": original[: len(original) // 2],
        "garbage": bytes(random.Random(7).getrandbits(8) for _ in range(4096)),
        "wrong schema": b'{"id": "X", "head": {"seq": 5, "hash": "00"}, "states": 3}',
        "byte-order mark": b"\xef\xbb\xbf" + original,
        "duplicate keys": original.replace(b'{\n  "comments"', b'{\n  "status": "running",\n  "comments"', 1)
                          if b'{\n  "comments"' in original else b'{"id": "X", "id": "X"}',
        f"{big_mb} MB": big,
    }
    tried = 0
    for name, content in snapshot_cases.items():
        restore()
        with open(snapshot, "wb") as f:
            f.write(content)
        tried += 1
        code, _, err = zone.run(["show", "X"], timeout=300)
        checks.check(code in (1, 5), f"snapshot {name}: show refused (exit {code}) {err[:200]}")
        code, _, err = zone.run(["comment", "X", "--as", "wangfang", "--comment", "x"], timeout=300)
        checks.check(code in (1, 5), f"snapshot {name}: a command refused (exit {code})")
        checks.check(open(snapshot, "rb").read() == content, f"snapshot {name}: preserved, not overwritten")
        code, _, _ = zone.run(["show", "Y"])
        checks.check(code == 0, f"snapshot {name}: other instances unaffected")
        code, out, err = zone.run(["repair", "X"], timeout=300)
        checks.check(code == 0, f"snapshot {name}: repair rebuilds it ({err[:200]})")
        code, out, err = zone.run(["verify", "X"], timeout=300)
        checks.check(code == 0, f"snapshot {name}: verifies after repair ({out}{err})")
        kept = glob.glob(os.path.join(zone.store, "quarantine", "*"))
        checks.check(len(kept) >= 1, f"snapshot {name}: the corrupt file is kept in quarantine")

    records = [json.loads(line) for line in lines]
    edited = [dict(r) for r in records]
    edited[2]["actor"] = "forger"
    forged = reseal(edited)
    journal_cases = {
        "edited record": [line if i != 2 else line.replace(b'"actor":"wangfang"', b'"actor":"forger"')
                          for i, line in enumerate(lines)],
        "deleted record": lines[:2] + lines[3:],
        "inserted record": lines[:3] + [lines[2]] + lines[3:],
        "reordered records": lines[:2] + [lines[3], lines[2]] + lines[4:],
        "forged hash": lines[:2] + [forged[2]] + lines[3:],
        "truncated middle": lines[:2] + [lines[2][: len(lines[2]) // 2]] + lines[3:],
    }
    for name, new_lines in journal_cases.items():
        restore()
        content = b"\n".join(new_lines) + b"\n"
        with open(journal, "wb") as f:
            f.write(content)
        tried += 1
        code, out, err = zone.run(["verify", "X", "--json"])
        report = json.loads(out)[0] if out.strip() else {}
        checks.check(code == 5 and not report.get("ok", True), f"journal {name}: verify detects it (exit {code})")
        checks.check(report.get("firstBadSeq") is not None or report.get("problems"), f"journal {name}: names the first bad record")
        # Commands check the journal's tail, not the whole chain (that is verify's job, see
        # Docs/reliability.md); whatever they do, the tampered bytes must stay as they are.
        zone.run(["comment", "X", "--as", "wangfang", "--comment", "x"])
        code, _, _ = zone.run(["repair", "X"])
        checks.check(code != 0, f"journal {name}: repair refuses to guess")
        checks.check(open(journal, "rb").read().startswith(content), f"journal {name}: preserved, never rewritten")
        code, _, _ = zone.run(["verify", "X"])
        checks.check(code == 5, f"journal {name}: still reported afterwards")
    restore()
    with open(journal, "ab") as f:
        f.write(b'{"seq":99,"at":"2025')
    tried += 1
    code, _, _ = zone.run(["verify", "X"])
    checks.check(code == 5, "torn last line: verify reports it")
    code, _, err = zone.run(["repair", "X"])
    checks.check(code == 0, f"torn last line: repair moves it aside ({err})")
    checks.check(len(glob.glob(journal + ".torn-*")) == 1, "torn last line: kept next to the journal")
    code, _, _ = zone.run(["verify", "X"])
    checks.check(code == 0, "torn last line: verifies after repair")
    checks.figure("corrupt inputs tried", tried)
    zone.cleanup()
    shutil.rmtree(pristine, ignore_errors=True)


def hostile_scripts():
    scripts = []
    for path in sorted(glob.glob(os.path.join(HOSTILE, "*.lua"))):
        source = open(path, encoding="utf-8").read()
        kind = next((l[len("-- expect: "):].strip() for l in source.splitlines() if l.startswith("-- expect: ")), "")
        scripts.append((os.path.basename(path)[:-4], source, kind))
    return scripts


def phase_hostile(agency, checks):
    scripts = hostile_scripts()
    print(f"hostile scripts: {len(scripts)} through validate, hooks and timers", flush=True)
    limits = {"instructions": 5000000, "seconds": 1.0, "memoryBytes": 33554432}
    workflows = {"joint_review": JOINT_REVIEW}
    for name, source, _ in scripts:
        body = "\n".join(l for l in source.splitlines() if not l.startswith("-- "))
        workflows[f"h_{name}"] = HOOK_TEMPLATE.replace("NAME", f"h_{name}").replace("BODY", body)
        workflows[f"t_{name}"] = TIMER_TEMPLATE.replace("NAME", f"t_{name}").replace("BODY", body)
    zone = Zone(agency, workflows, lua_limits=limits)
    tried = 0
    for name, source, kind in scripts:
        path = os.path.join(zone.dir, f"{name}.lua")
        with open(path, "w") as f:
            f.write(source)
        started = time.time()
        code, _, err = zone.run(["validate", path], timeout=60)
        tried += 1
        checks.check(code == 1 and err.strip(), f"validate {name}: refused with an error (exit {code})")
        checks.check(time.time() - started < 30, f"validate {name}: ended promptly")
        # As an enter hook: the command is refused, the instance stays where it was.
        instance = f"H-{name}".replace("_", "-")
        code, _, err = zone.run(["start", f"h_{name}", "--id", instance, "--as", "wangfang",
                                 "--now", "2025-01-06T09:00", "--input", '{"agent": "wangfang"}'])
        checks.check(code == 0, f"start h_{name}: {err}")
        code, _, err = zone.run(["complete", instance, "--as", "wangfang", "--now", "2025-01-06T09:10"], timeout=60)
        tried += 1
        checks.check(code == 1 and err.strip(), f"hook {name}: refused with its error (exit {code}) {err[:120]}")
        code, out, _ = zone.run(["show", instance, "--json"])
        checks.check(code == 0 and json.loads(out)["state"] == "first", f"hook {name}: instance unchanged")
        # As a timeout function: tick marks only that instance failed, with an incident.
        timer = f"T-{name}".replace("_", "-")
        zone.run(["start", f"t_{name}", "--id", timer, "--as", "wangfang", "--now", "2025-01-06T09:00",
                  "--input", '{"agent": "wangfang"}'])
    code, out, err = zone.run(["tick", "--now", "2025-01-06T12:00", "--json"], timeout=1200)
    report = json.loads(out) if out.strip() else {"failed": []}
    failed = {f["instance"] for f in report["failed"]}
    for name, _, _ in scripts:
        timer = f"T-{name}".replace("_", "-")
        tried += 1
        code, out, _ = zone.run(["show", timer, "--json"])
        snapshot = json.loads(out) if code == 0 else {}
        checks.check(timer in failed and snapshot.get("status") == "failed" and snapshot.get("incident"),
                     f"timer {name}: instance failed with an incident")
    code, out, err = zone.run(["verify", "--all"], timeout=600)
    checks.check(code == 0, f"verify after hostile scripts: {out[-300:]}{err}")
    checks.figure("hostile runs", tried)
    zone.cleanup()


def phase_bad_cli(agency, checks):
    print("bad command lines", flush=True)
    zone = Zone(agency, {"joint_review": JOINT_REVIEW})
    zone.run(["start", "joint_review", "--id", "B-1", "--as", "wangfang", "--input",
              '{"project": "P", "agent": "wangfang"}'])
    # Documents over the 1 MiB cap, inline and from a file.
    big = '{"project": "' + "x" * (1 << 20) + '", "agent": "wangfang"}'
    with open(os.path.join(zone.dir, "big.json"), "w") as f:
        f.write(big)
    cases = [
        (["start", "joint_review", "--as", "wangfang", "--input", "big.json"], 1),
        (["complete", "B-1", "--as", "wangfang", "--data", "big.json"], 1),
        (["frobnicate"], 64), (["start"], 64), (["approve", "B-1", "--bogus"], 64),
        (["start", "joint_review", "--as", "wangfang", "--input", "{not json"], 1),
        (["start", "joint_review", "--as", "wangfang", "--input", '{"project": 1, "agent": "wangfang"}'], 1),
        (["start", "joint_review", "--as", "wangfang", "--input", '{"project": "p", "agent": "ghost"}'], 1),
        (["start", "joint_review", "--as", "wangfang", "--id", "../escape", "--input", '{"project": "p", "agent": "wangfang"}'], 1),
        (["start", "joint_review", "--as", "wangfang", "--id", "a/b", "--input", '{"project": "p", "agent": "wangfang"}'], 1),
        (["start", "nosuchflow", "--as", "wangfang"], 2),
        (["show", "no-such-instance"], 2), (["show", "../../etc/passwd"], 1),
        (["approve", "B-1", "--as", "ghost"], 2), (["approve", "B-1", "--as", "zhangwei"], 3),
        (["cancel", "B-1", "--as", "wangfang", "--reason", "x"], 3),
        (["calendar", "add", "2150-12-30", "5"], 1), (["calendar", "add", "2025-02-30", "3"], 1),
        (["calendar", "import", "/dev/null", "--dry-run"], 1),
        (["log", "B-1", "--since", "yesterday"], 1), (["tick", "--until", "not-a-time"], 1),
    ]
    for args, expected in cases:
        code, _, err = zone.run(args)
        checks.check(code == expected and (code == 0 or err.strip()),
                     f"agency {' '.join(args)}: exit {code} (expected {expected}) {err[:120]}")
    code, out, _ = zone.run(["list", "--json"])
    checks.check(code == 0 and len(json.loads(out)) == 1, "refused command lines created no instance")
    held = glob.glob(os.path.join(zone.store, "locks", "*.lock"))
    checks.check(all(os.path.basename(p) in ("B-1.lock", ".store.lock") for p in held),
                 f"refused command lines left no lock files: {held}")
    checks.figure("bad command lines tried", len(cases))
    zone.cleanup()


SELF_STARTING = """
return workflow {
  name = "selfie", title = "self-starting",
  input = { agent = "person" },
  start = "wait",
  on_start = function(ctx) ctx:start("selfie", { agent = ctx.data.agent }) end,
  states = { wait = task { title = "wait", assignee = "agent", on = { done = "done" } },
             done = final { outcome = "done" } },
}
"""


def phase_people(agency, checks, target_kills):
    """Kills during `people apply`, then the directory, the store journal and every
    instance must verify; a self-starting workflow must end at the depth limit."""
    print(f"people apply under kill -9: {target_kills} kills; cascades", flush=True)
    zone = Zone(agency, {"joint_review": JOINT_REVIEW, "selfie": SELF_STARTING})
    other = json.loads(json.dumps(PEOPLE))
    for person in other["people"]:
        if person["id"] == "zhangwei":
            person["roles"] = person["roles"] + ["主任"]
    versions = [PEOPLE, other]
    for n, version in enumerate(versions):
        with open(os.path.join(zone.dir, f"people-{n}.json"), "w") as f:
            json.dump(version, f, ensure_ascii=False)
    zone.run(["start", "joint_review", "--id", "P-0", "--as", "wangfang", "--now", "2025-01-06T09:00",
              "--input", '{"project": "名单变更", "agent": "wangfang"}'])
    rng = random.Random(20261204)
    started = time.time()
    zone.run(["people", "apply", "people-1.json", "--as", "admin"])
    span = (time.time() - started) * 2
    kills = ops = 0
    while kills < target_kills:
        ops += 1
        process = zone.spawn(["people", "apply", f"people-{ops % 2}.json", "--as", "admin"])
        time.sleep(rng.uniform(0, span))
        if process.poll() is None:
            process.kill()
            kills += 1
        process.wait()
        if ops % 3 == 0:
            zone.run(["comment", "P-0", "--as", "wangfang", "--comment", f"c{ops}"])
    with open(os.path.join(zone.store, "people.json")) as f:
        current = json.load(f)
    checks.check(current in versions, "people.json is one of the applied versions, whole")
    code, out, err = zone.run(["comment", "P-0", "--as", "wangfang", "--comment", "after"])
    checks.check(code == 0, f"a command after the kills: {err}")
    code, out, err = zone.run(["verify", "--all"], timeout=600)
    checks.check(code == 0, f"verify --all (instances and the store journal) after people kills: {out}{err}")
    code, out, err = zone.run(["people", "history", "--json"])
    checks.check(code == 0 and len(json.loads(out or "[]")) >= 2, f"people history: {err}")
    checks.figure("people apply kills", kills)

    started = time.time()
    code, out, err = zone.run(["start", "selfie", "--id", "SELF", "--as", "wangfang", "--now", "2025-01-06T09:00",
                               "--input", '{"agent": "wangfang"}'], timeout=120)
    checks.check(code != "timeout" and time.time() - started < 60, "a self-starting workflow returns")
    code, out, _ = zone.run(["list", "--workflow", "selfie", "--json"])
    count = len(json.loads(out)) if code == 0 else -1
    checks.check(count == 8, f"a self-starting workflow stops at 8 instances, found {count}")
    code, out, err = zone.run(["verify", "--all"], timeout=600)
    checks.check(code == 0, f"verify --all after the cascade: {out}{err}")
    zone.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agency", required=True, help="the agency binary")
    parser.add_argument("--short", action="store_true", help="the short form for CI")
    parser.add_argument("--figures", help="write the figures as JSON to this file")
    options = parser.parse_args()
    checks = Checks()
    started = time.time()
    if options.short:
        phase_kills(options.agency, checks, 100)
        phase_concurrency(options.agency, checks, 8, 20)
    else:
        phase_kills(options.agency, checks, 1000)
        phase_concurrency(options.agency, checks, 16, 100)
    phase_people(options.agency, checks, 20 if options.short else 200)
    phase_corruption(options.agency, checks, 8 if options.short else 100)
    phase_hostile(options.agency, checks)
    phase_bad_cli(options.agency, checks)
    checks.figures["seconds"] = round(time.time() - started)
    print("figures:")
    for name, value in checks.figures.items():
        print(f"  {name}: {value}")
    if options.figures:
        with open(options.figures, "w") as f:
            json.dump(checks.figures, f, indent=2, ensure_ascii=False)
    print(f"{checks.passed} passed, {checks.failed} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
