from django.urls import path

from articles.core.delivery import tagged
from comparisons import feeds, views

app_name = "comparisons"

urlpatterns = [
    path("compare/", views.compare_index, name="compare-index"),
    path("compare/concepts/", views.concept_options, name="concept-options"),
    # Before "compare/<pair>/", which would match them.
    path(
        "compare/feed/",
        tagged(feeds.ComparisonFeed(), "comparisons", "concepts"),
        name="comparison-feed",
    ),
    path(
        "compare/feed/atom/",
        tagged(feeds.ComparisonAtomFeed(), "comparisons", "concepts"),
        name="comparison-feed-atom",
    ),
    path("compare/<str:pair>.json", views.compare, {"as_json": True}, name="compare-json"),
    path("compare/<str:pair>/", views.compare, name="compare"),
]
