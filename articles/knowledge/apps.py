from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "articles.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self):
        from articles.core import search
        from articles.knowledge import searching, sitemaps

        search.register(searching.CONCEPT)
        self.sitemaps, self.sitemap_pages = sitemaps.SITEMAPS, sitemaps.PAGES
