import datetime
import json
import re

import pytest

from articles.knowledge.models import RelationKind
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


# Concept list and hubs


def hub():
    concept = make_concept(
        name="Large language model",
        slug="large-language-model",
        definition="A model of language.",
        explanation="## How it works\n\nIt predicts tokens.",
        aliases="LLM",
        family="Generative models",
    )
    genai = make_concept(name="Generative AI", slug="generative-ai")
    transformer = make_concept(name="Transformer", slug="transformer")
    rag = make_concept(name="Retrieval-augmented generation", slug="rag")
    chatbot = make_concept(name="Chatbot", slug="chatbot")
    make_relation(concept, RelationKind.KIND_OF, genai)
    make_relation(concept, RelationKind.BUILT_ON, transformer)
    make_relation(rag, RelationKind.BUILT_ON, concept)
    make_relation(chatbot, RelationKind.KIND_OF, concept)
    make_fact(
        concept=concept,
        dimension=make_dimension(name="Purpose"),
        text="Generates text.",
        verified_on=datetime.date(2025, 3, 4),
    )
    health = make_industry(name="Healthcare", slug="healthcare")
    finance = make_industry(name="Finance", slug="finance")
    make_use_case(concept=concept, industry=health, title="Drafting clinical notes")
    make_use_case(concept=concept, industry=finance, title="Summarising filings")
    make_comparison(concepts=[concept, genai], title="Generative AI vs LLMs")
    return concept


def test_concept_hub_numbers_its_sources_and_cites_them(client):
    concept = make_concept(slug="diffusion-model")
    make_fact(
        concept=concept,
        text="Removes noise step by step.",
        sources=[{"title": "DDPM", "url": "https://arxiv.org/abs/2006.11239"}],
    )

    text = client.get(concept.get_absolute_url()).content.decode()

    assert '<a href="#source-1">[<span class="visually-hidden">source </span>1]</a>' in text
    assert (
        '<li id="source-1" value="1"><a href="https://arxiv.org/abs/2006.11239" '
        'rel="noopener nofollow">DDPM</a> <span class="sources__host">arxiv.org</span></li>'
    ) in text


def test_concept_hub_shows_definition_relations_facts_and_comparisons(client):
    hub()

    response = client.get("/concepts/large-language-model/")

    text = response.text
    assert response.status_code == 200
    assert "<h1>Large language model</h1>" in text
    assert "Also called LLM" in text
    assert '<h2 id="how-it-works">How it works</h2>' in text
    assert "<dt>Is a kind of</dt>" in text
    assert "<dt>Kinds of large language model</dt>" in text
    assert "<dt>Built on</dt>" in text
    assert "<dt>Used by</dt>" in text
    assert 'href="/concepts/chatbot/">Chatbot</a>' in text
    assert "Generates text." in text
    assert 'as of <time datetime="2025-03-04">Mar 2025</time>' in text
    assert "Generative AI vs LLMs</a>" in text
    assert (
        'href="/compare/large-language-model-vs-generative-ai/">'
        'Large language model vs Generative AI</a> <span class="badge badge--ok">' in text
    )
    assert 'href="/compare/large-language-model-vs-transformer/"' in text
    assert '<link rel="canonical" href="http://testserver/concepts/large-language-model/">' in text
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', text, re.DOTALL).group(1))
    assert data["@type"] == "DefinedTerm"
    assert data["alternateName"] == ["LLM"]


def test_concept_hub_shows_a_facts_short_value_over_its_text(client):
    concept = make_concept(name="Zebra model", slug="zebra-model")
    make_fact(concept=concept, text="It draws stripes, one at a time.", value="Draws stripes")

    text = client.get(concept.get_absolute_url()).text
    facts = text.split('id="facts-title"', 1)[1]

    assert '<p class="fact-value"><strong>Draws stripes</strong></p>' in facts
    assert facts.index("Draws stripes") < facts.index("It draws stripes, one at a time.")


def test_concept_hub_use_cases_filter_by_industry_without_javascript(client):
    hub()

    response = client.get("/concepts/large-language-model/", {"industry": "finance"})

    assert response.status_code == 200
    assert "<html" in response.text
    assert "Summarising filings" in response.text
    assert "Drafting clinical notes" not in response.text
    assert 'href="?industry=healthcare#use-cases"' in response.text
    assert 'id="industry-tab-finance" href="?industry=finance#use-cases"' in response.text
    assert 'aria-current="true">Finance</a>' in response.text


def test_concept_hub_use_case_tabs_htmx_returns_only_the_use_cases(client):
    hub()

    response = client.get(
        "/concepts/large-language-model/",
        {"industry": "healthcare"},
        headers=HTMX | {"HX-Target": "use-cases"},
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.strip().startswith('<section class="section" id="use-cases"')
    assert "Drafting clinical notes" in response.text
    assert "Summarising filings" not in response.text
    assert "HX-Request" in response["Vary"]


def test_concept_hub_industry_without_use_cases_shows_empty_state(client):
    hub()
    make_industry(name="Retail", slug="retail")

    response = client.get("/concepts/large-language-model/", {"industry": "retail"})

    assert response.status_code == 200
    assert "No documented use-case of Large language model in Retail yet." in response.text


def test_concept_hub_unknown_industry_is_a_404(client):
    hub()

    response = client.get("/concepts/large-language-model/", {"industry": "nowhere"})

    assert response.status_code == 404
    assert "There is no industry “nowhere”" in response.text


def test_concept_hub_load_more_htmx_returns_only_cards(client):
    concept = hub()
    for _ in range(13):
        make_article(concepts=[concept])

    full = client.get("/concepts/large-language-model/")
    more = client.get(
        "/concepts/large-language-model/", {"page": "2"}, headers=HTMX | {"HX-Target": "load-more"}
    )

    assert 'hx-get="?page=2"' in full.text
    assert more.status_code == 200
    assert "<html" not in more.text
    assert more.text.count('class="card"') == 1
    assert 'id="use-cases"' not in more.text


def test_concept_hub_load_more_keeps_the_industry_filter(client):
    concept = hub()
    for _ in range(13):
        make_article(concepts=[concept])

    response = client.get("/concepts/large-language-model/", {"industry": "finance"})

    assert 'href="?industry=finance&amp;page=2"' in response.text


@pytest.mark.parametrize("page", ["0", "abc", "7"])
def test_concept_hub_bad_page_is_a_404(client, page):
    hub()

    response = client.get("/concepts/large-language-model/", {"page": page})

    assert response.status_code == 404


def test_concept_hub_unknown_concept_is_a_404(client):
    assert client.get("/concepts/nope/").status_code == 404


def test_concept_hub_query_count_is_constant(client, django_assert_max_num_queries):
    concept = hub()
    make_article(concepts=[concept])
    few = count_queries(client, "/concepts/large-language-model/")
    for _ in range(5):
        other = make_concept()
        make_relation(other, RelationKind.RELATED, concept)
        make_fact(concept=concept, dimension=make_dimension())
        make_use_case(concept=concept, industry=make_industry())
        make_comparison(concepts=[concept, other])
        make_article(concepts=[concept])

    assert count_queries(client, "/concepts/large-language-model/") == few
    with django_assert_max_num_queries(11):
        client.get("/concepts/large-language-model/")


def test_concept_list_groups_a_to_z_and_filters_by_family(client):
    hub()
    make_concept(name="Zebra net", family="Oddities")

    everything = client.get("/concepts/")
    oddities = client.get("/concepts/", {"family": "Oddities"})

    assert 'id="letter-Z"' in everything.text
    assert "Large language model" in everything.text
    assert "Zebra net" in oddities.text
    assert "Large language model" not in oddities.text
    assert client.get("/concepts/", {"family": "Nope"}).status_code == 404


def test_concept_list_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(20):
        make_concept(family="F")

    with django_assert_max_num_queries(1):
        client.get("/concepts/")


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_hub_articles_count_up_to_the_listing_limit(client, monkeypatch, headers):
    monkeypatch.setattr("articles.listing.LISTING_LIMIT", 12)
    concept = make_concept(slug="capped")
    for _ in range(14):
        make_article(concepts=[concept])

    first = client.get("/concepts/capped/", headers=headers)
    second = client.get("/concepts/capped/?page=2", headers=headers)

    assert first.status_code == 200
    assert 'id="load-more"' not in first.text
    assert second.status_code == 404


# Industries


def test_industry_detail_shows_use_cases_and_articles(client):
    industry = make_industry(name="Healthcare", slug="healthcare")
    concept = make_concept()
    make_use_case(concept=concept, industry=industry, title="Answering clinicians")
    make_article(concepts=[concept], title="Clinical search", teaser="Search in healthcare.")

    response = client.get("/industries/healthcare/")

    assert "Answering clinicians" in response.text
    assert "Clinical search" in response.text


def test_industry_lists_each_article_once(client):
    industry = make_industry(name="Healthcare", slug="health")
    first, second = make_concept(), make_concept()
    make_use_case(concept=first, industry=industry)
    make_use_case(concept=second, industry=industry)
    make_article(title="Twice over", teaser="Healthcare twice.", concepts=[first, second])

    response = client.get("/industries/health/")

    assert response.text.count(">Twice over</a>") == 1


# Use-cases


def test_use_case_matrix_marks_filled_and_empty_cells(client):
    hub()

    response = client.get("/use-cases/")

    text = response.text
    assert response.status_code == 200
    assert 'href="/use-cases/large-language-model/healthcare/">Drafting clinical notes</a>' in text
    assert "No use-case of Transformer in Healthcare yet" in text


def test_use_case_matrix_filters_by_family_and_industry(client):
    hub()

    response = client.get("/use-cases/", {"family": "Generative models", "industry": "finance"})

    text = response.text
    assert "Summarising filings" in text
    assert "Drafting clinical notes" not in text
    assert 'href="/concepts/transformer/"' not in text


def test_use_case_matrix_bad_filter_is_a_form_error(client):
    hub()

    response = client.get("/use-cases/", {"industry": "nowhere"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Drafting clinical notes" in response.text


def test_use_case_matrix_query_count_is_constant(client, django_assert_max_num_queries):
    hub()
    few = count_queries(client, "/use-cases/")
    for _ in range(5):
        make_use_case(concept=make_concept(family="More"), industry=make_industry())

    assert count_queries(client, "/use-cases/") == few
    with django_assert_max_num_queries(6):
        client.get("/use-cases/")


def test_use_case_detail_links_to_neighbours(client):
    hub()

    response = client.get("/use-cases/large-language-model/healthcare/")

    assert response.status_code == 200
    assert "<h1>Drafting clinical notes</h1>" in response.text
    assert (
        'href="/use-cases/large-language-model/finance/">Summarising filings</a>' in response.text
    )
    assert client.get("/use-cases/large-language-model/nowhere/").status_code == 404


# Glossary cards


def test_glossary_card_htmx_returns_a_small_cacheable_fragment(
    client, django_capture_on_commit_callbacks
):
    # Committed, as in production: the generation then names no early end.
    with django_capture_on_commit_callbacks(execute=True):
        make_concept(
            name="Transformer", slug="transformer", definition="A network built on attention."
        )

    response = client.get("/glossary/transformer/", headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert len(response.content) < 600
    assert '<span class="term__name">Transformer</span>' in response.text
    assert "A network built on attention." in response.text
    assert 'href="/concepts/transformer/"' in response.text
    assert "public" in response["Cache-Control"] and "s-maxage=600" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_glossary_card_without_htmx_redirects_to_the_hub(client):
    make_concept(slug="transformer")

    response = client.get("/glossary/transformer/")

    assert response.status_code == 302
    assert response["Location"] == "/concepts/transformer/"


def test_glossary_card_unknown_concept_is_404(client):
    assert client.get("/glossary/nope/", headers=HTMX).status_code == 404


def test_glossary_card_runs_one_query_then_comes_from_the_cache(
    client, django_assert_num_queries, reader_cache
):
    make_concept(slug="transformer")

    with django_assert_num_queries(1):
        client.get("/glossary/transformer/", headers=HTMX)
    with django_assert_num_queries(0):
        client.get("/glossary/transformer/", headers=HTMX)
