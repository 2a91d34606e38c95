"""A TCP proxy on loopback that can cut one node off from PostgreSQL (Scripts/fault-postgres,
Docs/reliability.md, "PostgreSQL faults"). The node's store.json names the proxy's port
instead of the server's, so a partition affects that node alone.

Two kinds of partition, as a real network shows them:
- drop:      every open connection is closed at once and new ones are closed as soon as
             they are accepted (a router that resets: the node sees errors at once);
- blackhole: nothing is forwarded either way, connections stay open and new ones are
             accepted but not answered (a cable pulled: the node sees silence, and only its
             own timeouts end the wait). On healing the held bytes flow again.
"""
import socket
import threading


class PartitionProxy:
    def __init__(self, upstream_port, listen_port=0, host="127.0.0.1"):
        self.upstream = (host, upstream_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, listen_port))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.sockets = set()          # every open socket, both sides, to close on a drop
        self.mode = "up"              # "up", "drop" or "blackhole"
        self.flowing = threading.Event()
        self.flowing.set()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    # Control

    def partition(self, mode):
        assert mode in ("drop", "blackhole")
        with self.lock:
            self.mode = mode
            self.flowing.clear()
            doomed = list(self.sockets) if mode == "drop" else []
        for s in doomed:
            self._close(s)

    def heal(self):
        with self.lock:
            self.mode = "up"
            self.flowing.set()

    def close(self):
        self.closed = True
        self.flowing.set()
        self._close(self.listener)
        with self.lock:
            doomed = list(self.sockets)
        for s in doomed:
            self._close(s)

    # Forwarding

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                mode = self.mode
            if mode == "drop":
                self._close(client)
                continue
            self._track(client)
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client):
        self.flowing.wait()  # a connection made during a blackhole waits, unanswered
        try:
            server = socket.create_connection(self.upstream, timeout=10)
            server.settimeout(None)
        except OSError:
            self._close(client)
            return
        self._track(server)
        for source, target in ((client, server), (server, client)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                self.flowing.wait()  # held during a blackhole, forwarded on healing
                with self.lock:
                    if source not in self.sockets:
                        break  # dropped while this chunk was held
                target.sendall(data)
        except OSError:
            pass
        self._close(source)
        self._close(target)

    def _track(self, s):
        with self.lock:
            self.sockets.add(s)

    def _close(self, s):
        with self.lock:
            self.sockets.discard(s)
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass
