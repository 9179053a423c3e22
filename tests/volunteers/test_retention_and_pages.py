"""The retention command, the public pages around the form, and the demo content."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.sitemaps import sitemap_xml
from volunteers.models import PrivacyNotice, VolunteerApplication, VolunteerPage

from .factories import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db


def aged(status, days, **extra):
    return VolunteerApplicationFactory(
        status=status, status_changed_at=timezone.now() - timedelta(days=days), **extra
    )


def test_retention_anonymizes_only_old_declined_and_withdrawn(settings):
    settings.VOLUNTEER_RETENTION_DAYS = 365
    old_declined = aged("declined", 400, full_name="Old Declined")
    old_withdrawn = aged("withdrawn", 366, full_name="Old Withdrawn")
    recent_declined = aged("declined", 30, full_name="Recent Declined")
    old_active = aged("active", 900, full_name="Old Active")
    old_new = aged("new", 900, full_name="Old New")
    out = StringIO()
    call_command("anonymize_old_applications", stdout=out)
    assert "Erased the personal data of 2 " in out.getvalue()
    for application in (old_declined, old_withdrawn):
        application.refresh_from_db()
        assert application.is_anonymized and application.full_name == ""
        assert application.status in ("declined", "withdrawn")  # the status is kept
    for application in (recent_declined, old_active, old_new):
        application.refresh_from_db()
        assert not application.is_anonymized
    # Running again finds nothing more.
    out = StringIO()
    call_command("anonymize_old_applications", stdout=out)
    assert " 0 " in out.getvalue()


def test_retention_days_come_from_the_setting_or_the_option(settings):
    settings.VOLUNTEER_RETENTION_DAYS = 10
    application = aged("declined", 20)
    out = StringIO()
    call_command("anonymize_old_applications", "--dry-run", stdout=out)
    assert "Would erase the personal data of 1 " in out.getvalue()
    application.refresh_from_db()
    assert not application.is_anonymized
    call_command("anonymize_old_applications", "--days", "30", stdout=StringIO())
    application.refresh_from_db()
    assert not application.is_anonymized
    call_command("anonymize_old_applications", stdout=StringIO())
    application.refresh_from_db()
    assert application.is_anonymized
    with pytest.raises(CommandError):
        call_command("anonymize_old_applications", "--days", "-1")


def test_privacy_notice_states_the_configured_retention(client, settings):
    settings.VOLUNTEER_RETENTION_DAYS = 90
    response = client.get("/en/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Privacy notice" in html
    assert "its personal data is erased 90 days later" in html
    assert "network.pina@gmail.com" in html
    ru = client.get("/ru/privacy/").content.decode()
    assert "Уведомление о конфиденциальности" in ru
    assert "90 дней" in ru
    uz = client.get("/uz/privacy/").content.decode()
    assert "Maxfiylik toʻgʻrisida bildirishnoma" in uz
    assert "90 kundan" in uz


def test_privacy_notice_is_editable(client):
    notice = PrivacyNotice.current()
    notice.body_en = "<p>Edited by staff</p><script>alert(1)</script>"
    notice.save()
    html = client.get("/en/privacy/").content.decode()
    assert "Edited by staff" in html
    assert "alert(1)" not in html  # rich text is sanitized on save


def test_volunteer_page_text_is_editable_and_translated(client):
    page = VolunteerPage.current()
    page.intro_ru = "<p>Новый текст для волонтёров</p>"
    page.save()
    assert "Новый текст для волонтёров" in client.get("/ru/volunteer/").content.decode()
    # English stays; a missing Uzbek text falls back to English.
    page.intro_uz = ""
    page.save()
    assert "we would love to have you" in client.get("/uz/volunteer/").content.decode()


def test_thanks_page_says_what_happens_next(client):
    response = client.get("/en/volunteer/thanks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you for offering to help" in html
    assert "confirms your" in html and "withdraw" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_pages_exist_in_every_language(client, language):
    for path in ("volunteer/", "volunteer/thanks/", "privacy/"):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


def test_home_page_calls_to_the_form(client):
    html = client.get("/ru/").content.decode()
    assert 'href="/ru/volunteer/"' in html
    assert 'class="button" href="/ru/volunteer/"' in html


def test_navigation_and_footer_link_the_pages(client):
    html = client.get("/en/").content.decode()
    assert '<a href="/en/volunteer/"' in html
    assert '<a href="/en/privacy/">' in html


def test_sitemap_lists_the_form_and_the_privacy_notice(client):
    xml = sitemap_xml(client)
    for language in ("en", "ru", "uz"):
        assert f"<loc>http://testserver/{language}/volunteer/</loc>" in xml
        assert f"<loc>http://testserver/{language}/privacy/</loc>" in xml
    assert "/volunteer/thanks/" not in xml


def test_demo_texts_load_twice_without_change():
    call_command("load_demo", stdout=StringIO())
    first = (VolunteerPage.objects.get().title_ru, PrivacyNotice.objects.get().updated_at)
    call_command("load_demo", stdout=StringIO())
    assert (VolunteerPage.objects.get().title_ru, PrivacyNotice.objects.get().updated_at) == first
    assert first[0] == "Станьте волонтёром PINA"
    assert VolunteerApplication.objects.count() == 0  # no fake personal data


def test_choices_are_seeded_in_three_languages():
    from django.utils import translation

    from volunteers.models import InterestArea, SpokenLanguage

    assert list(SpokenLanguage.objects.values_list("code", flat=True)) == [
        "uz",
        "ru",
        "en",
        "kk",
        "ky",
        "tg",
        "tk",
        "other",
    ]
    assert InterestArea.objects.count() == 7
    with translation.override("uz"):
        assert str(SpokenLanguage.objects.get(code="ky")) == "Qirgʻiz tili"
    with translation.override("ru"):
        assert str(InterestArea.objects.get(code="legal-aid")) == "Юридическая помощь"
