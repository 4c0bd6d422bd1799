from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Comparisons"

    def ready(self):
        # Imported here, as Django requires: models are not ready when this module loads.
        from articles.core import extensions, search
        from articles.editorial import spec
        from comparisons import delivery, searching, services, sitemaps, views
        from comparisons.checks import comparison_checks
        from comparisons.models import Comparison

        search.register(searching.COMPARISON)
        delivery.watch()
        extensions.extend("next-change", delivery.next_live)
        self.sitemaps, self.sitemap_pages = sitemaps.SITEMAPS, sitemaps.PAGES
        extensions.extend("concept-hub", views.concept_hub_comparisons)
        extensions.extend("home", views.featured_comparisons)
        extensions.extend("cells-shown", views.cells_on_live_comparisons)
        extensions.extend("compare-url", views.compare_url)
        extensions.extend("image-changed", services.image_changed)
        extensions.extend("image-usage", services.comparisons_using_image)
        spec.register(
            Comparison,
            spec.EditorialSpec(
                checks=lambda comparison: comparison_checks(
                    comparison, concept_count=comparison.comparison_concepts.count()
                ),
                autosave_fields=("title", "slug", "introduction", "similarities", "verdict"),
                restored_fields=("title", "introduction", "similarities", "verdict"),
                compared_fields=(
                    "title", "slug", "introduction", "similarities", "verdict", "status",
                    "published_at", "featured",
                ),
                text_fields=("introduction", "similarities", "verdict"),
            ),
        )  # fmt: skip
