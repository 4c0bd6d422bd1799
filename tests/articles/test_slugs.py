"""Changing a published article's slug keeps its old address as a permanent redirect."""

import pytest

from articles.editorial.models import Status
from articles.models import OldSlug
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_draft

pytestmark = pytest.mark.django_db


def test_slug_change_of_a_published_article_redirects_permanently(admin_client):
    article = make_article(slug="old-address")

    admin_client.post(change_url(article), article_data(article, slug="new-address"))

    assert OldSlug.objects.get().slug == "old-address"
    response = admin_client.get("/articles/old-address/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/"


def test_slug_redirect_costs_two_indexed_queries(client, django_assert_max_num_queries):
    article = make_article(slug="now-here")
    OldSlug.objects.create(slug="was-here", article=article)

    # The current slug first, then the old one: an OR of both scans the table on PostgreSQL.
    with django_assert_max_num_queries(2):
        response = client.get("/articles/was-here/")

    assert response.status_code == 301


def test_slug_redirect_never_reveals_an_unpublished_article(client):
    article = make_article(slug="gone-now", status=Status.UNPUBLISHED)
    OldSlug.objects.create(slug="gone-before", article=article)

    assert client.get("/articles/gone-before/").status_code == 404


def test_slug_change_of_a_draft_keeps_no_redirect(admin_client):
    article = make_draft(slug="draft-a")

    admin_client.post(change_url(article), article_data(article, slug="draft-b"))

    assert not OldSlug.objects.exists()


def test_slug_taken_back_by_the_same_article_drops_its_redirect(admin_client):
    article = make_article(slug="first")
    admin_client.post(change_url(article), article_data(article, slug="second"))
    article.refresh_from_db()

    admin_client.post(change_url(article), article_data(article, slug="first"))

    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["second"]
    assert admin_client.get("/articles/first/").status_code == 200
