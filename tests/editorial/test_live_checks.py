"""Checks that always hold: what blocks publishing also blocks saving a live or scheduled item,
by every write path; drafts save freely."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.editorial import services
from articles.editorial.history import revisions
from articles.editorial.models import Status
from articles.models import Article, OldSlug
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_comparison, make_concept, make_member

pytestmark = pytest.mark.django_db

BROKEN_LINK = "See [the missing piece](/articles/no-such-article/)."
UNKNOWN_CONCEPT = "See [a concept](/concepts/no-such-concept/)."
NO_ALT = "![](/static/favicon.svg)"


@pytest.fixture
def editor_client(client):
    client.force_login(make_member("Editor"))
    return client


def _body_errors(response):
    return response.context["adminform"].form.errors.get("body", [])


@pytest.mark.parametrize(
    ("body", "check"),
    [
        (BROKEN_LINK, "Internal links: Links to pages readers cannot open"),
        (UNKNOWN_CONCEPT, "Internal links: Links to pages readers cannot open"),
        (NO_ALT, "Alt text: 1 image without alternative text"),
    ],
)
def test_a_live_article_cannot_be_saved_with_a_blocking_problem(editor_client, body, check):
    article = make_article(body="Fine words.")
    text = f"New paragraph the editor wrote.\n\n{body}"

    response = editor_client.post(change_url(article), article_data(article, body=text))

    assert response.status_code == 200
    [error] = _body_errors(response)
    assert error.startswith(check)
    assert "This article is live, so it cannot be saved like this" in error
    assert "New paragraph the editor wrote." in response.text  # the text stays in the form
    article.refresh_from_db()
    assert article.body == "Fine words."


def test_a_scheduled_article_is_held_to_the_same_checks(editor_client):
    article = make_article(body="Fine.", published_at=timezone.now() + timedelta(days=2))

    response = editor_client.post(change_url(article), article_data(article, body=BROKEN_LINK))

    assert "This article is scheduled, so it cannot be saved" in _body_errors(response)[0]
    article.refresh_from_db()
    assert article.body == "Fine."


def test_a_hero_image_without_alt_is_shown_beside_the_alt_field(editor_client):
    article = make_article()
    article.hero_image = "heroes/2026/existing.jpg"
    article.hero_alt = "A picture"
    Article.objects.filter(pk=article.pk).update(hero_image=article.hero_image, hero_alt="A")

    response = editor_client.post(change_url(article), article_data(article, hero_alt=" "))

    errors = response.context["adminform"].form.errors
    assert any("alternative text" in error for error in errors.get("hero_alt", []))


def test_drafts_save_freely_and_show_the_checks(editor_client):
    article = make_article(status=Status.DRAFT, published_at=None)

    response = editor_client.post(change_url(article), article_data(article, body=BROKEN_LINK))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == BROKEN_LINK
    page = editor_client.get(change_url(article)).text
    assert "Links to pages readers cannot open" in page


def test_save_and_unpublish_works_on_the_content_that_needs_fixing(editor_client):
    article = make_article(body="Fine.")
    data = article_data(article, body=BROKEN_LINK, _transition=Status.UNPUBLISHED)

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED and article.body == BROKEN_LINK


def test_a_link_to_an_old_address_of_a_live_article_is_fine(editor_client):
    target = make_article(slug="new-address")
    OldSlug.objects.create(slug="old-address", article=target)
    article = make_article()

    body = "Read [this](/articles/old-address/)."
    response = editor_client.post(change_url(article), article_data(article, body=body))

    assert response.status_code == 302


def test_restoring_a_revision_into_a_live_article_is_held_to_the_checks(editor_client):
    article = make_article(body=BROKEN_LINK, status=Status.DRAFT, published_at=None)
    broken = revisions(article).first()
    article.body = "Fixed."
    article.save()
    services.transition(obj=article, to=Status.PUBLISHED, by=make_member("Editor"))

    response = editor_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, broken.history_id])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Fixed."
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Could not restore" in m and "Internal links" in m for m in messages)


def test_the_restore_service_refuses_too(db):
    article = make_article(body=NO_ALT, status=Status.DRAFT, published_at=None)
    record = revisions(article).first()
    article.body = "Fixed."
    article.save()
    article.status, article.published_at = Status.PUBLISHED, timezone.now()
    article.save()

    with pytest.raises(ValidationError, match="Alt text"):
        services.revision_restore(obj=article, record=record, by=None, can_change=True)
    article.refresh_from_db()
    assert article.body == "Fixed."


def test_bulk_publish_refuses_what_the_checks_block(editor_client):
    article = make_article(body=BROKEN_LINK, status=Status.DRAFT, published_at=None)

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
        follow=True,
    )

    assert "Internal links" in response.text
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def _comparison_data(comparison, **overrides):
    rows = list(comparison.comparison_concepts.order_by("position"))
    data = {
        "title": comparison.title,
        "slug": comparison.slug,
        "introduction": comparison.introduction,
        "similarities": comparison.similarities,
        "verdict": comparison.verdict,
        "opened_version": comparison.version,
        "comparison_concepts-TOTAL_FORMS": str(len(rows)),
        "comparison_concepts-INITIAL_FORMS": str(len(rows)),
        "comparison_concepts-MIN_NUM_FORMS": "2",
        "comparison_concepts-MAX_NUM_FORMS": "3",
        "comparison_dimensions-TOTAL_FORMS": "0",
        "comparison_dimensions-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(rows):
        data |= {
            f"comparison_concepts-{index}-id": row.pk,
            f"comparison_concepts-{index}-comparison": comparison.pk,
            f"comparison_concepts-{index}-concept": row.concept_id,
            f"comparison_concepts-{index}-position": row.position,
        }
    return data | overrides


def test_a_live_comparison_cannot_lose_its_verdict(client):
    client.force_login(make_member("Curator"))
    comparison = make_comparison(concepts=[make_concept(), make_concept()], verdict="Short.")
    url = reverse("admin:comparisons_comparison_change", args=[comparison.pk])

    response = client.post(url, _comparison_data(comparison, verdict=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["verdict"]  # required, so never blank
    comparison.refresh_from_db()
    assert comparison.verdict == "Short."

    fine = client.post(url, _comparison_data(comparison, verdict="Still short."))
    assert fine.status_code == 302


def test_taking_an_article_down_names_the_live_articles_linking_to_it(editor_client):
    target = make_article(slug="going-away", title="Going away")
    make_article(title="Points at it", body="See [this](/articles/going-away/).")

    response = editor_client.post(
        change_url(target), article_data(target, _transition=Status.UNPUBLISHED), follow=True
    )

    target.refresh_from_db()
    assert target.status == Status.UNPUBLISHED  # a takedown is never held up
    assert "Live articles link to /articles/going-away/" in response.text
    assert "“Points at it”" in response.text


def test_deleting_a_live_article_names_the_live_articles_linking_to_it(client):
    client.force_login(make_member("Admin"))
    target = make_article(slug="deleted-one")
    make_article(title="Still links", body="See [it](/articles/deleted-one/).")

    response = client.post(
        reverse("admin:articles_article_delete", args=[target.pk]), {"post": "yes"}, follow=True
    )

    assert not Article.objects.filter(pk=target.pk).exists()
    assert "“Still links”" in response.text
