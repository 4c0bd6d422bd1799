"""The read-only Content API at /api/v1/."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.editorial.models import Status
from articles.knowledge.models import RelationKind
from comparisons.api.paging import encode_cursor
from tests.factories import (
    make_article,
    make_author,
    make_comparison,
    make_concept,
    make_dimension,
    make_fact,
    make_industry,
    make_relation,
    make_topic,
    make_use_case,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"
NOW = timezone.now()

# Every state in which readers must not see an item.
HIDDEN = [
    {"status": Status.DRAFT, "published_at": None},
    {"status": Status.REVIEW, "published_at": None},
    {"status": Status.UNPUBLISHED, "published_at": NOW - timedelta(days=3)},
    {"status": Status.PUBLISHED, "published_at": NOW + timedelta(days=1)},
]
HIDDEN_IDS = ["draft", "review", "unpublished", "scheduled"]


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


@pytest.fixture
def site():
    """A small published site: two articles, concepts with facts, a comparison, a use-case."""
    gan = make_concept(name="GAN", slug="gan", aliases="generative adversarial network")
    vae = make_concept(name="VAE", slug="vae")
    make_relation(gan, RelationKind.RELATED, vae)
    purpose = make_dimension(name="Purpose", slug="purpose")
    make_fact(concept=gan, dimension=purpose, value="Generate images", text="Makes images.")
    make_fact(concept=vae, dimension=purpose, value="generate  IMAGES", text="Also images.")
    industry = make_industry(name="Healthcare", slug="healthcare")
    use_case = make_use_case(concept=gan, industry=industry, title="Synthetic scans")
    topic = make_topic(name="Machine learning", slug="ml")
    author = make_author(name="Ada", slug="ada")
    older = make_article(
        slug="older",
        topic=topic,
        author=author,
        concepts=[gan],
        published_at=NOW - timedelta(days=2),
    )
    newer = make_article(
        slug="newer",
        concepts=[gan, vae],
        published_at=NOW - timedelta(days=1),
        body="## Intro\n\nHello *world*.\n\n<script>alert(1)</script>",
    )
    comparison = make_comparison(concepts=[gan, vae], dimensions=[purpose], slug="gan-vae")
    comparison.related_articles.add(older)
    return {
        "gan": gan,
        "vae": vae,
        "older": older,
        "newer": newer,
        "topic": topic,
        "author": author,
        "comparison": comparison,
        "use_case": use_case,
    }


# Shapes


def test_article_list_shape(client, site):
    response = client.get(f"{API}/articles/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["next"] is None
    assert slugs(response) == ["newer", "older"]
    older = data["results"][1]
    assert older["title"] == site["older"].title
    assert older["teaser"] == site["older"].teaser
    assert older["author"]["slug"] == "ada"
    assert older["author"]["api_url"] == "http://testserver/api/v1/authors/ada/"
    assert older["topic"]["slug"] == "ml"
    assert [c["slug"] for c in older["concepts"]] == ["gan"]
    assert older["url"] == "http://testserver" + site["older"].get_absolute_url()
    assert older["api_url"] == "http://testserver/api/v1/articles/older/"
    assert older["published_at"].startswith(str(site["older"].published_at.date()))
    assert older["revised_at"] is None
    assert older["hero"] is None
    assert "body_html" not in older


def test_article_detail_has_markdown_and_sanitised_html(client, site):
    data = client.get(f"{API}/articles/newer/").json()

    assert data["body_markdown"] == site["newer"].body
    assert data["body_html"] == site["newer"].body_html
    assert "<em>world</em>" in data["body_html"]
    assert "<script" not in data["body_html"]
    assert [c["slug"] for c in data["concepts"]] == ["gan", "vae"]
    assert {"updated_at", "revised_at", "word_count", "toc", "industries", "hero"} <= set(data)


def test_article_detail_revised_date_only_once_due(client, site):
    article = site["older"]
    article.revised_at = NOW - timedelta(hours=1)
    article.save()

    data = client.get(f"{API}/articles/older/").json()

    assert data["revised_at"] is not None


def test_article_hero_urls_are_absolute(client, site):
    article = site["older"]
    article.hero_image = "heroes/2026/picture.jpg"
    article.hero_alt = "A picture"
    article.hero_renditions = {
        "source": "heroes/2026/picture.jpg",
        "jpeg": [{"name": "heroes/2026/picture-480.jpg", "width": 480}],
        "webp": [{"name": "heroes/2026/picture-480.webp", "width": 480}],
        "width": 1600,
        "height": 900,
    }
    article.save()

    hero = client.get(f"{API}/articles/older/").json()["hero"]

    assert hero["url"] == "http://testserver/media/heroes/2026/picture.jpg"
    assert hero["alt"] == "A picture"
    assert (hero["width"], hero["height"]) == (1600, 900)
    assert [(r["format"], r["url"]) for r in hero["renditions"]] == [
        ("jpeg", "http://testserver/media/heroes/2026/picture-480.jpg"),
        ("webp", "http://testserver/media/heroes/2026/picture-480.webp"),
    ]


def test_author_and_topic_shapes(client, site):
    authors = client.get(f"{API}/authors/").json()
    author = client.get(f"{API}/authors/ada/").json()
    topics = client.get(f"{API}/topics/").json()
    topic = client.get(f"{API}/topics/ml/").json()

    assert "ada" in [a["slug"] for a in authors["results"]]
    assert author["name"] == "Ada" and "bio" in author
    assert "ml" in [t["slug"] for t in topics["results"]]
    assert topic["name"] == "Machine learning" and "description" in topic


def test_concept_detail_shape(client, site):
    data = client.get(f"{API}/concepts/gan/").json()

    assert data["definition"] == site["gan"].definition
    assert data["aliases"] == ["generative adversarial network"]
    assert data["relations"] == [
        {
            "kind": "related",
            "label": "is related to",
            "source": data["relations"][0]["source"],
            "target": data["relations"][0]["target"],
        }
    ]
    assert data["relations"][0]["target"]["slug"] == "vae"
    fact = data["facts"][0]
    assert fact["dimension"] == "purpose"
    assert fact["value"] == "Generate images"
    assert fact["text"] == "Makes images."
    assert fact["sources"][0]["url"].startswith("https://example.org/")
    assert fact["verified_on"] == str(timezone.localdate())
    assert [u["title"] for u in data["use_cases"]] == ["Synthetic scans"]
    assert {a["slug"] for a in data["articles"]} == {"older", "newer"}
    assert data["articles_url"] == "http://testserver/api/v1/articles/?concept=gan"
    assert [c["slug"] for c in data["comparisons"]] == ["gan-vae"]


def test_concept_list_and_use_case_list_shapes(client, site):
    concepts = client.get(f"{API}/concepts/").json()
    use_cases = client.get(f"{API}/use-cases/").json()

    assert [c["slug"] for c in concepts["results"]] == ["gan", "vae"]
    assert "explanation_html" not in concepts["results"][0]
    use_case = use_cases["results"][0]
    assert use_case["concept"]["slug"] == "gan"
    assert use_case["industry"]["slug"] == "healthcare"
    assert use_case["title"] == "Synthetic scans"
    assert use_case["as_of"] == str(site["use_case"].as_of)
    assert use_case["text"]


def test_comparison_detail_has_the_assembled_table(client, site):
    data = client.get(f"{API}/comparisons/gan-vae/").json()

    assert data["title"] == site["comparison"].title
    assert data["verdict_html"] == site["comparison"].verdict_html
    assert [c["slug"] for c in data["concepts"]] == ["gan", "vae"]
    table = data["table"]
    assert [d["slug"] for d in table["dimensions"]] == ["purpose"]
    row = table["rows"][0]
    assert row["differs"] is False  # Same values, ignoring case and spacing.
    assert [cell["value"] for cell in row["cells"]] == ["Generate images", "generate IMAGES"]
    assert (table["differing"], table["total"]) == (0, 1)
    assert [a["slug"] for a in data["related_articles"]] == ["older"]


def test_comparison_table_matches_the_comparison_pages_json(client, site):
    table = client.get(f"{API}/comparisons/gan-vae/").json()["table"]
    page = client.get("/compare/gan-vs-vae.json").json()

    assert table["rows"] == page["rows"]
    assert table["sources"] == page["sources"]


def test_index_lists_resources(client, site):
    data = client.get(f"{API}/").json()

    assert data["resources"]["articles"] == "http://testserver/api/v1/articles/"
    assert data["schema"] == "http://testserver/api/v1/schema/"


# Published only


@pytest.mark.parametrize("state", HIDDEN, ids=HIDDEN_IDS)
def test_hidden_article_appears_nowhere(client, site, state):
    hidden = make_article(slug="hidden", concepts=[site["gan"]], **state)
    site["comparison"].related_articles.add(hidden)

    assert "hidden" not in slugs(client.get(f"{API}/articles/"))
    assert "hidden" not in slugs(client.get(f"{API}/articles/?concept=gan"))
    assert client.get(f"{API}/articles/hidden/").status_code == 404
    concept = client.get(f"{API}/concepts/gan/").json()
    assert "hidden" not in [a["slug"] for a in concept["articles"]]
    comparison = client.get(f"{API}/comparisons/gan-vae/").json()
    assert "hidden" not in [a["slug"] for a in comparison["related_articles"]]


@pytest.mark.parametrize("state", HIDDEN, ids=HIDDEN_IDS)
def test_hidden_comparison_appears_nowhere(client, site, state):
    make_comparison(concepts=[site["gan"], site["vae"]], slug="hidden", **state)

    assert "hidden" not in slugs(client.get(f"{API}/comparisons/"))
    assert client.get(f"{API}/comparisons/hidden/").status_code == 404
    concept = client.get(f"{API}/concepts/gan/").json()
    assert "hidden" not in [c["slug"] for c in concept["comparisons"]]


# Cursor pagination


def test_pages_follow_next_to_the_end(client, site):
    for n in range(3):
        make_article(slug=f"extra-{n}", published_at=NOW - timedelta(days=3 + n))

    seen, url = [], f"{API}/articles/?limit=2"
    while url:
        data = client.get(url).json()
        seen += [item["slug"] for item in data["results"]]
        url = data["next"]

    assert seen == ["newer", "older", "extra-0", "extra-1", "extra-2"]


def test_pages_stay_stable_when_an_article_is_published_between_them(client, site):
    make_article(slug="oldest", published_at=NOW - timedelta(days=5))
    first = client.get(f"{API}/articles/?limit=2").json()
    make_article(slug="breaking", published_at=NOW - timedelta(minutes=1))

    second = client.get(first["next"]).json()

    assert [a["slug"] for a in first["results"]] == ["newer", "older"]
    assert [a["slug"] for a in second["results"]] == ["oldest"]
    assert second["next"] is None


def test_same_publish_time_is_split_by_id(client, site):
    moment = NOW - timedelta(days=4)
    tied = [make_article(slug=f"tied-{n}", published_at=moment) for n in range(3)]

    data = client.get(f"{API}/articles/?limit=3").json()
    rest = client.get(data["next"]).json()

    assert [a["slug"] for a in rest["results"]] == [a.slug for a in reversed(tied)][1:]


def test_next_keeps_filters_and_limit(client, site):
    make_article(slug="ml-2", topic=site["topic"], published_at=NOW - timedelta(days=3))

    data = client.get(f"{API}/articles/?topic=ml&limit=1").json()

    assert "topic=ml" in data["next"] and "limit=1" in data["next"]
    assert [a["slug"] for a in client.get(data["next"]).json()["results"]] == ["ml-2"]


def test_name_ordered_lists_page_by_cursor(client, site):
    make_concept(name="Autoencoder", slug="autoencoder")

    first = client.get(f"{API}/concepts/?limit=2").json()
    second = client.get(first["next"]).json()

    assert [c["slug"] for c in first["results"]] == ["autoencoder", "gan"]
    assert [c["slug"] for c in second["results"]] == ["vae"]


# Filters


def test_article_filters(client, site):
    assert slugs(client.get(f"{API}/articles/?topic=ml")) == ["older"]
    assert slugs(client.get(f"{API}/articles/?author=ada")) == ["older"]
    assert slugs(client.get(f"{API}/articles/?concept=vae")) == ["newer"]
    assert slugs(client.get(f"{API}/articles/?concept=nothing")) == []


def test_article_updated_since(client, site):
    since = timezone.now()
    site["older"].teaser = "Corrected."
    site["older"].save()

    response = client.get(f"{API}/articles/", {"updated_since": since.isoformat()})

    assert slugs(response) == ["older"]


def test_updated_since_includes_articles_gone_live_since(client, site):
    since = NOW - timedelta(days=1, hours=1)
    response = client.get(f"{API}/articles/", {"updated_since": since.isoformat()})

    assert "newer" in slugs(response)


def test_other_filters(client, site):
    other = make_concept(name="Other", slug="other")
    make_use_case(concept=other)

    assert [
        u["concept"]["slug"] for u in client.get(f"{API}/use-cases/?concept=gan").json()["results"]
    ] == ["gan"]
    assert len(client.get(f"{API}/use-cases/?industry=healthcare").json()["results"]) == 1
    assert slugs(client.get(f"{API}/comparisons/?concept=vae")) == ["gan-vae"]
    assert slugs(client.get(f"{API}/comparisons/?concept=other")) == []


# Errors


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=ten",
        "cursor=%%%",
        "cursor=bm90IGpzb24",
        "cursor=" + encode_cursor(["yesterday", 1]),
        "cursor=" + encode_cursor(["2026-01-01T00:00:00", 1]),
        "cursor=" + encode_cursor([1, 2, 3]),
        "updated_since=not-a-date",
        "updated_since=2026-13-45",
    ],
)
def test_bad_parameters_are_400_json(client, site, query):
    response = client.get(f"{API}/articles/?{query}")

    assert response.status_code == 400
    assert response.json()["detail"]
    assert "no-cache" in response["Cache-Control"]


def test_bad_cursor_on_a_name_ordered_list_is_400(client, site):
    response = client.get(f"{API}/concepts/?cursor=" + encode_cursor([["x"], 1]))

    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/articles/nothing/",
        "/authors/nobody/",
        "/topics/none/",
        "/concepts/none/",
        "/comparisons/none/",
        "/nothing/",
        "/articles",
    ],
)
def test_unknown_is_404_json(client, site, path):
    response = client.get(API + path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_writes_are_refused(client, site):
    response = client.post(f"{API}/articles/", {})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["detail"]


# HTTP: caching, HEAD, cookies, CORS


def test_public_response_has_validators_cache_control_and_surrogate_keys(client, site):
    response = client.get(f"{API}/articles/older/")

    assert response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert {f"article-{site['older'].pk}", "articles", "all"} <= set(
        response["Surrogate-Key"].split()
    )
    assert "Cookie" not in response.get("Vary", "")


def test_comparison_carries_the_keys_that_purge_it(client, site):
    response = client.get(f"{API}/comparisons/gan-vae/")
    keys = set(response["Surrogate-Key"].split())

    assert {f"comparison-{site['comparison'].pk}", "facts", f"concept-{site['gan'].pk}"} <= keys


def test_if_none_match_is_304(client, site):
    first = client.get(f"{API}/articles/")

    again = client.get(f"{API}/articles/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_if_modified_since_is_304(client, site, reader_cache):
    # A minute on, past the burst of changes the fixture made (each takes its own second).
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        first = client.get(f"{API}/articles/")

        again = client.get(
            f"{API}/articles/", headers={"If-Modified-Since": first["Last-Modified"]}
        )

    assert again.status_code == 304


def test_a_change_answers_200_to_an_old_etag(client, site):
    first = client.get(f"{API}/articles/older/")
    site["older"].teaser = "Corrected."
    site["older"].save()

    again = client.get(f"{API}/articles/older/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again.json()["teaser"] == "Corrected."


def test_reader_cache_serves_api_and_a_change_retires_it(client, site, reader_cache):
    assert client.get(f"{API}/articles/")["X-Reader-Cache"] == "miss"
    assert client.get(f"{API}/articles/")["X-Reader-Cache"] == "hit"

    make_article(slug="fresh")

    response = client.get(f"{API}/articles/")
    assert "fresh" in slugs(response)


def test_head_works(client, site):
    response = client.head(f"{API}/articles/")

    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/",
        "/articles/older/",
        "/concepts/gan/",
        "/comparisons/gan-vae/",
        "/schema/",
        "/docs/",
        "/nothing/",
    ],
)
def test_no_cookies(client, site, path):
    response = client.get(API + path)

    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_cors_on_reads(client, site):
    response = client.get(f"{API}/articles/", headers={"Origin": "https://elsewhere.example"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_allows_only_reads(client, site):
    response = client.options(
        f"{API}/articles/",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "X-API-Key" in response["Access-Control-Allow-Headers"]
    assert not response.cookies


# API keys


@pytest.fixture
def keys(settings):
    settings.COMPENDIUM_API_KEYS = ["first-key", "second-key"]


def test_without_keys_configured_reading_is_public(client, site):
    assert client.get(f"{API}/articles/").status_code == 200


def test_keys_required_refuses_requests_without_one(client, site, keys):
    response = client.get(f"{API}/articles/")

    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer nope"}, {"X-API-Key": "nope"}, {"Authorization": "Basic x"}],
)
def test_keys_required_refuses_a_wrong_key(client, site, keys, headers):
    assert client.get(f"{API}/articles/", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "headers", [{"Authorization": "Bearer first-key"}, {"X-API-Key": "second-key"}]
)
def test_keys_required_accepts_either_header(client, site, keys, headers):
    response = client.get(f"{API}/articles/", headers=headers)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Surrogate-Key" not in response
    assert "Access-Control-Allow-Origin" not in response


def test_keyed_responses_are_never_kept_by_the_reader_cache(client, site, keys, reader_cache):
    headers = {"X-API-Key": "first-key"}
    client.get(f"{API}/articles/", headers=headers)

    assert client.get(f"{API}/articles/").status_code == 401
    assert "X-Reader-Cache" not in client.get(f"{API}/articles/", headers=headers)


def test_switching_keys_on_never_serves_what_was_kept_while_open(
    client, site, settings, reader_cache
):
    client.get(f"{API}/articles/")
    assert client.get(f"{API}/articles/")["X-Reader-Cache"] == "hit"

    settings.COMPENDIUM_API_KEYS = ["first-key"]

    assert client.get(f"{API}/articles/").status_code == 401


def test_keyed_responses_still_answer_304(client, site, keys):
    headers = {"X-API-Key": "first-key"}
    etag = client.get(f"{API}/articles/", headers=headers)["ETag"]

    response = client.get(f"{API}/articles/", headers=headers | {"If-None-Match": etag})

    assert response.status_code == 304


def test_schema_and_docs_stay_public_with_keys(client, site, keys):
    assert client.get(f"{API}/schema/").status_code == 200
    assert client.get(f"{API}/docs/").status_code == 200


# Schema and documentation


def test_schema_is_openapi_with_every_path(client):
    response = client.get(f"{API}/schema/")

    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        f"{API}/{path}"
        for path in [
            "articles/",
            "articles/{slug}/",
            "authors/",
            "authors/{slug}/",
            "topics/",
            "topics/{slug}/",
            "concepts/",
            "concepts/{slug}/",
            "use-cases/",
            "comparisons/",
            "comparisons/{slug}/",
        ]
    }
    parameters = {p["name"] for p in schema["paths"][f"{API}/articles/"]["get"]["parameters"]}
    assert parameters == {"cursor", "limit", "topic", "author", "concept", "updated_since"}


def test_docs_page_renders_every_endpoint_without_inline_script(client):
    response = client.get(f"{API}/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "GET /api/v1/articles/{slug}/" in html
    assert "updated_since" in html
    assert 'href="#shape-ArticlePage"' in html and 'id="shape-ArticlePage"' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


# Query counts


def test_list_query_counts_do_not_grow_with_the_page(client, site, django_assert_num_queries):
    for n in range(15):
        make_article(slug=f"many-{n}", concepts=[site["gan"], site["vae"]])
        make_comparison(concepts=[make_concept(), make_concept()], slug=f"cmp-{n}")
        make_use_case()
        make_author()
        make_topic()
    # One query for the page, one for the concepts it names.
    for path, queries in [
        ("/articles/", 2),
        ("/comparisons/", 2),
        ("/concepts/", 1),
        ("/use-cases/", 1),
        ("/authors/", 1),
        ("/topics/", 1),
    ]:
        with django_assert_num_queries(queries):
            small = client.get(f"{API}{path}?limit=2")
        with django_assert_num_queries(queries):
            large = client.get(f"{API}{path}?limit=100")
        assert len(large.json()["results"]) > len(small.json()["results"])


def test_detail_query_counts_are_constant(client, site, django_assert_num_queries):
    for n in range(10):
        make_article(concepts=[site["gan"]])
        make_comparison(concepts=[site["gan"], make_concept()])
        make_use_case(concept=site["gan"])
        make_fact(concept=site["gan"])
        make_relation(site["gan"], RelationKind.RELATED, make_concept())
    for path, queries in [
        ("/articles/newer/", 3),
        ("/concepts/gan/", 8),
        ("/comparisons/gan-vae/", 6),
        ("/authors/ada/", 1),
        ("/topics/ml/", 1),
    ]:
        with django_assert_num_queries(queries):
            assert client.get(API + path).status_code == 200


LATE = "9999-12-31T23:59:59-14:00"
EARLY = "0001-01-01T00:00:00%2B14:00"
# A cursor naming a moment beyond the calendar: ["9999-12-31T23:59:59-14:00", 1].
BEYOND = "WyI5OTk5LTEyLTMxVDIzOjU5OjU5LTE0OjAwIiwxXQ"


@pytest.mark.parametrize(
    "address",
    [
        f"articles/?updated_since={LATE}",
        f"articles/?updated_since={EARLY}",
        f"concepts/?updated_since={LATE}",
        f"concepts/?updated_since={EARLY}",
        f"articles/?cursor={BEYOND}",
        f"comparisons/?cursor={BEYOND}",
    ],
)
def test_dates_beyond_the_calendar_are_a_400_not_a_500(client, site, address):
    response = client.get(f"{API}/{address}")

    assert response.status_code == 400, response.content
    assert response.json()["detail"]


def test_article_html_never_links_to_an_article_taken_down(client, site):
    from articles.editorial.models import Status
    from articles.models import Article
    from tests.factories import make_article

    gone = make_article(slug="gone-away", title="Gone")
    linking = make_article(slug="linking-one", body="See [the gone one](/articles/gone-away/).")
    Article.objects.filter(pk=gone.pk).update(status=Status.UNPUBLISHED)

    body = client.get(f"{API}/articles/{linking.slug}/").json()["body_html"]

    assert 'href="/articles/gone-away/"' not in body
    assert '<span class="link-gone">the gone one</span>' in body


def test_article_html_shows_its_embeds_as_readers_see_them(client, site):
    from tests.factories import make_article

    article = make_article(slug="embedding", body="Intro.\n\n{{< fact gan purpose >}}\n")

    response = client.get(f"{API}/articles/{article.slug}/")

    body = response.json()["body_html"]
    assert 'class="embed embed--fact"' in body
    assert "<strong>Generate images</strong>" in body and "Makes images." in body
    assert "data-embed" not in body  # no placeholder left empty
    keys = response["Surrogate-Key"].split()
    assert "facts" in keys and f"concept-{site['gan'].pk}" in keys


def test_article_embeds_cost_the_same_queries_however_many_of_each_kind(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_article

    each = (
        "{{< fact gan purpose >}}\n\n{{< compare gan vae >}}\n\n{{< usecases gan healthcare >}}\n\n"
    )
    one = make_article(slug="one-of-each", body=each)
    many = make_article(
        slug="three-of-each", body=each + each.replace("fact gan", "fact vae") + each
    )
    counts = []
    for article in (one, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/articles/{article.slug}/")
        assert response.status_code == 200
        assert "data-embed" not in response.json()["body_html"]
        counts.append(len(queries))

    assert counts[0] == counts[1]
