from articles.knowledge.models import Concept
from comparisons.forms import CompareForm
from tests.factories import make_concept


def test_compare_form_fields_are_search_boxes_that_fetch_their_options(db):
    make_concept(name="Large language model", slug="llm-x", aliases="LLM, chat models")

    html = str(CompareForm(concepts=list(Concept.objects.all()))["a"])

    assert 'type="search"' in html and 'list="id_a-options"' in html
    assert 'hx-get="/compare/concepts/"' in html and 'hx-target="#id_a-options"' in html
    assert "<option" not in html and "Large language model" not in html


def test_compare_form_resolves_names_aliases_and_slugs_to_slugs(db):
    a = make_concept(name="Large language model", slug="llm-x", aliases="LLM, chat models")
    b = make_concept(name="Transformer", slug="transformer")

    form = CompareForm({"a": "chat models", "b": "TRANSFORMER"}, concepts=[a, b])

    assert form.is_valid()
    assert form.slugs() == ["llm-x", "transformer"]


def test_compare_form_rejects_the_same_concept_twice(db):
    a, b = make_concept(slug="a1"), make_concept(slug="b1")
    concepts = [a, b]

    form = CompareForm({"a": "a1", "b": "b1", "c": "a1"}, concepts=concepts)

    assert not form.is_valid()
    assert "already chosen" in form.errors["c"][0]


def test_compare_form_slugs_skip_the_empty_third(db):
    a, b = make_concept(slug="a1"), make_concept(slug="b1")

    form = CompareForm({"a": "b1", "b": "a1", "c": ""}, concepts=[a, b])

    assert form.is_valid()
    assert form.slugs() == ["b1", "a1"]
