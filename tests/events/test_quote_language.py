"""Issue 16, points 1 and 3: a quote shown in a language other than the one it was said in says
so in small print, and words shown as the English fallback carry lang="en"."""

import re

import pytest

from .factories import ConferenceFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    conference = ConferenceFactory()
    speaker = SpeakerFactory(
        conference=conference, position_en="Head of a department", position_ru="Глава отдела"
    )
    QuoteFactory(
        conference=conference,
        speaker=speaker,
        language="ru",
        text_en="We must talk about this problem.",
        text_ru="Мы должны говорить об этой проблеме.",
        text_uz="",
    )
    return conference


def quote_html(client, conference, language):
    body = client.get(f"/{language}/conferences/{conference.slug}/").content.decode()
    return re.search(r'<figure class="quote">.*?</figure>', body, re.S).group(0)


def test_in_the_language_it_was_said_in_there_is_no_mark(client, conference):
    html = quote_html(client, conference, "ru")
    assert "Мы должны говорить" in html
    assert "quote-translated" not in html and 'lang="' not in html


def test_in_another_language_the_quote_says_it_is_a_translation(client, conference):
    html = quote_html(client, conference, "en")
    assert "We must talk about this problem." in html
    assert '<small class="quote-translated">(translated)</small>' in html


def test_an_english_fallback_is_marked_as_english_and_as_a_translation(client, conference):
    html = quote_html(client, conference, "uz")
    assert '<blockquote lang="en">' in html and "We must talk about this problem." in html
    assert "(tarjima)" in html


def test_a_quote_of_unknown_language_claims_nothing(client, conference):
    conference.quotes.update(language="")
    for language in ("en", "ru"):
        assert "quote-translated" not in quote_html(client, conference, language)


def test_an_english_fallback_of_unknown_language_says_it_is_english(client, conference):
    conference.quotes.update(language="")
    html = quote_html(client, conference, "uz")
    assert '<blockquote lang="en">' in html
    assert '<small class="quote-translated">(ingliz tilida)</small>' in html
    # The speaker's position falls back too, and says which language it is in.
    assert '<span lang="en">Head of a department</span>' in html
