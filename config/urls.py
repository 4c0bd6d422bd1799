from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.sitemaps import SITEMAPS

admin.site.site_header = f"{settings.SITE_NAME} editorial"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("articles.editorial.urls")),
    # Articles first: its feed routes (compare/feed/) must win over "compare/<pair>/".
    path("", include("articles.urls")),
    path("", include("comparisons.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
