from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "articles.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self):
        from articles.core import search
        from articles.knowledge import delivery, searching, sitemaps

        search.register(searching.CONCEPT)
        delivery.watch()
        self.sitemaps, self.sitemap_pages = sitemaps.SITEMAPS, sitemaps.PAGES
