"""A news post and the conference it reports on link to each other, and search finds both."""

import pytest
from django.core.management import call_command

from news.models import Post
from tests.events.factories import ConferenceFactory
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_article_links_to_its_conference_and_back(client):
    conference = ConferenceFactory(title_en="Bukhara Declaration review")
    post = PostFactory(title_en="Experts review the Bukhara Declaration", conference=conference)
    PostFactory(title_en="Draft about the conference", conference=conference, draft=True)

    article = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{conference.get_absolute_url()}">Bukhara Declaration review</a>' in article

    page = client.get(conference.get_absolute_url()).content.decode()
    assert "News about this conference" in page
    assert f'href="{post.get_absolute_url()}">Experts review the Bukhara Declaration</a>' in page
    assert "Draft about the conference" not in page


def test_an_unpublished_conference_is_not_linked(client):
    conference = ConferenceFactory(title_en="Closed meeting", is_published=False)
    post = PostFactory(conference=conference)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Closed meeting" not in html
    assert conference.get_absolute_url() not in html


def test_deleting_a_conference_keeps_its_posts(client):
    conference = ConferenceFactory()
    post = PostFactory(conference=conference)
    conference.delete()
    post.refresh_from_db()
    assert post.conference is None
    assert client.get(post.get_absolute_url()).status_code == 200


def test_site_search_finds_posts_and_conferences(client):
    ConferenceFactory(title_en="Regional conference on labour migration")
    PostFactory(title_en="Labour migration and trafficking risks")
    html = client.get("/en/search/", {"q": "migration"}).content.decode()
    assert "Regional conference on labour <mark>migration</mark>" in html
    assert "Labour <mark>migration</mark> and trafficking risks" in html
    assert "2 results" in html


def test_conference_page_query_count_with_related_posts(client, django_assert_max_num_queries):
    conference = ConferenceFactory()
    PostFactory.create_batch(8, conference=conference)
    client.get("/en/")  # warm the site settings cache, as in production
    with django_assert_max_num_queries(7):
        response = client.get(conference.get_absolute_url())
    assert response.content.decode().count('class="related-news"') == 1


def test_demo_links_the_seed_posts_to_their_conferences():
    call_command("load_demo", stdout=None)
    post_2025 = Post.objects.get(slug_en="world-day-against-trafficking-in-persons-2025")
    post_2022 = Post.objects.get(slug_en="conference-2022-bukhara-declaration")
    assert post_2025.conference.start_date.isoformat() == "2025-07-29"
    assert post_2022.conference.start_date.isoformat() == "2022-07-28"
