from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.editorial.models import Status
from tests.factories import (
    make_article,
    make_author,
    make_comparison,
    make_concept,
    make_industry,
    make_topic,
    make_use_case,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
HIDDEN = [
    {"status": Status.DRAFT, "published_at": None},
    {"status": Status.REVIEW, "published_at": None},
    {"status": Status.UNPUBLISHED},
    {"published_at": timezone.now() + timedelta(days=1)},
]


def _listing_cases():
    """Yield (url, factory overrides that put an article on that listing)."""
    topic = make_topic(slug="listed-topic")
    author = make_author(slug="listed-author")
    industry = make_industry(name="Shipping", slug="listed-industry")
    concept = make_concept()
    make_use_case(concept=concept, industry=industry)
    return [
        ("/", {}),
        ("/topics/listed-topic/", {"topic": topic}),
        ("/authors/listed-author/", {"author": author}),
        # An industry lists the articles that name it (articles/industries.py).
        ("/industries/listed-industry/", {"concepts": [concept], "teaser": "In shipping."}),
    ]


def test_listings_paginate_with_load_more_and_htmx_fragments(client):
    for url, overrides in _listing_cases():
        for _ in range(13):
            make_article(**overrides)

        full = client.get(url)
        fragment = client.get(url + "?page=2", headers=HTMX)

        assert full.status_code == 200, url
        assert "<html" in full.text
        assert full.text.split('id="cards"', 1)[1].count('<article class="card">') == 12, url
        assert 'href="?page=2"' in full.text and 'hx-push-url="true"' in full.text
        assert fragment.status_code == 200, url
        assert "<html" not in fragment.text
        assert fragment.text.count('<article class="card">') == 1, url
        assert "HX-Request" in fragment["Vary"]


@pytest.mark.parametrize("page", ["0", "9", "two", "-1"])
def test_listings_bad_page_is_a_helpful_404(client, page):
    for url, overrides in _listing_cases():
        make_article(**overrides)

        response = client.get(f"{url}?page={page}")

        assert response.status_code == 404, url
        assert "this list has 1 page" in response.text


@pytest.mark.parametrize("overrides", HIDDEN, ids=["draft", "review", "unpublished", "scheduled"])
def test_listings_never_show_unpublished_articles(client, overrides):
    for url, placement in _listing_cases():
        make_article(title="Not public yet", featured=True, **placement | overrides)

        response = client.get(url)

        assert response.status_code == 200, url
        assert "Not public yet" not in response.text, url


def test_listing_query_counts_do_not_grow_with_data(client, django_assert_max_num_queries):
    cases = _listing_cases()
    counts = {}
    for size in (4, 25):
        for url, overrides in cases:
            for number in range(size):
                # The home shows three featured articles apart: one is left for "Latest".
                make_article(featured=number < 3, **overrides)
            make_comparison(featured=True)
            with django_assert_max_num_queries(6) as captured:
                assert client.get(url).status_code == 200
            full = len(captured)
            with django_assert_max_num_queries(4) as captured:
                assert client.get(url + "?page=1", headers=HTMX).status_code == 200
            counts.setdefault(url, []).append((full, len(captured)))
    for url, (small, large) in counts.items():
        assert small == large, url
        assert small[0] > 0


def test_home_shows_featured_latest_comparisons_and_concepts(client):
    concept = make_concept(name="Transformer", definition="A network built on attention.")
    make_article(title="Featured one", featured=True, concepts=[concept])
    make_article(title="Plain one")
    comparison = make_comparison(title="GANs vs VAEs", featured=True)
    make_comparison(title="Not featured", featured=False)
    make_comparison(title="Draft comparison", featured=True, status=Status.DRAFT, published_at=None)

    response = client.get("/")

    html = response.text
    assert 'id="featured-title"' in html and "Featured one" in html
    assert 'id="latest-title"' in html and "Plain one" in html
    assert 'id="comparisons-title">Featured comparisons' in html
    assert f'href="{comparison.get_absolute_url()}">GANs vs VAEs</a>' in html
    assert "Not featured" not in html
    assert "Draft comparison" not in html
    assert 'id="explore-title">Concepts to explore' in html
    assert 'href="/concepts/' + concept.slug + '/">Transformer</a><p>A network built on attention.' in html


def test_home_htmx_load_more_has_no_home_sections(client):
    for _ in range(13):
        make_article(featured=True)
    make_comparison(featured=True)

    response = client.get("/?page=2", headers=HTMX)

    assert "Featured comparisons" not in response.text
    assert "Featured" not in response.text


def test_author_page_shows_avatar_bio_feed_and_person(client):
    author = make_author(name="Ana Ruiz", slug="ana-ruiz", bio="Writes about models.")
    make_article(author=author)

    response = client.get("/authors/ana-ruiz/")

    html = response.text
    assert "Writes about models." in html
    assert 'href="/authors/ana-ruiz/feed/"' in html
    assert '"@type":"ProfilePage"' in html and '"@type":"Person"' in html
    assert '<meta property="og:type" content="profile">' in html


def test_topic_page_announces_its_feeds(client):
    topic = make_topic(slug="machine-learning")

    response = client.get("/topics/machine-learning/")

    assert f'title="{topic.name} — Compendium (RSS)" href="/topics/machine-learning/feed/"' in (
        response.text
    )
    assert 'href="/topics/machine-learning/feed/atom/"' in response.text


@pytest.mark.parametrize(
    "url", ["/topics/missing/", "/authors/missing/", "/industries/missing/"]
)
def test_listing_of_unknown_slug_is_404(client, url):
    assert client.get(url).status_code == 404


def test_listing_canonical_keeps_the_page_number(client):
    topic = make_topic(slug="paged")
    for _ in range(13):
        make_article(topic=topic)

    first = client.get("/topics/paged/")
    second = client.get("/topics/paged/?page=2&utm_source=x")

    assert '<link rel="canonical" href="http://testserver/topics/paged/">' in first.text
    assert '<link rel="canonical" href="http://testserver/topics/paged/?page=2">' in second.text


def test_home_does_not_repeat_featured_articles_in_latest(client):
    for number in range(5):
        make_article(title=f"Story {number}", featured=number >= 2)

    html = client.get(reverse("articles:home")).text
    latest = html.split('id="latest-title"', 1)[1]
    featured = html.split('id="featured-title"', 1)[1].split('id="latest-title"', 1)[0]

    for number in (2, 3, 4):
        assert f">Story {number}</a>" in featured and f">Story {number}</a>" not in latest
    for number in (0, 1):
        assert f">Story {number}</a>" in latest
    page = client.get(reverse("articles:home") + "?page=1", headers=HTMX).text
    assert ">Story 4</a>" not in page and ">Story 1</a>" in page
