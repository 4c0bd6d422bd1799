import pytest
from django.urls import reverse

from articles.editorial.models import Status
from comparisons.models import Comparison
from tests.editorial.helpers import comparison_form
from tests.factories import (
    make_comparison,
    make_concept,
    make_curator,
    make_dimension,
    make_fact,
    make_user,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


# Curator tools: the fact grid and freshness report of knowledge, and the builder previews


@pytest.fixture
def concept():
    return make_concept(name="Large language model", slug="large-language-model")


def tool_urls(concept):
    comparison = make_comparison(concepts=[concept, make_concept()])
    return {
        "grid index": ("get", reverse("admin:knowledge_fact_grid_index")),
        "grid": ("get", reverse("admin:knowledge_fact_grid", args=[concept.pk])),
        "freshness": ("get", reverse("admin:knowledge_fact_freshness")),
        "preview": ("post", reverse("admin:comparisons_comparison_preview")),
        "saved preview": (
            "get",
            reverse("admin:comparisons_comparison_saved_preview", args=[comparison.pk]),
        ),
    }


TOOLS = ["grid index", "grid", "freshness", "preview", "saved preview"]


@pytest.mark.parametrize("tool", TOOLS)
def test_curator_tool_anonymous_is_sent_to_login(client, concept, tool):
    method, url = tool_urls(concept)[tool]

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("tool", TOOLS)
def test_curator_tool_staff_without_permission_is_forbidden(client, concept, tool):
    method, url = tool_urls(concept)[tool]
    client.force_login(make_user(role="staff"))

    response = getattr(client, method)(url)

    assert response.status_code == 403


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("role", ["curator", "superuser"])
def test_curator_tool_open_to_curators_and_superusers(client, concept, tool, role):
    method, url = tool_urls(concept)[tool]
    client.force_login(make_curator() if role == "curator" else make_user(role="superuser"))

    response = getattr(client, method)(url)

    assert response.status_code == 200


def test_curator_tools_reject_other_methods(admin_client, concept):
    assert admin_client.delete(tool_urls(concept)["grid"][1]).status_code == 405
    assert admin_client.get(tool_urls(concept)["preview"][1]).status_code == 405


# Comparison builder


def test_builder_preview_assembles_the_table_from_the_unsaved_form(admin_client):
    alpha, beta = make_concept(name="Alpha", slug="alpha"), make_concept(name="Beta", slug="beta")
    purpose = make_dimension(name="Purpose")
    make_fact(concept=alpha, dimension=purpose, text="Alpha's purpose.")
    data = comparison_form([beta, alpha], [purpose])

    response = admin_client.post(
        reverse("admin:comparisons_comparison_preview"), data, headers=HTMX
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert 'id="comparison-preview-body"' in text
    assert "Alpha&#x27;s purpose." in text
    assert "Not yet documented" in text
    assert "<p>The <em>short</em> answer.</p>" in text
    assert "Beta has no fact for Purpose" in text
    assert "<code>/compare/alpha-vs-beta/</code>" in text
    head = text.split("<thead>")[1]
    assert head.index("Beta") < head.index("Alpha")


def test_builder_preview_ignores_deleted_rows_and_warns_about_counts(admin_client):
    alpha = make_concept(name="Alpha")
    data = comparison_form([alpha, make_concept(name="Gone")])
    data["comparison_concepts-1-DELETE"] = "on"

    response = admin_client.post(reverse("admin:comparisons_comparison_preview"), data)

    text = response.content.decode()
    assert "Choose at least two concepts" in text
    assert "Gone" not in text


def test_builder_preview_warns_when_a_published_comparison_covers_the_same_set(admin_client):
    alpha, beta = make_concept(), make_concept()
    make_comparison(concepts=[alpha, beta], title="Already live")

    response = admin_client.post(
        reverse("admin:comparisons_comparison_preview"), comparison_form([alpha, beta])
    )

    assert "The published comparison “Already live” covers the same concepts" in (
        response.content.decode()
    )


def test_builder_preview_survives_garbage(admin_client):
    data = {
        "comparison_concepts-0-concept": "x",
        "comparison_concepts-1-concept": "999",
        "comparison_dimensions-0-dimension": "-1",
        "comparison_concepts-2-position": "abc",
    }

    response = admin_client.post(reverse("admin:comparisons_comparison_preview"), data)

    assert response.status_code == 200


def test_builder_change_form_loads_htmx_and_links_the_saved_preview(admin_client):
    comparison = make_comparison()

    response = admin_client.get(
        reverse("admin:comparisons_comparison_change", args=[comparison.pk])
    )

    text = response.content.decode()
    assert "htmx" in text and 'name="htmx-config"' in text
    assert (
        f'hx-post="{reverse("admin:comparisons_comparison_preview")}?comparison={comparison.pk}"'
        in text
    )
    saved = reverse("admin:comparisons_comparison_saved_preview", args=[comparison.pk])
    assert f'href="{saved}"' in text
    assert "<script>" not in text


def test_builder_saved_preview_works_without_javascript(admin_client):
    alpha, beta = make_concept(name="Alpha"), make_concept(name="Beta")
    comparison = make_comparison(
        concepts=[alpha, beta], title="Draft one", status=Status.DRAFT, published_at=None
    )

    response = admin_client.get(
        reverse("admin:comparisons_comparison_saved_preview", args=[comparison.pk])
    )

    text = response.content.decode()
    assert "<html" in text
    assert "Draft one" in text
    assert "Not live" in text


@pytest.mark.parametrize("count", [1, 4])
def test_builder_rejects_one_or_four_concepts(admin_client, count):
    concepts = [make_concept() for _ in range(count)]
    data = comparison_form(concepts)
    data["comparison_concepts-MAX_NUM_FORMS"] = "3"

    response = admin_client.post(reverse("admin:comparisons_comparison_add"), data)

    assert response.status_code == 200
    assert "two or three concepts side by side" in response.content.decode()
    assert not Comparison.objects.exists()


def test_builder_saves_a_valid_comparison_and_records_history(admin_client, admin_user):
    alpha, beta = make_concept(), make_concept()

    response = admin_client.post(
        reverse("admin:comparisons_comparison_add"), comparison_form([alpha, beta])
    )

    assert response.status_code == 302
    comparison = Comparison.objects.get()
    assert comparison.history.first().history_user == admin_user


def test_builder_save_as_new_with_errors_shows_the_form_again(admin_client):
    comparison = make_comparison()
    data = comparison_form([make_concept(), make_concept()], title="", _saveasnew="1")

    response = admin_client.post(
        reverse("admin:comparisons_comparison_change", args=[comparison.pk]), data
    )

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
