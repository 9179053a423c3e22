"""Every query-string parameter of every public page, and every address with a variable part,
given arbitrary Unicode, control characters, NUL bytes, huge values, duplicated and unknown
parameters and bytes that are not UTF-8: an expected status, a page in the site's layout, never
a 500."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .answers import assert_answer
from .strategies import PROPERTY_SETTINGS, path_segment, query_string

pytestmark = pytest.mark.django_db

# name: (address builder from the content fixture, the parameters the page reads, kind)
PAGES = {
    "home": (lambda c: "/en/", ["page", "q"], "html"),
    "news list": (lambda c: "/en/news/", ["page", "category"], "html"),
    "news list in Russian": (lambda c: "/ru/news/", ["page", "category"], "html"),
    "category": (lambda c: f"/en/news/category/{c['category'].slug}/", ["page"], "html"),
    "article": (lambda c: f"/en/news/{c['post'].slug_en}/", ["page", "preview"], "html"),
    "search": (lambda c: "/en/search/", ["q", "page"], "html"),
    "search in Uzbek": (lambda c: "/uz/search/", ["q", "page"], "html"),
    "conference list": (
        lambda c: "/en/conferences/",
        ["year", "country", "organization", "page"],
        "html",
    ),
    "conference": (lambda c: f"/en/conferences/{c['conference'].slug}/", ["page"], "html"),
    "conference calendar": (
        lambda c: f"/en/conferences/{c['conference'].slug}/calendar.ics",
        ["download"],
        "ics",
    ),
    "organization": (
        lambda c: f"/en/organizations/{c['organization'].slug}/",
        ["page"],
        "html",
    ),
    "organization list": (lambda c: "/en/organizations/", ["role", "page"], "html"),
    "organization list in Russian": (lambda c: "/ru/organizations/", ["role", "page"], "html"),
    "country": (lambda c: "/en/countries/uz/", ["page"], "html"),
    "country list": (lambda c: "/en/countries/", ["page"], "html"),
    "volunteer form": (lambda c: "/en/volunteer/", ["next", "lang"], "html"),
    "thank-you page": (lambda c: "/en/volunteer/thanks/", ["next"], "html"),
    "privacy": (lambda c: "/en/privacy/", ["next"], "html"),
    "feed": (lambda c: "/en/news/feed/", ["page", "category"], "feed"),
    "sitemap": (lambda c: "/sitemap.xml", ["p", "section"], "sitemap"),
    "sitemap section": (lambda c: "/sitemap-posts.xml", ["p"], "sitemap"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_query_strings(client, content, page, data):
    address, names, kind = PAGES[page]
    # The page's own parameters, plus the other pages' ones (and any name: see query_string).
    raw = data.draw(query_string([*names, "page", "q", "category", "year", "country", "role"]))
    response = client.get(f"{address(content)}?{raw}")
    assert_answer(response, kind)


# Addresses whose variable part is typed by visitors (or mangled by mail programs).
ADDRESSES = {
    "article slug": "/en/news/{}/",
    "category slug": "/en/news/category/{}/",
    "preview token": "/en/news/preview/{}/",
    "conference slug": "/en/conferences/{}/",
    "conference calendar": "/en/conferences/{}/calendar.ics",
    "organization slug": "/en/organizations/{}/",
    "country code": "/en/countries/{}/",
    "confirmation token": "/en/volunteer/confirm/{}/",
    "withdrawal token": "/en/volunteer/withdraw/{}/",
}


@pytest.mark.parametrize("name", sorted(ADDRESSES))
@PROPERTY_SETTINGS
@given(segment=path_segment)
def test_addresses_with_garbage(client, content, name, segment):
    response = client.get(ADDRESSES[name].format(segment))
    assert_answer(response, "ics" if name == "conference calendar" else "html")


@PROPERTY_SETTINGS
@given(segment=path_segment)
def test_posting_garbage_tokens_changes_nothing(client, content, segment):
    from tests.volunteers.factories import VolunteerApplicationFactory
    from volunteers.models import VolunteerApplication

    application = VolunteerApplicationFactory()
    for url in (
        f"/en/volunteer/withdraw/{segment}/",
        f"/en/volunteer/confirm/{segment}/new-link/",
    ):
        response = client.post(url, {"token": segment})
        assert_answer(response)
    application.refresh_from_db()
    assert not application.is_anonymized and not application.is_email_confirmed
    assert VolunteerApplication.objects.filter(anonymized_at__isnull=False).count() == 0
