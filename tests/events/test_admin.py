import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Conference, ConferenceOrganization, Helpline, Quote, Role
from pina.security.groups import EDITORS

from .factories import (
    ConferenceFactory,
    HelplineFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

INLINES = ["roles", "speakers", "quotes", "sessions", "documents"]


def conference_form(**fields):
    data = {
        "title_en": "Regional conference",
        "title_ru": "",
        "title_uz": "",
        "slug": "",
        "lead_en": "",
        "start_date": "2025-07-29",
        "end_date": "",
        "city_en": "Tashkent",
        "host_country": "UZ",
        "time_zone": "Asia/Tashkent",
        "participants_count": "",
        "published_at_0": "2025-07-29",
        "published_at_1": "19:50:00",
    }
    for prefix in INLINES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


def add_rows(data, prefix, rows):
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def test_editors_group_has_every_events_permission():
    group = Group.objects.get(name=EDITORS)
    codenames = set(
        group.permissions.filter(content_type__app_label="events").values_list(
            "codename", flat=True
        )
    )
    for model in (
        "conference",
        "organization",
        "conferenceorganization",
        "person",
        "speaker",
        "quote",
        "session",
        "conferencedocument",
    ):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in codenames


def test_editor_can_open_every_events_admin_page(client, editor):
    conference = ConferenceFactory()
    organization = OrganizationFactory()
    person = PersonFactory()
    RoleFactory(conference=conference, organization=organization)
    SpeakerFactory(conference=conference, person=person)
    client.force_login(editor)
    for url in (
        "/admin/events/conference/",
        "/admin/events/conference/add/",
        f"/admin/events/conference/{conference.pk}/change/",
        "/admin/events/conference/?year=2022&host_country=UZ",
        f"/admin/events/conference/?roles__organization__id__exact={organization.pk}",
        "/admin/events/conference/?q=Tashkent",
        "/admin/events/organization/",
        f"/admin/events/organization/{organization.pk}/change/",
        "/admin/events/person/",
        f"/admin/events/person/{person.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(f"/admin/events/organization/{organization.pk}/change/").content.decode()
    assert conference.title in html  # the organization's conferences are listed


def test_admin_autocomplete_for_organizations_and_people(client, editor):
    OrganizationFactory(name_en="International Organization for Migration", acronym_en="IOM")
    PersonFactory(full_name_en="Andrew Gray")
    client.force_login(editor)
    base = "/admin/autocomplete/?app_label=events&model_name={}&field_name={}&term={}"
    response = client.get(base.format("conferenceorganization", "organization", "IOM"))
    assert response.status_code == 200
    assert "International Organization for Migration" in response.content.decode()
    response = client.get(base.format("speaker", "person", "gray"))
    assert "Andrew Gray" in response.content.decode()


def test_add_conference_with_inlines(client, editor):
    iom = OrganizationFactory(acronym_en="IOM")
    person = PersonFactory(full_name_en="Andrew Gray")
    client.force_login(editor)
    data = conference_form(participating_countries=["KZ", "KG"])
    add_rows(data, "roles", [{"organization": iom.pk, "role": Role.CO_ORGANIZER, "order": "1"}])
    add_rows(
        data, "speakers", [{"person": person.pk, "position_en": "Head of Office", "order": "1"}]
    )
    add_rows(data, "sessions", [{"title_en": "Opening", "order": "1", "start_time": "10:00"}])
    response = client.post("/admin/events/conference/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    conference = Conference.objects.get()
    assert conference.slug == "regional-conference-2025"
    assert conference.end_date == datetime.date(2025, 7, 29)
    assert [c.code for c in conference.participating_countries] == ["KG", "KZ"]
    assert conference.roles.get().organization == iom
    assert conference.speakers.get().position == "Head of Office"


def test_admin_end_before_start_message(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/events/conference/add/",
        conference_form(start_date="2025-07-29", end_date="2025-07-20"),
    )
    assert response.status_code == 200
    assert "The end date (2025-07-20) is before the start date (2025-07-29)" in (
        response.content.decode()
    )
    assert not Conference.objects.exists()


def test_admin_duplicate_role_message(client, editor):
    unodc = OrganizationFactory(
        name_en="United Nations Office on Drugs and Crime", acronym_en="UNODC"
    )
    client.force_login(editor)
    data = conference_form()
    add_rows(
        data,
        "roles",
        [
            {"organization": unodc.pk, "role": Role.SUPPORTER, "order": "1"},
            {"organization": unodc.pk, "role": Role.SUPPORTER, "order": "2"},
        ],
    )
    response = client.post("/admin/events/conference/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "United Nations Office on Drugs and Crime (UNODC) is listed twice as" in html
    assert "Remove one of the two rows" in html
    assert not ConferenceOrganization.objects.exists()


def test_admin_quote_by_someone_who_is_not_a_speaker(client, editor):
    conference = ConferenceFactory()
    outsider = SpeakerFactory(person=PersonFactory(full_name_en="Somebody Else"))
    client.force_login(editor)
    data = conference_form(title_en=conference.title, slug=conference.slug)
    add_rows(
        data,
        "quotes",
        [{"speaker": outsider.pk, "text_en": "Words", "order": "1"}],
    )
    response = client.post(f"/admin/events/conference/{conference.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose one of this conference&#x27;s speakers" in html
    assert not Quote.objects.exists()


def test_admin_only_one_featured_quote_per_conference(client, editor):
    conference = ConferenceFactory()
    speaker = SpeakerFactory(conference=conference)
    client.force_login(editor)
    data = conference_form(title_en=conference.title, slug=conference.slug)
    add_rows(
        data,
        "quotes",
        [
            {"speaker": speaker.pk, "text_en": "One", "is_featured": "on", "order": "1"},
            {"speaker": speaker.pk, "text_en": "Two", "is_featured": "on", "order": "2"},
        ],
    )
    response = client.post(f"/admin/events/conference/{conference.pk}/change/", data)
    assert response.status_code == 200
    assert "Only one quote of a conference can be featured" in response.content.decode()


def test_admin_refuses_a_non_pdf_document(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    data = conference_form()
    add_rows(
        data,
        "documents",
        [
            {
                "title_en": "Declaration",
                "order": "1",
                "file": SimpleUploadedFile("declaration.pdf", b"PK\x03\x04 not a pdf"),
            }
        ],
    )
    response = client.post("/admin/events/conference/add/", data)
    assert response.status_code == 200
    assert "This file is not a PDF document" in response.content.decode()


def test_view_on_site_link(client, editor):
    conference = ConferenceFactory()
    client.force_login(editor)
    html = client.get(f"/admin/events/conference/{conference.pk}/change/").content.decode()
    assert "View on site" in html


def test_change_lists_show_country_names_and_sort_by_them(client, editor):
    ConferenceFactory(title_en="Tashkent meeting", host_country="UZ")
    ConferenceFactory(title_en="Online meeting", host_country="")
    OrganizationFactory(name_en="Shelter network", country="KG")
    client.force_login(editor)
    conferences = client.get("/admin/events/conference/").content.decode()
    assert '<td class="field-host_country_name">Uzbekistan</td>' in conferences
    assert '<td class="field-host_country_name">-</td>' in conferences  # no host country
    organizations = client.get("/admin/events/organization/").content.decode()
    assert '<td class="field-country_name">Kyrgyzstan</td>' in organizations
    # Sortable by the stored code, as the field itself was.
    assert client.get("/admin/events/conference/?o=5").status_code == 200
    russian = client.get("/admin/events/organization/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Кыргызстан" in russian.content.decode() and "Киргизия" not in russian.content.decode()


def test_country_filters_name_each_country_once(client, editor):
    """Central Asia's countries come first in every country list and again in alphabetical
    order (COUNTRIES_FIRST_REPEAT): the admin's filters name each once, with no separator."""
    ConferenceFactory(host_country="UZ")
    ConferenceFactory(host_country="KZ")
    ConferenceFactory(host_country="")
    OrganizationFactory(country="UZ")
    client.force_login(editor)
    for path in ("/admin/events/conference/", "/admin/events/organization/"):
        for language, name in (("en", "Uzbekistan"), ("ru", "Узбекистан"), ("uz", "Oʻzbekiston")):
            html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            links = re.findall(r'<a href="\?(?:host_)?country=([A-Z]*)"[^>]*>([^<]*)</a>', html)
            assert links.count(("UZ", name)) == 1, (path, language, links)
            assert ("", "──────────") not in links
    html = client.get("/admin/events/conference/").content.decode()
    assert re.findall(r'\?host_country=([A-Z]+)"', html) == ["UZ", "KZ"]  # Central Asia's order


def test_conference_list_filters_by_organizations_with_a_role_in_the_admins_language(
    client, editor, django_assert_max_num_queries
):
    unodc = OrganizationFactory(
        name_en="United Nations Office on Drugs and Crime",
        name_ru="Управление ООН по наркотикам и преступности",
        acronym_en="UNODC",
        acronym_ru="УНП ООН",
    )
    same = OrganizationFactory(name_en="Istiqbolli Avlod", acronym_en="Istiqbolli Avlod")
    OrganizationFactory(name_en="No conference yet")
    first = RoleFactory(organization=unodc).conference
    RoleFactory(organization=same)
    client.force_login(editor)
    client.get("/admin/events/conference/")
    with django_assert_max_num_queries(16) as few:
        html = client.get("/admin/events/conference/").content.decode()
    queries = len(few)  # counted now: the next request resets Django's query log
    assert "United Nations Office on Drugs and Crime (UNODC)" in html
    assert "Istiqbolli Avlod (" not in html  # an acronym equal to the name is not repeated
    assert "No conference yet" not in html  # only organizations with a role are offered
    russian = client.get("/admin/events/conference/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Управление ООН по наркотикам и преступности (УНП ООН)" in russian
    # Twenty more organizations with roles: the same queries, one row each in the filter.
    for _ in range(20):
        RoleFactory()
    with django_assert_max_num_queries(queries):
        html = client.get("/admin/events/conference/").content.decode()
    assert html.count("roles__organization__id__exact=") == 22
    chosen = client.get(f"/admin/events/conference/?roles__organization__id__exact={unodc.pk}")
    assert [c.pk for c in chosen.context["cl"].result_list] == [first.pk]


def test_conference_list_pages_by_fifty_and_reads_no_report(client, editor):
    for _ in range(51):
        ConferenceFactory(body_en=f"<p>{'A long report. ' * 100}</p>")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/events/conference/")
    assert response.content.decode().count('class="action-select"') == 50
    rows = next(q["sql"] for q in queries.captured_queries if '"title_en"' in q["sql"])
    # Not read as a column; the translations column only compares them in the database.
    assert not re.search(r'"body(_en|_ru|_uz)?"\s*(,|FROM)', rows)
    assert client.get("/admin/events/conference/?p=2").context["cl"].result_count == 51


# --- Helplines -------------------------------------------------------------------------------


def helpline_form(**fields):
    data = {
        "name_en": "Test helpline",
        "name_ru": "",
        "name_uz": "",
        "organization": "",
        "country": "UZ",
        "phone": "+000 11 222-33-44",
        "telegram": "",
        "whatsapp": "",
        "email": "",
        "website": "",
        "hours_en": "",
        "languages_en": "",
        "what_happens_en": "",
        "checked_on": "2024-12-01",
        "is_published": "on",
        "order": "0",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@time_machine.travel(datetime.datetime(2024, 12, 3, 6, 0, tzinfo=datetime.UTC), tick=False)
def test_helplines_not_checked_for_six_months_are_flagged(client, editor):
    HelplineFactory(name_en="Checked recently", checked_on=datetime.date(2024, 11, 1))
    HelplineFactory(name_en="Checked long ago", checked_on=datetime.date(2024, 5, 1))
    HelplineFactory(name_en="Never checked", checked_on=None, is_published=False)
    client.force_login(editor)
    due = client.get("/admin/events/helpline/?needs_checking=yes").content.decode()
    assert "Checked long ago" in due and "Never checked" in due
    assert "Checked recently" not in due
    fine = client.get("/admin/events/helpline/?needs_checking=no").content.decode()
    assert "Checked recently" in fine
    assert "Checked long ago" not in fine and "Never checked" not in fine
    listed = client.get("/admin/events/helpline/").content.decode()
    flags = re.findall(r'class="field-needs_checking_column"><img [^>]*alt="(\w+)"', listed)
    assert sorted(flags) == ["False", "True", "True"]
    assert "Uzbekistan" in listed  # the country column


@time_machine.travel(datetime.datetime(2024, 12, 3, 6, 0, tzinfo=datetime.UTC), tick=False)
def test_the_checked_date_records_who_checked(client, editor):
    client.force_login(editor)
    form = client.get("/admin/events/helpline/add/").content.decode()
    assert "confirmed with the service itself" in form  # how to add a country's numbers
    response = client.post("/admin/events/helpline/add/", helpline_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    helpline = Helpline.objects.get()
    assert helpline.checked_by == editor
    assert helpline.checked_on == datetime.date(2024, 12, 1)


def test_the_admin_refuses_to_publish_an_unchecked_number(client, editor):
    client.force_login(editor)
    response = client.post("/admin/events/helpline/add/", helpline_form(checked_on=""))
    assert response.status_code == 200
    assert "before publishing it" in response.content.decode()
    assert not Helpline.objects.exists()
