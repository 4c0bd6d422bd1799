from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, Count, Prefetch, Q, When
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from articles.core import delivery
from articles.core.paging import is_fragment, paginate
from articles.knowledge.jsonld import defined_term
from articles.knowledge.models import (
    Concept,
    ConceptRelation,
    RelationKind,
    UseCase,
    group_relations,
)
from articles.knowledge.tables import FactTable
from articles.models import Article
from comparisons.forms import CompareForm, alias_index, picker_initial, suggest
from comparisons.models import (
    MAX_CONCEPTS,
    Comparison,
    ComparisonConcept,
    ComparisonDimension,
    pair_path,
)

SEPARATOR = "-vs-"


def all_concepts():
    """Every concept, with just what pickers, headers and suggestions need (one query)."""
    return list(Concept.objects.for_pickers())


def compare_url(slugs, diff=False):
    """Return the comparison page of these concepts, as columns in this order."""
    url = reverse("comparisons:compare", args=[SEPARATOR.join(slugs)])
    return f"{url}?diff=1" if diff else url


def compare_not_found(request, concepts, message, *, unknown=(), known=(), as_json=False):
    """A 404 that says what was wrong and offers close matches and a way forward."""
    suggestions = [(term, suggest(term, concepts)) for term in unknown]
    known = list(known)
    proposal = None
    picks = known + [found[0] for _, found in suggestions if found]
    if (
        len(picks) == len(known) + len(suggestions)
        and 2 <= len({c.pk for c in picks}) == len(picks) <= MAX_CONCEPTS
    ):
        proposal = (picks, compare_url(c.slug for c in picks))
    if as_json:
        return JsonResponse(
            {
                "error": message,
                "suggestions": {
                    term: [concept.slug for concept in found] for term, found in suggestions
                },
                "try": request.build_absolute_uri(proposal[1]) if proposal else None,
            },
            status=404,
        )
    initial = picker_initial(known)
    context = {
        "message": message,
        "suggestions": suggestions,
        "proposal": proposal,
        "form": CompareForm(initial=initial, concepts=concepts),
        "nav": "compare",
    }
    return render(request, "comparisons/compare_not_found.html", context, status=404)


def resolve_pair(request, pair, concepts, *, as_json):
    """Return (concepts, None) for a canonical pair path, else (…, a redirect or a helpful 404)."""
    parts = [part.strip().lower() for part in pair.split(SEPARATOR)]
    by_slug = {concept.slug: concept for concept in concepts}
    if len(parts) < 2 or not all(parts):
        message = (
            "A comparison needs two or three concepts joined by “-vs-”, "
            "as in /compare/generative-ai-vs-large-language-model/."
        )
        known = [by_slug[part] for part in parts if part in by_slug]
        unknown = [part for part in parts if part and part not in by_slug]
        return None, compare_not_found(
            request, concepts, message, unknown=unknown, known=known, as_json=as_json
        )
    if len(parts) > MAX_CONCEPTS:
        message = (
            f"At most {MAX_CONCEPTS} concepts can be compared at once; "
            f"this address asks for {len(parts)}."
        )
        known = [by_slug[part] for part in parts if part in by_slug][:MAX_CONCEPTS]
        return None, compare_not_found(request, concepts, message, known=known, as_json=as_json)

    aliases = alias_index(concepts)
    chosen, unknown, via_alias = [], [], False
    for part in parts:
        concept = by_slug.get(part)
        if concept is None and part in aliases:
            concept, via_alias = aliases[part], True
        if concept is None:
            unknown.append(part)
        else:
            chosen.append(concept)
    if unknown:
        quoted = [f"“{Truncator(term).chars(60)}”" for term in unknown]
        names = " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)
        message = f"We have no concept called {names}."
        return None, compare_not_found(
            request, concepts, message, unknown=unknown, known=chosen, as_json=as_json
        )
    if len({concept.pk for concept in chosen}) != len(chosen):
        message = "The same concept appears twice: a comparison needs different concepts."
        distinct = list(dict.fromkeys(chosen))
        return None, compare_not_found(request, concepts, message, known=distinct, as_json=as_json)

    # The reader's order is the column order, so only the spelling is normalised here;
    # every order of the same concepts names the sorted one as canonical.
    spelled = SEPARATOR.join(concept.slug for concept in chosen)
    if spelled == pair:
        return chosen, None
    name = "comparisons:compare-json" if as_json else "comparisons:compare"
    url = reverse(name, args=[spelled])
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    # An alias may later become a concept of its own, so only a change of case is permanent.
    return chosen, redirect(url, permanent=not via_alias)


def curated_for(chosen):
    """Return the live curated comparison of exactly these concepts, if there is one."""
    return (
        Comparison.objects.published()
        .covering(chosen)
        .prefetch_related(
            Prefetch(
                "comparison_dimensions",
                queryset=ComparisonDimension.objects.select_related("dimension"),
            ),
        )
        .order_by("-published_at", "-id")
        .first()
    )


def assemble(chosen, diff):
    """Return (curated comparison or None, table) for the chosen concepts, in the reader's order.

    A curated comparison contributes its chosen dimensions; the columns stay as picked.
    """
    curated = curated_for(chosen)
    dimensions = None
    if curated is not None:
        dimensions = [cd.dimension for cd in curated.comparison_dimensions.all()] or None
    return curated, FactTable(chosen, dimensions, differences_only=diff)


@dataclass
class RelationSentence:
    """“<lead or subjects> <phrase> <targets>.”, e.g. “Both are kinds of Generative AI.”"""

    subjects: list
    phrase: str
    targets: list
    lead: str = ""
    direct: bool = False


# “Both …” for two columns, “All three …” for three.
LEADS = {2: "Both", 3: "All three"}


def relation_sentences(columns, relations):
    """Word concept-graph edges as a person would: links between the columns first, then
    what several columns share (“Both are built on Neural network.”), then each column's
    own neighbours, one sentence per concept and kind (“X is related to A and B.”).

    The words come from the one relation vocabulary, `RelationKind`.
    """
    position = {concept.pk: index for index, concept in enumerate(columns)}
    kinds = list(RelationKind)
    direct, sources_of = [], {}
    for relation in sorted(relations, key=lambda r: (position[r.source_id], r.target.name)):
        if relation.target_id in position:
            phrase = relation.get_kind_display()
            direct.append(
                RelationSentence([relation.source], phrase, [relation.target], direct=True)
            )
        else:
            key = (relation.kind, relation.target_id)
            sources_of.setdefault(key, (relation.target, []))[1].append(relation.source)
    targets_of = {}
    for (kind, _), (target, sources) in sources_of.items():
        sources = tuple(sorted(set(sources), key=lambda c: position[c.pk]))
        targets_of.setdefault((kind, sources), []).append(target)
    shared, own = [], []
    for (kind, sources), targets in targets_of.items():
        kind = RelationKind(kind)
        targets = sorted(targets, key=lambda c: c.name.casefold())
        if len(sources) == 1:
            order = (position[sources[0].pk], kinds.index(kind))
            own.append((order, RelationSentence(list(sources), kind.label, targets)))
            continue
        lead = LEADS[len(sources)] if len(sources) == len(columns) else ""
        phrase = f"are {kind.shared_label}" if lead else f"are both {kind.shared_label}"
        order = (kinds.index(kind), [position[c.pk] for c in sources])
        shared.append((order, RelationSentence(list(sources), phrase, targets, lead=lead)))
    by_order = sorted(shared, key=lambda pair: pair[0]) + sorted(own, key=lambda pair: pair[0])
    return direct + [sentence for _, sentence in by_order]


def comparison_context(request, chosen, concepts, diff):
    """Everything the comparison page shows; a constant number of queries."""
    delivery.tag(request, "articles", "industries", *(f"concept-{c.pk}" for c in chosen))
    curated, table = assemble(chosen, diff)
    columns = table.concepts
    ids = [concept.pk for concept in columns]
    slugs = [concept.slug for concept in columns]
    canonical = reverse("comparisons:compare", args=[pair_path(slugs)])
    names = " vs ".join(concept.name for concept in columns)
    relations = ConceptRelation.objects.filter(source__in=ids).select_related("source", "target")
    use_cases = UseCase.objects.filter(concept__in=ids).select_related("industry")
    by_industry = {}
    for use_case in use_cases.order_by("industry__name"):
        by_industry.setdefault(use_case.industry, {})[use_case.concept_id] = use_case
    use_case_rows = [
        (industry, [(concept, cells.get(concept.pk)) for concept in columns])
        for industry, cells in by_industry.items()
    ]
    related = []
    if curated is not None:
        related = list(curated.related_articles.published().for_cards()[:6])
    if not related:
        related = list(
            Article.objects.published()
            .filter(concepts__in=ids)
            .annotate(shared=Count("concepts"))
            .order_by("-shared", "-published_at", "-id")
            .for_cards()[:6]
        )
    others = Comparison.objects.published().involving(columns)
    if curated is not None:
        others = others.exclude(pk=curated.pk)
    others = others.prefetch_related("concepts").order_by("-featured", "-published_at")[:12]

    column_headers = [(concept, None) for concept in columns]
    if len(columns) > 2:
        column_headers = [
            (concept, compare_url([s for s in slugs if s != concept.slug], diff))
            for concept in columns
        ]
    title = curated.title if curated else names
    if curated:
        description = Truncator(strip_tags(curated.verdict_html).strip()).chars(155)
    else:
        dims = ", ".join(row.dimension.name.lower() for row in table.all_rows[:4])
        description = Truncator(
            f"{names}: how they compare on {dims or 'the facts we hold'}, side by side, "
            "from sourced facts."
        ).chars(155)
    return {
        "curated": curated,
        "table": table,
        "columns": columns,
        "diff": diff,
        "page_title": title,
        "names": names,
        "description": description,
        "canonical_url": request.build_absolute_uri(canonical),
        "toggle_url": compare_url(slugs, not diff),
        "column_headers": column_headers,
        "form": CompareForm(initial=picker_initial(columns), concepts=concepts),
        "relations": relation_sentences(columns, relations),
        "use_case_rows": use_case_rows,
        "related_articles": related,
        "other_comparisons": others,
        "json_ld": json_ld(request, title, table, compare_url(slugs)),
        "json_url": reverse("comparisons:compare-json", args=[SEPARATOR.join(slugs)]),
        "nav": "compare",
    }


def json_ld(request, title, table, url):
    """Schema.org ItemList of DefinedTerms, one per concept, with its facts as properties."""
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "item": defined_term(
                concept, request.build_absolute_uri, facts=table.facts_of(concept)
            ),
        }
        for position, concept in enumerate(table.concepts, start=1)
    ]
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": title,
        "url": request.build_absolute_uri(url),
        "numberOfItems": len(items),
        "itemListElement": items,
    }


def table_json(request, curated, table):
    columns = table.concepts
    data = {
        "url": request.build_absolute_uri(compare_url(c.slug for c in columns)),
        "canonical_url": request.build_absolute_uri(
            reverse("comparisons:compare", args=[pair_path(c.slug for c in columns)])
        ),
        "indexable": curated is not None,
        "curated": None,
        "differences_only": table.differences_only,
        "concepts": [
            {
                "slug": concept.slug,
                "name": concept.name,
                "definition": concept.definition,
                "url": request.build_absolute_uri(concept.get_absolute_url()),
            }
            for concept in columns
        ],
        "dimensions": [
            {
                "slug": row.dimension.slug,
                "name": row.dimension.name,
                "description": row.dimension.description,
            }
            for row in table.rows
        ],
        "rows": [
            {
                "dimension": row.dimension.slug,
                "differs": row.differs,
                "cells": [
                    {
                        "concept": cell.concept.slug,
                        "documented": cell.fact is not None,
                        "value": (cell.fact.value or None) if cell.fact else None,
                        "text": cell.fact.text if cell.fact else None,
                        "sources": [{"number": number, **source} for number, source in cell.notes],
                        "verified_on": cell.fact.verified_on if cell.fact else None,
                    }
                    for cell in row.cells
                ],
            }
            for row in table.rows
        ],
        "sources": table.sources,
    }
    if curated is not None:
        data["curated"] = {
            "title": curated.title,
            "introduction": curated.introduction,
            "introduction_html": curated.introduction_html,
            "similarities": curated.similarities,
            "similarities_html": curated.similarities_html,
            "verdict": curated.verdict,
            "verdict_html": curated.verdict_html,
            "published_at": curated.published_at,
            "updated_at": curated.updated_at,
        }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    if curated is None:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@vary_on_headers("HX-Request")
def compare(request, pair, as_json=False):
    # One JSON address per comparison, /compare/<pair>.json; the other spellings redirect.
    if not as_json and pair.endswith(".json"):
        if pair == ".json":
            raise Http404("Name two or three concepts to compare, e.g. /compare/gan-vs-vae/.")
        return redirect(
            reverse("comparisons:compare-json", args=[pair[: -len(".json")]]), permanent=True
        )
    if not as_json and request.GET.get("format") == "json":
        query = request.GET.copy()
        del query["format"]
        url = reverse("comparisons:compare-json", args=[pair])
        return redirect(f"{url}?{query.urlencode()}" if query else url, permanent=True)
    concepts = all_concepts()
    delivery.tag(request, "concepts", "facts", "comparisons")
    chosen, response = resolve_pair(request, pair, concepts, as_json=as_json)
    if response is not None:
        return response
    diff = request.GET.get("diff") == "1"
    if as_json:
        delivery.tag(request, *(f"concept-{c.pk}" for c in chosen))
        return table_json(request, *assemble(chosen, diff))
    context = comparison_context(request, chosen, concepts, diff)
    template_name = "comparisons/compare_detail.html"
    if is_fragment(request):
        template_name += "#comparison"
        context |= {"fragment": True, "refresh_picker": True}
    return render(request, template_name, context)


# How many matches a picker offers while the reader types.
OPTIONS_LIMIT = 12


@require_safe
@vary_on_headers("HX-Request")
def concept_options(request):
    """The concepts matching what a reader typed into a picker, as a datalist's options.

    Without JavaScript nobody asks for this: a plain request goes to concept search.
    """
    text = next((request.GET[name] for name in "qabc" if request.GET.get(name)), "")
    text = " ".join(text.split())[:100]
    if not request.htmx:
        query = urlencode({"q": text, "type": "concepts"})
        return redirect(f"{reverse('articles:search')}?{query}")
    delivery.tag(request, "concepts")
    options = []
    if text:
        options = (
            Concept.objects.filter(
                Q(name__icontains=text) | Q(aliases__icontains=text) | Q(slug__icontains=text)
            )
            .order_by(Case(When(name__istartswith=text, then=0), default=1), "name")
            .only("name", "aliases")[:OPTIONS_LIMIT]
        )
    return render(request, "comparisons/compare_index.html#options", {"options": options})


@require_safe
@vary_on_headers("HX-Request")
def compare_index(request):
    delivery.tag(request, "concepts", "facts", "comparisons")
    concepts = all_concepts()
    diff = request.GET.get("diff") == "1"
    picked = {name: request.GET[name] for name in "abc" if request.GET.get(name)}
    hint = None
    if len(picked) >= 2:
        form = CompareForm(request.GET, concepts=concepts)
        if form.is_valid():
            url = compare_url(form.slugs(), diff)
            if not is_fragment(request):
                return redirect(url)
            by_slug = {concept.slug: concept for concept in concepts}
            context = comparison_context(
                request, [by_slug[slug] for slug in form.slugs()], concepts, diff
            )
            context["fragment"] = True
            response = render(request, "comparisons/compare_detail.html#comparison", context)
            return push_url(response, url)
    else:
        form = CompareForm(initial=picked, concepts=concepts)
        if picked:
            hint = "Now choose a second concept to compare it with."

    comparisons = (
        Comparison.objects.published()
        .prefetch_related("concepts")
        .order_by("-featured", "-published_at", "-id")
    )
    context = {
        "form": form,
        "hint": hint,
        "diff": diff,
        "page_obj": paginate(request, comparisons, per_page=24),
        "nav": "compare",
    }
    if is_fragment(request):
        context |= {"fragment": True, "refresh_picker": form.is_bound}
        response = render(request, "comparisons/compare_index.html#comparison", context)
        query = urlencode(picked | ({"diff": "1"} if diff else {}))
        return push_url(response, f"{request.path}?{query}" if query else request.path)
    return render(request, "comparisons/compare_index.html", context)


def concept_hub_comparisons(request, concept, *, fragment):
    """The concept hub's comparisons, quick picks and “compare with” picker."""
    if fragment:
        return {}
    delivery.tag(request, "comparisons")
    comparisons = list(
        concept.comparisons.published()
        .prefetch_related("concepts")
        .order_by("-featured", "-published_at")[:12]
    )
    curated_pairs = {
        frozenset(c.slug for c in comparison.concepts.all()) for comparison in comparisons
    }
    quick_picks, seen = [], set()
    for _, related in group_relations(concept):
        for other in related:
            if other.pk not in seen:
                seen.add(other.pk)
                pair = frozenset([concept.slug, other.slug])
                quick_picks.append(
                    (other, compare_url([concept.slug, other.slug]), pair in curated_pairs)
                )
    return {
        "comparisons": comparisons,
        "quick_picks": quick_picks,
        "compare_with": True,
    }


def featured_comparisons(request):
    """The home page's featured comparisons."""
    delivery.tag(request, "comparisons")
    return {
        "comparisons": list(
            Comparison.objects.published().filter(featured=True).prefetch_related("concepts")[:4]
        )
    }


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
