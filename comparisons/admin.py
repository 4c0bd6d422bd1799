import re

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST, require_safe

from articles.core.markdown import render_markdown
from articles.core.numbers import whole_number
from articles.editorial.admin import EditorialAdmin, HistoryAdmin
from articles.editorial.autocomplete import AutocompleteAdmin
from articles.knowledge.models import Concept, Dimension
from articles.knowledge.tables import FactTable
from comparisons.models import (
    MAX_CONCEPTS,
    Comparison,
    ComparisonConcept,
    ComparisonDimension,
    pair_path,
)


class ComparisonConceptFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if not 2 <= len(kept) <= MAX_CONCEPTS:
            raise ValidationError(
                f"A comparison sets two or three concepts side by side; this one has {len(kept)}."
            )


class ComparisonConceptInline(admin.TabularInline):
    model = ComparisonConcept
    formset = ComparisonConceptFormSet
    extra = 0
    min_num = 2
    max_num = MAX_CONCEPTS
    # Plain selects, so that every change reaches the live preview as a native event.
    fields = ["concept", "position"]


class ComparisonDimensionInline(admin.TabularInline):
    model = ComparisonDimension
    extra = 0
    fields = ["dimension", "position"]


def posted_ids(data, prefix, field):
    """Return the ids chosen in an inline formset's POST data, in position order."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)-{re.escape(field)}", re.ASCII)
    rows = []
    for key, value in data.items():
        match = pattern.fullmatch(key)
        chosen = whole_number(value, minimum=1) if match else None
        if chosen is None:
            continue
        index = match.group(1)
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        position = whole_number(data.get(f"{prefix}-{index}-position", ""), maximum=32767)
        rows.append((position or 0, int(index), chosen))
    return list(dict.fromkeys(value for *_, value in sorted(rows)))


@admin.register(Comparison)
class ComparisonAdmin(AutocompleteAdmin, EditorialAdmin, HistoryAdmin):
    list_display = ["title", "state", "published_at", "featured"]
    list_filter = ["status", "featured"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related_articles"]
    date_hierarchy = "published_at"
    inlines = [ComparisonConceptInline, ComparisonDimensionInline]
    readonly_fields = ["first_published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "similarities", "verdict"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "featured", "first_published_at", "updated_at"]},
        ),
        ("Related", {"fields": ["related_articles"]}),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "preview/",
                view(require_POST(self.preview_view)),
                name="comparisons_comparison_preview",
            ),
            path(
                "<int:object_id>/preview/",
                view(require_safe(self.saved_preview_view)),
                name="comparisons_comparison_saved_preview",
            ),
        ] + super().get_urls()

    def preview_view(self, request):
        """Render the table the comparison being edited would show, from the unsaved form."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        concept_ids = posted_ids(request.POST, "comparison_concepts", "concept")
        dimension_ids = posted_ids(request.POST, "comparison_dimensions", "dimension")
        concepts = Concept.objects.in_bulk(concept_ids)
        dimensions = Dimension.objects.in_bulk(dimension_ids)
        own = request.GET.get("comparison", "")
        context = self.preview_context(
            [concepts[pk] for pk in concept_ids if pk in concepts],
            [dimensions[pk] for pk in dimension_ids if pk in dimensions],
            exclude=whole_number(own, minimum=1),
        ) | {
            "title": request.POST.get("title", "").strip(),
            "verdict_html": render_markdown(request.POST.get("verdict", "")).html,
        }
        return TemplateResponse(
            request, "admin/comparisons/comparison/preview.html#preview", context
        )

    def saved_preview_view(self, request, object_id):
        comparison = get_object_or_404(Comparison, pk=object_id)
        if not self.has_view_or_change_permission(request, comparison):
            raise PermissionDenied
        concepts = [row.concept for row in comparison.comparison_concepts.select_related("concept")]
        dimensions = [
            row.dimension for row in comparison.comparison_dimensions.select_related("dimension")
        ]
        context = self.preview_context(concepts, dimensions, exclude=comparison.pk) | {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": comparison,
            "title": comparison.title,
            "verdict_html": comparison.verdict_html,
            "introduction_html": comparison.introduction_html,
            "similarities_html": comparison.similarities_html,
        }
        return TemplateResponse(request, "admin/comparisons/comparison/preview.html", context)

    def preview_context(self, concepts, dimensions, *, exclude):
        notes, table, public_url = [], None, None
        if len(concepts) < 2:
            notes.append("Choose at least two concepts: the table needs two columns.")
        elif len(concepts) > MAX_CONCEPTS:
            notes.append(f"Readers' pages compare at most {MAX_CONCEPTS} concepts; remove one.")
        else:
            public_url = reverse("comparisons:compare", args=[pair_path(c.slug for c in concepts)])
            others = Comparison.objects.published().covering(concepts)
            if exclude is not None:
                others = others.exclude(pk=exclude)
            for other in others:
                notes.append(
                    f"The published comparison “{other.title}” covers the same concepts; "
                    "readers see whichever was published most recently."
                )
        if concepts:
            table = FactTable(concepts[:MAX_CONCEPTS], dimensions or None)
        gaps = []
        if table is not None and table.missing:
            missing = {}
            for dimension, concept in table.missing:
                missing.setdefault(concept, []).append(dimension)
            gaps = [
                (concept, dims, reverse("admin:knowledge_fact_grid", args=[concept.pk]))
                for concept, dims in missing.items()
            ]
        return {
            "concepts": concepts,
            "dimensions": dimensions,
            "notes": notes,
            "gaps": gaps,
            "table": table,
            "names": " vs ".join(c.name for c in concepts),
            "column_headers": [(c, None) for c in concepts[:MAX_CONCEPTS]],
            "preview": True,
            "public_url": public_url,
        }
