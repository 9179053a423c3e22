"""Deleting a conference, an organization or a person deletes its files and their renditions
once the deletion commits (django-cleanup, pina.content.files): a PDF or a logo of a deleted
record must stop answering at its address; locally and on S3 (moto's server)."""

import pytest
from django.core.files.storage import default_storage

from tests.events.factories import (
    ConferenceFactory,
    DocumentFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.news.factories import cover_file

pytestmark = pytest.mark.django_db


def with_renditions(instance, field_name, *renditions):
    names = [getattr(instance, field_name).name]
    for attribute in renditions:
        rendition = getattr(instance, attribute)
        rendition.generate()
        names.append(rendition.name)
    assert all(default_storage.exists(name) for name in names)
    return names


def test_deleting_a_conference_deletes_its_cover_renditions_and_documents(
    django_capture_on_commit_callbacks,
):
    conference = ConferenceFactory(cover=cover_file())
    document = DocumentFactory(conference=conference)
    names = with_renditions(conference, "cover", "cover_card", "cover_large")
    names.append(document.file.name)
    assert default_storage.exists(document.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        conference.delete()

    assert [name for name in names if default_storage.exists(name)] == []


def test_a_removed_document_is_deleted(django_capture_on_commit_callbacks):
    document = DocumentFactory()
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not default_storage.exists(name)


def test_deleting_an_organization_deletes_its_logo_and_rendition(
    django_capture_on_commit_callbacks,
):
    organization = OrganizationFactory(logo=cover_file(name="logo.png", width=400, height=200))
    names = with_renditions(organization, "logo", "logo_small")
    with django_capture_on_commit_callbacks(execute=True):
        organization.delete()
    assert [name for name in names if default_storage.exists(name)] == []


def test_a_replaced_logo_is_deleted(django_capture_on_commit_callbacks):
    organization = OrganizationFactory(logo=cover_file(name="logo.jpg", width=400, height=200))
    old = with_renditions(organization, "logo", "logo_small")
    with django_capture_on_commit_callbacks(execute=True):
        organization.logo = cover_file(name="other.jpg", width=300, height=100)
        organization.save()
    assert not any(default_storage.exists(name) for name in old)
    assert default_storage.exists(organization.logo.name)


def test_deleting_a_person_deletes_their_photo_and_rendition(django_capture_on_commit_callbacks):
    person = PersonFactory(photo=cover_file(name="photo.jpg", width=300, height=300))
    names = with_renditions(person, "photo", "photo_small")
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert [name for name in names if default_storage.exists(name)] == []


def test_on_s3_deleted_conference_organization_and_person_leave_no_object(
    s3_media, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory(cover=cover_file())
    document = DocumentFactory(conference=conference)
    organization = OrganizationFactory(logo=cover_file(name="logo.png", width=400, height=200))
    person = PersonFactory(photo=cover_file(name="photo.jpg", width=300, height=300))
    names = [
        *with_renditions(conference, "cover", "cover_card", "cover_large"),
        document.file.name,
        *with_renditions(organization, "logo", "logo_small"),
        *with_renditions(person, "photo", "photo_small"),
    ]
    assert sorted(names) == s3_media()

    with django_capture_on_commit_callbacks(execute=True):
        conference.delete()
        organization.delete()
        person.delete()

    assert s3_media() == []
