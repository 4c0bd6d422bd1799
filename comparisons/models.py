from django.db import models
from django.db.models import Count, Q
from simple_history.models import HistoricalRecords

from articles.core.links import link
from articles.core.markdown import render_markdown
from articles.editorial.models import Publishable, PublishableQuerySet, published_needs_time
from articles.knowledge.models import Concept, Dimension
from articles.models import Article

# Readers compare two or three concepts; more columns stop fitting a phone screen.
MAX_CONCEPTS = 3


def pair_path(slugs):
    """Return the canonical "<a>-vs-<b>" path segment: slugs sorted, so each set has one URL.

    Other orders of the same concepts are pages too (the columns follow the address) and
    name this one as canonical.
    """
    return "-vs-".join(sorted(slugs))


# Stored beside each as `<name>_html`.
MARKDOWN_FIELDS = ("introduction", "similarities", "verdict")


class ComparisonQuerySet(PublishableQuerySet):
    def covering(self, concepts):
        """Comparisons of exactly this set of concepts, no more and no fewer."""
        ids = {concept.pk for concept in concepts}
        return self.annotate(
            concept_total=Count("comparison_concepts", distinct=True),
            concept_matched=Count(
                "comparison_concepts",
                filter=Q(comparison_concepts__concept__in=ids),
                distinct=True,
            ),
        ).filter(concept_total=len(ids), concept_matched=len(ids))

    def involving(self, concepts):
        """Comparisons that include any of these concepts."""
        return self.filter(concepts__in=[concept.pk for concept in concepts]).distinct()


class Comparison(Publishable):
    title = models.CharField(max_length=200, help_text="E.g. “Generative AI vs LLMs”.")
    slug = models.SlugField(max_length=200, unique=True, help_text="An internal handle.")
    concepts = models.ManyToManyField(
        Concept, through="ComparisonConcept", related_name="comparisons"
    )
    dimensions = models.ManyToManyField(
        Dimension, through="ComparisonDimension", related_name="comparisons"
    )
    introduction = models.TextField(help_text="Markdown: why readers confuse these concepts.")
    introduction_html = models.TextField(blank=True, editable=False)
    similarities = models.TextField(blank=True, help_text="Markdown: what they have in common.")
    similarities_html = models.TextField(blank=True, editable=False)
    verdict = models.TextField(
        help_text="Markdown: the short answer, shown first on the comparison page."
    )
    verdict_html = models.TextField(blank=True, editable=False)
    related_articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="comparisons",
        help_text="Articles to suggest under the comparison.",
    )

    objects = ComparisonQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["introduction_html", "similarities_html", "verdict_html"]
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_comparison", "Can publish, schedule and unpublish comparisons")]
        constraints = [published_needs_time("comparison")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="comparison_live_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Return the canonical pair URL; prefetch `concepts` when listing many."""
        return link("comparisons:compare", pair_path(c.slug for c in self.concepts.all()))

    def save(self, *args, **kwargs):
        # Derived from the row itself, so every write path (shell, import, service) stores it.
        for name in MARKDOWN_FIELDS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)).html)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *(f"{name}_html" for name in MARKDOWN_FIELDS if name in update_fields),
            }
        super().save(*args, **kwargs)


class ComparisonConcept(models.Model):
    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="comparison_concepts"
    )
    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text=(
            "Order in the preview, smallest first. Readers' pages show the concepts in the "
            "order of their address, which is the order the reader picked them."
        ),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "compared concept"
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "concept"], name="comparison_concept_unique"
            ),
        ]

    def __str__(self):
        return str(self.concept)


class ComparisonDimension(models.Model):
    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="comparison_dimensions"
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0, help_text="Row order, smallest first.")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "chosen dimension"
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "dimension"], name="comparison_dimension_unique"
            ),
        ]

    def __str__(self):
        return str(self.dimension)
