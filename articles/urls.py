from django.urls import path

from articles import feeds, views
from articles.core.delivery import tagged

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("search/", views.search, name="search"),
    path("feed/", tagged(feeds.LatestArticlesFeed(), "articles", "concepts"), name="feed"),
    path(
        "feed/atom/",
        tagged(feeds.LatestArticlesAtomFeed(), "articles", "concepts"),
        name="feed-atom",
    ),
    path(
        "topics/<slug:slug>/feed/",
        tagged(feeds.TopicFeed(), "articles", "topics", "concepts"),
        name="topic-feed",
    ),
    path(
        "topics/<slug:slug>/feed/atom/",
        tagged(feeds.TopicAtomFeed(), "articles", "topics", "concepts"),
        name="topic-feed-atom",
    ),
    path(
        "authors/<slug:slug>/feed/",
        tagged(feeds.AuthorFeed(), "articles", "concepts"),
        name="author-feed",
    ),
    path(
        "authors/<slug:slug>/feed/atom/",
        tagged(feeds.AuthorAtomFeed(), "articles", "concepts"),
        name="author-feed-atom",
    ),
    path(
        "concepts/<slug:slug>/feed/",
        tagged(feeds.ConceptFeed(), "articles", "concepts"),
        name="concept-feed",
    ),
    path(
        "concepts/<slug:slug>/feed/atom/",
        tagged(feeds.ConceptAtomFeed(), "articles", "concepts"),
        name="concept-feed-atom",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
