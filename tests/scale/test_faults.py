"""Faults in the topology: an instance crashing under load, Redis going away."""

from __future__ import annotations

import http.client
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.scale import topology

from .actions import accepted, new_email, sign_up, signup_data
from .conftest import POST_SLUG, require
from .visitor import Visitor

ARTICLE = f"/en/news/{POST_SLUG}/"
PAGES = ["/en/", "/en/news/", ARTICLE]


def rows_per_email(database, emails) -> dict[str, int]:
    if not emails:
        return {}
    marks = ",".join("?" for _ in emails)
    rows = database.query(
        "SELECT email, COUNT(*) FROM volunteers_volunteerapplication "  # noqa: S608
        f"WHERE email IN ({marks}) GROUP BY email",
        list(emails),
    )
    return dict(rows)


def test_an_instance_killed_under_load_shows_no_error_and_loses_no_signup(site, database):
    """Four visitors read pages and one signs up volunteers, all through nginx, while instance b
    is killed (SIGKILL to its master and workers, as in a crash)."""
    b = site.instances[1]
    stop = threading.Event()
    views: list[tuple[str, int]] = []
    signups: dict[str, bool] = {}

    cut: list[str] = []

    def read(n):
        visitor = Visitor()
        while not stop.is_set() and len(views) < 5000:
            path = PAGES[len(views) % len(PAGES)]
            try:
                views.append((path, visitor.get(site.url + path, timeout=20).status))
            except http.client.IncompleteRead:
                # nginx had begun relaying this page from b when b died: no one can finish
                # a response whose first bytes are sent. At most one per worker of b.
                cut.append(path)

    def volunteer():
        n = 0
        while not stop.is_set() and n < 200:
            n += 1
            email = new_email()
            # Each sign-up from its own address, so the per-address limit does not interfere.
            visitor = Visitor(source=f"127.0.5.{n}")
            signups[email] = accepted(
                sign_up(visitor, site.url, site.url, signup_data(database, email))
            )

    try:
        with ThreadPoolExecutor(max_workers=5) as pool:
            jobs = [pool.submit(read, n) for n in range(4)] + [pool.submit(volunteer)]
            try:
                topology.wait_until(
                    lambda: len(views) >= 20 and len(signups) >= 2, timeout=30, what="steady load"
                )
                b.kill()
                killed_at = len(views)
                topology.wait_until(
                    lambda: len(views) >= killed_at + 60 and len(signups) >= 6,
                    timeout=60,
                    what="load after the kill",
                )
            finally:
                stop.set()
                for job in jobs:
                    job.result()
        errors = [(path, status) for path, status in views if status != 200]
        assert len(cut) <= 2, f"{len(cut)} responses cut off by the crash: {cut}"
        assert not errors, f"{len(errors)} of {len(views)} page views failed: {errors[:5]}"
        print(
            f"{len(views)} page views, {len(signups)} sign-ups, "
            f"{sum(not ok for ok in signups.values())} sign-up(s) answered with an error"
        )

        # Every sign-up that was confirmed to the visitor is stored, once.
        confirmed = [email for email, ok in signups.items() if ok]
        assert rows_per_email(database, confirmed) == dict.fromkeys(confirmed, 1)
        # A sign-up cut off by the crash may or may not be stored (never twice); sent again as
        # a person would, it is stored exactly once.
        unconfirmed = [email for email, ok in signups.items() if not ok]
        assert all(count == 1 for count in rows_per_email(database, unconfirmed).values())
        for n, email in enumerate(unconfirmed):
            visitor = Visitor(source=f"127.0.6.{n + 1}")
            assert accepted(sign_up(visitor, site.url, site.url, signup_data(database, email)))
        assert rows_per_email(database, unconfirmed) == dict.fromkeys(unconfirmed, 1)
    finally:
        b.start()  # later tests want both instances


def test_with_redis_stopped_both_instances_keep_serving(site_environment, scale_dir, database):
    """Two instances with the cache in a Redis of their own; Redis is killed; both still serve
    every page from the database, and /healthz reports the cache without failing."""
    require("redis-server", bool(shutil.which("redis-server")))
    work = scale_dir / "redis-down"
    redis = topology.RedisServer(work).start()
    environment = {**site_environment, "REDIS_URL": redis.url}
    instances = [topology.Gunicorn(f"redis-{x}", environment, work, workers=1) for x in "ab"]
    try:
        for instance in instances:
            instance.start()
            Visitor().get(instance.url + ARTICLE)
            page = Visitor().get(instance.url + ARTICLE)
            assert page.headers.get("X-Page-Cache") == "hit"  # the page cache is in Redis
        redis.kill()
        assert not redis.ping()
        for instance in instances:
            for path in PAGES:
                started = time.monotonic()
                page = Visitor().get(instance.url + path)
                assert page.status == 200, (instance.name, path, page.status)
                assert time.monotonic() - started < 5
            assert page.headers.get("X-Page-Cache") != "hit"
            health = Visitor().get(instance.url + "/healthz")
            assert health.status == 200
            assert '"cache": "unavailable"' in health.body
            assert '"database": "ok"' in health.body
    finally:
        for instance in instances:
            instance.stop()
        redis.stop()
