"""Issue 17, point 6: SENTRY_DSN turns error tracking on (Sentry or GlitchTip), and what is sent
carries no personal data: no default PII, no local variables, no request body, query string or
cookies, every text masked as the logs are. Without SENTRY_DSN nothing is started."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import brotli
import pytest

from pina.ops.error_tracking import scrub_breadcrumb, scrub_event

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "volunteer.name@example.org"
PHONE = "+998 90 123 45 67"


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    environment.update({"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "pina.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def collector():
    """A stand-in for the Sentry (or GlitchTip) server: keeps every envelope it is sent."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                body = brotli.decompress(body)
            received.append(body.decode("utf-8", "replace"))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/1", received
    server.shutdown()


REPORT_AN_ERROR = f"""
import django, logging
django.setup()
import sentry_sdk

def sign_up():
    email = {EMAIL!r}
    raise ValueError("could not store the application of " + email + " ({PHONE})")

try:
    sign_up()
except ValueError:
    logging.getLogger("volunteers").exception("sign-up failed for {EMAIL}")
sentry_sdk.flush(timeout=10)
print("active", sentry_sdk.get_client().is_active())
"""


def test_without_a_dsn_nothing_is_started():
    result = run_python(REPORT_AN_ERROR)
    assert result.returncode == 0, result.stderr
    assert "active False" in result.stdout


def test_with_a_dsn_errors_are_sent_without_personal_data(collector):
    dsn, received = collector
    result = run_python(REPORT_AN_ERROR, SENTRY_DSN=dsn, SENTRY_ENVIRONMENT="test")
    assert result.returncode == 0, result.stderr
    assert "active True" in result.stdout
    assert received, "no envelope reached the collector"
    sent = "\n".join(received)
    assert "ValueError" in sent and "sign_up" in sent
    assert '"environment":"test"' in sent.replace(" ", "")
    assert EMAIL not in sent and PHONE not in sent
    assert "[e-mail]" in sent
    events = [json.loads(line) for envelope in received for line in envelope.splitlines()[1:]]
    events = [item for item in events if "exception" in item]
    assert events
    for event in events:
        assert "user" not in event
        for exception in event["exception"]["values"]:
            for frame in exception["stacktrace"]["frames"]:
                assert "vars" not in frame


def test_a_request_leaves_only_what_says_which_page_and_browser():
    event = {
        "request": {
            "url": f"https://pina.example/ru/volunteer/?email={EMAIL}",
            "method": "POST",
            "query_string": f"email={EMAIL}",
            "data": {"full_name": "Dilnoza", "email": EMAIL, "phone": PHONE},
            "cookies": {"sessionid": "secret"},
            "headers": {
                "User-Agent": "Mozilla/5.0",
                "Cookie": "sessionid=secret",
                "Referer": f"https://pina.example/?q={EMAIL}",
                "X-Forwarded-For": "203.0.113.7",
            },
            "env": {"REMOTE_ADDR": "203.0.113.7"},
        },
        "user": {"ip_address": "203.0.113.7", "email": EMAIL},
        "server_name": "pina-web-1",
        "message": f"Could not send to {EMAIL} or {PHONE}",
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": EMAIL,
                    "stacktrace": {"frames": [{"function": "f", "vars": {"email": EMAIL}}]},
                }
            ]
        },
    }
    scrubbed = scrub_event(event)
    text = json.dumps(scrubbed)
    assert EMAIL not in text and PHONE not in text
    assert "203.0.113.7" not in text and "secret" not in text and "Dilnoza" not in text
    request = scrubbed["request"]
    assert request["url"] == "https://pina.example/ru/volunteer/"
    assert request["method"] == "POST"
    assert request["headers"]["User-Agent"] == "Mozilla/5.0"
    assert set(request) == {"url", "method", "headers"}
    assert "user" not in scrubbed and "server_name" not in scrubbed
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "f"}]


def test_breadcrumbs_lose_query_parameters_and_addresses():
    query = scrub_breadcrumb(
        {"category": "query", "message": "SELECT ... WHERE email = %s", "data": {"params": [EMAIL]}}
    )
    assert "data" not in query
    log = scrub_breadcrumb({"category": "volunteers", "message": f"mail to {EMAIL} failed"})
    assert log["message"] == "mail to [e-mail] failed"
    http = scrub_breadcrumb({"category": "httplib", "data": {"url": f"https://x.test/?e={EMAIL}"}})
    assert http["data"]["url"] == "https://x.test/"
