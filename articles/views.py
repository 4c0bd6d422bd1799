import difflib
import re
import sys
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from articles import industries
from articles.core import delivery, extensions, maintenance
from articles.core.paging import is_fragment, paginate
from articles.core.search import PER_PAGE as SEARCH_PER_PAGE
from articles.core.search import SearchResults, clean_query, offers, parse_query, spelling
from articles.core.search import types as search_types
from articles.editorial.models import Status
from articles.glossary import article_body
from articles.knowledge.models import Concept
from articles.listing import listing, listing_page
from articles.models import Article, Author, OldSlug, PreviewLink, Promo, PromoPlacement, Topic
from articles.related import concept_article_counts, related_articles

# "Concepts to explore" are the ones the latest articles are about.
EXPLORE_FROM_LATEST = 40
FEATURED = 3
ARTICLE_PATH_RE = re.compile(r"^/articles/(?P<slug>[-\w]+)/?$")


@require_safe
@vary_on_headers("HX-Request")
def home(request):
    delivery.tag(request, "articles", "concepts", "comparisons")
    articles = Article.objects.published()
    featured = articles.filter(featured=True)
    context = {"nav": "home"}
    if not request.htmx:
        context["featured"] = list(featured.for_cards()[:FEATURED])
        latest = articles.values("pk")[:EXPLORE_FROM_LATEST]
        context["explore"] = list(
            Concept.objects.filter(articles__in=latest)
            .annotate(mentions=Count("articles"))
            .order_by("-mentions", "name")
            .only("name", "slug", "definition")[:8]
        )
        context |= extensions.context_from("home", request)
    # What is featured above is not repeated in "Latest", on any of its pages.
    latest = articles.exclude(pk__in=featured.values("pk")[:FEATURED])
    return listing(request, "articles/home.html", latest, context)


def promos_for(article):
    """Return the live promos that may show on `article`, topic-targeted ones first.

    The live set is small and the same for every article: it is read once per generation of
    the site's content, which any promo change ends, and so does a promo starting or ending
    (it is a scheduled change, `articles/delivery.py`). Kept no longer than a page: should a
    change fail to start a generation, both expire together.
    """
    promos = delivery.per_generation(
        "promos:live",
        lambda: list(Promo.objects.live().targeted_first()),
        settings.COMPENDIUM_PAGE_SECONDS,
    )
    return [promo for promo in promos if promo.topic_id in (None, article.topic_id)]


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


def render_article(request, article, *, shared_link=None, preview=False):
    """Render `article` for readers, or as a preview: the one path for both, HTMX included.

    A preview (staff or shared link) uses the same template with a banner and `noindex`.
    """
    delivery.tag(request, f"article-{article.pk}", "articles", "concepts", "industries", "promos")
    concepts = list(Concept.objects.filter(articles=article).only("name", "slug", "definition"))
    counts = concept_article_counts(concepts)
    for concept in concepts:
        concept.article_count = counts[concept.pk]
    context = {
        "article": article,
        "concepts": concepts,
        "related": related_articles(request, article, concepts),
    }
    if is_fragment(request):
        response = render(request, "articles/article_detail.html#related", context)
    else:
        body = article_body(article)
        if body["embedded"]:
            # Embedded facts and use-cases: their changes purge this page too.
            delivery.tag(request, "facts", *(f"concept-{pk}" for pk in body["embedded"]))
        own = {concept.slug for concept in concepts}
        context["mentions"] = [concept for concept in body["mentions"] if concept.slug not in own]
        context["sections"] = promo_slots(body["sections"], promos_for(article))
        template_name = "articles/article_detail.html"
        if preview:
            template_name = "articles/article_preview.html"
            context |= {"shared_link": shared_link, "now": timezone.now()}
        response = render(request, template_name, context)
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@vary_on_headers("HX-Request")
def article_detail(request, slug):
    # By slug first, through its unique index; the article that has the slug now wins over
    # one that used to have it.
    published = Article.objects.published().select_related("author", "topic")
    article = published.filter(slug=slug).first()
    if article is None:
        # A published article whose slug changed keeps its old address as a permanent
        # redirect: a second indexed lookup, only for addresses that are not current.
        moved = published.filter(
            pk__in=OldSlug.objects.filter(slug=slug).values("article_id")
        ).first()
        if moved is None:
            raise Http404()
        # Campaign and feed parameters (utm_source…) survive the move.
        query = request.META.get("QUERY_STRING", "")
        location = moved.get_absolute_url() + (f"?{iri_to_uri(query)}" if query else "")
        return redirect(location, permanent=True)
    return render_article(request, article)


@never_cache
@require_safe
@vary_on_headers("HX-Request")
def shared_preview(request, token):
    link = (
        PreviewLink.objects.select_related("article__author", "article__topic")
        .filter(token=token)
        .first()
    )
    if link is None or not link.is_active() or link.article.status == Status.UNPUBLISHED:
        raise Http404(
            "This preview link has expired, was revoked, or never existed. "
            "Ask the editor who shared it for a new one."
        )
    return render_article(request, link.article, shared_link=link, preview=True)


@require_safe
def topic_list(request):
    delivery.tag(request, "topics")
    return render(
        request, "articles/topic_list.html", {"topics": Topic.objects.all(), "nav": "topics"}
    )


@require_safe
@vary_on_headers("HX-Request")
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    delivery.tag(request, f"topic-{topic.pk}", "articles")
    articles = Article.objects.published().filter(topic=topic)
    return listing(
        request, "articles/topic_detail.html", articles, {"topic": topic, "nav": "topics"}
    )


@require_safe
@vary_on_headers("HX-Request")
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    delivery.tag(request, f"author-{author.pk}", "articles")
    articles = Article.objects.published().filter(author=author)
    return listing(request, "articles/author_detail.html", articles, {"author": author})


@require_safe
@never_cache
def healthz(request):
    """Answer that the process is up: no database, no template (also the benchmarks' floor)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def pending_migrations():
    """Return True while this release has migrations the database has not applied.

    Asked until the answer is no, then never again in this process: nothing unapplies them.
    """
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return not _migrated


_migrated = False


@require_safe
@never_cache
def readyz(request):
    """Answer whether this server can serve: database and caches reachable, schema current."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if pending_migrations():
            problems.append("migrations not applied")
    except DatabaseError:
        problems.append("database unreachable")
    for alias in ("default", "delivery"):
        try:
            caches[alias].get("readyz")
        except Exception:
            problems.append(f"{alias} cache unreachable")
    text = "ok\n" if not problems else "".join(f"{problem}\n" for problem in problems)
    if maintenance.is_read_only():
        text += "read-only mode: pages are served, writes answer 503\n"
    return HttpResponse(
        text, status=503 if problems else 200, content_type="text/plain; charset=utf-8"
    )


@require_safe
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
    """The site's 500: standalone, so it renders even when the database is down.

    A write the database or the disk refused (read-only mode, a full disk) is no bug: it
    gets a 503 with Retry-After saying so, and the text fields of a refused form.
    """
    reason = maintenance.refusal(sys.exception())
    if reason is not None:
        return refused_write(request, reason)
    try:
        html = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    except Exception:
        html = "<!doctype html><title>Server error</title><h1>Something went wrong</h1>"
    return HttpResponseServerError(html)


# Form fields never echoed: the form's own bookkeeping, and secrets.
NOT_ECHOED = re.compile(
    r"^(csrfmiddlewaretoken|_.*|.*-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS|.*password.*)$",
    re.IGNORECASE,
)


def refused_write(request, reason):
    """The 503 page for a write that could not be made, echoing what was sent."""
    try:
        fields = list(request.POST.lists())
    except Exception:  # the refusal came while the body was read: nothing to echo
        fields = []
    submitted = [
        (name, value)
        for name, values in fields
        if not NOT_ECHOED.match(name)
        for value in values
        if value.strip()
    ]
    context = {
        "site_name": settings.SITE_NAME,
        "message": maintenance.message(reason),
        "retry_minutes": max(1, round(maintenance.retry_after() / 60)),
        "submitted": submitted[:100],
    }
    try:
        html = loader.get_template("503.html").render(context)
    except Exception:
        html = f"<!doctype html><title>Unavailable</title><h1>{maintenance.message(reason)}</h1>"
    return maintenance.refused(HttpResponse(html), reason)


@require_safe
@vary_on_headers("HX-Request", "HX-Target", "HX-History-Restore-Request")
def search(request):
    delivery.tag(request, "articles", "concepts", "comparisons", "topics")
    raw_query = clean_query(request.GET.get("q", ""))
    query = parse_query(raw_query)
    notices = []
    types = search_types()
    type_name = request.GET.get("type") or "all"
    if type_name not in types:
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
        "type_label": types[type_name][0],
        "topics": topics,
        "topic": topic,
    }
    if query:
        results = SearchResults(query, types[type_name][1], topic, spelling(query))
        page_obj = paginate(request, results, SEARCH_PER_PAGE)
        counts, capped = results.counts, results.capped
        params = {"q": raw_query} | ({"topic": topic.slug} if topic else {})
        type_param = {"type": type_name} if type_name != "all" else {}
        suggestion = results.suggestion
        context |= {
            "searched": True,
            "page_obj": page_obj,
            "counts": counts,
            "query_string": urlencode(params | type_param),
            "all_types_query_string": urlencode(params),
            "other_matches": 0 if page_obj.paginator.count else sum(counts.values()),
            "capped": bool(capped.intersection(types[type_name][1])),
            "suggestion": suggestion,
        }
        if suggestion:
            suggested = params | {"q": suggestion.text} | type_param
            context["suggestion_query_string"] = urlencode(suggested)
        if not page_obj.paginator.count:
            # Never a dead end: concepts named like the query, else recently updated ones.
            context["offers"] = offers(query, suggestion)
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
        for value, (label, kinds) in types.items()
    ]

    template_name = "articles/search.html"
    if is_fragment(request):
        if request.htmx.target == "load-more":
            template_name += "#hits"
        else:
            template_name += "#results"
            context["oob"] = True
    return render(request, template_name, context)


def concept_hub_articles(request, concept, *, fragment):
    """The concept hub's list of articles about it (registered in ArticlesConfig)."""
    delivery.tag(request, "articles")
    return {"page_obj": listing_page(request, Article.objects.published().filter(concepts=concept))}


def industry_page_articles(request, industry, use_cases):
    """The industry page's articles (registered in ArticlesConfig): see articles/industries.py."""
    delivery.tag(request, "articles")
    return {"page_obj": listing_page(request, industries.industry_articles(industry))}
