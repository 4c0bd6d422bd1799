"""Small factory functions: sensible defaults, every field overridable by keyword."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as Picture

from articles.editorial.models import Status
from articles.knowledge.models import Concept, Dimension, Fact, Industry, UseCase
from articles.media.models import Image
from articles.media.services import image_save
from articles.models import Article, Author, Topic
from comparisons.models import Comparison, ComparisonConcept, ComparisonDimension

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
        perms = Permission.objects.filter(
            content_type__app_label__in=["articles", "comparisons", "knowledge"]
        )
        user.user_permissions.set(perms)
    return user


def make_draft(**overrides):
    """Return an article in draft, never published."""
    return make_article(status=Status.DRAFT, published_at=None, **overrides)


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
    if "author" not in fields:
        fields["author"] = make_author()
    if "topic" not in fields:
        fields["topic"] = make_topic()
    article = _save(Article(**fields))
    article.concepts.set(concepts)
    return article


def make_use_case(**overrides):
    n = _next()
    fields = {"title": f"Use-case {n}", "text": f"What is done {n}."} | overrides
    if "concept" not in fields:
        fields["concept"] = make_concept()
    if "industry" not in fields:
        fields["industry"] = make_industry()
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
    if "concept" not in fields:
        fields["concept"] = make_concept()
    if "dimension" not in fields:
        fields["dimension"] = make_dimension()
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


def make_relation(source, kind, target):
    """Return a concept relation: `source` <kind> `target` (kind a RelationKind value)."""
    from articles.knowledge.models import ConceptRelation

    return _save(ConceptRelation(source=source, kind=kind, target=target))


def make_curator(**overrides):
    """Return a staff user with every permission on concepts, use-cases and comparisons."""
    user = make_user(role="staff", **overrides)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["comparisons", "knowledge"])
    )
    return user


def make_promo(**overrides):
    """Return a live promo shown at the end of every article (override placement, topic…)."""
    from articles.models import Promo

    n = _next()
    fields = {
        "name": f"Promo {n}",
        "advertiser": f"Advertiser {n}",
        "headline": f"Promo headline {n}",
        "text": f"Promo text {n}.",
        "url": f"https://example.org/promo/{n}",
        "starts_at": timezone.now() - timedelta(days=1),
    } | overrides
    return _save(Promo(**fields))


def make_related_link(article, related, kind="pin", position=0):
    """Return an editor's pin (or, with kind="exclude", exclusion) of `related` on `article`."""
    from articles.models import RelatedLink

    return _save(RelatedLink(article=article, related=related, kind=kind, position=position))


# Models that changed app after the roles migration (articles 0006, knowledge 0001).
MOVED_MODELS = {
    "articles.concept": "knowledge.concept",
    "articles.conceptrelation": "knowledge.conceptrelation",
    "articles.industry": "knowledge.industry",
    "articles.usecase": "knowledge.usecase",
    "comparisons.dimension": "knowledge.dimension",
    "comparisons.fact": "knowledge.fact",
    "editorial.previewlink": "articles.previewlink",
}


def create_permissions_for_all(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


def make_member(group, **overrides):
    """Return a staff user in one of the role groups ("Author", "Editor", "Curator", "Admin").

    An Author also gets an author profile linked to the account (`user.author`).
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name=group).exists():
        # Transactional tests flush the tables the data migration filled: make the groups again
        # from its ROLES, with the models that moved app since under their new labels.
        roles = importlib.import_module("articles.editorial.migrations.0002_roles")
        create_permissions_for_all(apps)
        for name, grants in roles.ROLES.items():
            perms = [
                Permission.objects.get(
                    content_type__app_label=MOVED_MODELS.get(label, label).split(".")[0],
                    codename=f"{action}_{label.split('.')[1]}",
                )
                for label, actions in grants.items()
                for action in actions
            ]
            Group.objects.get_or_create(name=name)[0].permissions.set(perms)
        Group.objects.get_or_create(name="Admin")[0].permissions.set(Permission.objects.all())
        library = importlib.import_module("articles.media.migrations.0002_roles")
        for name, actions in library.GRANTS.items():
            Group.objects.get(name=name).permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="media",
                    codename__in=[f"{action}_image" for action in actions],
                )
            )
    user = make_user(role="staff", **overrides)
    user.groups.add(Group.objects.get(name=group))
    if group == "Author":
        make_author(user=user, name=f"Author {user.username}")
    return user


def make_preview_link(article, **overrides):
    """Return an active secret preview link of `article` (override expires_at, revoked_at…)."""
    from articles.models import PreviewLink

    return PreviewLink.objects.create(article=article, **overrides)


def make_image(**overrides):
    """Return a library image, saved with its renditions (a small generated JPEG)."""
    n = _next()
    buffer = io.BytesIO()
    Picture.new("RGB", (800, 400), (n % 255, 100, 150)).save(buffer, "JPEG")
    fields = {
        "file": SimpleUploadedFile(f"library-{n}.jpg", buffer.getvalue()),
        "title": f"Image {n}",
        "alt": f"Alternative text {n}",
    } | overrides
    return image_save(image=Image(**fields))
