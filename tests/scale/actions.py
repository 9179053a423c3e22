"""What people do on the site, step by step over HTTP, against whichever instance is given."""

from __future__ import annotations

import uuid

from .visitor import Page, Visitor

SIGNUP_PATH = "/en/volunteer/"


def choice_ids(database, table: str, codes: list[str]) -> list[str]:
    marks = ",".join("?" for _ in codes)
    rows = database.query(f"SELECT id FROM {table} WHERE code IN ({marks})", codes)  # noqa: S608
    return [str(row[0]) for row in rows]


def signup_data(database, email: str) -> dict:
    return {
        "full_name": "Dilnoza Karimova",
        "email": email,
        "phone": "+998 90 123 45 67",
        "country": "UZ",
        "city": "Bukhara",
        "languages": choice_ids(database, "volunteers_spokenlanguage", ["uz", "ru"]),
        "interests": choice_ids(database, "volunteers_interestarea", ["awareness", "events"]),
        "availability": "weekly",
        "motivation": "I would like to help young people learn how to migrate safely.",
        "heard_about": "A friend",
        "consent": "on",
    }


def sign_up(visitor: Visitor, form_base: str, post_base: str, data: dict, **headers) -> Page:
    """Open the form on one instance and send it to another (or the same); returns the final
    page: the thank-you page (200), the form with errors, or 429 once the rate limit trips."""
    form_page = visitor.get(form_base + SIGNUP_PATH, **headers)
    if form_page.status != 200:
        return form_page
    fields = form_page.form("volunteer")
    hidden = {
        name: values
        for name, values in fields.items()
        if name in ("csrfmiddlewaretoken", "form_stamp")
    }
    return visitor.post(post_base + SIGNUP_PATH, {**hidden, **data}, **headers)


def accepted(page: Page) -> bool:
    return page.status == 200 and "/volunteer/thanks/" in page.url


def new_email() -> str:
    return f"volunteer-{uuid.uuid4().hex[:12]}@example.org"


def log_in(
    visitor: Visitor, form_base: str, post_base: str, username: str, password: str, **headers
) -> Page:
    """The admin login form from one instance, sent to another."""
    form = visitor.get(form_base + "/admin/login/", **headers).form("login")
    form.update(username=[username], password=[password])
    return visitor.post(post_base + "/admin/login/?next=/admin/", form, **headers)
