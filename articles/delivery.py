"""Which reader pages an articles change touches, and when the clock alone changes them."""

from django.utils import timezone

from articles.core import delivery
from articles.editorial.models import Status
from articles.models import Article, Author, LegacyPath, OldSlug, Promo, RelatedLink, Topic


def article_keys(instance):
    keys = ["articles"]
    if isinstance(instance, Article):
        keys.append(f"article-{instance.pk}")
    return keys


def watch():
    delivery.watch(Article, article_keys)
    delivery.watch(Article.concepts.through, article_keys)
    delivery.watch(Article.industries.through, lambda obj: [*article_keys(obj), "industries"])
    delivery.watch(Author, lambda author: [f"author-{author.pk}", "articles"])
    delivery.watch(Topic, lambda topic: [f"topic-{topic.pk}", "topics", "articles"])
    delivery.watch(Promo, lambda promo: ["promos"])
    delivery.watch(RelatedLink, lambda link: [f"article-{link.article_id}"])
    delivery.watch(OldSlug, lambda old: ["articles"])
    delivery.watch(LegacyPath, lambda old: ["articles"])


def next_live():
    """Scheduled articles, soonest first: each goes live at its publish time."""
    return Article.objects.scheduled().order_by("published_at").values_list("published_at")


def next_revised():
    """Live articles whose “Updated” date is still to come: it shows from that time."""
    return (
        Article.objects.filter(status=Status.PUBLISHED, revised_at__gt=timezone.now())
        .order_by("revised_at")
        .values_list("revised_at")
    )


def next_promo_start():
    return (
        Promo.objects.filter(is_active=True, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .values_list("starts_at")
    )


def next_promo_end():
    return (
        Promo.objects.filter(is_active=True, ends_at__gt=timezone.now())
        .order_by("ends_at")
        .values_list("ends_at")
    )


NEXT_CHANGES = (next_live, next_revised, next_promo_start, next_promo_end)
