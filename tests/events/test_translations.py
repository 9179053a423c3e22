import datetime

import pytest
from django.core.management import call_command

from events.models import Conference, Role

from .factories import ConferenceFactory, OrganizationFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    conference = ConferenceFactory(
        title_en="International conference",
        title_ru="Международная конференция",
        title_uz="Xalqaro konferensiya",
        city_en="Tashkent",
        city_ru="Ташкент",
        city_uz="Toshkent",
        start_date=datetime.date(2025, 7, 29),
        participants_count=110,
        participants_count_is_minimum=True,
        participating_countries=["KZ", "KG", "TJ", "TM"],
    )
    RoleFactory(
        conference=conference,
        organization=OrganizationFactory(
            name_en="International Organization for Migration",
            name_ru="Международная организация по миграции",
            acronym_en="IOM",
            acronym_ru="МОМ",
        ),
        role=Role.CO_ORGANIZER,
    )
    return conference


def test_russian_conference_page(client, conference):
    html = client.get(f"/ru/conferences/{conference.slug}/").content.decode()
    assert '<h1 id="conference-title">Международная конференция</h1>' in html
    assert "29 июля 2025\u202fг." in html
    assert "более 110 участников" in html
    assert "В сотрудничестве с" in html
    assert "Международная организация по миграции (МОМ)" in html
    assert "Страны-участницы" in html
    for name in ("Казахстан", "Кыргызстан", "Таджикистан", "Туркменистан"):
        assert name in html
    assert "Добавить в календарь (.ics)" in html


def test_uzbek_conference_page(client, conference):
    html = client.get(f"/uz/conferences/{conference.slug}/").content.decode()
    assert "Xalqaro konferensiya" in html
    assert "Toshkent" in html
    assert "Qozogʻiston" in html
    assert "Ishtirokchi davlatlar" in html
    assert "110 dan ortiq ishtirokchi" in html
    # No Uzbek name for the organization: English is shown instead.
    assert "International Organization for Migration (IOM)" in html


def test_untranslated_fields_fall_back_to_english(client):
    conference = ConferenceFactory(title_en="Only in English", title_ru="", lead_en="English lead")
    html = client.get(f"/ru/conferences/{conference.slug}/").content.decode()
    assert "Only in English" in html
    assert "English lead" in html


def test_list_filters_in_russian(client, conference):
    html = client.get("/ru/conferences/?year=abc").content.decode()
    assert "«abc» — не год. Показаны все годы." in html
    assert "Все страны" in html
    assert "Международная конференция" in html


def test_language_switcher_keeps_the_conference(client, conference):
    html = client.get(f"/en/conferences/{conference.slug}/").content.decode()
    assert f'href="/ru/conferences/{conference.slug}/" hreflang="ru"' in html
    assert f'href="/uz/conferences/{conference.slug}/" hreflang="uz"' in html


def test_demo_content_is_faithful_and_translated(client):
    call_command("load_demo", stdout=None)
    july_2022 = Conference.objects.get(start_date=datetime.date(2022, 7, 28))
    july_2025 = Conference.objects.get(start_date=datetime.date(2025, 7, 29))
    assert july_2022.host_country == "UZ"
    assert sorted(c.code for c in july_2022.participating_countries) == ["KG", "KZ", "TJ", "TM"]
    # Under its name then: the commission is the 2025 organizer too (one organization).
    named_2022 = [r.named_organization for r in july_2022.roles.all()]
    assert [org.acronym_en or org.name_en for org in named_2022] == [
        "National Commission to Combat Trafficking in Human Beings of the Republic of Uzbekistan",
        "UNODC",
        "Winrock International",
        "USAID",
        "IOM",
        "OSCE",
    ]
    assert {r.role for r in july_2022.roles.all()[1:]} == {Role.SUPPORTER}
    assert july_2022.roles.all()[0].organization == july_2025.roles.all()[0].organization
    karimova, dzhumabaev = july_2022.speakers.all()
    assert karimova.position_en == (
        'Chairman of the Republican Social Information Center "ISTIQBOLLI AVLOD"'
    )
    assert karimova.quotes.get().text_en.startswith(
        "We must talk about this problem so that everyone understands"
    )
    assert "those who have suffered from human trafficking need […] In Uzbekistan" in (
        karimova.quotes.get().text_en
    )
    assert dzhumabaev.quotes.get().text_en == (
        "Meetings like today's are also important because personal contacts are being "
        "established between law enforcement systems and the civil sector. This is necessary in "
        "order to jointly counter such evil as human trafficking."
    )
    assert july_2025.city_en == "Tashkent" and july_2025.participants_count == 110
    assert [
        (r.organization.acronym_en or r.organization.name_en, r.role) for r in july_2025.roles.all()
    ] == [
        (
            "National Commission on Combating Trafficking in Persons and Forced Labor",
            Role.ORGANIZER,
        ),
        ("IOM", Role.CO_ORGANIZER),
    ]
    speakers = list(july_2025.speakers.all())
    assert [s.display_name for s in speakers] == [
        "Alisher Agzamkhodjaev",
        "Colonel Ayubkhon Rakhmatullaev",
        "Andrew Gray",
        "Kari Johnston",
        "Alexander Fedulov",
    ]
    assert [s.is_online for s in speakers] == [False, False, False, True, False]
    assert speakers[2].position_en == "Head of the IOM/UN Migration Agency Office in Uzbekistan"
    assert [s.title_en for s in july_2025.sessions.all()] == [
        "Human Trafficking: Modern Threats and Trends",
        "The Role of International Cooperation in Combating Human Trafficking",
        "The Importance of Civil Society Institutions in Combating Trafficking and Supporting "
        "Victims",
    ]
    for code in ("ru", "uz"):
        for conference in (july_2022, july_2025):
            html = client.get(f"/{code}/conferences/{conference.slug}/").content.decode()
            assert getattr(conference, f"title_{code}") in html
            assert getattr(conference, f"lead_{code}") in html
