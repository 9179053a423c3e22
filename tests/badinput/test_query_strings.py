"""Every query-string parameter of every public page, and every address with a variable part,
given arbitrary Unicode, control characters, NUL bytes, huge values, duplicated and unknown
parameters and bytes that are not UTF-8: an expected status, a page in the site's layout, never
a 500. The pages and the parameters they read come from the URLconf and the views' own
declarations (discovery.py), each declaration checked against what the view reads.

How many inputs, per database: `FUZZ_INPUTS` (strategies.py, hypothesis: 1,000) and
`BULK_INPUTS` (corpus.py, a fixed-seed corpus: 20,000)."""

import math
from urllib.parse import urlencode

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from . import corpus
from .answers import assert_answer
from .corpus import BULK_INPUTS
from .discovery import ARGUMENTS, LANGUAGES, SAMPLE_VALUES, public_pages
from .strategies import FUZZ_INPUTS, PROPERTY_SETTINGS, path_segment, query_string

pytestmark = pytest.mark.django_db

PAGES = {page.name: page for page in public_pages()}
# Names other pages read, and Django's own: a page must ignore what it does not read.
OTHER_NAMES = sorted({name for page in PAGES.values() for name in page.parameters or ()})
QUERY_EXAMPLES = math.ceil(FUZZ_INPUTS / len(PAGES))


def test_every_public_page_is_discovered_and_declares_its_parameters():
    """The URLconf's public pages (the list is not written by hand), each view declaring what it
    reads from the query string, and arguments known for every address with variable parts."""
    assert {"home", "news:list", "events:conference_list", "search", "volunteers:signup"} <= set(
        PAGES
    )
    assert not any(name.startswith("admin:") for name in PAGES)
    undeclared = [name for name, page in PAGES.items() if page.parameters is None]
    assert not undeclared, f"declare query_parameters on these views: {undeclared}"
    missing = [name for name, page in PAGES.items() if page.kwargs and name not in ARGUMENTS]
    assert not missing, f"add these to discovery.ARGUMENTS: {missing}"


class RecordingQueryDict(QueryDict):
    """A request's GET that notes every name a view looks up."""

    def __init__(self, *args, read, **kwargs):
        self.read = set()  # what building the dictionary looks up is not the view's doing
        super().__init__(*args, **kwargs)
        self.read = read

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)


@pytest.fixture
def names_read(monkeypatch):
    read = set()

    def recording_get(request):
        if "_recording_get" not in request.__dict__:
            query = request.META.get("QUERY_STRING", "")
            request.__dict__["_recording_get"] = RecordingQueryDict(query, read=read)
        return request.__dict__["_recording_get"]

    monkeypatch.setattr(WSGIRequest, "GET", property(recording_get), raising=True)
    return read


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_declared_parameters_are_what_the_view_reads(client, content, names_read, name):
    """Every name sent, declared or not: the view reads exactly the ones it declares (the page
    cache keys on them, the fuzzing below tries them)."""
    page = PAGES[name]
    sent = sorted({*OTHER_NAMES, "utm_source", "lang", "next"})
    query = urlencode([(key, SAMPLE_VALUES.get(key, lambda c: "1")(content)) for key in sent])
    client.get(f"{page.address(content)}?{query}")
    assert names_read <= set(page.parameters), names_read - set(page.parameters)
    assert set(page.parameters) <= names_read, set(page.parameters) - names_read


@pytest.mark.parametrize("name", sorted(PAGES))
@settings(PROPERTY_SETTINGS, max_examples=QUERY_EXAMPLES)
@given(data=st.data())
def test_query_strings(client, content, name, data):
    page = PAGES[name]
    # The page's own parameters first, then the other pages' ones (and any name: query_string).
    raw = data.draw(query_string([*(page.parameters or ()), *OTHER_NAMES]))
    language = data.draw(st.sampled_from(LANGUAGES))
    response = client.get(f"{page.address(content, language)}?{raw}")
    assert_answer(response, page.kind, allow_405=not page.answers_get)


WITH_VARIABLE_PARTS = sorted((name, part) for name, page in PAGES.items() for part in page.kwargs)


@pytest.mark.parametrize(("name", "part"), WITH_VARIABLE_PARTS)
@PROPERTY_SETTINGS
@given(segment=path_segment)
def test_addresses_with_garbage(client, content, name, part, segment):
    page = PAGES[name]
    response = client.get(page.address(content, **{part: segment}))
    assert_answer(response, page.kind, allow_405=not page.answers_get)


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


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_bulk_of_hostile_query_strings(client, content, name):
    """The corpus's breadth (corpus.BULK_INPUTS across all pages, per database): every answer
    expected, in the site's layout, with nothing leaked."""
    page = PAGES[name]
    count = math.ceil(BULK_INPUTS / len(PAGES))
    names = [*(page.parameters or ()), *OTHER_NAMES]
    for number, raw in enumerate(corpus.query_strings(names, count, seed=name)):
        language = LANGUAGES[number % len(LANGUAGES)]
        response = client.get(f"{page.address(content, language)}?{raw}")
        try:
            assert_answer(response, page.kind, allow_405=not page.answers_get)
        except AssertionError as error:
            raise AssertionError(
                f"{page.address(content, language)}?{raw[:300]}: {error}"
            ) from None
