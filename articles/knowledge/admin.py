import calendar
import difflib

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.core import extensions
from articles.core.maintenance import KeepWorkAdmin
from articles.core.numbers import whole_number
from articles.editorial.admin import HistoryAdmin
from articles.editorial.autocomplete import AutocompleteAdmin
from articles.knowledge.forms import (
    FactForm,
    FactGridForm,
    FreshnessForm,
    SuggestionDecisionForm,
)
from articles.knowledge.models import (
    Concept,
    ConceptRelation,
    Dimension,
    Fact,
    Industry,
    Suggestion,
    SuggestionKind,
    SuggestionStatus,
    UseCase,
)
from articles.knowledge.services import (
    FactEdit,
    FactGridError,
    fact_grid_save,
    mark_verified,
    suggestion_accept,
    suggestion_reject,
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


@admin.action(description="Mark selected facts verified today", permissions=["change"])
def mark_facts_verified(modeladmin, request, queryset):
    count = mark_verified(queryset=queryset, field="verified_on", by=request.user)
    modeladmin.message_user(
        request, f"Marked {count} fact{'s' if count != 1 else ''} verified today."
    )


@admin.action(description="Mark selected use-cases verified today", permissions=["change"])
def mark_use_cases_verified(modeladmin, request, queryset):
    count = mark_verified(queryset=queryset, field="as_of", by=request.user)
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


@admin.register(Dimension)
class DimensionAdmin(KeepWorkAdmin, admin.ModelAdmin):
    list_display = ["name", "position", "description"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class FactInline(AutocompleteAdmin, admin.TabularInline):
    model = Fact
    form = FactForm
    fields = ["dimension", "value", "text", "sources", "verified_on"]
    extra = 0
    autocomplete_fields = ["dimension"]


@admin.register(Fact)
class FactAdmin(AutocompleteAdmin, HistoryAdmin):
    form = FactForm
    # `value` is listed here because the shared FactForm does not name it.
    fields = ["concept", "dimension", "value", "text", "sources", "verified_on"]
    list_display = ["concept", "dimension", "value", "short_text", "verified_on"]
    list_filter = [StaleFilter, "dimension", "verified_on"]
    list_select_related = ["concept", "dimension"]
    search_fields = ["value", "text", "concept__name", "dimension__name"]
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
                view(require_safe(self.grid_index_view)),
                name="knowledge_fact_grid_index",
            ),
            path(
                "grid/<int:concept_id>/",
                view(get_or_post(self.grid_view)),
                name="knowledge_fact_grid",
            ),
            path(
                "freshness/",
                view(require_safe(self.freshness_view)),
                name="knowledge_fact_freshness",
            ),
        ] + super().get_urls()

    def tool_context(self, request, title):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title}

    @staticmethod
    def require(request, *perms):
        if not request.user.has_perms(perms):
            raise PermissionDenied

    def grid_index_view(self, request):
        self.require(request, "knowledge.change_fact")
        concepts = (
            Concept.objects.annotate(documented=Count("facts"))
            .only("name", "family")
            .order_by("name")
        )
        context = self.tool_context(request, "Fact grids") | {
            "concepts": concepts,
            "dimension_count": Dimension.objects.count(),
        }
        return TemplateResponse(request, "admin/knowledge/fact/grid_index.html", context)

    def grid_view(self, request, concept_id):
        self.require(request, "knowledge.change_fact")
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
            "can_add": request.user.has_perm("knowledge.add_fact"),
            "can_delete": request.user.has_perm("knowledge.delete_fact"),
            "public_url": concept.get_absolute_url(),
        }
        return TemplateResponse(request, "admin/knowledge/fact/grid.html", context)

    def save_grid(self, request, concept, rows, data):
        """Apply every changed row through the service, or none; return True when saved."""
        edits = [
            FactEdit(
                dimension=form.dimension,
                action=form.action,
                text=form.cleaned_data["text"],
                value=form.cleaned_data["value"],
                sources=tuple(form.cleaned_data["sources"]),
                verified_on=form.cleaned_data["verified_on"],
                version=form.cleaned_data["version"],
            )
            for form in rows
            if form.action
        ]
        if not edits:
            messages.info(request, "Nothing changed.")
            return True
        try:
            counts = fact_grid_save(concept=concept, edits=edits, by=request.user)
        except FactGridError as error:
            for form in rows:
                for name, message in error.errors.get(form.dimension.pk, []):
                    form.add_error(name if name in form.fields else None, message)
                if form.dimension.pk in error.versions:
                    data[f"{form.prefix}-version"] = error.versions[form.dimension.pk]
            return False
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
        self.require(request, "knowledge.view_fact")
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
        shown_stale_facts = list(stale_facts[:REPORT_LIMIT])
        # The live articles stating each fact (higher layers provide them, in fixed queries).
        dependents = {}
        for function in extensions.functions("fact-dependents"):
            dependents |= function([fact.pk for fact in shown_stale_facts])
        for fact in shown_stale_facts:
            fact.dependents = dependents.get(fact.pk, {"articles": [], "more": 0})
        concepts = list(Concept.objects.only("name"))
        dimensions = list(Dimension.objects.only("name"))
        industries = list(Industry.objects.only("name"))
        has_fact = set(Fact.objects.values_list("concept_id", "dimension_id"))
        has_use = set(UseCase.objects.values_list("concept_id", "industry_id"))
        shown = extensions.union_from("cells-shown", has_fact)
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
            "stale_facts": shown_stale_facts,
            "stale_fact_count": stale_facts.count(),
            "stale_use_cases": stale_use_cases[:REPORT_LIMIT],
            "stale_use_case_count": stale_use_cases.count(),
            "missing_facts": missing_facts[:REPORT_LIMIT],
            "missing_fact_count": len(missing_facts),
            "missing_use_cases": missing_use_cases[:REPORT_LIMIT],
            "missing_use_case_count": len(missing_use_cases),
            "fact_list_url": reverse("admin:knowledge_fact_changelist")
            + f"?verified_on__lt={cutoff.isoformat()}",
            "use_case_list_url": reverse("admin:knowledge_usecase_changelist")
            + f"?as_of__lt={cutoff.isoformat()}",
        }
        return TemplateResponse(request, "admin/knowledge/fact/freshness.html", context)


@admin.register(Industry)
class IndustryAdmin(KeepWorkAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class RelationInline(AutocompleteAdmin, admin.TabularInline):
    model = ConceptRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = "relation"
    verbose_name_plural = "relations (this concept … another)"


class UseCaseInline(AutocompleteAdmin, admin.StackedInline):
    model = UseCase
    extra = 0
    autocomplete_fields = ["industry"]


@admin.register(Concept)
class ConceptAdmin(KeepWorkAdmin, admin.ModelAdmin):
    list_display = ["name", "family", "definition", "aliases"]
    list_filter = ["family"]
    search_fields = ["name", "aliases", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "definition", "aliases", "family", "explanation"]
    inlines = [RelationInline, FactInline, UseCaseInline]


@admin.register(ConceptRelation)
class ConceptRelationAdmin(KeepWorkAdmin, AutocompleteAdmin, admin.ModelAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]
    search_fields = ["source__name", "target__name"]
    autocomplete_fields = ["source", "target"]


@admin.register(UseCase)
class UseCaseAdmin(KeepWorkAdmin, AutocompleteAdmin, admin.ModelAdmin):
    list_display = ["title", "concept", "industry", "as_of"]
    list_filter = ["industry", "as_of"]
    list_select_related = ["concept", "industry"]
    search_fields = ["title", "text", "concept__name", "industry__name"]
    autocomplete_fields = ["concept", "industry"]
    actions = [mark_use_cases_verified]


def word_diff(old, new):
    """Return `old` → `new` as HTML, removed words in <del> and added ones in <ins>."""
    a, b = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return format_html_join(" ", "{}", ((part,) for part in parts))


@admin.action(description="Reject selected suggestions", permissions=["change"])
def reject_suggestions(modeladmin, request, queryset):
    count = suggestion_reject(suggestions=queryset, by=request.user)
    modeladmin.message_user(request, f"Rejected {count} suggestion{'s' if count != 1 else ''}.")


@admin.register(Suggestion)
class SuggestionAdmin(KeepWorkAdmin, admin.ModelAdmin):
    """The curators' queue of readers' corrections: read, then accept or reject."""

    list_display = ["number", "kind", "target_link", "short_text", "status", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = [
        "fact__concept",
        "fact__dimension",
        "use_case__concept",
        "use_case__industry",
    ]
    search_fields = ["text", "value", "source_url"]
    date_hierarchy = "created_at"
    actions = [reject_suggestions]
    fieldsets = [
        (None, {"fields": ["target_link", "status", "created_at"]}),
        (
            "The correction",
            {"fields": ["current_text", "proposed_text", "changes", "value_change", "source"]},
        ),
        ("From", {"fields": ["email", "same_sender"]}),
        ("Decision", {"fields": ["decided_by", "decided_at", "note"]}),
    ]
    readonly_fields = [
        "target_link",
        "status",
        "created_at",
        "current_text",
        "proposed_text",
        "changes",
        "value_change",
        "source",
        "email",
        "same_sender",
        "decided_by",
        "decided_at",
        "note",
    ]

    def has_add_permission(self, request):
        return False  # Readers file them, on the public site.

    @admin.display(description="#", ordering="pk")
    def number(self, suggestion):
        return f"#{suggestion.pk}"

    @admin.display(description="Correction of")
    def target_link(self, suggestion):
        target = suggestion.target
        if suggestion.kind == SuggestionKind.FACT:
            label = f"{target.concept.name}: {target.dimension.name}"
            public = target.concept.get_absolute_url()
        else:
            label = f"{target.concept.name} in {target.industry.name}"
            public = target.get_absolute_url()
        info = target._meta.app_label, target._meta.model_name
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">on the site</a>)',
            reverse("admin:{}_{}_change".format(*info), args=[target.pk]),
            label,
            public,
        )

    @admin.display(description="Proposed text")
    def short_text(self, suggestion):
        text = suggestion.text
        return text if len(text) <= 90 else text[:89] + "…"

    @admin.display(description="Current text")
    def current_text(self, suggestion):
        return suggestion.target.text

    @admin.display(description="Proposed text")
    def proposed_text(self, suggestion):
        return suggestion.text

    @admin.display(description="Changes (removed struck through, added underlined)")
    def changes(self, suggestion):
        return word_diff(suggestion.target.text, suggestion.text)

    @admin.display(description="Short value / title")
    def value_change(self, suggestion):
        if not suggestion.value:
            return "Unchanged"
        target = suggestion.target
        current = target.value if suggestion.kind == SuggestionKind.FACT else target.title
        return format_html("“{}” → “{}”", current, suggestion.value)

    @admin.display(description="Source given")
    def source(self, suggestion):
        if not suggestion.source_url:
            return "None"
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>',
            suggestion.source_url,
            suggestion.source_url,
        )

    @admin.display(description="Same sender")
    def same_sender(self, suggestion):
        count = Suggestion.objects.filter(fingerprint=suggestion.fingerprint).count()
        url = reverse("admin:knowledge_suggestion_changelist")
        return format_html(
            '<a href="{}?fingerprint={}">{} suggestion{} from the same network</a>',
            url,
            suggestion.fingerprint,
            count,
            "s" if count != 1 else "",
        )

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "fingerprint" or super().lookup_allowed(lookup, value, request)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/decide/",
                view(require_POST(self.decide_view)),
                name="knowledge_suggestion_decide",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        if (
            suggestion is not None
            and suggestion.status == SuggestionStatus.PENDING
            and self.has_change_permission(request, suggestion)
        ):
            extra_context["decision_form"] = SuggestionDecisionForm()
            extra_context["decide_url"] = reverse(
                "admin:knowledge_suggestion_decide", args=[suggestion.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, object_id):
        if whole_number(str(object_id)) is None:
            raise Http404("There is no such suggestion.")
        suggestion = get_object_or_404(Suggestion, pk=object_id)
        if not self.has_change_permission(request, suggestion):
            raise PermissionDenied
        change_url = reverse("admin:knowledge_suggestion_change", args=[suggestion.pk])
        form = SuggestionDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose to accept or reject the suggestion.")
            return redirect(change_url)
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "accept":
                target = suggestion_accept(suggestion=suggestion, by=request.user, note=note)
                messages.success(
                    request, f"Accepted suggestion #{suggestion.pk}: {target} is corrected."
                )
            else:
                suggestion_reject(
                    suggestions=Suggestion.objects.filter(pk=suggestion.pk),
                    by=request.user,
                    note=note,
                )
                messages.success(request, f"Rejected suggestion #{suggestion.pk}.")
        except ValidationError as error:
            messages.error(request, "Nothing was changed: " + " ".join(error.messages))
            return redirect(change_url)
        return redirect(reverse("admin:knowledge_suggestion_changelist") + "?status__exact=pending")
