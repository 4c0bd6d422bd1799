"""Comparisons that say something: short values decide same/differs, relations read as prose,
and the columns keep the reader's order."""

import io
import re

import pytest
from django.core.management import call_command

from articles.knowledge.models import Fact, RelationKind
from articles.knowledge.tables import FactTable, facts_differ
from comparisons.demo import knowledge as demo
from comparisons.models import Comparison
from tests.factories import (
    make_comparison,
    make_concept,
    make_dimension,
    make_fact,
    make_relation,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def pair(*values_and_texts):
    """Two concepts, alpha and beta, with one fact each per (dimension, alpha, beta) given."""
    alpha = make_concept(name="Alpha model", slug="alpha")
    beta = make_concept(name="Beta model", slug="beta")
    for name, first, second in values_and_texts:
        dimension = make_dimension(name=name)
        for concept, (value, text) in [(alpha, first), (beta, second)]:
            if text is not None:
                make_fact(concept=concept, dimension=dimension, value=value, text=text)
    return alpha, beta


def rows(response):
    """Return {dimension name: "Same" or "Differs"} for the rows of the side-by-side table."""
    table = response.text.split('id="table-title"')[1].split("</section>")[0]
    found = re.findall(
        r'<span class="compare-table__dimension">([^<]+)</span>\s*'
        r'<span class="badge[^"]*"><span aria-hidden="true">. </span>(Same|Differs)</span>',
        table,
    )
    return dict(found)


def sentences(response):
    """Return the “How they relate” sentences as plain text."""
    block = response.text.split('id="relations-title"')[1].split("</ul>")[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li.*?</li>", block)]


# Same or different


def fact(value, text="Some explanation."):
    return Fact(value=value, text=text)


@pytest.mark.parametrize(
    ("facts", "differs"),
    [
        ([fact("Generate new content"), fact("  generate   NEW content ")], False),
        ([fact("Images"), fact("Text")], True),
        ([fact("", "Same words."), fact("", "same  words.")], False),
        ([fact("", "One wording."), fact("", "Another wording.")], True),
        # A value on one side only: the texts decide.
        ([fact("Images", "Same words."), fact("", "Same words.")], False),
        ([fact("Images", "One wording."), fact("", "Another wording.")], True),
        # Same values win over different explanations.
        ([fact("Images", "Sharp ones."), fact("images", "Soft ones.")], False),
        ([fact("Images"), None], True),
    ],
)
def test_facts_differ_by_value_then_by_text(facts, differs):
    assert facts_differ(facts) is differs


def test_fact_value_is_tidied_on_clean():
    saved = make_fact(value="  Generate \n new   content ")

    assert saved.value == "Generate new content"


def test_compare_rows_with_equal_values_are_the_same(client):
    pair(
        ("Purpose", ("Generate new content", "Makes text."), ("generate NEW content", "Images.")),
        ("Architecture", ("Transformer", "Decoder."), ("U-Net", "Denoiser.")),
    )

    response = client.get("/compare/alpha-vs-beta/")

    assert rows(response) == {"Purpose": "Same", "Architecture": "Differs"}
    assert "They differ on 1 of 2 rows." in response.text


def test_compare_shows_the_value_first_with_the_text_as_explanation(client):
    pair(("Purpose", ("Generate new content", "Makes new text."), ("Classify", "Sorts text.")))

    response = client.get("/compare/alpha-vs-beta/")

    cell = response.text.split('data-label="Alpha model"')[1].split("</td>")[0]
    assert cell.index('<p class="fact-value"><strong>Generate new content</strong></p>') < (
        cell.index('<p class="fact">Makes new text.')
    )


def test_compare_counts_and_hides_same_rows_with_differences_only(client):
    pair(
        ("Purpose", ("Generate", "A."), ("generate", "B.")),
        ("Architecture", ("Transformer", "A."), ("U-Net", "B.")),
        ("Training data", ("Unlabelled text", "A."), ("Unlabelled  TEXT", "B.")),
        ("Outputs", ("Text", "A."), ("Images", "B.")),
        ("Applications", ("", "Chat."), ("", "Art.")),
        ("Limitations", ("Can be wrong", "A."), (None, None)),
    )

    full = client.get("/compare/alpha-vs-beta/")
    diff = client.get("/compare/alpha-vs-beta/?diff=1")

    assert "They differ on 4 of 6 rows." in full.text
    assert set(rows(full).values()) == {"Same", "Differs"}
    assert rows(diff) == {
        "Architecture": "Differs",
        "Outputs": "Differs",
        "Applications": "Differs",
        "Limitations": "Differs",
    }
    assert "Showing the 4 of 6 rows where they differ." in diff.text


def test_compare_differs_badge_uses_the_high_contrast_class(client):
    pair(("Purpose", ("Generate", "A."), ("Classify", "B.")))

    response = client.get("/compare/alpha-vs-beta/")

    assert '<span class="badge badge--warn"><span aria-hidden="true">≠ </span>Differs' in (
        response.text
    )
    assert "badge--diff" not in response.text


def test_compare_json_exposes_values(client):
    pair(("Purpose", ("Generate", "A."), ("", "B.")))

    data = client.get("/compare/alpha-vs-beta.json").json()

    cells = data["rows"][0]["cells"]
    assert [(c["value"], c["text"]) for c in cells] == [("Generate", "A."), (None, "B.")]


# How they relate


def relate(*edges, columns=("alpha", "beta")):
    """Concepts alpha, beta, gamma and outsiders x, y; edges are (source, kind, target) slugs."""
    names = {"alpha": "Alpha", "beta": "Beta", "gamma": "Gamma", "x": "Xeno", "y": "Yarrow"}
    made = {slug: make_concept(name=name, slug=slug) for slug, name in names.items()}
    dimension = make_dimension()
    for slug in ["alpha", "beta", "gamma"]:
        make_fact(concept=made[slug], dimension=dimension)
    for source, kind, target in edges:
        make_relation(made[source], kind, made[target])
    return "/compare/" + "-vs-".join(columns) + "/"


@pytest.mark.parametrize(
    ("kind", "direct", "shared"),
    [
        (RelationKind.KIND_OF, "Alpha is a kind of Beta.", "Both are kinds of Xeno."),
        (RelationKind.BUILT_ON, "Alpha is built on Beta.", "Both are built on Xeno."),
        (RelationKind.RELATED, "Alpha is related to Beta.", "Both are related to Xeno."),
    ],
)
def test_relations_read_as_sentences_for_every_kind(client, kind, direct, shared):
    url = relate(("alpha", kind, "beta"), ("alpha", kind, "x"), ("beta", kind, "x"))

    response = client.get(url)

    assert sentences(response) == [direct, shared]
    assert '<li class="relations__direct"><a href="/concepts/alpha/">Alpha</a>' in response.text


def test_relations_group_a_concepts_own_neighbours_into_one_sentence(client):
    url = relate(
        ("alpha", RelationKind.RELATED, "y"),
        ("alpha", RelationKind.RELATED, "x"),
        ("beta", RelationKind.BUILT_ON, "x"),
    )

    assert sentences(client.get(url)) == [
        "Alpha is related to Xeno and Yarrow.",
        "Beta is built on Xeno.",
    ]


def test_relations_of_three_name_the_two_that_share_and_say_all_three(client):
    url = relate(
        ("alpha", RelationKind.KIND_OF, "x"),
        ("beta", RelationKind.KIND_OF, "x"),
        ("gamma", RelationKind.KIND_OF, "x"),
        ("gamma", RelationKind.BUILT_ON, "y"),
        ("alpha", RelationKind.BUILT_ON, "y"),
        columns=("gamma", "beta", "alpha"),
    )

    assert sentences(client.get(url)) == [
        "All three are kinds of Xeno.",
        "Gamma and Alpha are both built on Yarrow.",
    ]


def test_relations_follow_the_readers_column_order(client):
    edges = [("alpha", RelationKind.RELATED, "x"), ("beta", RelationKind.RELATED, "y")]
    url = relate(*edges, columns=("beta", "alpha"))

    assert sentences(client.get(url)) == ["Beta is related to Yarrow.", "Alpha is related to Xeno."]


# The reader's order


def test_compare_three_columns_keep_order_in_remove_links_picker_and_json_link(client):
    dimension = make_dimension()
    for slug in ["alpha", "beta", "gamma"]:
        make_fact(concept=make_concept(name=slug.title(), slug=slug), dimension=dimension)

    response = client.get("/compare/gamma-vs-alpha-vs-beta/")

    assert response.status_code == 200
    assert 'id="remove-alpha" href="/compare/gamma-vs-beta/"' in response.text
    assert 'id="remove-gamma" href="/compare/alpha-vs-beta/"' in response.text
    assert 'name="a" value="Gamma"' in response.text
    assert 'name="b" value="Alpha"' in response.text
    assert 'href="/compare/gamma-vs-alpha-vs-beta.json"' in response.text


def test_compare_htmx_fragment_keeps_the_order(client):
    dimension = make_dimension()
    for slug in ["alpha", "beta"]:
        make_fact(concept=make_concept(name=slug.title(), slug=slug), dimension=dimension)

    response = client.get("/compare/beta-vs-alpha/", headers=HTMX)

    assert "<html" not in response.text
    assert 'id="comparison"' in response.text
    assert "<title>Beta vs Alpha — " in response.text


def test_compare_curated_in_any_order_names_the_same_canonical_page(client):
    alpha, beta = pair(("Purpose", ("Generate", "A."), ("Classify", "B.")))
    make_comparison(concepts=[alpha, beta], title="Alpha or Beta?")
    canonical = '<link rel="canonical" href="http://testserver/compare/alpha-vs-beta/">'

    for url in ["/compare/alpha-vs-beta/", "/compare/beta-vs-alpha/"]:
        response = client.get(url)

        assert "<h1>Alpha or Beta?</h1>" in response.text
        assert canonical in response.text


def test_compare_long_names_are_shown_in_full(client):
    long_name = "Retrieval-augmented generation with re-ranking and query rewriting"
    dimension = make_dimension()
    make_fact(concept=make_concept(name=long_name, slug="long"), dimension=dimension)
    make_fact(concept=make_concept(name="Short", slug="short"), dimension=dimension)

    response = client.get("/compare/long-vs-short/")

    assert f'name="a" value="{long_name}"' in response.text
    assert f'class="compare-table__concept" href="/concepts/long/">{long_name}</a>' in response.text


# The demo content


def test_demo_values_are_short_and_every_fact_has_one():
    assert all(0 < len(row["value"]) <= 80 for row in demo.FACTS.values())


def test_demo_comparisons_show_rows_that_are_the_same_and_rows_that_differ(client):
    call_command("load_demo", stdout=io.StringIO())
    again = io.StringIO()
    call_command("load_demo", stdout=again)

    assert " 0 rows created or changed" in again.getvalue()

    comparisons = Comparison.objects.published().prefetch_related("concepts")
    assert comparisons.count() == len(demo.COMPARISONS)
    for comparison in comparisons:
        table = FactTable(comparison.concepts.all(), comparison.dimensions.all())
        assert 0 < table.differing < table.total, comparison.title
    response = client.get("/compare/generative-adversarial-network-vs-variational-autoencoder/")
    badges = rows(response)
    assert badges["Training data"] == "Same"
    assert badges["Architecture"] == "Differs"
    assert "Unlabelled examples" in response.text
