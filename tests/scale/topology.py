"""The processes of a multi-instance site on one machine (nginx balancing several gunicorn
instances of the same code, and the services they share: Redis, an S3-compatible endpoint), used
by `make scale-demo` (tests/scale/demo.py) and by the tests that run against real processes
(tests/scale/, tests/pina/ops/servers.py); everything listens on 127.0.0.1 on ports picked free
at start.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


def free_port() -> int:
    """A TCP port nothing listens on right now (the kernel's choice)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str | None:
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def wait_until(predicate, *, timeout: float, what: str, process=None, log_path=None):
    """Poll `predicate()` until it is true; fail with the process's log if it died first."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        if process is not None and process.poll() is not None:
            log = Path(log_path).read_text(errors="replace")[-4000:] if log_path else ""
            raise RuntimeError(f"{what}: the process exited ({process.returncode}).\n{log}")
        if predicate():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not ready after {timeout} s")
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)


def http_ok(url: str, timeout: float = 2) -> bool:
    try:
        # Only the http:// addresses this module builds.
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def instance_environment(base: dict | None = None, **overrides) -> dict:
    """Production settings for a site process on the loopback (plain HTTP, debug off).

    The caller's DJANGO_* variables are dropped so that each process gets exactly these.
    """
    base = dict(os.environ if base is None else base)
    environment = {k: v for k, v in base.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",  # nginx here speaks plain HTTP on 127.0.0.1; production terminates TLS
        DJANGO_STATIC_MANIFEST="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_FORMAT="json",
        DJANGO_LOG_LEVEL="WARNING",
    )
    environment.update(overrides)
    return environment


class Process:
    """A child process in its own session, its output in a log file: in its own session, so
    `kill()` ends a whole gunicorn instance (master and workers) the way a crash would, and
    `stop()` ends it cleanly."""

    name = "process"

    def __init__(self, log_path: Path):
        self.log_path = Path(log_path)
        self.process: subprocess.Popen | None = None

    def _spawn(self, command: list[str], environment: dict | None = None, cwd=ROOT):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed commands, no shell
                command,
                cwd=cwd,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def poll(self):
        return self.process.poll()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the whole process group: a crash, nothing finishes cleanly."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM, then SIGKILL for what is still running after `timeout` seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        # Workers left behind by a master that died first.
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


class Gunicorn(Process):
    """One app-server instance: a gunicorn master with `workers` sync workers."""

    # Worker pid, request line, status, user agent: tests label requests by user agent to see
    # which worker served them.
    ACCESS_FORMAT = '%(p)s "%(r)s" %(s)s "%(a)s"'

    def __init__(
        self,
        name: str,
        environment: dict,
        log_dir: Path,
        *,
        workers: int = 2,
        port: int | None = None,
        access_log: bool = False,
    ):
        super().__init__(Path(log_dir) / f"{name}.log")
        self.name = name
        self.environment = environment
        self.workers = workers
        self.port = port or free_port()
        self.access_log_path = Path(log_dir) / f"{name}.access.log" if access_log else None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> Gunicorn:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "pina.wsgi:application",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "2",
            # gunicorn's control socket has one default path per user: instances would clash.
            "--no-control-socket",
        ]
        if self.access_log_path:
            command += [
                "--access-logfile",
                str(self.access_log_path),
                "--access-logformat",
                self.ACCESS_FORMAT,
            ]
        self._spawn(command, self.environment)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 90) -> None:
        """Until /healthz answers and every worker has booted."""
        wait_until(
            lambda: http_ok(self.url + "/healthz"),
            timeout=timeout,
            what=f"gunicorn {self.name}",
            process=self.process,
            log_path=self.log_path,
        )
        wait_until(
            lambda: len(self.worker_pids()) >= self.workers,
            timeout=timeout,
            what=f"gunicorn {self.name} workers",
            process=self.process,
            log_path=self.log_path,
        )

    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return {int(pid) for pid in children.read_text().split()}
        except OSError:
            return set()


NGINX_CONFIG = """\
# Written by tests/scale/topology.py; the production equivalent is in docs/deploy.md.
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    client_max_body_size 12m;
    types {{ image/jpeg jpg jpeg; image/png png; image/gif gif; image/webp webp; }}

    upstream pina {{
        # Passive health checks: an instance that fails a request is left out for 5 s.
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
{media}
        location / {{
            proxy_pass http://pina;
            proxy_set_header Host $http_host;
            # The site takes the client's address from the last entry (PINA_PROXY_COUNT=1).
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Only idempotent requests go to the next instance (nginx never re-sends a POST
            # once it was sent: "non_idempotent" is deliberately absent).
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Nginx(Process):
    """nginx in the foreground with a configuration of its own in `work_dir`.

    Configured as docs/deploy.md describes: round robin over the instances; an instance that
    refuses or drops a connection is marked failed for a while (passive health checks: nginx
    without the commercial edition cannot poll /healthz itself) and an idempotent request (GET,
    HEAD) is passed to the next instance; a POST already sent is never sent again (nginx's
    default), so a sign-up cannot be stored twice.
    """

    name = "nginx"

    def __init__(
        self,
        upstreams: list[int],
        work_dir: Path,
        *,
        port: int | None = None,
        media_root: Path | None = None,
    ):
        super().__init__(Path(work_dir) / "nginx.out")
        self.work_dir = Path(work_dir)
        self.upstreams = upstreams
        self.port = port or free_port()
        self.media_root = media_root

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
            for port in self.upstreams
        )
        media = ""
        if self.media_root:
            media = (
                f"        location /media/ {{ alias {self.media_root}/; "
                "expires 7d; access_log off; }"
            )
        # As root, nginx would run its worker as "nobody", which cannot read a private media
        # directory; the demo's worker keeps the starting user.
        user = "user root;\n" if os.geteuid() == 0 else ""
        return NGINX_CONFIG.format(
            user=user, work=self.work_dir, servers=servers, port=self.port, media=media
        )

    def start(self, timeout: float = 20) -> Nginx:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (apt-get install nginx)")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        config_path = self.work_dir / "nginx.conf"
        config_path.write_text(self.config())
        self._spawn(
            [
                binary,
                "-c",
                str(config_path),
                "-p",
                str(self.work_dir),
                "-e",
                str(self.work_dir / "error.log"),
                "-g",
                "daemon off;",
            ]
        )
        wait_until(
            lambda: port_open(self.port),
            timeout=timeout,
            what="nginx",
            process=self.process,
            log_path=self.work_dir / "error.log",
        )
        return self


class RedisServer(Process):
    """A redis-server of its own (never the shared one on 6379), in memory only."""

    name = "redis"

    def __init__(self, log_dir: Path, port: int | None = None):
        super().__init__(Path(log_dir) / "redis.log")
        self.port = port or free_port()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 20) -> RedisServer:
        binary = shutil.which("redis-server") or "redis-server"
        self._spawn(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ]
        )
        wait_until(
            self.ping,
            timeout=timeout,
            what="redis-server",
            process=self.process,
            log_path=self.log_path,
        )
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class MotoServer(Process):
    """moto's S3-compatible server (a separate process), a stand-in for real object storage."""

    name = "moto"

    def __init__(self, log_dir: Path, port: int | None = None):
        super().__init__(Path(log_dir) / "moto.log")
        self.port = port or free_port()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> MotoServer:
        self._spawn([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)])
        wait_until(
            lambda: port_open(self.port),
            timeout=timeout,
            what="moto server",
            process=self.process,
            log_path=self.log_path,
        )
        return self


def manage(environment: dict, *arguments: str, capture: bool = True) -> str:
    """Run `manage.py` with the instances' environment; raise with its output if it fails."""
    result = subprocess.run(  # noqa: S603 - this interpreter and manage.py, no shell
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout or ""


class Topology:
    """nginx in front of `instances` gunicorn instances sharing one environment.

    `with Topology(...) as topology:` starts everything and stops it all on exit, whatever
    happened; `topology.instances[i].kill()` crashes one instance.
    """

    def __init__(
        self,
        environment: dict,
        work_dir: Path,
        *,
        instances: int = 2,
        workers: int = 2,
        port: int | None = None,
        media_root: Path | None = None,
        access_log: bool = False,
    ):
        self.work_dir = Path(work_dir)
        self.environment = environment
        self.instances = [
            Gunicorn(
                f"instance-{chr(ord('a') + i)}",
                environment,
                self.work_dir,
                workers=workers,
                access_log=access_log,
            )
            for i in range(instances)
        ]
        self.nginx = Nginx(
            [i.port for i in self.instances],
            self.work_dir / "nginx",
            port=port,
            media_root=media_root,
        )

    @property
    def url(self) -> str:
        return self.nginx.url

    def start(self) -> Topology:
        try:
            # Started one after the other: two cold Django imports at once on a small machine
            # only make both slower.
            for instance in self.instances:
                instance.start()
            self.nginx.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in (self.nginx, *self.instances):
            process.stop()

    def __enter__(self) -> Topology:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
