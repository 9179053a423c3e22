"""The XSS vectors through every field an editor can fill, the search box and the volunteer
form, checked in the HTML the site sends: rich text is stored sanitized, plain text is escaped,
and the only scripts on a page are the site's own files and its JSON-LD data.
(Chromium's view of the same pages: tests/browser/test_xss.py.)"""

import json
import re
from html.parser import HTMLParser

import pytest

from events.models import Conference
from news.models import Post
from volunteers.models import PrivacyNotice, VolunteerApplication, VolunteerPage

from .answers import assert_answer
from .xss_content import PAYLOADS, addresses, plant_everything
from .xss_vectors import XSS_VECTORS

pytestmark = pytest.mark.django_db

DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "form",
    "input",
    "button",
    "base",
    "link",
    "meta",
    "template",
    "isindex",
    "animate",
    "set",
    "marquee",
    "xss",
    "noscript",
    "audio",
    "video",
    "source",
}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "#", "/")


class MarkupInspector(HTMLParser):
    """The elements and attributes of a document that could run script or load from elsewhere."""

    def __init__(self, allowed_tags=()):
        super().__init__(convert_charrefs=True)
        self.allowed_tags = set(allowed_tags)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("srcdoc", "formaction", "background"):
                self.problems.append(f"{tag} {name}=")
            linked = name in ("href", "src", "action", "xlink:href") and value
            if linked and not value.startswith(SAFE_SCHEMES) and ":" in value.split("/")[0]:
                self.problems.append(f"{tag} {name}={value[:40]}")


def dangerous_markup(html, allowed_tags=()):
    inspector = MarkupInspector(allowed_tags)
    inspector.feed(html)
    inspector.close()
    return inspector.problems


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def assert_nothing_injected(html, url):
    for payload in PAYLOADS:
        assert payload not in html, (url, payload)
    for attributes, content in SCRIPT_TAG.findall(html):
        if 'type="application/ld+json"' in attributes:
            json.loads(content)  # still valid data: nothing broke out of it
            assert "</" not in content and "<!--" not in content, url
        else:
            assert re.search(r'\bsrc="/static/', attributes), (url, attributes)
            assert not content.strip(), url
    # Nothing in the markup that runs script (the site's own <script> and <link> tags and
    # the form's own elements are the page's, checked above or harmless).
    problems = dangerous_markup(
        html,
        allowed_tags={
            "script",
            "link",
            "meta",
            "form",
            "input",
            "button",
            "svg",
            "noscript",
            "template",
        },
    )
    assert not problems, (url, problems)


@pytest.fixture
def planted(db):
    return plant_everything()


def assert_sanitized(value, vectors):
    """Nothing dangerous in the stored HTML's structure; with a single vector, also none of
    its markers (in a joined text one vector's escaped text can hold another's marker)."""
    assert not dangerous_markup(value), (dangerous_markup(value), value[:200])
    if len(vectors) == 1:
        payload, markers = vectors[0]
        for marker in markers:
            assert marker.lower() not in value.lower(), (payload, marker, value[:200])


def test_rich_text_is_stored_sanitized(planted):
    """Each post's body holds one vector; the conference reports and the volunteer and privacy
    texts hold them all at once."""
    checked = 0
    for post in Post.objects.all():
        vector = next(v for v in XSS_VECTORS if v[0] == post.lead_en)
        assert_sanitized(post.body_en, [vector])
        checked += 1
    joined = [conference.body_en for conference in Conference.objects.all()]
    page, notice = VolunteerPage.current(), PrivacyNotice.current()
    joined += [page.intro_en, page.thanks_en, notice.body_en]
    for value in joined:
        assert_sanitized(value, XSS_VECTORS)
        checked += 1
    assert checked >= len(PAYLOADS) + 6


def test_every_page_with_payloads_escapes_them(client, planted):
    urls = addresses(planted)
    assert len(urls) >= 60
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = assert_answer(response)
        assert_nothing_injected(html, url)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_echoes_the_query_escaped(client, payload):
    response = client.get("/en/search/", {"q": payload})
    html = assert_answer(response)
    assert_nothing_injected(html, payload)


def test_volunteer_form_with_errors_echoes_everything_escaped(client, settings):
    settings.RATELIMIT_ENABLE = False
    for payload in PAYLOADS:
        response = client.post(
            "/en/volunteer/",
            {
                "full_name": payload,
                "email": payload,
                "phone": payload,
                "city": payload,
                "motivation": payload,
                "heard_about": payload,
                "country": payload,
                "languages": [payload],
                "availability": payload,
            },
        )
        assert response.status_code == 200
        html = assert_answer(response)
        assert_nothing_injected(html, payload)
    assert not VolunteerApplication.objects.exists()
