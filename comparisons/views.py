from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Article, Concept
from articles.views import listing
from comparisons.models import Comparison


@require_GET
def concept_list(request):
    concepts = Concept.objects.only("name", "slug", "definition")
    return render(
        request, "comparisons/concept_list.html", {"concepts": concepts, "nav": "concepts"}
    )


@require_GET
@vary_on_headers("HX-Request")
def concept_detail(request, slug):
    concept = get_object_or_404(Concept.objects.with_relations(), slug=slug)
    articles = Article.objects.published().filter(concepts=concept)
    return listing(
        request,
        "comparisons/concept_detail.html",
        articles,
        {"concept": concept, "nav": "concepts"},
    )


@require_GET
def compare_index(request):
    comparisons = Comparison.objects.published().prefetch_related("concepts")
    return render(
        request,
        "comparisons/compare_index.html",
        {"comparisons": comparisons, "nav": "compare"},
    )


@require_GET
def compare(request, pair):
    raise Http404("Comparison pages are not built yet.")
