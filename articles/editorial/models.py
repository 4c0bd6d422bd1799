"""The newsroom machinery, for any model: publishing states, audit, presence, autosave.

Nothing here knows a concrete model: apps subclass `Publishable` and declare an
`EditorialSpec` (see `articles/editorial/spec.py`).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class PublishableQuerySet(models.QuerySet):
    """Publish state, decided at query time so scheduled items go live with no worker."""

    def published(self):
        """Return what readers may see, newest first.

        Published rows always have a time, so the plain descending order matches the indexes;
        PostgreSQL would skip them for the NULLS LAST of the model's default ordering.
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now()).order_by(
            "-published_at", "-id"
        )

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status__in=[Status.DRAFT, Status.REVIEW])


class Publishable(models.Model):
    """Fields and rules shared by everything that goes through the publishing states."""

    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only Published items whose publish time has passed are visible to readers.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes live. A future time schedules it; required to publish.",
    )
    first_published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set the first time it was published."
    )
    featured = models.BooleanField(
        default=False, help_text="Show it in the featured slots of the home page."
    )
    submitted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last submitted for review."
    )
    unpublished_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last taken down."
    )
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised by every save; a form saved against an older version is a conflict.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Counted here rather than by callers, so that no write path can skip the conflict check.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not update_fields:
            return  # Django's no-op: nothing to write, so nothing to count.
        self.version += 1
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def is_published(self):
        """Return True if readers can see it now."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def is_live_or_scheduled(self):
        """Return True if readers see it now or will at its publish time."""
        return self.status == Status.PUBLISHED

    def clean(self):
        super().clean()
        if self.status != Status.PUBLISHED:
            return
        if self.published_at is None:
            self.published_at = timezone.now()
        # Until it has actually gone live, a reschedule moves the first-published time too.
        if self.first_published_at is None or self.first_published_at > timezone.now():
            self.first_published_at = self.published_at


def published_needs_time(prefix):
    return models.CheckConstraint(
        condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
        name=f"{prefix}_published_has_time",
        violation_error_message="A published item needs a publish time.",
    )


# Someone counts as still editing while their change form has sent a heartbeat this recently.
PRESENCE_TIMEOUT = timedelta(minutes=2)


class AuditAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    RETURNED = "returned", "Returned to draft"
    PUBLISHED = "published", "Published"
    SCHEDULED = "scheduled", "Scheduled"
    UNPUBLISHED = "unpublished", "Unpublished"
    RESTORED = "restored", "Restored a revision"
    DELETED = "deleted", "Deleted"
    SHARED = "shared", "Shared a preview link"
    REVOKED = "revoked", "Revoked a preview link"
    RENAMED = "renamed", "Changed the address"


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=12, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.actor or 'Someone'} {self.get_action_display().lower()} “{self.object_repr}”"

    @classmethod
    def record(cls, *, actor, action, obj, **details):
        return cls.objects.create(
            actor=actor if actor and actor.is_authenticated else None,
            action=action,
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            details=details,
        )


class EditingSession(models.Model):
    """Who has which change form open, kept alive by a heartbeat from the form."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="editing_session_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} since {self.started_at:%H:%M}"


class Autosave(models.Model):
    """The latest unsaved text one user typed into one object's form; never a revision."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(
        default=0, help_text="The version of the object the form was opened at."
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="autosave_unique"
            )
        ]

    def __str__(self):
        return f"Autosave by {self.user} at {self.saved_at:%H:%M}"
