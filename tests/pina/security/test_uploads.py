"""Image uploads: decompression bombs, SVG, metadata (GPS), file names, storage failures."""

import io
import json
import re
import struct
import zlib
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from pina.security.uploads import strip_metadata, validate_image_file

pytestmark = pytest.mark.django_db
URL = "/editor/upload/"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int, rows: int = 4) -> bytes:
    """A small PNG file whose header claims `width` x `height` grey pixels: a decompression
    bomb as an attacker sends it (the first rows of zeros compress to almost nothing)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * rows, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def upload(client, name, content, content_type="image/png"):
    return client.post(URL, {"upload": SimpleUploadedFile(name, content, content_type)})


def error_of(response):
    return json.loads(response.content)["error"]["message"]


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (41.0, 18.0, 0.0), 3: "E", 4: (69.0, 16.0, 0.0)}
    return exif


def image_bytes(fmt, **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def stored_file(settings, response) -> Path:
    assert response.status_code == 200, response.content
    url = json.loads(response.content)["url"]
    return Path(settings.MEDIA_ROOT) / url[len(settings.MEDIA_URL) :]


def test_pillow_uses_the_sites_pixel_limit(settings):
    assert settings.IMAGE_UPLOAD_MAX_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == settings.IMAGE_UPLOAD_MAX_PIXELS


# Between our limit and twice it, Pillow only warns on opening; our own check refuses.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("width", "height"),
    [
        (100_000, 100_000),  # 10 gigapixels: Pillow itself refuses to open it
        (9_000, 9_000),  # 81 megapixels: over our limit, under Pillow's refusal
        (65_535, 1_000),
        (1, 2**31 - 1),
    ],
)
def test_decompression_bombs_are_refused_before_decoding(client, editor, width, height):
    client.force_login(editor)
    bomb = png_declaring(width, height)
    assert len(bomb) < 50_000
    response = upload(client, "bomb.png", bomb)
    assert response.status_code == 400
    assert "too many pixels" in error_of(response)


def test_animation_frames_count_towards_the_pixel_limit(client, editor, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100 * 10
    frames = [Image.new("RGB", (100, 100), (i * 12, 0, 0)) for i in range(20)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    client.force_login(editor)
    response = upload(client, "anim.gif", buffer.getvalue(), "image/gif")
    assert response.status_code == 400
    assert "too many pixels" in error_of(response)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        (
            "logo.png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "image/png",
        ),
        ("logo.svgz", zlib.compress(b'<svg xmlns="http://www.w3.org/2000/svg"/>'), "image/svg+xml"),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ],
)
def test_svg_and_markup_are_refused(client, editor, name, content, content_type):
    client.force_login(editor)
    response = upload(client, name, content, content_type)
    assert response.status_code == 400
    assert error_of(response)


def test_other_raster_formats_pillow_reads_are_refused(client, editor):
    client.force_login(editor)
    response = upload(client, "x.bmp", image_bytes("BMP"), "image/bmp")
    assert response.status_code == 400
    assert "JPEG, PNG, GIF or WebP" in error_of(response)


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("JPEG", {"exif": gps_exif(), "comment": b"Taken at home"}),
        ("PNG", {"exif": gps_exif()}),
        ("WEBP", {"exif": gps_exif()}),
    ],
)
def test_gps_and_other_metadata_are_stripped(client, editor, settings, fmt, options):
    original = image_bytes(fmt, **options)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the test image really carries a position
    client.force_login(editor)
    path = stored_file(settings, upload(client, f"photo.{fmt.lower()}", original))
    with Image.open(path) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info
    assert b"CameraMaker" not in path.read_bytes()


def test_png_text_chunks_are_stripped(client, editor, settings):
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "41.31 N, 69.28 E")
    info.add_itxt("Author", "Jane Volunteer")
    original = image_bytes("PNG", pnginfo=info)
    client.force_login(editor)
    path = stored_file(settings, upload(client, "scan.png", original))
    data = path.read_bytes()
    assert b"Jane Volunteer" not in data and b"69.28" not in data


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.png",
        "..\\..\\windows\\win.ini.png",
        "my photo<script>alert(1)</script>.png",
        "фото волонтёра.png",
        "Oʻzbekiston maʼlumot.png",
        "a" * 300 + ".png",
        ".htaccess",
        "image.php.png",
        "nul\x00byte.png",
        "",
    ],
)
def test_stored_names_are_sanitized(client, editor, settings, name):
    client.force_login(editor)
    response = upload(client, name or "x", image_bytes("PNG"))
    path = stored_file(settings, response)
    relative = path.relative_to(Path(settings.MEDIA_ROOT)).as_posix()
    assert re.fullmatch(r"editor/\d{4}/\d{2}/[a-z0-9-]{1,60}-[0-9a-f]{8}\.png", relative), relative


def test_the_extension_follows_the_content_not_the_name(client, editor, settings):
    client.force_login(editor)
    path = stored_file(settings, upload(client, "really-a-jpeg.png", image_bytes("JPEG")))
    assert path.suffix == ".jpg"


def _object_storage_unreachable():
    from botocore.exceptions import EndpointConnectionError

    return EndpointConnectionError(endpoint_url="http://127.0.0.1:1/media")


@pytest.mark.parametrize(
    "failure",
    [lambda: OSError(28, "No space left on device"), _object_storage_unreachable],
    ids=["disk-full", "s3-unreachable"],
)
def test_storage_failure_gives_the_editor_a_message_and_stores_nothing(
    client, editor, settings, failure
):
    client.force_login(editor)
    before = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    with mock.patch("django.core.files.storage.FileSystemStorage._save", side_effect=failure()):
        response = upload(client, "ok.png", image_bytes("PNG"))
    assert response.status_code == 503
    assert "could not be stored" in error_of(response)
    after = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    assert after == before


class TestModelFieldValidator:
    def test_accepts_a_real_image(self):
        validate_image_file(SimpleUploadedFile("a.webp", image_bytes("WEBP")))

    @pytest.mark.parametrize(
        "content", [png_declaring(100_000, 100_000), b"<svg/>", b"GIF89a" + b"\0" * 10]
    )
    def test_refuses_bombs_svg_and_broken_files(self, content):
        with pytest.raises(ValidationError):
            validate_image_file(SimpleUploadedFile("a.png", content))

    def test_strip_metadata_keeps_the_pixels(self):
        clean = strip_metadata(SimpleUploadedFile("a.png", image_bytes("PNG", exif=gps_exif())))
        with Image.open(clean) as image:
            assert image.size == (32, 24)
            assert image.getpixel((5, 5)) == (10, 120, 200)
