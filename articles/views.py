from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Article, Author, Industry, Topic

PER_PAGE = 12


def paginate(request, queryset, per_page=PER_PAGE):
    """Return the requested page; a malformed or out-of-range number is a 404."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404(
            f"There is no page “{number}” here: this list has "
            f"{paginator.num_pages} page{'s' if paginator.num_pages != 1 else ''}."
        ) from None


def listing(request, template_name, queryset, context):
    """Render a paginated article listing, or only its next cards for “Load more”."""
    context["page_obj"] = paginate(request, queryset.for_cards())
    if request.htmx:
        template_name = "includes/card_list.html#cards"
    return render(request, template_name, context)


@require_GET
@vary_on_headers("HX-Request")
def home(request):
    articles = Article.objects.published()
    context = {"nav": "home"}
    if not request.htmx:
        context["featured"] = list(articles.filter(featured=True).for_cards()[:3])
    return listing(request, "articles/home.html", articles, context)


@require_GET
def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published().select_related("author", "topic"), slug=slug
    )
    concepts = article.concepts.only("name", "slug", "definition")
    return render(
        request, "articles/article_detail.html", {"article": article, "concepts": concepts}
    )


@require_GET
def topic_list(request):
    return render(
        request, "articles/topic_list.html", {"topics": Topic.objects.all(), "nav": "topics"}
    )


@require_GET
@vary_on_headers("HX-Request")
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().filter(topic=topic)
    return listing(
        request, "articles/topic_detail.html", articles, {"topic": topic, "nav": "topics"}
    )


@require_GET
@vary_on_headers("HX-Request")
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().filter(author=author)
    return listing(request, "articles/author_detail.html", articles, {"author": author})


@require_GET
@vary_on_headers("HX-Request")
def industry_detail(request, slug):
    industry = get_object_or_404(Industry, slug=slug)
    use_cases = industry.use_cases.select_related("concept")
    articles = Article.objects.published().filter(concepts__use_cases__industry=industry).distinct()
    return listing(
        request,
        "articles/industry_detail.html",
        articles,
        {"industry": industry, "use_cases": use_cases},
    )


@require_GET
@vary_on_headers("HX-Request")
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    articles = Article.objects.none()
    if query:
        articles = Article.objects.published().filter(
            Q(title__icontains=query) | Q(teaser__icontains=query)
        )
    return listing(
        request,
        "articles/search.html",
        articles,
        {"query": query, "nav": "search", "query_string": urlencode({"q": query})},
    )
