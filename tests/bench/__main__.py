"""`python -m tests.bench` (`make bench`): data set, gunicorn, wrk, docs/benchmarks.md; tuned
through BENCH_* environment variables (docs/benchmarks.md, "Settings of `make bench`")."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import sys
import time
from datetime import datetime
from pathlib import Path

from tests.bench.environment import BASE_DIR, WORK_DIR, bench_environment, ensure_database

CEILING_PATH = "/en/bench/ceiling/"
PASSED_THROUGH = ("DATABASE_URL", "REDIS_URL", "BENCH_DATABASE_URL")


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def setting(name: str, default, cast=str):
    value = os.environ.get(name, "").strip()
    return cast(value) if value else default


def reproduce_command(original: dict) -> str:
    """The command line that repeats this run (passwords in URLs masked)."""
    parts = []
    for name in sorted(original):
        if name in PASSED_THROUGH or (name.startswith("BENCH_") and name != "BENCH_SECRET_KEY"):
            value = re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", original[name])
            parts.append(f"{name}={shlex.quote(value)}")
    return " ".join([*parts, "make bench"])


def build_datasets(datasets, scale: float) -> bool:
    """Build what is missing; True when anything was (re)built."""
    from django.db import transaction

    built = False
    for dataset in datasets:
        target = max(1, round(dataset.size * scale))
        model = dataset.model_class()
        count = model.objects.count()
        if count >= target:
            log(f"  {dataset.label}: {count:,} rows (reused)")
            continue
        if count:
            log(f"  {dataset.label}: {count:,} of {target:,} rows, rebuilding")
            model.objects.all().delete()
        started = time.perf_counter()
        built = True
        with transaction.atomic():
            dataset.build(target, log)
        took = time.perf_counter() - started
        log(f"  {dataset.label}: {model.objects.count():,} rows in {took:.0f} s")
    return built


def collect_static_files() -> None:
    """collectstatic, skipped when no source file changed since the last run (it is slow:
    every file is hashed and compressed again)."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    stamp = WORK_DIR / "static-sources.sha256"
    collected = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if collected.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        log("Static files are collected already")
        return
    log("Collecting static files (hashed, compressed)")
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())


def analyze_database() -> None:
    """After a bulk load, as a database administrator would: PostgreSQL's VACUUM ANALYZE also
    marks the new pages all-visible (index-only scans read no table pages), where autovacuum
    would get to it minutes into the run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def resolvable(page) -> bool:
    """False (with a note) for a page whose URL does not exist in this code base yet."""
    from django.urls import NoReverseMatch

    try:
        page.resolved_path()
    except (NoReverseMatch, LookupError, IndexError) as error:
        log(f"  {page.name}: skipped ({error})")
        return False
    return True


def machine_facts() -> dict:
    import django
    import gunicorn
    from django.conf import settings
    from django.db import connection

    from tests.bench.load import wrk_version

    cpu = platform.processor() or platform.machine()
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    elif connection.vendor == "sqlite":
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    else:
        database = connection.vendor
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" in backend.lower():
        cache, cache_key = "Redis", "redis"
    elif "locmem" in backend.lower():
        cache, cache_key = "local memory (per process)", "locmem"
    else:
        cache, cache_key = "the database (shared cache table)", "database"
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "database_key": connection.vendor,
        "cache": cache,
        "cache_key": cache_key,
        "gunicorn": gunicorn.__version__,
        "wrk": wrk_version(),
    }


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "?"


USAGE = """\
    python -m tests.bench              # everything; writes docs/benchmarks.md
    python -m tests.bench --data-only  # only generate (or reuse) the data set
    python -m tests.bench --no-load    # data set and in-process report, no load test

Tuning through the environment (README): BENCH_DURATION, BENCH_ROUNDS, BENCH_CONNECTIONS,
BENCH_SCALE, BENCH_PAGES, BENCH_PORT, BENCH_WORKERS, BENCH_WARMUP, BENCH_DATABASE_URL,
BENCH_OUTPUT, BENCH_ADMIN_REPEAT, BENCH_SPIKE_ADMIN_REPEAT, BENCH_ACCEPT_ENCODING.
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench",
        description=__doc__,
        epilog=USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-only", action="store_true", help="generate the data set, stop")
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn and wrk")
    options = parser.parse_args(argv)

    original = dict(os.environ)
    duration = setting("BENCH_DURATION", 3.0, float)
    rounds = setting("BENCH_ROUNDS", 2, int)
    connections = [int(c) for c in setting("BENCH_CONNECTIONS", "1,16").split(",") if c.strip()]
    scale = setting("BENCH_SCALE", 1.0, float)
    port = setting("BENCH_PORT", 8100, int)
    workers = setting("BENCH_WORKERS", 2, int)
    warmup = setting("BENCH_WARMUP", 1.0, float)
    admin_repeat = setting("BENCH_ADMIN_REPEAT", 3, int)
    wanted = [name.strip().lower() for name in setting("BENCH_PAGES", "").split(",") if name]
    output = Path(setting("BENCH_OUTPUT", str(BASE_DIR / "docs" / "benchmarks.md")))

    if not (options.data_only or options.no_load):
        from tests.bench.load import require_wrk

        require_wrk()

    environ = bench_environment(original)
    os.environ.update(environ)
    WORK_DIR.mkdir(exist_ok=True)
    log(f"Bench database: {ensure_database(environ['DATABASE_URL'])}")

    import django

    django.setup()
    from django.core.management import call_command

    from pina.caching.version import bump_version
    from pina.site.models import SiteSettings
    from tests.bench import inspection, report
    from tests.bench.plugins import Page, discover

    call_command("migrate", interactive=False, verbosity=0)
    plugins = discover()
    log(f"Data set (scale {scale:g}):")
    SiteSettings.current()
    if build_datasets(plugins.datasets, scale):
        log("Updating the planner's statistics (ANALYZE; VACUUM ANALYZE on PostgreSQL)")
        analyze_database()
    bump_version()
    if options.data_only:
        return 0

    collect_static_files()

    pages = [Page(report.CEILING, CEILING_PATH), *plugins.pages]
    if wanted:
        pages = [p for p in pages if p.name == report.CEILING or p.name.lower() in wanted]
    changelists = plugins.changelists
    if wanted:
        changelists = [c for c in changelists if c.name.lower() in wanted]

    log("Queries and bytes per page")
    pages = [page for page in pages if resolvable(page)]
    facts = []
    for page in pages:
        facts.append(inspection.inspect_page(page))
        log(f"  {page.name}: {facts[-1]['status']}, {facts[-1]['queries']} queries")
    log("Admin lists")
    admin = []
    staff = inspection.staff_client() if changelists else None
    for changelist in changelists:
        admin.append(inspection.time_changelist(changelist, admin_repeat, staff))
        log(f"  {changelist.name}: {admin[-1]['ms']} ms, {admin[-1]['queries']} queries")

    from tests.bench import venue

    venue_result = None
    if venue.available():
        log("Venue and bot (the shipped limits on)")
        venue_result = venue.run(log)

    machine = machine_facts()
    machine["load_before"] = load_average()
    samples, posts, admin_spike = [], [], []
    if not options.no_load:
        samples, posts, admin_spike = measure(
            pages,
            facts,
            environ,
            port,
            workers,
            connections,
            duration,
            rounds,
            warmup,
            admin_paths=[item["path"] for item in admin],
            staff=staff,
            admin_repeat=setting("BENCH_SPIKE_ADMIN_REPEAT", 10, int),
        )
    machine["load_after"] = load_average()

    from django.apps import apps

    dataset = ", ".join(
        f"{apps.get_model(d.model).objects.count():,} {d.label}" for d in plugins.datasets
    )
    run = {
        "title": f"{machine['database']}, cache: {machine['cache']}",
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": reproduce_command(original),
        "machine": machine,
        "workers": workers,
        "dataset": dataset or "no content app has registered a data set yet (site settings only)",
        "rounds": rounds,
        "duration": duration,
        "connections": connections,
        "summary": report.aggregate(samples),
        "pages": facts,
        "changelists": admin,
        "posts": posts,
        "venue": venue_result,
        "admin_spike": admin_spike,
    }
    (WORK_DIR / "last-run.json").write_text(
        json.dumps({**run, "summary": [[*k, v] for k, v in run["summary"].items()]}, indent=1)
    )
    if options.no_load:
        log(json.dumps(facts, indent=1))
        return 0
    key = f"{machine['database_key']}-{machine['cache_key']}"
    output.parent.mkdir(parents=True, exist_ok=True)
    existing = output.read_text() if output.exists() else ""
    output.write_text(report.update_document(existing, key, report.section(run)))
    log(f"Wrote {output} (section {key})")
    print(report.section(run))
    problems = report.form_problems(posts, max(connections or [1])) + venue.problems(venue_result)
    if problems:
        for problem in problems:
            log(f"FORM SUBMISSIONS WRONG: {problem}")
        return 1
    return 0


def measure(
    pages,
    facts,
    environ,
    port,
    workers,
    connections,
    duration,
    rounds,
    warmup,
    *,
    admin_paths=(),
    staff=None,
    admin_repeat=10,
):
    """Start both servers and the front proxy (nginx, when installed) in front of the page-cache
    one, warm them up, run the interleaved rounds, then time the admin under a spike."""
    from django.conf import settings

    from tests.bench import front, load, report
    from tests.bench.plugins import Page

    servers = {
        mode: load.Server(
            f"page-cache-{mode}", port + offset, {**environ, "DJANGO_PAGE_CACHE": flag}, workers
        )
        for offset, (mode, flag) in enumerate([("off", "0"), ("on", "1")])
    }
    proxy = None
    if front.available():
        proxy = front.FrontProxy(
            servers["on"].port, port + 2, Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)
        )
    else:
        log("nginx is not installed: no front-cache measurements (apt-get install nginx)")
    targets = {**servers, **({front.MODE: proxy} if proxy else {})}
    samples = []
    posts = {}
    admin_spike = []
    run_id = int(time.time()) % 10**6
    try:
        for server in targets.values():
            server.start(CEILING_PATH)
        log(f"Serving on {', '.join(s.base_url for s in targets.values())}; warming up")
        by_name = {fact["name"]: fact for fact in facts}
        plans = []
        if proxy:
            static = front.static_path(settings.STATIC_ROOT)
            plans.append((Page(front.STATIC_PAGE, static), static, [front.MODE], None, None))
        for page in pages:
            path = by_name[page.name]["path"]
            if page.method == "POST":
                form_url = servers["off"].base_url + page.resolved_form_path()
                cookie, hidden = load.form_state(form_url)
                form = {**hidden, **page.resolved_form()}
                plans.append((page, path, ["off"], form, cookie))
                posts[page.name] = dict.fromkeys(
                    ["successes", "rows", "in_flight", "lost", "duplicated", "refused", "runs"], 0
                )
                posts[page.name]["name"] = page.name
                continue
            for server in targets.values():
                load.run_wrk(server.base_url + path, connections=2, duration=warmup)
            by_name[page.name]["cache"] = load.page_cache_status(servers["on"].base_url + path)
            if proxy:
                by_name[page.name]["front_cache"] = front.cache_status(proxy.base_url + path)
            # The ceiling is Django's own and never cacheable: through nginx it would measure
            # the cache lock's waits (deploy/nginx/pina.conf), not the front cache.
            modes = list(servers) if page.name == report.CEILING else list(targets)
            plans.append((page, path, modes, None, None))
        for round_number in range(1, rounds + 1):
            log(f"Round {round_number} of {rounds}")
            for page, path, modes, form, cookie in plans:
                for mode in modes:
                    for count in connections:
                        marker = f"b{run_id}r{round_number}{mode}c{count}x"
                        result = load.run_wrk(
                            targets[mode].base_url + path,
                            connections=count,
                            duration=duration,
                            post=form,
                            cookie=cookie,
                            run_token=marker,
                        )
                        # The next measurement must not start behind this one's queue.
                        waited = targets[mode].wait_until_idle(CEILING_PATH)
                        if waited > 1:
                            log(f"  (waited {waited:.0f} s for the server to drain)")
                        if form is not None and page.rows:
                            tally_posts(posts[page.name], result, page.rows(marker))
                        samples.append(
                            {"page": page.name, "mode": mode, "connections": count, **result}
                        )
                        log(
                            f"  {page.name:<28} cache {mode:<3} c={count:<3} "
                            f"{result['rps']:8.0f} req/s  p50 {result['p50_ms']:6.1f} ms  "
                            f"p95 {result['p95_ms']:6.1f}  p99 {result['p99_ms']:6.1f} ms"
                        )
        if proxy and staff is not None and admin_paths:
            public = next(
                (fact["path"] for fact in facts if fact["name"].lower() == "home"),
                next(f["path"] for f in facts if f["method"] == "GET"),
            )
            log(f"Admin lists while {front.SPIKE_CONNECTIONS} connections hit {public}")
            admin_spike = front.admin_under_spike(
                {
                    "no spike": (None, 0),
                    "spike through the front cache": (proxy.base_url + public, 0),
                    "spike straight to gunicorn (page cache, no front cache)": (
                        servers["on"].base_url + public,
                        0,
                    ),
                    # The same spike with wrk yielding the cores (nice 19): what the site
                    # itself costs the admin when the visitors are not on the server.
                    "spike through the front cache, wrk at nice 19": (
                        proxy.base_url + public,
                        19,
                    ),
                },
                proxy.base_url,
                list(admin_paths),
                staff.cookies[settings.SESSION_COOKIE_NAME].value,
                admin_repeat,
            )
            for item in admin_spike:
                log(
                    f"  admin, {item['name']}: p50 {item['p50_ms']:.0f} ms, "
                    f"p95 {item['p95_ms']:.0f} ms (spike {item['spike_rps'] or 0:,.0f} req/s)"
                )
    finally:
        for server in targets.values():
            server.stop()
    return samples, list(posts.values()), admin_spike


def tally_posts(tally: dict, result: dict, stored: tuple[int, int]) -> None:
    """Add one POST run to its form's tally: accepted answers against the rows stored."""
    rows, distinct = stored
    accepted = result["redirects"]
    tally["runs"] += 1
    tally["successes"] += accepted
    tally["refused"] += result["requests"] - accepted
    tally["rows"] += rows
    tally["duplicated"] += rows - distinct
    tally["lost"] += max(0, accepted - distinct)
    tally["in_flight"] += max(0, distinct - accepted)


if __name__ == "__main__":
    sys.exit(main())
