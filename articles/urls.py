from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("industries/<slug:slug>/", views.industry_detail, name="industry-detail"),
    path("search/", views.search, name="search"),
]
