import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.core import search
from articles.editorial.models import Status
from articles.models import Article
from comparisons.models import Comparison
from tests.factories import make_article, make_comparison, make_concept, make_topic

pytestmark = pytest.mark.django_db

LIVE = {"HX-Request": "true", "HX-Target": "search-results"}
LOAD_MORE = {"HX-Request": "true", "HX-Target": "load-more"}
# Topics, per-type counts, the ranked page, snippets, then one fetch per type on the page
# (comparisons also prefetch their concepts for their URL); and the first search after a
# content change reads the vocabulary of spelling suggestions (a bounded query, once per
# generation of the content: tests/articles/test_search_suggestions.py).
MAX_QUERIES = 9


def titles(response):
    """Return the result titles in rank order, without their highlighting."""
    found = re.findall(r'class="search-hit__title"><a href="[^"]*">(.*?)</a>', response.text)
    return [re.sub(r"</?mark>", "", title) for title in found]


def hits(response):
    return response.text.count('class="search-hit"')


# The page ---------------------------------------------------------------------------------


def test_search_without_a_query_suggests_concepts_and_runs_no_search(
    client, django_assert_max_num_queries
):
    make_concept(name="Quasar", slug="quasar")

    with django_assert_max_num_queries(2):
        response = client.get("/search/")

    assert response.status_code == 200
    assert "<html" in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert "Try a concept" in response.text
    assert 'href="?q=Quasar"' in response.text
    assert 'class="search-hit"' not in response.text


def test_search_results_page_is_noindex(client):
    make_article(title="Quasar basics")

    response = client.get("/search/?q=quasar")

    assert '<meta name="robots" content="noindex">' in response.text


def test_search_form_is_a_get_form_that_also_searches_live(client):
    response = client.get("/search/?q=quasar")

    form = re.search(r'<form id="search-form"[^>]*>', response.text).group(0)
    assert 'method="get"' in form and 'action="/search/"' in form
    assert 'hx-get="/search/"' in form
    assert 'hx-target="#search-results"' in form
    assert 'hx-push-url="true"' in form
    assert "delay:300ms" in form
    assert 'role="status" aria-live="polite"' in response.text
    assert 'value="quasar"' in response.text


def test_search_finds_articles_concepts_and_comparisons(client):
    article = make_article(title="Quasar basics")
    concept = make_concept(name="Quasar", slug="quasar", aliases="QSO")
    make_comparison(title="Quasars vs pulsars")

    response = client.get("/search/?q=quasar")

    assert response.status_code == 200
    assert set(titles(response)) == {"Quasar basics", "Quasar", "Quasars vs pulsars"}
    assert f'href="{article.get_absolute_url()}"' in response.text
    assert f'href="{concept.get_absolute_url()}"' in response.text
    for badge in ("Article", "Concept", "Comparison"):
        assert f">{badge}</span>" in response.text
    assert "3 results for “quasar”" in response.text


def test_search_shows_the_article_byline(client):
    article = make_article(title="Quasar basics")

    response = client.get("/search/?q=quasar")

    byline = f'By <a href="/authors/{article.author.slug}/">{article.author.name}</a> / '
    assert byline in response.text
    assert article.published_at.strftime("%b %d, %Y") in response.text


def test_search_finds_a_concept_by_its_alias(client):
    make_concept(name="Quasi-stellar object", aliases="QSO, quasar")

    response = client.get("/search/?q=qso")

    assert titles(response) == ["Quasi-stellar object"]
    assert "Also called <mark>QSO</mark>, quasar" in response.text


# Ranking, stemming, snippets --------------------------------------------------------------


def test_search_ranks_title_matches_above_body_matches(client):
    make_article(
        title="Notes from the observatory",
        teaser="A night out.",
        body="The quasar was bright. Another quasar followed, then a third quasar.",
    )
    make_article(title="Quasar basics", teaser="An introduction.", body="Nothing else here.")

    response = client.get("/search/?q=quasar")

    assert titles(response) == ["Quasar basics", "Notes from the observatory"]


def test_search_ranks_an_exact_title_first(client):
    make_article(title="Quasar jets and quasar hosts", teaser="Quasar after quasar.")
    make_concept(name="Quasar", definition="A very bright galactic nucleus.")

    response = client.get("/search/?q=Quasar")

    assert titles(response)[0] == "Quasar"


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("A model of the night sky", "models"),
        ("Telescopes trained on the sky", "training"),
        ("Galaxies merging slowly", "galaxy merges"),
    ],
)
def test_search_stems_words(client, text, query):
    make_article(title="Observatory notes", body=f"{text}.")

    response = client.get("/search/", {"q": query + " "})

    assert titles(response) == ["Observatory notes"]


def test_search_highlights_matches_in_the_title_and_snippet(client):
    make_article(
        title="Nebula maps",
        teaser="How astronomers chart the sky.",
        body="## Dust\n\nA **nebula** glows where young stars heat the gas around them.",
    )

    response = client.get("/search/?q=nebula")

    assert '<a href="/articles/' in response.text
    assert "<mark>Nebula</mark> maps" in response.text
    summary = re.search(r'class="search-hit__summary">(.*?)</p>', response.text).group(1)
    assert "<mark>nebula</mark> glows" in summary
    assert "**" not in summary and "##" not in summary


def test_search_shows_the_teaser_when_only_the_title_matches(client):
    make_article(title="Nebula maps", teaser="How astronomers chart the sky.")

    response = client.get("/search/?q=nebula")

    assert '<p class="search-hit__summary">How astronomers chart the sky.</p>' in response.text


def test_search_escapes_content_in_titles_and_snippets(client):
    make_article(
        title="Nebula <em>notes</em>",
        teaser="The <script>alert(1)</script> nebula & friends.",
    )

    response = client.get("/search/?q=nebula")

    assert "<em>notes" not in response.text
    assert "&lt;em&gt;notes&lt;/em&gt;" in response.text
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>nebula</mark> &amp; friends." in (
        response.text
    )


def test_search_matches_the_last_word_as_a_prefix_while_typing(client):
    make_article(title="Nebula maps")

    assert titles(client.get("/search/?q=nebu")) == ["Nebula maps"]
    assert titles(client.get("/search/", {"q": "nebu "})) == []


def test_search_finds_words_joined_by_symbols(client):
    make_article(title="What GPT-4 changed", body="Read the e-mail.")

    assert titles(client.get("/search/", {"q": "GPT-4 "})) == ["What GPT-4 changed"]
    assert titles(client.get("/search/", {"q": "e-mail"})) == ["What GPT-4 changed"]


def test_search_phrases_and_exclusions(client):
    make_article(title="Dark nebula catalogue", body="Dust lanes.")
    make_article(title="Nebula dark matter myths", body="Galaxies.")

    assert titles(client.get("/search/", {"q": '"dark nebula"'})) == ["Dark nebula catalogue"]
    assert titles(client.get("/search/", {"q": "nebula -galaxies"})) == ["Dark nebula catalogue"]


# Publish state ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        {"status": Status.DRAFT, "published_at": None},
        {"status": Status.REVIEW, "published_at": None},
        {"status": Status.UNPUBLISHED},
        {"published_at": timezone.now() + timedelta(days=2)},
    ],
    ids=["draft", "review", "unpublished", "scheduled"],
)
def test_search_never_shows_unpublished_articles_or_comparisons(client, state):
    make_article(title="Quasar hidden article", **state)
    make_comparison(title="Quasar hidden comparison", **state)
    make_article(title="Quasar visible article")

    response = client.get("/search/?q=quasar")
    everything = client.get("/search/?q=hidden")

    assert titles(response) == ["Quasar visible article"]
    assert "1 result for" in response.text
    assert 'id="count-articles">1<' in response.text
    assert 'id="count-comparisons">0<' in response.text
    assert titles(everything) == []
    assert titles(client.get("/search/?q=quasar&type=comparisons")) == []


def test_search_shows_a_scheduled_article_when_its_time_comes(client):
    make_article(title="Quasar premiere", published_at=timezone.now() + timedelta(hours=2))

    assert titles(client.get("/search/?q=quasar")) == []
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert titles(client.get("/search/?q=quasar")) == ["Quasar premiere"]


# The index stays current ------------------------------------------------------------------


def test_search_index_follows_create_update_and_delete(client):
    article = make_article(title="Pulsar timing")
    assert titles(client.get("/search/?q=pulsar")) == ["Pulsar timing"]

    article.title = "Magnetar timing"
    article.full_clean()
    article.save()
    assert titles(client.get("/search/?q=pulsar")) == []
    assert titles(client.get("/search/?q=magnetar")) == ["Magnetar timing"]

    article.delete()
    assert titles(client.get("/search/?q=magnetar")) == []


def test_search_index_follows_bulk_and_queryset_writes(client):
    template = make_article(title="Template")
    Article.objects.bulk_create(
        [
            Article(
                title=f"Bulk pulsar {n}",
                slug=f"bulk-pulsar-{n}",
                teaser="Made in bulk.",
                body="Body.",
                author=template.author,
                topic=template.topic,
                status=Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=1),
            )
            for n in range(3)
        ]
    )
    assert len(titles(client.get("/search/?q=pulsar"))) == 3

    Article.objects.filter(slug__startswith="bulk-pulsar").update(teaser="Magnetar teaser.")
    assert len(titles(client.get("/search/?q=magnetar"))) == 3

    Article.objects.filter(slug__startswith="bulk-pulsar").delete()
    assert titles(client.get("/search/?q=pulsar")) == []


def test_search_index_follows_concepts_and_comparisons(client):
    concept = make_concept(name="Pulsar")
    comparison = make_comparison(title="Pulsars vs magnetars")
    assert len(titles(client.get("/search/?q=pulsar"))) == 2

    concept.name = "Neutron star"
    concept.save()
    Comparison.objects.filter(pk=comparison.pk).update(title="Neutron stars compared")
    assert titles(client.get("/search/?q=pulsar")) == []
    assert len(titles(client.get("/search/?q=neutron"))) == 2

    concept.delete()
    comparison.delete()
    assert titles(client.get("/search/?q=neutron")) == []


def test_search_index_and_triggers_exist_after_every_migration():
    missing = [kind.name for kind in search._missing(connection)]

    assert missing == [], (
        f"The search triggers of {missing} are missing: on SQLite, a migration that rebuilds "
        "their table drops them; articles.search.ensure_index() must run after migrate."
    )


def test_search_ensure_index_repairs_dropped_triggers(client):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER search_article_insert ON articles_article")
        else:
            cursor.execute("DROP TRIGGER search_article_insert")
    make_article(title="Pulsar written while the trigger was missing")
    assert titles(client.get("/search/?q=pulsar")) == []
    if connection.vendor == "postgresql":
        # PostgreSQL alters no table with deferred checks pending; migrate has none.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    search.ensure_index(connection)

    assert titles(client.get("/search/?q=pulsar")) == [
        "Pulsar written while the trigger was missing"
    ]
    assert search._missing(connection) == []


def test_search_every_migrate_repairs_dropped_triggers(client):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER search_article_update ON articles_article")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        else:
            cursor.execute("DROP TRIGGER search_article_update")
    assert [kind.name for kind in search._missing(connection)] == ["article"]

    call_command("migrate", verbosity=0)

    assert search._missing(connection) == []


# Hostile input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "*",
        "quasar*",
        "NEAR(",
        "NEAR(quasar pulsar, 2)",
        "AND OR",
        "quasar OR",
        "NOT quasar",
        "-",
        "-quasar",
        "--",
        "(",
        ")",
        "{title}: quasar",
        "title:quasar",
        "^quasar",
        "quasar +pulsar",
        "'",
        "quasar' OR '1'='1",
        "%",
        "_",
        "\\",
        "quasar & pulsar | !nebula",
        "<->",
        ":*",
        "x" * 1000,
        "quasar " * 300,
        "ünïcödé façade 東京 🚀",
        "<script>alert(1)</script>",
        "\x00",
        "\x02quasar\x03",
    ],
)
def test_search_hostile_input_is_harmless(client, query):
    make_article(title="Quasar basics", body="A pulsar and a nebula.")

    response = client.get("/search/", {"q": query})
    live = client.get("/search/", {"q": query}, headers=LIVE)

    # A NUL character is refused before any view (articles/core/guards.py) with the 400 page.
    expected = 400 if "\x00" in query else 200
    assert response.status_code == expected
    assert live.status_code == expected
    assert "<script>alert" not in response.text
    assert "<script>alert" not in live.text
    assert "\x02" not in response.text and "\x03" not in response.text


def test_search_long_query_is_cut_and_kept(client):
    response = client.get("/search/", {"q": "quasar " + "y" * 500})

    assert response.status_code == 200
    assert 'maxlength="200"' in response.text
    assert "y" * 193 in response.text
    assert "y" * 194 not in response.text


def test_search_symbols_only_asks_for_a_word(client):
    response = client.get("/search/", {"q": "-quasar"})

    assert response.status_code == 200
    assert "Type a word to search for." in response.text


# Filters and pagination -------------------------------------------------------------------


def test_search_filters_by_type(client):
    make_article(title="Quasar basics")
    make_concept(name="Quasar")
    make_comparison(title="Quasars vs pulsars")

    assert titles(client.get("/search/?q=quasar&type=concepts")) == ["Quasar"]
    assert titles(client.get("/search/?q=quasar&type=articles")) == ["Quasar basics"]
    assert titles(client.get("/search/?q=quasar&type=comparisons")) == ["Quasars vs pulsars"]


def test_search_counts_each_type(client):
    make_article(title="Quasar basics")
    make_article(title="Quasar jets")
    make_concept(name="Quasar")

    response = client.get("/search/?q=quasar&type=concepts")

    assert 'id="count-all">3<' in response.text
    assert 'id="count-articles">2<' in response.text
    assert 'id="count-concepts">1<' in response.text
    assert 'id="count-comparisons">0<' in response.text
    assert 'value="concepts" checked' in response.text


def test_search_filters_articles_by_topic(client):
    stars = make_topic(name="Stars", slug="stars")
    make_article(title="Quasar in stars", topic=stars)
    make_article(title="Quasar elsewhere")
    make_concept(name="Quasar")

    response = client.get("/search/?q=quasar&topic=stars")

    assert titles(response) == ["Quasar in stars"]
    assert '<option value="stars" selected>Stars</option>' in response.text
    assert "1 result for “quasar” in Stars." in response.text


def test_search_ignores_unknown_filters_with_a_notice(client):
    make_article(title="Quasar basics")

    response = client.get("/search/?q=quasar&type=planets&topic=nowhere")

    assert response.status_code == 200
    assert "There is no “planets” kind of result" in response.text
    assert "There is no topic “nowhere”" in response.text
    assert titles(response) == ["Quasar basics"]
    assert 'value="quasar"' in response.text


def test_search_with_no_results_offers_the_other_types(client):
    make_concept(name="Quasar")

    response = client.get("/search/?q=quasar&type=articles")

    assert titles(response) == []
    assert "Nothing matches “quasar” among articles." in response.text
    assert '<a href="?q=quasar">Show 1 match of every type</a>' in response.text


def test_search_paginates_with_a_real_load_more_link(client):
    for n in range(search.PER_PAGE + 2):
        make_article(title=f"Quasar survey {n}")

    response = client.get("/search/?q=quasar&type=articles")

    assert hits(response) == search.PER_PAGE
    assert 'href="?q=quasar&amp;type=articles&amp;page=2"' in response.text
    assert 'hx-get="?q=quasar&amp;type=articles&amp;page=2"' in response.text
    second = client.get("/search/?q=quasar&type=articles&page=2")
    assert hits(second) == 2
    assert "← Back to page 1" in second.text
    assert "page 2 of 2" in second.text
    assert set(titles(response)).isdisjoint(titles(second))


def test_search_ranks_only_the_most_recent_matches_of_a_very_common_word(client, monkeypatch):
    monkeypatch.setattr(search, "RANK_LIMIT", 3)
    oldest = make_article(title="Quasar first")
    for n in range(4):
        make_article(title=f"Quasar later {n}")
    make_concept(name="Quasar")

    response = client.get("/search/?q=quasar")
    live = client.get("/search/?q=quasar", headers=LIVE)

    assert "More than 4 results for “quasar”." in response.text
    assert "add a word to narrow them" in response.text
    assert 'id="count-all">4+<' in response.text
    assert 'id="count-articles">3+<' in response.text
    assert 'id="count-concepts">1<' in response.text
    assert hits(response) == 4
    assert oldest.title not in titles(response)
    assert '<span id="count-articles" hx-swap-oob="innerHTML">3+</span>' in live.text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5"])
def test_search_bad_page_is_a_helpful_404(client, page):
    make_article(title="Quasar basics")

    response = client.get(f"/search/?q=quasar&page={page}")

    assert response.status_code == 404
    assert "There is no page" in response.text


# HTMX -------------------------------------------------------------------------------------


def test_search_live_request_returns_the_results_partial(client):
    make_article(title="Quasar basics")

    full = client.get("/search/?q=quasar")
    live = client.get("/search/?q=quasar", headers=LIVE)

    assert "<html" in full.text
    assert 'id="search-form"' in full.text
    assert live.status_code == 200
    assert "<html" not in live.text
    assert 'id="search-form"' not in live.text
    assert '<section id="search-results"' in live.text
    assert titles(live) == ["Quasar basics"]
    assert '<p id="search-status" hx-swap-oob="innerHTML">1 result for “quasar”.</p>' in live.text
    assert '<span id="count-articles" hx-swap-oob="innerHTML">1</span>' in live.text


def test_search_load_more_returns_only_the_next_results(client):
    for n in range(search.PER_PAGE + 1):
        make_article(title=f"Quasar survey {n}")

    response = client.get("/search/?q=quasar&page=2", headers=LOAD_MORE)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="search-results"' not in response.text
    assert hits(response) == 1
    assert 'id="load-more"' not in response.text


def test_search_history_restore_gets_the_full_page(client):
    make_article(title="Quasar basics")

    response = client.get(
        "/search/?q=quasar", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.text
    assert titles(response) == ["Quasar basics"]


def test_search_varies_on_htmx_headers(client):
    response = client.get("/search/?q=quasar")

    vary = response["Vary"]
    assert "HX-Request" in vary
    assert "HX-Target" in vary


# Query counts -----------------------------------------------------------------------------


def make_matches(count):
    """Create `count` published things that match "pulsar", spread over the three types."""
    for n in range(count):
        if n % 3 == 0:
            make_article(title=f"Pulsar article {n}")
        elif n % 3 == 1:
            make_concept(name=f"Pulsar concept {n}")
        else:
            make_comparison(title=f"Pulsar comparison {n}")


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("headers", [{}, LIVE], ids=["page", "live"])
def test_search_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count, headers
):
    make_matches(count)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/search/?q=pulsar", headers=headers)

    assert hits(response) == min(count, search.PER_PAGE)


def test_search_load_more_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    make_matches(30)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/search/?q=pulsar&page=3", headers=LOAD_MORE)

    assert hits(response) == search.PER_PAGE
