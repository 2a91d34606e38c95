"""A served store for the reliability suite and the load check: `agency init --served`, a
people directory whose admin is the person running the script, two approval workflows,
and an `agency serve` that can be started, killed and restarted.

Identity: the server knows callers from the kernel, so every client process here is the
script's own login, mapped to the admin `admin`; approvals by others use `--as` (admins
only on a non-simulation store, which these stores are). Over HTTP each person has their
own token (`agency people token`). Docs/reliability.md, "Served stores".
"""
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

# 会签 by everyone with the role: many clients deciding on one instance.
COUNTERSIGN = """
return workflow {
  name = "countersign", title = "会签压测",
  input = { project = "string" },
  start = "review",
  states = {
    review = approval { title = "会签", approvers = { role("审批人") }, rule = "all",
                        on = { approved = "done", rejected = "refused" } },
    done = final { outcome = "approved" },
    refused = final { outcome = "rejected" },
  },
}
"""

# One approver named in the input: an instance of one's own.
SINGLE = """
return workflow {
  name = "single", title = "单人审批",
  input = { project = "string", approver = "person" },
  start = "review",
  states = {
    review = approval { title = "审批", approvers = { "approver" }, rule = "any",
                        on = { approved = "done", rejected = "refused" } },
    done = final { outcome = "approved" },
    refused = final { outcome = "rejected" },
  },
}
"""


def person(n):
    return f"p{n:02d}"


def people_directory(count):
    me = pwd.getpwuid(os.getuid()).pw_name
    people = [{"id": "admin", "name": "管理员", "roles": ["admin"], "login": me}]
    people += [{"id": person(n), "name": f"审批人{n}", "roles": ["审批人"]} for n in range(count)]
    return {"format": 1, "people": people}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def kill_process(process):
    """SIGKILL, then reap it."""
    process.send_signal(signal.SIGKILL)
    process.wait()


def stop_process(process, timeout=120):
    """SIGTERM; the exit status, or None when it did not end in time (then SIGKILL)."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_process(process)
        return None


def file_tail(path, lines=20):
    """The last `lines` lines of a log file, "" when it cannot be read."""
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def run_agency(agency, cwd, args, timeout):
    """One `agency` client process in `cwd`: (status, stdout, stderr), ("timeout", …) when it hung."""
    try:
        done = subprocess.run([agency] + args, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, env=dict(os.environ, NO_COLOR="1"), stdin=subprocess.DEVNULL)
        return done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        return "timeout", "", f"timed out after {timeout} s"


class ServedZone:
    """A temporary folder with a served store (`.agency`), people.json and Workflows/."""

    def __init__(self, agency, people=50, http=False, tick_interval=3600):
        self.agency = agency
        self.dir = tempfile.mkdtemp(prefix="agency-serve-torture-")
        self.store = os.path.join(self.dir, ".agency")
        self.socket_path = os.path.join(self.store, "agency.sock")
        self.log_path = os.path.join(self.dir, "serve.log")
        self.tick_interval = tick_interval
        self.port = free_port() if http else None
        self.server = None
        self.starts = 0
        with open(os.path.join(self.dir, "people.json"), "w") as f:
            json.dump(people_directory(people), f, ensure_ascii=False)
        os.makedirs(os.path.join(self.dir, "Workflows"))
        for name, source in (("countersign", COUNTERSIGN), ("single", SINGLE)):
            with open(os.path.join(self.dir, "Workflows", f"{name}.lua"), "w") as f:
                f.write(source)
        code, _, err = self.run(["init", "--served", "--people", "people.json"])
        if code != 0:
            raise RuntimeError(f"agency init --served failed: {err}")

    # The server

    def start_server(self, timeout=60):
        args = [self.agency, "serve", "--store", self.store, "--workflows", os.path.join(self.dir, "Workflows"),
                "--tick-interval", str(self.tick_interval)]
        if self.port:
            args += ["--listen", f"127.0.0.1:{self.port}"]
        log = open(self.log_path, "ab")
        self.server = subprocess.Popen(args, cwd=self.dir, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       env=dict(os.environ, NO_COLOR="1"))
        log.close()
        self.starts += 1
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"agency serve exited with {self.server.returncode}: {self.log_tail()}")
            if self.listening():
                return
            time.sleep(0.01)
        raise RuntimeError(f"agency serve did not listen within {timeout} s: {self.log_tail()}")

    def listening(self):
        """The socket accepts (a stale socket file of a killed server refuses)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            try:
                s.connect(self.socket_path)
            except OSError:
                return False
        if self.port:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v1/health", timeout=2):
                    return True
            except (OSError, urllib.error.URLError):
                return False
        return True

    def kill_server(self):
        kill_process(self.server)

    def stop_server(self, timeout=120):
        """SIGTERM; returns the exit status (None when it did not end in time)."""
        return stop_process(self.server, timeout)

    def log_tail(self, lines=20):
        return file_tail(self.log_path, lines)

    # Clients

    def run(self, args, timeout=60):
        """One `agency` client process; ("timeout", …) when it hung."""
        return run_agency(self.agency, self.dir, args, timeout)

    def token(self, who):
        code, out, err = self.run(["people", "token", who, "--json"])
        if code != 0:
            raise RuntimeError(f"agency people token {who}: {err}")
        return json.loads(out)["secret"]

    def http(self, token, method, path, body=None, timeout=60):
        """One API request; (status, parsed body) or ("timeout"/"io", message)."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except socket.timeout:
            return "timeout", f"no answer within {timeout} s"
        except (OSError, urllib.error.URLError) as error:
            return "io", str(error)

    # Reading back

    def records(self, instance, kind=None):
        args = ["log", instance, "--json"] + (["--kind", kind] if kind else [])
        code, out, err = self.run(args, timeout=120)
        if code != 0:
            raise RuntimeError(f"agency log {instance}: exit {code} {err}")
        return json.loads(out)

    def leftovers(self):
        found = []
        for folder, _, files in os.walk(self.store):
            found += [os.path.join(folder, f) for f in files if f.startswith(".tmp-")]
        tmp = os.path.join(self.store, "tmp")
        if os.path.isdir(tmp):
            found += [os.path.join(tmp, f) for f in os.listdir(tmp)]
        return found

    def cleanup(self):
        if self.server and self.server.poll() is None:
            self.kill_server()
        shutil.rmtree(self.dir, ignore_errors=True)
