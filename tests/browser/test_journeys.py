"""The journeys of issue 6: people doing their work in a real browser, clicking and typing.

1. a visitor: home → News → an article → its conference → an organization → Russian (the same
   page) → search for a word → open a result;
2. a volunteer on a 375 px viewport: the form sent empty shows errors next to the fields; fixed
   (a Cyrillic name) it leads to the thank-you page, and the link of the confirmation e-mail
   (django.core.mail.outbox: the live server runs in this process) confirms the address;
3. an editor writes a news post in CKEditor 5 (heading, bold, link, an uploaded image),
   publishes it, and finds it on the site, in the feed and in search;
4. an editor creates a conference with two organizations in different roles, three speakers and
   a quote, and sees it on the list and detail pages;
5. a coordinator finds the new application, changes its status, exports CSV; an editor who
   opens the same URL is refused.
And the foundation's: the language switch on any page, the skip link, logging in and out of the
admin, a wrong password, a footer text changed in the admin.
Shared steps are in actions.py.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from events.models import Conference
from news.models import Post
from volunteers.models import VolunteerApplication

from .actions import (
    add_inline_row,
    choose_in_autocomplete,
    fill_volunteer_form,
    log_into_admin,
    log_out_of_admin,
    save_admin_form,
    search_site,
    send_volunteer_form,
    show_language_in_admin,
    switch_language,
    upload_image_in_ckeditor,
    write_in_ckeditor,
)
from .checks import wait_for_images

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/en/", "/en/no-such-page/"])
def test_visitor_switches_language_and_stays_on_the_same_page(page, path):
    page.goto(path)

    switch_language(page, "Русский")

    expect(page).to_have_url(re.compile(re.escape(path.replace("/en/", "/ru/", 1)) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("link", name="Главная")).to_be_visible()

    switch_language(page, "Oʻzbek tili")

    expect(page).to_have_url(re.compile(re.escape(path.replace("/en/", "/uz/", 1)) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "uz")


def test_keyboard_user_skips_to_the_main_content(page):
    page.goto("/en/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate("document.activeElement.closest('main') !== null")
    focused_in_footer = page.evaluate("document.activeElement.closest('footer') !== null")
    assert focused_in_main or focused_in_footer


@pytest.mark.parametrize("person", ["editor", "coordinator"])
def test_staff_log_into_the_admin_and_out(page, request, person):
    user = request.getfixturevalue(person)

    log_into_admin(page, user.username)

    expect(page).to_have_url(re.compile(r"/admin/$"))
    index_heading = page.get_by_role("heading", name="Site content and volunteer applications")
    expect(index_heading).to_be_visible()
    expect(page.get_by_role("link", name="PINA administration")).to_be_visible()
    log_out_of_admin(page)
    page.goto("/admin/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_a_wrong_password_is_refused(page, editor):
    log_into_admin(page, editor.username, password="not-the-password")

    expect(page.locator(".errornote")).to_contain_text("correct username and password")
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_administrator_changes_a_footer_text_and_sees_it_on_the_site(page, superuser):
    log_into_admin(page, superuser.username)
    page.get_by_role("link", name="Site settings").click()

    # One language at a time: the Russian field is on its tab. The tabs are made by the admin's
    # script: filling a field before it has run races with it on a loaded machine.
    expect(page.locator("#modeltranslation-main-switch")).to_be_visible()
    page.get_by_label("Contact invitation").and_(page.locator("#id_contact_text_en")).fill(
        "Write to the PINA secretariat"
    )
    show_language_in_admin(page, "ru")
    page.locator("#id_contact_text_ru").fill("Пишите секретариату PINA")
    save_admin_form(page, "Save", "was changed successfully")

    page.goto("/en/")
    expect(page.get_by_role("contentinfo")).to_contain_text("Write to the PINA secretariat")
    switch_language(page, "Русский")
    expect(page.get_by_role("contentinfo")).to_contain_text("Пишите секретариату PINA")


# --- Journey 1: a visitor ------------------------------------------------------------------------


def test_visitor_goes_from_the_news_to_a_conference_and_searches_in_russian(page, demo_content):
    post = Post.objects.published().filter(conference__isnull=False).newest_first().first()
    conference = post.conference
    organization = conference.roles.order_by("order", "pk").first().organization

    page.goto("/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="News").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("News")
    page.get_by_role("main").get_by_role("link", name=post.title_en).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(post.title_en)

    page.get_by_role("main").get_by_role("link", name=conference.title_en).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(conference.title_en)
    page.get_by_role("main").get_by_role("link", name=organization.name_en).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(organization.name_en)

    switch_language(page, "Русский")
    with translation.override("ru"):
        expect(page).to_have_url(re.compile(re.escape(organization.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(organization.name_ru)

    search_site(page, "конференция")
    expect(page).to_have_url(re.compile(r"/ru/search/\?q="))
    results = page.get_by_role("main").get_by_role("listitem").get_by_role("link")
    expect(results.first).to_be_visible()
    title = results.first.inner_text()
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("html")).to_have_attribute("lang", "ru")


# --- Journey 2: a volunteer on a phone -----------------------------------------------------------


@pytest.fixture
def empty_outbox():
    mail.outbox = []


def test_volunteer_applies_on_a_phone_and_confirms_the_address(
    new_guarded_context, demo_content, empty_outbox
):
    phone = new_guarded_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = phone.new_page()
    page.goto("/en/")
    page.get_by_role("link", name="Volunteer").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    send_volunteer_form(page)

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    expect(summary).to_be_focused()
    name_field = page.get_by_label("Full name")
    expect(name_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_full_name_error")).to_have_text("Enter your full name.")
    expect(page.locator("#id_email_error")).to_have_text("Enter your e-mail address.")
    # The message sits next to its field: just above it, on screen together.
    error_box = page.locator("#id_full_name_error").bounding_box()
    field_box = name_field.bounding_box()
    assert 0 <= field_box["y"] - (error_box["y"] + error_box["height"]) < 40
    page.get_by_role("link", name="Enter your full name.").click()
    expect(name_field).to_be_focused()

    fill_volunteer_form(page, full_name="Айгуль Нурланова", email="aigul@example.org")
    send_volunteer_form(page)

    expect(page).to_have_url(re.compile(r"/en/volunteer/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    application = VolunteerApplication.objects.get()
    assert application.full_name == "Айгуль Нурланова"
    assert application.email_confirmed_at is None
    to_volunteer = [message for message in mail.outbox if message.to == ["aigul@example.org"]]
    assert len(to_volunteer) == 1
    link = re.search(r"https?://\S+/volunteer/confirm/\S+/", to_volunteer[0].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)

    page.goto(path)

    expect(page.get_by_role("main")).to_contain_text(re.compile("confirmed", re.IGNORECASE))
    application.refresh_from_db()
    assert application.email_confirmed_at is not None

    # A stranger, in another browser, sends the form with Aigul's address: nothing stored
    # changes (the data waits for the address's owner to confirm it), and the stranger sees the
    # same thank-you a new volunteer sees, so the address's use is not revealed.
    page.goto("/en/volunteer/thanks/")
    thanks_text = page.get_by_role("main").inner_text()
    stranger = new_guarded_context().new_page()
    stranger.goto("/en/volunteer/")
    fill_volunteer_form(stranger, full_name="Someone Else", email="AIGUL@example.org")
    stranger.get_by_label("Phone").fill("+998 90 765 43 21")
    send_volunteer_form(stranger)

    expect(stranger).to_have_url(re.compile(r"/en/volunteer/thanks/$"))
    assert stranger.get_by_role("main").inner_text() == thanks_text
    stored = VolunteerApplication.objects.get()
    assert (stored.pk, stored.full_name, stored.phone) == (
        application.pk,
        "Айгуль Нурланова",
        application.phone,
    )
    assert stored.pending_change.data["full_name"] == "Someone Else"


# --- Journey 3: an editor writes news ------------------------------------------------------------


def test_editor_writes_a_post_in_ckeditor_and_publishes_it(page, demo_content, editor, tmp_path):
    photo = tmp_path / "shelter.png"
    Image.new("RGB", (640, 360), (40, 110, 160)).save(photo)
    log_into_admin(page, editor.username)
    page.get_by_role("row", name=re.compile("Posts")).get_by_role("link", name="Add").click()

    page.locator("#id_title_en").fill("Shelter opens in Samarkand")
    page.locator("#id_lead_en").fill("A new shelter gives survivors a safe place to stay.")
    body = page.locator(".ck-editor__editable").first
    write_in_ckeditor(
        page,
        body,
        heading="Who it serves",
        bold="survivors of trafficking",
        link_text="the IOM office",
        url="https://www.iom.int/",
    )
    upload_image_in_ckeditor(body, photo)
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("Status").select_option(label="Published")
    save_admin_form(page, "Save", "was added successfully")

    post = Post.objects.get(title_en="Shelter opens in Samarkand")
    assert post.is_visible
    page.goto("/en/news/")
    page.get_by_role("link", name="Shelter opens in Samarkand").click()
    article = page.get_by_role("main")
    expect(article.get_by_role("heading", name="Who it serves", level=2)).to_be_visible()
    expect(article.locator("strong")).to_have_text("survivors of trafficking")
    link = article.get_by_role("link", name="the IOM office")
    expect(link).to_have_attribute("href", "https://www.iom.int/")
    image = article.locator(".prose img")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()
    wait_for_images(page, "main .prose img")
    assert image.evaluate("image => image.naturalWidth") > 0

    feed = page.request.get("/en/news/feed/")
    assert feed.ok
    assert "Shelter opens in Samarkand" in feed.text()

    search_site(page, "Samarkand shelter")
    page.get_by_role("main").get_by_role("link", name="Shelter opens in Samarkand").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shelter opens in Samarkand")


# --- Journey 4: an editor adds a conference ------------------------------------------------------

ORGANIZATIONS = [
    "International Organization for Migration",
    "Organization for Security and Co-operation in Europe",
]
SPEAKERS = ["Alexander Fedulov", "Andrew Gray", "Kari Johnston"]


def test_editor_adds_a_conference_with_organizations_speakers_and_a_quote(
    page, demo_content, editor
):
    log_into_admin(page, editor.username)
    page.get_by_role("row", name=re.compile("Conferences")).get_by_role("link", name="Add").click()

    # The form's own fields by id: the inlines' empty templates repeat their labels.
    page.locator("#id_title_en").fill("Regional forum on safe migration")
    page.locator("#id_lead_en").fill("Officials and NGOs met to protect people who migrate.")
    page.locator("#id_start_date").fill("2025-03-12")
    page.locator("#id_end_date").fill("2025-03-13")
    page.locator("#id_city_en").fill("Almaty")
    page.locator("#id_host_country").select_option(label="Kazakhstan")
    for organization, role in zip(ORGANIZATIONS, ["organizer", "partner"], strict=True):
        row = add_inline_row(page, "roles")
        choose_in_autocomplete(page, f"id_roles-{row}-organization", organization)
        page.locator(f"#id_roles-{row}-role").select_option(role)
    for name in SPEAKERS:
        row = add_inline_row(page, "speakers")
        choose_in_autocomplete(page, f"id_speakers-{row}-person", name)
    page.locator("#id_is_published").check()
    save_admin_form(page, "Save and continue editing", "was added successfully")

    # A quote names one of this conference's saved speakers.
    row = add_inline_row(page, "quotes")
    speaker = page.locator(f"#id_quotes-{row}-speaker")
    speaker.select_option(speaker.locator("option", has_text="Andrew Gray").get_attribute("value"))
    page.locator(f"#id_quotes-{row}-text_en").fill("No one should be sold or bought.")
    save_admin_form(page, "Save", "was changed successfully")

    conference = Conference.objects.get(title_en="Regional forum on safe migration")
    assert conference.roles.count() == 2
    assert conference.speakers.count() == 3
    assert conference.quotes.count() == 1
    page.goto("/en/conferences/")
    page.get_by_role("link", name="Regional forum on safe migration").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Regional forum on safe migration")
    expect(main).to_contain_text("Organized by")
    expect(
        main.get_by_role("link", name="International Organization for Migration")
    ).to_be_visible()
    expect(
        main.get_by_role("link", name="Organization for Security and Co-operation in Europe")
    ).to_be_visible()
    for name in SPEAKERS:
        expect(main.get_by_text(name).first).to_be_visible()
    expect(main.locator("blockquote, q").first).to_contain_text("No one should be sold or bought.")


# --- Journey 5: a coordinator ---------------------------------------------------------------------


def test_coordinator_follows_up_an_application_and_exports_csv(
    page, demo_content, empty_outbox, coordinator, editor
):
    page.goto("/en/volunteer/")
    fill_volunteer_form(page, full_name="Timur Rakhimov", email="timur@example.org")
    send_volunteer_form(page)
    expect(page).to_have_url(re.compile(r"/volunteer/thanks/$"))

    log_into_admin(page, coordinator.username)
    page.get_by_role("link", name="Volunteer applications").first.click()
    page.get_by_role("searchbox").fill("Rakhimov")
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name=re.compile("Timur Rakhimov")).click()
    page.get_by_label("Status").select_option(label="Contacted")
    save_admin_form(page, "Save", "was changed successfully")
    assert VolunteerApplication.objects.get().status == VolunteerApplication.Status.CONTACTED

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export these to CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Timur Rakhimov" in content
    assert "timur@example.org" in content
    export_url = download.url
    log_out_of_admin(page)

    log_into_admin(page, editor.username)
    response = page.goto(export_url)
    assert response.status == 403
    assert "Timur Rakhimov" not in page.content()
