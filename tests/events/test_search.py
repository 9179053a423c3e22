import datetime

import pytest
from django.db import connection
from django.utils import translation

from events.models import Conference

from .factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [conference.title for conference in queryset]


def test_search_finds_published_conferences_in_the_active_language():
    ConferenceFactory(
        title_en="Conference on the Bukhara Declaration",
        title_ru="Конференция о Бухарской декларации",
        lead_en="National practices of combating trafficking.",
    )
    ConferenceFactory(title_en="Draft about the Bukhara Declaration", is_published=False)
    with translation.override("en"):
        results = list(Conference.objects.search("Bukhara declaration"))
        assert titles(results) == ["Conference on the Bukhara Declaration"]
        assert results[0].rank > 0
        assert not Conference.objects.search("Бухарской").exists()
    with translation.override("ru"):
        assert titles(Conference.objects.search("бухарской")) == [
            "Конференция о Бухарской декларации"
        ]


def test_cyrillic_search_ignores_case():
    ConferenceFactory(title_en="Conference", title_ru="Торговля людьми: современные угрозы")
    with translation.override("ru"):
        for query in ("ТОРГОВЛЯ", "торговля", "Торговля угрозы", "УГРОЗЫ"):
            assert Conference.objects.search(query).count() == 1, query


def test_uzbek_apostrophes_compare_equal():
    ConferenceFactory(title_en="Conference", title_uz="Oʻzbekistonda konferensiya")
    ConferenceFactory(title_en="Other", title_uz="Ma’lumot va gʼoyalar")
    with translation.override("uz"):
        for query in ("O'zbekistonda", "oʻzbekistonda", "O’zbekistonda", "Oʼzbekistonda"):
            assert titles(Conference.objects.search(query)) == ["Oʻzbekistonda konferensiya"]
        for query in ("maʻlumot", "ma'lumot", "gʻoyalar", "g‘oyalar", "g`oyalar"):
            assert titles(Conference.objects.search(query)) == ["Ma’lumot va gʼoyalar"], query
        if connection.vendor == "postgresql":
            # A letter of the word, not a break: "zbekistonda" is no word of the document. (The
            # SQLite fallback matches parts of words, so it finds it.)
            assert not Conference.objects.search("zbekistonda").exists()


def test_language_without_text_is_searched_in_english():
    ConferenceFactory(title_en="Human Trafficking: Modern Threats", title_ru="")
    with translation.override("ru"):
        assert titles(Conference.objects.search("threats")) == ["Human Trafficking: Modern Threats"]


def test_title_match_ranks_above_body_match_then_newest_first():
    ConferenceFactory(
        title_en="Regional meeting",
        lead_en="",
        body_en="<p>The role of civil society was discussed.</p>",
        start_date=datetime.date(2025, 7, 29),
    )
    ConferenceFactory(title_en="Civil society conference", start_date=datetime.date(2020, 1, 1))
    ConferenceFactory(
        title_en="Civil society forum", lead_en="", start_date=datetime.date(2024, 1, 1)
    )
    with translation.override("en"):
        results = list(Conference.objects.search("civil society"))
    assert titles(results)[-1] == "Regional meeting"
    assert results[0].rank >= results[1].rank > results[2].rank


def test_excluded_words_and_blank_queries():
    ConferenceFactory(title_en="Internet and trafficking")
    ConferenceFactory(title_en="Border and trafficking")
    with translation.override("en"):
        assert titles(Conference.objects.search("trafficking -internet")) == [
            "Border and trafficking"
        ]
        assert not Conference.objects.search("").exists()
        assert not Conference.objects.search("   ").exists()
        assert list(Conference.objects.search(None)) == []


@pytest.mark.parametrize(
    "query",
    ['"', "'", "-", "!!!", "a & b | c", "<script>", "\x00", "x" * 1000, "OR", '" OR "', "(", ":*"],
)
def test_odd_queries_never_raise(query):
    ConferenceFactory(title_en="Trafficking conference")
    with translation.override("en"):
        list(Conference.objects.search(query))


def test_results_give_title_excerpt_and_url():
    conference = ConferenceFactory(
        title_en="Trafficking conference",
        lead_en="",
        body_en="<p>Speakers <strong>emphasized</strong> cooperation &amp; trust.</p>",
    )
    with translation.override("en"):
        result = Conference.objects.search("emphasized").get()
        assert result.search_title() == "Trafficking conference"
        assert result.excerpt == "Speakers emphasized cooperation & trust."
        assert "<" not in result.search_excerpt()
        assert result.get_absolute_url() == f"/en/conferences/{conference.slug}/"
        assert result.search_date() == conference.start_date


def explain_without_other_indexes(queryset):
    """The plan with sequential scans, plain index scans (in date order, filtering each row) and
    the visibility index out of the way (inside the test's transaction, which is rolled back), so
    it shows whether the GIN index matches at all."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("DROP INDEX events_conf_visible_idx")
    return queryset.explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_stems_words_and_uses_the_gin_index():
    ConferenceFactory(title_en="Combating trafficking", title_ru="Противодействие торговле людьми")
    with translation.override("en"):
        assert Conference.objects.search("combat traffickers OR trafficked").count() == 1
        plan = explain_without_other_indexes(Conference.objects.search("trafficking"))
        assert "Bitmap Index Scan on events_conference_search_en" in plan
    with translation.override("ru"):
        assert Conference.objects.search("торговля").count() == 1  # Russian stemming
        plan = Conference.objects.search("торговля").explain()
        assert "Bitmap Index Scan on events_conference_search_ru" in plan
