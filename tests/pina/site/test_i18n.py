import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("ru-RU,ru;q=0.9,en;q=0.5", "/ru/"), ("uz", "/uz/"), ("fr-FR", "/en/"), ("", "/en/")],
)
def test_root_redirects_to_preferred_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("code", ["en", "ru", "uz"])
def test_home_page_in_each_language(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    for other in ("en", "ru", "uz"):
        assert f'hreflang="{other}" href="http://testserver/{other}/"' in html
    assert 'hreflang="x-default" href="http://testserver/en/"' in html
    assert '<link rel="canonical" href="http://testserver/' + code + '/">' in html


def test_ui_strings_are_translated(client):
    assert "Перейти к основному содержанию" in client.get("/ru/").content.decode()
    assert "Asosiy mazmunga oʻtish" in client.get("/uz/").content.decode()


def test_language_switcher_keeps_the_page_and_needs_no_script(client):
    html = client.get("/en/?page=2").content.decode()
    # Links, not a script-driven form: they work without JavaScript.
    assert 'href="/ru/?page=2" hreflang="ru"' in html
    assert 'href="/uz/?page=2" hreflang="uz"' in html
    assert '<span aria-current="true" lang="en">English</span>' in html


def test_switcher_on_a_missing_page_swaps_the_prefix(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert 'href="/ru/no-such-page/"' in response.content.decode()


def test_site_settings_fall_back_to_english(client):
    from pina.site.models import SiteSettings

    record = SiteSettings.current()
    record.tagline_en = "English tagline"
    record.tagline_ru = "Русский слоган"
    record.tagline_uz = ""
    record.save()
    assert "Русский слоган" in client.get("/ru/").content.decode()
    assert "English tagline" in client.get("/uz/").content.decode()
