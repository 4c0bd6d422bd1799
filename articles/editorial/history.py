"""Revisions on top of django-simple-history: one per version, field diffs, restore."""

import difflib
from dataclasses import dataclass, field

from django.db.models import Max

from articles.editorial.spec import spec_for

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
    # A related row deleted since raises an AttributeError subclass: shown as a blank.
    value = getattr(record, name, None)
    if hasattr(record, f"get_{name}_display"):
        return getattr(record, f"get_{name}_display")()
    if value is None or value == "":
        return "—"
    return str(value)


def m2m_ids(record, name):
    """Return the sorted ids a history record holds for many-to-many field `name`."""
    related = record.instance_type._meta.get_field(name).related_model
    return sorted(getattr(record, name).values_list(f"{related._meta.model_name}_id", flat=True))


def compare(old, new):
    """Return the fields that differ between two history records of the same object."""
    model = old.instance_type
    spec = spec_for(model)
    changes = []
    for name in spec.compared_fields:
        label = model._meta.get_field(name).verbose_name.capitalize()
        before, after = display(old, name), display(new, name)
        if before == after:
            continue
        text_field = name in spec.text_fields
        changes.append(
            FieldChange(name, label, before, after, line_diff(before, after) if text_field else [])
        )
    for name in spec.m2m_fields:
        before_ids, after_ids = m2m_ids(old, name), m2m_ids(new, name)
        if before_ids == after_ids:
            continue
        field_ = model._meta.get_field(name)
        names = {
            pk: str(obj)
            for pk, obj in field_.related_model.objects.in_bulk({*before_ids, *after_ids}).items()
        }

        def listed(ids):
            return ", ".join(sorted(names.get(pk, f"#{pk} (deleted)") for pk in ids)) or "—"

        changes.append(
            FieldChange(
                name, field_.verbose_name.capitalize(), listed(before_ids), listed(after_ids)
            )
        )
    return changes
