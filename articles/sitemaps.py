"""The sitemap: published articles, concept hubs, curated comparisons and the listings."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Concept, Industry, Topic
from comparisons.models import Comparison


class ArticleSitemap(Sitemap):
    # Small pages render fast; the index lists every page.
    limit = 1000

    def items(self):
        # In id order: deep pages then skip rows in table order instead of sorting by date.
        return (
            Article.objects.published().order_by("pk").only("slug", "published_at", "revised_at")
        )

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        published = Article.objects.published().values_list("published_at", flat=True).first()
        revised = (
            Article.objects.published()
            .filter(revised_at__lte=timezone.now())
            .aggregate(latest=Max("revised_at"))["latest"]
        )
        return max(filter(None, [published, revised]), default=None)


class ConceptSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Concept.objects.only("slug", "updated_at")

    def lastmod(self, concept):
        return concept.updated_at

    def get_latest_lastmod(self):
        return Concept.objects.aggregate(latest=Max("updated_at"))["latest"]


class ComparisonSitemap(Sitemap):
    """Curated comparisons only: ad-hoc pairs from the comparator are never listed."""

    limit = 5000

    def items(self):
        return (
            Comparison.objects.published()
            .prefetch_related(Prefetch("concepts", queryset=Concept.objects.only("slug")))
            .only("published_at", "updated_at")
        )

    def lastmod(self, comparison):
        return max(comparison.published_at, comparison.updated_at)

    def get_latest_lastmod(self):
        latest = Comparison.objects.published().aggregate(
            published=Max("published_at"), updated=Max("updated_at")
        )
        return max(filter(None, latest.values()), default=None)


class ListingSitemap(Sitemap):
    """Topic and author pages, dated by their newest published article."""

    limit = 5000
    model = None

    def items(self):
        newest = Article.objects.published().filter(**{self.model._meta.model_name: OuterRef("pk")})
        return (
            self.model.objects.annotate(latest=Subquery(newest.values("published_at")[:1]))
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.latest

    def get_latest_lastmod(self):
        return None


class TopicSitemap(ListingSitemap):
    model = Topic


class AuthorSitemap(ListingSitemap):
    model = Author


class IndustrySitemap(Sitemap):
    def items(self):
        return Industry.objects.only("slug")


class PageSitemap(Sitemap):
    def items(self):
        return [
            "articles:home",
            "articles:topic-list",
            "comparisons:concept-list",
            "comparisons:compare-index",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "concepts": ConceptSitemap,
    "comparisons": ComparisonSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "industries": IndustrySitemap,
}
