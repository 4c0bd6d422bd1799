"""A fact's short comparable value: edited in the admin, tidied, and kept within 80 characters."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.knowledge.models import Fact
from tests.factories import make_concept, make_curator, make_dimension, make_fact

pytestmark = pytest.mark.django_db


def test_fact_admin_edits_the_value_beside_the_text(client):
    fact = make_fact(text="Makes new text and images.")
    client.force_login(make_curator())
    url = reverse("admin:knowledge_fact_change", args=[fact.pk])
    data = {
        "concept": fact.concept_id,
        "dimension": fact.dimension_id,
        "value": "  Generate   new content ",
        "text": "Makes new text and images.",
        "sources": "Paper | https://example.org/p",
        "verified_on": "2025-02-03",
    }

    form = client.get(url)
    response = client.post(url, data)

    assert 'name="value"' in form.text
    assert "Facts with the same value" in form.text
    assert response.status_code == 302
    assert Fact.objects.get(pk=fact.pk).value == "Generate new content"


def test_fact_admin_list_shows_and_searches_values(admin_client):
    make_fact(concept=make_concept(name="Diffusion model"), value="Mostly images")
    make_fact(concept=make_concept(name="Transformer"), value="A vector per token")

    response = admin_client.get(reverse("admin:knowledge_fact_changelist"), {"q": "mostly"})

    assert "Mostly images" in response.text
    assert "Diffusion model" in response.text
    assert "A vector per token" not in response.text


def test_fact_value_is_optional_and_at_most_80_characters():
    fact = Fact(concept=make_concept(), dimension=make_dimension(), text="Explained.")
    fact.full_clean()

    fact.value = "x" * 81
    with pytest.raises(ValidationError) as error:
        fact.full_clean()

    assert "value" in error.value.message_dict
