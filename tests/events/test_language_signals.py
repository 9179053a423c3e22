"""Issue 16, point 3: wherever a conference, its sessions, speakers and quotes, an organization or
a search result fall back to English, the English text carries lang="en" and the page says so
in its own language; a page that is not a translation is not indexed, its canonical address is
the English original and no hreflang alternate announces it."""

import re

import pytest

from .factories import (
    ConferenceFactory,
    OrganizationFactory,
    QuoteFactory,
    RoleFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def head_of(html):
    return html.split("</head>")[0]


def in_language(conference, code):
    return f"/{code}" + conference.get_absolute_url()[3:]


@pytest.fixture
def english_conference():
    conference = ConferenceFactory(
        title_en="Forum on safe migration", body_en="<p>The forum adopted a plan.</p>"
    )
    session = SessionFactory(conference=conference, title_en="Opening session")
    speaker = SpeakerFactory(conference=conference, position_en="Head of a department")
    QuoteFactory(conference=conference, speaker=speaker, text_en="No one is for sale.")
    return conference, session


def test_an_english_only_report_says_so_on_every_part(client, english_conference):
    conference, _session = english_conference
    html = page(client, in_language(conference, "uz"))
    assert '<h1 id="conference-title" lang="en">Forum on safe migration</h1>' in html
    assert "Bu konferensiya hisoboti hali sizning tilingizda mavjud emas" in html
    assert '<h3 lang="en">Opening session</h3>' in html
    assert '<span class="position" lang="en">Head of a department</span>' in html
    assert '<blockquote lang="en"><p>No one is for sale.</p></blockquote>' in html
    assert "(ingliz tilida)" in html
    assert '<div lang="en"><p>The forum adopted a plan.</p></div>' in html
    assert '<span lang="en">Tashkent</span>' in html


def test_an_english_only_report_is_not_a_page_of_another_language(client, english_conference):
    conference, _session = english_conference
    head = head_of(page(client, in_language(conference, "ru")))
    assert '<meta name="robots" content="noindex, follow">' in head
    english = f"http://testserver{in_language(conference, 'en')}"
    assert f'<link rel="canonical" href="{english}">' in head
    assert f'<meta property="og:url" content="{english}">' in head
    assert '<meta property="og:locale" content="en_US">' in head
    assert '"inLanguage": "en"' in head
    hreflangs = set(re.findall(r'rel="alternate" hreflang="([^"]+)"', head))
    assert hreflangs == {"en", "x-default"}


def test_a_translated_report_is_a_page_of_its_language(client):
    conference = ConferenceFactory(translated=True, city_ru="Ташкент")
    SessionFactory(conference=conference, title_en="Opening", title_ru="Открытие")
    html = page(client, in_language(conference, "ru"))
    article = html.split("<article")[1].split("</article>")[0]
    assert ' lang="' not in article
    head = head_of(html)
    assert "noindex" not in head
    assert f'<link rel="canonical" href="http://testserver{in_language(conference, "ru")}">' in head
    assert '<meta property="og:locale" content="ru_RU">' in head
    assert '"inLanguage": "ru"' in head
    hreflangs = set(re.findall(r'rel="alternate" hreflang="([^"]+)"', head))
    assert hreflangs == {"en", "ru", "uz", "x-default"}


def test_an_untranslated_session_in_a_translated_report_is_marked(client):
    conference = ConferenceFactory(translated=True)
    SessionFactory(conference=conference, title_en="Closing remarks")
    html = page(client, in_language(conference, "ru"))
    assert '<h3 lang="en">Closing remarks</h3>' in html
    # The report itself is Russian: only the session's words are English.
    assert "noindex" not in head_of(html)


def test_an_organization_without_a_translation_says_so(client):
    conference = ConferenceFactory(translated=True)
    organization = OrganizationFactory(
        name_en="Legal Aid Centre", acronym_en="", description_en="Free legal advice."
    )
    RoleFactory(conference=conference, organization=organization)
    html = page(client, "/ru" + organization.get_absolute_url()[3:])
    assert '<span lang="en">Legal Aid Centre</span>' in html
    assert '<p class="lead" lang="en">Free legal advice.</p>' in html
    assert "Страница этой организации ещё не переведена" in html
    head = head_of(html)
    assert '<meta name="robots" content="noindex, follow">' in head
    english = f"http://testserver/en{organization.get_absolute_url()[3:]}"
    assert f'<link rel="canonical" href="{english}">' in head
    # On the conference page its English name is marked too.
    assert '<span lang="en">Legal Aid Centre</span>' in page(client, in_language(conference, "ru"))


def test_a_translated_organization_has_its_own_page(client):
    conference = ConferenceFactory(translated=True)
    organization = OrganizationFactory(
        name_en="Legal Aid Centre", name_ru="Центр правовой помощи", acronym_en=""
    )
    RoleFactory(conference=conference, organization=organization)
    html = page(client, "/ru" + organization.get_absolute_url()[3:])
    assert "<span>Центр правовой помощи</span>" in html
    assert "noindex" not in head_of(html) and "не переведена" not in html


def result_items(html):
    results = html.split('<ol class="search-results"')[1].split("</ol>")[0]
    return results.split("<li>")[1:]


def test_search_results_shown_in_english_say_so(client):
    ConferenceFactory(title_en="Forum on safe migration")
    ConferenceFactory(translated=True, title_en="Meeting", title_ru="Совещание о миграции")
    # Found through its English text: shown in English, and said to be.
    (english,) = result_items(page(client, "/ru/search/?q=migration"))
    assert "Forum on safe" in english
    assert "на английском" in english and '<h2 lang="en">' in english
    # Found in Russian: nothing to say.
    (russian,) = result_items(page(client, "/ru/search/?q=совещание"))
    assert "Совещание" in russian
    assert "на английском" not in russian and 'lang="en"' not in russian
