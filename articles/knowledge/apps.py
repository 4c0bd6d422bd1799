from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "articles.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"

    def ready(self):
        from articles.core import extensions, search
        from articles.knowledge import delivery, searching, services, sitemaps

        search.register(searching.CONCEPT)
        delivery.watch()
        extensions.extend("image-changed", services.image_changed)
        extensions.extend("image-usage", services.concepts_using_image)
        self.sitemaps, self.sitemap_pages = sitemaps.SITEMAPS, sitemaps.PAGES
