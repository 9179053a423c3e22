"""Issue 18, point 2, in a real browser: once the visitor's network is busy, the volunteer form
asks for a challenge. With JavaScript, static/js/altcha-solver.js solves the proof of work and
hides the captcha, and the server accepts the submission; with JavaScript off, the captcha's
picture is drawn by the site and its letters are accepted instead."""

import re

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from volunteers.models import VolunteerApplication

from .actions import fill_volunteer_form, send_volunteer_form

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_network(settings):
    """Every sign-up from this address needs the challenge (none free, as after ten)."""
    settings.VOLUNTEER_CHALLENGE_AFTER = 0
    settings.VOLUNTEER_CHALLENGE_MAX_NUMBER = 2_000  # a quick puzzle for the test's browser


def test_the_browser_solves_the_proof_of_work_and_the_form_is_accepted(
    new_guarded_context, demo_content, busy_network
):
    page = new_guarded_context().new_page()
    page.goto("/en/volunteer/")
    status = page.locator(".challenge-status")
    expect(status).to_have_text("Checked: you can send the form.", timeout=20_000)
    expect(page.locator(".challenge-captcha")).to_be_hidden()
    assert page.locator("[name=altcha]").input_value()  # the solution, for the server to verify
    fill_volunteer_form(page, full_name="Zarina Yusupova", email="zarina@example.org")
    send_volunteer_form(page)
    expect(page).to_have_url(re.compile(r"/en/volunteer/thanks/$"))
    assert VolunteerApplication.objects.filter(email="zarina@example.org").count() == 1


def test_a_forged_solution_is_refused_and_the_form_kept(
    new_guarded_context, demo_content, busy_network
):
    page = new_guarded_context().new_page()
    page.goto("/en/volunteer/")
    expect(page.locator(".challenge-status")).to_have_text(
        "Checked: you can send the form.", timeout=20_000
    )
    page.locator("[name=altcha]").evaluate("field => { field.value = 'eyJmb3JnZWQiOiB0cnVlfQ==' }")
    fill_volunteer_form(page, full_name="Zarina Yusupova", email="zarina@example.org")
    send_volunteer_form(page)
    expect(page.get_by_role("alert")).to_contain_text("Please correct the following")
    expect(page.get_by_label("Full name")).to_have_value("Zarina Yusupova")
    assert not VolunteerApplication.objects.filter(email="zarina@example.org").exists()


def test_without_javascript_the_captcha_letters_are_accepted(
    new_guarded_context, demo_content, busy_network
):

    page = new_guarded_context(java_script_enabled=False).new_page()
    page.goto("/en/volunteer/")
    captcha = page.locator(".challenge-captcha")
    expect(captcha).to_be_visible()
    picture = captcha.locator("img")
    expect(picture).to_be_visible()
    # The picture is drawn by the site itself (no third party), and it loaded.
    assert picture.get_attribute("src").startswith("/")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    fill_volunteer_form(page, full_name="Javlon Rakhimov", email="javlon@example.org")
    # A person reads the letters off the picture; the test reads them where the site keeps them.
    key = captcha.locator("input[name=captcha_0]").input_value()
    captcha.get_by_role("textbox").fill(CaptchaStore.objects.get(hashkey=key).response)
    send_volunteer_form(page)
    expect(page).to_have_url(re.compile(r"/en/volunteer/thanks/$"))
    assert VolunteerApplication.objects.filter(email="javlon@example.org").count() == 1
