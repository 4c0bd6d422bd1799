import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from articles.editorial.models import Autosave
from articles.editorial.services import autosave_keep
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def test_autosave_keeps_what_was_typed(admin_client):
    article = make_article()

    response = admin_client.post(autosave_url(article), {"title": "Half a title"})

    assert response.status_code == 200
    assert Autosave.objects.get().data == {"title": "Half a title"}


def test_autosave_refuses_a_nul_character(admin_client):
    article = make_article()

    response = admin_client.post(autosave_url(article), {"title": "a\x00b"})

    assert response.status_code == 400
    assert "NUL" in response.json()["error"]
    assert not Autosave.objects.exists()


def test_autosave_refuses_a_version_its_column_cannot_hold(admin_user):
    article = make_article()
    _, top = connection.ops.integer_field_range("PositiveIntegerField")

    with pytest.raises(ValidationError):
        autosave_keep(
            user=admin_user,
            obj=article,
            content_type=ContentType.objects.get_for_model(article),
            data={"title": "Half a title"},
            base_version=top + 1,
        )
    assert not Autosave.objects.exists()
