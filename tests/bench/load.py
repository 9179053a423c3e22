"""Load generation: gunicorn serves the bench site, wrk (Debian package `wrk`) measures it."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from tests.bench.environment import WORK_DIR

# What current browsers send; the middleware then picks Zstandard (or Brotli, or gzip).
DEFAULT_ACCEPT_ENCODING = os.environ.get("BENCH_ACCEPT_ENCODING") or "gzip, deflate, br, zstd"

# wrk calls done() once at the end; it prints one JSON line the bench parses. `threads` and
# their `redirected` counts exist only in the POST script.
DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  local redirects = -1
  if threads then
    redirects = 0
    for _, thread in ipairs(threads) do redirects = redirects + thread:get("redirected") end
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, '
    .. '"p99_us": %d, '
    .. '"mean_us": %.1f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
    .. '"redirects": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50.0), latency:percentile(95.0), latency:percentile(99.0), latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, redirects))
end
"""

# For POSTs: every request gets its own body, `{n}` replaced by a run-, thread- and
# request-unique token, so each valid submission is a new row.
POST_LUA = """
local counter = 0
local threads = {}
redirected = 0
setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end
response = function(status, headers, body)
  if status >= 300 and status < 400 then redirected = redirected + 1 end
end
request = function()
  counter = counter + 1
  local token = RUN .. "t" .. tostring(thread_id) .. "n" .. tostring(counter)
  local body = string.gsub(TEMPLATE, "%%7Bn%%7D", token)
  return wrk.format("POST", nil, nil, body)
end
"""


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        sys.exit(
            "wrk, the HTTP load generator, is missing. Install the Debian package:\n"
            "    sudo apt-get install -y wrk\n"
            "(`make bench` installs it by itself when run as root.)"
        )
    return path


def wrk_version() -> str:
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    first = (result.stdout or result.stderr).strip().splitlines()
    return first[0].split(" [")[0] if first else "wrk"


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@dataclass
class Server:
    """gunicorn with sync workers on 127.0.0.1, started with the bench environment."""

    name: str
    port: int
    environ: dict
    workers: int = 2
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str, timeout: float = 60) -> None:
        if not port_is_free(self.port):
            sys.exit(f"Port {self.port} is in use: set BENCH_PORT to a free port.")
        log = WORK_DIR / f"gunicorn-{self.name}.log"
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pina.wsgi:application",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                "--error-logfile",
                str(log),
            ],
            env=self.environ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn ({self.name}) exited: see {log}")
            try:
                with urllib.request.urlopen(self.base_url + ready_path, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn ({self.name}) did not answer within {timeout:.0f} s: see {log}")

    def wait_until_idle(self, ready_path: str, timeout: float = 120) -> float:
        """Wait until the server has answered every request queued before now (wrk stops with
        requests in flight, and a slow page leaves a queue behind), so the next measurement
        starts on an idle server. Returns the seconds waited.

        Requests are accepted in order: once `ready_path` (the ceiling) answers quickly twice
        in a row, the queue is empty.
        """
        started = time.monotonic()
        quick = 0
        while time.monotonic() - started < timeout:
            before = time.monotonic()
            try:
                with urllib.request.urlopen(self.base_url + ready_path, timeout=30) as response:  # noqa: S310
                    response.read()
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
                continue
            quick = quick + 1 if time.monotonic() - before < 0.1 else 0
            if quick >= 2:
                break
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def fetch(url: str, headers: dict | None = None, data: bytes | None = None):
    """One request; returns (status, headers, body) without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def page_cache_status(url: str) -> str:
    """ "hit" when a second identical request comes from the page cache, else "not cached"."""
    headers = {"Accept-Encoding": DEFAULT_ACCEPT_ENCODING}
    fetch(url, headers)
    _status, response_headers, _body = fetch(url, headers)
    found = {name.lower(): value for name, value in response_headers.items()}
    return "hit" if found.get("x-page-cache") == "hit" else "not cached"


HIDDEN_INPUT = re.compile(rb"<input\b[^>]*\btype=\"hidden\"[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(rb'\b(name|value)="([^"]*)"')


def hidden_fields(body: bytes) -> dict:
    """name -> value of every `<input type="hidden">` of an HTML page."""
    hidden = {}
    for tag in HIDDEN_INPUT.findall(body):
        attributes = {
            key.decode(): html.unescape(value.decode()) for key, value in ATTRIBUTE.findall(tag)
        }
        if "name" in attributes:
            hidden[attributes["name"]] = attributes.get("value", "")
    return hidden


def form_state(url: str) -> tuple[str, dict]:
    """The CSRF cookie and every hidden field (CSRF token, signed form stamp...) of a form page.

    Each POST of the load test sends them back, as a browser would after one visit.
    """
    status, headers, body = fetch(url)
    cookie = ""
    for name, value in headers.items():
        if name.lower() == "set-cookie" and value.startswith("csrftoken="):
            cookie = value.split(";", 1)[0].split("=", 1)[1]
    hidden = hidden_fields(body)
    if status != 200 or not cookie or "csrfmiddlewaretoken" not in hidden:
        raise RuntimeError(f"No CSRF cookie and token on {url} (status {status})")
    return cookie, hidden


def run_wrk(
    url: str,
    *,
    connections: int,
    duration: float,
    accept_encoding: str = DEFAULT_ACCEPT_ENCODING,
    post: dict | None = None,
    cookie: str | None = None,
    run_token: str | None = None,
) -> dict:
    """One wrk run; returns requests/s, p50/p95/p99 in ms and error counts."""
    headers = {"Accept-Encoding": accept_encoding}
    script = DONE_LUA
    if post is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookie:
            headers["Cookie"] = f"csrftoken={cookie}"
        run_token = run_token or f"r{int(time.time() * 1000) % 10**9}"
        template = urlencode(post, doseq=True)
        script = (
            f"RUN = {json.dumps(run_token)}\nTEMPLATE = {json.dumps(template)}\n"
            + POST_LUA
            + DONE_LUA
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
        lua_path = Path(lua.name)
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "-s",
        str(lua_path),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    finally:
        lua_path.unlink(missing_ok=True)
    return parse_wrk_output(result.stdout, result.stderr)


def parse_wrk_output(stdout: str, stderr: str = "") -> dict:
    for line in stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            raw = json.loads(line[len("BENCH_JSON ") :])
            seconds = raw["duration_us"] / 1e6 or 1
            errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
            return {
                "requests": raw["requests"],
                "rps": raw["requests"] / seconds,
                "p50_ms": raw["p50_us"] / 1000,
                "p95_ms": raw["p95_us"] / 1000,
                "p99_ms": raw["p99_us"] / 1000,
                "non_2xx_3xx": raw["status"],
                "socket_errors": errors,
                "redirects": raw.get("redirects", -1),
            }
    raise RuntimeError(f"wrk printed no result:\n{stdout}\n{stderr}")
