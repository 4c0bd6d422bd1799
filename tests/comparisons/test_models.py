from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.editorial.models import Status
from articles.knowledge.models import Fact, validate_sources
from articles.knowledge.tables import FactTable, normalise_text
from comparisons.models import Comparison, pair_path
from tests.factories import make_comparison, make_concept, make_dimension, make_fact

PAST = timedelta(days=-1)
FUTURE = timedelta(days=1)

# (status, published_at offset from now or None, expected to be visible to readers)
PUBLISH_MATRIX = [
    (Status.DRAFT, PAST, False),
    (Status.DRAFT, FUTURE, False),
    (Status.DRAFT, None, False),
    (Status.REVIEW, PAST, False),
    (Status.REVIEW, FUTURE, False),
    (Status.REVIEW, None, False),
    (Status.PUBLISHED, PAST, True),
    (Status.PUBLISHED, FUTURE, False),
    (Status.UNPUBLISHED, PAST, False),
    (Status.UNPUBLISHED, FUTURE, False),
    (Status.UNPUBLISHED, None, False),
]


@pytest.mark.parametrize(("status", "offset", "expected"), PUBLISH_MATRIX)
def test_comparison_published_matrix(db, status, offset, expected):
    published_at = None if offset is None else timezone.now() + offset
    comparison = make_comparison(status=status, published_at=published_at)

    in_queryset = Comparison.objects.published().filter(pk=comparison.pk).exists()

    assert in_queryset == comparison.is_published() == expected


def test_comparison_scheduled_becomes_visible_when_time_passes(db):
    comparison = make_comparison(published_at=timezone.now() + timedelta(hours=2))
    assert not Comparison.objects.published().filter(pk=comparison.pk).exists()

    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert Comparison.objects.published().filter(pk=comparison.pk).exists()
        assert comparison.is_published()


def test_comparison_published_without_time_rejected_by_database(db):
    comparison = make_comparison()

    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.filter(pk=comparison.pk).update(published_at=None)


def test_comparison_full_clean_fills_publish_times(db):
    comparison = Comparison(
        title="T", slug="t", introduction="I.", verdict="V.", status=Status.PUBLISHED
    )

    comparison.full_clean()

    assert comparison.published_at is not None
    assert comparison.first_published_at == comparison.published_at


def test_comparison_clean_renders_markdown_fields(db):
    comparison = make_comparison(introduction="*Why*", similarities="", verdict="**Short**")

    assert comparison.introduction_html == "<p><em>Why</em></p>\n"
    assert comparison.similarities_html == ""
    assert comparison.verdict_html == "<p><strong>Short</strong></p>\n"


def test_comparison_concepts_and_dimensions_in_position_order(db):
    b, a = make_concept(), make_concept()
    d2, d1 = make_dimension(), make_dimension()

    comparison = make_comparison(concepts=[b, a], dimensions=[d2, d1])

    assert [cc.concept for cc in comparison.comparison_concepts.all()] == [b, a]
    assert [cd.dimension for cd in comparison.comparison_dimensions.all()] == [d2, d1]


def test_fact_unique_per_concept_and_dimension(db):
    fact = make_fact()

    with pytest.raises(IntegrityError), transaction.atomic():
        Fact.objects.create(concept=fact.concept, dimension=fact.dimension, text="Again.")


def test_fact_bad_sources_fail_full_clean(db):
    fact = make_fact()
    fact.sources = [{"title": "Paper", "url": "javascript:alert(1)"}]

    with pytest.raises(ValidationError) as excinfo:
        fact.full_clean()

    assert "sources" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "sources",
    [
        [],
        [{"title": "Paper", "url": "https://example.org/paper"}],
        [
            {"title": "Paper", "url": "https://example.org/paper"},
            {"title": "Docs", "url": "http://docs.example.org/"},
        ],
    ],
)
def test_validate_sources_accepts_good_list(sources):
    validate_sources(sources)


@pytest.mark.parametrize(
    "sources",
    [
        {"title": "Paper", "url": "https://example.org/"},
        "https://example.org/",
        None,
        ["https://example.org/"],
        [{"title": "Paper"}],
        [{"url": "https://example.org/"}],
        [{"title": "Paper", "url": "https://example.org/", "extra": 1}],
        [{"title": "  ", "url": "https://example.org/"}],
        [{"title": "Paper", "url": "javascript:alert(1)"}],
        [{"title": "Paper", "url": "JavaScript:alert(1)"}],
        [{"title": "Paper", "url": "ftp://example.org/file"}],
        [{"title": "Paper", "url": "data:text/html,x"}],
        [{"title": "Paper", "url": "not a url"}],
        [{"title": "Paper", "url": None}],
    ],
)
def test_validate_sources_rejects_bad_value(sources):
    with pytest.raises(ValidationError):
        validate_sources(sources)


def test_validate_sources_names_the_bad_source():
    sources = [{"title": "Good", "url": "https://example.org/"}, {"title": "", "url": "x"}]

    with pytest.raises(ValidationError, match="Source 2"):
        validate_sources(sources)


@pytest.mark.parametrize(
    ("slugs", "expected"),
    [
        (["llm", "generative-ai"], "generative-ai-vs-llm"),
        (["generative-ai", "llm"], "generative-ai-vs-llm"),
        (["c", "a", "b"], "a-vs-b-vs-c"),
        (iter(["z", "y"]), "y-vs-z"),
    ],
)
def test_pair_path_sorts_slugs(slugs, expected):
    assert pair_path(slugs) == expected


def test_comparison_absolute_url_sorts_slugs(db):
    llm = make_concept(name="LLM", slug="llm")
    genai = make_concept(name="Generative AI", slug="generative-ai")

    comparison = make_comparison(concepts=[llm, genai])

    assert comparison.get_absolute_url() == "/compare/generative-ai-vs-llm/"


def test_comparison_covering_matches_exactly_the_set(db):
    a, b, c = make_concept(), make_concept(), make_concept()
    pair = make_comparison(concepts=[a, b])
    make_comparison(concepts=[a, b, c])
    make_comparison(concepts=[a, c])

    assert list(Comparison.objects.covering([b, a])) == [pair]
    assert Comparison.objects.covering([a]).count() == 0


def test_comparison_involving_lists_each_once(db):
    a, b, c = make_concept(), make_concept(), make_concept()
    first = make_comparison(concepts=[a, b])
    second = make_comparison(concepts=[b, c])

    assert set(Comparison.objects.involving([a, b])) == {first, second}
    assert Comparison.objects.involving([a, b]).count() == 2


def test_table_rows_differ_unless_texts_match_ignoring_case_and_spaces(db):
    a, b = make_concept(), make_concept()
    same, different, missing = make_dimension(), make_dimension(), make_dimension()
    make_fact(concept=a, dimension=same, text="  Two  networks,\nTrained together. ")
    make_fact(concept=b, dimension=same, text="two networks, trained together.")
    make_fact(concept=a, dimension=different, text="One.")
    make_fact(concept=b, dimension=different, text="Two.")
    make_fact(concept=a, dimension=missing, text="Only one side.")

    table = FactTable([a, b])

    assert [(row.dimension, row.differs) for row in table.rows] == [
        (same, False),
        (different, True),
        (missing, True),
    ]
    assert table.total == 3
    assert table.differing == 2
    assert table.missing == [(missing, b)]


def test_table_differences_only_keeps_all_rows_for_counts(db):
    a, b = make_concept(), make_concept()
    same = make_dimension()
    make_fact(concept=a, dimension=same, text="Same.")
    make_fact(concept=b, dimension=same, text="Same.")
    make_fact(concept=a, text="Different.")

    table = FactTable([a, b], differences_only=True)

    assert len(table.rows) == 1
    assert table.total == 2


def test_table_with_chosen_dimensions_keeps_their_order(db):
    a, b = make_concept(), make_concept()
    first, second = make_dimension(position=9), make_dimension(position=1)
    make_fact(concept=a, dimension=second)

    table = FactTable([a, b], [first, second])

    assert [row.dimension for row in table.rows] == [first, second]
    assert table.rows[0].cells[0].fact is None


def test_table_numbers_sources_by_first_appearance(db):
    a, b = make_concept(), make_concept()
    dimension = make_dimension()
    x = {"title": "X", "url": "https://example.org/x"}
    y = {"title": "Y", "url": "https://example.org/y"}
    make_fact(concept=a, dimension=dimension, sources=[y])
    make_fact(concept=b, dimension=dimension, sources=[x, y])

    table = FactTable([a, b], [dimension])

    assert table.sources == [{"number": 1, **y}, {"number": 2, **x}]
    assert table.rows[0].cells[1].notes == [(2, x), (1, y)]


def test_table_of_no_concepts_is_empty(db):
    table = FactTable([])

    assert table.rows == [] and table.sources == []


def test_normalise_text_ignores_case_and_whitespace():
    assert normalise_text("  A\tB\n c ") == normalise_text("a b C")
