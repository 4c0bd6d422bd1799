from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.markdown import render_markdown
from articles.models import Article, Concept, Publishable, PublishableQuerySet, published_needs_time


# Readers compare two or three concepts; more columns stop fitting a phone screen.
MAX_CONCEPTS = 3


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
        return reverse("comparisons:compare", args=[pair_path(c.slug for c in self.concepts.all())])

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


def normalise_text(text):
    """Return text with case and runs of whitespace ignored, to tell whether facts differ."""
    return " ".join(text.split()).casefold()


@dataclass
class TableCell:
    concept: Concept
    fact: Fact | None = None
    notes: list = field(default_factory=list)


@dataclass
class TableRow:
    dimension: Dimension
    cells: list
    differs: bool


class ComparisonTable:
    """A comparison table assembled live from facts: a column per concept, a row per dimension.

    `dimensions=None` shows every dimension on which at least one of the concepts has a fact.
    Sources are numbered in order of appearance across the rows shown.
    """

    def __init__(self, concepts, dimensions=None, *, differences_only=False):
        self.concepts = list(concepts)
        facts = Fact.objects.filter(concept__in=[c.pk for c in self.concepts]).select_related(
            "dimension"
        )
        if dimensions is not None:
            dimensions = list(dimensions)
            facts = facts.filter(dimension__in=[d.pk for d in dimensions])
        by_cell = {(fact.concept_id, fact.dimension_id): fact for fact in facts}
        if dimensions is None:
            found = {fact.dimension.pk: fact.dimension for fact in by_cell.values()}
            dimensions = sorted(found.values(), key=lambda d: (d.position, d.name))
        self.dimensions = dimensions
        self.differences_only = differences_only

        self.all_rows = []
        for dimension in dimensions:
            cells = [
                TableCell(concept, by_cell.get((concept.pk, dimension.pk)))
                for concept in self.concepts
            ]
            texts = {normalise_text(cell.fact.text) for cell in cells if cell.fact}
            differs = any(cell.fact is None for cell in cells) or len(texts) > 1
            self.all_rows.append(TableRow(dimension, cells, differs))
        self.rows = [row for row in self.all_rows if row.differs or not differences_only]

        numbers = {}
        self.sources = []
        for row in self.rows:
            for cell in row.cells:
                for source in cell.fact.sources if cell.fact else []:
                    if source["url"] not in numbers:
                        numbers[source["url"]] = len(numbers) + 1
                        self.sources.append({"number": numbers[source["url"]], **source})
                    cell.notes.append((numbers[source["url"]], source))

    @property
    def total(self):
        return len(self.all_rows)

    @property
    def differing(self):
        return sum(row.differs for row in self.all_rows)

    @property
    def missing(self):
        """Return the cells shown as “Not yet documented”, across all rows."""
        return [
            (row.dimension, cell.concept)
            for row in self.all_rows
            for cell in row.cells
            if cell.fact is None
        ]
