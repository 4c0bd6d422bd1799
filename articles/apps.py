from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        # Imported here, as Django requires: models are not ready when this module loads.
        from articles import delivery, freshness, searching, services, sitemaps, views
        from articles.checks import article_checks
        from articles.core import delivery as reader_delivery
        from articles.core import extensions, search
        from articles.editorial import spec
        from articles.models import Article

        search.register(searching.ARTICLE)
        # Schema upkeep, like Django's own permissions: on SQLite a migration that rebuilds
        # an indexed table drops its search triggers, so every `migrate` ends with a repair.
        post_migrate.connect(search.ensure_index_after_migrate, sender=self)
        # A migration may rewrite content: start a new generation of cached pages.
        post_migrate.connect(reader_delivery.changed_after_migrate, sender=self)
        delivery.watch()
        for function in delivery.NEXT_CHANGES:
            extensions.extend("next-change", function)
        self.sitemaps, self.sitemap_pages = sitemaps.SITEMAPS, sitemaps.PAGES
        extensions.extend("concept-hub", views.concept_hub_articles)
        extensions.extend("industry-page", views.industry_page_articles)
        extensions.extend("image-changed", services.image_changed)
        extensions.extend("image-usage", services.articles_using_image)
        extensions.extend("fact-dependents", freshness.fact_dependents)
        # Facts, use-cases and concepts changing under live articles: the "Needs a look" queue.
        freshness.connect()
        spec.register(
            Article,
            spec.EditorialSpec(
                checks=lambda article: article_checks(
                    article, concept_count=article.concepts.count()
                ),
                autosave_fields=(
                    "title", "slug", "teaser", "body", "hero_alt", "hero_caption",
                    "seo_title", "seo_description",
                ),
                restored_fields=(
                    "title", "teaser", "body", "glossary_links", "topic", "hero_source",
                    "hero_image", "hero_alt", "hero_caption", "revised_at", "seo_title",
                    "seo_description",
                ),
                compared_fields=(
                    "title", "slug", "teaser", "body", "status", "published_at", "author",
                    "topic", "hero_source", "hero_image", "hero_alt", "hero_caption", "revised_at",
                    "glossary_links", "featured", "seo_title", "seo_description",
                ),
                text_fields=("teaser", "body"),
                m2m_fields=("concepts",),
            ),
        )  # fmt: skip
