from django.urls import path

from comparisons import views

app_name = "comparisons"

urlpatterns = [
    path("concepts/", views.concept_list, name="concept-list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept-detail"),
    path("compare/", views.compare_index, name="compare-index"),
    path("compare/<str:pair>.json", views.compare, {"as_json": True}, name="compare-json"),
    path("compare/<str:pair>/", views.compare, name="compare"),
    path("use-cases/", views.use_case_matrix, name="use-case-matrix"),
    path(
        "use-cases/<slug:concept>/<slug:industry>/",
        views.use_case_detail,
        name="use-case-detail",
    ),
]
