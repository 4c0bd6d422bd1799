"""How articles are searched: registered with the site search in ArticlesConfig.ready()."""

from django.db.models import CharField, F, Value

from articles.core.search import Kind
from articles.models import Article


def visible_articles(topic):
    articles = Article.objects.published()
    return articles if topic is None else articles.filter(topic=topic)


def fetch_articles(ids):
    # The ids come from the ranked query, which took them from `.published()`; filtering on
    # publish state again here would lead SQLite to walk the publish-date index, not the ids.
    return Article.objects.for_cards().order_by().in_bulk(ids)


def article_vocabulary():
    """The titles of the newest published articles: words spelling suggestions may offer."""
    nothing = Value("", output_field=CharField())
    return (
        Article.objects.published()
        .order_by("-pk")
        .values(label=F("title"), more=nothing, ref=nothing)
    )


ARTICLE = Kind(
    name="article",
    label="Article",
    plural="Articles",
    position=10,
    table="articles_article",
    columns=(("title", "A", 10.0), ("teaser", "B", 4.0), ("body", "D", 1.0)),
    title_columns=("title",),
    summary_columns=(("teaser", True), ("body", False)),
    visible=visible_articles,
    fetch=fetch_articles,
    by_topic=True,
    vocabulary=article_vocabulary,
)
