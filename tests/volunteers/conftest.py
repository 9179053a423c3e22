import time

import pytest

from volunteers import abuse
from volunteers.models import InterestArea, SpokenLanguage


def stamp(seconds_ago: float = 60) -> str:
    """A form stamp as if the form had been shown `seconds_ago` seconds ago."""
    return abuse.issue_form_stamp(time.time() - seconds_ago)


@pytest.fixture
def form_data(db):
    """A complete, valid submission of the volunteer form (as the browser posts it)."""

    def build(**changes):
        data = {
            "full_name": "Dilnoza Karimova",
            "email": "dilnoza@example.org",
            "phone": "+998 90 123 45 67",
            "country": "UZ",
            "city": "Bukhara",
            "languages": [
                str(pk)
                for pk in SpokenLanguage.objects.filter(code__in=["uz", "ru"]).values_list(
                    "pk", flat=True
                )
            ],
            "interests": [
                str(pk)
                for pk in InterestArea.objects.filter(code__in=["awareness", "events"]).values_list(
                    "pk", flat=True
                )
            ],
            "availability": "weekly",
            "motivation": "I would like to help young people learn how to migrate safely.",
            "heard_about": "A friend",
            "consent": "on",
            "referral_code": "",
            "form_stamp": stamp(),
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    return build


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST the form in a language; e-mails queued after the commit are sent."""

    def post(data, language="en", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/{language}/volunteer/", data, **extra)

    return post
