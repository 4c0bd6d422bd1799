"""The knowledge base: concepts, their relations, industries, use-cases, dimensions and facts.

These tables kept their names when the models moved here from `articles` and `comparisons`
(see `docs/architecture.md`); only the migration state moved.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.core.links import link
from articles.core.markdown import render_markdown


class Industry(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="A sector, e.g. Healthcare.")
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        db_table = "articles_industry"
        ordering = ["name"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("knowledge:industry-detail", self.slug)


class ConceptQuerySet(models.QuerySet):
    def for_pickers(self):
        """Just what pickers, column headers and suggestions show."""
        return self.only("name", "slug", "family", "aliases", "definition")

    def with_relations(self):
        return self.prefetch_related(
            models.Prefetch(
                "outgoing_relations", queryset=ConceptRelation.objects.select_related("target")
            ),
            models.Prefetch(
                "incoming_relations", queryset=ConceptRelation.objects.select_related("source")
            ),
        )


class Concept(models.Model):
    name = models.CharField(max_length=120, help_text="The term as readers know it.")
    slug = models.SlugField(max_length=120, unique=True)
    definition = models.CharField(
        max_length=300, help_text="One sentence, shown in cards, glossary pop-ups and search."
    )
    explanation = models.TextField(blank=True, help_text="Markdown: the longer explanation.")
    explanation_html = models.TextField(blank=True, editable=False)
    aliases = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other names, comma-separated (e.g. “LLM, large language models”).",
    )
    family = models.CharField(
        max_length=80,
        blank=True,
        help_text="A broad grouping used to filter lists, e.g. “Model architectures”.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConceptQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["explanation_html"], table_name="articles_historicalconcept"
    )

    class Meta:
        db_table = "articles_concept"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="concept_unique_name_ci"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("knowledge:concept-detail", self.slug)

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    def clean(self):
        super().clean()
        self.aliases = ", ".join(dict.fromkeys(self.alias_list))

    def save(self, *args, **kwargs):
        # Derived from the row itself, so every write path (shell, import, service) stores it.
        self.explanation_html = render_markdown(self.explanation).html
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "explanation" in update_fields:
            kwargs["update_fields"] = {*update_fields, "explanation_html"}
        super().save(*args, **kwargs)


class RelationKind(models.TextChoices):
    """The one vocabulary for relations: every page words them from this table."""

    KIND_OF = "kind_of", "is a kind of"
    BUILT_ON = "built_on", "is built on"
    RELATED = "related", "is related to"

    @property
    def shared_label(self):
        """Two or more sources with the same target: “GAN and VAE are both kinds of …”."""
        return SHARED_LABELS[self]

    def heading(self, concept, *, incoming):
        """The hub's heading for this kind of relation, seen from `concept`."""
        if incoming and self == RelationKind.KIND_OF:
            return f"Kinds of {concept.name.lower()}"
        return (INCOMING_HEADINGS if incoming else OUTGOING_HEADINGS)[self]


SHARED_LABELS = {
    RelationKind.KIND_OF: "kinds of",
    RelationKind.BUILT_ON: "built on",
    RelationKind.RELATED: "related to",
}
OUTGOING_HEADINGS = {
    RelationKind.KIND_OF: "Is a kind of",
    RelationKind.BUILT_ON: "Built on",
    RelationKind.RELATED: "Related",
}
INCOMING_HEADINGS = {
    RelationKind.BUILT_ON: "Used by",
    RelationKind.RELATED: "Related",
}
# The order of the hub's relation groups.
HEADING_ORDER = [
    (RelationKind.KIND_OF, False),
    (RelationKind.KIND_OF, True),
    (RelationKind.BUILT_ON, False),
    (RelationKind.BUILT_ON, True),
    (RelationKind.RELATED, False),
]


class ConceptRelation(models.Model):
    source = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="outgoing_relations")
    kind = models.CharField(
        max_length=12,
        choices=RelationKind.choices,
        help_text="Read it as: <concept> <kind> <target>, e.g. LLM is a kind of Generative AI.",
    )
    target = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="incoming_relations")

    class Meta:
        db_table = "articles_conceptrelation"
        ordering = ["kind", "target__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="concept_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="concept_relation_not_self",
                violation_error_message="A concept cannot be related to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def clean(self):
        super().clean()
        if self.source_id is None or self.target_id is None:
            return
        mirror = ConceptRelation.objects.filter(
            source_id=self.target_id, kind=self.kind, target_id=self.source_id
        ).exclude(pk=self.pk)
        if mirror.exists():
            raise ValidationError(
                f"This relation is already recorded the other way round "
                f"({self.target} {self.get_kind_display()} {self.source})."
            )


def group_relations(concept):
    """Return [(heading, [concepts])] for `concept`'s hub, from both ends of each relation.

    Prefetch with `Concept.objects.with_relations()`.
    """
    groups = {}
    for relation in concept.outgoing_relations.all():
        groups.setdefault((relation.kind, False), []).append(relation.target)
    for relation in concept.incoming_relations.all():
        # “A is related to B” reads the same from both ends.
        incoming = relation.kind != RelationKind.RELATED
        groups.setdefault((relation.kind, incoming), []).append(relation.source)
    return [
        (
            RelationKind(kind).heading(concept, incoming=incoming),
            sorted(set(groups[kind, incoming]), key=lambda c: c.name.casefold()),
        )
        for kind, incoming in HEADING_ORDER
        if groups.get((kind, incoming))
    ]


class UseCase(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="use_cases")
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="use_cases")
    title = models.CharField(max_length=160, help_text="A short headline for the use-case.")
    text = models.TextField(help_text="A short explanation: what is done, and why it helps.")
    as_of = models.DateField(
        default=timezone.localdate, help_text="When this was last checked to still be true."
    )

    history = HistoricalRecords(table_name="articles_historicalusecase")

    class Meta:
        db_table = "articles_usecase"
        ordering = ["industry__name", "concept__name"]
        verbose_name = "use-case"
        constraints = [
            models.UniqueConstraint(fields=["concept", "industry"], name="usecase_unique_cell"),
        ]

    def __str__(self):
        return f"{self.concept} × {self.industry}"

    def get_absolute_url(self):
        return link("knowledge:use-case-detail", self.concept.slug, self.industry.slug)


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
        db_table = "comparisons_dimension"
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
    value = models.CharField(
        max_length=80,
        blank=True,
        help_text=(
            "The short answer readers compare across a row, e.g. “Generate new content”. "
            "Facts with the same value (ignoring case and spacing) count as the same; "
            "leave it empty if there is no short answer."
        ),
    )
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

    history = HistoricalRecords(table_name="comparisons_historicalfact")

    class Meta:
        db_table = "comparisons_fact"
        ordering = ["concept__name", "dimension__position"]
        constraints = [
            models.UniqueConstraint(fields=["concept", "dimension"], name="fact_unique_cell"),
        ]

    def __str__(self):
        return f"{self.concept} × {self.dimension}"

    def clean(self):
        super().clean()
        self.value = " ".join(self.value.split())


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class SuggestionKind(models.TextChoices):
    FACT = "fact", "Fact"
    USE_CASE = "use_case", "Use-case"


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SuggestionStatus.PENDING)


class Suggestion(models.Model):
    """A reader's proposed correction of one fact or use-case, waiting for a curator."""

    kind = models.CharField(max_length=8, choices=SuggestionKind.choices, editable=False)
    fact = models.ForeignKey(
        Fact, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    use_case = models.ForeignKey(
        UseCase, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    text = models.TextField(help_text="The text the reader proposes.")
    value = models.CharField(
        max_length=160,
        blank=True,
        help_text="The short value (of a fact) or the title (of a use-case) proposed, if any.",
    )
    original_text = models.TextField(
        blank=True, editable=False, help_text="What the text said when the reader wrote."
    )
    source_url = models.URLField(
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A source the reader gave; added to the sources when accepted.",
    )
    email = models.EmailField(
        blank=True, help_text="The reader's address, for questions. Never shown publicly."
    )
    status = models.CharField(
        max_length=8,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
        db_index=True,
    )
    note = models.TextField(blank=True, help_text="The curator's note, e.g. why it was rejected.")
    # A keyed hash of the client's network address: rate limits and "same sender" spotting,
    # never the address itself (see articles/knowledge/throttle.py).
    fingerprint = models.CharField(max_length=32, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=SuggestionKind.FACT, fact__isnull=False, use_case__isnull=True)
                    | Q(kind=SuggestionKind.USE_CASE, fact__isnull=True, use_case__isnull=False)
                ),
                name="suggestion_one_target",
                violation_error_message="A suggestion corrects exactly one fact or use-case.",
            ),
        ]

    def __str__(self):
        return f"Suggestion #{self.pk} on {self.target}"

    @property
    def target(self):
        return self.fact if self.kind == SuggestionKind.FACT else self.use_case

    def save(self, *args, **kwargs):
        self.kind = SuggestionKind.FACT if self.fact_id else SuggestionKind.USE_CASE
        super().save(*args, **kwargs)
