"""The public page types every standard is checked on (test_pages.py) and photographed for the
README (test_screenshots.py).

To add a page type, append a PublicPage. Its `path` is called after the demo content is loaded,
with the page's language active, so it can reverse a URL or ask the demo content for an object.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation

# Every page type is checked in these languages (Russian: Cyrillic, longer words), and a page
# type in the languages its `languages` names.
LANGUAGES = ("en", "ru")
ALL_LANGUAGES = ("en", "ru", "uz")
# Screenshots for the README: one language, a phone and a desktop width.
SCREENSHOT_LANGUAGE = "en"
SCREENSHOT_WIDTHS = (375, 1280)


@dataclass(frozen=True)
class PublicPage:
    name: str  # also the screenshot's file name: docs/screenshots/<name>-<width>.png
    path: Callable[[], str]
    status: int = 200
    # What the visitor does before the page is in the state to check (e.g. submit a form).
    prepare: Callable | None = None
    # Compressed HTML + CSS + JS; and, where set, everything including images.
    code_budget_kb: float = 60
    total_budget_kb: float | None = None
    # The languages it is checked in: LANGUAGES, or all three where Uzbek must be checked too.
    # Uzbek too where a page shows country names or counted phrases (its own plural rules).
    languages: tuple[str, ...] = LANGUAGES

    def path_in(self, language: str) -> str:
        with translation.override(language):
            return self.path()


def submit_form_empty(page):
    """Send the page's main form with nothing filled in, to see its errors."""
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state("load")


def _article():
    from news.models import Post

    # One linked to its conference, so the article shows that link too.
    posts = Post.objects.published().newest_first()
    return (posts.filter(conference__isnull=False).first() or posts.first()).get_absolute_url()


def _conference():
    from events.models import Conference

    return Conference.objects.published().order_by("-start_date").first().get_absolute_url()


def _organization():
    from events.models import Organization

    return (
        Organization.objects.filter(roles__isnull=False).order_by("pk").first().get_absolute_url()
    )


PUBLIC_PAGES = [
    PublicPage("home", lambda: reverse("home"), total_budget_kb=250),
    PublicPage("news-list", lambda: reverse("news:list")),
    PublicPage("article", _article),
    PublicPage("conference-list", lambda: reverse("events:conference_list")),
    PublicPage("conference", _conference),
    PublicPage("organization", _organization),
    PublicPage("country", lambda: reverse("events:country_detail", args=["uz"])),
    # People at risk read it in any of the three languages: each is checked.
    PublicPage("help", lambda: reverse("events:help"), languages=ALL_LANGUAGES),
    PublicPage(
        "help-country",
        lambda: reverse("events:help_country", args=["uz"]),
        languages=ALL_LANGUAGES,
    ),
    PublicPage(
        "organizations", lambda: reverse("events:organization_list"), languages=ALL_LANGUAGES
    ),
    PublicPage("countries", lambda: reverse("events:country_list"), languages=ALL_LANGUAGES),
    PublicPage("search", lambda: reverse("search") + "?q=trafficking"),
    PublicPage(
        "volunteer-form-errors", lambda: reverse("volunteers:signup"), prepare=submit_form_empty
    ),
    PublicPage("thank-you", lambda: reverse("volunteers:thanks")),
    PublicPage("privacy", lambda: reverse("privacy")),
    PublicPage("not-found", lambda: reverse("home") + "no-such-page/", status=404),
]


def page_params():
    """pytest parameters (page, language) with readable ids such as home-en."""
    return [
        pytest.param(page, language, id=f"{page.name}-{language}")
        for page in PUBLIC_PAGES
        for language in page.languages
    ]
