"""Regressions found in review: each once reached a reader or produced the wrong page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial.models import Status
from articles.models import OldSlug
from tests.factories import make_article, make_preview_link

pytestmark = pytest.mark.django_db


def test_shared_preview_of_unpublished_article_is_404(client):
    article = make_article(status=Status.DRAFT, published_at=None)
    link = make_preview_link(article)
    assert client.get(f"/preview/{link.token}/").status_code == 200

    article.status = Status.UNPUBLISHED
    article.save()

    response = client.get(f"/preview/{link.token}/")
    assert response.status_code == 404
    assert article.title not in response.text


def test_article_detail_current_slug_wins_over_old_slug(client):
    older = make_article(slug="bar", published_at=timezone.now() - timedelta(days=1))
    OldSlug.objects.create(slug="foo", article=older)
    newer = make_article(slug="foo", title="The article now at foo",
                         published_at=timezone.now() - timedelta(days=3))

    response = client.get("/articles/foo/")

    assert response.status_code == 200
    assert newer.title in response.text


def test_article_detail_old_slug_still_redirects(client):
    article = make_article(slug="bar")
    OldSlug.objects.create(slug="foo", article=article)

    response = client.get("/articles/foo/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/bar/"


def test_compare_bare_json_suffix_is_a_helpful_404(client):
    response = client.get("/compare/.json/")

    assert response.status_code == 404
    assert "Name two or three concepts" in response.text
