"""Sitemap sections of the knowledge base, declared by KnowledgeConfig."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.knowledge.models import Concept, Industry, UseCase


class ConceptSitemap(Sitemap):
    limit = 5000

    def items(self):
        return Concept.objects.only("slug", "updated_at")

    def lastmod(self, concept):
        return concept.updated_at

    def get_latest_lastmod(self):
        return Concept.objects.aggregate(latest=Max("updated_at"))["latest"]


class IndustrySitemap(Sitemap):
    def items(self):
        return Industry.objects.only("slug")


class UseCaseSitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            UseCase.objects.select_related("concept", "industry")
            .only("concept__slug", "industry__slug")
            .order_by("pk")
        )


# Section name → sitemap, and the fixed pages; config/urls.py merges every app's.
SITEMAPS = {"concepts": ConceptSitemap, "industries": IndustrySitemap, "use-cases": UseCaseSitemap}
PAGES = ["knowledge:concept-list", "knowledge:use-case-matrix"]
