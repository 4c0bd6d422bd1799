"""Which reader pages a comparisons change touches, and when the clock alone changes them."""


from articles.core import delivery
from comparisons.models import Comparison, ComparisonConcept, ComparisonDimension


def comparison_keys(instance):
    keys = ["comparisons"]
    if isinstance(instance, Comparison):
        keys.append(f"comparison-{instance.pk}")
    return keys


def watch():
    delivery.watch(Comparison, comparison_keys)
    delivery.watch(Comparison.related_articles.through, comparison_keys)
    for model in (ComparisonConcept, ComparisonDimension):
        delivery.watch(model, lambda row: [f"comparison-{row.comparison_id}", "comparisons"])


def next_live():
    """Scheduled comparisons, soonest first: each goes live at its publish time."""
    return Comparison.objects.scheduled().order_by("published_at").values_list("published_at")
