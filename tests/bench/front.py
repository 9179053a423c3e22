"""The front cache's part of `make bench` (issue 17): nginx with deploy/nginx/pina.conf in front
of the page-cache server, started by tests/scale/topology.py as the scale tests start it. It
adds two measurements to the run: a static file served by nginx (the machine's ceiling, mode
`front` of the page "static file") next to every public page through the front cache, and the
admin's response time for a signed-in superuser while 16 connections hit public pages, with
the spike through the front cache and, for comparison, straight to gunicorn.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from tests.bench.environment import WORK_DIR
from tests.bench.load import DEFAULT_ACCEPT_ENCODING, DONE_LUA, fetch, parse_wrk_output
from tests.scale import topology

STATIC_PAGE = "static file (nginx)"
MODE = "front"
SPIKE_CONNECTIONS = 16
# The stylesheet every page links: collectstatic's hashed name, served like any static file.
STATIC_SOURCE = "css/site.css"


def available() -> bool:
    return topology.nginx_binary() is not None


class FrontProxy:
    """nginx on `port` in front of one gunicorn server, static files from STATIC_ROOT."""

    def __init__(self, upstream_port: int, port: int, static_root: Path, media_root: Path):
        self.nginx = topology.Nginx(
            [upstream_port],
            WORK_DIR / "nginx",
            port=port,
            static_root=static_root,
            media_root=media_root,
        )

    @property
    def base_url(self) -> str:
        return self.nginx.url

    def start(self, ready_path: str) -> None:
        self.nginx.start()
        fetch(self.base_url + ready_path)

    def wait_until_idle(self, ready_path: str) -> float:
        return 0.0  # nginx answers from memory: nothing queues behind a run

    def stop(self) -> None:
        self.nginx.stop()


def static_path(static_root: Path) -> str:
    """The URL of the stylesheet's hashed copy (whitenoise's manifest)."""
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][STATIC_SOURCE]


def cache_status(url: str) -> str:
    headers = {"Accept-Encoding": DEFAULT_ACCEPT_ENCODING}
    fetch(url, headers)
    _status, found, _body = fetch(url, headers)
    return {name.lower(): value for name, value in found.items()}.get("x-cache-status", "none")


def start_spike(url: str, seconds: float, nice: int = 0) -> tuple[subprocess.Popen, Path]:
    """wrk with SPIKE_CONNECTIONS connections on `url`, in the background (at `nice`: the load
    generator yielding the cores, as if the visitors were on other machines)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(DONE_LUA)
    command = [
        *(["nice", "-n", str(nice)] if nice else []),
        "wrk",
        "-t2",
        f"-c{SPIKE_CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        lua.name,
        "-H",
        f"Accept-Encoding: {DEFAULT_ACCEPT_ENCODING}",
        url,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
    return process, Path(lua.name)


def time_admin(base_url: str, paths: list[str], cookie: str, repeat: int) -> list[float]:
    """Milliseconds of each admin list request (signed in), `repeat` times over `paths`."""
    headers = {"Cookie": f"sessionid={cookie}", "Accept-Encoding": DEFAULT_ACCEPT_ENCODING}
    timings = []
    for _ in range(repeat):
        for path in paths:
            started = time.perf_counter()
            status, _headers, _body = fetch(base_url + path, headers)
            timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} to the signed-in superuser")
    return timings


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def admin_under_spike(
    scenarios: dict[str, tuple[str | None, int]],
    admin_base: str,
    paths: list[str],
    cookie: str,
    repeat: int,
) -> list[dict]:
    """For each scenario (a name, the public page the spike hits or None for no spike, and the
    load generator's niceness): p50/p95 of the admin lists while it runs, and what the spike
    achieved."""
    time_admin(admin_base, paths, cookie, 1)  # warm
    results = []
    for name, (spike_url, nice) in scenarios.items():
        process = lua = None
        if spike_url:
            # Long enough to cover the admin requests; stopped when they are done.
            process, lua = start_spike(spike_url, 120, nice)
            time.sleep(1.5)  # the spike at full strength before the first admin request
        try:
            timings = time_admin(admin_base, paths, cookie, repeat)
        finally:
            spike = None
            if process is not None:
                process.send_signal(2)  # SIGINT: wrk prints its summary and exits
                stdout, stderr = process.communicate(timeout=30)
                lua.unlink(missing_ok=True)
                try:
                    spike = parse_wrk_output(stdout, stderr)
                except RuntimeError:
                    spike = None
        results.append(
            {
                "name": name,
                "requests": len(timings),
                "p50_ms": statistics.median(timings),
                "p95_ms": p95(timings),
                "max_ms": max(timings),
                "spike_rps": spike["rps"] if spike else None,
            }
        )
    return results


def front_table(summary: dict, pages: list[dict], connections: int) -> list[str]:
    """Every public page: through the front cache, Django's page cache, uncached; the front
    cache's share of the static-file ceiling."""
    static = summary.get((STATIC_PAGE, MODE, connections))
    if not static:
        return ["nginx was not available: no front-cache measurement."]
    lines = [
        f"At {connections} connections (req/s, median over the rounds; p95 in ms):",
        "",
        "| Page | Front cache (nginx) | vs static ceiling | Django page cache (gunicorn) "
        "| Uncached (gunicorn) | Front cache status |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {STATIC_PAGE} | {static['rps']:,.0f} (p95 {static['p95_ms']:.1f}) | 100% | – | – | – |",
    ]
    for page in pages:
        front = summary.get((page["name"], MODE, connections))
        if not front or page["name"] == STATIC_PAGE:
            continue
        cells = []
        for mode in ("on", "off"):
            measured = summary.get((page["name"], mode, connections))
            cells.append(
                f"{measured['rps']:,.0f} (p95 {measured['p95_ms']:.1f})" if measured else "–"
            )
        errors = front["non_2xx_3xx"] + front["socket_errors"]
        front_cell = f"{front['rps']:,.0f} (p95 {front['p95_ms']:.1f})"
        if errors:
            front_cell += f" ({errors} errors)"
        lines.append(
            f"| {page['name']} | {front_cell} | {front['rps'] / static['rps']:.0%} | "
            f"{cells[0]} | {cells[1]} | {page.get('front_cache', '–')} |"
        )
    return lines


def admin_table(results: list[dict]) -> list[str]:
    if not results:
        return []
    lines = [
        "| Admin lists, signed-in superuser | Requests | p50 ms | p95 ms | max ms "
        "| Spike achieved (req/s) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for item in results:
        spike = "–" if item["spike_rps"] is None else f"{item['spike_rps']:,.0f}"
        lines.append(
            f"| {item['name']} | {item['requests']} | {item['p50_ms']:.0f} | "
            f"{item['p95_ms']:.0f} | {item['max_ms']:.0f} | {spike} |"
        )
    return lines
