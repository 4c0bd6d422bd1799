import difflib
import math
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.db import DatabaseError
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, When
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control, cache_page
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.glossary import article_body
from articles.search import TYPES, SearchResults, clean_query, parse_query
from articles.search import PER_PAGE as SEARCH_PER_PAGE
from articles.models import (
    Article,
    Author,
    Concept,
    Industry,
    MAX_PIN_RANK,
    Promo,
    PromoPlacement,
    Topic,
    UseCase,
)
from comparisons.models import Comparison
from articles.editorial.models import OldSlug

PER_PAGE = 12
LISTING_LIMIT = 10_000
RELATED_PER_PAGE = 6
RELATED_LIMIT = 30
RELATED_CACHE_SECONDS = 60 * 5
# "Concepts to explore" are the ones the latest articles are about.
EXPLORE_FROM_LATEST = 40
ARTICLE_PATH_RE = re.compile(r"^/articles/(?P<slug>[-\w]+)/?$")


class ListingPaginator(Paginator):
    """Count at most LISTING_LIMIT articles: the cost stays flat however many there are.

    Nobody pages that deep; older articles stay reachable from search, feeds and the sitemap.
    """

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[:LISTING_LIMIT].count()


def paginate(request, queryset, per_page=PER_PAGE, param="page", paginator_class=Paginator):
    """Return the requested page; a malformed or out-of-range number is a 404."""
    paginator = paginator_class(queryset, per_page)
    number = request.GET.get(param) or 1
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404(
            f"There is no page “{number}” here: this list has "
            f"{paginator.num_pages} page{'s' if paginator.num_pages != 1 else ''}."
        ) from None


def is_fragment(request):
    """Return True for an HTMX request that swaps part of a page; history restores get pages."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def listing_page(request, articles):
    """Return the requested page of article cards, counted up to LISTING_LIMIT."""
    return paginate(request, articles.for_cards(), paginator_class=ListingPaginator)


def listing(request, template_name, queryset, context):
    """Render a paginated article listing, or only its next cards for “Load more”."""
    context["page_obj"] = listing_page(request, queryset)
    if is_fragment(request):
        template_name = "includes/card_list.html#cards"
    return render(request, template_name, context)


@require_GET
@vary_on_headers("HX-Request")
def home(request):
    articles = Article.objects.published()
    context = {"nav": "home"}
    if not request.htmx:
        context["featured"] = list(articles.filter(featured=True).for_cards()[:3])
        context["comparisons"] = list(
            Comparison.objects.published().filter(featured=True).prefetch_related("concepts")[:4]
        )
        latest = articles.values("pk")[:EXPLORE_FROM_LATEST]
        context["explore"] = list(
            Concept.objects.filter(articles__in=latest)
            .annotate(mentions=Count("articles"))
            .order_by("-mentions", "name")
            .only("name", "slug", "definition")[:8]
        )
    return listing(request, "articles/home.html", articles, context)


def concept_article_counts(concepts):
    """Return {concept id: number of articles about it}, cached: rarity changes slowly."""
    keys = {f"concept-articles:{concept.pk}": concept.pk for concept in concepts}
    counts = {keys[key]: n for key, n in cache.get_many(keys).items()}
    missing = [pk for pk in keys.values() if pk not in counts]
    if missing:
        rows = (
            Article.concepts.through.objects.filter(concept_id__in=missing)
            .values_list("concept_id")
            .annotate(n=Count("article_id"))
        )
        found = {pk: 0 for pk in missing} | dict(rows)
        cache.set_many({f"concept-articles:{pk}": n for pk, n in found.items()}, 60 * 60)
        counts |= found
    return counts


def concept_weights(concepts):
    """Weight each concept by rarity among the article's own: the rarest counts most (1–6)."""
    most = max((c.article_count for c in concepts), default=1)
    return {
        c.pk: min(6, 1 + round(math.log2(most / max(1, c.article_count)))) for c in concepts
    }


def related_articles(request, article, concepts):
    """Return a page of articles related to `article`, each with a `reason` for showing it.

    The ranking is cached for a few minutes per version of the article (saving it in the
    admin, pins included, starts afresh); publish state is still checked on every request.
    """
    key = f"related:{article.pk}:{article.updated_at.timestamp()}"
    ranking = cache.get(key)
    if ranking is None:
        industries = {}
        rows = (
            UseCase.objects.filter(industry__use_cases__concept__in=[c.pk for c in concepts])
            .order_by()
            .values_list("concept_id", "industry__name")
            .distinct()
        )
        for concept_id, industry in rows:
            industries.setdefault(concept_id, []).append(industry)
        ranked = Article.objects.published().related_to(
            article, weights=concept_weights(concepts), industry_concepts=industries
        )[:RELATED_LIMIT]
        ranking = {"ranked": list(ranked), "industries": industries}
        cache.set(key, ranking, RELATED_CACHE_SECONDS)
    industries = ranking["industries"]
    pins = {pk for pk, pin_rank in ranking["ranked"] if pin_rank < MAX_PIN_RANK}
    ranked = [pk for pk, pin_rank in ranking["ranked"]]
    page = paginate(request, ranked, RELATED_PER_PAGE, param="related_page")
    cards = (
        Article.objects.published()
        .filter(pk__in=page.object_list)
        .for_cards()
        .prefetch_related(Prefetch("concepts", queryset=Concept.objects.only("id")))
    )
    by_id = {card.pk: card for card in cards}
    rarest_first = sorted(concepts, key=lambda c: (c.article_count, c.name))
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    for card in page.object_list:
        theirs = {c.pk for c in card.concepts.all()}
        shared = [c for c in rarest_first if c.pk in theirs]
        in_industries = [name for pk in theirs for name in industries.get(pk, [])]
        if card.pk in pins:
            card.reason = "Editors’ pick"
        elif shared:
            card.reason = f"Also about {shared[0].name}"
        elif card.topic_id == article.topic_id:
            card.reason = f"More in {article.topic.name}"
        elif in_industries:
            card.reason = f"Also in {sorted(in_industries)[0]}"
    return page


def promo_slots(sections, promos):
    """Pair each body section with the promo shown after it, if any: one per placement."""
    chosen = {}
    for promo in promos:
        chosen.setdefault(promo.placement, promo)
    last = len(sections) - 1
    after = {}
    if PromoPlacement.END in chosen:
        after[last] = chosen[PromoPlacement.END]
    if PromoPlacement.AFTER_INTRO in chosen and last > 0:
        after[0] = chosen[PromoPlacement.AFTER_INTRO]
    if PromoPlacement.MID in chosen and last > 0:
        middle = last // 2
        if middle in after:
            middle += 1
        if middle < last and middle not in after:
            after[middle] = chosen[PromoPlacement.MID]
    return [{"html": html, "promo": after.get(index)} for index, html in enumerate(sections)]


@require_GET
@vary_on_headers("HX-Request")
def article_detail(request, slug):
    # A published article whose slug changed keeps its old address as a permanent redirect;
    # both are looked up in the same query.
    moved = OldSlug.objects.filter(slug=slug).values("article_id")
    # The article that has the slug now wins over one that used to have it.
    article = (
        Article.objects.published()
        .select_related("author", "topic")
        .filter(Q(slug=slug) | Q(pk__in=moved))
        .order_by(Case(When(slug=slug, then=0), default=1), "-published_at")
        .first()
    )
    if article is None:
        raise Http404()
    if article.slug != slug:
        return redirect(article, permanent=True)
    concepts = list(Concept.objects.filter(articles=article).only("name", "slug", "definition"))
    counts = concept_article_counts(concepts)
    for concept in concepts:
        concept.article_count = counts[concept.pk]
    context = {
        "article": article,
        "concepts": concepts,
        "related": related_articles(request, article, concepts),
    }
    if request.htmx:
        return render(request, "articles/article_detail.html#related", context)
    body = article_body(article)
    own = {concept.slug for concept in concepts}
    context["mentions"] = [concept for concept in body["mentions"] if concept.slug not in own]
    context["sections"] = promo_slots(body["sections"], Promo.objects.for_article(article))
    return render(request, "articles/article_detail.html", context)


@require_GET
@cache_page(60 * 10)
@vary_on_headers("HX-Request")
@cache_control(public=True, max_age=60 * 10)
def glossary_card(request, slug):
    concept = get_object_or_404(Concept.objects.only("name", "slug", "definition"), slug=slug)
    if not request.htmx:
        return redirect(concept)
    return render(request, "articles/glossary_card.html", {"concept": concept})


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
    use_cases = list(industry.use_cases.select_related("concept"))
    about = Article.concepts.through.objects.filter(
        article_id=OuterRef("pk"), concept_id__in={use_case.concept_id for use_case in use_cases}
    )
    articles = Article.objects.published().filter(Exists(about))
    return listing(
        request,
        "articles/industry_detail.html",
        articles,
        {"industry": industry, "use_cases": use_cases},
    )


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def close_articles(slug, limit=5):
    """Return published articles whose slugs look like `slug`, from one bounded index range."""
    prefix = slug.split("-", 1)[0][:40]
    if len(prefix) < 3:
        return []
    # The slug index finds the range; the publish filter then applies to those rows only.
    nearby = Article.objects.filter(slug__gte=prefix, slug__lt=prefix + "\uffff").order_by("slug")
    candidates = Article.objects.published().filter(pk__in=nearby.values("pk")[:200])
    candidates = candidates.only("title", "slug")
    scored = [
        (difflib.SequenceMatcher(None, slug, candidate.slug).ratio(), candidate)
        for candidate in candidates
    ]
    scored.sort(key=lambda pair: -pair[0])
    return [candidate for ratio, candidate in scored[:limit] if ratio >= 0.5]


def page_not_found(request, exception):
    """The site's 404: say what was missing when we know, and suggest where to go."""
    message = exception.args[0] if exception and exception.args else ""
    if not isinstance(message, str) or "matches the given query" in message:
        message = ""
    context = {"message": message, "suggestions": [], "query": ""}
    match = ARTICLE_PATH_RE.match(request.path)
    if match and not message:
        slug = match["slug"].lower()
        context["query"] = " ".join(slug.split("-"))[:200]
        try:
            context["suggestions"] = close_articles(slug)
        except DatabaseError:
            pass
    return render(request, "404.html", context, status=404)


@requires_csrf_token
def server_error(request):
    """The site's 500: standalone, so it renders even when the database is down."""
    try:
        html = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    except Exception:
        html = "<!doctype html><title>Server error</title><h1>Something went wrong</h1>"
    return HttpResponseServerError(html)


@require_GET
@vary_on_headers("HX-Request", "HX-Target", "HX-History-Restore-Request")
def search(request):
    raw_query = clean_query(request.GET.get("q", ""))
    query = parse_query(raw_query)
    notices = []
    type_name = request.GET.get("type") or "all"
    if type_name not in TYPES:
        notices.append(f"There is no “{type_name[:40]}” kind of result, so every kind is shown.")
        type_name = "all"
    topics = list(Topic.objects.only("name", "slug"))
    topic_slug = request.GET.get("topic", "")
    topic = next((item for item in topics if item.slug == topic_slug), None)
    if topic_slug and topic is None:
        notices.append(f"There is no topic “{topic_slug[:40]}”, so every topic is searched.")
    context = {
        "nav": "search",
        "raw_query": raw_query,
        "query": query.text,
        "notices": notices,
        "type": type_name,
        "type_label": TYPES[type_name][0],
        "topics": topics,
        "topic": topic,
    }
    if query:
        results = SearchResults(query, TYPES[type_name][1], topic)
        page_obj = paginate(request, results, SEARCH_PER_PAGE)
        counts, capped = results.counts, results.capped
        params = {"q": raw_query} | ({"topic": topic.slug} if topic else {})
        context |= {
            "searched": True,
            "page_obj": page_obj,
            "counts": counts,
            "query_string": urlencode(params | ({"type": type_name} if type_name != "all" else {})),
            "all_types_query_string": urlencode(params),
            "other_matches": 0 if page_obj.paginator.count else sum(counts.values()),
            "capped": bool(capped.intersection(TYPES[type_name][1])),
        }
    else:
        counts, capped = {}, set()
        context["suggestions"] = Concept.objects.only("name", "slug").order_by("-updated_at")[:8]
    context["type_options"] = [
        {
            "value": value,
            "label": label,
            "count": sum(counts.get(kind, 0) for kind in kinds),
            "more": bool(capped.intersection(kinds)),
        }
        for value, (label, kinds) in TYPES.items()
    ]

    template_name = "articles/search.html"
    if is_fragment(request):
        if request.htmx.target == "load-more":
            template_name += "#hits"
        else:
            template_name += "#results"
            context["oob"] = True
    return render(request, template_name, context)
