"""Publishing states: transitions, dates, scheduling at query time, slug redirects, checks."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.checks import article_checks
from articles.editorial.checks import ERROR, WARNING
from articles.editorial.models import AuditAction, AuditEntry, Status
from articles.models import Article, OldSlug
from articles.services import article_transition
from tests.articles.editorial_helpers import article_data, change_url
from tests.factories import make_article, make_concept, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_member("Editor")


def draft(**overrides):
    return make_article(status=Status.DRAFT, published_at=None, **overrides)


def test_transition_draft_review_published_unpublished_draft(editor):
    article = draft(concepts=[make_concept()])

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
        article_transition(article=draft(), to="archived", by=editor)


def test_transition_author_cannot_publish_even_through_the_service():
    author = make_member("Author")
    article = draft(author=author.author)

    with pytest.raises(PermissionDenied):
        article_transition(article=article, to=Status.PUBLISHED, by=author)

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not AuditEntry.objects.exists()


def test_scheduled_article_goes_live_exactly_at_its_time(editor, client):
    at = timezone.now() + timedelta(hours=2)
    article = article_transition(article=draft(), to=Status.PUBLISHED, by=editor, publish_at=at)
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
        article=draft(),
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
    article = draft()

    client.post(
        change_url(article),
        article_data(article, _transition="published", publish_at="2099-05-01T09:30"),
    )

    article.refresh_from_db()
    assert article.is_scheduled()
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M") == "2099-05-01 09:30"


def test_admin_bad_publish_time_keeps_the_save_and_says_so(client, editor):
    client.force_login(editor)
    article = draft()

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
    article = draft(author=author.author)

    text = client.get(change_url(article)).content.decode()

    assert 'value="review"' in text
    assert 'name="_transition" value="published"' not in text


def test_content_check_errors_block_publishing(client, editor):
    client.force_login(editor)
    article = draft(body="See [this](/articles/does-not-exist/).")

    response = client.post(
        change_url(article), article_data(article, _transition="published"), follow=True
    )

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert "/articles/does-not-exist/" in response.content.decode()


def test_content_check_warnings_do_not_block(editor):
    article = draft(title="T" * 90, body="word " * 250)

    article = article_transition(article=article, to=Status.PUBLISHED, by=editor)

    assert article.is_published()


def test_content_checks_cover_the_checklist():
    live = make_article(slug="live-one")
    concept = make_concept(slug="known")
    article = draft(
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
    article = draft()

    text = admin_client.get(change_url(article)).content.decode()

    assert "Checks before publishing" in text and "Blocks publishing" not in text
    assert "No concepts attached" in text


def test_slug_change_of_a_published_article_redirects_permanently(admin_client):
    article = make_article(slug="old-address")

    admin_client.post(change_url(article), article_data(article, slug="new-address"))

    assert OldSlug.objects.get().slug == "old-address"
    response = admin_client.get("/articles/old-address/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/"


def test_slug_redirect_costs_one_query(client, django_assert_max_num_queries):
    article = make_article(slug="now-here")
    OldSlug.objects.create(slug="was-here", article=article)

    with django_assert_max_num_queries(1):
        response = client.get("/articles/was-here/")

    assert response.status_code == 301


def test_slug_redirect_never_reveals_an_unpublished_article(client):
    article = make_article(slug="gone-now", status=Status.UNPUBLISHED)
    OldSlug.objects.create(slug="gone-before", article=article)

    assert client.get("/articles/gone-before/").status_code == 404


def test_slug_change_of_a_draft_keeps_no_redirect(admin_client):
    article = draft(slug="draft-a")

    admin_client.post(change_url(article), article_data(article, slug="draft-b"))

    assert not OldSlug.objects.exists()


def test_slug_taken_back_by_the_same_article_drops_its_redirect(admin_client):
    article = make_article(slug="first")
    admin_client.post(change_url(article), article_data(article, slug="second"))
    article.refresh_from_db()

    admin_client.post(change_url(article), article_data(article, slug="first"))

    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["second"]
    assert admin_client.get("/articles/first/").status_code == 200
