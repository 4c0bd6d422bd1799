"""Reader delivery: cookie-free cacheable pages, validators, the reader cache, purges."""

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.utils import timezone

from articles.core import delivery
from articles.editorial.models import Status
from articles.knowledge.models import Fact
from articles.knowledge.services import mark_verified
from articles.services import article_transition
from tests.factories import (
    make_article,
    make_comparison,
    make_concept,
    make_fact,
    make_industry,
    make_member,
    make_preview_link,
    make_promo,
    make_use_case,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def site():
    """A little of everything, so that every kind of public page has something to show."""
    concept = make_concept(name="Transformer", slug="transformer")
    other = make_concept(name="Diffusion model", slug="diffusion-model")
    industry = make_industry(name="Healthcare", slug="healthcare")
    make_use_case(concept=concept, industry=industry)
    article = make_article(title="Attention, explained", concepts=[concept])
    make_fact(concept=concept)
    comparison = make_comparison(concepts=[concept, other])
    return {"article": article, "concept": concept, "industry": industry, "comparison": comparison}


def public_urls(site):
    article, concept, industry = site["article"], site["concept"], site["industry"]
    return [
        "/",
        "/?page=1",
        article.get_absolute_url(),
        "/topics/",
        article.topic.get_absolute_url(),
        article.author.get_absolute_url(),
        "/concepts/",
        concept.get_absolute_url(),
        industry.get_absolute_url(),
        "/use-cases/",
        f"/use-cases/{concept.slug}/{industry.slug}/",
        "/compare/",
        site["comparison"].get_absolute_url(),
        "/compare/diffusion-model-vs-transformer.json",
        "/search/",
        "/search/?q=attention",
        "/feed/",
        "/feed/atom/",
        article.topic.get_absolute_url() + "feed/",
        concept.get_absolute_url() + "feed/",
        "/compare/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/robots.txt",
    ]


# Cookie-free, cacheable, HEAD and validators


def test_public_pages_set_no_cookie_and_do_not_vary_on_it(client, site):
    for url in public_urls(site):
        response = client.get(url)

        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "Set-Cookie" not in response, url


def test_public_pages_are_cacheable_with_validators_and_surrogate_keys(client, site):
    for url in public_urls(site):
        response = client.get(url)

        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "s-maxage=" in cache_control, url
        assert "max-age=0" in cache_control, url
        assert response["ETag"].startswith('"'), url
        assert response["Last-Modified"], url
        assert "all" in response["Surrogate-Key"].split(), url
        assert response["Cache-Tag"] == ",".join(response["Surrogate-Key"].split()), url


def test_glossary_card_fragment_is_cacheable_and_cookie_free(client, site):
    response = client.get("/glossary/transformer/", headers=HTMX)

    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert f"concept-{site['concept'].pk}" in response["Surrogate-Key"].split()


def test_head_answers_wherever_get_does(client, site):
    for url in public_urls(site):
        assert client.head(url).status_code == 200, url


def test_if_none_match_answers_304_without_rendering(
    client, site, reader_cache, django_assert_num_queries
):
    url = site["article"].get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"]


def test_if_modified_since_answers_304(client, site, reader_cache):
    url = site["concept"].get_absolute_url()
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        first = client.get(url)

        again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 304


def test_if_modified_since_tells_changes_within_one_second_apart(client, site, reader_cache):
    url = site["concept"].get_absolute_url()
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        first = client.get(url)
        site["concept"].definition = "Changed in the same second."
        site["concept"].save()

        again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 200
    assert b"Changed in the same second." in again.content


def test_a_different_etag_gets_the_page(client, site, reader_cache):
    response = client.get(site["article"].get_absolute_url(), headers={"If-None-Match": '"x"'})

    assert response.status_code == 200
    assert b"Attention, explained" in response.content


def test_304_without_the_reader_cache_still_saves_the_body(client, site):
    url = site["article"].get_absolute_url()
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304


def test_vary_lists_only_the_htmx_headers(client, site):
    response = client.get("/search/?q=attention")

    assert {name.strip() for name in response["Vary"].split(",")} == {
        "HX-Request",
        "HX-Target",
        "HX-History-Restore-Request",
    }


# The reader cache


def test_a_second_request_comes_from_the_reader_cache(
    client, site, reader_cache, django_assert_num_queries
):
    url = site["article"].get_absolute_url()
    assert client.get(url)["X-Reader-Cache"] == "miss"

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response["X-Reader-Cache"] == "hit"
    assert b"Attention, explained" in response.content


def test_a_hit_is_served_from_this_processs_copy_without_reading_the_page_again(
    client, site, reader_cache, monkeypatch
):
    url = site["article"].get_absolute_url()
    assert client.get(url)["X-Reader-Cache"] == "miss"
    shared = delivery._cache()
    reads = []
    real_get = shared.get
    monkeypatch.setattr(
        shared, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )

    response = client.get(url)

    assert response["X-Reader-Cache"] == "hit"
    assert b"Attention, explained" in response.content
    assert reads == [delivery.GENERATION_KEY]  # the generation only: is the copy still current?


def test_a_change_is_never_hidden_by_this_processs_copy(
    client, site, reader_cache, django_capture_on_commit_callbacks
):
    article = site["article"]
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Reader-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Attention, explained again"
        article.save()
    response = client.get(article.get_absolute_url())

    assert response["X-Reader-Cache"] == "miss"
    assert b"Attention, explained again" in response.content


def test_a_change_committed_while_the_cache_was_down_shows_once_it_is_back(
    client, site, reader_cache, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    article = site["article"]
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Reader-Cache"] == "hit"
    working = delivery._cache

    def broken():
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(delivery, "_cache", broken)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Attention, explained again"
        article.save()
    article.refresh_from_db()
    assert article.title == "Attention, explained again"  # the save never fails
    assert delivery._owed.is_set()
    # While it is down, readers get pages worked out afresh.
    while_down = client.get(article.get_absolute_url())
    assert b"Attention, explained again" in while_down.content
    assert delivery._owed.is_set()

    # Back with the pages it held before the change: none of them is served.
    monkeypatch.setattr(delivery, "_cache", working)
    response = client.get(article.get_absolute_url())

    assert response["X-Reader-Cache"] == "miss"
    assert b"Attention, explained again" in response.content
    assert not delivery._owed.is_set()
    assert "a commit owed" in caplog.text
    assert client.get(article.get_absolute_url())["X-Reader-Cache"] == "hit"


def test_while_the_cache_is_down_an_owed_generation_asks_the_database_nothing(
    site, reader_cache, monkeypatch, django_assert_num_queries
):
    delivery._owed.set()

    def broken():
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(delivery, "_cache", broken)
    with django_assert_num_queries(0), pytest.raises(ConnectionError):
        delivery.generation()

    assert delivery._owed.is_set()


def test_a_commit_failing_while_an_owed_generation_starts_owes_one_again(
    site, reader_cache, monkeypatch
):
    delivery._owed.set()
    start = delivery._start_after_commit

    def meanwhile_another_commit_fails(upcoming):
        delivery._owed.set()  # what its _flush does when it cannot reach the cache
        return start(upcoming)

    monkeypatch.setattr(delivery, "_start_after_commit", meanwhile_another_commit_fails)
    delivery.generation()

    assert delivery._owed.is_set()  # its own generation is still to start


def test_a_generation_still_owed_at_exit_is_started_then(site, reader_cache, monkeypatch):
    token = delivery.generation()[0]
    delivery._owed.set()

    delivery._settle_at_exit()

    assert not delivery._owed.is_set()
    assert delivery.generation()[0] != token


def test_a_schedule_committed_beside_another_change_still_ends_the_generation(monkeypatch):
    """Two commits at once: one asked for the next scheduled change before the other,
    which scheduled an article, committed and stored its generation; the first then stores
    its own. Asking again once stored, it ends at the article's time all the same."""
    soon = time.time() + 300
    answers = iter([None, soon])  # before the other commit, then after it
    monkeypatch.setattr(delivery, "next_change", lambda: next(answers))

    delivery._flush({"articles"})

    assert delivery.generation()[2] == soon


def test_this_processs_copies_stay_within_their_bound(monkeypatch):
    monkeypatch.setattr(delivery, "LOCAL_PAGES", 3)
    page = delivery.Page(
        status=200, content=b"x" * 100, headers={}, etag='"e"', last_modified=0, expires=2e9
    )
    for number in range(5):
        delivery._remember(f"key-{number}", page)

    assert [delivery._recall(f"key-{n}") is not None for n in range(5)] == [False, False] + [
        True
    ] * 3
    monkeypatch.setattr(delivery, "LOCAL_PAGE_BYTES", 2 * delivery._footprint(page))
    delivery._remember("key-5", page)
    assert delivery._recall("key-3") is None and delivery._recall("key-5") is page
    assert delivery._local_size == 2 * delivery._footprint(page)


def test_an_expired_copy_is_made_again_and_then_served(client, site, reader_cache, settings):
    url = site["article"].get_absolute_url()
    settings.COMPENDIUM_PAGE_SECONDS = 60
    client.get(url)
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        assert client.get(url)["X-Reader-Cache"] == "miss"
        assert client.get(url)["X-Reader-Cache"] == "hit"


@pytest.fixture
def release_named(settings):
    """Name this process's release, as COMPENDIUM_RELEASE does on a server."""

    def name(value):
        settings.COMPENDIUM_RELEASE = value
        delivery.release.cache_clear()

    yield name
    delivery.release.cache_clear()


def test_each_release_keeps_its_own_pages_in_the_shared_cache(
    client, site, reader_cache, release_named
):
    """A rolling restart: servers of the old and the new release share the cache, and
    neither serves a page the other rendered with its own templates."""
    url = site["article"].get_absolute_url()
    release_named("old")
    assert client.get(url)["X-Reader-Cache"] == "miss"
    assert client.get(url)["X-Reader-Cache"] == "hit"

    release_named("new")
    assert client.get(url)["X-Reader-Cache"] == "miss"
    assert client.get(url)["X-Reader-Cache"] == "hit"
    release_named("old")
    assert client.get(url)["X-Reader-Cache"] == "hit"


def test_without_a_name_the_release_is_a_digest_of_its_code(settings, release_named, tmp_path):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "base.html"
    template.write_text("<title>One</title>")
    (tmp_path / "articles" / "__pycache__").mkdir(parents=True)
    release_named("")
    first = delivery.release()
    (tmp_path / "articles" / "__pycache__" / "views.pyc").write_bytes(b"compiled")
    delivery.release.cache_clear()
    same = delivery.release()
    template.write_text("<title>Two</title>")
    delivery.release.cache_clear()

    assert same == first  # the same files on another server: the same release
    assert delivery.release() != first


def test_htmx_fragment_and_page_are_cached_apart(client, site, reader_cache):
    concept = site["concept"]
    page = client.get(concept.get_absolute_url() + "?industry=healthcare")
    fragment = client.get(
        concept.get_absolute_url() + "?industry=healthcare",
        headers=HTMX | {"HX-Target": "use-cases"},
    )
    page_again = client.get(concept.get_absolute_url() + "?industry=healthcare")

    assert b"<html" in page.content and b"<html" in page_again.content
    assert b"<html" not in fragment.content
    assert page_again["X-Reader-Cache"] == "hit"


def test_publishing_shows_on_every_affected_page_at_once(client, site, reader_cache):
    concept, article = site["concept"], site["article"]
    editor = make_member("Editor")
    draft = make_article(
        title="Fresh news", status=Status.DRAFT, published_at=None, concepts=[concept],
        topic=article.topic, author=article.author,
    )  # fmt: skip
    draft.industries.add(site["industry"])
    pages = [
        "/",
        article.topic.get_absolute_url(),
        article.author.get_absolute_url(),
        concept.get_absolute_url(),
        site["industry"].get_absolute_url(),
        "/feed/",
        "/search/?q=fresh",
    ]
    link = draft.get_absolute_url().encode()
    for url in pages:
        assert link not in client.get(url).content, url
    assert client.get("/sitemap-articles.xml").content.count(b"<url>") == 1

    article_transition(article=draft, to=Status.PUBLISHED, by=editor)

    for url in pages:
        response = client.get(url)
        assert link in response.content, url
        assert response["X-Reader-Cache"] == "miss", url
    assert client.get("/sitemap-articles.xml").content.count(b"<url>") == 2
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublishing_removes_the_article_everywhere_at_once(client, site, reader_cache):
    article = site["article"]
    editor = make_member("Editor")
    pages = ["/", article.topic.get_absolute_url(), site["concept"].get_absolute_url(), "/feed/"]
    assert client.get(article.get_absolute_url()).status_code == 200
    for url in pages:
        assert b"Attention, explained" in client.get(url).content, url

    article_transition(article=article, to=Status.UNPUBLISHED, by=editor)

    assert client.get(article.get_absolute_url()).status_code == 404
    for url in pages:
        assert b"Attention, explained" not in client.get(url).content, url


def test_editing_shows_on_the_article_and_its_listings(client, site, reader_cache):
    article = site["article"]
    for url in [article.get_absolute_url(), "/"]:
        client.get(url)

    article.title = "Attention, re-explained"
    article.body = "A new first paragraph."
    article.save()

    page = client.get(article.get_absolute_url()).content
    assert b"Attention, re-explained" in page and b"A new first paragraph." in page
    assert b"Attention, re-explained" in client.get("/").content


def test_fact_change_shows_on_comparisons_and_hubs(client, site, reader_cache):
    comparison_url = site["comparison"].get_absolute_url()
    hub_url = site["concept"].get_absolute_url()
    for url in [comparison_url, hub_url, "/compare/diffusion-model-vs-transformer.json"]:
        client.get(url)
    fact = Fact.objects.get(concept=site["concept"])

    fact.text = "Corrected: attention over the whole sequence."
    fact.save()

    for url in [comparison_url, hub_url, "/compare/diffusion-model-vs-transformer.json"]:
        assert b"Corrected: attention over the whole sequence." in client.get(url).content, url


def test_concept_change_shows_on_hub_card_and_comparisons(client, site, reader_cache):
    concept = site["concept"]
    urls = [concept.get_absolute_url(), site["comparison"].get_absolute_url(), "/concepts/"]
    for url in urls:
        client.get(url)
    client.get("/glossary/transformer/", headers=HTMX)

    concept.definition = "A redefined network built on attention."
    concept.save()

    for url in urls:
        assert b"A redefined network built on attention." in client.get(url).content, url
    card = client.get("/glossary/transformer/", headers=HTMX)
    assert b"A redefined network built on attention." in card.content


def test_promo_change_shows_on_article_pages(client, site, reader_cache):
    url = site["article"].get_absolute_url()
    assert b'class="promo"' not in client.get(url).content

    promo = make_promo(headline="Spring webinar")

    assert b"Spring webinar" in client.get(url).content
    promo.is_active = False
    promo.save()
    assert b"Spring webinar" not in client.get(url).content


def test_scheduled_article_appears_at_its_time_on_pages_cached_before(client, site, reader_cache):
    at = timezone.now() + timedelta(hours=2)
    scheduled = make_article(title="Tomorrow piece", published_at=at, concepts=[site["concept"]])
    pages = ["/", site["concept"].get_absolute_url(), "/feed/"]

    with time_machine.travel(at - timedelta(minutes=1), tick=False):
        for url in pages:
            response = client.get(url)
            assert b"Tomorrow piece" not in response.content, url
            assert "stale-while-revalidate" not in response["Cache-Control"], url
            # Shared caches may keep it only until the scheduled time.
            assert "s-maxage=60" in response["Cache-Control"], url
        assert client.get(pages[0])["X-Reader-Cache"] == "hit"

    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        for url in pages:
            assert b"Tomorrow piece" in client.get(url).content, url
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_promo_ending_disappears_at_its_time(client, site, reader_cache):
    ends = timezone.now() + timedelta(hours=1)
    make_promo(headline="Ends soon", ends_at=ends)
    url = site["article"].get_absolute_url()

    with time_machine.travel(ends - timedelta(minutes=1), tick=False):
        assert b"Ends soon" in client.get(url).content
    with time_machine.travel(ends + timedelta(seconds=1), tick=False):
        assert b"Ends soon" not in client.get(url).content


def test_staff_bypass_the_cache_and_get_private_pages(client, site, reader_cache):
    url = site["article"].get_absolute_url()
    client.get(url)
    client.get(url)
    client.force_login(make_member("Editor"))

    response = client.get(url)

    assert "X-Reader-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_previews_and_drafts_are_never_cached(client, site, reader_cache):
    draft = make_article(title="Secret draft", status=Status.DRAFT, published_at=None)
    link = make_preview_link(draft)

    for _ in range(2):
        preview = client.get(link.get_absolute_url())
        missing = client.get(draft.get_absolute_url())

    assert preview.status_code == 200
    assert "private" in preview["Cache-Control"] or "no-store" in preview["Cache-Control"]
    assert "X-Reader-Cache" not in preview
    assert missing.status_code == 404
    assert "public" not in missing["Cache-Control"]
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(link.get_absolute_url()).status_code == 404


def test_article_page_names_what_it_shows(client, site):
    article = site["article"]

    keys = client.get(article.get_absolute_url())["Surrogate-Key"].split()

    assert {f"article-{article.pk}", "articles", "concepts", "promos", "all"} <= set(keys)


def test_comparison_page_names_its_concepts(client, site):
    keys = set(client.get(site["comparison"].get_absolute_url())["Surrogate-Key"].split())

    assert {f"concept-{c.pk}" for c in site["comparison"].concepts.all()} <= keys
    assert {"comparisons", "facts", "articles"} <= keys


# Purges to a CDN


class PurgeRecorder(BaseHTTPRequestHandler):
    received = []
    fail_first = 0

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        if PurgeRecorder.fail_first:
            PurgeRecorder.fail_first -= 1
            self.send_response(503)
        else:
            PurgeRecorder.received.append(self.headers["Surrogate-Key"])
            self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    PurgeRecorder.received, PurgeRecorder.fail_first = [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.COMPENDIUM_PURGE_URL = f"http://127.0.0.1:{server.server_port}/"
    yield PurgeRecorder
    server.shutdown()


def test_change_purges_exactly_its_keys_after_commit(
    site, purge_server, django_capture_on_commit_callbacks
):
    article = site["article"]

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Renamed"
        article.save()
        assert purge_server.received == []  # nothing before the commit
    delivery.wait_for_purges()

    assert purge_server.received == [f"article-{article.pk} articles"]


def test_purge_retries_and_never_fails_the_save(
    site, purge_server, django_capture_on_commit_callbacks
):
    purge_server.fail_first = 2
    fact = Fact.objects.get(concept=site["concept"])

    with django_capture_on_commit_callbacks(execute=True):
        fact.text = "Checked again."
        fact.save()
    delivery.wait_for_purges()

    assert purge_server.received == [f"concept-{site['concept'].pk}"]
    fact.refresh_from_db()
    assert fact.text == "Checked again."


def test_purge_to_an_unreachable_cdn_never_fails_the_save(
    site, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.COMPENDIUM_PURGE_URL = "http://127.0.0.1:9/"
    monkeypatch.setattr(delivery, "PURGE_ATTEMPTS", 2)
    promo = make_promo(headline="Unreachable")

    with django_capture_on_commit_callbacks(execute=True):
        promo.headline = "Still saved"
        promo.save()
    delivery.wait_for_purges()

    promo.refresh_from_db()
    assert promo.headline == "Still saved"


def test_no_purge_url_sends_nothing(site, settings, django_capture_on_commit_callbacks):
    settings.COMPENDIUM_PURGE_URL = ""

    with django_capture_on_commit_callbacks(execute=True):
        site["article"].save()

    assert delivery._queue.unfinished_tasks == 0


def test_purges_queued_together_go_out_together(site, purge_server):
    delivery.purge({"concept-1"})
    delivery.purge({"concept-2", "facts"})
    delivery.wait_for_purges()

    sent = " ".join(purge_server.received).split()
    assert sorted(sent) == ["concept-1", "concept-2", "facts"]


def test_pages_of_two_hosts_are_cached_apart(client, site, reader_cache, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    url = site["article"].get_absolute_url()

    first = client.get(url, HTTP_HOST="a.example")
    second = client.get(url, HTTP_HOST="b.example")

    assert b"http://a.example/" in first.content
    assert b"http://b.example/" in second.content and b"http://a.example/" not in second.content
    client.raise_request_exception = False
    assert client.get("/robots.txt", HTTP_HOST="evil.example").status_code == 400


def test_htmx_pages_vary_on_every_htmx_header(client, site):
    response = client.get(site["concept"].get_absolute_url())

    varies = {name.strip() for name in response["Vary"].split(",")}
    assert {"HX-Request", "HX-Target", "HX-History-Restore-Request"} <= varies


def test_no_stale_while_revalidate_past_a_scheduled_change(client, site, reader_cache):
    make_article(title="Soon", published_at=timezone.now() + timedelta(seconds=615))

    response = client.get("/")

    assert "stale-while-revalidate" not in response["Cache-Control"]


def test_a_page_rendered_across_a_change_is_not_kept(client, site, reader_cache, monkeypatch):
    url = site["article"].get_absolute_url()
    render = delivery.ReaderCacheMiddleware.make_page

    def change_meanwhile(self, *args, **kwargs):
        delivery.changed("articles")
        return render(self, *args, **kwargs)

    monkeypatch.setattr(delivery.ReaderCacheMiddleware, "make_page", change_meanwhile)
    response = client.get(url)
    monkeypatch.undo()

    assert "no-cache" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert client.get(url)["X-Reader-Cache"] == "miss"


def test_an_unreachable_cache_serves_pages_uncached(client, site, reader_cache, monkeypatch):
    def broken():
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(delivery, "_cache", broken)

    response = client.get(site["article"].get_absolute_url())
    health = client.get("/healthz")
    search = client.get("/search/?q=attention")
    misspelt = client.get("/search/?q=atention")

    assert response.status_code == 200 and b"Attention, explained" in response.content
    assert "no-cache" in response["Cache-Control"]
    assert health.status_code == 200
    # Search works without the cache, only without "Did you mean".
    assert search.status_code == 200 and b'class="search-hit' in search.content
    assert misspelt.status_code == 200 and b"Did you mean" not in misspelt.content


def test_a_change_rolled_back_retires_its_generation_within_seconds(site, reader_cache):
    from django.db import transaction

    with transaction.atomic():
        site["article"].save()
        token, _, upcoming = delivery.generation()
        transaction.set_rollback(True)

    assert upcoming is not None
    assert upcoming <= timezone.now().timestamp() + delivery.PROVISIONAL_SECONDS


def test_writes_without_signals_still_start_a_new_generation(site, reader_cache, client):
    url = site["concept"].get_absolute_url()
    client.get(url)
    Fact.objects.update(verified_on=timezone.localdate() - timedelta(days=400))
    delivery.changed("facts")  # what a migration or a raw fix would say

    fresh = client.get(url)
    assert fresh["X-Reader-Cache"] == "miss"
    client.get(url)

    mark_verified(queryset=Fact.objects.all(), field="verified_on", by=make_member("Curator"))

    assert client.get(url)["X-Reader-Cache"] == "miss"


def test_healthz_is_constant_uncached_and_touches_no_database(client, django_assert_num_queries):
    client.get("/healthz")  # the site's first request starts a generation (one query)

    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert "X-Reader-Cache" not in response
    assert client.head("/healthz").status_code == 200


def test_readyz_says_ok_when_database_caches_and_schema_are_ready(client, monkeypatch):
    monkeypatch.setattr("articles.views._migrated", False)

    response = client.get("/readyz")

    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_503_with_unapplied_migrations(client, monkeypatch):
    monkeypatch.setattr("articles.views._migrated", False)
    monkeypatch.setattr(
        "articles.views.MigrationExecutor.migration_plan", lambda self, targets: ["pending"]
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert b"migrations not applied" in response.content


def test_readyz_is_503_when_a_cache_is_down(client, monkeypatch):
    class Down:
        def get(self, key):
            raise ConnectionError("down")

    monkeypatch.setattr("articles.views.caches", {"default": Down(), "delivery": Down()})

    response = client.get("/readyz")

    assert response.status_code == 503
    assert b"default cache unreachable" in response.content
