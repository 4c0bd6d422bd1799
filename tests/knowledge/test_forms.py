import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.knowledge.forms import FactForm, FactGridForm, SourcesField, row_digest
from articles.knowledge.models import Fact
from tests.factories import make_concept, make_dimension, make_fact


def test_sources_field_parses_lines():
    field = SourcesField(required=False)

    value = field.clean("Paper | https://example.org/p\nDocs|http://docs.example.org/")

    assert value == [
        {"title": "Paper", "url": "https://example.org/p"},
        {"title": "Docs", "url": "http://docs.example.org/"},
    ]


def test_sources_field_ignores_blank_lines():
    field = SourcesField(required=False)

    value = field.clean("\n  \nPaper | https://example.org/p\n\n   \n")

    assert value == [{"title": "Paper", "url": "https://example.org/p"}]


def test_sources_field_empty_gives_empty_list():
    assert SourcesField(required=False).clean("") == []


def test_sources_field_title_may_contain_bar():
    value = SourcesField(required=False).clean("A | B | https://example.org/")

    assert value == [{"title": "A | B", "url": "https://example.org/"}]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Paper https://example.org/p", 1),
        ("Paper | https://example.org/p\nNo bar here", 2),
        ("Paper | https://example.org/p\n\n | https://example.org/q", 3),
    ],
)
def test_sources_field_line_without_title_or_bar_names_line(text, line):
    with pytest.raises(ValidationError, match=f"Line {line}:"):
        SourcesField(required=False).clean(text)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/f", "not a url", "", "data:text/html,x"]
)
def test_sources_field_bad_url_names_line(url):
    text = f"Good | https://example.org/\nBad | {url}"

    with pytest.raises(ValidationError, match="Line 2:"):
        SourcesField(required=False).clean(text)


def test_sources_field_prepare_value_round_trips():
    field = SourcesField(required=False)
    sources = [
        {"title": "Paper", "url": "https://example.org/p"},
        {"title": "Docs", "url": "http://docs.example.org/"},
    ]

    text = field.prepare_value(sources)

    assert text == "Paper | https://example.org/p\nDocs | http://docs.example.org/"
    assert field.clean(text) == sources


def test_sources_field_prepare_value_passes_text_through():
    assert SourcesField().prepare_value("Paper | https://x") == "Paper | https://x"


def _form_data(**overrides):
    return {
        "concept": make_concept().pk,
        "dimension": make_dimension().pk,
        "text": "It generates text.",
        "sources": "Paper | https://example.org/p",
        "verified_on": "2024-05-01",
    } | overrides


def test_fact_form_saves_sources_as_list(db):
    form = FactForm(data=_form_data())

    assert form.is_valid(), form.errors
    fact = form.save()

    fact.refresh_from_db()
    assert fact.sources == [{"title": "Paper", "url": "https://example.org/p"}]
    assert fact.verified_on == datetime.date(2024, 5, 1)


def test_fact_form_blank_sources_saves_empty_list(db):
    form = FactForm(data=_form_data(sources=""))

    assert form.is_valid(), form.errors
    assert form.save().sources == []


def test_fact_form_bad_url_is_a_sources_error(db):
    form = FactForm(data=_form_data(sources="Paper | https://example.org/p\nBad | ftp://x"))

    assert not form.is_valid()
    assert list(form.errors) == ["sources"]
    assert "Line 2" in form.errors["sources"][0]
    assert Fact.objects.count() == 0


def test_fact_form_renders_existing_sources_as_lines(db):
    fact = make_fact(sources=[{"title": "Paper", "url": "https://example.org/p"}])

    form = FactForm(instance=fact)

    assert form["sources"].value() == "Paper | https://example.org/p"
    assert "Paper | https://example.org/p</textarea>" in str(form["sources"])


def test_fact_form_unchanged_sources_not_changed(db):
    fact = make_fact(sources=[{"title": "Paper", "url": "https://example.org/p"}])
    data = _form_data(
        concept=fact.concept.pk,
        dimension=fact.dimension.pk,
        text=fact.text,
        verified_on=fact.verified_on.isoformat(),
    )

    form = FactForm(data=data, instance=fact)

    assert "sources" not in form.changed_data


def test_row_digest_ignores_line_endings_and_edges():
    assert row_digest(" a\r\nb ", [], None) == row_digest("a\nb", [], None)
    assert row_digest("a", [], None) != row_digest("b", [], None)


def _grid_form(fact, **data):
    dimension = fact.dimension if fact else make_dimension()
    form = FactGridForm(dimension=dimension, fact=fact)
    initial = {f"{form.prefix}-{name}": form[name].value() for name in form.fields}
    initial[f"{form.prefix}-sources"] = SourcesField().prepare_value(form["sources"].value())
    initial[f"{form.prefix}-verified_on"] = form["verified_on"].value().isoformat()
    bound = FactGridForm(
        initial | {f"{form.prefix}-{k}": v for k, v in data.items()},
        dimension=dimension,
        fact=fact,
    )
    assert bound.is_valid(), bound.errors
    return bound


@pytest.mark.parametrize(
    ("exists", "data", "action"),
    [
        (False, {}, None),
        (False, {"text": "New."}, "create"),
        (True, {}, None),
        (True, {"text": "Changed."}, "update"),
        (True, {"verified_on": "2020-01-01"}, "update"),
        (True, {"text": ""}, "delete"),
    ],
)
def test_fact_grid_form_action(db, exists, data, action):
    fact = make_fact(text="Existing.") if exists else None

    assert _grid_form(fact, **data).action == action
