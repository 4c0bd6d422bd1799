from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.markdown import render_markdown


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class PublishableQuerySet(models.QuerySet):
    """Publish state, decided at query time so scheduled items go live with no worker."""

    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status__in=[Status.DRAFT, Status.REVIEW])


class Publishable(models.Model):
    """Fields and rules shared by everything that goes through the publishing states."""

    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only Published items whose publish time has passed are visible to readers.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes live. A future time schedules it; required to publish.",
    )
    first_published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set the first time it was published."
    )
    featured = models.BooleanField(
        default=False, help_text="Show it in the featured slots of the home page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def is_published(self):
        """Return True if readers can see it now."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def clean(self):
        super().clean()
        if self.status != Status.PUBLISHED:
            return
        if self.published_at is None:
            self.published_at = timezone.now()
        # Until it has actually gone live, a reschedule moves the first-published time too.
        if self.first_published_at is None or self.first_published_at > timezone.now():
            self.first_published_at = self.published_at


def published_needs_time(prefix):
    return models.CheckConstraint(
        condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
        name=f"{prefix}_published_has_time",
        violation_error_message="A published item needs a publish time.",
    )


class Author(models.Model):
    name = models.CharField(max_length=120, help_text="As shown in bylines.")
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the profile URL.")
    bio = models.TextField(blank=True, help_text="A short paragraph for the profile page.")
    avatar = models.ImageField(
        upload_to="authors/", blank=True, help_text="Square portrait, at least 256×256 pixels."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The login account that writes as this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author-detail", args=[self.slug])


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="A section of the site.")
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences for the topic page.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic-detail", args=[self.slug])


class Industry(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="A sector, e.g. Healthcare.")
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:industry-detail", args=[self.slug])


class ConceptQuerySet(models.QuerySet):
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
    history = HistoricalRecords(excluded_fields=["explanation_html"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="concept_unique_name_ci"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("comparisons:concept-detail", args=[self.slug])

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    def clean(self):
        super().clean()
        self.aliases = ", ".join(dict.fromkeys(self.alias_list))
        self.explanation_html = render_markdown(self.explanation).html

    def relations(self):
        """Return (label, concept) pairs from both ends; prefetch with `with_relations()`."""
        pairs = [(rel.get_kind_display(), rel.target) for rel in self.outgoing_relations.all()]
        pairs += [
            (RelationKind.inverse_label(rel.kind), rel.source)
            for rel in self.incoming_relations.all()
        ]
        return pairs


class RelationKind(models.TextChoices):
    KIND_OF = "kind_of", "is a kind of"
    BUILT_ON = "built_on", "is built on"
    RELATED = "related", "is related to"

    @classmethod
    def inverse_label(cls, kind):
        return {
            cls.KIND_OF: "has the kind",
            cls.BUILT_ON: "is used by",
            cls.RELATED: "is related to",
        }[kind]


class ConceptRelation(models.Model):
    source = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="outgoing_relations"
    )
    kind = models.CharField(
        max_length=12,
        choices=RelationKind.choices,
        help_text="Read it as: <concept> <kind> <target>, e.g. LLM is a kind of Generative AI.",
    )
    target = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="incoming_relations"
    )

    class Meta:
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


class UseCase(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="use_cases")
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="use_cases")
    title = models.CharField(max_length=160, help_text="A short headline for the use-case.")
    text = models.TextField(help_text="A short explanation: what is done, and why it helps.")
    as_of = models.DateField(
        default=timezone.localdate, help_text="When this was last checked to still be true."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["industry__name", "concept__name"]
        verbose_name = "use-case"
        constraints = [
            models.UniqueConstraint(fields=["concept", "industry"], name="usecase_unique_cell"),
        ]

    def __str__(self):
        return f"{self.concept} × {self.industry}"


class ArticleQuerySet(PublishableQuerySet):
    def for_cards(self):
        """Select what an article card shows, in the same query."""
        return self.select_related("author", "topic").only(
            "title",
            "slug",
            "teaser",
            "published_at",
            "hero_image",
            "hero_alt",
            "reading_time",
            "author__name",
            "author__slug",
            "topic__name",
            "topic__slug",
        )


class Article(Publishable):
    title = models.CharField(max_length=200, help_text="The headline readers see.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the article's URL.")
    teaser = models.CharField(
        max_length=300, help_text="One line shown under the title in lists and related articles."
    )
    body = models.TextField(
        help_text="Markdown. Use ## for section headings; they feed the table of contents."
    )
    body_html = models.TextField(blank=True, editable=False)
    toc = models.JSONField(default=list, blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_time = models.PositiveSmallIntegerField(default=1, editable=False)
    hero_image = models.ImageField(
        upload_to="heroes/%Y/", blank=True, help_text="Wide image, at least 1600 pixels across."
    )
    hero_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )
    hero_caption = models.CharField(max_length=250, blank=True, help_text="Optional caption.")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    concepts = models.ManyToManyField(
        Concept,
        blank=True,
        related_name="articles",
        help_text="The concepts this article is about; they drive related articles and hubs.",
    )
    seo_title = models.CharField(
        max_length=70, blank=True, help_text="Overrides the title in search results (≤ 70)."
    )
    seo_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="Overrides the teaser as the meta description (≤ 160 characters).",
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["body_html", "toc", "word_count", "reading_time"],
        m2m_fields=[concepts],
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            published_needs_time("article"),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="article_hero_has_alt",
                violation_error_message="An image needs alternative text.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            models.Index(fields=["topic", "status", "-published_at"], name="article_topic_idx"),
            models.Index(fields=["author", "status", "-published_at"], name="article_author_idx"),
            models.Index(
                fields=["-published_at"],
                name="article_featured_idx",
                condition=Q(featured=True),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article-detail", args=[self.slug])

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.seo_description or self.teaser

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image: alternative text is required."})
        self.render_body()

    def render_body(self):
        """Store the sanitised HTML, contents and reading time beside the Markdown."""
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.toc = rendered.toc
        self.word_count = rendered.word_count
        self.reading_time = rendered.reading_time
