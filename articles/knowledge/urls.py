from django.urls import path

from articles.knowledge import views
from articles.knowledge.models import SuggestionKind

app_name = "knowledge"

urlpatterns = [
    path("concepts/", views.concept_list, name="concept-list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept-detail"),
    path("industries/<slug:slug>/", views.industry_detail, name="industry-detail"),
    path("glossary/<slug:slug>/", views.glossary_card, name="glossary-card"),
    path("use-cases/", views.use_case_matrix, name="use-case-matrix"),
    path(
        "use-cases/<slug:concept>/<slug:industry>/",
        views.use_case_detail,
        name="use-case-detail",
    ),
    path(
        "suggest/fact/<int:pk>/",
        views.suggestion_create,
        {"kind": SuggestionKind.FACT},
        name="suggest-fact",
    ),
    path(
        "suggest/fact/<int:pk>/sent/",
        views.suggestion_sent,
        {"kind": SuggestionKind.FACT},
        name="suggest-fact-sent",
    ),
    path(
        "suggest/use-case/<int:pk>/",
        views.suggestion_create,
        {"kind": SuggestionKind.USE_CASE},
        name="suggest-use-case",
    ),
    path(
        "suggest/use-case/<int:pk>/sent/",
        views.suggestion_sent,
        {"kind": SuggestionKind.USE_CASE},
        name="suggest-use-case-sent",
    ),
]
