"""Conferences, organizations and people have "recover deleted" and history screens like posts
(django-reversion): a recovered conference comes back with its roles, speakers, quotes,
sessions and documents, but not with the files django-cleanup deleted (the admin says so)."""

import pytest
import reversion
from django.core.files.storage import default_storage
from reversion.models import Version

from events.models import Conference, ConferenceDocument, Organization, Person, Quote, Session
from tests.news.factories import cover_file
from tests.scale.visitor import _FormParser

from .factories import (
    ConferenceFactory,
    DocumentFactory,
    FormerNameFactory,
    OrganizationFactory,
    PersonFactory,
    QuoteFactory,
    RoleFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


class _AdminFormParser(_FormParser):
    """A text input without a value is sent empty (the scale tests' parser sends "on")."""

    def handle_starttag(self, tag, attrs):
        kind = (dict(attrs).get("type") or "text").lower()
        if tag == "input" and kind not in ("checkbox", "radio") and "value" not in dict(attrs):
            attrs = [*attrs, ("value", "")]
        super().handle_starttag(tag, attrs)


def page_form(response):
    parser = _AdminFormParser()
    parser.feed(response.content.decode())
    # The change form, not the logout form of the header.
    return max((fields for _action, fields in parser.forms), key=len)


def deleted_version(model):
    return Version.objects.get_deleted(model).get()


@pytest.fixture
def deleted_conference(django_capture_on_commit_callbacks):
    conference = ConferenceFactory(title_en="Regional meeting", cover=cover_file())
    RoleFactory(conference=conference)
    speaker = SpeakerFactory(conference=conference)
    QuoteFactory(speaker=speaker, conference=conference)
    SessionFactory(conference=conference, title_en="Opening")
    document = DocumentFactory(conference=conference)
    with reversion.create_revision():
        conference.save()
    files = [conference.cover.name, document.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        conference.delete()
    assert not any(default_storage.exists(name) for name in files)
    return conference, files


def test_a_deleted_conference_is_listed_for_recovery(client, superuser, deleted_conference):
    client.force_login(superuser)
    page = client.get("/admin/events/conference/recover/")
    assert page.status_code == 200
    assert "Regional meeting" in page.content.decode()


def test_the_recover_screen_says_the_files_are_gone(client, superuser, deleted_conference):
    client.force_login(superuser)
    version = deleted_version(Conference)
    page = client.get(f"/admin/events/conference/recover/{version.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "cannot be recovered" in text
    assert "cover image" in text and "PDF file" in text


def test_recovering_a_conference_brings_back_its_rows_without_the_files(
    client, superuser, deleted_conference, django_capture_on_commit_callbacks
):
    _conference, files = deleted_conference
    client.force_login(superuser)
    version = deleted_version(Conference)
    url = f"/admin/events/conference/recover/{version.pk}/"
    data = page_form(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert response.redirect_chain, response.content.decode()[:3000]
    recovered = Conference.objects.get(title_en="Regional meeting")
    assert recovered.roles.count() == 1
    assert recovered.speakers.count() == 1
    assert Quote.objects.filter(conference=recovered).count() == 1
    assert Session.objects.get(conference=recovered).title_en == "Opening"
    # No address of a deleted file comes back: the cover is cleared, the document dropped.
    assert not recovered.cover
    assert not ConferenceDocument.objects.filter(conference=recovered).exists()
    assert "Saved without the files" in response.content.decode()
    assert not any(default_storage.exists(name) for name in files)


def test_an_organization_is_recovered_with_its_former_names(
    client, superuser, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(
        name_en="Agency", logo=cover_file(name="logo.jpg", width=300, height=100)
    )
    FormerNameFactory(organization=organization, name_en="Old agency")
    with reversion.create_revision():
        organization.save()
    with django_capture_on_commit_callbacks(execute=True):
        organization.delete()
    client.force_login(superuser)
    url = f"/admin/events/organization/recover/{deleted_version(Organization).pk}/"
    page = client.get(url)
    assert "cannot be recovered" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, page_form(page))
    assert response.status_code == 302
    recovered = Organization.objects.get(name_en="Agency")
    assert [name.name_en for name in recovered.former_names.all()] == ["Old agency"]
    assert not recovered.logo


def test_a_person_is_recovered(client, superuser, django_capture_on_commit_callbacks):
    person = PersonFactory(full_name_en="Aziza Karimova")
    with reversion.create_revision():
        person.save()
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    client.force_login(superuser)
    assert "Aziza Karimova" in client.get("/admin/events/person/recover/").content.decode()
    url = f"/admin/events/person/recover/{deleted_version(Person).pk}/"
    page = client.get(url)
    assert "cannot be recovered" not in page.content.decode()  # no file to lose
    response = client.post(url, page_form(page))
    assert response.status_code == 302
    assert Person.objects.filter(full_name_en="Aziza Karimova").exists()


def test_editing_a_conference_in_the_admin_records_a_version(client, superuser):
    conference = ConferenceFactory()
    client.force_login(superuser)
    url = f"/admin/events/conference/{conference.pk}/change/"
    response = client.post(url, page_form(client.get(url)))
    assert response.status_code == 302
    assert Version.objects.get_for_object(conference).count() == 1
    assert client.get(f"{url.removesuffix('change/')}history/").status_code == 200
