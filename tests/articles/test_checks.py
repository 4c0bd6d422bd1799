"""The articles' content checklist, before publishing and in the change form."""

import pytest

from articles.checks import article_checks
from articles.editorial.checks import ERROR, WARNING
from articles.editorial.models import Status
from articles.services import article_transition
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_concept, make_draft

pytestmark = pytest.mark.django_db


def test_content_check_errors_block_publishing(client, editor):
    client.force_login(editor)
    article = make_draft(body="See [this](/articles/does-not-exist/).")

    response = client.post(
        change_url(article), article_data(article, _transition="published"), follow=True
    )

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert "/articles/does-not-exist/" in response.content.decode()


def test_content_check_warnings_do_not_block(editor):
    article = make_draft(title="T" * 90, body="word " * 250)

    article = article_transition(article=article, to=Status.PUBLISHED, by=editor)

    assert article.is_published()


def test_content_checks_cover_the_checklist():
    live = make_article(slug="live-one")
    concept = make_concept(slug="known")
    article = make_draft(
        title="x" * 80,
        body=(
            "![](/media/a.png)\n\n[ok](/articles/live-one/) [ok](/concepts/known/) "
            "[bad](/concepts/unknown/)\n\n" + "word " * 201
        ),
    )
    article.seo_description = "d" * 161

    checks = {check.label: check for check in article_checks(article, concept_count=0)}

    assert checks["Alt text"].level == ERROR
    assert checks["Internal links"].level == ERROR
    assert "/concepts/unknown/" in checks["Internal links"].message
    assert "live-one" not in checks["Internal links"].message and concept.slug == "known"
    assert checks["Meta description"].level == ERROR
    assert checks["Title"].level == WARNING
    assert checks["Concepts"].level == WARNING
    assert checks["Paragraphs"].level == WARNING
    assert live.is_published()


def test_change_form_shows_the_checklist(admin_client):
    article = make_draft()

    text = admin_client.get(change_url(article)).content.decode()

    assert "Checks before publishing" in text and "Blocks publishing" not in text
    assert "No concepts attached" in text
