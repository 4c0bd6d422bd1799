"""The shapes the Content API answers with; the OpenAPI schema is written from these.

Every `url` is the reader page's absolute address, every `api_url` this API's; resolvers read
the request from the context django-ninja passes in.
"""

from datetime import date, datetime

from ninja import Schema

from articles.core.links import link


def absolute(context, path):
    return context["request"].build_absolute_uri(path)


class Link(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())


class Author(Link):
    api_url: str

    @staticmethod
    def resolve_api_url(obj, context):
        return absolute(context, link("api:author-detail", obj.slug))


class AuthorDetail(Author):
    bio: str


class Topic(Link):
    api_url: str

    @staticmethod
    def resolve_api_url(obj, context):
        return absolute(context, link("api:topic-detail", obj.slug))


class TopicDetail(Topic):
    description: str


class ConceptLink(Link):
    api_url: str

    @staticmethod
    def resolve_api_url(obj, context):
        return absolute(context, link("api:concept-detail", obj.slug))


class Rendition(Schema):
    url: str
    width: int
    format: str


class Hero(Schema):
    url: str
    alt: str
    caption: str
    width: int | None
    height: int | None
    renditions: list[Rendition]


def hero_of(article, context):
    """Return the hero image's addresses, or None: the original and its stored renditions."""
    if not article.hero_image:
        return None
    data = article.hero_renditions or {}
    url = article.hero_image.storage.url
    renditions = []
    if data.get("source") == article.hero_image.name:
        renditions = [
            {"url": absolute(context, url(r["name"])), "width": r["width"], "format": kind}
            for kind in ("jpeg", "webp")
            for r in data.get(kind, [])
        ]
    return {
        "url": absolute(context, article.hero_image.url),
        "alt": article.hero_alt,
        "caption": article.hero_caption,
        "width": data.get("width"),
        "height": data.get("height"),
        "renditions": renditions,
    }


class ArticleLink(Schema):
    """An article as nested lists show it."""

    slug: str
    title: str
    teaser: str
    published_at: datetime
    url: str
    api_url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return absolute(context, link("api:article-detail", obj.slug))


class Article(ArticleLink):
    author: Author
    topic: Topic
    concepts: list[ConceptLink]
    updated_at: datetime
    revised_at: datetime | None
    reading_time: int
    hero: Hero | None

    @staticmethod
    def resolve_revised_at(obj):
        """The “Updated” date readers see, once it is due."""
        return obj.revised_at if obj.is_revised else None

    @staticmethod
    def resolve_hero(obj, context):
        return hero_of(obj, context)


class ArticleDetail(Article):
    word_count: int
    industries: list[Link]
    body_markdown: str
    body_html: str
    toc: list

    @staticmethod
    def resolve_body_markdown(obj):
        return obj.body

    @staticmethod
    def resolve_body_html(obj):
        return obj.body_html_for_readers  # set by the view (comparisons/api/views.py)


class Source(Schema):
    title: str
    url: str


class Fact(Schema):
    dimension: str
    dimension_name: str
    value: str | None
    text: str
    sources: list[Source]
    verified_on: date

    @staticmethod
    def resolve_dimension(obj):
        return obj.dimension.slug

    @staticmethod
    def resolve_dimension_name(obj):
        return obj.dimension.name

    @staticmethod
    def resolve_value(obj):
        return obj.value or None


class Relation(Schema):
    """One edge of the concept graph: `source` <label> `target`."""

    kind: str
    label: str
    source: ConceptLink
    target: ConceptLink

    @staticmethod
    def resolve_label(obj):
        return obj.get_kind_display()


class Concept(ConceptLink):
    definition: str
    aliases: list[str]
    family: str
    updated_at: datetime

    @staticmethod
    def resolve_aliases(obj):
        return obj.alias_list


class UseCase(Schema):
    id: int
    concept: ConceptLink
    industry: Link
    title: str
    text: str
    as_of: date
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())


class ComparisonLink(Schema):
    slug: str
    title: str
    concepts: list[ConceptLink]
    published_at: datetime
    url: str
    api_url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return absolute(context, link("api:comparison-detail", obj.slug))


class ConceptDetail(Concept):
    explanation_markdown: str
    explanation_html: str
    relations: list[Relation]
    facts: list[Fact]
    use_cases: list[UseCase]
    articles: list[ArticleLink]
    articles_url: str
    comparisons: list[ComparisonLink]

    @staticmethod
    def resolve_explanation_markdown(obj):
        return obj.explanation

    @staticmethod
    def resolve_articles(obj):
        """The newest published ones; `articles_url` lists them all."""
        return obj.latest_articles

    @staticmethod
    def resolve_comparisons(obj):
        return obj.latest_comparisons

    @staticmethod
    def resolve_articles_url(obj, context):
        return absolute(context, f"{link('api:article-list')}?concept={obj.slug}")


class Comparison(ComparisonLink):
    featured: bool
    updated_at: datetime


class Dimension(Schema):
    slug: str
    name: str
    description: str


class Cell(Schema):
    concept: str
    documented: bool
    value: str | None
    text: str | None
    sources: list[dict]
    verified_on: date | None


class Row(Schema):
    dimension: str
    differs: bool
    cells: list[Cell]


class Table(Schema):
    """The comparison table, assembled from facts: the document of /compare/<pair>.json."""

    url: str
    canonical_url: str
    differences_only: bool
    differing: int
    total: int
    concepts: list[dict]
    dimensions: list[Dimension]
    rows: list[Row]
    sources: list[dict]


class ComparisonDetail(Comparison):
    introduction_markdown: str
    introduction_html: str
    similarities_markdown: str
    similarities_html: str
    verdict_markdown: str
    verdict_html: str
    table: Table
    related_articles: list[ArticleLink]

    @staticmethod
    def resolve_introduction_markdown(obj):
        return obj.introduction

    @staticmethod
    def resolve_similarities_markdown(obj):
        return obj.similarities

    @staticmethod
    def resolve_verdict_markdown(obj):
        return obj.verdict


class Page(Schema):
    """A page of a list: `next` is the URL of the following page, null on the last."""

    next: str | None


class ArticlePage(Page):
    results: list[Article]


class AuthorPage(Page):
    results: list[Author]


class TopicPage(Page):
    results: list[Topic]


class ConceptPage(Page):
    results: list[Concept]


class UseCasePage(Page):
    results: list[UseCase]


class ComparisonPage(Page):
    results: list[Comparison]


class Error(Schema):
    detail: str
