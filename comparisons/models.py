from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.markdown import render_markdown
from articles.models import Article, Concept, Publishable, PublishableQuerySet, published_needs_time


def pair_path(slugs):
    """Return the canonical "<a>-vs-<b>" path segment: slugs sorted, so each set has one URL."""
    return "-vs-".join(sorted(slugs))


class Dimension(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="E.g. Purpose, Architecture.")
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(
        max_length=250, blank=True, help_text="What a fact along this dimension should say."
    )
    position = models.PositiveSmallIntegerField(
        default=0, db_index=True, help_text="Rows are shown in this order, smallest first."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


def validate_sources(value):
    """Check that sources are a list of {"title", "url"} with http(s) URLs."""
    if not isinstance(value, list):
        raise ValidationError("Sources must be a list.")
    check_url = URLValidator(schemes=["http", "https"])
    for index, source in enumerate(value, start=1):
        if not isinstance(source, dict) or set(source) != {"title", "url"}:
            raise ValidationError(f"Source {index} needs exactly a title and a URL.")
        if not str(source["title"]).strip():
            raise ValidationError(f"Source {index} needs a title.")
        check_url(source["url"])


class Fact(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="facts")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="facts")
    text = models.TextField(
        help_text="What the concept is along this dimension, in one or two plain sentences."
    )
    sources = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_sources],
        help_text="Where this is documented: a title and an http(s) URL per source.",
    )
    verified_on = models.DateField(
        default=timezone.localdate, help_text="When a curator last checked this against sources."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["concept__name", "dimension__position"]
        constraints = [
            models.UniqueConstraint(fields=["concept", "dimension"], name="fact_unique_cell"),
        ]

    def __str__(self):
        return f"{self.concept} × {self.dimension}"


class ComparisonQuerySet(PublishableQuerySet):
    pass


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
        constraints = [published_needs_time("comparison")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="comparison_live_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Return the canonical pair URL; prefetch `concepts` when listing many."""
        return reverse(
            "comparisons:compare", args=[pair_path(c.slug for c in self.concepts.all())]
        )

    def clean(self):
        super().clean()
        self.introduction_html = render_markdown(self.introduction).html
        self.similarities_html = render_markdown(self.similarities).html
        self.verdict_html = render_markdown(self.verdict).html


class ComparisonConcept(models.Model):
    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="comparison_concepts"
    )
    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Column order, smallest first."
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
