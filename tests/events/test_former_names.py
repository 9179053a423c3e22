"""One organization under several names: each conference shows the name it had then, and the
organization's page tells its history."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from events.models import ConferenceOrganization, Organization, OrganizationName, Role

from .factories import (
    ConferenceFactory,
    FormerNameFactory,
    OrganizationFactory,
    RoleFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def commission():
    commission = OrganizationFactory(
        name_en="New Commission", name_ru="Новая комиссия", acronym_en="", slug="commission"
    )
    FormerNameFactory(
        organization=commission,
        name_en="Old Commission",
        name_ru="Старая комиссия",
        used_until=datetime.date(2022, 7, 28),
    )
    return commission


def test_name_on_a_day(commission):
    FormerNameFactory(
        organization=commission, name_en="Oldest Commission", used_until=datetime.date(2018, 1, 1)
    )
    assert commission.name_on(datetime.date(2017, 5, 1)).name == "Oldest Commission"
    assert commission.name_on(datetime.date(2022, 7, 28)).name == "Old Commission"
    assert commission.name_on(datetime.date(2022, 7, 29)) == commission


def test_conference_shows_the_name_at_that_time_linking_to_the_one_page(client, commission):
    old = ConferenceFactory(title_en="Old conference", start_date=datetime.date(2022, 7, 28))
    new = ConferenceFactory(title_en="New conference", start_date=datetime.date(2025, 7, 29))
    RoleFactory(conference=old, organization=commission)
    RoleFactory(conference=new, organization=commission)
    old_html = client.get(old.get_absolute_url()).content.decode()
    assert '<a href="/en/organizations/commission/"><span>Old Commission</span></a>' in old_html
    assert "New Commission" not in old_html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', old_html, re.S)[1])
    assert data["organizer"][0]["name"] == "Old Commission"
    new_html = client.get(new.get_absolute_url()).content.decode()
    assert '<a href="/en/organizations/commission/"><span>New Commission</span></a>' in new_html
    assert "Old Commission" not in new_html


def test_former_name_is_translated(client, commission):
    conference = ConferenceFactory(start_date=datetime.date(2022, 7, 28))
    RoleFactory(conference=conference, organization=commission)
    html = client.get("/ru" + conference.get_absolute_url()[3:]).content.decode()
    assert "<span>Старая комиссия</span>" in html


def test_speaker_affiliation_uses_the_name_at_that_time(client, commission):
    commission.acronym_en = "NC"
    commission.save()
    FormerNameFactory(
        organization=commission,
        name_en="Older name",
        acronym_en="OC",
        used_until=datetime.date(2020, 1, 1),
    )
    speaker = SpeakerFactory(
        organization=commission, conference__start_date=datetime.date(2019, 6, 1)
    )
    html = client.get(speaker.conference.get_absolute_url()).content.decode()
    assert '<a href="/en/organizations/commission/">OC</a>' in html


def test_organization_page_shows_its_history(client, commission):
    old = ConferenceFactory(title_en="Old conference", start_date=datetime.date(2022, 7, 28))
    RoleFactory(conference=old, organization=commission)
    html = client.get(commission.get_absolute_url()).content.decode()
    assert '<p class="former-names">Formerly: Old Commission (until 2022)</p>' in html
    assert "as Old Commission" in html
    ru = client.get("/ru/organizations/commission/").content.decode()
    assert "Прежнее название: Старая комиссия (до 2022 г.)" in ru


def test_organization_without_former_names_has_no_history(client):
    organization = OrganizationFactory(slug="plain")
    html = client.get(organization.get_absolute_url()).content.decode()
    assert "former-names" not in html


def demo_commission_state():
    commission = Organization.objects.get(slug="national-commission")
    roles = ConferenceOrganization.objects.filter(organization=commission).order_by(
        "conference__start_date"
    )
    return commission, [(r.conference.slug, r.role) for r in roles]


def test_demo_has_one_commission_with_its_2022_name(client):
    call_command("load_demo", stdout=io.StringIO())
    assert not Organization.objects.filter(slug="national-commission-2022").exists()
    commission, roles = demo_commission_state()
    assert roles == [
        ("conference-2022-bukhara-declaration", Role.ORGANIZER),
        ("global-challenges-combating-human-trafficking-2025", Role.ORGANIZER),
    ]
    former = commission.former_names.get()
    # The seeds' own wording: the 2022 report's name for the organizer, and the 2025 one's.
    assert former.name_en == (
        "National Commission to Combat Trafficking in Human Beings of the Republic of Uzbekistan"
    )
    assert commission.name_en == (
        "National Commission on Combating Trafficking in Persons and Forced Labor"
    )
    assert former.name_ru and former.name_uz
    html = client.get("/en/conferences/conference-2022-bukhara-declaration/").content.decode()
    assert (
        '<a href="/en/organizations/national-commission/"><span>National Commission to Combat '
        "Trafficking in Human Beings of the Republic of Uzbekistan</span></a>" in html
    )


def test_load_demo_merges_an_older_demos_two_commissions_in_place():
    call_command("load_demo", stdout=io.StringIO())
    commission, expected_roles = demo_commission_state()
    # The database as the demo left it before former names: the 2022 name as an organization
    # of its own, organizing the 2022 conference.
    OrganizationName.objects.all().delete()
    old = Organization.objects.create(
        slug="national-commission-2022",
        name_en="National Commission to Combat Trafficking in Human Beings of the Republic of "
        "Uzbekistan",
        country="UZ",
    )
    ConferenceOrganization.objects.filter(
        organization=commission, conference__slug="conference-2022-bukhara-declaration"
    ).update(organization=old)
    organizations = Organization.objects.count()
    roles = ConferenceOrganization.objects.count()

    call_command("load_demo", stdout=io.StringIO())

    assert not Organization.objects.filter(pk=old.pk).exists()
    assert Organization.objects.count() == organizations - 1
    assert ConferenceOrganization.objects.count() == roles
    assert demo_commission_state()[1] == expected_roles
    assert commission.former_names.count() == 1
    # And once more: nothing changes.
    call_command("load_demo", stdout=io.StringIO())
    assert Organization.objects.count() == organizations - 1
    assert OrganizationName.objects.count() == 1


def test_merge_does_not_double_a_role_the_organization_already_has():
    from events.demo import merge_organization

    conference = ConferenceFactory()
    old, into = OrganizationFactory(), OrganizationFactory()
    RoleFactory(conference=conference, organization=old, role=Role.ORGANIZER)
    RoleFactory(conference=conference, organization=into, role=Role.ORGANIZER)
    RoleFactory(conference=conference, organization=old, role=Role.SUPPORTER)
    speaker = SpeakerFactory(conference=conference, organization=old)
    merge_organization(old, into)
    assert not Organization.objects.filter(pk=old.pk).exists()
    speaker.refresh_from_db()
    assert speaker.organization == into
    assert sorted(
        ConferenceOrganization.objects.filter(conference=conference).values_list(
            "organization", "role"
        )
    ) == sorted([(into.pk, Role.ORGANIZER), (into.pk, Role.SUPPORTER)])
