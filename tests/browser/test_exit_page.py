""" "Exit this page" (issue 19) in a real browser: a click or Shift pressed three times leaves for
the destination staff set, Back does not bring the page back, the keyboard reaches the control
at once, nothing tells the destination where the visitor came from, and it works without
JavaScript too. The network is closed, so the destination is a page of the live server itself
(robots.txt) instead of the neutral site a real one would be.

The server side (every page type, the admin, the field's validation) is in
tests/pina/site/test_exit_page.py.
"""

import re

import pytest
from playwright.sync_api import expect

from pina.site.models import SiteSettings

from .checks import axe_problems, keyboard_problems, visit

pytestmark = pytest.mark.browser

EXIT_NAMES = {"en": "Exit this page", "ru": "Быстрый выход", "uz": "Tezkor chiqish"}


@pytest.fixture
def destination(site_url):
    """A stand-in for the neutral site: staff's address, saved as the shell would (the admin only
    takes https://, which the live server does not speak)."""
    url = f"{site_url}/robots.txt"
    record = SiteSettings.current()
    record.exit_page_url = url
    record.save()
    return url


def exit_control(page, language="en"):
    return page.get_by_role("link", name=EXIT_NAMES[language])


def test_a_click_leaves_for_the_destination_and_back_skips_the_page_left(page, destination):
    page.goto("/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="News").click()
    expect(page).to_have_url(re.compile(r"/en/news/$"))

    with page.expect_request(destination) as leaving:
        exit_control(page).click()
    expect(page).to_have_url(destination)
    assert "Disallow: /admin/" in page.content()
    # Neither the Referer nor anything else says which page the visitor left.
    assert "referer" not in leaving.value.all_headers()

    page.go_back()
    # The news page was replaced in the history: Back goes to the page before it.
    expect(page).to_have_url(re.compile(r"/en/$"))


def test_shift_three_times_leaves_for_the_destination(page, destination):
    page.goto("/en/")
    page.get_by_role("link", name="Conferences").click()
    expect(page).to_have_url(re.compile(r"/en/conferences/$"))
    # The URL changes when the page is committed; the key listener comes with its deferred script.
    page.wait_for_load_state("load")

    with page.expect_request(destination) as leaving:
        for _ in range(3):
            page.keyboard.press("Shift")
    expect(page).to_have_url(destination)
    assert "referer" not in leaving.value.all_headers()

    page.go_back()
    expect(page).to_have_url(re.compile(r"/en/$"))


def test_the_first_page_of_a_visit_leaves_no_way_back(page, destination):
    page.goto("/en/")

    exit_control(page).click()
    expect(page).to_have_url(destination)

    page.go_back()
    # Nothing before the page left: Back has nowhere to go (about:blank, never /en/).
    assert "/en/" not in page.url


def test_shift_used_for_typing_or_pressed_slowly_does_not_leave(page, destination):
    page.goto("/en/")
    search = page.get_by_role("banner").get_by_role("searchbox")
    search.click()

    # A capital letter, then Shift twice: the first Shift was typing, so this is two presses.
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    # More than a second before the next: the count starts again.
    page.wait_for_timeout(1200)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(search).to_have_value("A")

    page.keyboard.press("Shift")
    expect(page).to_have_url(destination)


# Notes how the page looks the moment its class changes. It writes to sessionStorage, which the
# destination (the same origin here) can still read: the page itself is gone by then, and while
# it is leaving Playwright waits for the navigation instead of looking.
_WATCH_THE_PAGE_LEAVE = """() => new MutationObserver(() => sessionStorage.setItem('leaving', [
    document.documentElement.className,
    getComputedStyle(document.querySelector('main')).visibility,
    getComputedStyle(document.querySelector('.site-header')).visibility,
].join(' '))).observe(document.documentElement, {attributes: true, attributeFilter: ['class']})
"""


def test_the_page_is_blanked_before_it_is_left(page, destination):
    page.goto("/en/")
    page.evaluate(_WATCH_THE_PAGE_LEAVE)

    exit_control(page).click()

    expect(page).to_have_url(destination)
    assert page.evaluate("sessionStorage.getItem('leaving')") == "exit-page-leaving hidden hidden"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_keyboard_reaches_the_control_within_two_tabs(new_guarded_context, destination, width):
    page = new_guarded_context(viewport={"width": width, "height": 800}).new_page()
    page.goto("/en/")
    control = exit_control(page)
    expect(control).to_be_in_viewport()
    # Its description says what it does and, with the script, the shortcut.
    expect(control).to_have_accessible_description(
        "Leave this site quickly. Shortcut: press Shift three times."
    )

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    expect(control).to_be_focused()
    expect(control).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(destination)


def test_the_control_stays_on_screen_down_a_long_page(new_guarded_context, demo_content):
    page = new_guarded_context(viewport={"width": 375, "height": 700}).new_page()
    page.goto("/en/")

    page.get_by_role("contentinfo").scroll_into_view_if_needed()

    expect(exit_control(page)).to_be_in_viewport()


def test_without_javascript_the_link_still_leaves_without_a_referer(
    new_guarded_context, destination
):
    page = new_guarded_context(java_script_enabled=False).new_page()
    page.goto("/en/")
    control = exit_control(page)
    # Without the script the shortcut does not exist, and the description does not promise it.
    expect(control).to_have_accessible_description("Leave this site quickly.")

    with page.expect_request(destination) as leaving:
        control.click()

    expect(page).to_have_url(destination)
    assert "referer" not in leaving.value.all_headers()


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_the_home_page_with_the_control_passes_the_page_checks(
    new_guarded_context, demo_content, language
):
    # axe-core is injected as a script, which the site's CSP rightly refuses.
    page = new_guarded_context(bypass_csp=True).new_page()
    home_visit = visit(page, f"/{language}/")
    expect(exit_control(page, language)).to_be_visible()

    problems = axe_problems(page) + keyboard_problems(page)
    assert home_visit.console_errors == []
    assert not problems, "\n".join(problems)


def test_the_home_page_with_the_control_is_valid_html(
    new_guarded_context, demo_content, html_checker
):
    context = new_guarded_context()
    documents = {}
    for language in ("en", "ru", "uz"):
        home_visit = visit(context.new_page(), f"/{language}/")
        assert EXIT_NAMES[language] in home_visit.html
        documents[f"home-{language}"] = home_visit.html

    errors = html_checker.check(documents)

    assert len(errors) == 3
    problems = [f"{name}: {error}" for name, found in errors.items() for error in found]
    assert not problems, "\n".join(problems)
