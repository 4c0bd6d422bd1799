"""Publishing states: transitions, dates, scheduling at query time, slug redirects, checks."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.editorial.models import AuditAction, AuditEntry, Status
from articles.models import Article
from articles.services import article_transition
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_concept, make_draft, make_member

pytestmark = pytest.mark.django_db


def test_transition_draft_review_published_unpublished_draft(editor):
    article = make_draft(concepts=[make_concept()])

    article = article_transition(article=article, to=Status.REVIEW, by=editor)
    assert article.status == Status.REVIEW and article.submitted_at
    article = article_transition(article=article, to=Status.PUBLISHED, by=editor)
    assert article.is_published() and article.first_published_at == article.published_at
    article = article_transition(article=article, to=Status.UNPUBLISHED, by=editor)
    assert article.status == Status.UNPUBLISHED and article.unpublished_at
    assert not Article.objects.published().filter(pk=article.pk).exists()
    article = article_transition(article=article, to=Status.DRAFT, by=editor)
    assert article.status == Status.DRAFT
    actions = list(
        AuditEntry.objects.filter(object_id=article.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["submitted", "published", "unpublished", "returned"]


@pytest.mark.parametrize(
    "start, to",
    [
        (Status.DRAFT, Status.UNPUBLISHED),
        (Status.REVIEW, Status.UNPUBLISHED),
        (Status.UNPUBLISHED, Status.PUBLISHED),
        (Status.UNPUBLISHED, Status.REVIEW),
        (Status.PUBLISHED, Status.DRAFT),
        (Status.PUBLISHED, Status.REVIEW),
    ],
)
def test_transition_not_allowed_from_state(editor, start, to):
    published_at = timezone.now() - timedelta(days=1) if start == Status.PUBLISHED else None
    article = make_article(status=start, published_at=published_at)

    with pytest.raises(ValidationError):
        article_transition(article=article, to=to, by=editor)

    article.refresh_from_db()
    assert article.status == start


def test_transition_republishing_a_live_article_is_refused(editor):
    with pytest.raises(ValidationError):
        article_transition(article=make_article(), to=Status.PUBLISHED, by=editor)


def test_transition_unknown_state_is_refused(editor):
    with pytest.raises(ValidationError):
        article_transition(article=make_draft(), to="archived", by=editor)


def test_transition_author_cannot_publish_even_through_the_service():
    author = make_member("Author")
    article = make_draft(author=author.author)

    with pytest.raises(PermissionDenied):
        article_transition(article=article, to=Status.PUBLISHED, by=author)

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_scheduled_article_goes_live_exactly_at_its_time(editor, client):
    at = timezone.now() + timedelta(hours=2)
    article = article_transition(article=make_draft(), to=Status.PUBLISHED, by=editor, publish_at=at)
    url = article.get_absolute_url()

    assert article.is_scheduled()
    assert AuditEntry.objects.get().action == AuditAction.SCHEDULED
    assert client.get(url).status_code == 404
    with time_machine.travel(at - timedelta(seconds=1)):
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert client.get(url).status_code == 404
    with time_machine.travel(at + timedelta(seconds=1)):
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert client.get(url).status_code == 200


def test_scheduled_article_can_be_rescheduled_until_it_is_live(editor):
    article = article_transition(
        article=make_draft(),
        to=Status.PUBLISHED,
        by=editor,
        publish_at=timezone.now() + timedelta(days=1),
    )
    later = timezone.now() + timedelta(days=3)

    article = article_transition(article=article, to=Status.PUBLISHED, by=editor, publish_at=later)

    assert article.published_at == later and article.first_published_at == later


def test_admin_shows_scheduled_for_and_live_since(admin_client):
    make_article(title="Soon", published_at=timezone.now() + timedelta(days=2))
    make_article(title="Already")

    text = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "Scheduled for" in text and "Live since" in text


def test_admin_publish_at_a_chosen_time_through_the_button(client, editor):
    client.force_login(editor)
    article = make_draft()

    client.post(
        change_url(article),
        article_data(article, _transition="published", publish_at="2099-05-01T09:30"),
    )

    article.refresh_from_db()
    assert article.is_scheduled()
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M") == "2099-05-01 09:30"


def test_admin_bad_publish_time_keeps_the_save_and_says_so(client, editor):
    client.force_login(editor)
    article = make_draft()

    response = client.post(
        change_url(article),
        article_data(article, title="Kept", _transition="published", publish_at="soon"),
        follow=True,
    )

    article.refresh_from_db()
    assert article.title == "Kept" and article.status == Status.DRAFT
    assert "not a date" in response.content.decode()


def test_admin_change_form_offers_only_allowed_transitions(client):
    author = make_member("Author")
    client.force_login(author)
    article = make_draft(author=author.author)

    text = client.get(change_url(article)).content.decode()

    assert 'value="review"' in text
    assert 'name="_transition" value="published"' not in text
