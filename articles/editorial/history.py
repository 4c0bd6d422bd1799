"""Revisions on top of django-simple-history: one per version, field diffs, restore."""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from articles.editorial.models import AuditAction, AuditEntry

# What a restore brings back: the writing, never the publishing state, the address or the
# byline (an Author restoring an old byline would hand the article to someone else).
RESTORED_FIELDS = {
    "article": [
        "title", "teaser", "body", "glossary_links", "topic", "hero_image",
        "hero_alt", "hero_caption", "revised_at", "seo_title", "seo_description",
    ],
    "comparison": ["title", "introduction", "similarities", "verdict"],
}  # fmt: skip
COMPARED_FIELDS = {
    "article": ["title", "slug", "teaser", "body", "status", "published_at", "author", "topic",
                "hero_image", "hero_alt", "hero_caption", "revised_at", "glossary_links",
                "featured", "seo_title", "seo_description"],
    "comparison": ["title", "slug", "introduction", "similarities", "verdict", "status",
                   "published_at", "featured"],
}  # fmt: skip
CONTEXT_LINES = 2


def revisions(obj):
    """Return one history record per saved version of `obj`, newest first."""
    history = obj.history.all()
    latest = history.values("version").annotate(last=Max("history_id")).values("last")
    return history.filter(history_id__in=latest).select_related("history_user")


def revision_at(obj, version):
    return obj.history.filter(version=version).order_by("-history_id").first()


@dataclass
class DiffRow:
    kind: str  # "same", "added", "removed" or "gap"
    old_number: int | None
    new_number: int | None
    text: str

    @property
    def marker(self):
        return {"added": "+", "removed": "−", "same": "", "gap": "⋯"}[self.kind]

    @property
    def label(self):
        return {"added": "Added", "removed": "Removed", "same": "Unchanged", "gap": ""}[self.kind]


def line_diff(old, new):
    """Return rows of a line diff of two texts, unchanged runs shortened to some context."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    rows = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(
        CONTEXT_LINES
    ):
        if rows:
            rows.append(DiffRow("gap", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [
                    DiffRow("same", i + 1, j + 1, a[i])
                    for i, j in zip(range(i1, i2), range(j1, j2))
                ]
                continue
            rows += [DiffRow("removed", i + 1, None, a[i]) for i in range(i1, i2)]
            rows += [DiffRow("added", None, j + 1, b[j]) for j in range(j1, j2)]
    return rows


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    rows: list = field(default_factory=list)

    @property
    def multiline(self):
        return bool(self.rows)


def display(record, name):
    value = getattr(record, name)
    if name in ("author", "topic"):
        value = getattr(record, name, None)
    if hasattr(record, f"get_{name}_display"):
        return getattr(record, f"get_{name}_display")()
    if value is None or value == "":
        return "—"
    return str(value)


def concept_ids(record):
    if not hasattr(record, "concepts"):
        return None
    return sorted(record.concepts.values_list("concept_id", flat=True))


def compare(old, new):
    """Return the fields that differ between two history records of the same object."""
    model_name = old.instance_type._meta.model_name
    changes = []
    for name in COMPARED_FIELDS[model_name]:
        label = old.instance_type._meta.get_field(name).verbose_name.capitalize()
        before, after = display(old, name), display(new, name)
        if before == after:
            continue
        text_field = name in ("body", "introduction", "similarities", "verdict", "teaser")
        changes.append(
            FieldChange(name, label, before, after, line_diff(before, after) if text_field else [])
        )
    before_concepts, after_concepts = concept_ids(old), concept_ids(new)
    if before_concepts != after_concepts:
        from articles.models import Concept

        names = dict(
            Concept.objects.filter(pk__in={*before_concepts, *after_concepts}).values_list(
                "pk", "name"
            )
        )

        def listed(ids):
            return ", ".join(sorted(names.get(pk, f"#{pk} (deleted)") for pk in ids)) or "—"

        changes.append(
            FieldChange("concepts", "Concepts", listed(before_concepts), listed(after_concepts))
        )
    return changes


def restore(*, obj, record, by, can_change):
    """Save `record`'s writing onto `obj` as a new revision; history is never rewritten."""
    if not can_change:
        raise PermissionDenied("You may not change this.")
    model_name = obj._meta.model_name
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        for name in RESTORED_FIELDS[model_name]:
            field_ = obj._meta.get_field(name)
            setattr(obj, field_.attname, getattr(record, field_.attname))
        obj.full_clean()
        when = record.history_date
        obj._change_reason = (
            f"Restored the revision of {when:%Y-%m-%d %H:%M} (version {record.version})"
        )
        obj.save()
        ids = concept_ids(record)
        if ids is not None:
            from articles.models import Concept

            obj.concepts.set(Concept.objects.filter(pk__in=ids))
        AuditEntry.record(
            actor=by,
            action=AuditAction.RESTORED,
            obj=obj,
            version=record.version,
            history_id=record.history_id,
        )
    return obj
