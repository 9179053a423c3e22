import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db
URL = "/editor/upload/"


def image_bytes(fmt="PNG", size=(40, 30), exif=None):
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def test_anonymous_upload_is_refused(client):
    upload = SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    response = client.post(URL, {"upload": upload})
    assert response.status_code == 403


def test_non_staff_upload_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("someone", password="x" * 20)
    client.force_login(user)
    upload = SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    assert client.post(URL, {"upload": upload}).status_code == 403


def test_get_is_not_allowed(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("evil.png", b"<?php echo 'hi'; ?>", "image/png"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("doc.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
        ("trunc.jpg", image_bytes("JPEG")[:200], "image/jpeg"),
    ],
)
def test_non_images_are_refused_whatever_their_name(client, editor, name, content, content_type):
    client.force_login(editor)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(URL, {"upload": upload})
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["message"]


def test_oversized_image_is_refused(client, editor, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    client.force_login(editor)
    upload = SimpleUploadedFile("big.png", image_bytes(size=(400, 400)), content_type="image/png")
    response = client.post(URL, {"upload": upload})
    assert response.status_code == 400
    assert "too large" in json.loads(response.content)["error"]["message"]


def test_pixel_bomb_is_refused(client, editor, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100
    client.force_login(editor)
    upload = SimpleUploadedFile("wide.png", image_bytes(size=(50, 50)), content_type="image/png")
    assert client.post(URL, {"upload": upload}).status_code == 400


def test_staff_image_is_stored_without_metadata(client, editor, settings):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (41.0, 18.0, 0.0)}  # GPS IFD
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "my photo<script>.jpg", image_bytes("JPEG", exif=exif), content_type="image/jpeg"
    )
    response = client.post(URL, {"upload": upload})
    assert response.status_code == 200, response.content
    url = json.loads(response.content)["url"]
    assert url.startswith("/media/editor/")
    assert "<" not in url and " " not in url
    stored = settings.MEDIA_ROOT / url[len("/media/") :]
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
