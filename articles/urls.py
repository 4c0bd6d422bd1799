from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("industries/<slug:slug>/", views.industry_detail, name="industry-detail"),
    path("glossary/<slug:slug>/", views.glossary_card, name="glossary-card"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
    path("topics/<slug:slug>/feed/atom/", feeds.TopicAtomFeed(), name="topic-feed-atom"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("concepts/<slug:slug>/feed/", feeds.ConceptFeed(), name="concept-feed"),
    path("concepts/<slug:slug>/feed/atom/", feeds.ConceptAtomFeed(), name="concept-feed-atom"),
    # Before the comparisons app's "compare/<pair>/" in config/urls.py, which would match it.
    path("compare/feed/", feeds.ComparisonFeed(), name="comparison-feed"),
    path("compare/feed/atom/", feeds.ComparisonAtomFeed(), name="comparison-feed-atom"),
    path("robots.txt", views.robots_txt, name="robots"),
]
