"""The Content API's endpoints: thin views over the published QuerySets the site uses."""

import json
from datetime import UTC, datetime

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from articles.core import delivery
from articles.embeds import render_embeds
from articles.glossary import unlink_unreachable
from articles.knowledge.models import Concept, Fact, UseCase
from articles.knowledge.tables import FactTable
from articles.models import Article, Author, Topic
from comparisons.api import schemas
from comparisons.api.access import error
from comparisons.api.paging import DEFAULT_LIMIT, MAX_LIMIT, BadRequest, in_utc, keyset_page
from comparisons.models import Comparison, ComparisonConcept, ComparisonDimension
from comparisons.views import table_json

DESCRIPTION = """Everything readers see on the site, as JSON: published content only.

**Lists** are paged by cursor: follow `next` (null on the last page); `limit` sets the page
size (1–100). A page never shifts when content is published meanwhile.
**Caching**: responses carry `ETag` and `Last-Modified`; send them back as `If-None-Match` or
`If-Modified-Since` for a `304`.
**Keys**: reading is public unless the site sets `COMPENDIUM_API_KEYS`; then send
`Authorization: Bearer <key>` or `X-API-Key: <key>`, or get a `401`.
**Errors** are JSON, `{"detail": "…"}`: `400` for a bad parameter, `404` for an unknown
address or anything not published.
"""

api = NinjaAPI(
    title="Compendium Content API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url=None,
)

# How many items a concept lists of its articles and comparisons; the lists link to the rest.
NESTED = 20
ARTICLE_ORDER = ("-published_at", "-id")
NAME_ORDER = ("name", "id")
ERRORS = {400: schemas.Error, 404: schemas.Error}


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    errors = [
        {"param": ".".join(str(part) for part in e["loc"][1:]), "message": e["msg"]}
        for e in exc.errors
    ]
    return error(400, "Invalid request parameters.", errors=errors)


@api.exception_handler(BadRequest)
def bad_request(request, exc):
    return error(400, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(404, str(exc) or "Not found.")


class ListParams(Schema):
    cursor: str | None = Field(None, description="From the previous page's `next`.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


class ArticleFilters(ListParams):
    topic: str | None = Field(None, description="A topic's slug.")
    author: str | None = Field(None, description="An author's slug.")
    concept: str | None = Field(None, description="A concept's slug.")
    updated_since: datetime | None = Field(
        None,
        description="ISO 8601 date-time: articles changed or gone live since then "
        "(UTC when no offset is given).",
    )


class ConceptFilters(ListParams):
    family: str | None = Field(None, description="A family, e.g. “Model architectures”.")
    updated_since: datetime | None = Field(None, description="ISO 8601 date-time.")


class UseCaseFilters(ListParams):
    concept: str | None = Field(None, description="A concept's slug.")
    industry: str | None = Field(None, description="An industry's slug.")


class ComparisonFilters(ListParams):
    concept: str | None = Field(None, description="A compared concept's slug.")


def aware(moment):
    return in_utc(moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC))


def page(request, queryset, ordering, params):
    items, next_url = keyset_page(
        request, queryset, ordering, cursor=params.cursor, limit=params.limit
    )
    return {"next": next_url, "results": items}


def found(queryset, slug, what):
    item = queryset.filter(slug=slug).first()
    if item is None:
        raise Http404(f"There is no {what} “{slug[:80]}”.")
    return item


def concept_names():
    return Prefetch("concepts", queryset=Concept.objects.only("name", "slug"))


@api.get("/", url_name="index", summary="Where each list is", include_in_schema=False)
def index(request):
    names = ["articles", "authors", "topics", "concepts", "use-cases", "comparisons"]
    absolute = request.build_absolute_uri
    return {
        "resources": {name: absolute(f"{request.path}{name}/") for name in names},
        "schema": absolute(f"{request.path}schema/"),
        "docs": absolute(f"{request.path}docs/"),
    }


# Articles ---------------------------------------------------------------------------------


def published_articles():
    return (
        Article.objects.published()
        .select_related("author", "topic")
        .prefetch_related(concept_names())
    )


@api.get(
    "/articles/",
    response={200: schemas.ArticlePage, **ERRORS},
    url_name="article-list",
    summary="Published articles, newest first",
    tags=["articles"],
)
def article_list(request, filters: Query[ArticleFilters]):
    delivery.tag(request, "articles", "concepts")
    articles = published_articles().defer("body", "body_html", "toc")
    if filters.topic:
        articles = articles.filter(topic__slug=filters.topic)
    if filters.author:
        articles = articles.filter(author__slug=filters.author)
    if filters.concept:
        articles = articles.filter(concepts__slug=filters.concept)
    if filters.updated_since:
        since = aware(filters.updated_since)
        # A scheduled article that went live since counts as new to the client.
        articles = articles.filter(Q(updated_at__gte=since) | Q(published_at__gte=since))
    return page(request, articles, ARTICLE_ORDER, filters)


@api.get(
    "/articles/{slug}/",
    response={200: schemas.ArticleDetail, **ERRORS},
    url_name="article-detail",
    summary="One published article, with its Markdown and sanitised HTML",
    tags=["articles"],
)
def article_detail(request, slug: str):
    article = found(published_articles().prefetch_related("industries"), slug, "published article")
    delivery.tag(request, f"article-{article.pk}", "articles", "concepts", "industries")
    # As readers get it: links to pages taken down are plain text, embeds show today's facts
    # (and a change to those purges this response too).
    html, embedded = render_embeds(unlink_unreachable(article.body_html, article.slug))
    if embedded:
        delivery.tag(request, "facts", *(f"concept-{pk}" for pk in embedded))
    article.body_html_for_readers = html
    return article


# Authors and topics -----------------------------------------------------------------------


@api.get(
    "/authors/",
    response={200: schemas.AuthorPage, **ERRORS},
    url_name="author-list",
    summary="Authors, by name",
    tags=["authors"],
)
def author_list(request, params: Query[ListParams]):
    delivery.tag(request, "articles")  # Every author change purges “articles”.
    return page(request, Author.objects.all(), NAME_ORDER, params)


@api.get(
    "/authors/{slug}/",
    response={200: schemas.AuthorDetail, **ERRORS},
    url_name="author-detail",
    summary="One author; their articles are /articles/?author=<slug>",
    tags=["authors"],
)
def author_detail(request, slug: str):
    author = found(Author.objects.all(), slug, "author")
    delivery.tag(request, f"author-{author.pk}")
    return author


@api.get(
    "/topics/",
    response={200: schemas.TopicPage, **ERRORS},
    url_name="topic-list",
    summary="Topics, by name",
    tags=["topics"],
)
def topic_list(request, params: Query[ListParams]):
    delivery.tag(request, "topics")
    return page(request, Topic.objects.all(), NAME_ORDER, params)


@api.get(
    "/topics/{slug}/",
    response={200: schemas.TopicDetail, **ERRORS},
    url_name="topic-detail",
    summary="One topic; its articles are /articles/?topic=<slug>",
    tags=["topics"],
)
def topic_detail(request, slug: str):
    topic = found(Topic.objects.all(), slug, "topic")
    delivery.tag(request, f"topic-{topic.pk}", "topics")
    return topic


# Concepts and use-cases -------------------------------------------------------------------


@api.get(
    "/concepts/",
    response={200: schemas.ConceptPage, **ERRORS},
    url_name="concept-list",
    summary="Concepts, by name",
    tags=["concepts"],
)
def concept_list(request, filters: Query[ConceptFilters]):
    delivery.tag(request, "concepts")
    concepts = Concept.objects.defer("explanation", "explanation_html")
    if filters.family:
        concepts = concepts.filter(family=filters.family)
    if filters.updated_since:
        concepts = concepts.filter(updated_at__gte=aware(filters.updated_since))
    return page(request, concepts, NAME_ORDER, filters)


@api.get(
    "/concepts/{slug}/",
    response={200: schemas.ConceptDetail, **ERRORS},
    url_name="concept-detail",
    summary="One concept: relations, facts, use-cases, its latest articles and comparisons",
    tags=["concepts"],
)
def concept_detail(request, slug: str):
    concepts = Concept.objects.with_relations().prefetch_related(
        Prefetch(
            "facts",
            queryset=Fact.objects.select_related("dimension").order_by(
                "dimension__position", "dimension__name"
            ),
        ),
        Prefetch("use_cases", queryset=UseCase.objects.select_related("concept", "industry")),
    )
    concept = found(concepts, slug, "concept")
    concept.latest_articles = Article.objects.published().filter(concepts=concept)[:NESTED]
    concept.latest_comparisons = concept.comparisons.published().prefetch_related(concept_names())[
        :NESTED
    ]
    delivery.tag(request, f"concept-{concept.pk}", "concepts", "facts", "articles", "comparisons")
    delivery.tag(request, "industries")
    concept.relations = [*concept.outgoing_relations.all(), *concept.incoming_relations.all()]
    return concept


@api.get(
    "/use-cases/",
    response={200: schemas.UseCasePage, **ERRORS},
    url_name="use-case-list",
    summary="Use-cases: one concept applied in one industry",
    tags=["concepts"],
)
def use_case_list(request, filters: Query[UseCaseFilters]):
    delivery.tag(request, "concepts", "industries")
    use_cases = UseCase.objects.select_related("concept", "industry")
    if filters.concept:
        use_cases = use_cases.filter(concept__slug=filters.concept)
    if filters.industry:
        use_cases = use_cases.filter(industry__slug=filters.industry)
    return page(request, use_cases, ("id",), filters)


# Comparisons ------------------------------------------------------------------------------


@api.get(
    "/comparisons/",
    response={200: schemas.ComparisonPage, **ERRORS},
    url_name="comparison-list",
    summary="Published curated comparisons, newest first",
    tags=["comparisons"],
)
def comparison_list(request, filters: Query[ComparisonFilters]):
    delivery.tag(request, "comparisons", "concepts")
    comparisons = Comparison.objects.published().prefetch_related(concept_names())
    if filters.concept:
        comparisons = comparisons.filter(
            pk__in=ComparisonConcept.objects.filter(concept__slug=filters.concept).values(
                "comparison"
            )
        )
    return page(request, comparisons, ARTICLE_ORDER, filters)


@api.get(
    "/comparisons/{slug}/",
    response={200: schemas.ComparisonDetail, **ERRORS},
    url_name="comparison-detail",
    summary="One published comparison, with its table assembled from facts",
    tags=["comparisons"],
)
def comparison_detail(request, slug: str):
    comparisons = Comparison.objects.published().prefetch_related(
        concept_names(),
        Prefetch(
            "comparison_concepts", queryset=ComparisonConcept.objects.select_related("concept")
        ),
        Prefetch(
            "comparison_dimensions",
            queryset=ComparisonDimension.objects.select_related("dimension"),
        ),
        Prefetch("related_articles", queryset=Article.objects.published()),
    )
    comparison = found(comparisons, slug, "published comparison")
    columns = [row.concept for row in comparison.comparison_concepts.all()]
    dimensions = [row.dimension for row in comparison.comparison_dimensions.all()] or None
    delivery.tag(request, f"comparison-{comparison.pk}", "comparisons", "concepts", "facts")
    delivery.tag(request, "articles", *(f"concept-{concept.pk}" for concept in columns))
    table = FactTable(columns, dimensions)
    # The comparison page's own JSON document, so that both always say the same.
    data = json.loads(table_json(request, comparison, table).content)
    del data["curated"], data["indexable"]
    comparison.table = data | {"differing": table.differing, "total": table.total}
    return comparison


# Documentation ----------------------------------------------------------------------------


# Shown as each endpoint's parameters, not as shapes.
PARAMETER_SCHEMAS = {
    "ListParams",
    "ArticleFilters",
    "ConceptFilters",
    "UseCaseFilters",
    "ComparisonFilters",
}


def type_name(spec, components):
    """Return a short human name for a JSON-schema type: "string", "list of Article"…"""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        names = [type_name(option, components) for option in spec["anyOf"]]
        return " or ".join(name for name in names if name != "null") + (
            " or null" if "null" in names else ""
        )
    if spec.get("type") == "array":
        return f"list of {type_name(spec.get('items', {}), components)}"
    kind = spec.get("type", "object")
    return f"{kind} ({spec['format']})" if spec.get("format") else kind


@require_safe
def api_docs(request):
    """The API's documentation, written from its OpenAPI schema: no script, no CDN."""
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            ok = responses.get(200) or responses.get("200") or {}
            body = ok.get("content", {}).get("application/json", {}).get("schema", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "anchor": operation["operationId"],
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": type_name(parameter.get("schema", {}), components),
                            "description": parameter.get("description")
                            or parameter.get("schema", {}).get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "returns": type_name(body, components) if body else "",
                }
            )
    shapes = [
        {
            "name": name,
            "description": component.get("description", ""),
            "fields": [
                {
                    "name": field,
                    "type": type_name(spec, components),
                    "description": spec.get("description", ""),
                }
                for field, spec in component.get("properties", {}).items()
            ],
        }
        for name, component in sorted(components.items())
        if name not in PARAMETER_SCHEMAS
    ]
    context = {
        "title": schema["info"]["title"],
        "operations": operations,
        "shapes": shapes,
        "root": request.build_absolute_uri(api.get_root_path({})),
    }
    return render(request, "api/docs.html", context)
