"""How comparisons are searched: registered with the site search in ComparisonsConfig.ready()."""

from django.db.models import CharField, F, Prefetch, Value

from articles.core.search import Kind
from articles.knowledge.models import Concept
from comparisons.models import Comparison


def visible_comparisons(topic):
    return Comparison.objects.published()


def fetch_comparisons(ids):
    concepts = Prefetch("concepts", queryset=Concept.objects.only("slug"))
    return Comparison.objects.only("title", "slug").prefetch_related(concepts).in_bulk(ids)


def comparison_vocabulary():
    """The titles of the newest published comparisons: words spelling suggestions may offer."""
    nothing = Value("", output_field=CharField())
    return (
        Comparison.objects.published()
        .order_by("-pk")
        .values(label=F("title"), more=nothing, ref=nothing)
    )


COMPARISON = Kind(
    name="comparison",
    label="Comparison",
    plural="Comparisons",
    position=30,
    table="comparisons_comparison",
    columns=(
        ("title", "A", 10.0),
        ("verdict", "B", 4.0),
        ("introduction", "C", 2.0),
        ("similarities", "D", 1.0),
    ),
    title_columns=("title",),
    summary_columns=(("verdict", False), ("introduction", False), ("similarities", False)),
    visible=visible_comparisons,
    fetch=fetch_comparisons,
    vocabulary=comparison_vocabulary,
)
