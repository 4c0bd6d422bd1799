"""Sitemap sections of the articles app, declared by ArticlesConfig."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Author, Topic


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


# Section name → sitemap, and the fixed pages; config/urls.py merges every app's.
SITEMAPS = {"articles": ArticleSitemap, "topics": TopicSitemap, "authors": AuthorSitemap}
PAGES = ["articles:home", "articles:topic-list"]
