"""Writes to the knowledge base that touch several rows: the fact grid, verification marks,
readers' suggestions."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from articles.core import delivery
from articles.core.markdown import render_markdown, shows_library_image
from articles.knowledge.models import (
    Concept,
    Dimension,
    Fact,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
    UseCase,
)

GRID_PERMISSIONS = {
    "create": ("knowledge.add_fact", "add"),
    "update": ("knowledge.change_fact", "change"),
    "delete": ("knowledge.delete_fact", "delete"),
}


def fact_version(fact):
    """Return a token that changes whenever the fact is saved, to detect concurrent edits."""
    return fact.updated_at.isoformat() if fact is not None and fact.updated_at else ""


@dataclass(frozen=True)
class FactEdit:
    """What a curator asked of one row of a concept's fact grid."""

    dimension: Dimension
    action: str  # "create", "update" or "delete"
    text: str = ""
    value: str = ""
    sources: tuple = ()
    verified_on: date | None = None
    # fact_version() of the row when the grid was opened.
    version: str = ""


class FactGridError(Exception):
    """Nothing was saved. `errors` maps a dimension id to [(field or None, message)];
    `versions` gives the current version of rows someone else changed meanwhile."""

    def __init__(self, errors, versions):
        super().__init__("Some rows of the fact grid could not be saved.")
        self.errors = errors
        self.versions = versions


def fact_grid_save(*, concept: Concept, edits: list[FactEdit], by) -> dict[str, int]:
    """Apply every edit to `concept`'s facts in one transaction, or none.

    Return how many facts were created, updated and deleted. Raise FactGridError when `by`
    lacks a permission, a row changed since it was opened, or a fact does not validate.
    """
    errors, versions, pending = {}, {}, []
    with transaction.atomic():
        current = {
            fact.dimension_id: fact
            for fact in Fact.objects.select_for_update().filter(concept=concept)
        }
        for edit in edits:
            perm, verb = GRID_PERMISSIONS[edit.action]
            row = edit.dimension.pk
            fact = current.get(row)
            if not by.has_perm(perm):
                errors[row] = [(None, f"You do not have permission to {verb} facts.")]
                continue
            if fact_version(fact) != edit.version:
                theirs = f"“{fact.text}”" if fact else "nothing (they deleted it)"
                errors[row] = [
                    (
                        None,
                        "Someone else saved this row while you were editing; it now says "
                        f"{theirs}. Your text is kept below: save again to replace theirs.",
                    )
                ]
                versions[row] = fact_version(fact)
                continue
            if edit.action == "delete":
                pending.append((edit.action, fact))
                continue
            fact = fact or Fact(concept=concept, dimension=edit.dimension)
            fact.text = edit.text
            fact.value = edit.value
            fact.sources = list(edit.sources)
            fact.verified_on = edit.verified_on
            try:
                fact.full_clean()
            except ValidationError as error:
                errors[row] = [
                    (name, message)
                    for name, messages in error.message_dict.items()
                    for message in messages
                ]
                continue
            pending.append((edit.action, fact))
        if errors:
            raise FactGridError(errors, versions)
        for action, fact in pending:
            fact._change_reason = "Fact grid"
            if action == "delete":
                fact.delete()
            else:
                fact.save()
    return {action: sum(1 for a, _ in pending if a == action) for action in GRID_PERMISSIONS}


def mark_verified(*, queryset, field: str, by) -> int:
    """Set `field` to today on every row not already verified today, recording history."""
    today = timezone.localdate()
    objects = list(queryset.exclude(**{field: today}))
    fields = [field]
    for obj in objects:
        setattr(obj, field, today)
        if hasattr(obj, "updated_at"):
            obj.updated_at = timezone.now()
    if objects and hasattr(objects[0], "updated_at"):
        fields.append("updated_at")
    bulk_update_with_history(
        objects,
        queryset.model,
        fields,
        default_user=by,
        default_change_reason="Marked verified today",
    )
    # A bulk update sends no signal: the "as of" dates show on these concepts' pages.
    if objects:
        delivery.changed(*{f"concept-{obj.concept_id}" for obj in objects}, "industries")
    return len(objects)


def suggestion_file(
    *,
    target: Fact | UseCase,
    text: str,
    value: str = "",
    source_url: str = "",
    email: str = "",
    fingerprint: str,
) -> Suggestion:
    """File a reader's correction of `target` in the curators' queue (public pages unchanged)."""
    suggestion = Suggestion(
        fact=target if isinstance(target, Fact) else None,
        use_case=target if isinstance(target, UseCase) else None,
        kind=SuggestionKind.FACT if isinstance(target, Fact) else SuggestionKind.USE_CASE,
        text=text,
        value=value,
        original_text=target.text,
        source_url=source_url,
        email=email,
        fingerprint=fingerprint,
    )
    suggestion.full_clean()
    suggestion.save()
    return suggestion


def _target_permission(suggestion):
    return (
        "knowledge.change_fact"
        if suggestion.kind == SuggestionKind.FACT
        else ("knowledge.change_usecase")
    )


def suggestion_accept(*, suggestion: Suggestion, by, note: str = "") -> Fact | UseCase:
    """Apply a pending suggestion to its fact or use-case, with history, and mark it accepted.

    Raise PermissionDenied when `by` may not, ValidationError when the suggestion was decided
    already or the corrected item does not validate (nothing is saved then).
    """
    if not (
        by.has_perm("knowledge.change_suggestion") and by.has_perm(_target_permission(suggestion))
    ):
        raise PermissionDenied("You may not accept suggestions.")
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != SuggestionStatus.PENDING:
            raise ValidationError(f"Suggestion #{suggestion.pk} was {suggestion.status} already.")
        model = Fact if suggestion.kind == SuggestionKind.FACT else UseCase
        target = model.objects.select_for_update().get(pk=suggestion.target.pk)
        target.text = suggestion.text
        if model is Fact:
            if suggestion.value:
                target.value = suggestion.value
            if suggestion.source_url and suggestion.source_url not in {
                source["url"] for source in target.sources
            }:
                host = urlsplit(suggestion.source_url).hostname or suggestion.source_url
                target.sources = [
                    *target.sources,
                    {"title": f"{host} (suggested by a reader)", "url": suggestion.source_url},
                ]
            target.verified_on = timezone.localdate()
        else:
            if suggestion.value:
                target.title = suggestion.value
            target.as_of = timezone.localdate()
        target.full_clean()
        target._change_reason = f"Reader suggestion #{suggestion.pk} accepted by {by}"
        target._history_user = by
        # The save's own signal retires the cached pages that show it.
        target.save()
        suggestion.status = SuggestionStatus.ACCEPTED
        suggestion.note = note
        suggestion.decided_by = by
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["status", "note", "decided_by", "decided_at"])
    return target


def suggestion_reject(*, suggestions, by, note: str = "") -> int:
    """Mark every pending suggestion of the `suggestions` QuerySet rejected; return how many."""
    if not by.has_perm("knowledge.change_suggestion"):
        raise PermissionDenied("You may not reject suggestions.")
    with transaction.atomic():
        return suggestions.filter(status=SuggestionStatus.PENDING).update(
            status=SuggestionStatus.REJECTED,
            note=note,
            decided_by=by,
            decided_at=timezone.now(),
        )


def concepts_using_image(image_id) -> list:
    """(name, admin URL) of every concept whose explanation shows library image `image_id`."""
    found = Concept.objects.filter(shows_library_image("explanation", image_id)).only("name")
    return [
        (f"{concept.name} (concept)", reverse("admin:knowledge_concept_change", args=[concept.pk]))
        for concept in found.order_by("name")
    ]


def image_changed(image_id) -> None:
    """Render again the stored explanations that show library image `image_id` (its words or
    files changed, or media moved); no revision: nothing a curator wrote has changed."""
    for concept in Concept.objects.filter(shows_library_image("explanation", image_id)):
        html = render_markdown(concept.explanation).html
        Concept.objects.filter(pk=concept.pk).update(explanation_html=html)
        delivery.changed(f"concept-{concept.pk}", "concepts")
