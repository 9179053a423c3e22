"""In-process facts about each page (SQL queries, bytes sent, admin list render times), through
Django's test client in the bench database with the benchmark's production settings and the
page cache off, so the numbers describe the real work of each page.
"""

from __future__ import annotations

import secrets
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.bench.plugins import Changelist, Page

ENCODINGS = ("gzip", "br", "zstd")
HOST = "127.0.0.1"


def compressed_sizes(response) -> dict:
    """Body size per encoding, with the compression middleware's own functions and settings
    (the same bytes it sends) rather than three more requests to a possibly slow page."""
    from django_http_compression import middleware

    content_type = response.get("Content-Type", "").split(";", 1)[0]
    if len(response.content) < 50 or not middleware.HttpCompressionMiddleware.content_type_re.match(
        content_type
    ):
        return dict.fromkeys(ENCODINGS)
    content = response.content
    return {
        "gzip": len(middleware.gzip_compress(content, max_random_bytes=0)),
        "br": len(middleware.brotli_compress(content, quality=middleware.BROTLI_QUALITY)),
        "zstd": len(middleware.zstd_compress(content)),
    }


def unique_form(form: dict, token: str) -> dict:
    """The form with `{n}` replaced (lists stay lists: several ticked boxes)."""

    def fill(value):
        if isinstance(value, list | tuple):
            return [fill(item) for item in value]
        return str(value).replace("{n}", token)

    return {key: fill(value) for key, value in form.items()}


def inspect_page(page: Page) -> dict:
    """Status, warm SQL query count and body sizes (raw and per encoding) of one page."""
    client = Client(SERVER_NAME=HOST)
    path = page.resolved_path()
    facts = {"name": page.name, "path": path, "method": page.method}
    if page.method == "POST":
        from tests.bench.load import hidden_fields

        shown = client.get(page.resolved_form_path())
        form = {
            **hidden_fields(shown.content),
            **unique_form(page.resolved_form(), f"inspect{secrets.token_hex(4)}"),
        }
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, form)
        facts.update(status=response.status_code, queries=len(queries), raw=len(response.content))
        return facts
    client.get(path)  # warm: template compiled, site settings cached, connection open
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    facts.update(status=response.status_code, queries=len(queries), raw=len(response.content))
    facts.update(compressed_sizes(response))
    facts.update(cold_render(client, path))
    return facts


def cold_render(client, path: str, repeat: int = 3) -> dict:
    """Queries and median time of the page with no cached fragment: what the first request
    after an edit (or a fragment's expiry) costs, which the warm figures do not show."""
    from django.test import override_settings

    with override_settings(FRAGMENT_CACHE_ENABLED=False):
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
    return {"cold_queries": len(queries), "cold_ms": statistics.median(timings)}


BENCH_ADMIN = "bench-admin"


def staff_client() -> Client:
    """A client signed in to the admin as the bench's superuser, through the real login form:
    password and a current code from an enrolled authenticator, as two-factor authentication
    (PINA_REQUIRE_2FA, on with the production settings) demands of every superuser.

    The password is random, new on every run and never shown, and the authenticator is the
    bench's own: nothing is weakened, and nobody can sign in with what the bench leaves behind.
    """
    from django.conf import settings
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user, _created = get_user_model().objects.get_or_create(
        username=BENCH_ADMIN, defaults={"is_staff": True, "is_superuser": True}
    )
    password = secrets.token_urlsafe(24)
    user.set_password(password)
    user.save()
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    # A code may be used once per time step: start each run from a fresh device state.
    device.last_t, device.throttling_failure_count = -1, 0
    device.save()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client = Client(SERVER_NAME=HOST)
    response = client.post(
        "/admin/login/",
        {"username": BENCH_ADMIN, "password": password, "otp_token": code, "next": "/admin/"},
    )
    if response.status_code != 302 or client.get("/admin/").status_code != 200:
        raise RuntimeError(
            f"The bench could not sign in to the admin (login answered {response.status_code}; "
            f"PINA_REQUIRE_2FA={settings.PINA_REQUIRE_2FA})"
        )
    # The random password is kept (changing it would end this session) but never shown.
    return client


def time_changelist(changelist: Changelist, repeat: int = 3, client: Client | None = None) -> dict:
    """Median render time of an admin list for a signed-in superuser, after one warm-up request.

    A list that does not answer 200 (a redirect to the login, an error) is an error, not a time.
    """
    from django.apps import apps

    client = client or staff_client()
    warm = client.get(changelist.path)
    if warm.status_code != 200:
        raise RuntimeError(f"{changelist.path} answered {warm.status_code}, not the list")
    timings = []
    queries = 0
    status = None
    for _ in range(max(1, repeat)):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(changelist.path)
            timings.append(time.perf_counter() - started)
        queries = len(captured)
        status = response.status_code
    return {
        "name": changelist.name,
        "path": changelist.path,
        "rows": apps.get_model(changelist.model).objects.count(),
        "status": status,
        "ms": round(statistics.median(timings) * 1000, 1),
        "queries": queries,
    }
