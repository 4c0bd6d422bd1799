from django.contrib import admin, messages

from articles.models import (
    Article,
    Author,
    Concept,
    ConceptRelation,
    Industry,
    Promo,
    RelatedLink,
    Topic,
    UseCase,
)
from articles.services import article_hero_renditions
from articles.editorial.admin import ArticleEditorialAdmin
from comparisons.admin import FactInline, mark_use_cases_verified


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class RelationInline(admin.TabularInline):
    model = ConceptRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = "relation"
    verbose_name_plural = "relations (this concept … another)"


class UseCaseInline(admin.StackedInline):
    model = UseCase
    extra = 0
    autocomplete_fields = ["industry"]


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "definition", "aliases"]
    list_filter = ["family"]
    search_fields = ["name", "aliases", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "definition", "aliases", "family", "explanation"]
    inlines = [RelationInline, FactInline, UseCaseInline]


@admin.register(ConceptRelation)
class ConceptRelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]
    search_fields = ["source__name", "target__name"]
    autocomplete_fields = ["source", "target"]


@admin.register(UseCase)
class UseCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "concept", "industry", "as_of"]
    list_filter = ["industry", "as_of"]
    list_select_related = ["concept", "industry"]
    search_fields = ["title", "text", "concept__name", "industry__name"]
    autocomplete_fields = ["concept", "industry"]
    actions = [mark_use_cases_verified]


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    fields = ["kind", "related", "position"]
    autocomplete_fields = ["related"]
    verbose_name_plural = "related articles: pin or exclude (the rest are picked automatically)"


@admin.register(Article)
class ArticleAdmin(ArticleEditorialAdmin):
    list_display = ["title", "state", "author", "topic", "published_at", "featured"]
    list_filter = ["status", "featured", "topic", "author"]
    list_select_related = ["author", "topic"]
    search_fields = ["title", "teaser", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "topic", "concepts"]
    date_hierarchy = "published_at"
    readonly_fields = ["word_count", "reading_time", "first_published_at", "updated_at"]
    inlines = [RelatedLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "teaser", "body", "glossary_links"]}),
        ("About", {"fields": ["author", "topic", "concepts"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "revised_at",
                    "featured",
                    "first_published_at",
                    "updated_at",
                ]
            },
        ),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("Statistics", {"fields": ["word_count", "reading_time"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            article_hero_renditions(article=obj)
        # Pillow raises OSError subclasses for files it cannot read.
        except (OSError, ValueError) as error:
            self.message_user(
                request,
                f"The article was saved, but its hero image could not be resized ({error}). "
                "Upload it again as a JPEG, PNG or WebP file.",
                messages.WARNING,
            )


@admin.register(Promo)
class PromoAdmin(admin.ModelAdmin):
    list_display = ["name", "advertiser", "placement", "topic", "starts_at", "ends_at", "live"]
    list_filter = ["placement", "is_active", "topic"]
    list_select_related = ["topic"]
    search_fields = ["name", "advertiser", "headline"]
    autocomplete_fields = ["topic"]
    date_hierarchy = "starts_at"
    fieldsets = [
        (None, {"fields": ["name", "advertiser", "headline", "text", "url", "link_label"]}),
        ("Where and when", {"fields": ["placement", "topic", "starts_at", "ends_at", "is_active"]}),
    ]

    @admin.display(description="Showing now", boolean=True)
    def live(self, promo):
        return promo.is_live()
