"""The 51 XSS vectors in Chromium: planted in every field an editor can fill, typed into the
search box and the volunteer form; on every page that shows them, nothing executes (no dialog,
no script error, no request to any other address than the live server).

The same pages' HTML is checked in-process by tests/badinput/test_xss.py; this is the browser's
side: what a visitor's Chromium does with them.
"""

from urllib.parse import quote, urlsplit

import pytest

from tests.badinput.xss_content import PAYLOADS, addresses, plant_everything

pytestmark = pytest.mark.browser


class Watch:
    """Everything a page does that would show a payload running."""

    def __init__(self, page, site_url):
        self.origin = urlsplit(site_url)[:2]
        self.dialogs, self.elsewhere, self.script_errors, self.refusals = [], [], [], []
        page.on("dialog", self._dialog)
        page.on("request", self._request)
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("console", self._console)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "about", "blob"):
            return
        if parts[:2] != self.origin:
            self.elsewhere.append(request.url)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.refusals.append(message.text)

    def assert_nothing_ran(self):
        assert not self.dialogs, self.dialogs
        assert not self.elsewhere, self.elsewhere
        assert not self.script_errors, self.script_errors
        # The CSP may refuse a remote image an editor linked (allowed markup, blocked by
        # img-src), but never a script: a refused script would mean one got into a page.
        assert not [text for text in self.refusals if "script" in text.lower()], self.refusals


@pytest.fixture
def watched_page(site_url, new_guarded_context):
    page = new_guarded_context().new_page()
    return page, Watch(page, site_url)


def test_planted_vectors_do_not_run_on_any_page(site_url, watched_page):
    planted = plant_everything()
    page, watch = watched_page
    urls = addresses(planted)
    for url in urls:
        response = page.goto(url, wait_until="load")
        assert response.status == 200, url
        # Give handlers that fire on hover or focus a chance.
        page.mouse.move(200, 300)
        page.keyboard.press("Tab")
    watch.assert_nothing_ran()
    assert len(urls) >= 60


def test_search_queries_do_not_run(watched_page):
    page, watch = watched_page
    for payload in PAYLOADS:
        response = page.goto(f"/en/search/?q={quote(payload, safe='')}", wait_until="load")
        assert response.status == 200
    watch.assert_nothing_ran()


def test_volunteer_form_with_errors_does_not_run_them(watched_page, settings):
    settings.RATELIMIT_ENABLE = False  # 51 posts from one address: the form, not the 429 page
    page, watch = watched_page
    fields = ["full_name", "email", "city", "heard_about", "motivation"]
    submissions = 0
    # Five payloads a submission, one in each text field.
    for start in range(0, len(PAYLOADS), len(fields)):
        page.goto("/en/volunteer/")
        for field, payload in zip(fields, PAYLOADS[start:] + PAYLOADS, strict=False):
            page.fill(f'[name="{field}"]', payload)
        with page.expect_navigation() as navigation:
            page.locator('#volunteer-form [type="submit"]').click()
        response = navigation.value
        assert response.request.method == "POST" and response.status == 200, page.title()
        assert page.locator(".error-summary").count() == 1, page.title()
        submissions += 1
    assert submissions * len(fields) >= len(PAYLOADS)
    watch.assert_nothing_ran()
