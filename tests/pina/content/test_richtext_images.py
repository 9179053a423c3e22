"""Issue 18, point 8: images in rich-text bodies are served as WebP renditions (srcset, width,
height) made once, when the text is saved; showing the page does no image work."""

import io
import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from news.models import Post
from pina.content import richtext_images
from pina.content.richtext import sanitize_html
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db


def editor_upload(name="editor/2026/12/harbour.jpg", size=(1600, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, "JPEG", quality=90)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def body_with(name):
    return (
        f'<p>Before.</p><figure class="image"><img src="/media/{name}" alt="The harbour"></figure>'
    )


def img_tag(html):
    return re.search(r"<img[^>]*>", html).group(0)


def test_an_editor_image_gets_webp_renditions_with_its_size():
    name = editor_upload()
    post = PostFactory(body_en=body_with(name))
    tag = img_tag(Post.objects.get(pk=post.pk).body_en)
    assert f'src="/media/{name}"' in tag  # the original stays the fallback
    assert 'width="1600"' in tag and 'height="900"' in tag
    candidates = re.search(r'srcset="([^"]+)"', tag).group(1).split(", ")
    widths = [int(candidate.rsplit(" ", 1)[1].rstrip("w")) for candidate in candidates]
    assert widths == [480, 800, 1200]
    for candidate in candidates:
        url = candidate.rsplit(" ", 1)[0]
        assert url.endswith(".webp")
        with default_storage.open(url.removeprefix("/media/")) as rendition:
            image = Image.open(rendition)
            assert image.format == "WEBP"
            assert image.width in widths
    assert 'sizes="' in tag and 'loading="lazy"' in tag and 'alt="The harbour"' in tag


def test_a_small_image_is_offered_at_its_own_width_only():
    name = editor_upload("editor/2026/12/icon.jpg", size=(300, 200))
    post = PostFactory(body_en=body_with(name))
    tag = img_tag(Post.objects.get(pk=post.pk).body_en)
    assert re.search(r'srcset="/media/renditions/editor/2026/12/icon-300w\.webp 300w"', tag)


def test_renditions_are_made_once_not_at_every_save():
    name = editor_upload()
    post = PostFactory(body_en=body_with(name))
    with mock.patch.object(default_storage, "save", wraps=default_storage.save) as saved:
        post.title_en = "Changed title"
        post.save()
    assert saved.call_count == 0
    assert Post.objects.get(pk=post.pk).body_en.count("srcset=") == 1


def test_showing_the_article_does_no_image_work(client):
    name = editor_upload()
    post = PostFactory(body_en=body_with(name))
    with (
        mock.patch.object(richtext_images.Image, "open", side_effect=AssertionError("opened")),
        mock.patch.object(default_storage, "save", side_effect=AssertionError("saved")),
    ):
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert ".webp 480w" in response.content.decode()


def test_an_old_body_with_a_plain_image_still_renders(client):
    post = PostFactory()
    # Stored before renditions existed: written straight to the table, no save() of the model.
    Post.objects.filter(pk=post.pk).update(
        body_en='<p><img src="/media/editor/old.png" alt="x"></p>'
    )
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert '<img src="/media/editor/old.png" alt="x">' in response.content.decode()


def test_a_missing_file_or_another_folder_is_left_as_written():
    missing = '<p><img src="/media/editor/2026/12/gone.jpg" alt="gone"></p>'
    other = '<p><img src="/static/img/logo.png" alt="logo"></p>'
    assert richtext_images.with_renditions(missing) == missing
    assert richtext_images.with_renditions(other) == other


def test_the_sanitizer_keeps_local_srcsets_and_drops_foreign_ones():
    local = '<img src="/media/a.jpg" srcset="/media/a-480w.webp 480w" sizes="100vw" loading="lazy">'
    assert 'srcset="/media/a-480w.webp 480w"' in sanitize_html(local)
    foreign = '<img src="/media/a.jpg" srcset="https://tracker.example/p.gif 1w" loading="x">'
    cleaned = sanitize_html(foreign)
    assert "srcset" not in cleaned and "tracker" not in cleaned and "loading" not in cleaned
