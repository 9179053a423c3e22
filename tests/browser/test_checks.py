"""The checks themselves: each one finds the fault it exists for (so a green page check means
something), and the tool detection says what to install."""

import pytest

from . import tools
from .checks import (
    LocalOnlyGuard,
    Resource,
    Visit,
    axe_problems,
    is_local,
    keyboard_problems,
    visit,
    weight_problems,
)
from .pages import submit_form_empty

CONTROLS = """<!doctype html>
<html lang="en"><head><title>Controls</title>
<style>
  .skip { position: absolute; top: -10rem; }
  .quiet:focus { outline: none; }
</style></head>
<body>
<a class="skip" href="#main">Skip</a>
<main id="main">
  <a href="#one">Visible focus</a>
  <button class="quiet" type="button">No focus ring</button>
  <a href="#gone" tabindex="-1">Not a tab stop</a>
  <input type="radio" name="choice" value="a" aria-label="A">
  <input type="radio" name="choice" value="b" aria-label="B">
  <a href="#hidden" hidden>Hidden</a>
</main>
</body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(bypass_csp=True)
    guard = LocalOnlyGuard(context)
    page = context.new_page()
    page.guard = guard
    yield page
    context.close()


@pytest.mark.browser
def test_keyboard_check_finds_missing_focus_ring_and_off_screen_focus(blank_page):
    blank_page.set_content(CONTROLS)

    problems = keyboard_problems(blank_page)

    assert len(problems) == 2, problems
    assert any("no visible focus indicator" in p and "quiet" in p for p in problems)
    assert any("off screen" in p and "skip" in p for p in problems)


@pytest.mark.browser
def test_axe_check_finds_an_image_without_text(blank_page):
    blank_page.set_content(
        '<!doctype html><html lang="en"><head><title>Image</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">'
        "</main></body></html>"
    )

    problems = axe_problems(blank_page)

    assert any(problem.startswith("image-alt") for problem in problems), problems


@pytest.mark.browser
def test_guard_refuses_requests_to_other_hosts(blank_page):
    blank_page.set_content(
        '<!doctype html><html lang="en"><head><title>Font</title>'
        '<link rel="stylesheet" href="https://fonts.example.net/css?family=Roboto">'
        "</head><body></body></html>"
    )

    assert blank_page.guard.foreign_requests == ["https://fonts.example.net/css?family=Roboto"]


FORM = """<!doctype html><html lang="en"><head><title>Form</title>
<link rel="stylesheet" href="/site.css"></head><body><main>
<form method="post" action="/form"><label>Name <input name="name"></label>
<button type="submit">Send</button></form></main></body></html>"""
ERRORS = FORM.replace("<form", '<p class="error">Enter your name.</p><form')


@pytest.mark.browser
def test_a_visit_checks_the_page_the_visitor_ends_on(blank_page):
    """A prepared page (a form sent empty) is weighed and validated as the final document,
    with each stylesheet counted once."""

    def serve(route):
        request = route.request
        if request.url.endswith("/site.css"):
            route.fulfill(body="body { color: #222; }" * 50, content_type="text/css")
        elif request.method == "POST":
            route.fulfill(body=ERRORS, content_type="text/html", status=200)
        else:
            route.fulfill(body=FORM, content_type="text/html")

    blank_page.route("http://127.0.0.1:9/**", serve)

    page_visit = visit(blank_page, "http://127.0.0.1:9/form", prepare=submit_form_empty)

    assert "Enter your name." in page_visit.html
    kinds = sorted(resource.kind for resource in page_visit.resources)
    assert kinds == ["document", "stylesheet"]
    stylesheet = next(r for r in page_visit.resources if r.kind == "stylesheet")
    assert stylesheet.bytes == len("body { color: #222; }" * 50)
    assert stylesheet.gzip_bytes < stylesheet.bytes / 5
    assert page_visit.console_errors == []


def test_only_loopback_addresses_are_local():
    assert is_local("http://127.0.0.1:8000/en/")
    assert is_local("http://localhost:8000/static/css/site.css")
    assert is_local("data:image/png;base64,AAAA")
    assert not is_local("https://fonts.googleapis.com/css")
    assert not is_local("http://10.0.0.1/")
    assert not is_local("http://127.0.0.1.example.com/")


def test_weight_check_counts_compressed_code_and_everything_on_pages_with_a_total_budget():
    page = Visit(
        url="http://127.0.0.1/en/",
        status=200,
        html="",
        resources=[
            Resource("http://127.0.0.1/en/", "document", 200_000, 40_000),
            Resource("http://127.0.0.1/static/site.js", "script", 100_000, 30_000),
            Resource("http://127.0.0.1/media/photo.jpg", "image", 200_000, 200_000),
        ],
    )

    assert page.code_weight() == 70_000
    assert page.total_weight() == 270_000
    assert len(weight_problems(page, code_budget_kb=60)) == 1
    assert len(weight_problems(page, code_budget_kb=100, total_budget_kb=250)) == 1
    assert weight_problems(page, code_budget_kb=100, total_budget_kb=300) == []


@pytest.mark.browser
def test_html_checker_reports_errors_per_document(html_checker):
    valid = '<!doctype html><html lang="en"><head><title>Fine</title></head><body></body></html>'
    invalid = (
        '<!doctype html><html lang="en"><head><title>Broken</title></head>'
        '<body><p><div>block in paragraph</div><a href="x" href="y">twice</a></body></html>'
    )

    errors = html_checker.check({"valid": valid, "invalid": invalid})

    assert errors["valid"] == []
    assert any("Duplicate attribute" in error for error in errors["invalid"]), errors


def test_a_missing_browser_is_explained_in_one_line_and_is_an_error_in_ci(monkeypatch):
    monkeypatch.setenv("CHROME_PATH", "/nonexistent/chromium")

    absent = tools.missing([tools.CHROMIUM])

    assert absent == [tools.CHROMIUM]
    message = tools.explain(absent)
    assert "\n" not in message
    assert "apt-get install chromium" in message
    monkeypatch.setenv("CI", "true")
    assert tools.in_ci()
    monkeypatch.setenv("CI", "")
    assert not tools.in_ci()


def test_chromium_is_kept_off_the_network():
    flags = tools.chromium_flags()
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ):
        assert flag in flags
