"""What people do on the site, as steps the journeys share (a Playwright page in, nothing out).

They find things the way a person does: by label, role and visible name, not by CSS class.
"""

import re

from playwright.sync_api import expect

# The password of the `editor`, `coordinator` and `superuser` fixtures (tests/conftest.py).
PASSWORD = "correct-horse-battery"


def log_into_admin(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def show_language_in_admin(page, code: str) -> None:
    """Turn every language tab of an admin form to `code` with the switch beside the heading
    (pina.content.translation_admin)."""
    page.locator("#modeltranslation-main-switch").select_option(label=code)


def log_out_of_admin(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Logged out")).to_be_visible()


def switch_language(page, language_name: str) -> None:
    """Use the header's language switcher, e.g. switch_language(page, "Русский")."""
    page.get_by_role("navigation", name=re.compile("Language|Язык|Til")).get_by_role(
        "link", name=language_name
    ).click()


def search_site(page, words: str) -> None:
    """Type into the header's search box and press Enter."""
    box = page.get_by_role("banner").get_by_role("searchbox")
    box.fill(words)
    box.press("Enter")


def send_volunteer_form(page) -> None:
    page.get_by_role("button", name=re.compile("Send my application|Отправить")).click()


def fill_volunteer_form(page, *, full_name: str, email: str) -> None:
    """Everything the form requires, with the first option of each choice (English labels)."""
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Country", exact=True).select_option(label="Uzbekistan")
    page.get_by_label("City or town").fill("Ташкент")
    for group in ("Languages you speak", "Where would you like to help?"):
        page.get_by_role("group", name=group).get_by_role("checkbox").first.check()
    page.get_by_role("group", name="How much time could you give?").get_by_role(
        "radio"
    ).first.check()
    page.get_by_label("Why would you like to volunteer with us?").fill(
        "Хочу помогать людям, пострадавшим от торговли людьми."
    )
    page.get_by_role("checkbox", name=re.compile("processing of my")).check()


def _editor_of(editable):
    """The whole CKEditor (toolbar and editing area) around an editing area."""
    return editable.locator(
        "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ck-editor ')][1]"
    )


def write_in_ckeditor(page, editable, *, heading: str, bold: str, link_text: str, url: str):
    """Type a heading, a paragraph with bold words and a link, as an editor does with the toolbar
    and the keyboard shortcuts."""
    editor = _editor_of(editable)
    editable.click()
    editor.locator(".ck-heading-dropdown button").first.click()
    editor.get_by_role("menuitemradio", name="Heading 2").click()
    page.keyboard.type(heading)
    page.keyboard.press("Enter")
    page.keyboard.type("Read ")
    page.keyboard.press("Control+b")
    page.keyboard.type(bold)
    page.keyboard.press("Control+b")
    page.keyboard.type(" and ")
    page.keyboard.press("Control+k")
    balloon = page.locator(".ck-balloon-panel_visible")
    balloon.get_by_role("textbox", name=re.compile("URL")).fill(url)
    balloon.get_by_role("textbox", name="Displayed text").fill(link_text)
    balloon.get_by_role("textbox", name="Displayed text").press("Enter")
    expect(editable.locator("a", has_text=link_text)).to_have_attribute("href", url)
    page.keyboard.press("End")
    page.keyboard.press("Enter")


def upload_image_in_ckeditor(editable, image_path) -> None:
    """The toolbar's "Upload image" button opens a file dialog; its hidden file input is what
    the dialog fills."""
    editor = _editor_of(editable)
    editor.locator(".ck-toolbar input[type=file]").first.set_input_files(image_path)
    expect(editable.locator("img[src*='/media/']")).to_have_count(1)


def add_inline_row(page, prefix: str) -> int:
    """Click the inline group's "Add another …" link; returns the new row's number."""
    total = page.locator(f"#id_{prefix}-TOTAL_FORMS")
    number = int(total.input_value())
    page.locator(f"#{prefix}-group .add-row a").click()
    expect(total).to_have_value(str(number + 1))
    return number


def choose_in_autocomplete(page, field_id: str, text: str) -> None:
    """The admin's autocomplete (select2) box: open it, type, pick the match."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
    expect(page.locator(f"#{field_id} + .select2")).to_contain_text(text)


def save_admin_form(page, button: str, message: str) -> None:
    """Press one of the change form's save buttons and expect Django's success message.

    A refused form says why in the failure (its error note and each field's errors), and a slow
    save on a loaded machine gets the time it needs before either page counts as the answer.
    """
    page.get_by_role("button", name=button, exact=True).click()
    answer = page.locator(".messagelist, .errornote")
    expect(answer.first).to_be_visible(timeout=30_000)
    errors = page.locator(".errornote, .errorlist")
    if errors.count():
        raise AssertionError("the admin refused the form: " + " | ".join(errors.all_inner_texts()))
    expect(page.locator(".messagelist")).to_contain_text(message)
