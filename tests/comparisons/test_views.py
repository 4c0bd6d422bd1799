import datetime
import itertools
import json
import re
from datetime import timedelta

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.editorial.models import Status
from articles.knowledge.models import Fact, RelationKind
from tests.factories import (
    make_article,
    make_comparison,
    make_concept,
    make_dimension,
    make_fact,
    make_industry,
    make_relation,
    make_use_case,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def trio():
    """Three concepts whose slugs sort a < b < c, with a fact each on one dimension."""
    dimension = make_dimension(name="Purpose", slug="purpose")
    concepts = [
        make_concept(name="Alpha model", slug="alpha"),
        make_concept(name="Beta model", slug="beta"),
        make_concept(name="Gamma model", slug="gamma"),
    ]
    for concept in concepts:
        make_fact(concept=concept, dimension=dimension, text=f"{concept.name} does things.")
    return concepts


def table_of(response):
    """Return the HTML of the side-by-side table on a comparison page."""
    return response.text.split('id="table-title"')[1].split("</section>")[0]


# Canonical URLs


def test_compare_canonical_pair_renders_both_concepts(client):
    trio()

    response = client.get("/compare/alpha-vs-beta/")

    assert response.status_code == 200
    assert "<html" in response.text
    assert "Alpha model does things." in response.text
    assert "Beta model does things." in response.text
    assert "<h1>Alpha model vs Beta model</h1>" in response.text


def column_names(response):
    """Return the concept names heading the side-by-side table, left to right."""
    head = response.text.split("<thead>")[1].split("</thead>")[0]
    return re.findall(r'class="compare-table__concept" href="[^"]+">([^<]+)</a>', head)


@pytest.mark.parametrize("order", list(itertools.permutations(["alpha", "beta"])))
def test_compare_every_order_of_two_renders_in_that_order(client, order):
    trio()

    response = client.get(f"/compare/{'-vs-'.join(order)}/")

    assert response.status_code == 200
    assert column_names(response) == [f"{slug.title()} model" for slug in order]


@pytest.mark.parametrize("order", list(itertools.permutations(["alpha", "beta", "gamma"])))
def test_compare_every_order_of_three_renders_in_that_order_with_one_canonical(client, order):
    alpha, beta, gamma = trio()
    make_comparison(concepts=[gamma, alpha, beta], title="All three")

    response = client.get(f"/compare/{'-vs-'.join(order)}/")

    assert response.status_code == 200
    assert column_names(response) == [f"{slug.title()} model" for slug in order]
    assert (
        '<link rel="canonical" href="http://testserver/compare/alpha-vs-beta-vs-gamma/">'
        in response.text
    )


def test_compare_redirect_keeps_the_query_string(client):
    trio()

    response = client.get("/compare/BETA-vs-alpha/?diff=1")

    assert response.status_code == 301
    assert response["Location"] == "/compare/beta-vs-alpha/?diff=1"


def test_compare_uppercase_slugs_redirect_permanently_keeping_the_order(client):
    trio()

    response = client.get("/compare/Beta-vs-ALPHA/")

    assert response.status_code == 301
    assert response["Location"] == "/compare/beta-vs-alpha/"


def test_compare_hyphenated_slugs_split_on_vs(client):
    llm = make_concept(name="Large language model", slug="large-language-model")
    genai = make_concept(name="Generative AI", slug="generative-ai")
    make_fact(concept=llm)
    make_fact(concept=genai)

    response = client.get("/compare/large-language-model-vs-generative-ai/")

    assert response.status_code == 200
    assert column_names(response) == ["Large language model", "Generative AI"]


def test_compare_alias_redirects_temporarily_keeping_the_order(client):
    make_concept(name="Large language model", slug="large-language-model", aliases="LLM")
    make_concept(name="Generative AI", slug="generative-ai")

    response = client.get("/compare/llm-vs-generative-ai/")

    assert response.status_code == 302
    assert response["Location"] == "/compare/large-language-model-vs-generative-ai/"


def test_compare_alias_shared_by_two_concepts_is_not_guessed(client):
    make_concept(name="One", slug="one", aliases="shared")
    make_concept(name="Two", slug="two", aliases="shared")
    make_concept(name="Three", slug="three")

    response = client.get("/compare/shared-vs-three/")

    assert response.status_code == 404


def test_compare_unknown_slug_is_a_helpful_404_with_suggestions(client):
    make_concept(name="Large language model", slug="large-language-model")
    make_concept(name="Generative AI", slug="generative-ai")

    response = client.get("/compare/generative-ai-vs-large-langauge-model/")

    assert response.status_code == 404
    assert "We have no concept called “large-langauge-model”." in response.text
    assert 'href="/concepts/large-language-model/"' in response.text
    assert 'href="/compare/generative-ai-vs-large-language-model/"' in response.text
    assert 'href="/concepts/"' in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_compare_unknown_slug_with_no_match_points_to_the_index(client):
    make_concept(slug="alpha")

    response = client.get("/compare/alpha-vs-zzzzqqq/")

    assert response.status_code == 404
    assert "Nothing close to “zzzzqqq”" in response.text
    assert 'href="/concepts/"' in response.text


def test_compare_same_concept_twice_is_a_404(client):
    trio()

    response = client.get("/compare/alpha-vs-alpha/")

    assert response.status_code == 404
    assert "The same concept appears twice" in response.text


def test_compare_more_than_three_is_a_404(client):
    trio()
    make_concept(slug="delta")

    response = client.get("/compare/alpha-vs-beta-vs-delta-vs-gamma/")

    assert response.status_code == 404
    assert "At most 3 concepts" in response.text


@pytest.mark.parametrize(
    "pair",
    [
        "alpha",
        "alpha-vs-",
        "-vs-alpha",
        "-vs-",
        "alpha-vs--vs-beta",
        "%C3%A9t%C3%A9-vs-alpha",
        "x" * 300,
        "alpha-vs-beta.json",
        "alpha-vs-beta-vs-",
    ],
)
def test_compare_malformed_pairs_never_error(client, pair):
    trio()

    response = client.get(f"/compare/{pair}/")

    assert response.status_code in (301, 302, 404)


def test_compare_json_suffix_with_slash_redirects_to_json(client):
    trio()

    response = client.get("/compare/alpha-vs-beta.json/")

    assert response.status_code == 301
    assert response["Location"] == "/compare/alpha-vs-beta.json"


def test_compare_format_json_redirects_to_the_one_json_address(client):
    trio()

    response = client.get("/compare/alpha-vs-beta/?format=json&diff=1")

    assert response.status_code == 301
    assert response["Location"] == "/compare/alpha-vs-beta.json?diff=1"


# Assembled live from facts


def test_fact_edit_shows_on_every_page_that_uses_it(client):
    alpha, beta, _ = trio()
    dimension = Fact.objects.get(concept=alpha).dimension
    make_comparison(concepts=[alpha, beta], dimensions=[dimension], title="Alpha vs Beta")
    fact = Fact.objects.get(concept=alpha)
    pages = ["/compare/alpha-vs-beta/", "/compare/alpha-vs-gamma/", "/concepts/alpha/"]
    for url in pages:
        assert "Alpha model does things." in client.get(url).text

    fact.text = "Alpha model now does other things."
    fact.full_clean()
    fact.save()

    for url in pages + ["/compare/alpha-vs-beta-vs-gamma/", "/compare/alpha-vs-beta.json"]:
        text = client.get(url).content.decode()
        assert "Alpha model now does other things." in text, url
        assert "Alpha model does things." not in text, url


def test_fact_edit_is_visible_with_a_warm_cache(client, settings):
    """Whatever cache is configured (files or Redis), pages never serve a stale fact."""
    alpha, *_ = trio()
    client.get("/compare/alpha-vs-beta/")
    fact = Fact.objects.get(concept=alpha)
    fact.text = "Changed behind the cache."
    fact.save()

    assert "Changed behind the cache." in client.get("/compare/alpha-vs-beta/").text


def test_compare_missing_fact_shows_not_yet_documented(client):
    alpha, *_ = trio()
    other = make_dimension(name="Architecture", slug="architecture")
    make_fact(concept=alpha, dimension=other, text="Alpha has layers.")

    response = client.get("/compare/alpha-vs-beta/")

    row = re.search(
        r'<tr class="is-different">\s*<th scope="row">\s*'
        r'<span class="compare-table__dimension">Architecture</span>.*?</tr>',
        response.text,
        re.DOTALL,
    )
    assert row
    assert "Alpha has layers." in row.group(0)
    assert '<p class="undocumented">Not yet documented</p>' in row.group(0)


def test_compare_adhoc_shows_only_dimensions_with_a_fact(client):
    trio()
    make_dimension(name="Nobody knows", slug="nobody-knows")

    response = client.get("/compare/alpha-vs-beta/")

    assert "Nobody knows" not in response.text


def test_compare_curated_shows_chosen_dimensions_in_order_even_when_empty(client):
    alpha, beta, _ = trio()
    purpose = Fact.objects.get(concept=alpha).dimension
    empty = make_dimension(name="Empty dimension", slug="empty")
    unused = make_dimension(name="Unused dimension", slug="unused")
    make_fact(concept=alpha, dimension=unused)
    make_comparison(concepts=[alpha, beta], dimensions=[empty, purpose])

    response = client.get("/compare/alpha-vs-beta/")

    text = response.text
    assert text.index("Empty dimension") < text.index(">Purpose<")
    assert "Unused dimension" not in text
    assert text.count("Not yet documented") == 2


def test_compare_table_numbers_sources_in_order_and_shares_numbers(client):
    dimension = make_dimension(name="Purpose")
    alpha = make_concept(slug="alpha")
    beta = make_concept(slug="beta")
    shared = {"title": "Shared paper", "url": "https://example.org/shared"}
    make_fact(
        concept=alpha,
        dimension=dimension,
        sources=[{"title": "First", "url": "https://example.org/first"}, shared],
        verified_on=datetime.date(2024, 5, 17),
    )
    make_fact(concept=beta, dimension=dimension, sources=[shared])

    response = client.get("/compare/alpha-vs-beta/")

    text = response.text
    assert '<li id="source-1" value="1"><a href="https://example.org/first"' in text
    assert '<li id="source-2" value="2"><a href="https://example.org/shared"' in text
    assert "source-3" not in text
    assert text.count('href="#source-2"') == 2
    assert 'as of <time datetime="2024-05-17">May 2024</time>' in text


def test_compare_differences_only_hides_equal_rows(client):
    alpha, beta, _ = trio()
    same = make_dimension(name="Same thing", slug="same")
    make_fact(concept=alpha, dimension=same, text="Both  work on  TEXT.")
    make_fact(concept=beta, dimension=same, text="both work on text.")
    half = make_dimension(name="Half documented", slug="half")
    make_fact(concept=alpha, dimension=half, text="Only alpha says this.")

    full = client.get("/compare/alpha-vs-beta/")
    diff = client.get("/compare/alpha-vs-beta/?diff=1")

    assert "Same thing" in table_of(full)
    assert "They differ on 2 of 3 rows." in full.text
    assert 'href="/compare/alpha-vs-beta/?diff=1"' in full.text
    assert "Same thing" not in table_of(diff)
    assert "Half documented" in table_of(diff)
    assert ">Purpose<" in table_of(diff)
    assert "Showing the 2 of 3 rows where they differ." in diff.text
    assert 'id="diff-toggle"' in diff.text
    assert 'href="/compare/alpha-vs-beta/"' in diff.text


def test_compare_differences_only_marks_rows_with_text_not_only_colour(client):
    trio()

    response = client.get("/compare/alpha-vs-beta/")

    assert '<tr class="is-different">' in response.text
    assert "Differs</span>" in response.text


def test_compare_differences_only_with_no_differences_says_so(client):
    dimension = make_dimension()
    for slug in ["alpha", "beta"]:
        make_fact(concept=make_concept(slug=slug), dimension=dimension, text="Same.")

    response = client.get("/compare/alpha-vs-beta/?diff=1")

    assert response.status_code == 200
    assert "No differences" in response.text
    assert "<table" not in table_of(response)


# Curated and ad-hoc


def test_compare_curated_shows_editorial_layer_and_is_indexable(client):
    alpha, beta, _ = trio()
    make_comparison(
        concepts=[beta, alpha],
        title="Alpha or Beta?",
        introduction="Why people *mix* them up.",
        similarities="- Both are models.",
        verdict="Use **Alpha** for speed.",
    )

    response = client.get("/compare/alpha-vs-beta/")

    text = response.text
    assert "<h1>Alpha or Beta?</h1>" in text
    assert "<p>Use <strong>Alpha</strong> for speed.</p>" in text
    assert "<em>mix</em>" in text
    assert "<li>Both are models.</li>" in text
    assert text.index("The short answer") < text.index('id="table-title"')
    assert '<link rel="canonical" href="http://testserver/compare/alpha-vs-beta/">' in text
    assert 'name="robots"' not in text
    # Columns follow the address, whatever order the editors listed the concepts in.
    assert column_names(response) == ["Alpha model", "Beta model"]


def test_compare_adhoc_is_noindex_without_canonical_and_links_curated_ones(client):
    alpha, _, gamma = trio()
    curated = make_comparison(concepts=[alpha, gamma], title="Alpha vs Gamma, explained")

    response = client.get("/compare/alpha-vs-beta/")

    text = response.text
    assert '<meta name="robots" content="noindex, follow">' in text
    assert 'rel="canonical"' not in text
    assert "Assembled automatically." in text
    assert f'href="{curated.get_absolute_url()}">Alpha vs Gamma, explained</a>' in text


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Status.DRAFT, None),
        (Status.REVIEW, None),
        (Status.PUBLISHED, timedelta(days=2)),
        (Status.UNPUBLISHED, timedelta(days=-2)),
    ],
)
def test_compare_unpublished_curated_comparison_does_not_leak(client, status, offset):
    alpha, beta, _ = trio()
    published_at = timezone.now() + offset if offset else None
    make_comparison(
        concepts=[alpha, beta],
        title="Secret title",
        verdict="Secret verdict.",
        status=status,
        published_at=published_at,
    )

    response = client.get("/compare/alpha-vs-beta/")

    assert response.status_code == 200
    assert "Secret" not in response.text
    assert '<meta name="robots" content="noindex, follow">' in response.text


def test_compare_curated_of_a_larger_set_does_not_count_for_a_pair(client):
    alpha, beta, gamma = trio()
    make_comparison(concepts=[alpha, beta, gamma], title="All three")

    pair = client.get("/compare/alpha-vs-beta/")
    three = client.get("/compare/alpha-vs-beta-vs-gamma/")

    assert "<h1>Alpha model vs Beta model</h1>" in pair.text
    assert "<h1>All three</h1>" in three.text


def test_compare_adhoc_pages_absent_from_sitemap(client):
    try:
        resolve("/sitemap.xml")
    except Resolver404:
        pytest.skip("No sitemap is routed yet.")
    alpha, beta, _ = trio()
    curated = make_comparison(concepts=[alpha, beta])

    sitemap = client.get("/sitemap.xml")
    text = sitemap.content.decode()
    for section in re.findall(r"<loc>(http://testserver/[^<]+)</loc>", text):
        text += client.get(section.removeprefix("http://testserver")).content.decode()

    assert curated.get_absolute_url() in text
    assert "/compare/alpha-vs-gamma/" not in text
    assert "/compare/beta-vs-gamma/" not in text


def test_compare_relations_and_use_cases_side_by_side(client):
    alpha, beta, _ = trio()
    parent = make_concept(name="Parent idea", slug="parent")
    make_relation(alpha, RelationKind.KIND_OF, beta)
    make_relation(alpha, RelationKind.BUILT_ON, parent)
    make_relation(beta, RelationKind.BUILT_ON, parent)
    health = make_industry(name="Healthcare", slug="healthcare")
    make_use_case(concept=alpha, industry=health, title="Reading scans")

    response = client.get("/compare/alpha-vs-beta/")

    text = response.text
    assert (
        '<a href="/concepts/alpha/">Alpha model</a> is a kind of '
        '<a href="/concepts/beta/">Beta model</a>.' in text
    )
    assert '<li>Both are built on <a href="/concepts/parent/">Parent idea</a>.</li>' in text
    assert 'href="/use-cases/alpha/healthcare/">Reading scans</a>' in text
    assert "No documented use-case" in text


def test_compare_related_articles_rank_shared_concepts_first(client):
    alpha, beta, _ = trio()
    make_article(title="Only alpha", concepts=[alpha])
    make_article(title="About both", concepts=[alpha, beta])
    make_article(title="Draft about both", concepts=[alpha, beta], status=Status.DRAFT)

    response = client.get("/compare/alpha-vs-beta/")

    assert response.text.index("About both") < response.text.index("Only alpha")
    assert "Draft about both" not in response.text


def test_compare_three_columns_offer_remove_links(client):
    trio()

    response = client.get("/compare/alpha-vs-beta-vs-gamma/?diff=1")

    assert 'href="/compare/beta-vs-gamma/?diff=1"' in response.text
    assert 'href="/compare/alpha-vs-gamma/?diff=1"' in response.text
    assert 'href="/compare/alpha-vs-beta/?diff=1"' in response.text


# Machine-readable


def test_compare_page_carries_json_ld_item_list(client):
    alpha, *_ = trio()
    Fact.objects.filter(concept=alpha).update(text="Risky </script><b>text</b>")

    response = client.get("/compare/alpha-vs-beta/")

    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.DOTALL
    )
    assert len(blocks) == 1
    assert "</script><b>" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["@type"] == "ItemList"
    terms = [item["item"] for item in data["itemListElement"]]
    assert [term["@type"] for term in terms] == ["DefinedTerm", "DefinedTerm"]
    assert terms[0]["name"] == "Alpha model"
    assert terms[0]["additionalProperty"] == [
        {"@type": "PropertyValue", "name": "Purpose", "value": "Risky </script><b>text</b>"}
    ]


@pytest.mark.parametrize(
    "url", ["/compare/alpha-vs-beta.json", "/compare/alpha-vs-beta/?format=json"]
)
def test_compare_json_view_returns_the_assembled_table(client, url):
    """Every spelling ends at the one JSON address, which serves the assembled table."""
    alpha, beta, _ = trio()
    Fact.objects.filter(concept=alpha).update(
        sources=[{"title": "Paper", "url": "https://example.org/p"}],
        verified_on=datetime.date(2024, 5, 1),
    )
    make_dimension(name="Architecture", slug="architecture")
    make_fact(concept=beta, dimension=make_dimension(name="Costs", slug="costs"), sources=[])

    response = client.get(url, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/compare/alpha-vs-beta.json"
    assert response["Content-Type"] == "application/json"
    assert response["X-Robots-Tag"] == "noindex"
    data = response.json()
    assert data["url"] == "http://testserver/compare/alpha-vs-beta/"
    assert data["curated"] is None
    assert [c["slug"] for c in data["concepts"]] == ["alpha", "beta"]
    assert [d["slug"] for d in data["dimensions"]] == ["purpose", "costs"]
    purpose = data["rows"][0]
    assert purpose["cells"][0] == {
        "concept": "alpha",
        "documented": True,
        "value": None,
        "text": "Alpha model does things.",
        "sources": [{"number": 1, "title": "Paper", "url": "https://example.org/p"}],
        "verified_on": "2024-05-01",
    }
    costs = data["rows"][1]
    assert costs["cells"][0]["documented"] is False
    assert costs["cells"][0]["text"] is None
    assert costs["differs"] is True


def test_compare_json_includes_curated_metadata(client):
    alpha, beta, _ = trio()
    make_comparison(concepts=[alpha, beta], title="Curated", verdict="**Short**.")

    data = client.get("/compare/alpha-vs-beta.json").json()

    assert data["indexable"] is True
    assert data["curated"]["title"] == "Curated"
    assert data["curated"]["verdict"] == "**Short**."
    assert data["curated"]["verdict_html"] == "<p><strong>Short</strong>.</p>\n"


def test_compare_json_keeps_the_order_and_names_the_canonical_page(client):
    trio()

    data = client.get("/compare/beta-vs-alpha.json").json()

    assert [c["slug"] for c in data["concepts"]] == ["beta", "alpha"]
    assert [cell["concept"] for cell in data["rows"][0]["cells"]] == ["beta", "alpha"]
    assert data["url"] == "http://testserver/compare/beta-vs-alpha/"
    assert data["canonical_url"] == "http://testserver/compare/alpha-vs-beta/"


def test_compare_json_unknown_slug_is_a_json_404(client):
    make_concept(slug="alpha", name="Alpha")
    make_concept(slug="beta", name="Beta")

    response = client.get("/compare/alpha-vs-betta.json")

    assert response.status_code == 404
    assert response.json()["suggestions"] == {"betta": ["beta"]}
    assert response.json()["try"] == "http://testserver/compare/alpha-vs-beta/"


def test_compare_bare_json_suffix_is_a_helpful_404(client):
    response = client.get("/compare/.json/")

    assert response.status_code == 404
    assert "Name two or three concepts" in response.text


# HTMX


def test_compare_htmx_returns_the_comparison_region_only(client):
    trio()

    response = client.get("/compare/alpha-vs-beta/?diff=1", headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="comparison"' in response.text
    assert "<title>Alpha model vs Beta model — " in response.text
    assert '<header class="page-head" id="compare-head" hx-swap-oob="true">' in response.text
    assert 'id="picker"' in response.text
    assert '<input type="hidden" name="diff" value="1">' in response.text
    assert "HX-Request" in response["Vary"]


def test_compare_htmx_history_restore_gets_the_full_page(client):
    trio()

    headers = HTMX | {"HX-History-Restore-Request": "true"}
    response = client.get("/compare/alpha-vs-beta/", headers=headers)

    assert "<html" in response.text


def test_compare_index_pick_redirects_in_the_readers_order_without_javascript(client):
    trio()

    response = client.get("/compare/", {"a": "gamma", "b": "alpha", "c": "", "diff": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/compare/gamma-vs-alpha/?diff=1"


def test_compare_index_pick_with_htmx_swaps_in_and_pushes_the_readers_order(client):
    trio()

    response = client.get("/compare/", {"a": "gamma", "b": "beta", "c": "alpha"}, headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="comparison"' in response.text
    assert "Gamma model does things." in response.text
    assert 'id="compare-head" hx-swap-oob="true"' in response.text
    # The picker that asked stays in place, so a pick made meanwhile is not lost.
    assert 'id="picker"' not in response.text
    assert response["HX-Push-Url"] == "/compare/gamma-vs-beta-vs-alpha/"
    assert column_names(response) == ["Gamma model", "Beta model", "Alpha model"]
    assert "HX-Request" in response["Vary"]


def test_compare_index_pick_same_concept_twice_is_a_form_error(client):
    trio()

    response = client.get("/compare/", {"a": "alpha", "b": "alpha"})

    assert response.status_code == 200
    assert "This concept is already chosen" in response.text
    assert 'name="b" value="alpha"' in response.text


def test_compare_index_pick_unknown_concept_is_a_form_error(client):
    trio()

    response = client.get("/compare/", {"a": "alpha", "b": "nope"}, headers=HTMX)

    assert response.status_code == 200
    assert "We have no concept called “nope”." in response.text
    assert "<html" not in response.text
    assert 'id="picker"' in response.text and 'hx-swap-oob="true"' in response.text
    assert response["HX-Push-Url"] == "/compare/?a=alpha&b=nope"


def test_compare_index_one_pick_with_htmx_hints_without_replacing_the_picker(client):
    trio()

    response = client.get("/compare/", {"a": "beta", "b": "", "c": ""}, headers=HTMX)

    assert "Now choose a second concept" in response.text
    assert 'id="picker"' not in response.text
    assert response["HX-Push-Url"] == "/compare/?a=beta"


def test_compare_index_one_pick_asks_for_a_second(client):
    trio()

    response = client.get("/compare/", {"a": "beta"})

    assert response.status_code == 200
    assert "Now choose a second concept" in response.text
    assert 'name="a" value="beta"' in response.text


def test_compare_index_lists_published_comparisons_featured_first(client):
    older = make_comparison(
        title="Featured older", featured=True, published_at=timezone.now() - timedelta(days=9)
    )
    make_comparison(title="Plain newer")
    make_comparison(title="A draft", status=Status.DRAFT, published_at=None)

    response = client.get("/compare/")

    assert response.status_code == 200
    assert response.text.index("Featured older") < response.text.index("Plain newer")
    assert "A draft" not in response.text
    assert f'href="{older.get_absolute_url()}"' in response.text
    assert '<input type="search" name="a"' in response.text


@pytest.mark.parametrize("page", ["0", "abc", "9"])
def test_compare_index_bad_page_is_a_404(client, page):
    make_comparison()

    assert client.get("/compare/", {"page": page}).status_code == 404


# Query counts


def build(concepts, dimensions):
    dims = [make_dimension() for _ in range(dimensions)]
    chosen = [make_concept(slug=f"c{index}") for index in range(concepts)]
    industry = make_industry()
    for concept in chosen:
        for dimension in dims:
            make_fact(concept=concept, dimension=dimension)
        make_use_case(concept=concept, industry=industry)
        make_article(concepts=[concept])
    make_relation(chosen[0], RelationKind.KIND_OF, chosen[1])
    return chosen, dims


def test_compare_query_count_is_constant_in_concepts_and_dimensions(client):
    build(3, 6)
    counts = {
        (n, d): count_queries(client, "/compare/" + "-vs-".join(f"c{i}" for i in range(n)) + "/")
        for n, d in [(2, 6), (3, 6)]
    }
    small = count_queries(client, "/compare/c0-vs-c1/")

    assert counts[(2, 6)] == counts[(3, 6)] == small


def test_compare_query_count_same_for_two_and_six_dimensions(client, django_assert_max_num_queries):
    build(2, 2)
    two = count_queries(client, "/compare/c0-vs-c1/")
    for dimension in [make_dimension() for _ in range(4)]:
        for concept in ["c0", "c1"]:
            make_fact(
                concept=Fact.objects.filter(concept__slug=concept).first().concept,
                dimension=dimension,
            )
    six = count_queries(client, "/compare/c0-vs-c1/")

    assert two == six
    with django_assert_max_num_queries(10):
        client.get("/compare/c0-vs-c1/")


def test_compare_curated_query_count_is_constant(client, django_assert_max_num_queries):
    chosen, dims = build(3, 6)
    make_comparison(concepts=chosen[:2], dimensions=dims[:2])
    make_comparison(concepts=chosen, dimensions=dims)
    two = count_queries(client, "/compare/c0-vs-c1/")
    three = count_queries(client, "/compare/c0-vs-c1-vs-c2/")

    assert two == three
    with django_assert_max_num_queries(12):
        client.get("/compare/c0-vs-c1-vs-c2/")


def test_compare_json_and_htmx_query_counts_are_small(client, django_assert_max_num_queries):
    build(3, 6)

    with django_assert_max_num_queries(4):
        client.get("/compare/c0-vs-c1-vs-c2.json")
    with django_assert_max_num_queries(10):
        client.get("/compare/c0-vs-c1-vs-c2/", headers=HTMX)


def test_compare_index_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(3):
        make_comparison()
    few = count_queries(client, "/compare/")
    for _ in range(10):
        make_comparison(concepts=[make_concept(), make_concept(), make_concept()])

    assert count_queries(client, "/compare/") == few
    with django_assert_max_num_queries(4):
        client.get("/compare/")


# The picker at scale: a search box, its options fetched while typing


def test_picker_page_stays_small_with_many_concepts(client):
    for n in range(300):
        make_concept(name=f"Concept number {n}", slug=f"concept-{n}", aliases=f"CN{n}")

    index = client.get("/compare/")
    comparison = client.get("/compare/concept-1-vs-concept-2/")

    assert len(index.content) < 40_000
    assert len(comparison.content) < 60_000
    assert "<option" not in index.text
    assert 'list="id_a-options"' in index.text and 'hx-get="/compare/concepts/"' in index.text
    assert 'name="a" value="Concept number 1"' in comparison.text


def test_picker_options_match_names_aliases_and_slugs_prefix_first(client):
    make_concept(name="Large language model", slug="large-language-model", aliases="LLM")
    make_concept(name="Small language model", slug="small-language-model", aliases="SLM")
    make_concept(name="Language agent", slug="language-agent")

    by_name = client.get("/compare/concepts/", {"a": "language"}, headers=HTMX)
    by_alias = client.get("/compare/concepts/", {"b": "llm"}, headers=HTMX)

    assert by_name.status_code == 200
    assert "<html" not in by_name.text
    assert re.findall(r'<option value="([^"]+)"', by_name.text) == [
        "Language agent",
        "Large language model",
        "Small language model",
    ]
    assert re.findall(r'<option value="([^"]+)"', by_alias.text) == ["Large language model"]
    assert "HX-Request" in by_name["Vary"]


def test_picker_options_cost_one_query_however_many_concepts(client):
    for n in range(60):
        make_concept(name=f"Model {n}", slug=f"model-{n}")

    assert count_queries(client, "/compare/concepts/?a=model", headers=HTMX) == 1
    assert count_queries(client, "/compare/concepts/?a=", headers=HTMX) == 0


def test_picker_options_are_bounded(client):
    for n in range(40):
        make_concept(name=f"Model {n}", slug=f"model-{n}")

    response = client.get("/compare/concepts/", {"a": "model"}, headers=HTMX)

    assert response.text.count("<option") == 12


def test_picker_options_without_javascript_go_to_concept_search(client):
    response = client.get("/compare/concepts/", {"a": "transf"})

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=transf&type=concepts"


def test_picker_accepts_names_aliases_and_slugs_without_javascript(client):
    make_concept(name="Large language model", slug="large-language-model", aliases="LLM")
    make_concept(name="Transformer", slug="transformer")

    for a, b in [("LLM", "transformer"), ("large language model", "Transformer")]:
        response = client.get("/compare/", {"a": a, "b": b})

        assert response.status_code == 302
        assert response["Location"] == "/compare/large-language-model-vs-transformer/"


def test_picker_unknown_name_suggests_close_ones(client):
    make_concept(name="Transformer", slug="transformer")
    make_concept(name="Diffusion model", slug="diffusion-model")

    response = client.get("/compare/", {"a": "transfomer", "b": "Diffusion model"})

    assert response.status_code == 200
    assert "We have no concept called “transfomer”. Did you mean Transformer?" in response.text
