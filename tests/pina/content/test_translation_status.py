"""The translation read rule (pina.content.translation_status) and the admin lists built on it:
the "Translations" column and filter on posts, conferences, organizations, people and quotes,
with the list's query count independent of the number of rows."""

import re

import pytest

from events.models import Conference, Organization, Person, Quote
from news.models import Post
from tests.events.factories import (
    ConferenceFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
)
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db


def full_post(**overrides):
    fields = {
        "title_ru": "Партнёры встретились",
        "lead_ru": "Лид.",
        "body_ru": "<p>Текст.</p>",
        "title_uz": "Hamkorlar uchrashdi",
        "lead_uz": "Lid.",
        "body_uz": "<p>Matn.</p>",
    }
    fields.update(overrides)
    return PostFactory(**fields)


def test_a_post_is_translated_once_title_lead_and_body_exist_in_the_language():
    complete = full_post()
    no_ru_body = full_post(body_ru="")
    no_uz_at_all = full_post(title_uz=None, lead_uz=None, body_uz=None)
    english_only = PostFactory()

    assert set(Post.objects.missing_translation("ru")) == {no_ru_body, english_only}
    assert set(Post.objects.missing_translation("uz")) == {no_uz_at_all, english_only}
    assert list(Post.objects.translation_complete()) == [complete]
    status = {
        post.pk: (post.translated_ru, post.translated_uz)
        for post in Post.objects.with_translation_status()
    }
    assert status[complete.pk] == (True, True)
    assert status[no_ru_body.pk] == (False, True)
    assert status[no_uz_at_all.pk] == (True, False)
    assert status[english_only.pk] == (False, False)


def test_a_field_empty_in_english_is_not_asked_of_the_other_languages():
    """An organization without a description needs only its name translated."""
    named = OrganizationFactory(name_ru="Организация", name_uz="Tashkilot", description_en="")
    described = OrganizationFactory(
        name_ru="Организация", name_uz="Tashkilot", description_en="Helps victims."
    )
    assert list(Organization.objects.translation_complete()) == [named]
    assert list(Organization.objects.missing_translation("ru")) == [described]


def test_each_translated_model_declares_its_required_fields():
    for model, fields in [
        (Post, ("title", "lead", "body")),
        (Conference, ("title", "lead", "body")),
        (Organization, ("name", "description")),
        (Person, ("full_name", "bio")),
        (Quote, ("text",)),
    ]:
        assert type(model.objects.all()).translation_required_fields == fields


LISTS = [
    ("news/post", lambda: full_post(), lambda: PostFactory()),
    (
        "events/conference",
        lambda: ConferenceFactory(
            title_ru="Конференция",
            title_uz="Konferensiya",
            lead_ru="Лид.",
            lead_uz="Lid.",
            body_en="<p>Report.</p>",
            body_ru="<p>Отчёт.</p>",
            body_uz="<p>Hisobot.</p>",
        ),
        lambda: ConferenceFactory(body_en="<p>Report.</p>"),
    ),
    (
        "events/organization",
        lambda: OrganizationFactory(name_ru="Организация", name_uz="Tashkilot"),
        lambda: OrganizationFactory(),
    ),
    (
        "events/person",
        lambda: PersonFactory(full_name_ru="Нодира Каримова", full_name_uz="Nodira Karimova"),
        lambda: PersonFactory(),
    ),
    (
        "events/quote",
        lambda: QuoteFactory(text_ru="Такие встречи важны.", text_uz="Bunday uchrashuvlar muhim."),
        lambda: QuoteFactory(),
    ),
]


def rows_of(response) -> int:
    return response.content.decode().count('class="action-select"')


@pytest.mark.parametrize(("path", "make_translated", "make_english_only"), LISTS)
def test_translation_column_and_filter(client, superuser, path, make_translated, make_english_only):
    translated = make_translated()
    english_only = make_english_only()
    client.force_login(superuser)
    url = f"/admin/{path}/"

    page = client.get(url).content.decode()
    assert "Translations" in page  # the column's heading and the filter's title
    for choice in ("?translation=complete", "?translation=missing-ru", "?translation=missing-uz"):
        assert choice in page
    assert page.count('class="translation-complete"') == 1
    assert page.count('class="translation-missing"') == 1
    assert re.search(r'<abbr title="Russian">RU</abbr>\s*<abbr title="Uzbek">UZ</abbr>', page)

    complete = client.get(url, {"translation": "complete"})
    assert rows_of(complete) == 1
    assert f"/{translated.pk}/change/" in complete.content.decode()
    for code in ("ru", "uz"):
        missing = client.get(url, {"translation": f"missing-{code}"})
        assert rows_of(missing) == 1
        assert f"/{english_only.pk}/change/" in missing.content.decode()
    # A hand-made value filters nothing and is no error.
    assert client.get(url, {"translation": "missing-xx'"}).status_code == 200


@pytest.mark.parametrize(("path", "make_translated", "make_english_only"), LISTS)
def test_translation_column_costs_no_query_per_row(
    client, superuser, django_assert_max_num_queries, path, make_translated, make_english_only
):
    client.force_login(superuser)
    url = f"/admin/{path}/"
    make_translated()
    make_english_only()
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert rows_of(client.get(url)) == 2
    for _ in range(5):
        make_translated()
        make_english_only()
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert rows_of(response) == 12
    assert response.content.decode().count('class="translation-missing"') == 6
