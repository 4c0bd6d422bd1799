"""generate_corpus: synthetic content at scale, through the same tables readers see."""

import pytest
from django.core.management import CommandError, call_command

from articles.core.search import KINDS, SearchResults, parse_query
from articles.knowledge.models import Concept, ConceptRelation, Fact, UseCase
from articles.models import Article
from tests.factories import make_dimension, make_industry

pytestmark = pytest.mark.django_db


def test_generate_corpus_adds_published_searchable_articles():
    call_command("generate_corpus", articles=25, batch=10)

    assert Article.objects.published().count() == 25
    assert all(article.body_html for article in Article.objects.all())
    found = SearchResults(parse_query("synthetic"), tuple(KINDS))
    assert found.counts["article"] == 25


def test_generate_corpus_adds_concepts_with_facts_use_cases_and_relations():
    make_dimension(), make_dimension()
    make_industry(), make_industry(), make_industry()

    call_command("generate_corpus", concepts=30)

    assert Concept.objects.count() == 30
    assert Fact.objects.count() == 60
    assert UseCase.objects.count() == 60
    assert ConceptRelation.objects.count() == 29
    assert all(concept.explanation_html for concept in Concept.objects.all())


def test_generate_corpus_needs_something_to_make():
    with pytest.raises(CommandError):
        call_command("generate_corpus")
