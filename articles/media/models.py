"""The media library: images uploaded once, with their words, used anywhere."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from articles.core.uploads import ImageField


class Image(models.Model):
    file = ImageField(upload_to="library/%Y/", help_text="JPEG, PNG or WebP.")
    title = models.CharField(max_length=200, help_text="For finding it in the library.")
    alt = models.CharField(
        "alternative text",
        max_length=250,
        help_text="Describe the image for people who cannot see it; used wherever it appears.",
    )
    caption = models.CharField(max_length=250, blank=True, help_text="Shown under the image.")
    credit = models.CharField(
        max_length=200, blank=True, help_text="Who made it, and the licence if any."
    )
    focal_x = models.PositiveSmallIntegerField(
        "focal point, across (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Where the subject is, from the left (0) to the right (100): crops keep it.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point, down (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="From the top (0) to the bottom (100).",
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(focal_x__lte=100), name="image_focal_x"),
            models.CheckConstraint(condition=models.Q(focal_y__lte=100), name="image_focal_y"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:media_image_change", args=[self.pk])

    @property
    def smallest(self):
        """The smallest JPEG rendition ({name, width, height}), or None before there is one."""
        jpeg = (self.renditions or {}).get("jpeg") or []
        return jpeg[0] if jpeg else None

    @property
    def thumbnail_url(self):
        smallest = self.smallest
        return self.file.storage.url(smallest["name"]) if smallest else ""

    @property
    def markdown(self):
        """What the editor's picker inserts into a body: the library resolves it when saved."""
        return f"![]({self.reference})"

    @property
    def reference(self):
        return f"image:{self.pk}"
