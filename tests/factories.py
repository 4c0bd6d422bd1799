"""Small factory functions: sensible defaults, every field overridable by keyword."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.models import Article, Author, Concept, Industry, Status, Topic, UseCase
from comparisons.models import (
    Comparison,
    ComparisonConcept,
    ComparisonDimension,
    Dimension,
    Fact,
)

_counter = itertools.count(1)


def _next():
    return next(_counter)


def _save(obj):
    """Validate like a form would (this also renders Markdown), then save."""
    obj.full_clean()
    obj.save()
    return obj


def make_user(role=None, **overrides):
    """Return a user: role None (reader), "staff", "editor" (staff with app perms) or "superuser"."""
    n = _next()
    fields = {"username": f"user{n}", "email": f"user{n}@example.org", "password": "pw-123456"}
    fields |= {"is_staff": role in ("staff", "editor", "superuser")}
    fields |= {"is_superuser": role == "superuser"} | overrides
    user = get_user_model().objects.create_user(**fields)
    if role == "editor":
        perms = Permission.objects.filter(content_type__app_label__in=["articles", "comparisons"])
        user.user_permissions.set(perms)
    return user


def make_author(**overrides):
    n = _next()
    return _save(Author(**{"name": f"Author {n}", "slug": f"author-{n}"} | overrides))


def make_topic(**overrides):
    n = _next()
    return _save(Topic(**{"name": f"Topic {n}", "slug": f"topic-{n}"} | overrides))


def make_industry(**overrides):
    n = _next()
    return _save(Industry(**{"name": f"Industry {n}", "slug": f"industry-{n}"} | overrides))


def make_concept(**overrides):
    n = _next()
    fields = {"name": f"Concept {n}", "slug": f"concept-{n}", "definition": f"Definition {n}."}
    return _save(Concept(**fields | overrides))


def make_article(concepts=(), **overrides):
    n = _next()
    fields = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "teaser": f"Teaser {n}.",
        "body": f"## Section {n}\n\nSome words for article {n}.",
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    } | overrides
    fields.setdefault("author", make_author())
    fields.setdefault("topic", make_topic())
    article = _save(Article(**fields))
    article.concepts.set(concepts)
    return article


def make_use_case(**overrides):
    n = _next()
    fields = {"title": f"Use-case {n}", "text": f"What is done {n}."} | overrides
    fields.setdefault("concept", make_concept())
    fields.setdefault("industry", make_industry())
    return _save(UseCase(**fields))


def make_dimension(**overrides):
    n = _next()
    fields = {"name": f"Dimension {n}", "slug": f"dimension-{n}", "position": n}
    return _save(Dimension(**fields | overrides))


def make_fact(**overrides):
    n = _next()
    fields = {
        "text": f"Fact {n}.",
        "sources": [{"title": f"Source {n}", "url": f"https://example.org/{n}"}],
    } | overrides
    fields.setdefault("concept", make_concept())
    fields.setdefault("dimension", make_dimension())
    return _save(Fact(**fields))


def make_comparison(concepts=None, dimensions=(), **overrides):
    """Return a comparison of `concepts` (two new ones by default) along `dimensions`."""
    n = _next()
    fields = {
        "title": f"Comparison {n}",
        "slug": f"comparison-{n}",
        "introduction": f"Why readers mix these up ({n}).",
        "verdict": f"The short answer ({n}).",
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    } | overrides
    if concepts is None:
        concepts = [make_concept(), make_concept()]
    comparison = _save(Comparison(**fields))
    for position, concept in enumerate(concepts):
        ComparisonConcept.objects.create(
            comparison=comparison, concept=concept, position=position
        )
    for position, dimension in enumerate(dimensions):
        ComparisonDimension.objects.create(
            comparison=comparison, dimension=dimension, position=position
        )
    return comparison
