"""Publishing states shared by articles and comparisons: who may move what where, and how."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Status
from articles.editorial.checks import blocking
from articles.editorial.models import AuditAction, AuditEntry

ALLOWED = {
    Status.DRAFT: {Status.REVIEW, Status.PUBLISHED},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
    # Published → published only reschedules an item that is not live yet.
    Status.PUBLISHED: {Status.UNPUBLISHED, Status.PUBLISHED},
    Status.UNPUBLISHED: {Status.DRAFT},
}
NEEDS_PUBLISH = {Status.PUBLISHED, Status.UNPUBLISHED}
LABELS = {
    Status.REVIEW: "Submit for review",
    Status.DRAFT: "Back to draft",
    Status.PUBLISHED: "Publish",
    Status.UNPUBLISHED: "Unpublish",
}


def publish_perm(model):
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_edit(user, obj):
    """Return True if `user` may change `obj` in its current state."""
    opts = obj._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return False
    if user.has_perm(publish_perm(type(obj))):
        return True
    author = getattr(obj, "author", None)
    # Authors: only their own pieces, and only until they are published.
    return (
        author is not None
        and author.user_id == user.pk
        and obj.status in (Status.DRAFT, Status.REVIEW)
    )


def allowed_transitions(user, obj):
    """Return the states `user` may move `obj` to from its current state."""
    if obj.pk is None or not can_edit(user, obj):
        return []
    targets = []
    for target in sorted(ALLOWED.get(obj.status, ()), key=list(LABELS).index):
        if target in NEEDS_PUBLISH and not user.has_perm(publish_perm(type(obj))):
            continue
        if target == Status.PUBLISHED == obj.status and not obj.is_scheduled():
            continue
        targets.append(target)
    return targets


def transition(*, obj, to: str, by, checks, publish_at: datetime | None = None):
    """Move `obj` to state `to` for user `by`, recording dates, history and the audit log.

    `checks(obj)` returns the content checklist; errors in it block publishing. Raises
    PermissionDenied when `by` may not make this move and ValidationError when it is not
    allowed from the current state or the content is not ready.
    """
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        if to not in Status.values:
            raise ValidationError(f"“{to}” is not a publishing state.")
        if to not in ALLOWED.get(obj.status, ()) or (
            to == Status.PUBLISHED == obj.status and not obj.is_scheduled()
        ):
            raise ValidationError(
                f"“{obj}” is {obj.get_status_display().lower()}: it cannot go to "
                f"{Status(to).label.lower()} from there."
            )
        if to not in allowed_transitions(by, obj):
            raise PermissionDenied(f"You may not move “{obj}” to {Status(to).label.lower()}.")
        now = timezone.now()
        if to == Status.PUBLISHED:
            errors = blocking(checks(obj))
            if errors:
                raise ValidationError([f"{check.label}: {check.message}" for check in errors])
            obj.published_at = publish_at or now
            action = AuditAction.SCHEDULED if obj.published_at > now else AuditAction.PUBLISHED
        elif to == Status.REVIEW:
            obj.submitted_at = now
            action = AuditAction.SUBMITTED
        elif to == Status.UNPUBLISHED:
            obj.unpublished_at = now
            action = AuditAction.UNPUBLISHED
        else:
            action = AuditAction.RETURNED
        was = obj.status
        obj.status = to
        obj.full_clean()
        obj._change_reason = dict(AuditAction.choices)[action]
        obj.save()
        details = {"from": was, "to": to}
        if to == Status.PUBLISHED:
            details["publish_at"] = obj.published_at.isoformat()
        AuditEntry.record(actor=by, action=action, obj=obj, **details)
    return obj
