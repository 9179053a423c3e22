"""The front cache of deploy/nginx/pina.conf, through a real nginx: public pages are kept for
the second Django states, never mixing languages or encodings; sessions, the admin, the
volunteer form, POSTs and responses that set cookies always reach Django; an edit shows within
the stated time; made-up query strings store nothing. The rules nginx applies whatever Django
says (Set-Cookie, Vary) are checked against a stub upstream that says the worst.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest

from tests.scale import topology

from .actions import log_in
from .conftest import EDITOR, FRONT_CACHE_SECONDS
from .visitor import Visitor

FRONT_SLUG = "front-cache-article"
FRONT_PATH = f"/en/news/{FRONT_SLUG}/"


def fetch(url: str, **headers) -> tuple[int, Message, bytes]:
    """One GET with exactly these headers (urllib adds no Accept-Encoding of its own); the
    response's headers as a case-insensitive mapping."""
    request = urllib.request.Request(url, headers={"User-Agent": "front-cache-tests", **headers})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def status_of(url: str, **headers) -> str | None:
    return fetch(url, **headers)[1].get("X-Cache-Status")


def twice(url: str, **headers) -> tuple[tuple, tuple]:
    """Two GETs in a row: the second within the stated second (retried once if a slow machine
    let the second pass between them)."""
    for _attempt in range(3):
        first = fetch(url, **headers)
        second = fetch(url, **headers)
        if second[1].get("X-Cache-Status") == "HIT":
            break
    return first, second


def manage_shell(environment: dict, code: str) -> None:
    subprocess.run(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=topology.ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def front_post(site_environment):
    """A post of this module's own: the edit test changes its title, no other test reads it."""
    manage_shell(
        site_environment,
        "from tests.news.factories import PostFactory\n"
        f"PostFactory(title_en='Front cache article', slug={FRONT_SLUG!r})",
    )
    return FRONT_PATH


def test_the_second_get_of_a_public_page_is_a_hit(site, front_post):
    first, second = twice(site.url + front_post)
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache-Status"] in ("MISS", "EXPIRED", "HIT")
    assert second[1]["X-Cache-Status"] == "HIT"
    assert second[2] == first[2]


def test_a_request_with_the_session_cookie_is_passed_to_django(site, front_post):
    twice(site.url + front_post)  # an anonymous copy is in the cache
    editor = Visitor()
    assert log_in(editor, site.url, site.url, *EDITOR).status == 200
    assert editor.has_cookie("sessionid")
    for _ in range(2):
        page = editor.get(site.url + front_post)
        assert page.headers["X-Cache-Status"] == "BYPASS"
        # Django rendered it for the session: it says the page is personal.
        assert "private" in page.headers["Cache-Control"]
    admin = editor.get(site.url + "/admin/")
    assert admin.headers["X-Cache-Status"] == "BYPASS"
    assert "/admin/logout/" in admin.body


def test_a_pending_flash_message_is_passed_to_django(site, front_post):
    twice(site.url + front_post)
    assert status_of(site.url + front_post, Cookie="messages=abc") == "BYPASS"


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/en/volunteer/", "/ru/volunteer/", "/healthz", "/captcha/refresh/"]
)
def test_the_admin_and_the_volunteer_form_are_never_cached(site, path):
    statuses = {status_of(site.url + path) for _ in range(3)}
    assert statuses == {"BYPASS"}, path


def test_event_signup_and_confirmation_links_are_never_cached(site):
    for path in ("/en/volunteer/event/some-token/", "/uz/volunteer/confirm/some-token/"):
        assert {status_of(site.url + path) for _ in range(2)} == {"BYPASS"}, path


def test_a_post_is_never_served_from_the_cache(site, front_post):
    twice(site.url + front_post)
    request = urllib.request.Request(site.url + front_post, data=b"x=1", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            status, headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        status, headers = error.code, dict(error.headers)
    # Django answered it (no CSRF token: refused), not the cached article.
    assert status == 403
    assert headers.get("X-Cache-Status") != "HIT"


def test_languages_never_mix(site, front_post):
    en = twice(site.url + "/en/news/")[1]
    ru = twice(site.url + "/ru/news/")[1]
    assert en[1]["X-Cache-Status"] == ru[1]["X-Cache-Status"] == "HIT"
    assert b'lang="en"' in en[2] and b'lang="ru"' in ru[2]


def test_encodings_never_mix(site, front_post):
    url = site.url + front_post
    plain = twice(url)[1]
    assert "Content-Encoding" not in plain[1]
    html = plain[2]
    assert b"Front cache article" in html
    for accept, decode in (
        ("gzip, deflate, br, zstd", brotli.decompress),
        ("gzip, deflate", gzip.decompress),
        ("br;q=0, gzip", gzip.decompress),
    ):
        for _ in range(2):
            status, headers, body = fetch(url, **{"Accept-Encoding": accept})
            assert status == 200
            expected = "br" if decode is brotli.decompress else "gzip"
            assert headers.get("Content-Encoding") == expected, accept
            assert decode(body) == html, accept
        assert headers["X-Cache-Status"] == "HIT", accept
    # And the identity copy is still the identity copy.
    assert "Content-Encoding" not in fetch(url)[1]


def test_an_edit_is_visible_through_the_front_cache_within_the_stated_time(
    site, site_environment, front_post
):
    url = site.url + front_post
    twice(url)
    new_title = f"Front cache edited {uuid.uuid4().hex[:6]}"
    manage_shell(
        site_environment,
        "from news.models import Post\n"
        f"post = Post.objects.get(slug={FRONT_SLUG!r})\n"
        f"post.title_en = {new_title!r}\n"
        "post.save()",
    )
    saved = time.monotonic()
    while new_title.encode() not in fetch(url)[2]:
        assert time.monotonic() - saved < FRONT_CACHE_SECONDS + 1, "the old page outlived its time"
        time.sleep(0.05)
    # Once fresh, it is cached again.
    assert twice(url)[1][1]["X-Cache-Status"] == "HIT"


def test_made_up_query_strings_store_nothing(site, front_post):
    def stored() -> int:
        return sum(1 for path in site.nginx.cache_dir.rglob("*") if path.is_file())

    twice(site.url + front_post)
    before = stored()
    statuses = set()
    for n in range(200):
        status, headers, _body = fetch(f"{site.url}{front_post}?utm_campaign={uuid.uuid4().hex}")
        assert status == 200
        statuses.add(headers["X-Cache-Status"])
        if n % 50 == 0:
            # The same made-up address twice: still not stored.
            again = f"{site.url}{front_post}?utm_campaign=again{n}"
            fetch(again)
            assert status_of(again) == "MISS"
    assert statuses == {"MISS"}
    assert stored() == before


# --- nginx's own rules, against an upstream that says the worst ---------------------------------


class _Stub(BaseHTTPRequestHandler):
    """Every answer claims to be public for a minute; some also set a cookie or vary."""

    hits: dict[str, int] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        body = f"{self.path} {self.hits[self.path]} {self.headers.get('Accept-Encoding')}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        cache_control = "public, max-age=60"
        if "shared-none" in self.path:
            cache_control += ", s-maxage=0"
        self.send_header("Cache-Control", cache_control)
        if "cookie" in self.path:
            self.send_header("Set-Cookie", "sessionid=someone; HttpOnly")
        if "vary" in self.path:
            self.send_header("Vary", "Accept-Language, Cookie")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stub_proxy(tmp_path_factory):
    from .conftest import require_nginx

    require_nginx()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    nginx = topology.Nginx([server.server_port], tmp_path_factory.mktemp("stub-nginx"))
    try:
        yield nginx.start()
    finally:
        nginx.stop()
        server.shutdown()


def test_responses_that_set_a_cookie_are_never_stored(stub_proxy):
    url = stub_proxy.url + "/en/cookie/"
    bodies = {fetch(url)[2] for _ in range(3)}
    assert len(bodies) == 3  # each one came from the upstream
    assert status_of(url) == "MISS"


def test_vary_does_not_split_the_cache_by_browser(stub_proxy):
    """The key covers language and encoding itself; visitors whose browsers send different
    Accept-Language headers share one copy instead of evicting each other's."""
    url = stub_proxy.url + "/en/vary/"
    fetch(url, **{"Accept-Language": "ru-RU,ru;q=0.9"})
    headers = fetch(url, **{"Accept-Language": "en-GB"})[1]
    assert headers["X-Cache-Status"] == "HIT"


def test_only_the_encoding_class_reaches_the_upstream(stub_proxy):
    body = fetch(stub_proxy.url + "/en/encoding/", **{"Accept-Encoding": "gzip, deflate, br"})[2]
    assert body.endswith(b" br")
    body = fetch(stub_proxy.url + "/en/encoding-2/", **{"Accept-Encoding": "deflate"})[2]
    assert body.endswith(b" None")


def test_s_maxage_0_keeps_a_response_out_of_the_cache(stub_proxy):
    url = stub_proxy.url + "/en/shared-none/"
    assert len({fetch(url)[2] for _ in range(3)}) == 3


def test_nginx_serves_static_files_hashed_ones_for_a_year(stub_proxy):
    static, media = stub_proxy.static_root, stub_proxy.media_root
    (static / "css").mkdir(parents=True, exist_ok=True)
    media.mkdir(parents=True, exist_ok=True)
    css = b"body { color: #222; }\n" * 20
    (static / "css" / "site.0123456789ab.css").write_bytes(css)
    (static / "css" / "site.0123456789ab.css.gz").write_bytes(gzip.compress(css))
    (static / "css" / "site.css").write_bytes(css)
    (media / "cover.txt").write_bytes(b"an upload")

    status, headers, body = fetch(stub_proxy.url + "/static/css/site.0123456789ab.css")
    assert status == 200 and body == css
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("text/css")
    _status, headers, body = fetch(
        stub_proxy.url + "/static/css/site.0123456789ab.css", **{"Accept-Encoding": "gzip"}
    )
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == css
    _status, headers, _body = fetch(stub_proxy.url + "/static/css/site.css")
    assert headers["Cache-Control"] == "max-age=3600"
    status, headers, body = fetch(stub_proxy.url + "/media/cover.txt")
    assert status == 200 and body == b"an upload"
    assert headers["Cache-Control"] == "max-age=604800"
    # Never from the app: the stub upstream saw none of these.
    assert not [path for path in _Stub.hits if path.startswith(("/static/", "/media/"))]
    assert fetch(stub_proxy.url + "/static/css/missing.0123456789ab.css")[0] == 404
