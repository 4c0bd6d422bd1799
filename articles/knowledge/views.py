from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from articles.core import delivery, extensions, maintenance
from articles.core.numbers import BIGGEST
from articles.core.paging import is_fragment, paginate
from articles.knowledge import throttle
from articles.knowledge.forms import SuggestionForm, UseCaseFilterForm
from articles.knowledge.jsonld import defined_term
from articles.knowledge.models import (
    Concept,
    Fact,
    Industry,
    SuggestionKind,
    UseCase,
    group_relations,
)
from articles.knowledge.services import suggestion_file
from articles.knowledge.tables import FactTable


@require_safe
def concept_list(request):
    delivery.tag(request, "concepts")
    concepts = list(Concept.objects.only("name", "slug", "definition", "family"))
    families = sorted({c.family for c in concepts if c.family}, key=str.casefold)
    family = request.GET.get("family", "")
    if family:
        if family not in families:
            raise Http404(
                f"There is no concept family “{Truncator(family).chars(60)}”. "
                "See all concepts A–Z instead."
            )
        concepts = [concept for concept in concepts if concept.family == family]
    return render(
        request,
        "knowledge/concept_list.html",
        {"concepts": concepts, "families": families, "family": family, "nav": "concepts"},
    )


def hub_use_cases(request, concept):
    """The concept's use-cases, filtered by the `industry` in the query string."""
    use_cases = list(concept.use_cases.select_related("industry").order_by("industry__name"))
    industries = [use_case.industry for use_case in use_cases]
    slug = request.GET.get("industry", "")
    selected = None
    if slug:
        selected = next((i for i in industries if i.slug == slug), None)
        if selected is None:
            selected = Industry.objects.filter(slug=slug).first()
        if selected is None:
            raise Http404(
                f"There is no industry “{Truncator(slug).chars(60)}”. "
                f"See every use-case of {concept.name} on its page instead."
            )
        use_cases = [use_case for use_case in use_cases if use_case.industry_id == selected.pk]
    return {"use_cases": use_cases, "industries": industries, "industry": selected}


@require_safe
@vary_on_headers("HX-Request")
def concept_detail(request, slug):
    delivery.tag(request, "concepts", "facts", "industries")
    fragment = is_fragment(request)
    query = {"industry": request.GET["industry"]} if request.GET.get("industry") else {}
    if fragment and request.htmx.target == "use-cases":
        concept = get_object_or_404(Concept.objects.only("name", "slug"), slug=slug)
        delivery.tag(request, f"concept-{concept.pk}")
        context = {"concept": concept, **hub_use_cases(request, concept)}
        return render(request, "knowledge/concept_detail.html#use-cases", context)
    if fragment:
        # “Load more” under the hub: the listing that the articles layer contributes.
        concept = get_object_or_404(Concept.objects.only("slug"), slug=slug)
        delivery.tag(request, f"concept-{concept.pk}")
        context = extensions.context_from("concept-hub", request, concept, fragment=True)
        if "page_obj" not in context:
            raise Http404("This concept has no list to load more of.")
        context |= {"query_string": urlencode(query), "noun": "articles"}
        return render(request, "includes/card_list.html#cards", context)

    concept = get_object_or_404(Concept.objects.with_relations(), slug=slug)
    delivery.tag(request, f"concept-{concept.pk}")
    table = FactTable([concept])
    context = {
        "concept": concept,
        "canonical_url": request.build_absolute_uri(concept.get_absolute_url()),
        "json_ld": defined_term(
            concept,
            request.build_absolute_uri,
            facts=table.facts_of(concept),
            standalone=True,
        ),
        "table": table,
        "relation_groups": group_relations(concept),
        "query_string": urlencode(query),
        "nav": "concepts",
        **hub_use_cases(request, concept),
    }
    context |= extensions.context_from("concept-hub", request, concept, fragment=False)
    return render(request, "knowledge/concept_detail.html", context)


@require_safe
@vary_on_headers("HX-Request")
def industry_detail(request, slug):
    industry = get_object_or_404(Industry, slug=slug)
    delivery.tag(request, f"industry-{industry.pk}", "industries", "concepts")
    use_cases = list(industry.use_cases.select_related("concept"))
    empty_message = f"No articles about {industry.name} yet."
    if use_cases:
        empty_message += " Its use-cases above link to the concepts behind them."
    context = {"industry": industry, "use_cases": use_cases, "empty_message": empty_message}
    context |= extensions.context_from("industry-page", request, industry, use_cases)
    template_name = "knowledge/industry_detail.html"
    if is_fragment(request):
        template_name = "includes/card_list.html#cards"
    return render(request, template_name, context)


@require_safe
@vary_on_headers("HX-Request")
def glossary_card(request, slug):
    concept = get_object_or_404(Concept.objects.only("name", "slug", "definition"), slug=slug)
    delivery.tag(request, f"concept-{concept.pk}")
    if not request.htmx:
        return redirect(concept)
    return render(request, "knowledge/glossary_card.html", {"concept": concept})


@require_safe
def use_case_matrix(request):
    delivery.tag(request, "concepts", "industries")
    families = list(
        Concept.objects.exclude(family="")
        .order_by("family")
        .values_list("family", flat=True)
        .distinct()
    )
    industries = list(Industry.objects.only("name", "slug"))
    form = UseCaseFilterForm(request.GET or None, families=families, industries=industries)
    concepts = Concept.objects.only("name", "slug", "family", "definition")
    columns = industries
    query = {}
    if form.is_bound and form.is_valid():
        if form.cleaned_data["family"]:
            concepts = concepts.filter(family=form.cleaned_data["family"])
            query["family"] = form.cleaned_data["family"]
        if form.cleaned_data["industry"]:
            columns = [i for i in industries if i.slug == form.cleaned_data["industry"]]
            query["industry"] = form.cleaned_data["industry"]
    page_obj = paginate(request, concepts, per_page=40)
    cells = UseCase.objects.filter(
        concept__in=[concept.pk for concept in page_obj],
        industry__in=[industry.pk for industry in columns],
    ).only("concept_id", "industry_id", "title", "as_of")
    by_cell = {(uc.concept_id, uc.industry_id): uc for uc in cells}
    rows = [
        (concept, [(industry, by_cell.get((concept.pk, industry.pk))) for industry in columns])
        for concept in page_obj
    ]
    context = {
        "form": form,
        "columns": columns,
        "rows": rows,
        "filled": len(by_cell),
        "page_obj": page_obj,
        "query_string": urlencode(query),
        "nav": "use-cases",
    }
    return render(request, "knowledge/usecase_matrix.html", context)


@require_safe
def use_case_detail(request, concept, industry):
    use_case = get_object_or_404(
        UseCase.objects.select_related("concept", "industry"),
        concept__slug=concept,
        industry__slug=industry,
    )
    delivery.tag(
        request,
        f"concept-{use_case.concept_id}",
        f"industry-{use_case.industry_id}",
        "industries",
        "concepts",
    )
    same_concept = (
        UseCase.objects.filter(concept=use_case.concept_id)
        .exclude(pk=use_case.pk)
        .select_related("industry")
        .order_by("industry__name")
    )
    same_industry = (
        UseCase.objects.filter(industry=use_case.industry_id)
        .exclude(pk=use_case.pk)
        .select_related("concept")
        .order_by("concept__name")
    )
    context = {
        "use_case": use_case,
        "same_concept": same_concept,
        "same_industry": same_industry,
        "nav": "use-cases",
    }
    return render(request, "knowledge/usecase_detail.html", context)


SUGGESTION_TARGETS = {
    SuggestionKind.FACT: Fact.objects.select_related("concept", "dimension"),
    SuggestionKind.USE_CASE: UseCase.objects.select_related("concept", "industry"),
}


def suggestion_context(kind, pk):
    """What the correction form and its thank-you show about the fact or use-case `pk`."""
    if pk > BIGGEST:
        raise Http404("There is no such fact or use-case.")
    target = get_object_or_404(SUGGESTION_TARGETS[kind], pk=pk)
    if kind == SuggestionKind.FACT:
        subject = f"{target.concept.name}: {target.dimension.name}"
        back_url = f"{target.concept.get_absolute_url()}#facts-title"
        names = ("knowledge:suggest-fact", "knowledge:suggest-fact-sent")
    else:
        subject = f"{target.concept.name} in {target.industry.name}"
        back_url = target.get_absolute_url()
        names = ("knowledge:suggest-use-case", "knowledge:suggest-use-case-sent")
    return {
        "target": target,
        "kind": kind,
        "root_id": f"suggest-{kind.replace('_', '-')}-{pk}",
        "subject": subject,
        "back_url": back_url,
        "form_url": reverse(names[0], args=[pk]),
        "sent_url": reverse(names[1], args=[pk]),
    }


# Never kept by any cache: the form carries a CSRF token (and sets its cookie, here only).
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
@never_cache
def suggestion_create(request, pk, kind):
    context = suggestion_context(kind, pk)
    target = context["target"]
    template_name = "knowledge/suggestion_form.html"
    if request.htmx:
        template_name += "#suggestion"
    if request.method != "POST":
        context["form"] = SuggestionForm(target=target)
        return render(request, template_name, context)

    fingerprint = throttle.fingerprint(request)
    per_client, per_target = throttle.per_client(), throttle.per_target()
    target_key = f"{kind}-{target.pk}"
    # Counted first, so that a burst of requests at once cannot all pass; given back below
    # when nothing is filed.
    wait = per_client.take(fingerprint)
    if not wait:
        wait = per_target.take(target_key)
        if wait:
            per_client.give_back(fingerprint)
    if wait:
        return too_many_suggestions(request, template_name, context, wait)

    def not_filed():
        per_client.give_back(fingerprint)
        per_target.give_back(target_key)

    form = SuggestionForm(request.POST, target=target)
    if form.is_trapped:
        # A robot filled in the hidden field: thank it as if it worked, keep nothing. It
        # still uses up its own allowance, not the target's.
        per_target.give_back(target_key)
        return suggestion_filed(request, template_name, context)
    if not form.is_valid():
        not_filed()
        context["form"] = form
        # htmx 2 swaps no 4xx body: the fragment comes back with its errors as a 200.
        return render(request, template_name, context, status=200 if request.htmx else 400)
    try:
        suggestion_file(target=target, fingerprint=fingerprint, **form.cleaned_data_for_filing())
    except ValidationError as error:
        not_filed()
        form.add_error(None, error.messages)
        context["form"] = form
        return render(request, template_name, context, status=200 if request.htmx else 400)
    except (DatabaseError, OSError) as error:
        not_filed()
        reason = maintenance.refusal(error)
        if reason is None:
            raise
        # Read-only or full: the reader's text stays in the form, with why and when to retry.
        form.add_error(None, maintenance.message(reason))
        response = render(request, template_name, context | {"form": form})
        return maintenance.refused(response, reason)
    return suggestion_filed(request, template_name, context)


def suggestion_filed(request, template_name, context):
    if request.htmx:
        return render(request, template_name, context | {"sent": True})
    return redirect(context["sent_url"])


def too_many_suggestions(request, template_name, context, wait):
    context |= {"limited": True, "retry_minutes": max(1, round(wait / 60))}
    response = render(request, template_name, context, status=200 if request.htmx else 429)
    response["Retry-After"] = str(wait)
    return response


@require_safe
@never_cache
def suggestion_sent(request, pk, kind):
    context = suggestion_context(kind, pk) | {"sent": True}
    return render(request, "knowledge/suggestion_form.html", context)
