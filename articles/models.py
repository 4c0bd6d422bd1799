import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.core.links import link
from articles.core.markdown import render_markdown
from articles.core.uploads import ImageField
from articles.editorial.models import Publishable, PublishableQuerySet, published_needs_time
from articles.knowledge.models import Concept, Industry


class Author(models.Model):
    name = models.CharField(max_length=120, help_text="As shown in bylines.")
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the profile URL.")
    bio = models.TextField(blank=True, help_text="A short paragraph for the profile page.")
    avatar = ImageField(
        upload_to="authors/",
        blank=True,
        help_text="Square portrait, at least 256×256 pixels.",
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
        return link("articles:author-detail", self.slug)


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="A section of the site.")
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences for the topic page.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("articles:topic-detail", self.slug)


class ArticleQuerySet(PublishableQuerySet):
    CARD_FIELDS = (
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
    )

    def for_cards(self, *, topic=True):
        """Select what an article card shows, in the same query; `topic=False` where the
        cards do not name their topic (related articles), `topic_id` only."""
        if not topic:
            return self.select_related("author").only(*self.CARD_FIELDS, "topic_id")
        return self.select_related("author", "topic").only(
            *self.CARD_FIELDS, "topic__name", "topic__slug"
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
    hero_image = ImageField(
        upload_to="heroes/%Y/",
        blank=True,
        help_text="Wide image, at least 1600 pixels across.",
    )
    hero_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )
    hero_caption = models.CharField(max_length=250, blank=True, help_text="Optional caption.")
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
    hero_source = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="hero from the library",
        help_text="Or choose an image from the library: its file and renditions are shared, "
        "and its alternative text and caption fill the fields below when they are empty. "
        "Clear it to upload an image of this article's own.",
    )
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
    industries = models.ManyToManyField(
        Industry,
        blank=True,
        related_name="articles",
        help_text="The industries this article is about: it is listed on their pages and feeds.",
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
            # Listings page through these alone: they end in the id, the last sort key.
            models.Index(fields=["status", "-published_at", "-id"], name="article_live_idx"),
            models.Index(
                fields=["topic", "status", "-published_at", "-id"], name="article_topic_idx"
            ),
            models.Index(
                fields=["author", "status", "-published_at", "-id"], name="article_author_idx"
            ),
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
        return link("articles:article-detail", self.slug)

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
            "focus": focus_classes(data.get("focal")),
        }

    def clean(self):
        super().clean()
        if self.hero_source_id:
            # A library image as the hero: its file (and renditions) serve this article.
            source = self.hero_source
            self.hero_image = source.file.name
            self.hero_alt = self.hero_alt.strip() or source.alt
            self.hero_caption = self.hero_caption.strip() or source.caption
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the image: alternative text is required."})
        self.render_body()

    def save(self, *args, **kwargs):
        # Derived from the row itself, so every write path (shell, import, service) stores it.
        self.render_body()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, *DERIVED_BODY_FIELDS}
        super().save(*args, **kwargs)

    def render_body(self):
        """Store the sanitised HTML, contents and reading time beside the Markdown."""
        rendered = render_markdown(self.body)
        self.body_html = rendered.html
        self.toc = rendered.toc
        self.word_count = rendered.word_count
        self.reading_time = rendered.reading_time


DERIVED_BODY_FIELDS = ("body_html", "toc", "word_count", "reading_time")


class RelatedKind(models.TextChoices):
    PIN = "pin", "Pin (show first)"
    EXCLUDE = "exclude", "Exclude (never show)"


def focus_classes(focal):
    """Return the classes that keep a focal point [x %, y %] in view where an image is
    cropped (site.css: `.fx-*`, `.fy-*`, in steps of 10 %); "" for the centre."""
    try:
        x, y = (max(0, min(100, round(int(value) / 10) * 10)) for value in focal)
    except (TypeError, ValueError):
        return ""
    return "" if (x, y) == (50, 50) else f"fx-{x} fy-{y}"


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

    def targeted_first(self):
        """By placement; within one, promos aimed at a topic before general ones, then newest."""
        return self.order_by("placement", F("topic_id").asc(nulls_last=True), "-starts_at", "-id")


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


def new_token():
    return secrets.token_urlsafe(32)


def default_expiry():
    return timezone.now() + timedelta(days=7)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A secret, expiring, revocable address where someone without an account reads a draft."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        db_table = "editorial_previewlink"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Preview of “{self.article}” until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("articles:shared-preview", args=[self.token])

    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class OldSlug(models.Model):
    """A slug a published article used to have: its old address redirects permanently."""

    slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "editorial_oldslug"
        ordering = ["slug"]
        verbose_name = "old address"

    def __str__(self):
        return f"{self.slug} → {self.article.slug}"


class LegacyPath(models.Model):
    """An address an imported article had on its old site: it redirects permanently."""

    path = models.CharField(
        max_length=500,
        unique=True,
        help_text="The old path, e.g. “/2025/03/11/slug/”, or “/?p=123” for a post id.",
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="legacy_paths")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["path"]
        verbose_name = "old address from an import"

    def __str__(self):
        return f"{self.path} → {self.article.slug}"


class ImportedItem(models.Model):
    """What an import made of an item from another system, so that importing it again
    updates it instead of adding a copy."""

    source = models.CharField(
        max_length=500,
        unique=True,
        help_text="The item's key in its system, e.g. “wordpress:https://example.com/?p=123”.",
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    image = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) ^ Q(image__isnull=True),
                name="imported_item_one_target",
                violation_error_message="An imported item is an article or an image.",
            ),
        ]

    def __str__(self):
        return self.source


class DependencyKind(models.TextChoices):
    CONCEPT = "concept", "Concept"
    FACT = "fact", "Fact"
    USE_CASE = "use_case", "Use-case"


class ArticleDependency(models.Model):
    """A knowledge-base item an article states or links: its concepts, the concept pages its
    body links to, and the facts and use-cases it embeds. Recomputed on every save."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dependencies")
    kind = models.CharField(max_length=8, choices=DependencyKind.choices)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["article", "kind", "object_id"]
        verbose_name_plural = "article dependencies"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "object_id"], name="article_dependency_unique"
            ),
        ]
        indexes = [
            # "Which articles depend on this fact?" reads this index alone.
            models.Index(fields=["kind", "object_id", "article"], name="article_dependency_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} depends on {self.kind} {self.object_id}"


class Resolution(models.TextChoices):
    HOLDS = "holds", "Confirmed: the article still holds"
    NOTED = "noted", "Confirmed and noted on the page"


class NeedsLookQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class NeedsLook(models.Model):
    """A fact, use-case or concept a live article depends on changed after it was published:
    an editor checks that the article still holds."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="needs_looks")
    kind = models.CharField(max_length=8, choices=DependencyKind.choices)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(
        max_length=250, help_text="What changed, e.g. “Context window of GPT-4”."
    )
    changed_at = models.DateTimeField(default=timezone.now, help_text="The latest change.")
    before = models.JSONField(
        default=dict, blank=True, help_text="What it said before the first unreviewed change."
    )
    after = models.JSONField(default=dict, blank=True, help_text="What it says now.")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(max_length=8, choices=Resolution.choices, blank=True)

    objects = NeedsLookQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "needs a look"
        verbose_name_plural = "needs a look"
        constraints = [
            # Repeated changes to one item coalesce into its open entry.
            models.UniqueConstraint(
                fields=["article", "kind", "object_id"],
                condition=Q(resolved_at__isnull=True),
                name="needs_look_one_open",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-changed_at"],
                condition=Q(resolved_at__isnull=True),
                name="needs_look_open_idx",
            ),
        ]

    def __str__(self):
        return f"{self.label} changed ({self.article})"


class FactNote(models.Model):
    """“Updated facts: …” on an article's page, left by an editor who confirmed a change."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="fact_notes")
    kind = models.CharField(max_length=8, choices=DependencyKind.choices)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=250)
    changed_at = models.DateTimeField(help_text="When the fact changed: readers see its date.")
    noted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "object_id"], name="fact_note_unique"
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.changed_at:%Y-%m-%d})"
