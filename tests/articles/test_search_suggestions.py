import re

import pytest
from django.test import SimpleTestCase

from articles.core import search
from tests.articles.test_search import LIVE, MAX_QUERIES, make_matches, titles
from tests.factories import make_article, make_comparison, make_concept, make_topic

pytestmark = pytest.mark.django_db

assert_contains = SimpleTestCase().assertContains


def suggestion(response):
    """Return the text of the "Did you mean" link, or None."""
    found = re.search(
        r'<p class="search-suggestion">Did you mean <a [^>]*>(.*?)</a>\?</p>', response.text
    )
    return re.sub(r"</?em>", "", found.group(1)) if found else None


def offered(response):
    """Return the (href, label) of the concepts offered on an empty result."""
    empty = re.search(r'<div class="empty search-empty">(.*?)</div>', response.text, re.DOTALL)
    return re.findall(
        r'<a class="chip" href="([^"]*)">([^<]*)</a>', empty.group(1) if empty else ""
    )


# Did you mean -----------------------------------------------------------------------------


def test_search_suggestion_corrects_a_misspelt_concept_name(client):
    make_concept(name="Transformer", slug="transformer")

    response = client.get("/search/?q=transfomer")

    assert titles(response) == []
    assert_contains(
        response,
        '<p class="search-suggestion">Did you mean '
        '<a href="?q=transformer" rel="nofollow"><em>transformer</em></a>?</p>',
        html=True,
    )
    assert titles(client.get("/search/?q=transformer")) == ["Transformer"]


def test_search_suggestion_keeps_the_case_the_reader_typed(client):
    make_concept(name="Transformer")
    make_concept(name="PyTorch")

    assert suggestion(client.get("/search/?q=Transfomer")) == "Transformer"
    assert suggestion(client.get("/search/?q=pytroch")) == "PyTorch"


def test_search_suggestion_corrects_a_word_of_an_article_title(client):
    make_article(title="Quantum annealing, explained")

    response = client.get("/search/", {"q": "anealing "})

    assert suggestion(response) == "annealing"
    assert 'href="?q=annealing"' in response.text


def test_search_suggestion_corrects_a_word_of_an_alias_or_a_comparison(client):
    make_concept(name="Large language model", aliases="LLM, foundation model")
    make_comparison(title="Diffusion vs autoregression")

    assert suggestion(client.get("/search/?q=foundaton")) == "foundation"
    assert suggestion(client.get("/search/?q=difusion")) == "diffusion"


def test_search_suggestion_is_absent_for_a_correct_query(client):
    make_concept(name="Transformer")
    make_article(title="Attention in neural networks")

    for query in ("transformer", "attention neural", "neural networks"):
        response = client.get("/search/", {"q": query})
        assert "Did you mean" not in response.text
        assert titles(response)


def test_search_suggestion_is_absent_when_nothing_is_close(client):
    make_concept(name="Transformer")

    response = client.get("/search/?q=zeppelin")

    assert "Did you mean" not in response.text


def test_search_suggestion_corrects_each_misspelt_word_and_keeps_the_others(client):
    make_article(title="Attention in neural networks")

    both = client.get("/search/?q=atention nueral")
    one = client.get("/search/?q=attention nueral netwroks")

    assert_contains(
        both,
        '<a href="?q=attention+neural" rel="nofollow"><em>attention</em> <em>neural</em></a>',
        html=True,
    )
    assert_contains(
        one,
        '<a href="?q=attention+neural+networks" rel="nofollow">'
        "attention <em>neural</em> <em>networks</em></a>",
        html=True,
    )


def test_search_suggestion_leaves_excluded_words_and_phrases_as_typed(client):
    make_concept(name="Transformer")
    make_concept(name="Quasar")

    response = client.get("/search/", {"q": 'transfomer -quasr -"foo bar"'})

    assert suggestion(response) == "transformer -quasr -&quot;foo bar&quot;"


def test_search_suggestion_is_absent_while_a_known_word_is_being_typed(client):
    make_concept(name="Transformer")

    assert "Did you mean" not in client.get("/search/?q=transf").text


def test_search_suggestion_needs_more_results_than_the_query_found(client):
    # "transformers" is found through stemming: the vocabulary's "transformer" finds no more.
    make_concept(name="Transformer")

    response = client.get("/search/?q=transformers")

    assert titles(response) == ["Transformer"]
    assert "Did you mean" not in response.text


def test_search_suggestion_corrects_a_rare_word_to_a_much_commoner_one(client):
    # A typo in one title is a word of the site, but one much less used than its neighbour.
    make_article(title="A transfomer typo", body="Misspelt once.")
    make_concept(name="Transformer")
    for n in range(3):
        make_article(title=f"Transformer notes {n}")

    response = client.get("/search/?q=transfomer")

    assert titles(response) == ["A transfomer typo"]
    assert suggestion(response) == "transformer"


def test_search_suggestion_is_absent_when_the_query_finds_many_results(client):
    for n in range(search.FEW_RESULTS + 1):
        make_article(title=f"A transfomer typo {n}")
    for n in range(10):
        make_article(title=f"Transformer notes {n}")

    assert "Did you mean" not in client.get("/search/?q=transfomer").text


def test_search_suggestion_keeps_the_filters(client):
    stars = make_topic(name="Stars", slug="stars")
    make_article(title="Quasar basics", topic=stars)

    response = client.get("/search/?q=quasr&type=articles&topic=stars")

    assert 'href="?q=quasar&amp;topic=stars&amp;type=articles"' in response.text


def test_search_suggestion_follows_content_changes(client):
    make_concept(name="Transformer")
    assert "Did you mean" not in client.get("/search/?q=quasr").text

    make_concept(name="Quasar")

    assert suggestion(client.get("/search/?q=quasr")) == "quasar"


def test_search_suggestion_vocabulary_reads_only_the_newest_items(client, monkeypatch):
    monkeypatch.setattr(search, "VOCABULARY_ITEMS", 2)
    make_article(title="Zeppelin history")
    make_article(title="Quasar basics")
    make_article(title="Pulsar basics")

    assert "Did you mean" not in client.get("/search/?q=zepelin").text
    assert suggestion(client.get("/search/?q=quasr")) == "quasar"


def test_search_suggestion_only_offers_published_words(client):
    make_article(title="Zeppelin history", status="draft")

    assert "Did you mean" not in client.get("/search/?q=zepelin").text


def test_search_suggestion_is_escaped(client):
    make_concept(name="Transformer")

    query = 'transfomer -"<script>alert(1)</script>"'
    response = client.get("/search/", {"q": query})
    live = client.get("/search/", {"q": query}, headers=LIVE)

    for page in (response, live):
        assert "<script>alert" not in page.text
        assert suggestion(page) == "transformer -&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"
        assert "q=transformer+-%22%3Cscript%3Ealert%281%29%3C%2Fscript%3E%22" in page.text


# Offered concepts -------------------------------------------------------------------------


def test_search_empty_result_offers_the_closest_concepts_first(client):
    make_concept(name="Transformer", slug="transformer")
    make_concept(name="Vision transformer", slug="vision-transformer", aliases="ViT")
    make_concept(name="Quasar", slug="quasar")

    response = client.get("/search/?q=transfomer")

    assert "Try a concept" in response.text
    found = offered(response)
    assert {label for _, label in found[:2]} == {"Transformer", "Vision transformer"}
    assert ("/concepts/transformer/", "Transformer") in found
    assert found[2] == ("/concepts/quasar/", "Quasar")


def test_search_empty_result_always_offers_concepts(client):
    make_concept(name="Quasar", slug="quasar")
    for n in range(search.OFFERS + 2):
        make_concept(name=f"Pulsar {n}")

    response = client.get("/search/?q=zeppelin")

    assert len(offered(response)) == search.OFFERS
    assert "Nothing matches “zeppelin”." in response.text


def test_search_with_results_offers_no_concepts(client):
    make_concept(name="Quasar")

    assert offered(client.get("/search/?q=quasar")) == []


def test_search_empty_offers_escape_concept_names(client):
    make_concept(name="Quasar <em>bright</em>", slug="quasar")

    response = client.get("/search/?q=zeppelin")

    assert "<em>bright" not in response.text
    assert offered(response) == [("/concepts/quasar/", "Quasar &lt;em&gt;bright&lt;/em&gt;")]


# HTMX and queries -------------------------------------------------------------------------


def test_search_live_partial_carries_the_suggestion_and_offers(client):
    make_concept(name="Transformer", slug="transformer")

    live = client.get("/search/?q=transfomer", headers=LIVE)

    assert live.status_code == 200
    assert "<html" not in live.text
    assert '<section id="search-results"' in live.text
    assert suggestion(live) == "transformer"
    assert offered(live) == [("/concepts/transformer/", "Transformer")]


@pytest.mark.parametrize("headers", [{}, LIVE], ids=["page", "live"])
def test_search_suggestion_adds_no_query_once_the_vocabulary_is_read(
    client, django_assert_max_num_queries, django_assert_num_queries, headers
):
    make_matches(3)
    make_concept(name="Transformer")

    # The vocabulary is read once per generation of the site's content: one bounded query.
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get("/search/?q=pulsar", headers=headers)
    with django_assert_max_num_queries(MAX_QUERIES - 1):
        client.get("/search/?q=pulsar", headers=headers)
    # Topics, then the counts of the query and of its suggestion together.
    with django_assert_num_queries(2):
        response = client.get("/search/?q=transfomer", headers=headers)

    assert suggestion(response) == "transformer"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("transformer", "transformer", 0),
        ("transfomer", "transformer", 1),
        ("tarnsformer", "transformer", 1),
        ("trnasfromer", "transformer", 2),
        ("quasar", "pulsar", 2),
        ("zeppelin", "transformer", 3),
    ],
)
def test_search_edit_distance(a, b, distance):
    assert search.edit_distance(a, b, 2) == distance
