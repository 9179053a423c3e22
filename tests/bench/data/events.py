"""The events app's part of `make bench` (tests/bench/plugins.py): 2,000 conferences, each with
20 speakers, 10 quotes, 5 organizations and 5 countries, and their pages; models are looked up
by name when this runs, so without events.Conference it registers nothing.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from tests.bench.plugins import Changelist, Dataset, Page, batched, bulk_insert
from tests.bench.text import TextMaker

CONFERENCES = 2_000
SPEAKERS, QUOTES, ORGANIZATIONS, SESSIONS = 20, 10, 5, 4
PEOPLE, ORGANIZATION_POOL = 6_000, 300
COUNTRIES = ["UZ", "KZ", "KG", "TJ", "TM", "AF", "RU", "TR", "DE", "US"]
CITIES = ["Tashkent", "Samarkand", "Bukhara", "Almaty", "Astana", "Bishkek", "Dushanbe"]


def _model(name):
    try:
        return apps.get_model("events", name)
    except LookupError:
        return None


def build_conferences(size: int, log) -> None:
    Conference, Organization, Person = (_model(n) for n in ("Conference", "Organization", "Person"))
    Speaker, Quote, Session = (_model(n) for n in ("Speaker", "Quote", "Session"))
    Role = _model("ConferenceOrganization")
    text = TextMaker(seed=31)
    rnd = text.random
    roles = [choice for choice, _label in Role._meta.get_field("role").choices]

    if Organization.objects.count() < ORGANIZATION_POOL:
        bulk_insert(
            Organization,
            (
                Organization(
                    name_en=f"{text.title('en')} {number}",
                    name_ru=f"{text.title('ru')} {number}",
                    acronym_en=f"ORG{number}",
                    slug=f"bench-organization-{number}",
                    country=COUNTRIES[number % len(COUNTRIES)],
                    description_en=text.sentences_text("en", 2),
                )
                for number in range(ORGANIZATION_POOL)
            ),
        )
    if Person.objects.count() < PEOPLE:
        bulk_insert(
            Person,
            (
                Person(full_name_en=f"Speaker {number}", bio_en=text.sentences_text("en", 2))
                for number in range(PEOPLE)
            ),
        )
    organizations = list(Organization.objects.values_list("pk", flat=True))
    people = list(Person.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    first = today - timedelta(days=20 * 365)

    def conferences():
        for number in range(size):
            start = first + timedelta(days=int((today - first).days * 1.05 * number / size))
            countries = rnd.sample(COUNTRIES, 5)
            yield Conference(
                title_en=f"{text.title('en')} {start.year}",
                title_ru=f"{text.title('ru')} {start.year}" if number % 2 == 0 else None,
                slug=f"bench-conference-{number}",
                start_date=start,
                end_date=start + timedelta(days=number % 3),
                city_en=CITIES[number % len(CITIES)],
                host_country=countries[0],
                participating_countries=countries[1:],
                participants_count=50 + number % 200,
                lead_en=text.sentences_text("en", 2),
                body_en=text.html("en", rnd.randint(4, 10)),
                body_ru=text.html("ru", rnd.randint(4, 10)) if number % 2 == 0 else None,
                is_published=number % 25 != 24,
                published_at=timezone.now() - timedelta(days=1),
            )

    done = 0
    for batch in batched(conferences(), 200):
        created = Conference.objects.bulk_create(batch)
        speakers = []
        for conference in created:
            for order, person in enumerate(rnd.sample(people, SPEAKERS)):
                speakers.append(
                    Speaker(
                        conference_id=conference.pk,
                        person_id=person,
                        rank_en="Dr." if order % 5 == 0 else "",
                        position_en=text.title("en"),
                        organization_id=rnd.choice(organizations),
                        country=rnd.choice(COUNTRIES),
                        order=order,
                    )
                )
        speakers = Speaker.objects.bulk_create(speakers)
        by_conference = {}
        for speaker in speakers:
            by_conference.setdefault(speaker.conference_id, []).append(speaker.pk)
        Quote.objects.bulk_create(
            Quote(
                conference_id=conference.pk,
                speaker_id=rnd.choice(by_conference[conference.pk]),
                text_en=text.sentences_text("en", rnd.randint(2, 5)),
                is_featured=order == 0 and conference.pk % 50 == 0,
                order=order,
            )
            for conference in created
            for order in range(QUOTES)
        )
        Role.objects.bulk_create(
            Role(
                conference_id=conference.pk,
                organization_id=organization,
                role=roles[order % len(roles)],
                order=order,
            )
            for conference in created
            for order, organization in enumerate(rnd.sample(organizations, ORGANIZATIONS))
        )
        Session.objects.bulk_create(
            Session(
                conference_id=conference.pk,
                title_en=text.title("en"),
                description_en=text.sentences_text("en", 2),
                date=conference.start_date,
                start_time=time(9 + order * 2),
                end_time=time(10 + order * 2, 30),
                order=order,
            )
            for conference in created
            for order in range(SESSIONS)
        )
        done += len(created)
        if done % 500 == 0:
            log(f"  {done:,} conferences")


def conference_list_path() -> str:
    with translation.override("en"):
        return reverse("events:conference_list")


def conference_detail_path() -> str:
    """A published conference from the middle of the archive."""
    published = _model("Conference").objects.published().order_by("pk")
    conference = published[published.count() // 2]
    with translation.override("en"):
        return conference.get_absolute_url()


if _model("Conference") is not None:
    DATASETS = [Dataset("conferences", "events.Conference", CONFERENCES, build_conferences)]
    PAGES = [
        Page("conference list", conference_list_path),
        Page("conference detail", conference_detail_path),
    ]
    CHANGELISTS = [Changelist("conferences", "/admin/events/conference/", "events.Conference")]
