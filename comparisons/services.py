"""Writes that touch more than one row: publishing states."""

from articles.editorial.services import transition
from comparisons.models import Comparison


def comparison_transition(*, comparison: Comparison, to: str, by, publish_at=None) -> Comparison:
    """Move `comparison` to state `to` for user `by` (see articles.editorial.workflow)."""
    return transition(obj=comparison, to=to, by=by, publish_at=publish_at)
