"""`manage.py import_wordpress`: a WordPress export becomes articles, images and redirects."""

import io
import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as Picture

from articles.editorial.models import Status
from articles.media.models import Image
from articles.models import Article, Author, ImportedItem, LegacyPath, Topic
from articles.wordpress import importer, wxr
from articles.wordpress.convert import to_markdown
from tests.factories import make_article, make_concept

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "wordpress" / "site.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">'
    "<channel><title>Small</title><wp:base_site_url>https://small.example.org</wp:base_site_url>\n"
)
TAIL = "</channel></rss>\n"


def png(path, size=(640, 360)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Picture.new("RGB", size, (40, 90, 160)).save(path, format="PNG")
    return path


@pytest.fixture
def media_dir(tmp_path):
    """A copy of the old site's uploads folder, without gone.png."""
    folder = tmp_path / "uploads"
    png(folder / "2025" / "03" / "disk.png")
    png(folder / "2025" / "03" / "hit-rate.png")
    return folder


def run(*args):
    out = io.StringIO()
    call_command("import_wordpress", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(media_dir):
    return run(EXPORT, "--media-dir", media_dir, "--no-fetch")


def item(post_id, title="A post", status="publish", content="<p>Some words.</p>", extra=""):
    return (
        f"<item><title><![CDATA[{title}]]></title>"
        f"<link>https://small.example.org/?p={post_id}</link>"
        f"<dc:creator>writer</dc:creator><content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2024-05-01 08:00:00"
        f"</wp:post_date_gmt><wp:post_name>post-{post_id}</wp:post_name>"
        f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>{extra}</item>\n"
    )


def article(post_id):
    return ImportedItem.objects.get(source__endswith=f"/?p={post_id}").article


def test_import_maps_statuses_and_skips_private_and_trash(imported):
    assert article(101).is_published()
    assert article(101).published_at.isoformat() == "2025-03-11T09:30:00+00:00"
    assert article(102).status == Status.PUBLISHED and article(102).is_scheduled()
    assert article(103).status == Status.DRAFT and article(103).published_at is None
    assert article(104).status == Status.DRAFT
    assert not ImportedItem.objects.filter(source__regex=r"\?p=(105|106|200)$").exists()
    assert Article.objects.count() == 6
    assert "skipped 1: private status" in imported
    assert "skipped 1: trash status" in imported
    assert "skipped 1: a page, not a post" in imported
    assert "6 created, 0 updated, 3 skipped, 1 failed" in imported


def test_import_creates_authors_by_login_and_topics_by_category(imported):
    assert dict(Author.objects.values_list("slug", "name")) == {
        "ana": "Ana Ortega",
        "benk": "Ben Kowalski",
    }
    assert set(Topic.objects.values_list("slug", flat=True)) == {
        "databases",
        "networking",
        "uncategorized",
    }
    assert article(101).author.slug == "ana"
    assert article(102).topic.name == "Networking"
    assert article(104).topic.slug == "uncategorized"


def test_import_tags_as_concepts_by_name_or_alias(media_dir):
    cache = make_concept(name="Cache", aliases="caching, caches")
    ann = make_concept(name="Approximate nearest neighbours", aliases="ann")

    out = run(EXPORT, "--media-dir", media_dir, "--no-fetch", "--tags-as-concepts")

    assert list(article(101).concepts.all()) == [cache]
    assert list(article(102).concepts.all()) == [ann]
    assert "Weekend reading (1)" in out
    assert not article(101).concepts.filter(name__iexact="Weekend reading").exists()


def test_import_without_tags_as_concepts_reports_tags_only(imported):
    make_concept(name="Caching")

    assert not article(101).concepts.exists()
    assert "Caching (1)" in imported


def test_import_converts_block_editor_markup_to_markdown(imported):
    body = article(101).body

    assert "<!--" not in body and "wp:" not in body
    assert "## Eviction policies" in body
    assert "- Least recently used\n- Least frequently used" in body
    assert "[the overview](https://en.wikipedia.org/wiki/Cache_replacement_policies)" in body
    assert "```python\ncache = {}\ndef get(key):\n    return cache.get(key)\n```" in body
    html = article(101).body_html
    assert '<h2 id="eviction-policies">' in html
    assert '<code class="language-python">' in html


def test_import_converts_classic_paragraphs_and_captions(imported):
    body = article(102).body

    assert body.startswith("Networks move data in small pieces called packets.")
    assert "\n\nThe **router** reads the address" in body
    assert "*A disk, for scale*" in body
    assert "[caption" not in body


def test_import_teaser_from_excerpt(imported):
    assert article(101).teaser == "Why a cache throws some things away and keeps others."


def test_import_teaser_from_first_sentences_when_no_excerpt(imported):
    teaser = article(102).teaser

    assert teaser.startswith("Networks move data in small pieces called packets. Each one")
    assert teaser.endswith(".") and "router" not in teaser


def test_teaser_fits_the_field():
    long = " ".join(["A sentence of some length that goes on."] * 30)

    assert len(importer.make_teaser("", f"<p>{long}</p>")) <= 300
    assert len(importer.make_teaser("x" * 400, "")) <= 300


def test_import_featured_and_inline_images_join_the_library(imported):
    disk = Image.objects.get(title="disk")
    chart = Image.objects.get(title="Hit rate over time")

    assert Image.objects.count() == 2
    assert disk.alt == "A hard disk with its cover off"
    assert chart.alt == "Hit rate over time"  # No alt text in the export: its title.
    post = article(101)
    assert post.hero_source == disk
    assert post.hero_image.name == disk.file.name and post.hero_alt == disk.alt
    assert f"![](image:{chart.pk})" in post.body
    assert "<picture>" in post.body_html and 'alt="Hit rate over time"' in post.body_html
    # The same file in another post is the same library image.
    assert f"](image:{disk.pk})" in article(102).body


def test_import_reports_a_missing_image_and_keeps_the_post(imported):
    assert "gone.png (not in --media-dir)" in imported
    body = article(108).body
    assert "[Gone](https://old.example.com/wp-content/uploads/2025/03/gone.png)" in body
    assert "The words stay." in body


def test_import_fetches_images_through_the_fetcher(monkeypatch, tmp_path):
    fetched = []
    data = png(tmp_path / "any.png").read_bytes()

    def fake_fetch(url, **kwargs):
        fetched.append(url)
        if url.endswith("gone.png"):
            raise importer.FetchError("HTTP Error 404: Not Found")
        return data

    monkeypatch.setattr(importer, "fetch", fake_fetch)
    out = run(EXPORT)

    assert "https://old.example.com/wp-content/uploads/2025/03/disk.png" in fetched
    assert Image.objects.count() == 3  # disk, hit-rate and the hostile post's "x".
    assert "gone.png (could not fetch: HTTP Error 404: Not Found)" in out


def test_import_fetches_only_the_exports_own_files(monkeypatch, tmp_path):
    export = tmp_path / "elsewhere.xml"
    export.write_text(
        HEAD + item(1, content='<p><img src="http://10.0.0.1/a.png" alt="A"></p>') + TAIL
    )
    monkeypatch.setattr(importer, "fetch", lambda url, **kwargs: pytest.fail(url))

    out = run(export)

    assert "http://10.0.0.1/a.png (not one of the export's files, so not fetched)" in out


def test_fetch_refuses_other_schemes():
    with pytest.raises(importer.FetchError):
        importer.fetch("file:///etc/passwd")


def test_old_permalinks_redirect_permanently(imported, client):
    response = client.get("/2025/03/11/how-caches-decide/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/how-caches-decide/"
    assert client.get("/2025/03/11/how-caches-decide").status_code == 301
    assert client.head("/2025/03/11/how-caches-decide/").status_code == 301


def test_post_id_queries_redirect_permanently(imported, client):
    for address in ("/?p=101", "/?page_id=101"):
        response = client.get(address)
        assert response.status_code == 301
        assert response["Location"] == "/articles/how-caches-decide/"


def test_old_addresses_of_unpublished_posts_do_not_redirect(imported, client):
    assert client.get("/2099/01/05/packets-explained/").status_code == 404  # Scheduled.
    assert client.get("/?p=103").status_code == 200  # A draft: the home page.
    assert client.get("/2031/01/01/never-was/").status_code == 404


def test_redirect_costs_one_query_and_is_not_cached(
    imported, client, reader_cache, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get("/2025/03/20/tries-things/")

    assert response.status_code == 301
    assert "public" not in response["Cache-Control"]
    assert client.get("/2025/03/20/tries-things/").status_code == 301


def test_reimport_updates_without_duplicates(imported, media_dir):
    counts = [Model.objects.count() for Model in (Article, Author, Topic, Image, LegacyPath)]

    out = run(EXPORT, "--media-dir", media_dir, "--no-fetch")

    assert "0 created, 6 updated, 3 skipped, 1 failed" in out
    assert [Model.objects.count() for Model in (Article, Author, Topic, Image, LegacyPath)] == (
        counts
    )
    assert article(101).slug == "how-caches-decide"


def test_dry_run_writes_nothing(media_dir, settings):
    out = run(EXPORT, "--media-dir", media_dir, "--dry-run")

    assert "Dry run" in out and "6 created" in out
    for Model in (Article, Author, Topic, Image, LegacyPath, ImportedItem):
        assert not Model.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_broken_item_is_reported_and_the_rest_import(imported):
    assert "failed post 109 “A broken date”: ValueError" in imported
    assert not Article.objects.filter(slug="broken-date").exists()
    assert Article.objects.filter(slug="missing-picture").exists()


def test_hostile_content_is_sanitised(imported):
    post = article(107)
    html = post.body_html.lower()

    assert "click me" in html and "styled" in html
    for hostile in ("<script", "javascript:", "onerror", "onclick", "<iframe", "style=", "evil"):
        assert hostile not in html
    assert "javascript:" not in post.body.lower()


def test_converter_drops_unsafe_links():
    markdown = to_markdown(
        '<p><a href=" javascript:x()">a</a> <a href="data:text/html,x">b</a></p>'
    )

    assert markdown == "a b\n"


def test_taken_slug_gets_a_suffix_and_long_titles_are_trimmed(media_dir, tmp_path):
    make_article(slug="how-caches-decide")
    export = tmp_path / "long.xml"
    export.write_text(HEAD + item(1, title="T" * 250) + TAIL)

    run(EXPORT, "--media-dir", media_dir, "--no-fetch")
    run(export, "--no-fetch")

    assert article(101).slug == "how-caches-decide-2"
    assert len(Article.objects.get(slug="post-1").title) == 200


def test_an_export_declaring_entities_is_refused(tmp_path):
    export = tmp_path / "entities.xml"
    export.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<rss><channel><title>&x;</title></channel></rss>\n"
    )

    with pytest.raises(CommandError, match="not a WordPress export we can read"):
        run(export)


@pytest.mark.django_db(transaction=False)
def test_reading_streams_a_large_export_in_bounded_memory(tmp_path):
    export = tmp_path / "large.xml"
    body = "<p>" + "A sentence of filler for the size of a real post. " * 40 + "</p>"
    with export.open("w") as out:
        out.write(HEAD)
        for post_id in range(1, 20_001):
            out.write(item(post_id, title=f"Post {post_id}", content=body))
        out.write(TAIL)
    assert export.stat().st_size > 40_000_000
    started = time.perf_counter()

    tracemalloc.start()
    try:
        posts = sum(1 for record in wxr.read(export) if isinstance(record, wxr.Post))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert posts == 20_000
    assert peak < 50 * 1024 * 1024
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/a.png",
        "http://localhost:8000/a.png",
        "http://10.1.2.3/a.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/a.png",
        "http://192.168.0.10/a.png",
    ],
)
def test_fetch_never_reads_this_servers_own_network(url):
    with pytest.raises(importer.FetchError, match="not a public address|cannot resolve"):
        importer.fetch(url)


def test_a_redirect_to_a_private_address_is_refused():
    import urllib.request

    handler = importer._HttpOnlyRedirects()
    request = urllib.request.Request("https://old.example.com/a.png")
    with pytest.raises(importer.FetchError, match="not a public address"):
        handler.redirect_request(request, None, 302, "Found", {}, "http://127.0.0.1/admin")


def test_a_post_edited_on_this_site_is_kept_on_a_new_import(imported, media_dir):
    from articles.editorial.models import Status as State
    from articles.services import article_transition
    from tests.factories import make_member

    edited = article(101)
    edited.title = "Our own better title"
    edited._history_user = make_member("Editor")
    edited.save()
    taken_down = Article.objects.filter(status=State.PUBLISHED).exclude(pk=edited.pk).first()
    article_transition(article=taken_down, to=State.UNPUBLISHED, by=make_member("Editor"))

    out = run(EXPORT, "--media-dir", media_dir, "--no-fetch")

    assert "edited on this site since it was imported (kept as it is)" in out
    edited.refresh_from_db()
    taken_down.refresh_from_db()
    assert edited.title == "Our own better title"
    assert taken_down.status == State.UNPUBLISHED


def test_a_dry_run_retires_no_cached_page(media_dir, client, reader_cache):
    from tests.factories import make_article

    page = make_article(slug="already-here").get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Reader-Cache"] == "hit"

    run(EXPORT, "--media-dir", media_dir, "--dry-run")

    assert client.get(page)["X-Reader-Cache"] == "hit"
