"""The media library: upload once with its words, insert anywhere, see where it is used."""

import importlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as Picture

from articles.core.markdown import render_markdown
from articles.media.models import Image
from articles.media.services import image_save
from articles.models import Article
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_comparison, make_concept, make_member

pytestmark = pytest.mark.django_db


def _jpeg(width=2000, height=1000, name="harbour.jpg"):
    buffer = io.BytesIO()
    Picture.new("RGB", (width, height), (30, 90, 140)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def image():
    return image_save(
        image=Image(file=_jpeg(), title="Harbour at dawn", alt="Cranes over a quiet harbour")
    )


def test_an_upload_through_the_admin_is_kept_with_its_renditions(client, settings):
    author = make_member("Author")
    client.force_login(author)

    response = client.post(
        reverse("admin:media_image_add"),
        {"file": _jpeg(), "title": "Harbour", "alt": "Cranes", "focal_x": 30, "focal_y": 60},
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == author
    assert (image.width, image.height) == (1600, 800)
    assert [r["width"] for r in image.renditions["jpeg"]] == [480, 960, 1600]
    for rendition in image.renditions["jpeg"] + image.renditions["webp"]:
        assert (Path(settings.MEDIA_ROOT) / rendition["name"]).is_file()


def test_an_image_needs_alternative_text(client):
    client.force_login(make_member("Editor"))

    response = client.post(
        reverse("admin:media_image_add"), {"file": _jpeg(), "title": "No words", "alt": ""}
    )

    assert response.status_code == 200
    assert "alt" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


def test_markdown_shows_a_library_image_as_a_responsive_picture(image):
    html = render_markdown(f"Before.\n\n![](image:{image.pk})").html

    assert "<picture>" in html
    assert '<source type="image/webp" srcset="/media/library/renditions/' in html
    assert " 480w, " in html and ' 1600w"' in html
    assert 'alt="Cranes over a quiet harbour"' in html
    assert 'width="1600" height="800"' in html


def test_alt_text_written_in_the_body_wins(image):
    html = render_markdown(f"![A harbour, seen from the pier](image:{image.pk})").html

    assert 'alt="A harbour, seen from the pier"' in html


def test_an_unknown_library_image_is_a_blocking_check_and_never_a_broken_address(client):
    client.force_login(make_member("Editor"))
    article = make_article(body="Fine.")

    response = client.post(change_url(article), article_data(article, body="![](image:999)"))

    errors = response.context["adminform"].form.errors["body"]
    assert any("No image in the library has the number image:999" in e for e in errors)
    assert 'src="image:' not in render_markdown("![](image:999)").html


def test_changing_the_alt_text_updates_the_articles_concepts_and_comparisons_that_show_it(
    image, django_capture_on_commit_callbacks
):
    article = make_article(body=f"![](image:{image.pk})")
    concept = make_concept(explanation=f"How it looks:\n\n![](image:{image.pk})")
    comparison = make_comparison(verdict=f"Side by side:\n\n![](image:{image.pk})")
    assert "Cranes over a quiet harbour" in article.body_html

    image.alt = "Two cranes and a tugboat"
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)

    for stored in (article, concept, comparison):
        stored.refresh_from_db()
    assert 'alt="Two cranes and a tugboat"' in article.body_html
    assert 'alt="Two cranes and a tugboat"' in concept.explanation_html
    assert 'alt="Two cranes and a tugboat"' in comparison.verdict_html
    # No revision: nothing an editor or curator wrote has changed.
    assert article.history.count() == concept.history.count() == comparison.history.count() == 1


def test_the_library_shows_where_an_image_is_used_and_refuses_to_delete_it(client, image):
    client.force_login(make_member("Editor"))
    article = make_article(title="Ports explained", body=f"![](image:{image.pk})")

    page = client.get(reverse("admin:media_image_change", args=[image.pk])).text
    assert "Ports explained" in page and change_url(article) in page
    assert f"![](image:{image.pk})" in page

    response = client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}, follow=True
    )
    assert "is used in “Ports explained”" in response.text
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_image_shown_by_a_concept_or_a_comparison_is_listed_and_kept(client, image):
    client.force_login(make_member("Editor"))
    concept = make_concept(name="Tokenizer", explanation=f"How it looks:\n\n![](image:{image.pk})")
    comparison = make_comparison(title="Ports vs docks", verdict=f"![](image:{image.pk})")
    untouched = make_concept(name="Unrelated", explanation="![](image:999999)")

    page = client.get(reverse("admin:media_image_change", args=[image.pk])).text
    assert "Tokenizer (concept)" in page
    assert reverse("admin:knowledge_concept_change", args=[concept.pk]) in page
    assert "Ports vs docks (comparison)" in page
    assert reverse("admin:comparisons_comparison_change", args=[comparison.pk]) in page
    assert "Unrelated" not in page and "Nothing yet" not in page

    response = client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}, follow=True
    )
    assert "is used in “Tokenizer (concept)”, “Ports vs docks (comparison)”" in response.text
    # The changelist's bulk delete refuses it too, and says why.
    response = client.post(
        reverse("admin:media_image_changelist"),
        {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
        follow=True,
    )
    assert "is used by" in response.text and "Tokenizer (concept)" in response.text
    assert Image.objects.filter(pk=image.pk).exists()
    assert untouched.pk


def test_every_form_of_reference_the_renderer_accepts_counts_as_a_use(client, image):
    client.force_login(make_member("Editor"))
    titled = make_article(title="With a title", body=f'![Chart](image:{image.pk} "The chart")')
    spaced = make_concept(name="Spaced", explanation=f"![]( image:0{image.pk})")
    # Another image whose id starts with this one's, and a mere mention: not uses.
    make_article(title="Another image", body=f"![](image:{image.pk}0)")
    make_article(title="Just words", body=f"The library calls it image:{image.pk}.")
    assert 'src="' in render_markdown(titled.body).html  # the renderer shows them both
    assert 'src="' in render_markdown(spaced.explanation).html

    page = client.get(reverse("admin:media_image_change", args=[image.pk])).text

    assert "With a title" in page and "Spaced (concept)" in page
    assert "Another image" not in page and "Just words" not in page
    response = client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}, follow=True
    )
    assert "is used in" in response.text
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_unused_image_is_deleted_with_its_files(
    client, image, settings, django_capture_on_commit_callbacks
):
    client.force_login(make_member("Editor"))
    names = [r["name"] for r in image.renditions["jpeg"]] + [image.file.name]
    assert all((Path(settings.MEDIA_ROOT) / name).is_file() for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert not Image.objects.exists()
    assert not any((Path(settings.MEDIA_ROOT) / name).exists() for name in names)


@pytest.mark.parametrize(
    ("role", "add", "delete"),
    [("Author", 302, 403), ("Editor", 302, 200), ("Curator", 302, 403)],
)
def test_permissions_per_role(client, image, role, add, delete):
    client.force_login(make_member(role))

    added = client.post(
        reverse("admin:media_image_add"),
        {"file": _jpeg(), "title": "T", "alt": "A", "focal_x": 50, "focal_y": 50},
    )
    deleting = client.get(reverse("admin:media_image_delete", args=[image.pk]))

    assert added.status_code == add
    assert deleting.status_code == delete


def test_the_picker_lists_matching_images_with_their_markdown(
    client, image, django_assert_num_queries
):
    image_save(image=Image(file=_jpeg(name="desk.jpg"), title="A tidy desk", alt="A desk"))
    client.force_login(make_member("Author"))
    url = reverse("admin:media_image_picker")
    client.get(url)  # the session and permissions, loaded once

    with CaptureQueriesContext(connection) as two:
        everything = client.get(url, headers={"HX-Request": "true"}).text
    image_save(image=Image(file=_jpeg(name="pier.jpg"), title="The pier", alt="A pier"))
    # The same queries however many images there are.
    with django_assert_num_queries(len(two.captured_queries)):
        assert "The pier" in client.get(url).text
    harbour = client.get(url, {"q": "harbour"}).text

    assert "A tidy desk" in everything and "Harbour at dawn" in everything
    assert "<html" not in everything
    assert f'data-insert="![](image:{image.pk})"' in harbour
    assert "A tidy desk" not in harbour
    assert "No image in the library matches" in client.get(url, {"q": "zebra"}).text
    assert client.get(url, {"q": "x" * 5000}).status_code == 200  # cut to 100 characters
    assert image.thumbnail_url in everything


def test_the_picker_is_for_staff_only(client):
    response = client.get(reverse("admin:media_image_picker"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_article_page_costs_the_same_queries_with_library_images(
    client, image, django_assert_num_queries
):
    plain = make_article(slug="plain", body="Words.")
    pictured = make_article(
        slug="pictured", body=f"Words.\n\n![](image:{image.pk})\n\n![](image:{image.pk})"
    )
    client.get(plain.get_absolute_url())  # warm the caches, site-wide and per article
    client.get(pictured.get_absolute_url())

    with CaptureQueriesContext(connection) as first:
        client.get(plain.get_absolute_url())
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(pictured.get_absolute_url())
    assert response.text.count("<picture>") >= 2
    assert Article.objects.count() == 2


def test_a_library_image_can_be_the_hero_of_several_articles(client, image, settings):
    client.force_login(make_member("Editor"))
    first, second = make_article(slug="first"), make_article(slug="second")

    for article in (first, second):
        data = article_data(article, hero_source=image.pk, hero_alt="")
        assert client.post(change_url(article), data).status_code == 302

    for article in (first, second):
        article.refresh_from_db()
        assert article.hero_image.name == image.file.name
        assert article.hero_alt == "Cranes over a quiet harbour"  # from the library
        assert article.hero_renditions == image.renditions  # made once, shared
        page = client.get(article.get_absolute_url()).text
        assert 'alt="Cranes over a quiet harbour"' in page
        assert image.renditions["webp"][0]["name"] in page
    library = client.get(reverse("admin:media_image_change", args=[image.pk])).text
    assert change_url(first) in library and change_url(second) in library


def test_replacing_a_library_hero_keeps_the_librarys_files(client, image, settings):
    client.force_login(make_member("Editor"))
    article = make_article()
    client.post(change_url(article), article_data(article, hero_source=image.pk))
    article.refresh_from_db()

    upload = io.BytesIO()
    Picture.new("RGB", (900, 500), (10, 10, 10)).save(upload, "JPEG")
    data = article_data(
        article,
        hero_alt="A new one",
        hero_image=SimpleUploadedFile("own.jpg", upload.getvalue(), content_type="image/jpeg"),
    )
    data.pop("hero_source", None)
    assert client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert "own" in article.hero_image.name
    assert article.hero_source != image  # the new upload joined the library as its own image
    for rendition in image.renditions["jpeg"] + image.renditions["webp"]:
        assert (Path(settings.MEDIA_ROOT) / rendition["name"]).is_file()


def test_an_image_used_as_a_hero_cannot_be_deleted(client, image):
    client.force_login(make_member("Editor"))
    article = make_article(title="Hero user")
    client.post(change_url(article), article_data(article, hero_source=image.pk))

    response = client.post(
        reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}, follow=True
    )

    assert "is used in “Hero user”" in response.text
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_hero_uploaded_with_an_article_joins_the_library(client):
    client.force_login(make_member("Editor"))
    article = make_article(title="Docks at night")

    data = article_data(article, hero_alt="Lit cranes", hero_image=_jpeg(name="docks.jpg"))
    assert client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    image = article.hero_source
    assert image is not None and image.file.name == article.hero_image.name
    assert image.title == "Docks at night" and image.alt == "Lit cranes"
    assert image.renditions == article.hero_renditions
    other = make_article(slug="other")
    assert (
        client.post(change_url(other), article_data(other, hero_source=image.pk)).status_code == 302
    )


def test_the_migration_moves_existing_heroes_into_the_library(db):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0011_heroes_into_the_library")
    article = make_article(hero_image="heroes/2025/old.jpg", hero_alt="An old hero")
    Article.objects.filter(pk=article.pk).update(
        hero_renditions={"source": "heroes/2025/old.jpg", "width": 800, "height": 400}
    )

    migration.heroes_into_the_library(apps, None)

    article.refresh_from_db()
    assert article.hero_source.file.name == "heroes/2025/old.jpg"
    assert article.hero_source.alt == "An old hero"
    assert (article.hero_source.width, article.hero_source.height) == (800, 400)
    migration.heroes_out_of_the_library(apps, None)
    article.refresh_from_db()
    assert article.hero_source is None and not Image.objects.exists()
    assert article.hero_image.name == "heroes/2025/old.jpg"


def test_without_javascript_the_picker_search_opens_the_library(client):
    client.force_login(make_member("Editor"))
    article = make_article()

    page = client.get(change_url(article)).text

    # The search box belongs to a form of its own (not the article's): Enter searches the
    # library's list in a new tab instead of saving the article.
    assert 'id="image-picker-q" name="q" form="image-picker-form"' in page
    assert (
        f'<form id="image-picker-form" method="get" action="{reverse("admin:media_image_changelist")}"'
        in page
    )
    assert client.post(reverse("admin:media_image_picker")).status_code == 405


def test_a_heros_crop_keeps_the_library_focal_point(
    client, image, django_capture_on_commit_callbacks
):
    client.force_login(make_member("Editor"))
    article = make_article(slug="harbour-story")
    data = article_data(article, hero_source=image.pk, featured="on")
    assert client.post(change_url(article), data).status_code == 302
    page = client.get(article.get_absolute_url()).text
    assert 'class="fx-' not in page  # the centre needs no class

    image.focal_x, image.focal_y = 18, 84
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)

    assert image.renditions["focal"] == [18, 84]
    page = client.get(article.get_absolute_url()).text
    assert '<img class="fx-20 fy-80" src=' in page  # the hero
    home = client.get(reverse("articles:home")).text
    assert '<img class="fx-20 fy-80" src=' in home  # its card
    css = (Path(__file__).parents[2] / "static/css/site.css").read_text()
    assert ".fx-20 { --fx: 20%; }" in css and ".fy-80 { --fy: 80%; }" in css
    assert "object-position: var(--fx, 50%) var(--fy, 50%)" in css


def test_the_migration_stamps_focal_points_on_existing_heroes(db):
    image = image_save(image=Image(file=_jpeg(), title="Old", alt="Old", focal_x=70, focal_y=10))
    Image.objects.filter(pk=image.pk).update(renditions=image.renditions | {"focal": None})
    data = {key: value for key, value in image.renditions.items() if key != "focal"}
    article = make_article(hero_source=image, hero_image=image.file.name)
    Article.objects.filter(pk=article.pk).update(hero_renditions=data)
    migration = importlib.import_module("articles.migrations.0012_hero_focal_points")
    from django.apps import apps

    migration.stamp_focal_points(apps, None)

    article.refresh_from_db()
    assert article.hero_renditions["focal"] == [70, 10]
    assert article.hero["focus"] == "fx-70 fy-10"
