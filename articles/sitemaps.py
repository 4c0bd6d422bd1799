"""Sitemap sections of the articles app, declared by ArticlesConfig."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Author, Topic


class IdsFirstPaginator(Paginator):
    """Page through ids alone (an index serves them), then load each page's rows by id."""

    def __init__(self, ids, per_page, *, load):
        super().__init__(ids, per_page)
        self.load = load

    def page(self, number):
        page = super().page(number)
        page.object_list = self.load(page.object_list)
        return page


class ArticleSitemap(Sitemap):
    # Small pages render fast; the index lists every page.
    limit = 1000

    def items(self):
        # Newest first, like the listings: their index gives any page's ids without reading
        # the wide rows OFFSET skips.
        return Article.objects.published().values_list("pk", flat=True)

    @property
    def paginator(self):
        return IdsFirstPaginator(self.items(), self.limit, load=self.rows)

    @staticmethod
    def rows(ids):
        return list(
            Article.objects.filter(pk__in=ids)
            .only("slug", "published_at", "revised_at")
            .order_by("-published_at", "-id")
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
