from django.urls import path

from comparisons import views

app_name = "comparisons"

urlpatterns = [
    path("concepts/", views.concept_list, name="concept-list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept-detail"),
    path("compare/", views.compare_index, name="compare-index"),
    path("compare/<str:pair>/", views.compare, name="compare"),
]
