"""Writes that touch more than one row: publishing states."""

from comparisons.models import Comparison


def comparison_transition(*, comparison: Comparison, to: str, by, publish_at=None) -> Comparison:
    """Move `comparison` to publishing state `to` for user `by` (see articles.editorial.workflow)."""
    from articles.editorial.checks import comparison_checks
    from articles.editorial.workflow import transition

    def checks(obj):
        return comparison_checks(obj, concept_count=obj.comparison_concepts.count())

    return transition(obj=comparison, to=to, by=by, checks=checks, publish_at=publish_at)
