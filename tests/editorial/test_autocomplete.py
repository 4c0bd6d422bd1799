import pytest
from django.urls import reverse

from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_concept, make_dimension

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("chosen", ["²", "x'--", "9" * 30])
def test_autocomplete_choice_that_is_no_id_is_a_form_error(admin_client, chosen):
    data = {"concept": chosen, "dimension": make_dimension().pk, "text": "A fact."}

    response = admin_client.post(reverse("admin:knowledge_fact_add"), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_autocomplete_choices_that_are_no_ids_are_a_form_error(admin_client):
    article = make_article(concepts=[make_concept()])

    response = admin_client.post(change_url(article), article_data(article, concepts=["²"]))

    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
