from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.editorial.models import Status
from comparisons.models import Comparison, pair_path
from tests.factories import make_comparison, make_concept, make_dimension

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


def test_comparison_save_without_full_clean_renders_markdown_fields(db):
    comparison = make_comparison(introduction="Old.", similarities="", verdict="Old.")
    comparison.introduction = "*Why*"
    comparison.similarities = "- Both"
    comparison.verdict = "**Short**"

    comparison.save()

    stored = Comparison.objects.get(pk=comparison.pk)
    assert stored.introduction_html == "<p><em>Why</em></p>\n"
    assert stored.similarities_html == "<ul>\n<li>Both</li>\n</ul>\n"
    assert stored.verdict_html == "<p><strong>Short</strong></p>\n"


def test_comparison_save_with_update_fields_stores_markdown_html(db):
    comparison = make_comparison(introduction="Old.", similarities="", verdict="Old.")
    comparison.introduction = "*Why*"
    comparison.similarities = "- Both"
    comparison.verdict = "**Short**"

    comparison.save(update_fields=["introduction", "similarities", "verdict"])

    stored = Comparison.objects.get(pk=comparison.pk)
    assert stored.verdict == "**Short**"
    assert stored.introduction_html == "<p><em>Why</em></p>\n"
    assert stored.similarities_html == "<ul>\n<li>Both</li>\n</ul>\n"
    assert stored.verdict_html == "<p><strong>Short</strong></p>\n"


def test_comparison_concepts_and_dimensions_in_position_order(db):
    b, a = make_concept(), make_concept()
    d2, d1 = make_dimension(), make_dimension()

    comparison = make_comparison(concepts=[b, a], dimensions=[d2, d1])

    assert [cc.concept for cc in comparison.comparison_concepts.all()] == [b, a]
    assert [cd.dimension for cd in comparison.comparison_dimensions.all()] == [d2, d1]


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
