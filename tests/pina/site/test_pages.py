import pytest
from django.core.management import call_command

from pina.site.models import SiteSettings
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


def test_home_page_shows_site_shell_when_apps_are_empty(client):
    html = client.get("/en/").content.decode()
    assert "PINA" in html
    assert "we would love to have you as part of our volunteer team" in html
    assert "Eurasia Foundation" in html
    assert "Initiative to Combat Trafficking in Persons in Central Asia" in html
    assert "mailto:network.pina@gmail.com" in html
    assert "© 2022 All rights reserved" in html


def test_site_texts_are_editable(client):
    record = SiteSettings.current()
    record.credit_line_en = "Supported by a new donor"
    record.save()
    assert "Supported by a new donor" in client.get("/en/").content.decode()


def test_branded_404(client):
    response = client.get("/en/this/does/not/exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html
    assert "Traceback" not in html


def test_404_in_russian(client):
    response = client.get("/ru/nothing-here/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_500_page_is_branded_and_needs_no_database(rf):
    from django.utils import translation

    from pina.site.views import server_error

    with translation.override("en"):
        response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html


def test_robots_txt_points_at_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_sitemap_lists_home_in_every_language(client):
    xml = sitemap_xml(client)
    for code in ("en", "ru", "uz"):
        assert f"<loc>http://testserver/{code}/</loc>" in xml
    assert 'hreflang="ru"' in xml


def test_load_demo_twice_changes_nothing(django_user_model):
    from django.apps import apps

    call_command("load_demo", stdout=None)
    counts = {m._meta.label: m.objects.count() for m in apps.get_models()}
    call_command("load_demo", stdout=None)
    assert counts == {m._meta.label: m.objects.count() for m in apps.get_models()}
    assert SiteSettings.objects.count() == 1


def test_ensure_staff_login_creates_one_superuser_with_random_password(django_user_model, capsys):
    call_command("ensure_staff_login")
    first = capsys.readouterr().out
    assert "Created the superuser 'admin'" in first
    call_command("ensure_staff_login")
    assert "A superuser exists" in capsys.readouterr().out
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
    password = first.split("password: ")[1].split()[0]
    assert len(password) >= 16
    assert django_user_model.objects.get(username="admin").check_password(password)


def test_staff_groups_exist():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Editors", "Volunteer coordinators"} <= names


def test_demo_translates_the_site_texts(client):
    call_command("load_demo", stdout=None)
    html = client.get("/ru/").content.decode()
    assert "Фонда Евразия" in html
    assert "© 2022 Все права защищены" in html
    assert "Oʻzbekiston" not in html
    assert "Barcha huquqlar himoyalangan" in client.get("/uz/").content.decode()


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
