import datetime
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.knowledge.models import Concept, Dimension, Fact, Industry, UseCase
from articles.knowledge.services import fact_version
from tests.factories import (
    make_comparison,
    make_concept,
    make_curator,
    make_dimension,
    make_fact,
    make_industry,
    make_use_case,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept():
    return make_concept(name="Large language model", slug="large-language-model")


# Fact grid


def grid_data(response, **changes):
    """Return the grid's form data as the browser would post it, with `changes` applied."""
    data = {}
    for form in response.context["rows"]:
        for name, field in form.fields.items():
            value = form[name].value()
            if name == "sources":
                value = field.prepare_value(value)
            elif name == "verified_on" and isinstance(value, datetime.date):
                value = value.isoformat()
            data[f"{form.prefix}-{name}"] = "" if value is None else value
    data |= changes
    return data


def test_fact_grid_shows_every_dimension_on_one_screen(admin_client, concept):
    purpose, costs = make_dimension(name="Purpose"), make_dimension(name="Costs")
    make_fact(concept=concept, dimension=purpose, text="Writes text.")
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])

    response = admin_client.get(url)

    text = response.content.decode()
    assert "Facts about Large language model" in text
    assert f'id="dim-{purpose.pk}"' in text and f'id="dim-{costs.pk}"' in text
    assert "Writes text.</textarea>" in text
    assert f"1 of {Dimension.objects.count()} documented" in text


def test_fact_grid_creates_updates_and_deletes_in_one_save(admin_client, concept):
    purpose, costs, limits = (make_dimension() for _ in range(3))
    make_fact(concept=concept, dimension=purpose, text="Old purpose.")
    make_fact(concept=concept, dimension=limits, text="To be removed.")
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    data = grid_data(
        admin_client.get(url),
        **{
            f"dim-{purpose.pk}-text": "New purpose.",
            f"dim-{costs.pk}-text": "Expensive to train.",
            f"dim-{costs.pk}-sources": "Paper | https://example.org/costs",
            f"dim-{costs.pk}-verified_on": "2025-01-02",
            f"dim-{limits.pk}-text": "",
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    facts = {fact.dimension_id: fact for fact in Fact.objects.filter(concept=concept)}
    assert facts[purpose.pk].text == "New purpose."
    assert facts[costs.pk].sources == [{"title": "Paper", "url": "https://example.org/costs"}]
    assert facts[costs.pk].verified_on == datetime.date(2025, 1, 2)
    assert limits.pk not in facts
    follow = admin_client.get(response["Location"])
    assert "1 added, 1 updated, 1 deleted" in follow.content.decode()


def test_fact_grid_edits_the_short_value_beside_the_text(admin_client, concept):
    purpose = make_dimension(name="Purpose")
    fact = make_fact(concept=concept, dimension=purpose, text="Writes text.")
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    page = admin_client.get(url)
    assert f'name="dim-{purpose.pk}-value"' in page.text

    data = grid_data(page, **{f"dim-{purpose.pk}-value": "  Generate   text "})
    response = admin_client.post(url, data)

    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.value == "Generate text" and fact.text == "Writes text."
    too_long = grid_data(admin_client.get(url), **{f"dim-{purpose.pk}-value": "x" * 81})
    refused = admin_client.post(url, too_long)
    assert refused.status_code == 200 and "at most 80 characters" in refused.text
    fact.refresh_from_db()
    assert fact.value == "Generate text"


def test_fact_grid_untouched_rows_are_not_saved(admin_client, concept):
    fact = make_fact(concept=concept, text="Line one.\nLine two.")
    make_dimension()
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    data = grid_data(admin_client.get(url))
    data[f"dim-{fact.dimension_id}-text"] = "Line one.\r\nLine two."

    admin_client.post(url, data)

    assert fact.history.count() == 1
    assert Fact.objects.count() == 1


def test_fact_grid_errors_per_row_keep_everything_typed(admin_client, concept):
    good, bad = make_dimension(name="Good"), make_dimension(name="Bad")
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    data = grid_data(
        admin_client.get(url),
        **{
            f"dim-{good.pk}-text": "A perfectly good fact.",
            f"dim-{bad.pk}-text": "A fact with a bad source.",
            f"dim-{bad.pk}-sources": "Paper | javascript:alert(1)",
        },
    )

    response = admin_client.post(url, data)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in text
    assert "Line 1:" in text
    assert "A perfectly good fact.</textarea>" in text
    assert "Paper | javascript:alert(1)</textarea>" in text
    assert Fact.objects.count() == 0


def test_fact_grid_sources_without_text_is_a_row_error(admin_client, concept):
    dimension = make_dimension()
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    data = grid_data(
        admin_client.get(url),
        **{f"dim-{dimension.pk}-sources": "Paper | https://example.org/"},
    )

    response = admin_client.post(url, data)

    assert "Write the fact, or clear the sources" in response.content.decode()
    assert Fact.objects.count() == 0


def test_fact_grid_refuses_to_overwrite_someone_elses_save(admin_client, concept):
    fact = make_fact(concept=concept, text="Original.")
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    data = grid_data(admin_client.get(url), **{f"dim-{fact.dimension_id}-text": "My edit."})
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        fact.text = "Their edit."
        fact.save()

        response = admin_client.post(url, data)

    text = response.content.decode()
    assert "Someone else saved this row" in text
    assert "“Their edit.”" in text
    assert "My edit.</textarea>" in text
    fact.refresh_from_db()
    assert fact.text == "Their edit."
    # Saving again, having seen their version, replaces it.
    data[f"dim-{fact.dimension_id}-version"] = fact_version(fact)
    admin_client.post(url, data)
    fact.refresh_from_db()
    assert fact.text == "My edit."


def test_fact_grid_untouched_empty_row_keeps_a_fact_added_meanwhile(admin_client, concept):
    dimension = make_dimension()
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    data = grid_data(admin_client.get(url))
    make_fact(concept=concept, dimension=dimension, text="Added by a colleague.")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Fact.objects.get().text == "Added by a colleague."


def test_fact_grid_curator_without_delete_permission_cannot_delete(client, concept):
    fact = make_fact(concept=concept)
    curator = make_curator()
    curator.user_permissions.remove(*curator.user_permissions.filter(codename="delete_fact"))
    client.force_login(curator)
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    data = grid_data(client.get(url), **{f"dim-{fact.dimension_id}-text": ""})

    response = client.post(url, data)

    assert "You do not have permission to delete facts." in response.content.decode()
    assert Fact.objects.filter(pk=fact.pk).exists()


def test_fact_grid_save_records_history_with_the_user(client, concept):
    fact = make_fact(concept=concept, text="Before.")
    curator = make_curator()
    client.force_login(curator)
    url = reverse("admin:knowledge_fact_grid", args=[concept.pk])

    client.post(url, grid_data(client.get(url), **{f"dim-{fact.dimension_id}-text": "After."}))

    latest = fact.history.first()
    assert latest.text == "After."
    assert latest.history_user == curator
    assert latest.history_change_reason == "Fact grid"


def test_fact_grid_unknown_concept_is_a_404(admin_client):
    assert admin_client.get(reverse("admin:knowledge_fact_grid", args=[999])).status_code == 404


def test_fact_grid_is_linked_from_the_concept_and_fact_admin(admin_client, concept):
    grid = reverse("admin:knowledge_fact_grid", args=[concept.pk])

    change = admin_client.get(reverse("admin:knowledge_concept_change", args=[concept.pk]))
    facts = admin_client.get(reverse("admin:knowledge_fact_changelist"))

    assert f'href="{grid}"' in change.content.decode()
    assert reverse("admin:knowledge_fact_grid_index") in facts.content.decode()
    assert reverse("admin:knowledge_fact_freshness") in facts.content.decode()


# Fact history


def test_fact_admin_edit_records_history_with_the_user(client):
    fact = make_fact(text="Before.")
    curator = make_curator()
    client.force_login(curator)
    data = {
        "concept": fact.concept_id,
        "dimension": fact.dimension_id,
        "text": "After.",
        "sources": "Paper | https://example.org/p",
        "verified_on": "2025-02-03",
    }

    response = client.post(reverse("admin:knowledge_fact_change", args=[fact.pk]), data)

    assert response.status_code == 302
    assert fact.history.count() == 2
    assert fact.history.first().history_user == curator
    history = client.get(reverse("admin:knowledge_fact_history", args=[fact.pk]))
    assert history.status_code == 200
    assert curator.username in history.content.decode()


# Freshness report


def test_freshness_lists_stale_facts_and_use_cases_and_empty_cells(admin_client, settings):
    settings.COMPENDIUM_STALE_MONTHS = 6
    concept = make_concept(name="Old concept")
    purpose, costs = make_dimension(name="Purpose"), make_dimension(name="Costs")
    stale = make_fact(
        concept=concept, dimension=purpose, verified_on=timezone.localdate() - timedelta(days=200)
    )
    make_fact(concept=make_concept(name="Fresh concept"), dimension=purpose)
    industry = make_industry(name="Healthcare")
    old_use = make_use_case(
        concept=concept, industry=industry, as_of=timezone.localdate() - timedelta(days=400)
    )
    make_industry(name="Finance")

    response = admin_client.get(reverse("admin:knowledge_fact_freshness"))

    text = response.content.decode()
    assert "Facts not verified for 6 months (1)" in text
    assert reverse("admin:knowledge_fact_change", args=[stale.pk]) in text
    assert "Use-cases not verified for 6 months (1)" in text
    assert reverse("admin:knowledge_usecase_change", args=[old_use.pk]) in text
    grid = reverse("admin:knowledge_fact_grid", args=[concept.pk])
    assert f'href="{grid}#dim-{costs.pk}"' in text
    concepts, dimensions = Concept.objects.count(), Dimension.objects.count()
    missing_facts = concepts * dimensions - Fact.objects.count()
    missing_uses = concepts * Industry.objects.count() - UseCase.objects.count()
    assert f"Concept × dimension cells with no fact ({missing_facts})" in text
    assert f"Concept × industry cells with no use-case ({missing_uses})" in text
    assert reverse("admin:knowledge_usecase_add") + f"?concept={concept.pk}&amp;industry=" in text


def test_freshness_months_can_be_overridden(admin_client):
    make_fact(verified_on=timezone.localdate() - timedelta(days=100))

    default = admin_client.get(reverse("admin:knowledge_fact_freshness"))
    three = admin_client.get(reverse("admin:knowledge_fact_freshness"), {"months": "3"})

    assert "Facts not verified for 12 months (0)" in default.content.decode()
    assert "Facts not verified for 3 months (1)" in three.content.decode()


@pytest.mark.parametrize("months", ["abc", "0", "-4", "99999", "1.5"])
def test_freshness_bad_months_is_a_form_error(admin_client, months):
    response = admin_client.get(reverse("admin:knowledge_fact_freshness"), {"months": months})

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert "Facts not verified for 12 months" in response.content.decode()


def test_freshness_puts_gaps_on_published_comparisons_first(admin_client):
    shown = make_concept(name="Zulu shown")
    hidden = make_concept(name="Alpha hidden")
    dimension = make_dimension(name="Purpose")
    make_comparison(concepts=[shown, make_concept(name="Other")], dimensions=[dimension])

    text = admin_client.get(reverse("admin:knowledge_fact_freshness")).content.decode()

    assert text.index("Zulu shown") < text.index("Alpha hidden")
    assert "Yes, on a published comparison" in text
    assert hidden.name in text


def test_freshness_query_count_is_constant(admin_client, django_assert_max_num_queries):
    for _ in range(3):
        make_fact(verified_on=datetime.date(2000, 1, 1))
        make_use_case(as_of=datetime.date(2000, 1, 1))
    make_comparison()
    url = reverse("admin:knowledge_fact_freshness")
    admin_client.get(url)

    with django_assert_max_num_queries(20):
        admin_client.get(url)


# Mark verified today


def test_mark_facts_verified_today_action_records_history(client):
    facts = [make_fact(verified_on=datetime.date(2020, 1, 1)) for _ in range(2)]
    untouched = make_fact(verified_on=datetime.date(2020, 1, 1))
    curator = make_curator()
    client.force_login(curator)

    response = client.post(
        reverse("admin:knowledge_fact_changelist"),
        {"action": "mark_facts_verified", "_selected_action": [f.pk for f in facts]},
        follow=True,
    )

    assert "Marked 2 facts verified today." in response.content.decode()
    for fact in facts:
        fact.refresh_from_db()
        assert fact.verified_on == timezone.localdate()
        assert fact.history.first().history_user == curator
    untouched.refresh_from_db()
    assert untouched.verified_on == datetime.date(2020, 1, 1)


def test_mark_use_cases_verified_today_action(admin_client):
    use_case = make_use_case(as_of=datetime.date(2020, 1, 1))

    response = admin_client.post(
        reverse("admin:knowledge_usecase_changelist"),
        {"action": "mark_use_cases_verified", "_selected_action": [use_case.pk]},
        follow=True,
    )

    assert "Marked 1 use-case verified today." in response.content.decode()
    use_case.refresh_from_db()
    assert use_case.as_of == timezone.localdate()
    assert UseCase.history.filter(id=use_case.pk).count() == 2


def test_mark_verified_action_needs_change_permission(client):
    fact = make_fact(verified_on=datetime.date(2020, 1, 1))
    viewer = make_user(role="staff")
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_fact"))
    client.force_login(viewer)

    client.post(
        reverse("admin:knowledge_fact_changelist"),
        {"action": "mark_facts_verified", "_selected_action": [fact.pk]},
    )

    fact.refresh_from_db()
    assert fact.verified_on == datetime.date(2020, 1, 1)


def test_concept_save_as_new_with_errors_shows_the_form_again(admin_client, concept):
    data = {"name": "", "slug": "", "definition": "", "_saveasnew": "1"}
    for prefix in ("outgoing_relations", "facts", "use_cases"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = admin_client.post(reverse("admin:knowledge_concept_change", args=[concept.pk]), data)

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
