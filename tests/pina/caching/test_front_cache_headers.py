"""What Django tells a front proxy (nginx's micro-cache) it may keep: public for the pages the
page cache stores, private for everything personal (pina.caching.page_cache)."""

import pytest
from django.utils.cache import cc_delim_re

from tests.volunteers.factories import VolunteerApplicationFactory
from volunteers import tokens

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.pina.caching.urls")]


def directives(response) -> set[str]:
    return {d.strip() for d in cc_delim_re.split(response.get("Cache-Control", "")) if d.strip()}


def vary(response) -> set[str]:
    return {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}


@pytest.mark.parametrize("page_cache", [True, False])
def test_public_pages_may_be_kept_for_a_second_by_a_front_proxy(client, settings, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    for path in ("/en/", "/test/counted/"):
        response = client.get(path)
        assert response.status_code == 200
        assert directives(response) == {"public", "max-age=1"}, path
        assert "cookie" in vary(response)


def test_the_front_cache_lifetime_is_a_setting_and_survives_the_page_cache(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_FRONT_CACHE_SECONDS = 5
    client.get("/test/counted/")
    replayed = client.get("/test/counted/")
    assert replayed["X-Page-Cache"] == "hit"
    assert directives(replayed) == {"public", "max-age=5"}


def test_a_view_s_own_public_lifetime_is_kept(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=86400"}


def test_pages_for_logged_in_staff_are_private(client, editor):
    client.force_login(editor)
    for path in ("/en/", "/admin/"):
        response = client.get(path)
        assert {"private", "no-store"} <= directives(response), path
        assert "public" not in directives(response)


def test_the_volunteer_form_and_its_links_are_private(client):
    application = VolunteerApplicationFactory()
    paths = [
        "/en/volunteer/",
        f"/en/volunteer/confirm/{tokens.make_token(application, tokens.CONFIRM)}/",
        f"/en/volunteer/withdraw/{tokens.make_token(application, tokens.WITHDRAW)}/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert {"private", "no-store"} <= directives(response), path


def test_responses_setting_cookies_and_posts_are_private(client):
    assert {"private", "no-store"} <= directives(client.get("/test/cookie/"))
    assert {"private", "no-store"} <= directives(client.get("/test/form/"))
    assert {"private", "no-store"} <= directives(client.post("/test/counted/"))


def test_a_pending_flash_message_makes_the_page_private(client):
    client.cookies["messages"] = "something"
    assert {"private", "no-store"} <= directives(client.get("/test/counted/"))


def test_exempt_views_are_private_but_browsers_may_keep_them(client):
    assert directives(client.get("/test/exempt/")) == {"private"}


def test_errors_are_not_declared_public(client):
    response = client.get("/en/nothing/")
    assert response.status_code == 404
    assert "public" not in directives(response)


@pytest.mark.parametrize("page_cache", [True, False])
def test_made_up_query_parameters_are_not_for_shared_caches(client, settings, page_cache):
    """A flood of made-up query strings must not fill nginx's cache: the address is not its
    normalised self, so shared caches are told to keep nothing (browsers may)."""
    settings.PAGE_CACHE_ENABLED = page_cache
    for path in ("/en/?utm_source=x", "/test/counted/?made-up=1", "/test/counted/?page=2&x=1"):
        # Twice, and after the normalised address: also when replayed from the page cache.
        client.get(path.split("?")[0])
        client.get(path)
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response) == {"public", "max-age=1", "s-maxage=0"}, path


@pytest.mark.parametrize("page_cache", [True, False])
def test_parameters_a_view_reads_stay_cacheable(client, settings, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    response = client.get("/test/counted/?page=2")
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=1"}


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_every_public_page_type_may_be_kept_and_nothing_personal_is(client, language):
    """What nginx's front cache may store (deploy/nginx/pina.conf) is exactly what Django says
    is public: every public page type, in every language, and none of the personal ones."""
    from news.preview import preview_url
    from tests.events.factories import ConferenceFactory, OrganizationFactory
    from tests.news.factories import CategoryFactory, PostFactory

    post = PostFactory()
    draft = PostFactory(status="draft")
    category = CategoryFactory()
    conference = ConferenceFactory()
    organization = OrganizationFactory()
    public = [
        f"/{language}/",
        f"/{language}/news/",
        f"/{language}/news/{post.slug}/",
        f"/{language}/news/category/{category.slug}/",
        f"/{language}/news/feed/",
        f"/{language}/search/?q=migration",
        f"/{language}/conferences/",
        f"/{language}{conference.get_absolute_url()[3:]}",
        f"/{language}/organizations/",
        f"/{language}{organization.get_absolute_url()[3:]}",
        f"/{language}/countries/",
        f"/{language}/countries/uz/",
        f"/{language}/help/",
        f"/{language}/privacy/",
        # The same for everyone (no enumeration); nginx still bypasses all of /volunteer/.
        f"/{language}/volunteer/thanks/",
    ]
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response) == {"public", "max-age=1"}, path
    application = VolunteerApplicationFactory()
    personal = [
        f"/{language}/volunteer/",
        f"/{language}/volunteer/confirm/{tokens.make_token(application, tokens.CONFIRM)}/",
        preview_url(draft).replace("/en/", f"/{language}/", 1),
        "/admin/login/",
        "/healthz",
    ]
    for path in personal:
        response = client.get(path)
        assert "public" not in directives(response), path
        assert "private" in directives(response) or "no-cache" in directives(response), path
