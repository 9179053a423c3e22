"""Browser tests: Python Playwright driving Debian's Chromium against pytest-django's live server.

One Chromium per test session (pytest-playwright's `browser` fixture, launched with the flags
below); each test gets fresh browser contexts, every one of them guarded so that no request can
leave this machine. Every test that uses the browser is marked `browser`.

Missing tools (see tests/browser/tools.py): skipped with one line on a developer's machine,
an error when CI is set.
"""

import io
import json
import os

import pytest
from django.core.management import call_command
from django.db import connection, connections

from . import tools
from .checks import LocalOnlyGuard, NuHtmlChecker

# The live server listens on the loopback address itself, so "no request leaves 127.0.0.1" is
# literally what the guard checks.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

# Fixtures that need more than Chromium.
TOOLS_BY_FIXTURE = {
    "html_checker": [tools.JAVA, tools.NU_HTML_CHECKER],
}

_skipped_for_tools = {"count": 0, "reason": ""}


def _tools_needed(item) -> list[tools.Tool]:
    needed = [tools.CHROMIUM]
    for fixture, extra in TOOLS_BY_FIXTURE.items():
        if fixture in item.fixturenames:
            needed += extra
    return needed


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "browser"
        ):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if not item.get_closest_marker("browser"):
        return
    absent = tools.missing(_tools_needed(item))
    if not absent:
        return
    reason = tools.explain(absent)
    if tools.in_ci():
        pytest.fail(f"CI must run the browser tests, but {reason}.", pytrace=False)
    _skipped_for_tools["count"] += 1
    if reason not in _skipped_for_tools["reason"]:
        joined = "; ".join(filter(None, [_skipped_for_tools["reason"], reason]))
        _skipped_for_tools["reason"] = joined
    pytest.skip(f"browser test skipped: {reason}")


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_tools["count"]:
        terminalreporter.write_line(
            f"Skipped {_skipped_for_tools['count']} browser tests: "
            f"{_skipped_for_tools['reason']}. Install it to run them.",
            yellow=True,
        )


@pytest.fixture(scope="session")
def playwright(playwright):
    """pytest-playwright's Playwright, with this thread's database connections carried over.

    Playwright's sync API runs an asyncio event loop in the test thread. While a loop runs,
    Django keeps database connections per async context instead of per thread, so code after
    Playwright starts would get new connection objects, without the test database's serialized
    contents: serialized rollback would silently stop working once a non-browser test has
    opened the database first. Give the event loop's context the thread's own connections.
    """
    thread_storage = getattr(connections._connections, "_storage", None)
    if thread_storage is not None:
        for alias, wrapper in list(vars(thread_storage).items()):
            if alias in connections.settings:
                setattr(connections._connections, alias, wrapper)
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless unless --headed, kept off the network."""
    return {
        **browser_type_launch_args,
        "executable_path": tools.chromium_path(),
        "headless": browser_type_launch_args.get("headless", True),
        "args": tools.chromium_flags(),
    }


@pytest.fixture(scope="session")
def base_url():
    """Contexts are based at the live server instead (see new_guarded_context). Replaces
    pytest-playwright's fallback fixture, which pytest 9 warns about."""
    return None


@pytest.fixture
def site_url(django_db_serialized_rollback, live_server):
    """The live server's address, e.g. http://127.0.0.1:41234 (no trailing slash).

    Browser tests are transactional (the server runs in another thread), so the database is
    emptied after each test; serialized rollback puts back what the migrations created (staff
    groups, content types) before each test.
    """
    return live_server.url


class GuardedContexts:
    """Makes browser contexts, based at the live server, that refuse (and record) any request
    that would leave this machine.

    Built on pytest-playwright's `new_context`, so its options work (--tracing on,
    --screenshot only-on-failure, --video) and the contexts are closed after the test.
    """

    def __init__(self, new_context, base_url):
        self.new_context = new_context
        self.base_url = base_url
        self.guards = []

    def __call__(self, **options):
        options.setdefault("base_url", self.base_url)
        context = self.new_context(**options)
        self.guards.append(LocalOnlyGuard(context))
        return context

    def foreign_requests(self) -> list[str]:
        return [url for guard in self.guards for url in guard.foreign_requests]


@pytest.fixture
def new_guarded_context(new_context, site_url):
    """`new_guarded_context(**options)` makes a context; the test fails at teardown if a page in
    one of them tried to reach another host."""
    contexts = GuardedContexts(new_context, site_url)
    yield contexts
    foreign = contexts.foreign_requests()
    assert not foreign, f"requests left this machine: {foreign}"


@pytest.fixture
def context(new_guarded_context):
    """The context of pytest-playwright's `page`: guarded, based at the live server."""
    return new_guarded_context()


@pytest.fixture
def page(context):
    """pytest-playwright's page, failing the test if the browser reports a script error or a
    Content-Security-Policy refusal (error statuses of documents are the test's business)."""
    page = context.new_page()
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    yield page
    assert not errors, f"the browser reported: {errors}"


@pytest.fixture(scope="session")
def html_checker():
    """The Nu Html Checker (needs Java and `make browser-tools`; see TOOLS_BY_FIXTURE)."""
    return NuHtmlChecker()


# --- Demo content ---------------------------------------------------------------------------

_demo_snapshot = {}


def _database_objects() -> dict[tuple[str, object], dict]:
    """Every row of the test database, serialized, by (model, primary key)."""
    rows = json.loads(connection.creation.serialize_db_to_string())
    return {(row["model"], json.dumps(row["pk"])): row for row in rows}


@pytest.fixture
def demo_content(site_url):
    """The demo content (`manage.py load_demo`) in the live server's database.

    The database is emptied after each browser test, so the first test that asks for the demo
    content loads it and keeps what the command created or changed; later tests restore that,
    which is much faster. (Only those rows: users a test's fixtures made are not kept.)
    """
    if connection.alias not in _demo_snapshot:
        before = _database_objects()
        call_command("load_demo", stdout=io.StringIO())
        after = _database_objects()
        changed = [row for key, row in after.items() if before.get(key) != row]
        _demo_snapshot[connection.alias] = json.dumps(changed)
    else:
        connection.creation.deserialize_db_from_string(_demo_snapshot[connection.alias])


@pytest.fixture(autouse=True)
def forms_filled_at_browser_speed(settings):
    """A browser sends a form sooner than the volunteer form's bot threshold (a person takes
    longer); with it the form would answer "That was very quick" instead of showing the state
    the test is about. tests/volunteers/test_abuse.py tests the threshold itself."""
    settings.VOLUNTEER_FORM_MIN_SECONDS = 0
