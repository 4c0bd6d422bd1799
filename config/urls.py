from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, reverse

from articles.core.delivery import tagged
from articles.industries import IndustryAtomFeed, IndustryFeed

admin.site.site_header = f"{settings.SITE_NAME} editorial"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"


class PageSitemap(Sitemap):
    """The fixed pages every app declares (`sitemap_pages` on its AppConfig)."""

    def items(self):
        return [
            name
            for config in apps.get_app_configs()
            for name in getattr(config, "sitemap_pages", [])
        ]

    def location(self, name):
        return reverse(name)


# Each app declares its sitemap sections on its AppConfig (`sitemaps`); this is the one place
# that puts them together.
SITEMAPS = {"pages": PageSitemap}
for config in apps.get_app_configs():
    SITEMAPS |= getattr(config, "sitemaps", {})

# Everything the sitemaps list, for purges (articles/core/delivery.py).
SITEMAP_KEYS = ("articles", "concepts", "comparisons", "industries", "topics")

urlpatterns = [
    # Password resets for editors, in the admin's own templates (it links to the first).
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        tagged(sitemap_views.index, *SITEMAP_KEYS),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        tagged(sitemap_views.sitemap, *SITEMAP_KEYS),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Industry pages belong to the knowledge base, which cannot see articles: their feeds are
    # registered here (articles/industries.py).
    path(
        "industries/<slug:slug>/feed/",
        tagged(IndustryFeed(), "articles", "concepts", "industries"),
        name="industry-feed",
    ),
    path(
        "industries/<slug:slug>/feed/atom/",
        tagged(IndustryAtomFeed(), "articles", "concepts", "industries"),
        name="industry-feed-atom",
    ),
    path("api/v1/", include("comparisons.api.urls")),
    path("", include("articles.knowledge.urls")),
    path("", include("articles.urls")),
    path("", include("comparisons.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
