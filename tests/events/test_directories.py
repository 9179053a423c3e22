"""The organization list (/organizations/) and the country list (/countries/)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Role
from tests.sitemaps import sitemap_xml

from .factories import ConferenceFactory, OrganizationFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm_site_settings():
    """The site settings record is cached after the first page; count queries after that."""
    from pina.site.models import SiteSettings

    SiteSettings.current()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def text(fragment):
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def listed(html):
    """[(name, what follows it as text)] of the organization list's rows, in order."""
    return [
        (name, text(meta))
        for name, meta in re.findall(
            r'<li><a href="/\w+/organizations/[^"]+/">([^<]+)</a>(.*?)</li>', html, re.S
        )
    ]


def names(html):
    return [name for name, _meta in listed(html)]


def draft(**kwargs):
    return ConferenceFactory(is_published=False, **kwargs)


def scheduled(**kwargs):
    later = timezone.now() + datetime.timedelta(days=3)
    return ConferenceFactory(published_at=later, **kwargs)


@pytest.fixture
def network():
    """Organizations in every role, and some whose only conferences are not published."""
    first = ConferenceFactory(title_en="First", start_date=datetime.date(2022, 7, 28))
    second = ConferenceFactory(title_en="Second", start_date=datetime.date(2025, 7, 29))
    hidden, future = draft(), scheduled()
    commission = OrganizationFactory(name_en="National Commission", acronym_en="", country="UZ")
    iom = OrganizationFactory(name_en="International Organization for Migration", acronym_en="IOM")
    unodc = OrganizationFactory(name_en="United Nations Office on Drugs and Crime", acronym_en="")
    winrock = OrganizationFactory(name_en="Winrock International", acronym_en="", country="US")
    secret = OrganizationFactory(name_en="Secret Partner", acronym_en="", country="KZ")
    RoleFactory(conference=first, organization=commission, role=Role.ORGANIZER)
    RoleFactory(conference=second, organization=commission, role=Role.ORGANIZER)
    RoleFactory(conference=first, organization=iom, role=Role.CO_ORGANIZER)
    RoleFactory(conference=second, organization=iom, role=Role.SUPPORTER)
    RoleFactory(conference=hidden, organization=iom, role=Role.PARTNER)
    RoleFactory(conference=future, organization=iom, role=Role.ORGANIZER)
    RoleFactory(conference=second, organization=unodc, role=Role.SUPPORTER)
    RoleFactory(conference=first, organization=winrock, role=Role.PARTNER)
    RoleFactory(conference=hidden, organization=secret, role=Role.ORGANIZER)
    RoleFactory(conference=future, organization=secret, role=Role.SUPPORTER)
    return {"commission": commission, "iom": iom, "unodc": unodc, "winrock": winrock}


# --- Organizations -------------------------------------------------------------------------------


def test_organization_list_shows_names_roles_and_published_conference_counts(client, network):
    html = page(client, "/en/organizations/")
    assert listed(html) == [
        (
            "International Organization for Migration (IOM)",
            "Co-organizer, supporter · 2 conferences",
        ),
        ("National Commission", "Organizer · 2 conferences"),
        ("United Nations Office on Drugs and Crime", "Supporter · 1 conference"),
        ("Winrock International", "Partner · 1 conference"),
    ]
    assert 'href="/en/organizations/iom/"' in html
    # Only in a draft or a conference published later: not listed, and not counted.
    assert "Secret Partner" not in html
    assert '<a href="/en/organizations/" aria-current="page">All</a>' in html
    assert "noindex" not in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # A co-organizer is found under "organizer".
        ("organizer", ["International Organization for Migration (IOM)", "National Commission"]),
        (
            "supporter",
            [
                "International Organization for Migration (IOM)",
                "United Nations Office on Drugs and Crime",
            ],
        ),
        # IOM's partnership is in a draft only.
        ("partner", ["Winrock International"]),
        ("PARTNER ", ["Winrock International"]),
    ],
)
def test_organization_list_filters_by_role(client, network, role, expected):
    html = page(client, f"/en/organizations/?role={role}")
    assert names(html) == expected
    key = role.strip().lower()
    assert f'<a href="/en/organizations/?role={key}" aria-current="page">' in html
    assert 'content="noindex, follow"' in html
    # The count stays every published conference the organization took part in, in any role.
    if key == "supporter":
        assert listed(html)[0][1] == "Co-organizer, supporter · 2 conferences"


@pytest.mark.parametrize("value", ["nonsense", "co_organizer", "x" * 500])
def test_an_unknown_role_is_reported_and_all_organizations_shown(client, network, value):
    html = page(client, f"/en/organizations/?role={value}")
    assert "There is no such role. Showing all organizations." in html
    assert len(names(html)) == 4
    assert 'content="noindex, follow"' in html


@pytest.mark.parametrize("value", ["%00", "organizer%00"])
def test_a_role_with_a_control_character_is_not_found(client, network, value):
    # Refused before the view by pina.security.input, like every public parameter.
    assert client.get(f"/en/organizations/?role={value}").status_code == 404


def test_unknown_role_message_in_russian_and_uzbek(client, network):
    assert "Такой роли нет. Показаны все организации." in page(
        client, "/ru/organizations/?role=nonsense"
    )
    html = page(client, "/uz/organizations/?role=nonsense")
    assert "Bunday rol yoʻq. Barcha tashkilotlar koʻrsatilmoqda." in html
    assert ">Tashkilotchilar</a>" in html


def test_organization_list_in_russian(client, network):
    html = page(client, "/ru/organizations/")
    assert "<h1>Организации</h1>" in html
    rows = dict(listed(html))
    assert rows["International Organization for Migration (IOM)"] == (
        "Соорганизатор, поддержка · 2 конференции"
    )
    assert rows["Winrock International"] == "Партнёр · 1 конференция"


def test_organization_list_sorts_by_the_name_shown_falling_back_to_english(client):
    conference = ConferenceFactory()
    for name_en, name_ru in [("Zeta", "Альфа"), ("Alpha", ""), ("Beta", "Яков")]:
        RoleFactory(
            conference=conference,
            organization=OrganizationFactory(name_en=name_en, name_ru=name_ru, acronym_en=""),
        )
    assert names(page(client, "/en/organizations/")) == ["Alpha", "Beta", "Zeta"]
    # "Alpha" has no Russian name and is sorted (and shown) by its English one.
    assert names(page(client, "/ru/organizations/")) == ["Alpha", "Альфа", "Яков"]


def test_organization_list_pages(client):
    conference = ConferenceFactory()
    for number in range(45):
        RoleFactory(
            conference=conference,
            organization=OrganizationFactory(name_en=f"Body {number:02}", acronym_en=""),
            role=Role.SUPPORTER,
        )
    first = page(client, "/en/organizations/?role=supporter")
    assert len(names(first)) == 40
    assert 'href="?role=supporter&amp;page=2" rel="next"' in first
    second = page(client, "/en/organizations/?role=supporter&page=2")
    assert names(second) == [f"Body {number}" for number in range(40, 45)]
    assert names(page(client, "/en/organizations/?page=abc")) == names(first)
    for number in ("3", "99999999999999999999"):
        assert client.get(f"/en/organizations/?page={number}").status_code == 404


def test_organization_list_without_organizations(client):
    draft_conference = draft()
    RoleFactory(conference=draft_conference)
    assert "No organization has taken part in a published conference yet." in page(
        client, "/en/organizations/"
    )
    RoleFactory(conference=ConferenceFactory(), role=Role.ORGANIZER)
    html = page(client, "/en/organizations/?role=partner")
    assert "No organization has had this role in a published conference yet." in html


def test_organization_list_query_count_is_bounded(
    client, django_assert_max_num_queries, warm_site_settings
):
    def build(organizations, conferences):
        for _ in range(conferences):
            conference = ConferenceFactory()
            for organization in organizations:
                RoleFactory(conference=conference, organization=organization, role=Role.SUPPORTER)
                RoleFactory(conference=conference, organization=organization, role=Role.PARTNER)

    build([OrganizationFactory() for _ in range(2)], 1)
    with CaptureQueriesContext(connection) as few:
        page(client, "/en/organizations/")
    build([OrganizationFactory() for _ in range(10)], 4)
    # The count, the page's organizations, their roles.
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as many:
        html = page(client, "/en/organizations/?role=partner")
    assert len(few) == len(many)
    assert len(names(html)) == 12
    # Cached until content changes: nothing is read again.
    with django_assert_max_num_queries(0):
        page(client, "/en/organizations/?role=partner")


def test_an_edit_shows_on_the_next_organization_list_request(client, network):
    assert dict(listed(page(client, "/en/organizations/")))["Winrock International"] == (
        "Partner · 1 conference"
    )
    RoleFactory(conference=ConferenceFactory(), organization=network["winrock"])
    assert dict(listed(page(client, "/en/organizations/")))["Winrock International"] == (
        "Organizer, partner · 2 conferences"
    )


# --- Countries -----------------------------------------------------------------------------------


def country_rows(html):
    """[(code, name, what follows it as text)] of the country list, in order."""
    return [
        (code, name, text(meta))
        for code, name, meta in re.findall(
            r'<li><a href="/\w+/countries/(\w\w)/">([^<]+)</a>(.*?)</li>', html, re.S
        )
    ]


def test_country_list_puts_central_asia_first_with_counts(client, network):
    ConferenceFactory(host_country="KG", participating_countries=["DE", "TJ"])
    ConferenceFactory(host_country="AF", participating_countries=["KG"])
    draft(host_country="TM", participating_countries=["FR"])
    scheduled(host_country="TM", participating_countries=["FR"])
    html = page(client, "/en/countries/")
    assert country_rows(html) == [
        ("uz", "Uzbekistan", "2 conferences · 1 organization"),
        ("kg", "Kyrgyzstan", "2 conferences · 0 organizations"),
        ("tj", "Tajikistan", "1 conference · 0 organizations"),
        ("af", "Afghanistan", "1 conference · 0 organizations"),
        ("de", "Germany", "1 conference · 0 organizations"),
        # Only an organization based there.
        ("us", "United States", "0 conferences · 1 organization"),
    ]
    assert html.index("<h2") < html.index("Uzbekistan")
    assert html.index("Tajikistan") < html.index("Other countries") < html.index("Afghanistan")
    # Turkmenistan and France only in unpublished conferences; Kazakhstan's organization only in
    # one.
    for absent in ("Turkmenistan", "France", "Kazakhstan"):
        assert absent not in html.split("<main")[1]


def test_country_list_counts_a_conference_once_per_country(client):
    ConferenceFactory(host_country="UZ", participating_countries=["UZ", "KZ"])
    assert country_rows(page(client, "/en/countries/"))[:2] == [
        ("uz", "Uzbekistan", "1 conference · 0 organizations"),
        ("kz", "Kazakhstan", "1 conference · 0 organizations"),
    ]


def test_country_list_in_russian_and_uzbek(client, network):
    html = page(client, "/ru/countries/")
    assert "<h1>Страны</h1>" in html
    assert ("uz", "Узбекистан", "2 конференции · 1 организация") in country_rows(html)
    assert "Другие страны" in html
    html = page(client, "/uz/countries/")
    assert "<h1>Mamlakatlar</h1>" in html
    assert ("uz", "Oʻzbekiston", "2 ta konferensiya · 1 ta tashkilot") in country_rows(html)


def test_country_list_without_conferences(client):
    draft(host_country="UZ")
    html = page(client, "/en/countries/")
    assert country_rows(html) == []
    assert "No conferences have been published yet." in html


def test_country_list_query_count_is_bounded(
    client, django_assert_max_num_queries, warm_site_settings
):
    ConferenceFactory(participating_countries=["KZ"])
    with CaptureQueriesContext(connection) as few:
        page(client, "/en/countries/")
    for _ in range(10):
        conference = ConferenceFactory(participating_countries=["KZ", "TJ", "DE"])
        RoleFactory(conference=conference, organization=OrganizationFactory(country="KG"))
    # The conferences' countries, the organizations' countries.
    with django_assert_max_num_queries(2), CaptureQueriesContext(connection) as many:
        html = page(client, "/en/countries/")
    assert len(few) == len(many)
    assert ("kg", "Kyrgyzstan", "0 conferences · 10 organizations") in country_rows(html)
    with django_assert_max_num_queries(0):
        page(client, "/en/countries/")


def test_country_page_lists_only_organizations_in_published_conferences(client, network):
    html = page(client, "/en/countries/kz/")
    assert "Secret Partner" not in html
    assert "National Commission" in page(client, "/en/countries/uz/")


# --- Links and sitemap ---------------------------------------------------------------------------


def test_lists_are_linked_from_the_footer_and_the_detail_pages(client, network):
    for language in ("en", "ru", "uz"):
        home = page(client, f"/{language}/")
        footer = home.split('class="site-footer"')[1]
        assert f'href="/{language}/organizations/"' in footer
        assert f'href="/{language}/countries/"' in footer
    organization = page(client, "/en/organizations/iom/")
    assert '<a href="/en/organizations/">All organizations</a>' in organization
    country = page(client, "/en/countries/uz/")
    assert '<a href="/en/countries/">All countries</a>' in country
    assert '<a href="/ru/countries/">Все страны</a>' in page(client, "/ru/countries/uz/")


def test_sitemap_lists_both_lists_in_every_language(client, network):
    xml = sitemap_xml(client)
    for language in ("en", "ru", "uz"):
        assert f"<loc>http://testserver/{language}/organizations/</loc>" in xml
        assert f"<loc>http://testserver/{language}/countries/</loc>" in xml
    assert 'hreflang="uz" href="http://testserver/uz/countries/"' in xml
