from articles.knowledge.models import Concept
from comparisons.forms import CompareForm
from tests.factories import make_concept


def test_compare_form_groups_concepts_by_family(db):
    make_concept(name="Zeta", slug="zeta", family="Architectures")
    make_concept(name="Alpha", slug="alpha", family="Architectures")
    make_concept(name="Loner", slug="loner")

    form = CompareForm(concepts=list(Concept.objects.all()))

    assert form.fields["a"].choices == [
        ("", "Choose a concept…"),
        ("Architectures", [("alpha", "Alpha"), ("zeta", "Zeta")]),
        ("Other concepts", [("loner", "Loner")]),
    ]
    assert form.fields["c"].choices[0] == ("", "None: compare two")


def test_compare_form_options_carry_aliases_for_filtering(db):
    make_concept(name="Large language model", slug="llm-x", aliases="LLM, chat models")

    html = str(CompareForm(concepts=list(Concept.objects.all()))["a"])

    assert 'data-terms="Large language model LLM, chat models"' in html
    assert "data-filterable" in html


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
