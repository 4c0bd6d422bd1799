from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Lower
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
        """Return what readers may see, newest first.

        Published rows always have a time, so the plain descending order matches the indexes;
        PostgreSQL would skip them for the NULLS LAST of the model's default ordering.
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now()).order_by(
            "-published_at", "-id"
        )

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
    submitted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last submitted for review."
    )
    unpublished_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last taken down."
    )
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised by every save; a form saved against an older version is a conflict.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Counted here rather than by callers, so that no write path can skip the conflict check.
        self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

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
        # "A is related to B" entered from both ends would otherwise show twice.
        seen = set()
        unique = []
        for label, other in pairs:
            if (label, other.pk) not in seen:
                seen.add((label, other.pk))
                unique.append((label, other))
        return unique


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

    def get_absolute_url(self):
        return reverse(
            "comparisons:use-case-detail", args=[self.concept.slug, self.industry.slug]
        )


# How many of the newest articles sharing a topic, a concept or an industry concept are
# considered for related articles.
RELATED_WINDOWS = {"topic": 100, "concepts": 600, "industries": 200}
# Sorts after any pin's position (a PositiveSmallIntegerField).
MAX_PIN_RANK = 1 << 16


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
            "hero_renditions",
            "reading_time",
            "author__name",
            "author__slug",
            "topic__name",
            "topic__slug",
        )

    def related_to(self, article, *, weights, industry_concepts=()):
        """Rank these articles by relatedness to `article` in one query.

        Return (id, pin rank) pairs; only pins rank below MAX_PIN_RANK. Editors' pins
        (RelatedLink) come first, by position, and their exclusions never appear; then the sum
        of `weights` ({concept id: weight}) of shared concepts; then same topic (2) plus how
        many `industry_concepts` (concepts used in the article's industries) they are about;
        then the newest.

        Candidates are the newest few hundred articles sharing a concept, the topic or an
        industry concept (RELATED_WINDOWS), so the cost stays flat however many share them.
        """
        industry_concepts = list(industry_concepts)
        shared = list(weights)
        links = RelatedLink.objects.filter(article=article)
        pins = links.filter(kind=RelatedKind.PIN)
        newest = self.order_by("-published_at")
        windows = [newest.filter(topic_id=article.topic_id)[: RELATED_WINDOWS["topic"]]]
        if shared:
            windows.append(newest.filter(concepts__in=shared)[: RELATED_WINDOWS["concepts"]])
        if industry_concepts:
            windows.append(
                newest.filter(concepts__in=industry_concepts)[: RELATED_WINDOWS["industries"]]
            )
        # One IN over a UNION, not an OR of INs: both databases then start from the few
        # candidates instead of scanning every article.
        everything = Article.objects.order_by()
        candidates = everything.filter(pk__in=pins.values("related_id")).values("pk").union(
            *[everything.filter(pk__in=window.values("pk")).values("pk") for window in windows]
        )
        concept_score = Value(0)
        if weights:
            concept_score = Coalesce(
                Sum(
                    Case(
                        *[When(concepts__id=pk, then=Value(w)) for pk, w in weights.items()],
                        default=Value(0),
                    )
                ),
                0,
            )
        industry_score = Value(0)
        if industry_concepts:
            industry_score = Count(
                "concepts", filter=Q(concepts__in=industry_concepts), distinct=True
            )
        pin_position = pins.filter(related_id=OuterRef("pk")).values("position")[:1]
        return (
            self.exclude(pk=article.pk)
            .exclude(pk__in=links.filter(kind=RelatedKind.EXCLUDE).values("related_id"))
            .filter(pk__in=candidates)
            # Group by these alone: SQLite would otherwise group by every column, bodies too.
            .values("pk", "published_at", "topic_id")
            .annotate(
                pin_rank=Coalesce(Subquery(pin_position), Value(MAX_PIN_RANK)),
                concept_score=concept_score,
                near_score=Case(When(topic_id=article.topic_id, then=Value(2)), default=Value(0))
                + industry_score,
            )
            .order_by("pin_rank", "-concept_score", "-near_score", "-published_at", "-id")
            .values_list("pk", "pin_rank")
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
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="updated",
        help_text=(
            "Set this when you correct or substantially update the article: readers see "
            "“Updated <date>”. Leave it alone for typo fixes."
        ),
    )
    glossary_links = models.BooleanField(
        default=True,
        help_text=(
            "Link the first mention of each known concept to its page, with a definition "
            "card on hover or focus."
        ),
    )
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
        excluded_fields=["body_html", "toc", "word_count", "reading_time", "hero_renditions"],
        m2m_fields=[concepts],
    )

    class Meta:
        # SQLite and PostgreSQL put NULLs at different ends unless told.
        ordering = [F("published_at").desc(nulls_last=True), "-id"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
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
            models.Index(
                fields=["revised_at"],
                name="article_revised_idx",
                condition=Q(revised_at__isnull=False),
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

    @property
    def is_revised(self):
        """Return True if an editor dated an update after the day it was published."""
        return (
            self.revised_at is not None
            and self.published_at is not None
            and timezone.localdate(self.published_at) < timezone.localdate(self.revised_at)
            and self.revised_at <= timezone.now()
        )

    @property
    def modified_at(self):
        return self.revised_at if self.is_revised else self.published_at

    @property
    def hero(self):
        """Return the hero's <picture> sources from the stored renditions, or None."""
        data = self.hero_renditions
        if not self.hero_image or not data or data.get("source") != self.hero_image.name:
            return None
        url = self.hero_image.storage.url

        def srcset(renditions):
            return ", ".join(f"{url(r['name'])} {r['width']}w" for r in renditions)

        jpeg = data["jpeg"]
        fallback = jpeg[min(1, len(jpeg) - 1)]
        return {
            "src": url(fallback["name"]),
            "jpeg_srcset": srcset(jpeg),
            "webp_srcset": srcset(data["webp"]),
            "width": data["width"],
            "height": data["height"],
            "smallest": url(jpeg[0]["name"]),
        }

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


class RelatedKind(models.TextChoices):
    PIN = "pin", "Pin (show first)"
    EXCLUDE = "exclude", "Exclude (never show)"


class RelatedLink(models.Model):
    """An editor's override of the computed related articles."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Only published articles are ever shown to readers.",
    )
    kind = models.CharField(max_length=8, choices=RelatedKind.choices, default=RelatedKind.PIN)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Pinned articles are shown in this order, smallest first."
    )

    class Meta:
        ordering = ["kind", "position", "id"]
        verbose_name = "related article override"
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_link_unique"),
            models.CheckConstraint(
                condition=~Q(article=F("related")),
                name="related_link_not_self",
                violation_error_message="An article cannot be related to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.related}"


class PromoPlacement(models.TextChoices):
    AFTER_INTRO = "after_intro", "After the introduction"
    MID = "mid", "Mid-article"
    END = "end", "End of the article"


class PromoQuerySet(models.QuerySet):
    def live(self):
        now = timezone.now()
        return self.filter(is_active=True, starts_at__lte=now).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )

    def for_article(self, article):
        """Return live promos that may show on `article`, topic-targeted ones first."""
        return (
            self.live()
            .filter(Q(topic__isnull=True) | Q(topic_id=article.topic_id))
            .order_by("placement", F("topic_id").asc(nulls_last=True), "-starts_at", "-id")
        )


class Promo(models.Model):
    """A promotional slot placed between sections of article bodies."""

    name = models.CharField(max_length=120, help_text="For editors only, e.g. “Spring webinar”.")
    advertiser = models.CharField(max_length=120, help_text="Shown to readers beside the label.")
    headline = models.CharField(max_length=120, help_text="The linked line readers see.")
    text = models.CharField(max_length=300, blank=True, help_text="One or two short sentences.")
    url = models.URLField(
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where the promo leads (http or https); marked as a sponsored link.",
    )
    link_label = models.CharField(
        max_length=40, default="Learn more", help_text="The words on the link button."
    )
    placement = models.CharField(
        max_length=12,
        choices=PromoPlacement.choices,
        default=PromoPlacement.END,
        help_text="Slots sit between sections, never inside a paragraph.",
    )
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="promos",
        help_text="Show it only on articles in this topic; leave empty for every article.",
    )
    starts_at = models.DateTimeField(default=timezone.now, help_text="When it starts showing.")
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="When it stops showing; leave empty to run until paused."
    )
    is_active = models.BooleanField(
        default=True, verbose_name="active", help_text="Untick to pause it without deleting it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PromoQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="promo_ends_after_start",
                violation_error_message="A promo must end after it starts.",
            ),
        ]

    def __str__(self):
        return self.name

    def is_live(self):
        now = timezone.now()
        return (
            self.is_active
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )
