"""Writes that touch more than one row: publishing states."""

from django.db.models import Q
from django.urls import reverse

from articles.core import delivery
from articles.core.markdown import render_markdown, shows_library_image
from articles.editorial.services import transition
from comparisons.delivery import comparison_keys
from comparisons.models import MARKDOWN_FIELDS, Comparison


def comparison_transition(*, comparison: Comparison, to: str, by, publish_at=None) -> Comparison:
    """Move `comparison` to state `to` for user `by` (see articles.editorial.workflow)."""
    return transition(obj=comparison, to=to, by=by, publish_at=publish_at)


def _showing(image_id):
    """Comparisons whose texts show library image `image_id`."""
    shows = Q()
    for name in MARKDOWN_FIELDS:
        shows |= shows_library_image(name, image_id)
    return Comparison.objects.filter(shows)


def comparisons_using_image(image_id) -> list:
    """(title, admin URL) of every comparison whose texts show library image `image_id`."""
    return [
        (
            f"{comparison.title} (comparison)",
            reverse("admin:comparisons_comparison_change", args=[comparison.pk]),
        )
        for comparison in _showing(image_id).only("title").order_by("title")
    ]


def image_changed(image_id) -> None:
    """Render again the stored comparison texts that show library image `image_id`."""
    for comparison in _showing(image_id):
        html = {
            f"{name}_html": render_markdown(getattr(comparison, name)).html
            for name in MARKDOWN_FIELDS
        }
        Comparison.objects.filter(pk=comparison.pk).update(**html)
        delivery.changed(*comparison_keys(comparison))
