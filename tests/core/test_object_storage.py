"""Media in a bucket (COMPENDIUM_MEDIA_STORAGE=s3), against moto's real S3 server on loopback.

One server for the module; every test gets a bucket of its own, made by `media_bucket --create`,
so that listing it shows exactly what that test wrote.
"""

import io
import itertools
import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image as Picture

from articles.core.images import rendition_names
from articles.media.models import Image
from articles.media.services import image_save
from config.media import media_origin, s3_media_options
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_member
from tests.servers import S3_KEYS, s3_server

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BACKEND = "articles.core.object_storage.S3Storage"
LONG_LIVED = "public, max-age=31536000, immutable"
CDN = "https://media.example.test"
_buckets = itertools.count(1)


def _jpeg(name="harbour.jpg", colour=(30, 90, 140), width=2000, height=1000):
    buffer = io.BytesIO()
    Picture.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _environ(endpoint, bucket):
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        **S3_KEYS,
    }


def _use_s3(settings, options):
    """Point the default storage at a bucket; Django's setting_changed receiver forgets the
    storages it built, and FileFields hold `default_storage`, which follows."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": BACKEND, "OPTIONS": options}}
    settings.COMPENDIUM_MEDIA_STORAGE = "s3"


def _keys(s3, bucket):
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {entry["Key"] for page in pages for entry in page.get("Contents", [])}


def _fetch(url):
    """GET `url` as a reader's browser does: no credentials, no signature."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def _media_urls(html):
    """Every address in an `src` or `srcset` of `html`, srcset descriptors dropped."""
    urls = []
    for attribute, value in re.findall(r'\b(src|srcset)="([^"]*)"', html):
        candidates = value.split(",") if attribute == "srcset" else [value]
        urls += [candidate.split()[0] for candidate in candidates if candidate.strip()]
    return [url for url in urls if "/library/" in url]


def _upload(client, name="harbour.jpg", colour=(30, 90, 140), title="Harbour"):
    """Upload an image to the library through the admin; return it and the bytes sent."""
    upload = _jpeg(name, colour)
    response = client.post(
        reverse("admin:media_image_add"),
        {"file": upload, "title": title, "alt": "Cranes", "focal_x": 50, "focal_y": 50},
    )
    assert response.status_code == 302
    upload.seek(0)
    return Image.objects.get(title=title), upload.read()


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    with s3_server(tmp_path_factory.mktemp("s3")) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def s3(s3_endpoint):
    """A client of our own, to look into the buckets behind the app's back."""
    keys = {"aws_access_key_id": S3_KEYS["AWS_ACCESS_KEY_ID"]}
    keys["aws_secret_access_key"] = S3_KEYS["AWS_SECRET_ACCESS_KEY"]
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **keys)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new, empty media bucket, made by `media_bucket --create`, as the default storage."""
    name = f"media-{next(_buckets)}"
    _use_s3(settings, s3_media_options(_environ(s3_endpoint, name)))
    out = io.StringIO()
    call_command("media_bucket", create=True, stdout=out)
    assert f"Media bucket {name} is ready" in out.getvalue()
    return name


@pytest.fixture
def editor_client(client, bucket):
    client.force_login(make_member("Editor"))
    return client


@pytest.fixture
def s3_calls(bucket):
    """The names of the S3 operations the app's storage calls, as they happen."""
    calls = []

    def record(model, **kwargs):
        calls.append(model.name)

    events = storages["default"].connection.meta.client.meta.events
    events.register("before-call.s3", record)
    yield calls
    events.unregister("before-call.s3", record)


@pytest.fixture
def pictured_article(editor_client):
    """A published article with a library image as its hero and in its body."""
    image, _ = _upload(editor_client)
    article = make_article(slug="harbours", body=f"Cranes.\n\n![](image:{image.pk})")
    data = article_data(article, hero_source=image.pk, hero_alt="")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    return article, image


# Uploads -----------------------------------------------------------------------------------


def test_an_upload_puts_the_original_and_every_rendition_in_the_bucket(
    editor_client, bucket, s3, settings
):
    image, sent = _upload(editor_client)

    names = rendition_names(image.renditions)
    assert len(names) == 6  # JPEG and WebP at 480, 960 and 1600 pixels
    assert _keys(s3, bucket) == {image.file.name, *names}
    original = s3.get_object(Bucket=bucket, Key=image.file.name)
    assert original["Body"].read() == sent
    assert original["CacheControl"] == LONG_LIVED
    webp = s3.head_object(Bucket=bucket, Key=image.renditions["webp"][0]["name"])
    assert webp["ContentType"] == "image/webp"
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the app server's disk


def test_two_uploads_of_the_same_name_keep_both_files(editor_client, bucket, s3):
    first, first_bytes = _upload(editor_client, "pier.jpg", (200, 30, 30), title="Red")
    second, second_bytes = _upload(editor_client, "pier.jpg", (30, 200, 30), title="Green")

    assert first.file.name != second.file.name
    assert first_bytes != second_bytes
    for image, sent in ((first, first_bytes), (second, second_bytes)):
        assert s3.get_object(Bucket=bucket, Key=image.file.name)["Body"].read() == sent
        assert _fetch(image.file.url)[2] == sent


def test_a_save_that_fails_after_its_upload_leaves_nothing_in_the_bucket(editor_client, bucket, s3):
    # The database refuses the update that records the renditions, as a full disk does:
    # by then the original and all six renditions are in the bucket.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER media_image_full BEFORE UPDATE ON media_image "
                "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION media_image_full() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER media_image_full BEFORE UPDATE ON media_image "
                "FOR EACH ROW EXECUTE FUNCTION media_image_full()"
            )
    editor_client.raise_request_exception = False

    response = editor_client.post(
        reverse("admin:media_image_add"),
        {"file": _jpeg(), "title": "Harbour", "alt": "Cranes", "focal_x": 50, "focal_y": 50},
    )

    assert response.status_code == 503
    assert "run out of storage space" in response.text
    assert not Image.objects.exists()
    assert _keys(s3, bucket) == set()


def test_deleting_an_image_deletes_its_files_from_the_bucket(
    editor_client, bucket, s3, django_capture_on_commit_callbacks
):
    image, _ = _upload(editor_client)
    other, _ = _upload(editor_client, "other.jpg", title="Other")
    kept = {other.file.name, *rendition_names(other.renditions)}
    assert len(_keys(s3, bucket)) == 14

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert _keys(s3, bucket) == kept


# Addresses readers fetch ---------------------------------------------------------------------


def test_an_article_shows_unsigned_addresses_in_the_bucket(
    client, pictured_article, s3_endpoint, bucket, s3
):
    article, image = pictured_article

    page = client.get(article.get_absolute_url()).text

    urls = _media_urls(page)
    expected = {f"{s3_endpoint}/{bucket}/{name}" for name in rendition_names(image.renditions)}
    assert set(urls) == expected  # the hero's and the body's picture, every width
    assert not [url for url in urls if "?" in url or "X-Amz-" in url]
    webp = image.renditions["webp"][0]["name"]
    status, headers, body = _fetch(f"{s3_endpoint}/{bucket}/{webp}")
    assert status == 200
    assert headers["Cache-Control"] == LONG_LIVED
    assert body == s3.get_object(Bucket=bucket, Key=webp)["Body"].read()
    assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"


def test_behind_a_cdn_the_addresses_name_the_cdn(
    client, pictured_article, s3_endpoint, bucket, settings
):
    article, image = pictured_article

    _use_s3(settings, s3_media_options(_environ(s3_endpoint, bucket), cdn=CDN))
    page = client.get(article.get_absolute_url()).text
    home = client.get(reverse("articles:home")).text

    expected = {f"{CDN}/{name}" for name in rendition_names(image.renditions)}
    assert set(_media_urls(home)) == expected  # the article's card
    assert expected <= set(_media_urls(page))  # its hero, whose addresses are made per request


def test_reader_and_editor_pages_never_list_the_bucket(editor_client, pictured_article, s3_calls):
    article, image = pictured_article
    reader = Client()
    del s3_calls[:]

    for url in (article.get_absolute_url(), reverse("articles:home")):
        assert reader.get(url).status_code == 200, url
    for url in (
        reverse("admin:media_image_changelist"),
        reverse("admin:media_image_change", args=[image.pk]),
        change_url(article),
    ):
        assert editor_client.get(url).status_code == 200, url

    assert s3_calls == []  # no listing, and not one lookup per image either
    storages["default"].exists(image.file.name)
    assert s3_calls == ["HeadObject"]  # the recorder does hear the app's client


# Settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "cdn", "origin"),
    [
        ({"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000/"}, "", "http://127.0.0.1:9000"),
        ({"AWS_S3_ENDPOINT_URL": "https://s3.example.net/store"}, "", "https://s3.example.net"),
        ({"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, CDN, CDN),
        ({}, "media.example.test/site", "https://media.example.test"),
        ({"AWS_S3_REGION_NAME": "eu-west-3"}, "", "https://media.s3.eu-west-3.amazonaws.com"),
        ({}, "", "https://media.s3.amazonaws.com"),
    ],
)
def test_media_origin_is_where_readers_fetch_media(environ, cdn, origin):
    options = s3_media_options({"AWS_STORAGE_BUCKET_NAME": "media", **environ}, cdn)

    assert media_origin(options) == origin


def test_urls_under_a_cdn_or_endpoint_keep_the_bucket_and_path():
    endpoint = s3_media_options(
        {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": "https://s3.example.net/store"}
    )
    cdn = s3_media_options({"AWS_STORAGE_BUCKET_NAME": "media"}, "https://cdn.example.test/site/")

    assert endpoint["custom_domain"] == "s3.example.net/store/media"
    assert endpoint["addressing_style"] == "path"
    assert cdn["custom_domain"] == "cdn.example.test/site"
    assert cdn["url_protocol"] == "https:"
    assert endpoint["querystring_auth"] is cdn["querystring_auth"] is False
    assert endpoint["file_overwrite"] is cdn["file_overwrite"] is False


@pytest.mark.parametrize(
    ("environ", "cdn", "message"),
    [
        ({}, "", "needs AWS_STORAGE_BUCKET_NAME"),
        ({"AWS_STORAGE_BUCKET_NAME": "  "}, "", "needs AWS_STORAGE_BUCKET_NAME"),
        ({"AWS_STORAGE_BUCKET_NAME": "media"}, "ftp://media.example.test", "COMPENDIUM_MEDIA_CDN"),
        ({"AWS_STORAGE_BUCKET_NAME": "media"}, "https://", "COMPENDIUM_MEDIA_CDN"),
    ],
)
def test_media_options_refuse_what_cannot_work(environ, cdn, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        s3_media_options(environ, cdn)


def _fresh_settings(**env):
    """SECURE_CSP's img-src and the default storage's backend, from a child process."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.SECURE_CSP['img-src'], settings.STORAGES['default']]))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "COMPENDIUM_MEDIA"))
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_ALLOWED_HOSTS": "compendium.example",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_csp_lets_pages_show_images_from_the_media_origin():
    done = _fresh_settings(
        COMPENDIUM_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert done.returncode == 0, done.stderr
    img_src, storage = json.loads(done.stdout)
    assert img_src == ["'self'", "data:", "http://127.0.0.1:9000"]
    assert storage["BACKEND"] == BACKEND

    plain = _fresh_settings()
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)[0] == ["'self'", "data:"]

    wrong = _fresh_settings(COMPENDIUM_MEDIA_STORAGE="ftp")
    assert wrong.returncode != 0
    assert "use filesystem or s3" in wrong.stderr


# Operations ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_buckets_files(editor_client, bucket, s3, tmp_path):
    image, sent = _upload(editor_client)

    call_command("backup", output=tmp_path, stdout=io.StringIO())

    (archive,) = tmp_path.glob("compendium-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        members = {m.name for m in tar.getmembers() if m.isfile()}
        original = tar.extractfile(f"media/{image.file.name}").read()
    assert {f"media/{key}" for key in _keys(s3, bucket)} <= members
    assert original == sent


def test_media_bucket_names_a_missing_bucket_and_creates_it(s3_endpoint, settings, s3):
    name = f"missing-{next(_buckets)}"
    _use_s3(settings, s3_media_options(_environ(s3_endpoint, name)))

    with pytest.raises(CommandError, match=f"The bucket {name} does not exist; --create makes it"):
        call_command("media_bucket", stdout=io.StringIO())
    out = io.StringIO()
    call_command("media_bucket", create=True, stdout=out)
    call_command("media_bucket", stdout=io.StringIO())  # now it answers

    assert f"readers fetch media from {s3_endpoint}/{name}/" in out.getvalue()
    # The policy is what lets readers in (see the test below: without it, a 403).
    policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
    (statement,) = policy["Statement"]
    assert statement["Principal"] == "*" and statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == f"arn:aws:s3:::{name}/*"
    image = image_save(image=Image(file=_jpeg(), title="Harbour", alt="Cranes"))
    status, headers, _ = _fetch(image.file.url)
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"


def test_media_bucket_refuses_filesystem_media(settings):
    settings.COMPENDIUM_MEDIA_STORAGE = "filesystem"

    with pytest.raises(CommandError, match="COMPENDIUM_MEDIA_STORAGE=s3"):
        call_command("media_bucket", create=True)


def test_media_bucket_create_keeps_other_policy_statements_and_lifts_the_policy_block(
    s3_endpoint, settings, s3
):
    name = f"shared-{next(_buckets)}"
    s3.create_bucket(Bucket=name)
    other = {
        "Sid": "Backups",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "s3:ListBucket",
        "Resource": f"arn:aws:s3:::{name}",
    }
    s3.put_bucket_policy(
        Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [other]})
    )
    _use_s3(settings, s3_media_options(_environ(s3_endpoint, name)))

    call_command("media_bucket", create=True, stdout=io.StringIO())
    call_command("media_bucket", create=True, stdout=io.StringIO())

    statements = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])["Statement"]
    assert [statement["Sid"] for statement in statements] == ["Backups", "ReadersReadMedia"]
    block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    assert block["BlockPublicPolicy"] is False and block["BlockPublicAcls"] is True


def test_moving_a_sites_media_into_the_bucket_and_refreshing_its_pages(
    s3_endpoint, settings, s3, client, tmp_path
):
    """The move from the filesystem: copy the old media folder, then render the stored bodies
    again, so no page keeps an address under /media/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "articles.core.uploads.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "old-media"
    image = image_save(image=Image(file=_jpeg("quay.jpg"), title="Quay", alt="A quay"))
    article = make_article(title="Along the quay", body=f"A picture:\n\n![]({image.reference})")
    assert '="/media/library/' in article.body_html
    name = f"moved-{next(_buckets)}"
    _use_s3(settings, s3_media_options(_environ(s3_endpoint, name)))
    out = io.StringIO()

    call_command(
        "media_bucket",
        create=True,
        copy_from=str(tmp_path / "old-media"),
        refresh_pages=True,
        stdout=out,
    )
    call_command("media_bucket", copy_from=str(tmp_path / "old-media"), stdout=out)

    assert _keys(s3, name) == {image.file.name, *rendition_names(image.renditions)}
    assert "Copied 7 files" in out.getvalue() and "7 were there already" in out.getvalue()
    page = client.get(article.get_absolute_url()).content.decode()
    urls = _media_urls(page)
    assert urls and all(url.startswith(f"{s3_endpoint}/{name}/library/") for url in urls)
    assert "/media/library/" not in page
    assert _fetch(urls[0])[0] == 200


def test_without_the_policy_a_reader_is_refused_and_media_bucket_lets_readers_in(
    s3_endpoint, settings, s3
):
    name = f"private-{next(_buckets)}"
    s3.create_bucket(Bucket=name)  # made by hand: private, as every new bucket is
    _use_s3(settings, s3_media_options(_environ(s3_endpoint, name)))
    image = image_save(image=Image(file=_jpeg(), title="Harbour", alt="Cranes"))

    with pytest.raises(urllib.error.HTTPError) as refused:
        _fetch(image.file.url)
    call_command("media_bucket", create=True, stdout=io.StringIO())

    assert refused.value.code == 403
    assert _fetch(image.file.url)[0] == 200
