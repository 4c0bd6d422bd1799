"""Editorial writes for any model: transitions, restores, presence and autosave."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from articles.core import maintenance
from articles.editorial.checks import blocking, live_message, live_problems
from articles.editorial.history import m2m_ids
from articles.editorial.models import AuditAction, AuditEntry, Autosave, EditingSession, Status
from articles.editorial.spec import spec_for
from articles.editorial.workflow import ALLOWED, allowed_transitions

# An autosave keeps at most this many characters of each field.
AUTOSAVE_FIELD_LIMIT = 100_000


def transition(*, obj, to: str, by, publish_at: datetime | None = None):
    """Move `obj` to state `to` for user `by`, recording dates, history and the audit log.

    The content checklist comes from the model's EditorialSpec; errors in it block publishing.
    Raises
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
            errors = blocking(spec_for(obj).checks(obj))
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


def revision_restore(*, obj, record, by, can_change: bool):
    """Save `record`'s writing onto `obj` as a new revision; history is never rewritten."""
    if not can_change:
        raise PermissionDenied("You may not change this.")
    spec = spec_for(obj)
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        for name in spec.restored_fields:
            field_ = obj._meta.get_field(name)
            setattr(obj, field_.attname, getattr(record, field_.attname))
        obj.full_clean()
        problems = live_problems(obj, spec.checks(obj))
        if problems:
            raise ValidationError([live_message(obj, check) for check in problems])
        when = record.history_date
        obj._change_reason = (
            f"Restored the revision of {when:%Y-%m-%d %H:%M} (version {record.version})"
        )
        obj.save()
        for name in spec.m2m_fields:
            related = obj._meta.get_field(name).related_model
            getattr(obj, name).set(related.objects.filter(pk__in=m2m_ids(record, name)))
        AuditEntry.record(
            actor=by,
            action=AuditAction.RESTORED,
            obj=obj,
            version=record.version,
            history_id=record.history_id,
        )
    return obj


def presence_touch(*, user, content_type, object_id: int) -> None:
    """Record that `user` has the object's change form open now.

    Best effort: while the site is read-only (or the disk full) the form still opens.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            EditingSession.objects.update_or_create(
                user=user,
                content_type=content_type,
                object_id=object_id,
                defaults={"seen_at": now},
                create_defaults={"started_at": now, "seen_at": now},
            )
    except DatabaseError as error:
        if maintenance.refusal(error) is None:
            raise


def autosave_keep(*, user, obj, content_type, data: dict, base_version: int) -> Autosave:
    """Keep what `user` typed into `obj`'s form (the spec's autosave fields only)."""
    names = spec_for(obj).autosave_fields
    kept = {name: str(data[name])[:AUTOSAVE_FIELD_LIMIT] for name in names if name in data}
    if not kept:
        raise ValidationError("Nothing to keep.")
    # No form field accepts a NUL character, and PostgreSQL refuses one in JSON.
    if any("\x00" in text for text in kept.values()):
        raise ValidationError("The text contains a NUL character: it was not kept.")
    # The version the form was opened at, within what its column holds.
    Autosave._meta.get_field("base_version").run_validators(base_version)
    autosave, _ = Autosave.objects.update_or_create(
        user=user,
        content_type=content_type,
        object_id=obj.pk,
        defaults={"data": kept, "saved_at": timezone.now(), "base_version": base_version},
    )
    return autosave


def autosave_discard(*, user, content_type, object_id: int) -> None:
    """Forget `user`'s autosave of the object, once the form itself is saved."""
    Autosave.objects.filter(user=user, content_type=content_type, object_id=object_id).delete()
