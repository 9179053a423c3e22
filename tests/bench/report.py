"""Turn the bench's measurements into docs/benchmarks.md, one section per configuration
(database + cache backend) between marker comments, so a SQLite run and a PostgreSQL run can
both be kept current: a run rewrites its own section and leaves the others as they were.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

CEILING = "ceiling"
MODES = {"off": "off", "on": "on"}

PREAMBLE = """# Benchmarks

Written by `make bench` (`python -m tests.bench`, in `tests/bench/`): it generates a large data
set into its own database (re-used by later runs), serves the site with gunicorn (2 sync workers,
production settings: `DJANGO_DEBUG=0`, `collectstatic` done, a throwaway secret), and measures
every page with [wrk](https://github.com/wg/wrk) at 1 and 16 connections, in interleaved rounds
(every page, with and without the page cache, in turn, round after round) so that noise on the
machine hits all pages alike. Figures are medians over the rounds.

- **ceiling**: a plain `HttpResponse` through the same middleware (mounted only for the
  benchmark, never from the page cache). *vs ceiling* is a page's throughput at 16 connections
  divided by the ceiling's, measured in the same run with the same page-cache setting.
- **page cache off / on**: two gunicorn servers, identical but for `DJANGO_PAGE_CACHE`. Cached
  fragments (`pina/caching/fragments.py`) are on in both. Without `REDIS_URL` the shared cache
  is the database's cache table, as in production without Redis (see docs/deploy.md).
- **front cache** (issue 17): nginx with the shipped site file (`deploy/nginx/pina.conf`, one
  worker) in front of the page-cache server. Its ceiling is nginx serving the hashed stylesheet
  from `STATIC_ROOT` (**static file (nginx)**); every public page is measured through it too,
  and its *vs static ceiling* is the page's throughput there divided by the static file's.
  Then the admin lists (all of them, one after the other, signed in as the bench's superuser,
  through nginx) are timed with no load, while 16 connections request the home page through
  the front cache, and while they request it straight from gunicorn (no front cache).
- wrk sends `Accept-Encoding: gzip, deflate, br, zstd`, like current browsers, so pages are
  compressed as browsers receive them.
- **SQL queries** are counted in-process (Django test client, `CaptureQueriesContext`) on a warm
  second request with the page cache off; **no cached fragment** is the same page with the
  fragment cache off (queries, median of 3 in-process renders): what the first request after
  an edit, or after a fragment expires, costs; **bytes** are the body as sent: raw, gzip,
  Brotli, Zstandard.
- wrk, gunicorn and the database share one machine (the cores listed), as in the issue's
  comparison; other work on the machine adds noise, which the interleaving spreads evenly.

Reproduce (SQLite; the data set goes to `.bench/bench.sqlite3`):

    make bench

On PostgreSQL (the bench uses its own database: the name from `DATABASE_URL` plus `_bench`)
with Redis as the cache:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pina \\
    REDIS_URL=redis://127.0.0.1:6379/6 make bench

Shorter or longer runs: `BENCH_DURATION`, `BENCH_ROUNDS`, `BENCH_SCALE` and the others below.

## Settings of `make bench`

Environment variables of `python -m tests.bench` (defaults in brackets); its servers run with
`tests/bench/settings.py`, the production settings with the ceiling view in their own URLconf.

- `BENCH_DURATION` (`3`), `BENCH_ROUNDS` (`2`): seconds per measurement, interleaved rounds.
- `BENCH_CONNECTIONS` (`1,16`): wrk connection counts.
- `BENCH_SCALE` (`1`): fraction of the full data set (e.g. `0.01` for a quick try).
- `BENCH_PAGES` (all): comma-separated page names to measure (the ceiling always is).
- `BENCH_PORT` (`8100`), `BENCH_WORKERS` (`2`): first of three ports (cache off, cache on,
  nginx), gunicorn workers.
- `BENCH_DATABASE_URL` (`DATABASE_URL` + `_bench`, else `.bench/bench.sqlite3`): its own database.
- `BENCH_OUTPUT` (`docs/benchmarks.md`): the report it updates.
- `BENCH_WARMUP` (`1`), `BENCH_ADMIN_REPEAT` (`3`): warm-up seconds, admin list renders timed.
- `BENCH_SPIKE_ADMIN_REPEAT` (`10`): rounds over the admin lists in each spike scenario.
- `BENCH_ACCEPT_ENCODING` (`gzip, deflate, br, zstd`): what wrk accepts.
- `BENCH_SECRET_KEY` (a new one each run), `BENCH_EMAIL_URL` (`dummymail://`),
  `BENCH_RATELIMIT` (`1`): the bench site's secret key, mail backend, rate limits on or off.
"""

BEGIN = "<!-- bench:begin {key} -->"
END = "<!-- bench:end {key} -->"
SECTION_RE = re.compile(
    r"<!-- bench:begin (?P<key>[\w.+-]+) -->\n(?P<body>.*?)<!-- bench:end (?P=key) -->\n?",
    re.DOTALL,
)


def aggregate(samples: list[dict]) -> dict:
    """Median over rounds of each (page, mode, connections) measurement."""
    grouped = defaultdict(list)
    for sample in samples:
        grouped[(sample["page"], sample["mode"], sample["connections"])].append(sample)
    summary = {}
    for key, runs in grouped.items():
        summary[key] = {
            "rps": statistics.median(run["rps"] for run in runs),
            "p50_ms": statistics.median(run["p50_ms"] for run in runs),
            "p95_ms": statistics.median(run["p95_ms"] for run in runs),
            "p99_ms": statistics.median(run["p99_ms"] for run in runs),
            "requests": sum(run["requests"] for run in runs),
            "non_2xx_3xx": sum(run["non_2xx_3xx"] for run in runs),
            "socket_errors": sum(run["socket_errors"] for run in runs),
            "rounds": len(runs),
        }
    return summary


def ratio_to_ceiling(summary: dict, page: str, mode: str, connections: int) -> float | None:
    ceiling = summary.get((CEILING, mode, connections))
    measured = summary.get((page, mode, connections))
    if not ceiling or not measured or not ceiling["rps"]:
        return None
    return measured["rps"] / ceiling["rps"]


def kib(size: int | None) -> str:
    if size is None:
        return "–"
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"


def _cell(measure: dict | None) -> tuple[str, str]:
    if not measure:
        return "–", "–"
    rps = f"{measure['rps']:,.0f}"
    if measure["non_2xx_3xx"] or measure["socket_errors"]:
        rps += f" ({measure['non_2xx_3xx'] + measure['socket_errors']} errors)"
    return rps, f"{measure['p50_ms']:.1f} / {measure['p95_ms']:.1f} / {measure['p99_ms']:.1f}"


def throughput_table(summary: dict, pages: list[dict], connections: list[int]) -> list[str]:
    head = ["Page", "Page cache"]
    for count in connections:
        head += [f"req/s ({count} conn.)", f"p50 / p95 / p99 ms ({count})"]
    head.append(f"vs ceiling ({max(connections)} conn.)")
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    top = max(connections)
    for page in pages:
        for mode in MODES:
            if not any((page["name"], mode, count) in summary for count in connections):
                continue
            row = [page["name"], mode]
            for count in connections:
                row += list(_cell(summary.get((page["name"], mode, count))))
            ratio = ratio_to_ceiling(summary, page["name"], mode, top)
            row.append("–" if ratio is None or page["name"] == CEILING else f"{ratio:.0%}")
            lines.append("| " + " | ".join(row) + " |")
    return lines


def pages_table(pages: list[dict]) -> list[str]:
    lines = [
        "| Page | Request | Status | SQL queries | No cached fragment: queries, time | HTML raw "
        "| gzip | Brotli | Zstandard | Page cache |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page in pages:
        cold = "–"
        if page.get("cold_ms") is not None:
            cold = f"{page['cold_queries']}, {page['cold_ms']:.0f} ms"
        lines.append(
            f"| {page['name']} | {page['method']} `{page['path']}` | {page.get('status', '–')} | "
            f"{page.get('queries', '–')} | {cold} | {kib(page.get('raw'))} | "
            f"{kib(page.get('gzip'))} | {kib(page.get('br'))} | {kib(page.get('zstd'))} | "
            f"{page.get('cache', '–')} |"
        )
    return lines


def changelists_table(changelists: list[dict]) -> list[str]:
    if not changelists:
        return ["No admin lists are registered yet (`CHANGELISTS` in `<app>/bench_data.py`)."]
    lines = [
        "| Admin list | Path | Rows | Render (median) | SQL queries | Status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for item in changelists:
        lines.append(
            f"| {item['name']} | `{item['path']}` | {item['rows']:,} | {item['ms']:.0f} ms | "
            f"{item['queries']} | {item['status']} |"
        )
    return lines


def posts_table(posts: list[dict]) -> list[str]:
    lines = [
        "| Form | Accepted (redirected) | Rows stored | Completed after wrk stopped | "
        "Lost | Duplicated | Not accepted (form shown again, errors) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for item in posts:
        lines.append(
            f"| {item['name']} | {item['successes']:,} | {item['rows']:,} | "
            f"{item['in_flight']:,} | {item['lost']:,} | {item['duplicated']:,} | "
            f"{item['refused']:,} |"
        )
    lines.append("")
    lines.append(
        "Every POST carries a unique address; after each run the bench waits for the server to "
        "finish what it had accepted, then counts the rows carrying that run's addresses. "
        "*Lost*: accepted submissions without a row; *duplicated*: rows beyond one per address. "
        "wrk stops counting with up to one request per connection still in flight, which the "
        "server completes: those are the rows *completed after wrk stopped*."
    )
    return lines


def form_problems(posts: list[dict], connections: int) -> list[str]:
    """What is wrong with the form submissions of a run (empty when nothing is)."""
    problems = []
    for item in posts:
        if item["lost"]:
            problems.append(f"{item['name']}: {item['lost']} accepted submissions have no row")
        if item["duplicated"]:
            problems.append(f"{item['name']}: {item['duplicated']} rows are duplicates")
        if item["in_flight"] > connections * item["runs"]:
            problems.append(
                f"{item['name']}: {item['in_flight']} rows without an answer counted by wrk, "
                f"more than the {connections} connections of each of {item['runs']} runs"
            )
        if item["refused"]:
            problems.append(
                f"{item['name']}: {item['refused']} submissions were not accepted "
                "(the bench's form is invalid, or a rate limit refused it)"
            )
    return problems


def section(run: dict) -> str:
    """The Markdown for one configuration's run."""
    machine = run["machine"]
    connections = run["connections"]
    lines = [
        f"## {run['title']}",
        "",
        f"Measured {run['date']} with `{run['command']}`.",
        "",
        f"- Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory']}, "
        f"load average {machine['load_before']} before and {machine['load_after']} after.",
        f"- Software: Python {machine['python']}, Django {machine['django']}, "
        f"{machine['database']}, cache: {machine['cache']}, gunicorn {machine['gunicorn']} "
        f"({run['workers']} sync workers), {machine['wrk']}.",
        f"- Data set: {run['dataset']}.",
        f"- {run['rounds']} interleaved rounds of {run['duration']:g} s per page, "
        f"page-cache setting and connection count.",
        "",
        "### Throughput and latency",
        "",
        *throughput_table(run["summary"], run["pages"], connections),
        "",
        "### Queries and bytes per page",
        "",
        *pages_table(run["pages"]),
        "",
        "### Admin lists",
        "",
        *changelists_table(run["changelists"]),
        "",
    ]
    if run["summary"]:
        from tests.bench import front

        lines += [
            "### Front cache (nginx, deploy/nginx/pina.conf)",
            "",
            *front.front_table(run["summary"], run["pages"], max(connections)),
            "",
        ]
        if run.get("admin_spike"):
            lines += [
                f"Admin lists while {front.SPIKE_CONNECTIONS} connections request the home "
                "page (admin requests through nginx, one after the other):",
                "",
                *front.admin_table(run["admin_spike"]),
                "",
            ]
    if run.get("posts"):
        lines += ["### Form submissions", "", *posts_table(run["posts"]), ""]
    if run.get("venue"):
        from tests.bench.venue import table

        lines += ["### Venue and bot", "", *table(run["venue"]), ""]
    return "\n".join(lines)


def update_document(existing: str, key: str, body: str) -> str:
    """The whole benchmarks.md: the preamble, then every section, this run's replaced."""
    sections = {match["key"]: match["body"] for match in SECTION_RE.finditer(existing or "")}
    sections[key] = body.rstrip("\n") + "\n"
    parts = [PREAMBLE]
    for name in sorted(sections):
        parts.append(f"{BEGIN.format(key=name)}\n{sections[name]}{END.format(key=name)}\n")
    return "\n".join(parts)
