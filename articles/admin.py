from django.contrib import admin
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Concept,
    ConceptRelation,
    Industry,
    Status,
    Topic,
    UseCase,
)
from comparisons.admin import FactInline


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "author", "topic", "published_at", "featured"]
    list_filter = ["status", "featured", "topic", "author"]
    list_select_related = ["author", "topic"]
    search_fields = ["title", "teaser", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "topic", "concepts"]
    date_hierarchy = "published_at"
    readonly_fields = ["word_count", "reading_time", "first_published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "teaser", "body"]}),
        ("About", {"fields": ["author", "topic", "concepts"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "featured", "first_published_at", "updated_at"]},
        ),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("Statistics", {"fields": ["word_count", "reading_time"]}),
    ]

    @admin.display(description="State", ordering="status")
    def state(self, article):
        if article.status == Status.PUBLISHED and article.published_at > timezone.now():
            return f"Scheduled for {timezone.localtime(article.published_at):%b %d, %Y %H:%M}"
        return article.get_status_display()
