"""Two `agency serve` nodes on one PostgreSQL database, for Scripts/fault-postgres and
Scripts/bench-postgres (Docs/reliability.md, "PostgreSQL faults").

A node is a store folder of its own (store.json, people.json, tokens, the signing key)
whose store.json names the shared database. Node a is made with `agency init --served
--postgres URL`; node b is a copy of a's folder (the same key, so each node's signatures
verify on the other, Docs/storage.md "Several nodes on one database") whose store.json names
its own socket and, optionally, a different port for the database: the partition proxy's.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from serve_zone import (COUNTERSIGN, SINGLE, file_tail, free_port, kill_process, people_directory, person,
                        run_agency, stop_process)


class Cluster:
    """The throwaway PostgreSQL cluster Scripts/fault-postgres started (its bin, data, port)."""

    def __init__(self, bin_dir, data, port, user):
        self.bin, self.data, self.port, self.user = bin_dir, data, port, user
        # The cluster belongs to the postgres user when the script runs as root.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def url(self, database, port=None):
        return f"postgres://{self.user}@127.0.0.1:{port or self.port}/{database}?sslmode=disable"

    def createdb(self, name):
        subprocess.run([f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name],
                       check=True)

    def stop_immediately(self):
        """`pg_ctl -m immediate stop`: no checkpoint, every backend killed, crash recovery on start."""
        subprocess.run(self.as_owner + [f"{self.bin}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"],
                       check=True, stdout=subprocess.DEVNULL)

    def start(self):
        subprocess.run(self.as_owner + [f"{self.bin}/pg_ctl", "-D", self.data, "-l", f"{self.data}/server.log",
                                        "-w", "start"], check=True, stdout=subprocess.DEVNULL)

    def psql(self, database, sql):
        done = subprocess.run([f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
                               "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True, check=True)
        return done.stdout


class Node:
    """One `agency serve` on its own folder, listening on a socket and on HTTP."""

    def __init__(self, agency, folder, workflows, name):
        self.agency, self.folder, self.workflows, self.name = agency, folder, workflows, name
        self.store = os.path.join(folder, ".agency")
        self.socket_path = os.path.join(self.store, "agency.sock")
        self.log_path = os.path.join(folder, "serve.log")
        self.port = free_port()
        self.process = None
        self.starts = 0

    def start(self, timeout=120):
        args = [self.agency, "serve", "--store", self.store, "--workflows", self.workflows,
                "--tick-interval", "3600", "--listen", f"127.0.0.1:{self.port}"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(args, cwd=self.folder, stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=log, env=dict(os.environ, NO_COLOR="1"))
        self.starts += 1
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"node {self.name}: agency serve exited with {self.process.returncode}: "
                                   f"{self.log_tail()}")
            if self.healthy():
                return
            time.sleep(0.02)
        raise RuntimeError(f"node {self.name} did not answer /v1/health within {timeout} s: {self.log_tail()}")

    def healthy(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/v1/health", timeout=2):
                return True
        except (OSError, urllib.error.URLError):
            return False

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        kill_process(self.process)

    def stop(self, timeout=120):
        """SIGTERM; the exit status, or None when it did not end in time (then SIGKILL)."""
        return stop_process(self.process, timeout)

    def log_tail(self, lines=20):
        return file_tail(self.log_path, lines)

    def run(self, args, timeout=600):
        """One `agency` client process through this node's socket; ("timeout", …) when it hung."""
        return run_agency(self.agency, self.folder, args, timeout)


class PostgresZone:
    """Nodes a and b on `database`; b reaches the database through `b_database_port` when given."""

    def __init__(self, agency, cluster, database, people, b_database_port=None, nodes=2):
        self.agency, self.cluster, self.database = agency, cluster, database
        self.dir = tempfile.mkdtemp(prefix="agency-fault-postgres-")
        self.workflows = os.path.join(self.dir, "Workflows")
        os.makedirs(self.workflows)
        for name, source in (("countersign", COUNTERSIGN), ("single", SINGLE)):
            with open(os.path.join(self.workflows, f"{name}.lua"), "w") as f:
                f.write(source)
        self.nodes, self.tokens = [], {}
        try:
            self._build(people, b_database_port, nodes)
        except BaseException:
            self.cleanup()  # no node left running, no folder left behind
            raise

    def _build(self, people, b_database_port, nodes):
        agency, cluster, database = self.agency, self.cluster, self.database
        cluster.createdb(database)
        a = Node(agency, os.path.join(self.dir, "a"), self.workflows, "a")
        self.nodes.append(a)
        os.makedirs(a.folder)
        with open(os.path.join(a.folder, "people.json"), "w") as f:
            json.dump(people_directory(people), f, ensure_ascii=False)
        code, _, err = a.run(["init", "--served", "--postgres", cluster.url(database), "--people", "people.json"])
        if code != 0:
            raise RuntimeError(f"agency init --served --postgres failed: {err}")
        a.start()
        for n in range(people):
            code, out, err = a.run(["people", "token", person(n), "--json"])
            if code != 0:
                raise RuntimeError(f"agency people token {person(n)}: {err}")
            self.tokens[person(n)] = json.loads(out)["secret"]
        if a.stop() != 0:
            raise RuntimeError(f"node a did not stop on SIGTERM: {a.log_tail()}")
        if nodes > 1:
            self.nodes.append(self._copy(a, "b", b_database_port))

    def _copy(self, a, name, database_port):
        """A second node: a's folder copied (key, tokens, people), its own socket and database port."""
        node = Node(self.agency, os.path.join(self.dir, name), self.workflows, name)
        shutil.copytree(a.folder, node.folder, symlinks=True)
        os.remove(os.path.join(node.folder, "serve.log"))
        config_path = os.path.join(node.store, "store.json")
        with open(config_path) as f:
            config = json.load(f)
        config["served"]["socket"] = node.socket_path
        if database_port:
            config["database"] = config["database"].replace(f":{self.cluster.port}/", f":{database_port}/")
        with open(config_path, "w") as f:
            json.dump(config, f, ensure_ascii=False, indent=2, sort_keys=True)
        return node

    def start(self):
        for node in self.nodes:
            node.start()

    def journal(self):
        """Every journal record in the database, parsed: [(instance id, record)]."""
        out = self.cluster.psql(self.database, "SELECT instance_id || chr(9) || line FROM agency.journal")
        records = []
        for row in out.splitlines():
            if row:
                instance, line = row.split("\t", 1)
                records.append((instance, json.loads(line)))
        return records

    def cleanup(self):
        for node in self.nodes:
            if node.running():
                node.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
