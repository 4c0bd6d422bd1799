"""Freshness that reaches the articles: what each article depends on in the knowledge base,
and the editors' “Needs a look” queue when one of those items changes after publication.

Dependencies are recomputed on every article save (any write path with signals); changes to
facts, use-cases and concepts are watched through their model signals, connected in
`ArticlesConfig.ready()`.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.urls import reverse
from django.utils import timezone

from articles.checks import internal_links
from articles.core import delivery
from articles.editorial.history import FieldChange, line_diff
from articles.knowledge.models import Concept, Fact, UseCase
from articles.models import (
    Article,
    ArticleDependency,
    DependencyKind,
    FactNote,
    NeedsLook,
    Resolution,
)

# Who works the queue: Editors and Admins. Authors cannot edit a live article, so they
# have nothing to do with its entries; Curators change the facts, they do not review articles.
QUEUE_PERMISSION = "articles.publish_article"
# The freshness report names at most this many live articles per stale fact.
DEPENDENTS_SHOWN = 5

# A shortcode alone on its line: {{< compare a b [dimensions=x,y] >}}, {{< fact c d >}},
# {{< usecases c i >}}. Four spaces of indent make a code block, so at most three.
SHORTCODE_RE = re.compile(r"^ {0,3}\{\{<\s*(compare|fact|usecases)\s+([^>]*?)\s*>\}\}\s*$")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Watched:
    kind: str
    # (field, label) pairs readers see; a change to any of them needs a look.
    fields: tuple
    # The fields whose diff is shown line by line.
    long: frozenset


WATCHED = {
    Fact: Watched(DependencyKind.FACT, (("value", "Value"), ("text", "Text")), {"Text"}),
    UseCase: Watched(DependencyKind.USE_CASE, (("title", "Title"), ("text", "Text")), {"Text"}),
    Concept: Watched(
        DependencyKind.CONCEPT, (("name", "Name"), ("definition", "Definition")), {"Definition"}
    ),
}
LONG_FIELDS = {label for watched in WATCHED.values() for label in watched.long}


# What an article depends on ---------------------------------------------------------------


def shortcodes(body):
    """Yield (name, arguments) for each embed shortcode of Markdown `body`, outside code."""
    fence = None
    for line in body.splitlines():
        if match := FENCE_RE.match(line):
            marker = match[1]
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence) and line.strip() == marker:
                fence = None
            continue
        if fence is None and (match := SHORTCODE_RE.match(line)):
            yield match[1], match[2].split()


def embedded_items(body):
    """Return Q objects selecting the facts and the use-cases `body` embeds (None if none)."""
    facts = use_cases = None
    for name, args in shortcodes(body):
        if name == "compare":
            slugs = [arg for arg in args if "=" not in arg]
            options = dict(arg.split("=", 1) for arg in args if "=" in arg)
            cells = Q(concept__slug__in=slugs)
            if options.get("dimensions"):
                cells &= Q(dimension__slug__in=options["dimensions"].split(","))
            facts = cells if facts is None else facts | cells
        elif name == "fact" and len(args) == 2:
            cell = Q(concept__slug=args[0], dimension__slug=args[1])
            facts = cell if facts is None else facts | cell
        elif name == "usecases" and len(args) == 2:
            cell = Q(concept__slug=args[0], industry__slug=args[1])
            use_cases = cell if use_cases is None else use_cases | cell
    return facts, use_cases


def dependencies_of(article):
    """Return the set of (kind, object id) `article` (saved) states or links."""
    _, linked = internal_links(article.body_html)
    found = {
        (DependencyKind.CONCEPT, pk)
        for pk in Concept.objects.filter(Q(slug__in=linked) | Q(articles=article))
        .values_list("pk", flat=True)
        .distinct()
    }
    facts, use_cases = embedded_items(article.body)
    for kind, model, condition in (
        (DependencyKind.FACT, Fact, facts),
        (DependencyKind.USE_CASE, UseCase, use_cases),
    ):
        if condition is not None:
            pks = model.objects.filter(condition).values_list("pk", flat=True)
            found |= {(kind, pk) for pk in pks}
    return found


def article_dependencies_refresh(*, article: Article) -> None:
    """Store what `article` depends on now, changing only the rows that differ."""
    wanted = dependencies_of(article)
    stored = set(article.dependencies.values_list("kind", "object_id"))
    gone = stored - wanted
    if gone:
        condition = Q(pk__in=[])
        for kind, object_id in gone:
            condition |= Q(kind=kind, object_id=object_id)
        article.dependencies.filter(condition).delete()
    if wanted - stored:
        ArticleDependency.objects.bulk_create(
            [
                ArticleDependency(article=article, kind=kind, object_id=object_id)
                for kind, object_id in sorted(wanted - stored)
            ],
            ignore_conflicts=True,
        )


def live_dependents(kind, object_id):
    """Return the live articles that depend on one knowledge-base item (one indexed query)."""
    return Article.objects.published().filter(
        dependencies__kind=kind, dependencies__object_id=object_id
    )


def fact_dependents(fact_ids):
    """The `fact-dependents` extension: {fact id: {"articles": [(title, admin url)],
    "more": n}}, the first live articles depending on each fact and how many more, in two
    queries."""
    if not fact_ids:
        return {}
    rows = ArticleDependency.objects.filter(
        kind=DependencyKind.FACT,
        object_id__in=fact_ids,
        article__in=Article.objects.published(),
    )
    counts = dict(
        rows.values("object_id")
        .annotate(n=Count("article_id"))
        .order_by()
        .values_list("object_id", "n")
    )
    first = (
        rows.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("object_id")],
                order_by=[F("article__published_at").desc(), F("article_id").desc()],
            )
        )
        .filter(rank__lte=DEPENDENTS_SHOWN)
        .order_by("object_id", "rank")
        .values_list("object_id", "article_id", "article__title")
    )
    found = {pk: {"articles": [], "more": n} for pk, n in counts.items()}
    for fact_id, article_id, title in first:
        found[fact_id]["articles"].append(
            (title, reverse("admin:articles_article_change", args=[article_id]))
        )
        found[fact_id]["more"] -= 1
    return found


# Knowledge-base changes -------------------------------------------------------------------


def snapshot(values, watched):
    """{label: text} of the fields readers see, from a dict or a model instance."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return {label: str(get(name) or "") for name, label in watched.fields}


def label_of(obj):
    """Name what changed the way the article page's note words it."""
    try:
        if isinstance(obj, Fact):
            return f"{obj.dimension.name} of {obj.concept.name}"
        if isinstance(obj, UseCase):
            return f"{obj.concept.name} in {obj.industry.name}"
        return f"Definition of {obj.name}"
    except ObjectDoesNotExist:
        return str(obj.pk)


def needs_look_record(*, obj, before: dict, after: dict) -> int:
    """Queue a look for every live article depending on `obj`, which changed from `before`
    to `after`; an open entry for the same item keeps its oldest “before”. Return how many
    entries are open for it now."""
    kind = WATCHED[type(obj)].kind
    article_ids = list(live_dependents(kind, obj.pk).values_list("pk", flat=True))
    if not article_ids:
        return 0
    now = timezone.now()
    label = label_of(obj)[:250]
    with transaction.atomic():
        open_entries = {
            entry.article_id: entry
            for entry in NeedsLook.objects.open()
            .select_for_update()
            .filter(kind=kind, object_id=obj.pk)
        }
        new, changed, undone = [], [], []
        for article_id in article_ids:
            entry = open_entries.get(article_id)
            if entry is None:
                new.append(
                    NeedsLook(
                        article_id=article_id,
                        kind=kind,
                        object_id=obj.pk,
                        label=label,
                        changed_at=now,
                        before=before,
                        after=after,
                    )
                )
                continue
            entry.after, entry.changed_at, entry.label = after, now, label
            # Changed back to what the article was published with: nothing to look at.
            (undone if entry.before == after else changed).append(entry)
        NeedsLook.objects.bulk_create(new, ignore_conflicts=True)
        NeedsLook.objects.bulk_update(changed, ["after", "changed_at", "label"])
        NeedsLook.objects.filter(pk__in=[entry.pk for entry in undone]).delete()
    return len(new) + len(changed)


def needs_look_resolve(*, entry: NeedsLook, by, note: bool) -> NeedsLook:
    """Close `entry`: the article still holds; with `note`, its page says which fact was
    updated and when. The article itself is not saved (no new version, no revision)."""
    if not by.has_perm(QUEUE_PERMISSION):
        raise PermissionDenied("You may not review articles for changed facts.")
    with transaction.atomic():
        entry = NeedsLook.objects.select_for_update().get(pk=entry.pk)
        if entry.resolved_at is not None:
            raise ValidationError("Someone already resolved this entry.")
        entry.resolved_at = timezone.now()
        entry.resolved_by = by
        entry.resolution = Resolution.NOTED if note else Resolution.HOLDS
        entry.save(update_fields=["resolved_at", "resolved_by", "resolution"])
        if note:
            FactNote.objects.update_or_create(
                article_id=entry.article_id,
                kind=entry.kind,
                object_id=entry.object_id,
                defaults={
                    "label": entry.label,
                    "changed_at": entry.changed_at,
                    "noted_at": entry.resolved_at,
                },
            )
            # A note is not an article save: retire its cached page here.
            delivery.changed(f"article-{entry.article_id}", "articles")
    return entry


def changes(entry):
    """The field changes of a queue entry, for `admin/editorial/changes.html`."""
    labels = list(dict.fromkeys([*entry.before, *entry.after]))
    found = []
    for label in labels:
        old, new = entry.before.get(label) or "—", entry.after.get(label) or "—"
        if old != new:
            rows = line_diff(old, new) if label in LONG_FIELDS else []
            found.append(FieldChange(label, label, old, new, rows))
    return found


# Signal receivers ---------------------------------------------------------------------------


def remember_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    names = [name for name, _ in WATCHED[sender].fields]
    instance._freshness_before = sender._base_manager.filter(pk=instance.pk).values(*names).first()


def after_change(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop("_freshness_before", None)
    if raw or created or before is None:
        return
    watched = WATCHED[sender]
    old, new = snapshot(before, watched), snapshot(instance, watched)
    if old != new:
        needs_look_record(obj=instance, before=old, after=new)


def after_delete(sender, instance, **kwargs):
    watched = WATCHED[sender]
    needs_look_record(obj=instance, before=snapshot(instance, watched), after={})
    ArticleDependency.objects.filter(kind=watched.kind, object_id=instance.pk).delete()


def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    article_dependencies_refresh(article=instance)


def article_concepts_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            article_dependencies_refresh(article=instance)
        return
    # From the concept's side: `pk_set` holds articles, or nothing on a clear.
    if action == "pre_clear":
        instance._freshness_cleared = list(instance.articles.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_freshness_cleared", [])
    if action in ("post_add", "post_remove", "post_clear"):
        for article in Article.objects.filter(pk__in=pk_set):
            article_dependencies_refresh(article=article)


def connect():
    """Watch every write path with signals: the admin, the fact grid service, the shell."""
    for model in WATCHED:
        uid = f"freshness-{model._meta.label}"
        pre_save.connect(remember_before, sender=model, dispatch_uid=uid)
        post_save.connect(after_change, sender=model, dispatch_uid=uid)
        post_delete.connect(after_delete, sender=model, dispatch_uid=uid)
    post_save.connect(article_saved, sender=Article, dispatch_uid="freshness-article")
    m2m_changed.connect(
        article_concepts_changed, sender=Article.concepts.through, dispatch_uid="freshness-article"
    )
