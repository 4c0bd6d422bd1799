"""An industry's articles, for its page and its feed.

Editors say which industries an article is about (`Article.industries`). An article nobody
tagged (an import, an older article) still belongs to an industry when it names the industry
in its headline or teaser (whole words, stemmed, found through the site's full-text index) and
is about at least one concept of the industry's use-cases. A concept alone says nothing of an
industry (almost every article is about a concept some industry uses), and the body is not
read: a passing mention there ("…from retail to healthcare…") does not make an article about it.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.core.search import WORD
from articles.feeds import LatestArticlesFeed
from articles.knowledge.models import Industry, UseCase
from articles.models import Article
from articles.searching import ARTICLE

# The columns of the full-text index that say what an article is about.
NAMING_COLUMNS = ("title", "teaser")


def naming(industry):
    """Return a subquery of the ids of articles whose headline or teaser names `industry`."""
    words = WORD.findall(industry.name)
    if not words:
        return None
    if connection.vendor == "postgresql":
        # Weights A and B are the title and the teaser (articles/searching.py).
        phrase = " <-> ".join(f"{word}:AB" for word in words)
        return RawSQL(
            f"SELECT id FROM {ARTICLE.table} WHERE search_document @@ to_tsquery('english', %s)",
            [phrase],
        )
    fts = ARTICLE.fts_table
    match = "{" + " ".join(NAMING_COLUMNS) + '} : "' + " ".join(words) + '"'
    return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])


def industry_articles(industry):
    """Return the published articles about `industry`, newest first."""
    tagged = Q(
        pk__in=Article.industries.through.objects.filter(industry=industry).values("article_id")
    )
    named = naming(industry)
    if named is None:
        return Article.objects.published().filter(tagged)
    about_its_concepts = Article.concepts.through.objects.filter(
        article_id=OuterRef("pk"),
        concept_id__in=UseCase.objects.filter(industry=industry).values("concept_id"),
    )
    return Article.objects.published().filter(tagged | Q(Exists(about_its_concepts), pk__in=named))


class IndustryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Industry, slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj):
        return obj.description or f"New articles about {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return industry_articles(obj)


class IndustryAtomFeed(IndustryFeed):
    feed_type = Atom1Feed
    subtitle = IndustryFeed.description
