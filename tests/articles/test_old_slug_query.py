"""An old address redirects to the article's current one with its query string intact."""

import pytest

from articles.models import OldSlug
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved():
    article = make_article(slug="new-slug")
    OldSlug.objects.create(slug="old-slug", article=article)
    return article


def test_old_slug_redirect_keeps_the_query_string(client, moved):
    response = client.get("/articles/old-slug/?utm_source=x")

    assert response.status_code == 301
    assert response["Location"] == "/articles/new-slug/?utm_source=x"


def test_old_slug_redirect_keeps_every_parameter_as_sent(client, moved):
    response = client.get("/articles/old-slug/?utm_source=news%20letter&utm_medium=email&a=1&a=2")

    assert response["Location"] == (
        "/articles/new-slug/?utm_source=news%20letter&utm_medium=email&a=1&a=2"
    )


def test_old_slug_redirect_without_a_query_string_adds_none(client, moved):
    response = client.get("/articles/old-slug/")

    assert response["Location"] == "/articles/new-slug/"


def test_old_slug_redirect_with_a_query_costs_two_queries(
    client, moved, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/articles/old-slug/?utm_source=x")

    assert response.status_code == 301
    assert not response.cookies


def test_current_slug_with_a_query_string_is_no_redirect(client, moved):
    response = client.get("/articles/new-slug/?utm_source=x")

    assert response.status_code == 200
