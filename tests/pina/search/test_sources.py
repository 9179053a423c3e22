"""The search over everything a visitor looks for (issue 16): speakers, quotes and organizations
beside articles and conferences, each with its own label and linked to its page, in every
language, published content only, with a bounded number of queries."""

import datetime

import pytest
from django.utils import timezone, translation

from events.models import Organization, Person, Quote
from pina.search.results import MergedResults, searchable_models
from pina.site.models import SiteSettings
from tests.events.factories import (
    ConferenceFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    RoleFactory,
    SpeakerFactory,
)
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bukhara():
    """Sentences of the demo's Bukhara conference (seed: conference-2022-bukhara-declaration)."""
    conference = ConferenceFactory(
        title_en="Strengthening cooperation in implementing the Bukhara Declaration",
        title_ru="Укрепление сотрудничества в реализации Бухарской декларации",
        title_uz="Buxoro deklaratsiyasini amalga oshirishda hamkorlikni mustahkamlash",
        start_date=datetime.date(2022, 7, 28),
    )
    istiqbolli = OrganizationFactory(
        name_en="Republican Social Information Center “Istiqbolli Avlod”",
        name_ru="Республиканский социально-информационный центр «Istiqbolli Avlod»",
        name_uz="“Istiqbolli avlod” respublika ijtimoiy-axborot markazi",
        acronym_en="Istiqbolli Avlod",
        description_en="A non-governmental organization of Uzbekistan.",
    )
    RoleFactory(conference=conference, organization=istiqbolli)
    karimova = SpeakerFactory(
        conference=conference,
        person=PersonFactory(full_name_en="Nodira Karimova", full_name_ru="Нодира Каримова"),
        position_en="Chairman of the Republican Social Information Center",
        position_ru="Председатель Республиканского социально-информационного центра",
        organization=istiqbolli,
    )
    fedulov = SpeakerFactory(
        conference=conference,
        person=PersonFactory(full_name_en="Alexander Fedulov", full_name_ru="Александр Федулов"),
        position_en="Deputy Regional Representative of UNODC",
    )
    quote = QuoteFactory(
        conference=conference,
        speaker=karimova,
        text_en="Victims of trafficking need […] rehabilitation and reintegration.",
        text_ru="Жертвам торговли людьми нужны […] реабилитация и реинтеграция.",
    )
    article = PostFactory(
        title_en="The Bukhara Declaration in practice",
        lead_en="Alexander Fedulov of UNODC spoke about cooperation.",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    hidden = ConferenceFactory(title_en="Unpublished meeting", is_published=False)
    hidden_speaker = SpeakerFactory(
        conference=hidden,
        person=PersonFactory(full_name_en="Zarina Hiddenova", full_name_ru="Зарина Каримова"),
    )
    hidden_quote = QuoteFactory(
        conference=hidden, speaker=hidden_speaker, text_en="Secret words on rehabilitation."
    )
    RoleFactory(conference=hidden, organization=OrganizationFactory(name_en="Hidden Istiqbolli"))
    return {
        "conference": conference,
        "karimova": karimova.person,
        "fedulov": fedulov.person,
        "quote": quote,
        "organization": istiqbolli,
        "article": article,
        "hidden_person": hidden_speaker.person,
        "hidden_quote": hidden_quote,
    }


def results(query, language):
    with translation.override(language):
        return list(MergedResults(searchable_models(), query)[:50])


def test_people_quotes_and_organizations_are_searchable_models():
    assert {Person, Quote, Organization} <= set(searchable_models())


def test_karimova_finds_the_speaker_and_her_quote_in_russian(bukhara):
    found = results("Каримова", "ru")
    labels = {(result.label, result.url) for result in found}
    conference_url = "/ru" + bukhara["conference"].get_absolute_url()[3:]
    assert labels == {("Выступающий", conference_url), ("Цитата", conference_url)}
    quote = next(result for result in found if result.label == "Цитата")
    assert "реабилитация" in quote.text
    assert quote.title.startswith("Нодира Каримова")


def test_fedulov_finds_the_article_and_the_conference_he_spoke_at(bukhara):
    # His name in Russian is written in Cyrillic; the Uzbek pages show the English one.
    for language, query, label in (
        ("en", "Fedulov", "Speaker"),
        ("ru", "Федулов", "Выступающий"),
        ("uz", "Fedulov", "Maʼruzachi"),
    ):
        with translation.override(language):
            found = results(query, language)
            urls = {(result.label, result.url) for result in found}
            assert (label, bukhara["conference"].get_absolute_url()) in urls, urls
    # The article exists in English only: found on every language's search, its fallback shown.
    for language in ("en", "ru", "uz"):
        with translation.override(language):
            url = bukhara["article"].get_absolute_url()
        assert url in {result.url for result in results("Fedulov", language)}


def test_organizations_are_found_by_name_and_acronym_in_each_language(bukhara):
    for language, query, label in (
        ("en", "Istiqbolli", "Organization"),
        ("ru", "социально-информационный центр", "Организация"),
        ("uz", "axborot markazi", "Tashkilot"),
    ):
        with translation.override(language):
            url = bukhara["organization"].get_absolute_url()
        found = [(r.label, r.url) for r in results(query, language)]
        assert (label, url) in found, (language, found)


def test_the_russian_quote_is_found_by_another_form_of_its_words(bukhara):
    found = results("торговля людьми реабилитации", "ru")
    assert [result.label for result in found] == ["Цитата"]


def test_nothing_of_an_unpublished_conference_is_ever_found(bukhara):
    for language in ("en", "ru", "uz"):
        for query in ("Hiddenova", "Secret words", "Hidden Istiqbolli", "Зарина"):
            with translation.override(language):
                assert results(query, language) == [], (language, query)
    with translation.override("ru"):
        assert bukhara["hidden_person"] not in Person.objects.published()
        assert bukhara["hidden_quote"] not in Quote.objects.published()
        # Каримова of the unpublished conference lends her quote nothing.
        assert [pk for pk, _rank in Quote.objects.search_ranks("Каримова")] == [bukhara["quote"].pk]


def test_a_result_page_of_every_source_takes_a_bounded_number_of_queries(
    client, bukhara, django_assert_max_num_queries
):
    SiteSettings.current()
    # More speakers, quotes and organizations named alike: the count must not grow with them.
    for n in range(8):
        speaker = SpeakerFactory(
            conference=bukhara["conference"],
            person=PersonFactory(full_name_en=f"Fedulov Colleague{n}"),
        )
        QuoteFactory(conference=bukhara["conference"], speaker=speaker, text_en="Fedulov said so.")
    # Ranking: one query per model, the quotes two more (the speakers' names); showing the rows:
    # one per model, the people one more (their appearances); the page shell's few.
    with django_assert_max_num_queries(len(searchable_models()) * 2 + 3 + 6):
        response = client.get("/en/search/", {"q": "Fedulov"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("</mark> Colleague") >= 8
