"""A deleted or replaced cover leaves storage with its renditions, once the change commits
(django-cleanup, pina.content.files), on the local disk and on S3 (moto's server)."""

import pytest
from django.core.files.storage import default_storage

from tests.news.factories import PostFactory, cover_file

pytestmark = pytest.mark.django_db


def stored_names(post):
    """The cover and every rendition made from it (made now if they were not yet)."""
    names = [post.cover_image.name]
    for attribute in (
        "cover_card_400",
        "cover_card_800",
        "cover_640",
        "cover_960",
        "cover_1280",
        "cover_share",
        "cover_admin_thumb",
    ):
        rendition = getattr(post, attribute)
        rendition.generate()
        names.append(rendition.name)
    return names


def test_deleting_a_post_deletes_its_cover_and_renditions(django_capture_on_commit_callbacks):
    post = PostFactory(with_cover=True)
    names = stored_names(post)
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()

    assert [name for name in names if default_storage.exists(name)] == []


def test_files_stay_until_the_deletion_commits(django_capture_on_commit_callbacks):
    post = PostFactory(with_cover=True)
    names = stored_names(post)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post.delete()
    # Rolled back, the post would still need its files.
    assert all(default_storage.exists(name) for name in names)
    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(name) for name in names)


def test_a_replaced_cover_is_deleted_with_its_renditions(django_capture_on_commit_callbacks):
    post = PostFactory(with_cover=True)
    old_names = stored_names(post)
    with django_capture_on_commit_callbacks(execute=True):
        post.cover_image = cover_file(name="new.jpg", colour=(200, 30, 30))
        post.save()
    post.refresh_from_db()
    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(name) for name in stored_names(post))


def test_a_deleted_post_cover_no_longer_answers(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SERVE_MEDIA = True
    post = PostFactory(with_cover=True)
    url = post.cover_image.url
    if client.get(url).status_code != 200:
        pytest.skip("media are not served by Django in this configuration")
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert client.get(url).status_code == 404


def test_on_s3_a_deleted_post_leaves_no_object(s3_media, django_capture_on_commit_callbacks):
    post = PostFactory(with_cover=True)
    names = stored_names(post)
    assert set(names) <= set(s3_media())
    assert any(name.startswith("renditions/") for name in s3_media())

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()

    assert s3_media() == []


def test_on_s3_a_replaced_cover_leaves_only_the_new_files(
    s3_media, django_capture_on_commit_callbacks
):
    post = PostFactory(with_cover=True)
    old_names = stored_names(post)
    with django_capture_on_commit_callbacks(execute=True):
        post.cover_image = cover_file(name="new.jpg")
        post.save()
    post.refresh_from_db()
    new_names = stored_names(post)
    assert s3_media() == sorted(new_names)
    assert not set(old_names) & set(s3_media())
