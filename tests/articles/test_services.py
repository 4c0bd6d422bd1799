import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from articles.services import article_hero_renditions
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_author, make_draft, make_member, make_topic

pytestmark = pytest.mark.django_db


def _upload(width, height, name="hero.png", fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGBA" if fmt == "PNG" else "RGB", (width, height), (200, 80, 20)).save(
        buffer, fmt
    )
    return SimpleUploadedFile(name, buffer.getvalue())


def test_renditions_are_jpeg_and_webp_at_standard_widths():
    article = make_article(hero_image=_upload(2000, 1000), hero_alt="Orange")

    data = article_hero_renditions(article=article)

    assert [r["width"] for r in data["jpeg"]] == [480, 960, 1600]
    assert [r["width"] for r in data["webp"]] == [480, 960, 1600]
    assert [r["height"] for r in data["jpeg"]] == [240, 480, 800]
    assert (data["width"], data["height"]) == (1600, 800)
    for rendition in data["jpeg"] + data["webp"]:
        with default_storage.open(rendition["name"]) as stored:
            image = Image.open(stored)
            assert image.size == (rendition["width"], rendition["height"])
            assert image.format == ("JPEG" if rendition["name"].endswith(".jpg") else "WEBP")
    assert Article.objects.get(pk=article.pk).hero_renditions == data


def test_renditions_never_upscale_a_small_upload():
    article = make_article(hero_image=_upload(700, 350), hero_alt="Small")

    data = article_hero_renditions(article=article)

    assert [r["width"] for r in data["jpeg"]] == [480, 700]


def test_renditions_are_not_rebuilt_for_the_same_image(django_assert_num_queries):
    article = make_article(hero_image=_upload(900, 450), hero_alt="Once")
    first = article_hero_renditions(article=article)

    with django_assert_num_queries(0):
        second = article_hero_renditions(article=article)

    assert second == first


def test_renditions_follow_a_new_image_and_remove_the_old_files():
    article = make_article(hero_image=_upload(900, 450), hero_alt="Old")
    old = article_hero_renditions(article=article)
    article.hero_image = _upload(1200, 600, name="new.png")
    article.save()

    new = article_hero_renditions(article=article)

    assert new["source"] != old["source"]
    for rendition in old["jpeg"] + old["webp"]:
        assert not default_storage.exists(rendition["name"])
    assert all(default_storage.exists(r["name"]) for r in new["jpeg"])


def test_renditions_are_cleared_when_the_image_is_removed():
    article = make_article(hero_image=_upload(900, 450), hero_alt="Gone")
    old = article_hero_renditions(article=article)
    article.hero_image = ""
    article.hero_alt = ""
    article.save()

    assert article_hero_renditions(article=article) == {}
    assert not default_storage.exists(old["jpeg"][0]["name"])
    assert Article.objects.get(pk=article.pk).hero_renditions == {}


def test_saving_a_hero_in_the_admin_builds_its_renditions(admin_client):
    data = {
        "title": "With a hero",
        "slug": "with-a-hero",
        "teaser": "Teaser.",
        "body": "Body.",
        "glossary_links": "on",
        "author": make_author().pk,
        "topic": make_topic().pk,
        "hero_image": _upload(1000, 500),
        "hero_alt": "Orange block",
        "hero_caption": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "revised_at_0": "",
        "revised_at_1": "",
        "seo_title": "",
        "seo_description": "",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(slug="with-a-hero")
    assert [r["width"] for r in article.hero_renditions["webp"]] == [480, 960, 1000]
    assert article.hero is not None


def test_an_unreadable_hero_is_reported_not_a_crash(admin_client, monkeypatch):
    article = make_article(hero_image=_upload(600, 300), hero_alt="Fine")
    from articles import admin as articles_admin

    def broken(**kwargs):
        raise OSError("cannot identify image file")

    monkeypatch.setattr(articles_admin, "article_hero_renditions", broken)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("hero_image", "concepts")
    }
    data |= {
        "author": article.author_id,
        "topic": article.topic_id,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "revised_at_0": "",
        "revised_at_1": "",
        "glossary_links": "on",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
    }

    response = admin_client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "could not be resized" in response.content.decode()


# Uploads that cannot hurt the server


def _png(width, height, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")


def _stored_heroes(settings):
    folder = Path(settings.MEDIA_ROOT) / "heroes"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# Pillow warns on opening the header of so large an image; that is the case tested.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_12000_pixel_square_is_refused_from_its_header_quickly(client, settings):
    article = make_article()
    client.force_login(make_member("Editor"))
    upload = _png(12_000, 12_000)

    started = time.perf_counter()
    response = client.post(
        change_url(article), article_data(article, hero_image=upload, hero_alt="Huge")
    )
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert "(144 megapixels); images may have at most 40 megapixels" in response.text
    assert elapsed < 2
    assert _stored_heroes(settings) == []
    article.refresh_from_db()
    assert not article.hero_image


def test_a_file_over_the_byte_limit_is_refused_with_the_limit(client, settings):
    settings.COMPENDIUM_IMAGE_MAX_BYTES = 10_000
    article = make_article()
    client.force_login(make_member("Editor"))
    noisy = io.BytesIO()
    Image.effect_noise((200, 200), 100).save(noisy, "PNG")
    upload = SimpleUploadedFile("noisy.png", noisy.getvalue(), content_type="image/png")

    response = client.post(
        change_url(article), article_data(article, hero_image=upload, hero_alt="Noise")
    )

    assert response.status_code == 200
    assert "images may be at most 9.8\xa0KB" in response.text
    assert _stored_heroes(settings) == []


def test_a_60_mb_upload_is_refused_naming_the_limit_before_it_is_read_as_an_image(client, settings):
    author = make_member("Author")
    article = make_draft(author=author.author)
    client.force_login(author)
    upload = SimpleUploadedFile("huge.jpg", os.urandom(60 * 10**6), content_type="image/jpeg")

    response = client.post(
        change_url(article), article_data(article, hero_image=upload, hero_alt="Huge")
    )

    assert response.status_code == 200
    assert "This file is 57.2\xa0MB; images may be at most 20.0\xa0MB" in response.text
    assert "Upload a valid image" not in response.text
    assert _stored_heroes(settings) == []


def test_an_image_within_the_limits_saves_with_bounded_renditions(client, settings):
    settings.COMPENDIUM_IMAGE_MAX_PIXELS = 50_000_000
    article = make_article()
    client.force_login(make_member("Editor"))
    upload = _png(7_000, 3_500, mode="RGB")

    response = client.post(
        change_url(article), article_data(article, hero_image=upload, hero_alt="Wide")
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert [r["width"] for r in article.hero_renditions["jpeg"]] == [480, 960, 1600]
