"""A real site process (gunicorn) and a TCP proxy in front of PostgreSQL that the fault tests can
"stop" and "start" without touching the shared PostgreSQL cluster."""

import socket
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.scale.topology import Gunicorn, free_port, instance_environment

ROOT = Path(__file__).resolve().parents[3]


class TcpProxy:
    """Forwards 127.0.0.1:<port> to an upstream address. `stop()` behaves like a server that
    went down: open connections are cut and new ones refused; `start()` brings it back."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self._listener = None
        self._sockets = set()
        self._lock = threading.Lock()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone leaves the port
            # listening on Linux until that call returns.
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update({client, upstream})
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def site_environment(**overrides) -> dict:
    """The scale-out instances' production environment (tests.scale.topology) with a throwaway
    secret, log level INFO and two-factor login off (these tests sign in with a password only)."""
    defaults = {
        "DJANGO_SECRET_KEY": "fault-tests-secret-key-" + "x" * 40,
        "DJANGO_LOG_LEVEL": "INFO",
        "PINA_REQUIRE_2FA": "0",
    }
    return instance_environment(**{**defaults, **overrides})


@contextmanager
def gunicorn(environment: dict, log_path: Path):
    """One gunicorn master with one sync worker; yields (base URL, master process)."""
    server = Gunicorn(log_path.stem, environment, log_path.parent, workers=1)
    server.log_path = log_path
    try:
        server.start()
        yield server.url, server.process
    finally:
        server.stop()


def worker_pids(master) -> set[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return {int(pid) for pid in children.read_text().split()}


def fetch(url: str, timeout: float = 10, **headers):
    """(status, body, seconds) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body.decode("utf-8", "replace"), time.monotonic() - started
