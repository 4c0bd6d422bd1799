from django.urls import path

from articles.knowledge import views

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
]
