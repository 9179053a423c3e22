"""The admin's translation workflow in a real browser: a post's form shows one language at a
time (modeltranslation's tabs, under the admin's CSP, with CKEditor 5 in the hidden tabs), and
the staff home page lists what is left to do. Also makes the screenshots of docs/screenshots/
when SCREENSHOTS_DIR is set."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from news.models import Post

from .actions import log_into_admin, save_admin_form, show_language_in_admin

pytestmark = pytest.mark.browser


def save_screenshot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_a_post_form_shows_one_language_at_a_time(page, demo_content, editor):
    post = Post.objects.order_by("pk").first()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_into_admin(page, editor.username)
    page.goto(f"/admin/news/post/{post.pk}/change/")

    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_be_hidden()
    expect(page.locator("#id_title_uz")).to_be_hidden()
    # The labels lose their "[en]": the tab says the language.
    expect(page.locator("label[for=id_title_en]")).to_have_text(re.compile(r"^Title:?$"))
    editors = page.locator(".ck-editor__editable")
    expect(editors.nth(0)).to_be_visible()
    expect(editors.nth(1)).to_be_hidden()
    save_screenshot(page, "admin-post-change-tabs-1280-en.png")

    show_language_in_admin(page, "ru")
    expect(page.locator("#id_title_en")).to_be_hidden()
    expect(page.locator("#id_title_ru")).to_be_visible()
    page.locator("#id_title_ru").fill("Всемирный день борьбы с торговлей людьми")
    page.locator("#id_lead_ru").fill("Специалисты встретились в Ташкенте.")
    # The Russian body's editor was made while its tab was hidden and works once shown.
    russian_body = editors.nth(1)
    expect(russian_body).to_be_visible()
    russian_body.click()
    page.keyboard.type("Конференция прошла в Ташкенте.")
    save_admin_form(page, "Save and continue editing", "was changed successfully")

    post.refresh_from_db()
    assert post.title_ru == "Всемирный день борьбы с торговлей людьми"
    assert "Конференция прошла в Ташкенте." in post.body_ru
    assert post.title_en != post.title_ru  # the English text is untouched


def test_the_staff_home_page_lists_the_tasks(page, demo_content, editor):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_into_admin(page, editor.username)
    tasks = page.locator("#staff-tasks")
    expect(tasks.get_by_role("heading", name="Your tasks")).to_be_visible()
    expect(tasks.get_by_role("link", name="Drafts")).to_be_visible()
    expect(tasks.get_by_role("link", name="Posts: missing Russian")).to_be_visible()
    save_screenshot(page, "admin-staff-home-1280-en.png")
    tasks.get_by_role("link", name="Posts: missing Uzbek").click()
    expect(page).to_have_url(re.compile(r"/admin/news/post/\?translation=missing-uz$"))
    expect(page.locator("#changelist-filter")).to_contain_text("missing Uzbek")
