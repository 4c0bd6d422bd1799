"""Sitemap sections of the comparisons app, declared by ComparisonsConfig."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Prefetch

from articles.knowledge.models import Concept
from comparisons.models import Comparison


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


SITEMAPS = {"comparisons": ComparisonSitemap}
PAGES = ["comparisons:compare-index"]
