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


SITE_FILE = ROOT / "deploy" / "nginx" / "pina.conf"

# The environment around the deploy file, as a Debian host's /etc/nginx/nginx.conf or the
# compose proxy's image provides it: the site's rules (proxying, the front cache, static and
# media) all come from deploy/nginx/pina.conf.
NGINX_CONFIG = """\
# Written by tests/scale/topology.py around deploy/nginx/pina.conf.
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
    {types}
    default_type application/octet-stream;
    sendfile on;
    include {work}/upstream.conf;
    include {work}/pina.conf;
}}
"""

UPSTREAM_CONFIG = """\
# Written by tests/scale/topology.py: the instances it started. Passive health checks: an
# instance that fails a request is left out for 5 s.
upstream pina_app {{
{servers}
}}
"""


def site_file(*, port: int, static_root: Path, media_root: Path, cache_dir: Path) -> str:
    """deploy/nginx/pina.conf with the substitutions its contract allows (the listen line and
    the static, media and cache paths), and nothing else changed."""
    text = SITE_FILE.read_text()
    substitutions = {
        "    listen 80;": f"    listen 127.0.0.1:{port};",
        "/srv/pina/static/": f"{static_root}/",
        "/srv/pina/media/": f"{media_root}/",
        "/var/cache/nginx/pina ": f"{cache_dir} ",
    }
    for placeholder, value in substitutions.items():
        if placeholder not in text:
            raise ValueError(f"{SITE_FILE}: {placeholder.strip()!r} not found (its contract)")
        text = text.replace(placeholder, value)
    return text


class Nginx(Process):
    """nginx in the foreground, serving deploy/nginx/pina.conf in front of the instances.

    As in production: round robin over the instances; an instance that refuses or drops a
    connection is marked failed for a while (passive health checks: nginx without the
    commercial edition cannot poll /healthz itself) and an idempotent request (GET, HEAD) is
    passed to the next instance; a POST already sent is never sent again (nginx's default), so
    a sign-up cannot be stored twice; public pages go through the front cache.
    """

    name = "nginx"

    def __init__(
        self,
        upstreams: list[int],
        work_dir: Path,
        *,
        port: int | None = None,
        media_root: Path | None = None,
        static_root: Path | None = None,
    ):
        super().__init__(Path(work_dir) / "nginx.out")
        self.work_dir = Path(work_dir)
        self.upstreams = upstreams
        self.port = port or free_port()
        self.media_root = Path(media_root) if media_root else self.work_dir / "media"
        self.static_root = Path(static_root) if static_root else self.work_dir / "static"
        self.cache_dir = self.work_dir / "cache"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        # As root, nginx would run its worker as "nobody", which cannot read a private media
        # directory; the demo's worker keeps the starting user.
        user = "user root;\n" if os.geteuid() == 0 else ""
        # Debian's nginx-common ships the MIME types; without it, those the site serves.
        mime = Path("/etc/nginx/mime.types")
        types = (
            f"include {mime};"
            if mime.exists()
            else "types { text/css css; application/javascript js; image/svg+xml svg; "
            "image/png png; image/jpeg jpg jpeg; image/webp webp; font/woff2 woff2; }"
        )
        return NGINX_CONFIG.format(user=user, work=self.work_dir, types=types)

    def upstream_config(self) -> str:
        servers = "\n".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in self.upstreams
        )
        return UPSTREAM_CONFIG.format(servers=servers)

    def start(self, timeout: float = 20) -> Nginx:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (apt-get install nginx)")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        (self.work_dir / "upstream.conf").write_text(self.upstream_config())
        (self.work_dir / "pina.conf").write_text(
            site_file(
                port=self.port,
                static_root=self.static_root,
                media_root=self.media_root,
                cache_dir=self.cache_dir,
            )
        )
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
        static_root: Path | None = None,
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
            static_root=static_root,
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
