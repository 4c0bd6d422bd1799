"""Feeds, the sitemap, robots.txt and structured data: what search engines and readers' apps see."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.editorial.models import Status
from articles.knowledge.jsonld import defined_term
from articles.sitemaps import ArticleSitemap
from tests.factories import (
    make_article,
    make_author,
    make_comparison,
    make_concept,
    make_industry,
    make_topic,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HIDDEN = [
    {"status": Status.DRAFT, "published_at": None},
    {"status": Status.REVIEW, "published_at": None},
    {"status": Status.UNPUBLISHED},
    {"published_at": timezone.now() + timedelta(days=1)},
]


def _days_ago(days):
    return timezone.now() - timedelta(days=days)


def _rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") and channel.findtext("link").startswith("http://testserver/")
    return [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "pubDate": item.findtext("pubDate"),
            "categories": [c.text for c in item.findall("category")],
        }
        for item in channel.findall("item")
    ]


def _atom_entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated") is not None
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").startswith("http://testserver/")
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_site_rss_feed_lists_published_articles_newest_first(client):
    concept = make_concept(name="Transformer")
    old = make_article(title="Older", published_at=_days_ago(5), concepts=[concept])
    new = make_article(title="Newer", published_at=_days_ago(1))

    items = _rss_items(client.get("/feed/"))

    assert [item["title"] for item in items] == ["Newer", "Older"]
    assert items[0]["link"] == f"http://testserver{new.get_absolute_url()}"
    assert items[1]["categories"] == [old.topic.name, "Transformer"]
    assert all(item["pubDate"] for item in items)


def test_site_atom_feed_lists_published_articles_with_authors(client):
    article = make_article(title="In Atom")

    entries = _atom_entries(client.get("/feed/atom/"))

    assert entries == [
        {
            "title": "In Atom",
            "link": f"http://testserver{article.get_absolute_url()}",
            "author": article.author.name,
        }
    ]


def test_feeds_are_limited_to_thirty_items(client):
    for days in range(35):
        make_article(published_at=_days_ago(days + 1))

    assert len(_rss_items(client.get("/feed/"))) == 30


@pytest.mark.parametrize("overrides", HIDDEN, ids=["draft", "review", "unpublished", "scheduled"])
def test_feeds_never_include_unpublished_articles(client, overrides):
    topic, author, concept = make_topic(slug="t"), make_author(slug="a"), make_concept(slug="c")
    make_article(title="Visible", topic=topic, author=author, concepts=[concept])
    make_article(title="Hidden", topic=topic, author=author, concepts=[concept], **overrides)

    for url in ["/feed/", "/topics/t/feed/", "/authors/a/feed/", "/concepts/c/feed/"]:
        assert [item["title"] for item in _rss_items(client.get(url))] == ["Visible"], url
    for url in ["/feed/atom/", "/topics/t/feed/atom/", "/authors/a/feed/atom/"]:
        assert [entry["title"] for entry in _atom_entries(client.get(url))] == ["Visible"], url


def test_topic_author_and_concept_feeds_only_carry_their_articles(client):
    topic, author, concept = make_topic(slug="t"), make_author(slug="a"), make_concept(slug="c")
    make_article(title="In topic", topic=topic)
    make_article(title="By author", author=author)
    make_article(title="About concept", concepts=[concept])

    assert [i["title"] for i in _rss_items(client.get("/topics/t/feed/"))] == ["In topic"]
    assert [i["title"] for i in _rss_items(client.get("/authors/a/feed/"))] == ["By author"]
    assert [i["title"] for i in _rss_items(client.get("/concepts/c/feed/"))] == ["About concept"]
    assert [e["title"] for e in _atom_entries(client.get("/concepts/c/feed/atom/"))] == [
        "About concept"
    ]


@pytest.mark.parametrize(
    "url", ["/topics/nope/feed/", "/authors/nope/feed/atom/", "/concepts/nope/feed/"]
)
def test_feed_for_unknown_slug_is_404(client, url):
    assert client.get(url).status_code == 404


def test_comparison_feed_lists_curated_published_comparisons(client):
    shown = make_comparison(title="GANs vs VAEs")
    make_comparison(title="Draft one", status=Status.DRAFT, published_at=None)

    items = _rss_items(client.get("/compare/feed/"))
    entries = _atom_entries(client.get("/compare/feed/atom/"))

    assert [item["title"] for item in items] == ["GANs vs VAEs"]
    assert items[0]["link"] == f"http://testserver{shown.get_absolute_url()}"
    assert [entry["title"] for entry in entries] == ["GANs vs VAEs"]


def test_feeds_run_constant_queries(client, django_assert_max_num_queries):
    topic = make_topic(slug="t")
    for _ in range(3):
        make_article(topic=topic, concepts=[make_concept()])
    with django_assert_max_num_queries(3) as captured:
        client.get("/topics/t/feed/")
    few = len(captured)
    for _ in range(20):
        make_article(topic=topic, concepts=[make_concept(), make_concept()])
        make_comparison()

    for url in ["/topics/t/feed/", "/feed/", "/compare/feed/"]:
        with django_assert_max_num_queries(few):
            assert client.get(url).status_code == 200


def _sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.findall(f"{SITEMAP}url")
    }


def test_sitemap_index_lists_every_section(client):
    make_article()

    response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [entry.findtext(f"{SITEMAP}loc") for entry in root.findall(f"{SITEMAP}sitemap")]
    for section in ["pages", "articles", "concepts", "comparisons", "topics", "authors"]:
        assert f"http://testserver/sitemap-{section}.xml" in locations


def test_sitemap_lists_published_content_with_lastmod(client):
    article = make_article(published_at=_days_ago(3), revised_at=_days_ago(1))
    concept = make_concept(slug="transformer")
    comparison = make_comparison()
    topic, author = article.topic, article.author
    industry = make_industry(slug="health")

    urls = {}
    for section in ["pages", "articles", "concepts", "comparisons", "topics", "authors"]:
        urls |= _sitemap_urls(client, f"/sitemap-{section}.xml")
    urls |= _sitemap_urls(client, "/sitemap-industries.xml")

    base = "http://testserver"
    assert urls[f"{base}{article.get_absolute_url()}"] == timezone.localdate(
        article.revised_at
    ).isoformat()
    assert urls[f"{base}/concepts/transformer/"]
    assert urls[f"{base}{comparison.get_absolute_url()}"]
    assert urls[f"{base}{topic.get_absolute_url()}"] == timezone.localdate(
        article.published_at
    ).isoformat()
    assert f"{base}{author.get_absolute_url()}" in urls
    assert f"{base}{industry.get_absolute_url()}" in urls
    for page in ["/", "/topics/", "/concepts/", "/compare/"]:
        assert f"{base}{page}" in urls
    assert concept.get_absolute_url() == "/concepts/transformer/"


@pytest.mark.parametrize("overrides", HIDDEN, ids=["draft", "review", "unpublished", "scheduled"])
def test_sitemap_never_lists_unpublished_articles_or_comparisons(client, overrides):
    article = make_article(**overrides)
    comparison = make_comparison(**overrides)

    urls = _sitemap_urls(client, "/sitemap-articles.xml") | _sitemap_urls(
        client, "/sitemap-comparisons.xml"
    )

    assert f"http://testserver{article.get_absolute_url()}" not in urls
    assert f"http://testserver{comparison.get_absolute_url()}" not in urls


def test_sitemap_never_lists_ad_hoc_comparison_pages(client):
    first, second = make_concept(slug="aaa"), make_concept(slug="bbb")

    urls = _sitemap_urls(client, "/sitemap-comparisons.xml")

    assert not any("aaa-vs-bbb" in url for url in urls)
    assert first and second


def test_sitemap_pages_run_constant_queries(client, django_assert_max_num_queries):
    make_article()
    counts = []
    for size in (1, 20):
        for _ in range(size):
            make_article(concepts=[make_concept()])
            make_comparison()
        with django_assert_max_num_queries(12) as captured:
            client.get("/sitemap.xml")
        index = len(captured)
        sections = []
        for section in ["articles", "concepts", "comparisons", "topics", "authors"]:
            with django_assert_max_num_queries(3) as captured:
                client.get(f"/sitemap-{section}.xml")
            sections.append(len(captured))
        counts.append((index, sections))
    assert counts[0] == counts[1]


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("url", ["/", "/topics/", "/concepts/", "/compare/"])
def test_every_page_announces_the_site_feeds_and_a_canonical_url(client, url):
    response = client.get(url)

    assert '<link rel="alternate" type="application/rss+xml"' in response.text
    assert 'href="/feed/"' in response.text and 'href="/feed/atom/"' in response.text
    assert f'<link rel="canonical" href="http://testserver{url}">' in response.text
    assert '<meta property="og:title"' in response.text
    assert '<meta name="twitter:card"' in response.text


def test_home_has_website_json_ld_with_a_search_action(client):
    response = client.get("/")

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text)
    data = json.loads(block.group(1))
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == "http://testserver/search/?q={search_term_string}"


def test_jsonld_filter_escapes_anything_that_could_close_the_script():
    template = Template("{% load seo %}{{ data|jsonld }}")
    data = {"name": "</script><script>alert(1)</script> & more"}

    html = template.render(Context({"data": data}))

    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    assert "\\u003C/script\\u003E" in html and "\\u0026" in html
    inner = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner) == data


def test_concept_jsonld_describes_a_defined_term(rf):
    concept = make_concept(name="Transformer", slug="transformer", aliases="transformers")

    data = defined_term(concept, rf.get("/").build_absolute_uri, standalone=True)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "DefinedTerm"
    assert data["url"] == "http://testserver/concepts/transformer/"
    assert data["inDefinedTermSet"] == "http://testserver/concepts/"
    assert data["alternateName"] == ["transformers"]


def test_sitemap_article_pages_cover_every_article_once(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article(published_at=_days_ago(n)) for n in range(1, 6)]

    urls = []
    for page in (1, 2, 3):
        urls += list(_sitemap_urls(client, f"/sitemap-articles.xml?p={page}"))

    expected = [f"http://testserver{a.get_absolute_url()}" for a in articles]
    assert urls == expected  # newest first, each once
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
