"""Newsroom bookkeeping shared by articles and comparisons: audit, presence, autosave, sharing."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

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


def new_token():
    return secrets.token_urlsafe(32)


def default_expiry():
    return timezone.now() + timedelta(days=7)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A secret, expiring, revocable address where someone without an account reads a draft."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Preview of “{self.article}” until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("editorial:shared-preview", args=[self.token])

    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class OldSlug(models.Model):
    """A slug a published article used to have: its old address redirects permanently."""

    slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]
        verbose_name = "old address"

    def __str__(self):
        return f"{self.slug} → {self.article.slug}"
