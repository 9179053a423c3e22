"""Issue 16, point 7: a fourth language (Kazakh here) is a settings change. What is read from
settings.LANGUAGES at run time follows it: the language links and hreflang, the Open Graph
locale, CLDR's country names and dates, the search's configuration and, on PostgreSQL, the
stored search vectors, which `migrate` adds for the new language (pina.search.languages)."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import translation

from news.models import Post
from pina.search.languages import add_missing_search_columns
from pina.search.postgres import postgres_config
from pina.site import cldr
from pina.site.languages import language_versions, og_locale
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db

WITH_KAZAKH = [("en", "English"), ("ru", "Russian"), ("uz", "Uzbek"), ("kk", "Kazakh")]


@pytest.fixture
def kazakh():
    with override_settings(
        LANGUAGES=WITH_KAZAKH,
        MODELTRANSLATION_LANGUAGES=tuple(code for code, _name in WITH_KAZAKH),
    ):
        yield


def test_the_settings_list_the_content_languages_from_languages():
    from django.conf import settings

    assert tuple(code for code, _ in settings.LANGUAGES) == settings.MODELTRANSLATION_LANGUAGES


def test_language_links_and_open_graph_follow_languages(kazakh):
    request = RequestFactory().get("/en/news/")
    with translation.override("en"):
        versions = {version["code"]: version for version in language_versions(request)}
    assert versions["kk"]["url"] == "/kk/news/"
    assert versions["kk"]["name"] == "Қазақ"  # its own name for itself, from Django
    assert og_locale("kk") == "kk_KZ"


def test_country_names_and_dates_come_from_cldr_for_the_new_language(kazakh):
    assert cldr.country_name("UZ", "kk") == "Өзбекстан"
    assert cldr.long_date(datetime.date(2025, 7, 29), "kk") == "2025\u202fж. 29 шілде"


def test_the_search_has_a_configuration_for_the_new_language():
    # No Snowball stemmer for Kazakh: PostgreSQL's `simple`, prefixes, as for Uzbek.
    assert postgres_config("kk") == "simple"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors: PostgreSQL only")
def test_migrate_adds_the_stored_search_vectors_of_the_new_language(request):
    post = PostFactory(title_en="Referral of trafficking victims")
    request.getfixturevalue("kazakh")
    with connection.cursor() as cursor:
        # The test's transaction holds the insert's deferred foreign key checks, which would
        # stop an ALTER TABLE; `migrate` runs with none pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    added = add_missing_search_columns()
    assert "news_post.search_kk" in added and "events_speaker.search_kk" in added
    assert add_missing_search_columns() == []  # nothing is added twice
    with translation.override("kk"):
        # Until it is translated, its Kazakh vector holds the English text it falls back to.
        assert [pk for pk, _rank in Post.objects.search_ranks("traffick")] == [post.pk]
