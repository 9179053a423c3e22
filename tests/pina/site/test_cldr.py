"""Issue 16, point 5: country names and dates from CLDR (Babel), one name per country and
language everywhere, Uzbek apostrophes as the site writes them, dates in each language's
pattern."""

import datetime
import re

import pytest
from django.utils import translation
from django_countries import countries

from pina.site import cldr
from volunteers.forms import country_choices

pytestmark = pytest.mark.django_db


def names(language):
    with translation.override(language):
        return {code: name for code, name in countries if code}


def test_every_country_has_a_name_in_every_language():
    english = names("en")
    for language in ("ru", "uz"):
        translated = names(language)
        assert translated.keys() == english.keys()
        assert all(translated.values())


def test_no_english_name_is_left_in_the_russian_or_uzbek_list():
    english = names("en")
    # Identical only where CLDR itself writes the name the same way in both languages.
    for language in ("ru", "uz"):
        same = {code for code, name in names(language).items() if name == english[code]}
        expected = {
            code
            for code in same
            if cldr.territory_names(language).get(code) == cldr.territory_names("en")[code]
        }
        assert same == expected
    assert not any(re.search("[A-Za-z]", name) for name in names("ru").values())


@pytest.mark.parametrize(
    ("code", "uzbek"),
    [
        ("RU", "Rossiya"),
        ("CN", "Xitoy"),
        ("US", "Amerika Qoʻshma Shtatlari"),
        ("IR", "Eron"),
        ("SY", "Suriya"),
        ("KG", "Qirgʻiziston"),
        ("UZ", "Oʻzbekiston"),
        ("AF", "Afgʻoniston"),
        ("CI", "Kot-dʼIvuar"),
    ],
)
def test_uzbek_names_are_uzbek_with_the_sites_apostrophes(code, uzbek):
    assert names("uz")[code] == uzbek


def test_uzbek_names_use_only_the_sites_apostrophes():
    for name in names("uz").values():
        assert not re.search("['‘’`]", name), name
        assert not re.search("(?<![oOgG])ʻ", name), name


def test_english_names_are_the_short_ones():
    english = names("en")
    assert (english["NR"], english["BS"], english["US"]) == ("Nauru", "Bahamas", "United States")


def test_kyrgyzstan_has_one_russian_name_in_lists_filters_and_pages(client):
    assert names("ru")["KG"] == "Кыргызстан"
    with translation.override("ru"):
        groups = country_choices()
    options = dict(option for _label, group in groups[1:] for option in group)
    assert options["KG"] == "Кыргызстан"
    body = client.get("/ru/countries/").content.decode()
    assert "Киргизия" not in body


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "July 29, 2025"), ("ru", "29 июля 2025\u202fг."), ("uz", "29-iyul, 2025")],
)
def test_dates_follow_each_languages_pattern(language, expected):
    assert cldr.long_date(datetime.date(2025, 7, 29), language) == expected
    with translation.override(language):
        assert cldr.long_date(datetime.date(2025, 7, 29)) == expected


def test_a_moment_is_dated_in_the_sites_time_zone():
    late = datetime.datetime(2025, 7, 29, 20, 30, tzinfo=datetime.UTC)  # 01:30 in Tashkent
    assert cldr.long_date(late, "en") == "July 30, 2025"
    assert cldr.long_datetime(late, "ru") == "30 июля 2025\u202fг., 01:30"


def test_uzbek_months_are_lower_case_on_the_pages(client):
    from tests.news.factories import PostFactory

    post = PostFactory(published_at=datetime.datetime(2025, 7, 29, 9, 0, tzinfo=datetime.UTC))
    body = client.get(post.get_absolute_url().replace("/en/", "/uz/", 1)).content.decode()
    assert "29-iyul, 2025" in body and "Iyul" not in body
