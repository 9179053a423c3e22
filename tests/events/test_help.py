"""Helplines (events.Helpline) and the help pages: /<lang>/help/ and /<lang>/help/<country>/."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.models import Helpline, check_due_date, months_before
from pina.site.models import SiteSettings
from tests.sitemaps import sitemap_xml

from .factories import HelplineFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "events"


@pytest.fixture
def warm_site_settings():
    """The site settings record is cached after the first page; count queries after that."""
    SiteSettings.current()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def tel_links(html):
    return re.findall(r'href="(tel:[^"]*)"', html)


# --- The read rule and the model -------------------------------------------------------------


def test_published_hides_unpublished_and_never_checked_entries():
    shown = HelplineFactory(name_en="Shown")
    HelplineFactory(name_en="Draft", is_published=False)
    HelplineFactory(name_en="Never checked", checked_on=None)
    assert list(Helpline.objects.published()) == [shown]


def test_unpublished_helplines_are_not_on_the_page(client):
    HelplineFactory(name_en="Shown line", phone="+000 11 222-33-01")
    HelplineFactory(name_en="Draft line", phone="+000 11 222-33-02", is_published=False)
    html = page(client, "/en/help/uz/")
    assert "Shown line" in html
    assert "Draft line" not in html
    assert tel_links(html) == ["tel:+00011222330" + "1"]


@pytest.mark.parametrize("number", ["+000 11 222-33-44", "1146", "000-11"])
def test_numbers_as_services_write_them_are_accepted(number):
    HelplineFactory.build(phone=number).full_clean(exclude=["organization", "checked_by"])


@pytest.mark.parametrize("number", ["call 1146", "(000) 112", "+", "1146 ext. 2", "++000"])
def test_anything_else_is_refused_as_a_number(number):
    helpline = HelplineFactory.build(phone=number)
    with pytest.raises(ValidationError) as error:
        helpline.full_clean()
    assert "phone" in error.value.message_dict


def test_an_entry_needs_a_way_to_reach_the_service():
    helpline = HelplineFactory.build(phone="")
    with pytest.raises(ValidationError) as error:
        helpline.full_clean()
    assert "at least one way" in str(error.value)
    HelplineFactory.build(phone="", telegram="@service_name").full_clean()


def test_publishing_needs_the_checked_date():
    helpline = HelplineFactory.build(checked_on=None)
    with pytest.raises(ValidationError) as error:
        helpline.full_clean()
    assert "checked_on" in error.value.message_dict
    HelplineFactory.build(checked_on=None, is_published=False).full_clean()


def test_links_for_calling_and_messaging():
    helpline = HelplineFactory.build(
        phone="+000 11 222-33-44", telegram="@service_name", whatsapp="+000 11 222 33 45"
    )
    assert helpline.tel_href == "tel:+00011222" + "3344"
    assert helpline.telegram_url == "https://t.me/service_name"
    assert helpline.whatsapp_url == "https://wa.me/00011222" + "3345"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 12, 3), datetime.date(2024, 6, 3)),
        (datetime.date(2024, 8, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2024, 3, 15), datetime.date(2023, 9, 15)),
    ],
)
def test_six_months_before(day, expected):
    assert months_before(day, 6) == expected


def test_needs_checking_after_six_months():
    today = datetime.date(2024, 12, 3)
    recent = HelplineFactory(checked_on=datetime.date(2024, 6, 3))
    old = HelplineFactory(checked_on=datetime.date(2024, 6, 2))
    never = HelplineFactory(checked_on=None, is_published=False)
    assert check_due_date(today) == datetime.date(2024, 6, 3)
    assert set(Helpline.objects.needs_checking(today)) == {old, never}
    assert recent not in Helpline.objects.needs_checking(today)


# --- The help pages --------------------------------------------------------------------------


def test_a_country_shows_only_its_helplines_as_tap_to_call_links(client):
    HelplineFactory(name_en="Uzbek line", country="UZ", phone="+000 11 222-33-10")
    HelplineFactory(name_en="Kazakh line", country="KZ", phone="+000 11 222-33-20")
    uzbek = page(client, "/en/help/uz/")
    assert "Uzbek line" in uzbek
    assert "Kazakh line" not in uzbek
    assert tel_links(uzbek) == ["tel:+0001122233" + "10"]
    assert ">+000 11 222-33-10<" in uzbek  # shown as the service writes it
    kazakh = page(client, "/en/help/kz/")
    assert tel_links(kazakh) == ["tel:+0001122233" + "20"]


def test_hours_languages_free_anonymous_and_what_happens_are_shown(client):
    HelplineFactory(
        hours_en="Monday to Friday",
        languages_en="Uzbek, Russian",
        what_happens_en="A trained consultant answers and listens.",
    )
    html = page(client, "/en/help/uz/")
    for text in (
        "Monday to Friday",
        "Uzbek, Russian",
        "Free of charge",
        "You can call without giving your name",
        "A trained consultant answers and listens.",
    ):
        assert text in html, text


def test_the_checked_date_is_shown_in_the_visitors_language(client):
    HelplineFactory(checked_on=datetime.date(2024, 5, 17))
    english = page(client, "/en/help/uz/")
    assert '<time datetime="2024-05-17">May 17, 2024</time>' in english
    assert "Checked on" in english
    russian = page(client, "/ru/help/uz/")
    assert re.search(r'<time datetime="2024-05-17">17 мая 2024', russian)
    assert "Проверено" in russian


def test_messaging_contacts_are_links(client):
    HelplineFactory(phone="", telegram="@service_name", email="line@example.org")
    html = page(client, "/en/help/uz/")
    assert 'href="https://t.me/service_name"' in html
    assert 'href="mailto:line@example.org"' in html
    assert tel_links(html) == []


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_a_country_without_helplines_says_so_and_points_to_the_network(client, language):
    html = page(client, f"/{language}/help/tj/")
    with translation.override(language):
        note = translation.gettext("Until then, you can write to the network:")
    assert note in html
    assert "mailto:network.pina@gmail.com" in html
    assert tel_links(html) == []
    assert 'name="robots" content="noindex' in html  # nothing of its own to find


def test_the_networks_contact_is_always_shown(client):
    record = SiteSettings.current()
    record.contact_email = "contact@example.org"
    record.save()
    HelplineFactory()
    for url in ("/en/help/", "/en/help/uz/", "/en/help/kg/"):
        main = page(client, url).split("<main", 1)[1].split("</main>", 1)[0]
        assert 'href="mailto:contact@example.org"' in main, url


def test_the_countries_central_asia_first_then_those_with_helplines(client):
    HelplineFactory(country="TR")
    HelplineFactory(country="DE", is_published=False)
    html = page(client, "/en/help/")
    codes = re.findall(r'href="/en/help/([a-z]{2})/"', html)
    assert codes == ["uz", "kz", "kg", "tj", "tm", "tr"]


def test_the_chosen_country_is_marked(client):
    html = page(client, "/en/help/kg/")
    assert '<a href="/en/help/kg/" aria-current="page">Kyrgyzstan</a>' in html


def test_safety_notes_for_a_shared_phone(client):
    html = page(client, "/en/help/")
    assert "private (incognito) window" in html
    assert "browser’s history" in html
    assert "“Exit this page”" in html
    assert "<script" not in html.split("<main", 1)[1]


@pytest.mark.parametrize("code", ["xx", "usa", "1a", "u"])
def test_an_unknown_country_is_not_found(client, code):
    assert client.get(f"/en/help/{code}/").status_code == 404


def test_one_address_per_country(client):
    response = client.get("/en/help/UZ/")
    assert response.status_code == 301
    assert response["Location"] == "/en/help/uz/"


def test_the_help_page_can_be_cached(client):
    response = client.get("/en/help/uz/")
    assert not getattr(response, "page_cache_exempt", False)
    assert "private" not in response.get("Cache-Control", "")
    assert "no-store" not in response.get("Cache-Control", "")


def test_query_count_does_not_grow_with_helplines(
    client, django_assert_max_num_queries, warm_site_settings
):
    HelplineFactory(organization=OrganizationFactory())
    with CaptureQueriesContext(connection) as one:
        page(client, "/en/help/uz/")
    for _ in range(4):
        HelplineFactory(organization=OrganizationFactory())
    HelplineFactory(country="TR")
    with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as many:
        html = page(client, "/en/help/uz/")
    assert len(many) == len(one)
    assert len(tel_links(html)) == 5


# --- The country page ------------------------------------------------------------------------


def test_the_country_page_lists_its_helplines(client):
    HelplineFactory(name_en="Uzbek line", country="UZ", phone="+000 11 222-33-30")
    HelplineFactory(name_en="Kazakh line", country="KZ")
    html = page(client, "/en/countries/uz/")
    assert "Uzbek line" in html
    assert "Kazakh line" not in html
    assert tel_links(html) == ["tel:+0001122233" + "30"]
    assert 'href="/en/help/uz/"' in html


def test_the_country_page_without_helplines_has_the_note(client):
    html = page(client, "/en/countries/tm/")
    assert "Our staff add numbers only after checking them" in html
    assert "mailto:network.pina@gmail.com" in html


# --- Sitemap ---------------------------------------------------------------------------------


def test_the_sitemap_lists_the_help_page_and_countries_with_helplines(client):
    HelplineFactory(country="KZ")
    HelplineFactory(country="TM", is_published=False)
    xml = sitemap_xml(client)
    assert "/en/help/</loc>" in xml
    assert "/ru/help/kz/</loc>" in xml
    assert "/help/tm/" not in xml


# --- Demo and translations -------------------------------------------------------------------


def test_the_demo_has_no_phone_number(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)  # upgrading an existing demo adds none either
    assert not Helpline.objects.exclude(phone="").exists()
    assert not Helpline.objects.exclude(whatsapp="").exists()
    for url in ["/en/help/", "/ru/help/", "/uz/help/"] + [
        f"/en/help/{code.lower()}/" for code in settings.COUNTRIES_FIRST
    ]:
        html = page(client, url)
        assert "tel:" not in html, url
        assert "mailto:network.pina@gmail.com" in html, url


# Written the same way in Russian and Uzbek (the site's pages say "E-mail" in both).
SAME_WHEN_TRANSLATED = {"E-mail"}


def template_msgids(name):
    text = (TEMPLATES / name).read_text()
    return re.findall(r'{% translate "([^"]+)"( context "[^"]+")? %}', text)


@pytest.mark.parametrize("language", ["ru", "uz"])
def test_every_help_string_is_translated(language):
    msgids = template_msgids("help.html") + template_msgids("includes/helplines.html")
    assert len(msgids) > 15
    with translation.override(language):
        for msgid, context in msgids:
            if context:
                translated = translation.pgettext(context.split('"')[1], msgid)
            else:
                translated = translation.gettext(msgid)
            assert translated != msgid or msgid in SAME_WHEN_TRANSLATED, msgid


@pytest.mark.parametrize(
    ("language", "heading", "note"),
    [
        ("ru", "Где получить помощь: Таджикистан", "Для страны Таджикистан здесь пока нет"),
        ("uz", "Tojikiston: qayerdan yordam olish mumkin", "Tojikiston uchun bu yerda hozircha"),
    ],
)
def test_the_page_in_russian_and_uzbek(client, language, heading, note):
    html = page(client, f"/{language}/help/tj/")
    assert f"<h1>{heading}</h1>" in html
    assert note in html
    assert "If someone else may see your phone" not in html


def test_uzbek_uses_the_modifier_letters():
    with translation.override("uz"):
        text = translation.gettext("If someone else may see your phone")
    assert "koʻrishi" in text  # U+02BB, not an apostrophe
    assert "'" not in text and "‘" not in text
