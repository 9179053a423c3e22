"""One truth across processes: two gunicorn instances (2 workers each) behind nginx, no Redis
(the shared cache is the database's), the anonymous page cache on."""

from __future__ import annotations

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from .actions import accepted, log_in, new_email, sign_up, signup_data
from .conftest import (
    EDITOR,
    FRONT_CACHE_SECONDS,
    LOCKED_USER,
    LOGIN_FAILURE_LIMIT,
    POST_SLUG,
    POST_TITLE,
    SIGNUP_RATE,
)
from .visitor import Visitor

ARTICLE = f"/en/news/{POST_SLUG}/"


def served_by_workers(instance, user_agent: str) -> set[str]:
    """Worker pids that logged a request from `user_agent` in the instance's access log."""
    pids = set()
    for line in instance.access_log_path.read_text().splitlines():
        if f'"{user_agent}"' in line:
            pids.add(line.split(" ", 1)[0])
    return pids


def read_everywhere(site, path: str, label: str, rounds: int = 8) -> list:
    """GET `path` anonymously through nginx and straight from each instance, 4 at a time, until
    every worker of every instance has answered at least once (bounded). Returns the pages."""
    pages = []
    targets = [site.url] + [instance.url for instance in site.instances]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _round in range(rounds):
            jobs = [
                pool.submit(Visitor(user_agent=label).get, base + path)
                for base in targets
                for _ in range(4)
            ]
            pages += [job.result() for job in jobs]
            if all(len(served_by_workers(i, label)) >= i.workers for i in site.instances):
                break
    for instance in site.instances:
        assert len(served_by_workers(instance, label)) >= instance.workers, instance.name
    return pages


def assert_cached(site):
    """The caches are on: asked twice, the article comes from the page cache the second time
    (through nginx: from the front cache, or from the page cache once the second is past)."""
    for base in [site.url] + [instance.url for instance in site.instances]:
        Visitor().get(base + ARTICLE)
        headers = Visitor().get(base + ARTICLE).headers
        served = (headers.get("X-Cache-Status"), headers.get("X-Page-Cache"))
        assert served[0] == "HIT" or served[1] == "hit", (base, served)


def wait_out_the_front_cache(site, path: str) -> None:
    """nginx may keep a public page for the seconds Django states (PAGE_FRONT_CACHE_SECONDS,
    1 s): after them, the first request through it fetches the page afresh
    (deploy/nginx/pina.conf)."""
    time.sleep(FRONT_CACHE_SECONDS + 0.2)
    seen = []
    deadline = time.monotonic() + FRONT_CACHE_SECONDS + 2
    while time.monotonic() < deadline:
        page = Visitor().get(site.url + path)
        seen.append((page.status, page.headers.get("X-Cache-Status")))
        if seen[-1] in ((200, "EXPIRED"), (200, "MISS")):
            return
        time.sleep(0.1)
    raise AssertionError(f"nginx kept serving its copy: {seen}")


def title_of(body: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1).strip()


def test_an_edit_through_a_is_seen_through_b_and_every_worker(site, database):
    a, b = site.instances
    before = read_everywhere(site, ARTICLE, f"before-{uuid.uuid4().hex}")
    assert {page.status for page in before} == {200}
    assert {title_of(page.body) for page in before} == {POST_TITLE}
    assert_cached(site)

    editor = Visitor()
    # Login form from B, sent to A: the CSRF token of one instance is good at the other.
    assert log_in(editor, b.url, a.url, *EDITOR).status == 200  # session made on A...
    (post_id,) = database.query("SELECT id FROM news_post WHERE slug = ?", [POST_SLUG])[0]
    change_url = f"/admin/news/post/{post_id}/change/"
    form = editor.get(a.url + change_url).form_with("title_en")
    assert form["title_en"] == [POST_TITLE]
    new_title = f"Network meets in Almaty {uuid.uuid4().hex[:6]}"
    form["title_en"] = [new_title]
    saved = editor.post(a.url + change_url, form, follow=False)
    assert saved.status == 302, saved.body[:2000]
    # The flash message set by A's save is shown by B.
    listing = editor.get(b.url + saved.headers["Location"])  # ...works on B
    assert listing.status == 200 and new_title in listing.body
    assert "was changed successfully" in listing.body

    wait_out_the_front_cache(site, ARTICLE)
    after = read_everywhere(site, ARTICLE, f"after-{uuid.uuid4().hex}")
    assert {page.status for page in after} == {200}
    assert {title_of(page.body) for page in after} == {new_title}, "a stale page was served"
    assert_cached(site)


def test_sessions_and_csrf_work_across_instances(site):
    a, b = site.instances
    editor = Visitor()
    log_in(editor, a.url, b.url, *EDITOR)
    for base in (a.url, b.url, site.url):
        page = editor.get(base + "/admin/")
        assert page.status == 200 and "/admin/logout/" in page.body, base
    # A form from B posted to A keeps working: log out through the other instance.
    form = editor.get(b.url + "/admin/").form("logout")
    assert editor.post(a.url + "/admin/logout/", form).status == 200
    assert "/admin/login/" in editor.get(b.url + "/admin/").url


def test_the_login_lockout_counts_failures_on_every_instance(site):
    a, b = site.instances
    address = {"X-Forwarded-For": "127.0.0.77"}  # as nginx would pass it (PINA_PROXY_COUNT=1)
    intruder = Visitor()
    statuses = []
    for attempt in range(LOGIN_FAILURE_LIMIT):
        instance = (a, b)[attempt % 2]
        page = log_in(intruder, instance.url, instance.url, LOCKED_USER[0], "wrong", **address)
        statuses.append(page.status)
    # The failure that reaches the limit (counted on both instances) locks at once.
    assert statuses == [200] * (LOGIN_FAILURE_LIMIT - 1) + [429]
    # The right password is refused now, whichever instance is asked.
    for instance in (a, b):
        page = log_in(Visitor(), instance.url, instance.url, *LOCKED_USER, **address)
        assert "Too many failed logins" in page.body, instance.name


def test_the_rate_limit_trips_after_the_same_number_whichever_instance(site, database):
    a, b = site.instances
    routes = {
        "all through A": lambda n: (a.url, a.url),
        "all through B": lambda n: (b.url, b.url),
        "form from one, post to the other": lambda n: ((a, b)[n % 2].url, (b, a)[n % 2].url),
        "alternating instances": lambda n: ((a, b)[n % 2].url,) * 2,
    }
    for number, (name, route) in enumerate(routes.items()):
        address = {"X-Real-IP": f"127.0.2.{number + 1}"}  # as nginx sets it
        visitor = Visitor()
        outcomes = []
        for n in range(SIGNUP_RATE + 1):
            page = sign_up(visitor, *route(n), signup_data(database, new_email()), **address)
            outcomes.append("accepted" if accepted(page) else page.status)
        assert outcomes == ["accepted"] * SIGNUP_RATE + [429], name


def test_the_rate_limit_holds_behind_nginx_per_visitor_address(site, database):
    """Through nginx every visitor has its own count (X-Real-IP from nginx, not REMOTE_ADDR)."""
    for source in ("127.0.3.1", "127.0.3.2"):
        visitor = Visitor(source=source)
        outcomes = [
            accepted(sign_up(visitor, site.url, site.url, signup_data(database, new_email())))
            for _ in range(SIGNUP_RATE + 1)
        ]
        assert outcomes == [True] * SIGNUP_RATE + [False], source


def test_signups_sent_alternately_to_both_instances_all_land_once(site, database):
    a, b = site.instances
    emails = [new_email() for _ in range(12)]

    def submit(n_email):
        n, email = n_email
        instance = (a, b)[n % 2]
        page = sign_up(
            Visitor(),
            instance.url,
            instance.url,
            signup_data(database, email),
            **{"X-Real-IP": f"127.0.4.{n + 1}"},
        )
        return accepted(page)

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(submit, enumerate(emails)))
    marks = ",".join("?" for _ in emails)
    rows = database.query(
        "SELECT email, COUNT(*) FROM volunteers_volunteerapplication "  # noqa: S608
        f"WHERE email IN ({marks}) GROUP BY email",
        emails,
    )
    assert dict(rows) == dict.fromkeys(emails, 1)
