from django.contrib import admin

from comparisons.forms import FactForm
from comparisons.models import Comparison, ComparisonConcept, ComparisonDimension, Dimension, Fact


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "description"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class FactInline(admin.TabularInline):
    model = Fact
    form = FactForm
    fields = ["dimension", "text", "sources", "verified_on"]
    extra = 0
    autocomplete_fields = ["dimension"]


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin):
    form = FactForm
    list_display = ["concept", "dimension", "short_text", "verified_on"]
    list_filter = ["dimension", "verified_on"]
    list_select_related = ["concept", "dimension"]
    search_fields = ["text", "concept__name", "dimension__name"]
    autocomplete_fields = ["concept", "dimension"]
    date_hierarchy = "verified_on"

    @admin.display(description="Fact")
    def short_text(self, fact):
        return fact.text if len(fact.text) <= 90 else fact.text[:89] + "…"


class ComparisonConceptInline(admin.TabularInline):
    model = ComparisonConcept
    extra = 0
    min_num = 2
    autocomplete_fields = ["concept"]


class ComparisonDimensionInline(admin.TabularInline):
    model = ComparisonDimension
    extra = 0
    autocomplete_fields = ["dimension"]


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "featured"]
    list_filter = ["status", "featured"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related_articles"]
    date_hierarchy = "published_at"
    inlines = [ComparisonConceptInline, ComparisonDimensionInline]
    readonly_fields = ["first_published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "similarities", "verdict"]}),
        ("Publishing", {"fields": ["status", "published_at", "featured", "first_published_at", "updated_at"]}),
        ("Related", {"fields": ["related_articles"]}),
    ]
