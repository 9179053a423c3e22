"""Media on S3-compatible object storage (django-storages), configured by environment variables
only. No real object store can run here: moto's server mode, started as a separate process on
127.0.0.1, stands in for it (as README.md says)."""

from __future__ import annotations

import io
import json
import re
import urllib.request

import pytest
from PIL import Image

from tests.news.factories import jpeg_bytes
from tests.scale import topology

from .actions import log_in
from .conftest import EDITOR, POST_SLUG
from .visitor import Visitor

BUCKET = "pina-media"


@pytest.fixture(scope="module")
def object_storage(scale_dir):
    pytest.importorskip("moto.server", reason="moto[server] is a dev dependency (make install-dev)")
    server = topology.MotoServer(scale_dir / "moto").start()
    try:
        yield server
    finally:
        server.stop()


def test_an_uploaded_cover_and_its_renditions_live_in_the_bucket(
    object_storage, site_environment, scale_dir, database
):
    import boto3

    credentials = {"AWS_ACCESS_KEY_ID": "moto-key", "AWS_SECRET_ACCESS_KEY": "moto-secret"}
    s3 = boto3.client(
        "s3",
        endpoint_url=object_storage.url,
        region_name="us-east-1",
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket=BUCKET)
    # Public images: anyone may read objects (docs/deploy.md), nobody may list or write.
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    }
                ],
            }
        ),
    )
    environment = {
        **site_environment,
        **credentials,
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": object_storage.url,
        "AWS_S3_REGION_NAME": "us-east-1",
        "PINA_SHARED_MEDIA_ROOT": "0",  # nothing may land on the local disk now
        "MEDIA_ROOT": str(scale_dir / "no-local-media"),
    }
    # The multi-instance check accepts this configuration (PINA_INSTANCES=2, S3 media).
    topology.manage(environment, "check")
    instance = topology.Gunicorn("s3", environment, scale_dir / "moto", workers=1).start()
    try:
        editor = Visitor()
        log_in(editor, instance.url, instance.url, *EDITOR)
        (post_id,) = database.query("SELECT id FROM news_post WHERE slug = ?", [POST_SLUG])[0]
        change_url = f"{instance.url}/admin/news/post/{post_id}/change/"
        form = editor.get(change_url).form_with("title_en")
        form["cover_alt_en"] = ["Delegates around a table"]
        cover = jpeg_bytes(1600, 900, colour=(200, 30, 30))
        saved = editor.post(
            change_url,
            form,
            follow=False,
            files={"cover_image": ("meeting.jpg", cover, "image/jpeg")},
        )
        assert saved.status == 302, re.findall(r'class="errorlist[^>]*>.*?</ul>', saved.body)

        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        assert any(key.startswith("news/covers/") for key in keys), keys
        assert any(key.startswith("renditions/") for key in keys), keys
        assert not (scale_dir / "no-local-media").exists()

        # The article's image comes from the bucket, and the CSP lets browsers load it.
        article = Visitor().get(f"{instance.url}/en/news/{POST_SLUG}/")
        assert object_storage.url in article.headers["Content-Security-Policy"]
        sources = re.findall(r'srcset="([^"]+)"', article.body)
        urls = [u.split()[0] for u in sources[0].split(", ")] if sources else []
        assert urls and all(u.startswith(f"{object_storage.url}/{BUCKET}/") for u in urls), urls
        with urllib.request.urlopen(urls[0], timeout=10) as response:
            data = response.read()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "WEBP"
            assert image.width < 1600  # a rendition, not the original
            assert image.convert("RGB").getpixel((5, 5))[0] > 150  # the red cover

    finally:
        instance.stop()
