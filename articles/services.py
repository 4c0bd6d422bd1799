"""Writes that touch more than one row or store: renditions, states, addresses, sharing."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.core import delivery
from articles.core.images import WIDTHS, make_renditions, rendition_names
from articles.core.markdown import shows_library_image
from articles.editorial.models import AuditAction, AuditEntry
from articles.editorial.services import transition
from articles.media.models import Image
from articles.models import DERIVED_BODY_FIELDS, Article, OldSlug, PreviewLink

HERO_WIDTHS = WIDTHS


def article_hero_renditions(*, article: Article, force: bool = False) -> dict:
    """Store resized JPEG and WebP copies of the hero and record them on the article.

    Widths come from HERO_WIDTHS, never wider than the upload. Does nothing when the stored
    renditions already belong to the current image, unless `force`. Raises OSError (or a
    Pillow error) when the upload cannot be read as an image.
    """
    old = article.hero_renditions or {}
    if not article.hero_image:
        if not old:
            return old
        data = {}
    elif not force and old.get("source") == article.hero_image.name:
        return old
    elif article.hero_source_id and article.hero_source.renditions:
        data = dict(article.hero_source.renditions)  # made once, in the library
    else:
        data = _render(article)
    storage = article.hero_image.storage
    keep = set(rendition_names(data))
    # A library image's renditions are the library's: only an article's own go with it.
    if not Image.objects.filter(file=old.get("source", "")).exists():
        for name in rendition_names(old):
            if name not in keep:
                storage.delete(name)
    # update() records no history entry and leaves `updated_at` alone: nothing an editor wrote
    # has changed.
    Article.objects.filter(pk=article.pk).update(hero_renditions=data)
    article.hero_renditions = data
    # update() sends no signal: say which pages show the image.
    delivery.changed(f"article-{article.pk}", "articles")
    return data


def article_hero_to_library(*, article: Article, by=None):
    """Make `article`'s own hero image a library image (once), so that it can be found and
    used again; its renditions go with it. Returns the library image, or None."""
    if not article.hero_image or article.hero_source_id:
        return article.hero_source
    data = article.hero_renditions or {}
    with transaction.atomic():
        image = Image.objects.create(
            file=article.hero_image.name,
            title=article.title[:200],
            alt=(article.hero_alt or article.title)[:250],
            caption=article.hero_caption,
            renditions=data,
            width=data.get("width", 0),
            height=data.get("height", 0),
            uploaded_by=by if by is not None and by.is_authenticated else None,
        )
        Article.objects.filter(pk=article.pk).update(hero_source=image)
    article.hero_source = image
    return image


def _render(article):
    return make_renditions(
        article.hero_image, folder=f"heroes/renditions/{article.pk}", widths=HERO_WIDTHS
    )


def article_transition(*, article: Article, to: str, by, publish_at=None) -> Article:
    """Move `article` to publishing state `to` for user `by` (see articles.editorial.workflow)."""
    return transition(obj=article, to=to, by=by, publish_at=publish_at)


def article_slug_change(*, article: Article, old_slug: str, by, was_published: bool) -> None:
    """Record that `article`'s address changed from `old_slug`, in the audit log; if readers
    could open the old address, keep it working as a permanent redirect."""
    if not old_slug or old_slug == article.slug:
        return
    with transaction.atomic():
        OldSlug.objects.filter(slug=article.slug).delete()
        if was_published:
            OldSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})
        AuditEntry.record(
            actor=by,
            action=AuditAction.RENAMED,
            obj=article,
            **{"from": old_slug, "to": article.slug, "redirects": was_published},
        )


def preview_link_create(*, article: Article, by, days: int) -> PreviewLink:
    """Create a secret preview link to `article`, valid for `days` days, and audit it."""
    with transaction.atomic():
        link = PreviewLink.objects.create(
            article=article, created_by=by, expires_at=timezone.now() + timedelta(days=days)
        )
        AuditEntry.record(actor=by, action=AuditAction.SHARED, obj=article, link=link.pk, days=days)
    return link


def preview_link_revoke(*, link: PreviewLink, by) -> PreviewLink:
    """Make `link` stop opening (once; revoking it again changes nothing) and audit it."""
    with transaction.atomic():
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.save(update_fields=["revoked_at"])
            AuditEntry.record(actor=by, action=AuditAction.REVOKED, obj=link.article, link=link.pk)
    return link


def articles_using_image(image_id) -> list:
    """(title, admin URL) of every article showing library image `image_id`, in its body or
    as its hero."""
    found = Article.objects.filter(
        shows_library_image("body", image_id) | Q(hero_source_id=image_id)
    ).only("title")
    return [
        (article.title, reverse("admin:articles_article_change", args=[article.pk]))
        for article in found.order_by("title")
    ]


def image_changed(image_id) -> None:
    """Render again the stored bodies that show library image `image_id` (its words or files
    changed); no revision: nothing an editor wrote has changed."""
    for article in Article.objects.filter(shows_library_image("body", image_id)):
        article.render_body()
        Article.objects.filter(pk=article.pk).update(
            **{name: getattr(article, name) for name in DERIVED_BODY_FIELDS}
        )
        delivery.changed(f"article-{article.pk}", "articles")
    for article in Article.objects.filter(hero_source_id=image_id).select_related("hero_source"):
        source = article.hero_source
        Article.objects.filter(pk=article.pk).update(
            hero_image=source.file.name, hero_renditions=dict(source.renditions or {})
        )
        delivery.changed(f"article-{article.pk}", "articles")
