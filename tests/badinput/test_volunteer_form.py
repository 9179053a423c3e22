"""The volunteer form given arbitrary Unicode, control characters, NUL bytes, huge values,
missing, duplicated and unknown fields and wrong types: the page answers with the form and its
messages (or the thank-you redirect), never a 500, and nothing invalid reaches the database.

The rate limits and the minimum time to fill the form are off in these tests (they would answer
most posts before validation); `test_with_the_limits_on_*` keeps them on.
"""

import time
import unicodedata
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from volunteers import abuse
from volunteers.models import (
    CITY_MAX_LENGTH,
    HEARD_ABOUT_MAX_LENGTH,
    MOTIVATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    InterestArea,
    SpokenLanguage,
    VolunteerApplication,
)

from .answers import assert_answer
from .strategies import NASTY_STRINGS, PROPERTY_SETTINGS, hostile_text

pytestmark = pytest.mark.django_db

KEEP, MISSING, FILE = "<keep>", "<missing>", "<file>"
FIELDS = [
    "full_name",
    "email",
    "phone",
    "country",
    "city",
    "languages",
    "interests",
    "availability",
    "motivation",
    "heard_about",
    "consent",
    "form_stamp",
    "referral_code",
]


def valid_data():
    return {
        "full_name": "Dilnoza Karimova",
        "email": "dilnoza@example.org",
        "phone": "+998 90 123 45 67",
        "country": "UZ",
        "city": "Bukhara",
        "languages": [str(pk) for pk in SpokenLanguage.objects.values_list("pk", flat=True)[:2]],
        "interests": [str(pk) for pk in InterestArea.objects.values_list("pk", flat=True)[:1]],
        "availability": "weekly",
        "motivation": "I would like to help young people learn how to migrate safely.",
        "heard_about": "A friend",
        "consent": "on",
        "referral_code": "",
        "form_stamp": abuse.issue_form_stamp(time.time() - 60),
    }


value_for_a_field = st.one_of(
    st.just(MISSING),
    st.just(FILE),
    hostile_text,
    st.lists(hostile_text, min_size=2, max_size=4),  # the field sent twice or more
)


@pytest.fixture
def no_limits(settings):
    settings.RATELIMIT_ENABLE = False
    settings.VOLUNTEER_FORM_MIN_SECONDS = 0


def apply(data, changes):
    for name, value in changes.items():
        if value == KEEP:
            continue
        if value == MISSING:
            data.pop(name, None)
        elif value == FILE:
            data[name] = SimpleUploadedFile("x.txt", b"\x00\xff binary", "application/x-bad")
        else:
            data[name] = value
    return data


def post(client, data, encoding):
    if encoding == "urlencoded":
        plain = {k: v for k, v in data.items() if not isinstance(v, SimpleUploadedFile)}
        return client.post(
            "/en/volunteer/",
            urlencode(plain, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
    return client.post("/en/volunteer/", data)  # multipart, as browsers send files


def has_control_characters(text, allowed=""):
    return any(unicodedata.category(char) in ("Cc", "Cs") and char not in allowed for char in text)


def assert_database_holds_only_valid_applications():
    for application in VolunteerApplication.objects.all():
        application.full_clean(exclude=["languages", "interests"])
        assert application.full_name.strip() and len(application.full_name) <= NAME_MAX_LENGTH
        assert len(application.city) <= CITY_MAX_LENGTH
        assert len(application.motivation) <= MOTIVATION_MAX_LENGTH
        assert len(application.heard_about) <= HEARD_ABOUT_MAX_LENGTH
        for text in (
            application.full_name,
            application.email,
            application.city,
            application.heard_about,
            str(application.phone),
        ):
            assert not has_control_characters(text), repr(text)
        assert not has_control_characters(application.motivation, allowed="\n\t")
        assert application.languages.exists() and application.interests.exists()
        assert application.availability in VolunteerApplication.Availability.values
        assert str(application.country) and application.consented_at


def check_answer(response):
    assert response.status_code in (200, 302, 400, 429), response.status_code
    body = assert_answer(response)
    if response.status_code == 302:
        assert response["Location"] == "/en/volunteer/thanks/"
    elif response.status_code == 200:
        # The form again, with at least one message tied to a field or the whole form.
        assert 'class="error-summary"' in body or "errorlist" in body, body[:300]
    assert_database_holds_only_valid_applications()


@PROPERTY_SETTINGS
@given(
    field=st.sampled_from(FIELDS),
    value=value_for_a_field,
    encoding=st.sampled_from(["multipart", "urlencoded"]),
)
def test_one_bad_field_at_a_time(client, no_limits, field, value, encoding):
    """Everything else valid, so the one bad value meets the validation (or is accepted)."""
    check_answer(post(client, apply(valid_data(), {field: value}), encoding))


@PROPERTY_SETTINGS
@given(
    changes=st.fixed_dictionaries(
        {name: st.one_of(st.just(KEEP), value_for_a_field) for name in FIELDS}
    ),
    extra=st.dictionaries(hostile_text.filter(bool), hostile_text, max_size=3),
    encoding=st.sampled_from(["multipart", "urlencoded"]),
)
def test_many_bad_fields_and_unknown_ones(client, no_limits, changes, extra, encoding):
    data = apply(valid_data(), changes)
    for name, value in extra.items():
        data.setdefault(name, value)
    check_answer(post(client, data, encoding))


@pytest.mark.parametrize("value", NASTY_STRINGS)
def test_every_nasty_string_in_every_text_field(client, no_limits, value):
    """The fixed list, in every text field at once and then as the only value of the lists."""
    data = valid_data()
    for name in ("full_name", "email", "phone", "city", "motivation", "heard_about", "country"):
        data[name] = value
    check_answer(post(client, data, "multipart"))
    data = valid_data()
    data.update(languages=[value], interests=[value, value], availability=value)
    check_answer(post(client, data, "urlencoded"))


def test_a_json_body_is_an_empty_form(client, no_limits):
    response = client.post("/en/volunteer/", {"full_name": ["a"]}, content_type="application/json")
    check_answer(response)
    assert response.status_code == 200 and not VolunteerApplication.objects.exists()


def test_accepted_values_are_stored_tidy(client, no_limits):
    """What does pass is normalized: NFC, single spaces, no surrounding blanks."""
    data = valid_data()
    data.update(full_name="  Oʻgʻiloy   Karimova ", city=" Qarshi  ", email=" A@Example.ORG ")
    assert post(client, data, "multipart").status_code == 302
    application = VolunteerApplication.objects.get()
    assert application.full_name == "Oʻgʻiloy Karimova" and application.city == "Qarshi"
    assert application.email == "A@example.org"


def test_with_the_limits_on_bad_input_gets_the_form_or_429_and_nothing_is_saved(client, settings):
    """Rate limit and minimum time ON: a fresh form sent at once is "too quick", and after the
    per-address limit of posts (30 here, 300 an hour by default) the answer is 429, whatever
    the input."""
    settings.VOLUNTEER_FORM_POST_RATE = "30/h"
    statuses = []
    for index in range(35):
        data = valid_data()
        data["form_stamp"] = abuse.issue_form_stamp()  # just shown: too fast for a person
        data["city"] = NASTY_STRINGS[index % len(NASTY_STRINGS)]
        response = client.post("/en/volunteer/", data)
        assert_answer(response)
        statuses.append(response.status_code)
    assert set(statuses) <= {200, 429}
    assert statuses[0] == 200 and statuses[-1] == 429
    assert not VolunteerApplication.objects.exists()
