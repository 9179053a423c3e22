"""Issue 16, point 4, on the translated demo's own sentences: speakers are found by the position
they held, countries by their name in the visitor's language (in any of its forms), and content
that exists only in English is found but ranked below what is written in the visitor's language.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from pina.search.results import MergedResults, search_sources
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def results(query, language):
    with translation.override(language):
        return list(MergedResults(search_sources(), query)[:50])


def titled(found, title):
    return [result for result in found if result.title == title]


@pytest.mark.parametrize(
    ("language", "query", "person", "label"),
    [
        ("en", "Senate Committee on International Relations", "Alisher Agzamkhodjaev", "Speaker"),
        ("ru", "Комитета Сената по международным отношениям", "Алишер Агзамходжаев", "Выступающий"),
        ("uz", "militsiya polkovnigi", "Marlis Jumabayev", "Maʼruzachi"),
        ("ru", "полковник милиции", "Марлис Джумабаев", "Выступающий"),
    ],
)
def test_a_speaker_is_found_by_the_position_held(demo, language, query, person, label):
    found = titled(results(query, language), person)
    assert len(found) == 1, [result.title for result in results(query, language)]
    assert found[0].label == label
    assert f"/{language}/conferences/" in found[0].url


@pytest.mark.parametrize(
    ("language", "query", "name", "url"),
    [
        ("en", "Kazakhstan", "Kazakhstan", "/en/countries/kz/"),
        ("ru", "Казахстане", "Казахстан", "/ru/countries/kz/"),
        ("ru", "кыргызстан", "Кыргызстан", "/ru/countries/kg/"),
        ("uz", "Qirgʻiziston", "Qirgʻiziston", "/uz/countries/kg/"),
        ("uz", "Qirg'izistonda", "Qirgʻiziston", "/uz/countries/kg/"),
    ],
)
def test_a_country_is_found_by_its_name_in_the_visitors_language(demo, language, query, name, url):
    found = results(query, language)
    countries = titled(found, name)
    assert len(countries) == 1
    assert countries[0].url == url
    # The country's page is what a query of its name alone most likely looks for.
    assert found[0] == countries[0]


def test_a_country_needs_every_word_of_the_query(demo):
    assert not titled(results("Kazakhstan referral", "en"), "Kazakhstan")
    assert not titled(results("Kazakhstan -Kazakhstan", "en"), "Kazakhstan")


def test_english_only_content_is_found_below_the_visitors_language(demo):
    PostFactory(
        title_en="ISTIQBOLLI AVLOD opens a shelter",
        lead_en="ISTIQBOLLI AVLOD opened a shelter for survivors.",
        body_en="<p>The ISTIQBOLLI AVLOD centre opened a shelter.</p>",
    )
    for language in ("ru", "uz"):
        found = results("ISTIQBOLLI AVLOD", language)
        english = titled(found, "ISTIQBOLLI AVLOD opens a shelter")
        assert len(english) == 1 and english[0].fallback_language == "en"
        native = [result for result in found if not result.fallback_language]
        assert native, "the demo's translated pages name the centre"
        assert max(found.index(result) for result in native) < found.index(english[0])
    # In English every row is in the visitor's language: the newest, best match may lead.
    assert titled(results("ISTIQBOLLI AVLOD", "en"), "ISTIQBOLLI AVLOD opens a shelter")
