import datetime
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Conference, Role
from tests.sitemaps import sitemap_xml

from .factories import (
    ConferenceFactory,
    DocumentFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    RoleFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm_site_settings():
    """The site settings record is cached after the first page; count queries after that."""
    from pina.site.models import SiteSettings

    SiteSettings.current()


NOW = datetime.datetime(2024, 3, 1, 5, 0, tzinfo=datetime.UTC)  # 10:00 in Tashkent


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def card_titles(html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


# --- List ------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_list_shows_upcoming_soonest_first_then_past_newest_first(client):
    ConferenceFactory(title_en="Past old", start_date=datetime.date(2022, 7, 28))
    ConferenceFactory(title_en="Upcoming later", start_date=datetime.date(2024, 9, 1))
    ConferenceFactory(title_en="Past recent", start_date=datetime.date(2024, 2, 29))
    ConferenceFactory(title_en="Upcoming soon", start_date=datetime.date(2024, 3, 1))
    ConferenceFactory(title_en="Hidden draft", is_published=False)
    html = page(client, "/en/conferences/")
    assert card_titles(html) == ["Upcoming soon", "Upcoming later", "Past recent", "Past old"]
    assert html.index("Upcoming conferences") < html.index("Past conferences")
    assert "Hidden draft" not in html


def test_list_filters_combine_and_stay_in_the_form(client):
    iom = OrganizationFactory(name_en="International Organization for Migration", acronym_en="IOM")
    a = ConferenceFactory(title_en="A 2022 UZ with KZ", participating_countries=["KZ"])
    RoleFactory(conference=a, organization=iom)
    b = ConferenceFactory(title_en="B 2025 with KZ", start_date=datetime.date(2025, 7, 29))
    b.participating_countries = ["KZ"]
    b.save()
    RoleFactory(conference=b, organization=iom, role=Role.CO_ORGANIZER)
    ConferenceFactory(title_en="C 2022 without KZ")

    assert card_titles(page(client, "/en/conferences/?year=2022")) == [
        "C 2022 without KZ",
        "A 2022 UZ with KZ",
    ]
    assert set(card_titles(page(client, "/en/conferences/?country=kz"))) == {
        "A 2022 UZ with KZ",
        "B 2025 with KZ",
    }
    html = page(client, "/en/conferences/?year=2022&country=KZ&organization=iom")
    assert card_titles(html) == ["A 2022 UZ with KZ"]
    assert '<option value="2022" selected>' in html
    assert '<option value="KZ" selected>' in html
    assert '<option value="iom" selected>' in html
    assert 'name="robots" content="noindex' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "“abc” is not a year."),
        ("year=1999", "There are no conferences in 1999."),
        ("year=%E2%80%A2", "is not a year"),
        ("country=ZZ", "“ZZ” is not a country with conferences"),
        ("country=%3Cscript%3E", "&lt;SCRIPT&gt;"),
        ("organization=nobody", "“nobody” is not an organization with conferences"),
        ("year=" + "9" * 500, "There are no conferences in " + "9" * 60 + "."),
    ],
)
def test_bad_filter_values_give_a_message_and_are_ignored(client, query, message):
    ConferenceFactory(title_en="Still listed")
    html = page(client, f"/en/conferences/?{query}")
    assert message in html
    assert 'class="errorlist"' in html
    assert card_titles(html) == ["Still listed"]
    assert "<script>" not in html.split("<main", 1)[1]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "999", "1.5", ""])
def test_bad_page_numbers_show_a_page(client, value):
    for number in range(14):
        ConferenceFactory(
            title_en=f"Conference {number}", start_date=datetime.date(2020, 1, 1 + number)
        )
    html = page(client, f"/en/conferences/?page={value}")
    assert len(card_titles(html)) in (12, 2)


def test_pagination_keeps_the_filters(client):
    for number in range(14):
        ConferenceFactory(start_date=datetime.date(2020, 1, 1 + number))
    html = page(client, "/en/conferences/?year=2020")
    assert 'href="?year=2020&amp;page=2"' in html
    second = page(client, "/en/conferences/?year=2020&page=2")
    assert len(card_titles(second)) == 2


def test_list_and_empty_states(client):
    assert "No conferences have been published yet." in page(client, "/en/conferences/")
    ConferenceFactory(start_date=datetime.date(2022, 7, 28))
    ConferenceFactory(start_date=datetime.date(2025, 7, 29), participating_countries=["TM"])
    html = page(client, "/en/conferences/?year=2022&country=TM")
    assert 'class="errorlist"' not in html
    assert "No conference matches these filters." in html


def test_list_query_count_is_constant(client, django_assert_max_num_queries, warm_site_settings):
    for number in range(3):
        ConferenceFactory(start_date=datetime.date(2021, 1, 1 + number))
    with CaptureQueriesContext(connection) as few:
        page(client, "/en/conferences/")
    for number in range(30):
        conference = ConferenceFactory(
            start_date=datetime.date(2023, 1, 1 + number), participating_countries=["KZ", "TJ"]
        )
        RoleFactory(conference=conference)
    with django_assert_max_num_queries(6), CaptureQueriesContext(connection) as many:
        page(client, "/en/conferences/?country=KZ&page=2")
    assert len(few) == len(many)


def test_filter_selects_are_written_as_django_writes_them():
    from django import forms

    from events.forms import PlainSelect

    choices = [("", "All"), ("a&b", "A & <B>"), ("iom", "IOM"), ("unodc", "UNODC")]
    attrs = {"id": "id_organization", "aria-invalid": "true", "required": True, "hidden": False}
    for value in ("iom", "", "nobody", None):
        plain = PlainSelect(choices=choices).render("organization", value, attrs)
        django = forms.Select(choices=choices).render("organization", value, attrs)
        assert plain == django
    assert '<option value="iom" selected>IOM</option>' in PlainSelect(choices=choices).render(
        "organization", "iom"
    )


def test_an_edit_shows_on_the_next_list_request(client):
    conference = ConferenceFactory(title_en="Before the edit", start_date=datetime.date(2024, 1, 5))
    RoleFactory(conference=conference, organization=OrganizationFactory(name_en="Old name"))
    assert card_titles(page(client, "/en/conferences/")) == ["Before the edit"]
    conference.title_en = "After the edit"
    conference.save()
    ConferenceFactory(title_en="Newly published", start_date=datetime.date(2024, 2, 5))
    assert card_titles(page(client, "/en/conferences/")) == ["Newly published", "After the edit"]
    conference.is_published = False
    conference.save()
    html = page(client, "/en/conferences/")
    assert card_titles(html) == ["Newly published"]
    # The filter no longer offers the organization of the unpublished conference.
    assert "Old name" not in html


def test_cached_filter_form_follows_the_chosen_filters(client):
    ConferenceFactory(start_date=datetime.date(2022, 7, 28), participating_countries=["KZ"])
    ConferenceFactory(start_date=datetime.date(2023, 7, 28), participating_countries=["TJ"])
    selected = '<option value="KZ" selected>'
    assert selected in page(client, "/en/conferences/?country=KZ")
    plain = page(client, "/en/conferences/")
    assert selected not in plain and "Clear filters" not in plain
    assert "{#" not in plain and "#}" not in plain and "{%" not in plain
    assert selected in page(client, "/en/conferences/?country=kz")
    wrong = page(client, "/en/conferences/?country=KZ&year=1999")
    assert "There are no conferences in 1999" in wrong and 'aria-invalid="true"' in wrong
    assert selected in wrong and "Clear filters" in wrong
    assert "There are no conferences" not in page(client, "/en/conferences/?country=KZ")


def test_organization_filter_offers_the_most_active_and_accepts_any(client, monkeypatch):
    from events import selectors

    monkeypatch.setattr(selectors, "FILTER_ORGANIZATIONS", 2)
    busy, active, rare = (
        OrganizationFactory(name_en=name, slug=slug)
        for name, slug in (("Busy", "busy"), ("Active", "active"), ("Rare", "rare"))
    )
    for number, organizations in enumerate([(busy, active), (busy, active), (busy, rare)]):
        conference = ConferenceFactory(
            title_en=f"Meeting {number}", start_date=datetime.date(2023, 1, 1 + number)
        )
        for organization in organizations:
            RoleFactory(conference=conference, organization=organization)
    html = page(client, "/en/conferences/")
    assert '<option value="active">Active</option>' in html
    assert '<option value="busy">Busy</option>' in html
    assert 'value="rare"' not in html
    chosen = page(client, "/en/conferences/?organization=rare")
    assert '<option value="rare" selected>Rare</option>' in chosen
    assert 'class="errorlist"' not in chosen
    assert card_titles(chosen) == ["Meeting 2"]


def test_page_links_show_the_current_page_among_first_and_last():
    from django.core.paginator import Paginator

    from pina.site.templatetags.site_tags import page_links

    paginator = Paginator(range(12_000), 12)
    links = list(page_links(paginator.page(500)))
    assert links == [1, "…", 498, 499, 500, 501, 502, "…", 1000]
    assert list(page_links(paginator.page(1))) == [1, 2, 3, "…", 1000]


def test_list_pages_link_around_the_current_page(client):
    for number in range(12 * 6):
        ConferenceFactory(start_date=datetime.date(2019, 1, 1) + datetime.timedelta(days=number))
    html = page(client, "/en/conferences/?page=4")
    assert '<span aria-current="page">4</span>' in html
    assert 'href="?page=6"' in html and 'href="?page=1"' in html
    assert len(card_titles(html)) == 12


# --- Detail ------------------------------------------------------------------------------------


def build_conference(speakers=2, quotes=2, organizations=3, sessions=2, documents=1):
    conference = ConferenceFactory(
        title_en="International conference on global challenges",
        start_date=datetime.date(2025, 7, 29),
        city_en="Tashkent",
        venue_en="Congress Hall",
        participants_count=110,
        participants_count_is_minimum=True,
        participating_countries=["KZ", "KG"],
    )
    roles = [Role.ORGANIZER, Role.CO_ORGANIZER, Role.SUPPORTER, Role.PARTNER]
    for number in range(organizations):
        RoleFactory(conference=conference, role=roles[number % 4], order=number)
    people = [SpeakerFactory(conference=conference, order=n) for n in range(speakers)]
    for number in range(quotes):
        QuoteFactory(speaker=people[number % len(people)], conference=conference)
    for number in range(sessions):
        SessionFactory(conference=conference, start_time=datetime.time(10 + number % 8, 0))
    for _number in range(documents):
        DocumentFactory(conference=conference)
    return conference


def test_detail_query_count_is_small_and_constant(
    client, django_assert_max_num_queries, warm_site_settings
):
    small = build_conference()
    with CaptureQueriesContext(connection) as few:
        page(client, small.get_absolute_url())
    large = build_conference(speakers=60, quotes=60, organizations=20, sessions=10, documents=5)
    # 6 for the conference and its parts, 1 for its organizations' former names, 1 for the
    # news posts about it.
    with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as many:
        html = page(client, large.get_absolute_url())
    assert len(few) == len(many)
    assert html.count("<blockquote>") == 60
    assert html.count('id="speaker-') == 60


def test_detail_shows_everything_the_report_says(client):
    conference = ConferenceFactory(
        title_en="International conference",
        start_date=datetime.date(2025, 7, 29),
        city_en="Tashkent",
        participants_count=110,
        participants_count_is_minimum=True,
        participating_countries=["KZ", "KG", "TJ", "TM"],
        body_en="<p>The conference included sessions.</p><script>alert(1)</script>",
    )
    commission = OrganizationFactory(name_en="National Commission", acronym_en="")
    iom = OrganizationFactory(name_en="International Organization for Migration", acronym_en="IOM")
    RoleFactory(conference=conference, organization=commission, role=Role.ORGANIZER)
    RoleFactory(conference=conference, organization=iom, role=Role.CO_ORGANIZER)
    person = PersonFactory(full_name_en="Kari Johnston")
    speaker = SpeakerFactory(
        conference=conference,
        person=person,
        position_en="Special Representative at the OSCE",
        is_online=True,
    )
    SpeakerFactory(
        conference=conference,
        person=PersonFactory(full_name_en="Ayubkhon Rakhmatullaev"),
        rank_en="Colonel",
    )
    QuoteFactory(conference=conference, speaker=speaker, text_en="Words <b>said</b> & meant")
    SessionFactory(conference=conference, title_en="Human Trafficking: Modern Threats and Trends")
    DocumentFactory(conference=conference, title_en="Declaration")

    html = page(client, conference.get_absolute_url())
    assert '<time datetime="2025-07-29">July 29, 2025</time>' in html
    assert "over 110 participants" in html
    assert "Organized by" in html and "In cooperation with" in html
    assert html.index("National Commission") < html.index("In cooperation with")
    assert f'href="{iom.get_absolute_url()}"' in html
    for name in ("Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan"):
        assert name in html
    assert 'href="/en/countries/kz/"' in html
    assert "Kari Johnston" in html and ">online<" in html
    assert "Colonel Ayubkhon Rakhmatullaev" in html
    assert "<blockquote><p>Words &lt;b&gt;said&lt;/b&gt; &amp; meant</p></blockquote>" in html
    assert "<cite>Kari Johnston</cite>, <span>Special Representative at the OSCE</span>" in html
    assert "Human Trafficking: Modern Threats and Trends" in html
    assert "The conference included sessions." in html
    assert "alert(1)" not in html
    assert re.search(r"Declaration</a> <span class=\"meta\">\(PDF, \d+\xa0bytes\)", html)
    assert f'href="/en/conferences/{conference.slug}/calendar.ics"' in html


def test_multi_day_conference_shows_a_range(client):
    conference = ConferenceFactory(
        start_date=datetime.date(2024, 5, 14), end_date=datetime.date(2024, 5, 16)
    )
    html = page(client, conference.get_absolute_url())
    assert (
        '<time datetime="2024-05-14">May 14, 2024</time> – '
        '<time datetime="2024-05-16">May 16, 2024</time>'
    ) in html


def test_unpublished_detail_is_404_for_visitors_and_a_preview_for_editors(client, editor):
    draft = ConferenceFactory(is_published=False)
    scheduled = ConferenceFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(draft.get_ics_url()).status_code == 404
    client.force_login(editor)
    html = page(client, draft.get_absolute_url())
    assert "Preview: this conference is not published" in html
    assert 'content="noindex"' in html


def test_json_ld_event(client):
    conference = build_conference()
    conference.title_en = "Conference </script><script>alert(1)</script> & more"
    conference.save()
    html = page(client, conference.get_absolute_url())
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    raw = match.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["name"] == "Conference </script><script>alert(1)</script> & more"
    assert data["startDate"] == "2025-07-29"
    assert data["endDate"] == "2025-07-29"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Congress Hall"
    assert data["location"]["address"]["addressLocality"] == "Tashkent"
    assert data["location"]["address"]["addressCountry"] == "UZ"
    assert data["url"] == f"http://testserver{conference.get_absolute_url()}"
    organizers = {organization["name"] for organization in data["organizer"]}
    assert len(organizers) == 2  # the organizer and the co-organizer
    assert len(data["sponsor"]) == 1


def test_opengraph_and_canonical(client):
    conference = ConferenceFactory(translated=True, lead_en="Over 110 experts met in Tashkent.")
    html = page(client, conference.get_absolute_url() + "?utm_source=x")
    url = f"http://testserver{conference.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{conference.title}">' in html
    assert '<meta property="og:description" content="Over 110 experts met in Tashkent.">' in html
    assert f'hreflang="ru" href="http://testserver/ru/conferences/{conference.slug}/"' in html


def test_unknown_conference_is_404(client):
    response = client.get("/en/conferences/no-such-conference/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --- Calendar ----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_ics_content(client):
    from icalendar import Calendar

    conference = ConferenceFactory(
        title_en="International conference",
        start_date=datetime.date(2025, 7, 29),
        end_date=datetime.date(2025, 7, 30),
        city_en="Tashkent",
        venue_en="Congress Hall",
    )
    SessionFactory(
        conference=conference,
        title_en="Opening",
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 30),
    )
    SessionFactory(
        conference=conference,
        title_en="Second day",
        date=datetime.date(2025, 7, 30),
        start_time=datetime.time(9, 0),
    )
    SessionFactory(conference=conference, title_en="No time given")
    response = client.get(conference.get_ics_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{conference.slug}.ics"' in response["Content-Disposition"]
    body = response.content.decode()
    assert "DTSTART;VALUE=DATE:20250729" in body
    assert "DTEND;VALUE=DATE:20250731" in body  # the day after the last day
    assert "DTSTART;TZID=Asia/Tashkent:20250729T100000" in body
    assert "DTEND;TZID=Asia/Tashkent:20250729T113000" in body
    assert "DTSTART;TZID=Asia/Tashkent:20250730T090000" in body
    assert "BEGIN:VTIMEZONE" in body and "TZID:Asia/Tashkent" in body
    assert "No time given" not in body

    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    main = events[0]
    assert str(main["SUMMARY"]) == "International conference"
    assert main.decoded("DTSTART") == datetime.date(2025, 7, 29)
    assert main.decoded("DTEND") == datetime.date(2025, 7, 31)
    assert str(main["LOCATION"]) == "Congress Hall, Tashkent, Uzbekistan"
    assert str(main["URL"]) == f"http://testserver{conference.get_absolute_url()}"
    assert str(main["UID"]) == f"conference-{conference.pk}@testserver"
    opening = events[1].decoded("DTSTART")
    assert opening.utcoffset() == datetime.timedelta(hours=5)
    assert opening.astimezone(datetime.UTC).hour == 5


def test_ics_one_day_event_and_other_time_zone(client):
    conference = ConferenceFactory(start_date=datetime.date(2022, 7, 28), time_zone="Asia/Almaty")
    SessionFactory(conference=conference, start_time=datetime.time(15, 0))
    body = client.get(conference.get_ics_url()).content.decode()
    assert "DTSTART;VALUE=DATE:20220728" in body
    assert "DTEND;VALUE=DATE:20220729" in body
    assert "DTSTART;TZID=Asia/Almaty:20220728T150000" in body


# --- Organization and country pages -------------------------------------------------------------


def test_organization_page_lists_published_conferences_by_role(client):
    iom = OrganizationFactory(name_en="International Organization for Migration", acronym_en="IOM")
    first = ConferenceFactory(title_en="Supported 2022")
    second = ConferenceFactory(title_en="Co-organized 2025", start_date=datetime.date(2025, 7, 29))
    hidden = ConferenceFactory(title_en="Draft", is_published=False)
    RoleFactory(conference=first, organization=iom, role=Role.SUPPORTER)
    RoleFactory(conference=second, organization=iom, role=Role.CO_ORGANIZER)
    RoleFactory(conference=hidden, organization=iom, role=Role.ORGANIZER)
    html = page(client, "/en/organizations/iom/")
    assert "International Organization for Migration" in html
    assert html.index("In cooperation with") < html.index("Co-organized 2025")
    assert html.index("Supported by") < html.index("Supported 2022")
    assert "Draft" not in html
    assert "Organized by" not in html
    assert client.get("/en/organizations/nobody/").status_code == 404


def test_country_page(client):
    hosted = ConferenceFactory(title_en="Hosted in Kazakhstan", host_country="KZ")
    joined = ConferenceFactory(title_en="Joined by Kazakhstan", participating_countries=["KZ"])
    ConferenceFactory(title_en="Elsewhere", host_country="UZ")
    html = page(client, "/en/countries/kz/")
    assert "<h1>Kazakhstan</h1>" in html
    assert html.index("Conferences hosted in Kazakhstan") < html.index(hosted.title)
    assert html.index("Conferences Kazakhstan took part in") < html.index(joined.title)
    assert "Elsewhere" not in html


def test_country_codes(client):
    response = client.get("/en/countries/KZ/")
    assert response.status_code == 301
    assert response["Location"] == "/en/countries/kz/"
    for bad in ("xx", "kaz", "1a", "k"):
        assert client.get(f"/en/countries/{bad}/").status_code == 404
    html = page(client, "/en/countries/fr/")
    assert "No published conference was hosted in or joined by France yet." in html
    assert 'content="noindex, follow"' in html


def test_country_names_are_translated(client):
    ConferenceFactory(host_country="UZ", participating_countries=["KZ", "KG"])
    assert "<h1>Казахстан</h1>" in page(client, "/ru/countries/kz/")
    assert "<h1>Qozogʻiston</h1>" in page(client, "/uz/countries/kz/")


# --- Sitemap and home ----------------------------------------------------------------------------


def test_sitemap_lists_conferences_organizations_and_countries(client):
    conference = ConferenceFactory(translated=True, participating_countries=["TJ"])
    draft = ConferenceFactory(is_published=False, slug="secret-draft")
    iom = OrganizationFactory(
        acronym_en="IOM",
        name_ru="Международная организация по миграции",
        name_uz="Xalqaro migratsiya tashkiloti",
    )
    RoleFactory(conference=conference, organization=iom)
    english_only = OrganizationFactory(acronym_en="EONLY")
    RoleFactory(conference=conference, organization=english_only)
    lonely = OrganizationFactory(acronym_en="LONELY")
    RoleFactory(conference=draft, organization=lonely)
    xml = sitemap_xml(client)
    for code in ("en", "ru", "uz"):
        assert f"http://testserver/{code}/conferences/</loc>" in xml
        assert f"http://testserver/{code}/conferences/{conference.slug}/</loc>" in xml
        assert f"http://testserver/{code}/organizations/iom/</loc>" in xml
        assert f"http://testserver/{code}/countries/tj/</loc>" in xml
        assert f"http://testserver/{code}/countries/uz/</loc>" in xml
    # An organization with no Russian or Uzbek name is an English page only.
    assert "http://testserver/en/organizations/eonly/</loc>" in xml
    assert "/ru/organizations/eonly/" not in xml and "/uz/organizations/eonly/" not in xml
    assert "secret-draft" not in xml
    assert "lonely" not in xml


@time_machine.travel(NOW, tick=False)
def test_home_shows_upcoming_recent_and_featured_quote(client):
    ConferenceFactory(title_en="Next one", start_date=datetime.date(2024, 6, 1))
    recent = ConferenceFactory(title_en="Last summer", start_date=datetime.date(2023, 7, 28))
    ConferenceFactory(title_en="Draft", start_date=datetime.date(2024, 6, 2), is_published=False)
    speaker = SpeakerFactory(
        conference=recent, person=PersonFactory(full_name_en="Marlis Dzhumabaev")
    )
    QuoteFactory(speaker=speaker, conference=recent, text_en="Personal contacts matter.")
    QuoteFactory(
        speaker=speaker, conference=recent, text_en="The featured words.", is_featured=True
    )
    html = page(client, "/en/")
    assert html.index("Upcoming conferences") < html.index("Next one")
    assert "Last summer" in html.split("Recent conferences", 1)[1]
    assert "Draft" not in html
    assert "The featured words." in html
    assert "<cite>Marlis Dzhumabaev</cite>" in html
    assert "Personal contacts matter." not in html


def test_home_without_conferences(client):
    html = page(client, "/en/")
    assert "Upcoming conferences" not in html
    assert "Recent conferences" not in html
    assert "<blockquote>" not in html
    assert "volunteer team" in html


def test_navigation_links_to_conferences(client):
    html = page(client, "/en/")
    assert '<a href="/en/conferences/"' in html


def test_report_body_is_sanitized_against_xss_vectors(client):
    from tests.badinput.xss_vectors import XSS_VECTORS

    conference = ConferenceFactory()
    for payload, markers in XSS_VECTORS:
        Conference.objects.filter(pk=conference.pk).update(body_en=f"<p>Report</p>{payload}")
        html = page(client, conference.get_absolute_url())
        report = html.split('id="report-title"', 1)[1].split("</section>", 1)[0]
        for marker in markers:
            assert marker.lower() not in report.lower(), (payload, marker)
