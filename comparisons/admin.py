import calendar
import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from articles.markdown import render_markdown
from articles.models import Concept, Industry, UseCase
from articles.editorial.admin import ComparisonEditorialAdmin
from comparisons.forms import FactForm, FactGridForm, FreshnessForm, fact_version
from comparisons.models import (
    MAX_CONCEPTS,
    Comparison,
    ComparisonConcept,
    ComparisonDimension,
    ComparisonTable,
    Dimension,
    Fact,
    pair_path,
)

# Each section of the freshness report lists at most this many rows.
REPORT_LIMIT = 200


def stale_months():
    return getattr(settings, "COMPENDIUM_STALE_MONTHS", 12)


def months_before(day, months):
    """Return the same day `months` calendar months earlier (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def mark_verified(request, queryset, field):
    """Set `field` to today on every row not already verified today, recording history."""
    today = timezone.localdate()
    objects = list(queryset.exclude(**{field: today}))
    fields = [field]
    for obj in objects:
        setattr(obj, field, today)
        if hasattr(obj, "updated_at"):
            obj.updated_at = timezone.now()
    if objects and hasattr(objects[0], "updated_at"):
        fields.append("updated_at")
    bulk_update_with_history(
        objects,
        queryset.model,
        fields,
        default_user=request.user,
        default_change_reason="Marked verified today",
    )
    return len(objects)


@admin.action(description="Mark selected facts verified today", permissions=["change"])
def mark_facts_verified(modeladmin, request, queryset):
    count = mark_verified(request, queryset, "verified_on")
    modeladmin.message_user(
        request, f"Marked {count} fact{'s' if count != 1 else ''} verified today."
    )


@admin.action(description="Mark selected use-cases verified today", permissions=["change"])
def mark_use_cases_verified(modeladmin, request, queryset):
    count = mark_verified(request, queryset, "as_of")
    modeladmin.message_user(
        request, f"Marked {count} use-case{'s' if count != 1 else ''} verified today."
    )


class StaleFilter(admin.SimpleListFilter):
    title = "freshness"
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        months = stale_months()
        return [
            ("stale", f"Not verified for {months} months"),
            ("fresh", f"Verified in the last {months} months"),
        ]

    def queryset(self, request, queryset):
        cutoff = months_before(timezone.localdate(), stale_months())
        if self.value() == "stale":
            return queryset.filter(verified_on__lt=cutoff)
        if self.value() == "fresh":
            return queryset.filter(verified_on__gte=cutoff)
        return queryset


def cells_on_live_comparisons(has_fact):
    """Return the (concept id, dimension id) cells that published comparisons show readers."""
    live = Comparison.objects.published()
    concepts, dimensions = {}, {}
    for comparison_id, concept_id in ComparisonConcept.objects.filter(
        comparison__in=live
    ).values_list("comparison_id", "concept_id"):
        concepts.setdefault(comparison_id, set()).add(concept_id)
    for comparison_id, dimension_id in ComparisonDimension.objects.filter(
        comparison__in=live
    ).values_list("comparison_id", "dimension_id"):
        dimensions.setdefault(comparison_id, set()).add(dimension_id)
    cells = set()
    for comparison_id, members in concepts.items():
        # With no chosen dimensions, readers see every dimension with at least one fact.
        rows = dimensions.get(comparison_id) or {d for c, d in has_fact if c in members}
        cells |= {(concept, dimension) for concept in members for dimension in rows}
    return cells


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
class FactAdmin(SimpleHistoryAdmin):
    form = FactForm
    list_display = ["concept", "dimension", "short_text", "verified_on"]
    list_filter = [StaleFilter, "dimension", "verified_on"]
    list_select_related = ["concept", "dimension"]
    search_fields = ["text", "concept__name", "dimension__name"]
    autocomplete_fields = ["concept", "dimension"]
    date_hierarchy = "verified_on"
    actions = [mark_facts_verified]

    @admin.display(description="Fact")
    def short_text(self, fact):
        return fact.text if len(fact.text) <= 90 else fact.text[:89] + "…"

    def get_urls(self):
        view = self.admin_site.admin_view
        get_or_post = require_http_methods(["GET", "POST"])
        return [
            path(
                "grid/",
                view(require_GET(self.grid_index_view)),
                name="comparisons_fact_grid_index",
            ),
            path(
                "grid/<int:concept_id>/",
                view(get_or_post(self.grid_view)),
                name="comparisons_fact_grid",
            ),
            path(
                "freshness/",
                view(require_GET(self.freshness_view)),
                name="comparisons_fact_freshness",
            ),
        ] + super().get_urls()

    def tool_context(self, request, title):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title}

    @staticmethod
    def require(request, *perms):
        if not request.user.has_perms(perms):
            raise PermissionDenied

    def grid_index_view(self, request):
        self.require(request, "comparisons.change_fact")
        concepts = (
            Concept.objects.annotate(documented=Count("facts"))
            .only("name", "family")
            .order_by("name")
        )
        context = self.tool_context(request, "Fact grids") | {
            "concepts": concepts,
            "dimension_count": Dimension.objects.count(),
        }
        return TemplateResponse(request, "admin/comparisons/fact/grid_index.html", context)

    def grid_view(self, request, concept_id):
        self.require(request, "comparisons.change_fact")
        concept = get_object_or_404(Concept, pk=concept_id)
        dimensions = list(Dimension.objects.all())
        facts = {fact.dimension_id: fact for fact in concept.facts.all()}
        data = request.POST.copy() if request.method == "POST" else None
        rows = [FactGridForm(data, dimension=d, fact=facts.get(d.pk)) for d in dimensions]
        if data is not None:
            valid = [form.is_valid() for form in rows]
            if all(valid) and self.save_grid(request, concept, rows, data):
                return redirect(request.path)
            messages.error(request, "Nothing was saved: correct the rows marked below.")
        context = self.tool_context(request, f"Facts about {concept.name}") | {
            "concept": concept,
            "rows": rows,
            "documented": len(facts),
            "can_add": request.user.has_perm("comparisons.add_fact"),
            "can_delete": request.user.has_perm("comparisons.delete_fact"),
            "public_url": concept.get_absolute_url(),
        }
        return TemplateResponse(request, "admin/comparisons/fact/grid.html", context)

    def save_grid(self, request, concept, rows, data):
        """Apply every changed row in one transaction, or none; return True when saved."""
        changes = [(form, form.action) for form in rows if form.action]
        if not changes:
            messages.info(request, "Nothing changed.")
            return True
        needed = {
            "create": ("comparisons.add_fact", "add"),
            "update": ("comparisons.change_fact", "change"),
            "delete": ("comparisons.delete_fact", "delete"),
        }
        with transaction.atomic():
            current = {
                fact.dimension_id: fact
                for fact in Fact.objects.select_for_update().filter(concept=concept)
            }
            pending, ok = [], True
            for form, action in changes:
                perm, verb = needed[action]
                fact = current.get(form.dimension.pk)
                if not request.user.has_perm(perm):
                    form.add_error(None, f"You do not have permission to {verb} facts.")
                    ok = False
                    continue
                if fact_version(fact) != form.cleaned_data["version"]:
                    theirs = f"“{fact.text}”" if fact else "nothing (they deleted it)"
                    form.add_error(
                        None,
                        "Someone else saved this row while you were editing; it now says "
                        f"{theirs}. Your text is kept below: save again to replace theirs.",
                    )
                    data[f"{form.prefix}-version"] = fact_version(fact)
                    ok = False
                    continue
                if action == "delete":
                    pending.append((action, fact))
                    continue
                fact = fact or Fact(concept=concept, dimension=form.dimension)
                fact.text = form.cleaned_data["text"]
                fact.sources = form.cleaned_data["sources"]
                fact.verified_on = form.cleaned_data["verified_on"]
                try:
                    fact.full_clean()
                except ValidationError as error:
                    for field, messages_ in error.message_dict.items():
                        target = field if field in form.fields else None
                        for message in messages_:
                            form.add_error(target, message)
                    ok = False
                    continue
                pending.append((action, fact))
            if not ok:
                return False
            for action, fact in pending:
                fact._change_reason = "Fact grid"
                if action == "delete":
                    fact.delete()
                else:
                    fact.save()
        counts = {verb: sum(1 for a, _ in pending if a == verb) for verb in needed}
        summary = ", ".join(
            f"{n} {label}"
            for label, n in [
                ("added", counts["create"]),
                ("updated", counts["update"]),
                ("deleted", counts["delete"]),
            ]
            if n
        )
        messages.success(request, f"Saved the facts about {concept.name}: {summary}.")
        return True

    def freshness_view(self, request):
        self.require(request, "comparisons.view_fact")
        default = stale_months()
        form = FreshnessForm(request.GET or None, initial={"months": default})
        months = default
        if form.is_bound and form.is_valid() and form.cleaned_data["months"]:
            months = form.cleaned_data["months"]
        cutoff = months_before(timezone.localdate(), months)

        stale_facts = (
            Fact.objects.filter(verified_on__lt=cutoff)
            .select_related("concept", "dimension")
            .order_by("verified_on", "concept__name")
        )
        stale_use_cases = (
            UseCase.objects.filter(as_of__lt=cutoff)
            .select_related("concept", "industry")
            .order_by("as_of", "concept__name")
        )
        concepts = list(Concept.objects.only("name"))
        dimensions = list(Dimension.objects.only("name"))
        industries = list(Industry.objects.only("name"))
        has_fact = set(Fact.objects.values_list("concept_id", "dimension_id"))
        has_use = set(UseCase.objects.values_list("concept_id", "industry_id"))
        shown = cells_on_live_comparisons(has_fact)
        missing_facts = sorted(
            (
                ((concept.pk, dimension.pk) in shown, concept, dimension)
                for concept in concepts
                for dimension in dimensions
                if (concept.pk, dimension.pk) not in has_fact
            ),
            key=lambda row: (not row[0], row[1].name.casefold(), row[2].name),
        )
        missing_use_cases = [
            (concept, industry)
            for concept in concepts
            for industry in industries
            if (concept.pk, industry.pk) not in has_use
        ]
        context = self.tool_context(request, "Freshness report") | {
            "form": form,
            "months": months,
            "cutoff": cutoff,
            "limit": REPORT_LIMIT,
            "stale_facts": stale_facts[:REPORT_LIMIT],
            "stale_fact_count": stale_facts.count(),
            "stale_use_cases": stale_use_cases[:REPORT_LIMIT],
            "stale_use_case_count": stale_use_cases.count(),
            "missing_facts": missing_facts[:REPORT_LIMIT],
            "missing_fact_count": len(missing_facts),
            "missing_use_cases": missing_use_cases[:REPORT_LIMIT],
            "missing_use_case_count": len(missing_use_cases),
            "fact_list_url": reverse("admin:comparisons_fact_changelist")
            + f"?verified_on__lt={cutoff.isoformat()}",
            "use_case_list_url": reverse("admin:articles_usecase_changelist")
            + f"?as_of__lt={cutoff.isoformat()}",
        }
        return TemplateResponse(request, "admin/comparisons/fact/freshness.html", context)


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
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)-{re.escape(field)}")
    rows = []
    for key, value in data.items():
        match = pattern.fullmatch(key)
        if not match or not value.isdigit():
            continue
        index = match.group(1)
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        position = data.get(f"{prefix}-{index}-position", "")
        rows.append((int(position) if position.isdigit() else 0, int(index), int(value)))
    return list(dict.fromkeys(value for *_, value in sorted(rows)))


@admin.register(Comparison)
class ComparisonAdmin(ComparisonEditorialAdmin, SimpleHistoryAdmin):
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
                view(require_GET(self.saved_preview_view)),
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
            exclude=int(own) if own.isdigit() else None,
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
            table = ComparisonTable(concepts[:MAX_CONCEPTS], dimensions or None)
        gaps = []
        if table is not None and table.missing:
            missing = {}
            for dimension, concept in table.missing:
                missing.setdefault(concept, []).append(dimension)
            gaps = [
                (concept, dims, reverse("admin:comparisons_fact_grid", args=[concept.pk]))
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
