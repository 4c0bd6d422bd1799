from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial.models import Status
from articles.models import OldSlug
from tests.factories import (
    make_article,
    make_author,
    make_comparison,
    make_concept,
    make_promo,
    make_topic,
    make_use_case,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_home_lists_latest_articles_as_cards(client):
    article = make_article(title="Generative AI vs LLMs", teaser="Are they the same?")

    response = client.get("/")

    assert response.status_code == 200
    assert "<html" in response.text
    assert 'href="/articles/{}/"'.format(article.slug) in response.text
    assert "Are they the same?" in response.text
    byline = f"By <a href=\"/authors/{article.author.slug}/\">{article.author.name}</a> / "
    assert byline in response.text
    assert article.published_at.strftime("%b %d, %Y") in response.text


def test_home_hides_drafts_and_scheduled(client):
    make_article(title="Draft piece", status=Status.DRAFT, published_at=None)
    make_article(title="Future piece", published_at=timezone.now() + timedelta(days=2))
    make_article(title="Unpublished piece", status=Status.UNPUBLISHED)

    response = client.get("/")

    assert "Draft piece" not in response.text
    assert "Future piece" not in response.text
    assert "Unpublished piece" not in response.text
    assert "Nothing has been published here yet." in response.text


def test_home_paginates_with_a_real_load_more_link(client):
    for _ in range(13):
        make_article()

    response = client.get("/")

    assert response.text.count('class="card"') == 12
    assert 'href="?page=2"' in response.text
    assert 'hx-get="?page=2"' in response.text


def test_home_htmx_returns_only_the_next_cards(client):
    for _ in range(13):
        make_article()

    response = client.get("/?page=2", headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.count('class="card"') == 1
    assert 'id="load-more"' not in response.text
    assert "HX-Request" in response["Vary"]


def test_home_page_two_without_javascript_links_back(client):
    for _ in range(13):
        make_article()

    response = client.get("/?page=2")

    assert response.status_code == 200
    assert "<html" in response.text
    assert 'href="?page=1"' in response.text


@pytest.mark.parametrize("page", ["0", "3", "abc", "-1", "1.5"])
def test_home_bad_page_number_is_a_helpful_404(client, page):
    make_article()

    response = client.get(f"/?page={page}")

    assert response.status_code == 404
    assert "this list has 1 page" in response.text


def test_home_runs_constant_queries(client, django_assert_max_num_queries):
    for _ in range(30):
        make_article(featured=True, concepts=[make_concept()])
    for _ in range(5):
        make_comparison(featured=True)

    with django_assert_max_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200


def test_article_detail_shows_body_toc_and_concepts(client):
    concept = make_concept(name="Transformer", slug="transformer")
    article = make_article(
        body="Intro.\n\n## What is attention?\n\nText.", concepts=[concept]
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert '<h2 id="what-is-attention">What is attention?</h2>' in response.text
    assert '<a href="#what-is-attention">What is attention?</a>' in response.text
    assert 'href="/concepts/transformer/"' in response.text
    assert '<link rel="canonical"' in response.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.DRAFT, "published_at": None},
        {"status": Status.REVIEW, "published_at": None},
        {"status": Status.UNPUBLISHED},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_article_detail_unpublished_is_404(client, overrides):
    article = make_article(**overrides)

    response = client.get(f"/articles/{article.slug}/")

    assert response.status_code == 404


def test_article_detail_current_slug_wins_over_old_slug(client):
    older = make_article(slug="bar", published_at=timezone.now() - timedelta(days=1))
    OldSlug.objects.create(slug="foo", article=older)
    newer = make_article(slug="foo", title="The article now at foo",
                         published_at=timezone.now() - timedelta(days=3))

    response = client.get("/articles/foo/")

    assert response.status_code == 200
    assert newer.title in response.text


def test_article_detail_old_slug_still_redirects(client):
    article = make_article(slug="bar")
    OldSlug.objects.create(slug="foo", article=article)

    response = client.get("/articles/foo/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/bar/"


def test_article_detail_runs_constant_queries(client, django_assert_max_num_queries):
    concepts = [make_concept() for _ in range(6)]
    article = make_article(concepts=concepts)
    for concept in concepts:
        make_use_case(concept=concept)
        make_article(concepts=[concept], topic=article.topic)
    make_promo()

    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200


def test_topic_list_and_detail(client):
    topic = make_topic(name="Machine learning", slug="machine-learning")
    make_article(topic=topic, title="In the topic")
    make_article(title="Elsewhere")

    assert "Machine learning" in client.get("/topics/").text
    response = client.get("/topics/machine-learning/")

    assert response.status_code == 200
    assert "In the topic" in response.text
    assert "Elsewhere" not in response.text


def test_topic_detail_unknown_is_404(client):
    assert client.get("/topics/nope/").status_code == 404


def test_topic_detail_empty_state(client):
    make_topic(slug="quiet")

    response = client.get("/topics/quiet/")

    assert "No articles in this topic yet." in response.text


def test_author_detail_shows_bio_and_articles(client):
    author = make_author(name="Ana Ruiz", slug="ana-ruiz", bio="Writes about models.")
    make_article(author=author, title="By Ana")

    response = client.get("/authors/ana-ruiz/")

    assert response.status_code == 200
    assert "Writes about models." in response.text
    assert "By Ana" in response.text


@pytest.mark.parametrize(
    "url", ["/", "/topics/", "/search/"]
)
def test_pages_send_a_strict_csp(client, url):
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_base_template_loads_htmx_from_our_origin(client):
    response = client.get("/")

    assert '<script src="/static/django_htmx/htmx-2.min.js" defer' in response.text
    assert '"allowEval": false' in response.text
    assert "<script>" not in response.text


def test_post_to_a_page_is_405(client):
    assert client.post("/").status_code == 405


def test_unknown_url_gets_the_site_404_with_search(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "We couldn’t find that page" in response.text
    assert 'role="search"' in response.text
    assert "Resolver404" not in response.text


def test_unknown_article_404_does_not_leak_model_names(client):
    response = client.get("/articles/missing/")

    assert response.status_code == 404
    assert "matches the given query" not in response.text
