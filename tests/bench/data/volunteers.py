"""The volunteers app's part of `make bench` (tests/bench/plugins.py): 200,000 applications, the
form (GET and valid POSTs) and the coordinators' admin list; models are looked up by name when
this runs, so without volunteers.VolunteerApplication it registers nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from tests.bench.plugins import Changelist, Dataset, Page, batched
from tests.bench.text import TextMaker
from volunteers.abuse import HONEYPOT_FIELD

APPLICATIONS = 200_000
COUNTRIES = ["UZ", "UZ", "UZ", "KZ", "KG", "TJ", "TM", "RU", "DE", "US"]
CITIES = ["Tashkent", "Samarkand", "Almaty", "Bishkek", "Dushanbe", "Ashgabat", "Nukus"]


def _model(name):
    try:
        return apps.get_model("volunteers", name)
    except LookupError:
        return None


def build_applications(size: int, log) -> None:
    """`size` applications over five years, each with one to three languages and interests."""
    Application = _model("VolunteerApplication")
    languages = list(_model("SpokenLanguage").objects.values_list("pk", flat=True))
    interests = list(_model("InterestArea").objects.values_list("pk", flat=True))
    LanguageLink = Application.languages.through
    InterestLink = Application.interests.through
    text = TextMaker(seed=23)
    rnd = text.random
    now = timezone.now()
    span = timedelta(days=5 * 365)
    statuses = [choice for choice, _label in Application.Status.choices]
    availabilities = [choice for choice, _label in Application.Availability.choices]

    def applications():
        for number in range(size):
            submitted = now - span * (1 - number / size)
            email = f"volunteer{number}@example.org"
            yield Application(
                full_name=f"Volunteer {number}",
                email=email,
                email_key=email,
                country=COUNTRIES[number % len(COUNTRIES)],
                city=CITIES[number % len(CITIES)],
                availability=availabilities[number % len(availabilities)],
                motivation=text.sentences_text("en", rnd.randint(1, 4)),
                language=("en", "ru", "uz")[number % 3],
                consented_at=submitted,
                submitted_at=submitted,
                status_changed_at=submitted,
                status=statuses[0] if number % 3 else rnd.choice(statuses),
                email_confirmed_at=submitted if number % 4 else None,
            )

    inserted = 0
    for batch in batched(applications(), 2000):
        created = Application.objects.bulk_create(batch)
        LanguageLink.objects.bulk_create(
            LanguageLink(volunteerapplication_id=app.pk, spokenlanguage_id=pk)
            for app in created
            for pk in rnd.sample(languages, rnd.randint(1, min(3, len(languages))))
        )
        InterestLink.objects.bulk_create(
            InterestLink(volunteerapplication_id=app.pk, interestarea_id=pk)
            for app in created
            for pk in rnd.sample(interests, rnd.randint(1, min(3, len(interests))))
        )
        inserted += len(created)
        if inserted % 50_000 == 0:
            log(f"  {inserted:,} volunteer applications")


def signup_path() -> str:
    with translation.override("en"):
        return reverse("volunteers:signup")


def signup_form() -> dict:
    """A valid application; `{n}` makes every submission a new person."""
    languages = list(_model("SpokenLanguage").objects.filter(is_active=True)[:2])
    interests = list(_model("InterestArea").objects.filter(is_active=True)[:2])
    return {
        "full_name": "Bench Volunteer",  # names take letters only; the address is unique
        "email": "bench-{n}@example.org",
        "phone": "",
        "country": "UZ",
        "city": "Tashkent",
        "languages": [str(item.pk) for item in languages],
        "interests": [str(item.pk) for item in interests],
        "availability": "weekly",
        "motivation": "I would like to help with awareness campaigns in my town.",
        "heard_about": "",
        "consent": "on",
        HONEYPOT_FIELD: "",  # the honeypot stays empty, as people leave it
    }


def submitted_rows(marker: str) -> tuple[int, int]:
    """(rows, distinct addresses) stored by the bench's submissions carrying `marker`."""
    from django.db.models import Count

    stored = _model("VolunteerApplication").objects.filter(email_key__contains=marker)
    return tuple(
        stored.aggregate(rows=Count("pk"), distinct=Count("email_key", distinct=True)).values()
    )


if _model("VolunteerApplication") is not None:
    DATASETS = [
        Dataset(
            "volunteer applications",
            "volunteers.VolunteerApplication",
            APPLICATIONS,
            build_applications,
        )
    ]
    PAGES = [
        Page("volunteer form", signup_path),
        Page(
            "volunteer sign-up (POST)",
            signup_path,
            method="POST",
            form=signup_form,
            rows=submitted_rows,
        ),
    ]
    CHANGELISTS = [
        Changelist(
            "volunteer applications",
            "/admin/volunteers/volunteerapplication/",
            "volunteers.VolunteerApplication",
        )
    ]
