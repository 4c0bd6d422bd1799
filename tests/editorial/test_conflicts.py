"""Two people editing the same article: the second save is refused and nothing is lost."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.editorial.models import EditingSession, Status
from tests.editorial.helpers import article_data, change_url, comparison_form
from tests.factories import make_article, make_comparison, make_member, make_user

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_second_save_is_rejected_and_keeps_the_text():
    ana = make_member("Editor", first_name="Ana", last_name="Lima")
    ben = make_member("Editor", first_name="Ben")
    article = make_article(body="Line one.\n\nLine two.", status=Status.DRAFT, published_at=None)
    first, second = logged_in(ana), logged_in(ben)
    # Both open the form at the same version.
    opened = first.get(change_url(article)).context["adminform"].form.initial["opened_version"]
    assert (
        second.get(change_url(article)).context["adminform"].form.initial["opened_version"]
        == opened
    )

    saved = first.post(change_url(article), article_data(article, body="Line one.\n\nAna's line."))
    assert saved.status_code == 302
    response = second.post(
        change_url(article), article_data(article, body="Line one.\n\nBen's own paragraph.")
    )

    article.refresh_from_db()
    assert response.status_code == 200
    assert "Ana's line." in article.body
    text = response.content.decode()
    assert "Ben&#x27;s own paragraph." in text  # still in the form
    assert "Ana Lima saved this article while you were editing it" in text
    assert "Ana&#x27;s line." in text  # shown in the diff and beside theirs
    assert "Removed" in text and "Added" in text
    form = response.context["adminform"].form
    assert form.data["opened_version"] == str(article.version)


def test_after_merging_the_second_save_goes_through():
    ana, ben = make_member("Editor"), make_member("Editor")
    article = make_article(status=Status.DRAFT, published_at=None)
    first, second = logged_in(ana), logged_in(ben)
    stale = article_data(article, body="Ben's text")
    first.post(change_url(article), article_data(article, body="Ana's text"))
    conflict = second.post(change_url(article), stale)

    merged = dict(
        stale,
        body="Ana's text\n\nBen's text",
        opened_version=conflict.context["adminform"].form.data["opened_version"],
    )
    response = second.post(change_url(article), merged)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Ana's text\n\nBen's text"


def test_a_transition_in_between_is_a_conflict_too():
    editor = make_member("Editor")
    article = make_article(status=Status.DRAFT, published_at=None)
    stale = article_data(article, title="Edited on a stale form")
    from articles.services import article_transition

    article_transition(article=article, to=Status.REVIEW, by=editor)
    response = logged_in(editor).post(change_url(article), stale)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title != "Edited on a stale form"
    assert article.status == Status.REVIEW


def test_missing_version_is_refused():
    article = make_article()
    data = article_data(article, title="No version")
    data.pop("opened_version")

    response = logged_in(make_user(role="superuser")).post(change_url(article), data)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title != "No version"


def test_comparison_second_save_is_rejected(admin_client):
    comparison = make_comparison(status=Status.DRAFT, published_at=None)
    concepts = [row.concept for row in comparison.comparison_concepts.all()]
    url = reverse("admin:comparisons_comparison_change", args=[comparison.pk])
    data = comparison_form(
        concepts, slug=comparison.slug, title="Mine", opened_version=comparison.version
    )
    data["comparison_concepts-TOTAL_FORMS"] = "0"
    data["comparison_concepts-MIN_NUM_FORMS"] = "0"
    comparison.title = "Theirs"
    comparison.full_clean()
    comparison.save()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "while you were editing" in response.content.decode()
    comparison.refresh_from_db()
    assert comparison.title == "Theirs"


def test_presence_shows_who_else_is_editing(client):
    ana = make_member("Editor", first_name="Ana")
    article = make_article()
    logged_in(ana).get(change_url(article))
    EditingSession.objects.filter(user=ana).update(
        started_at=timezone.now().replace(hour=10, minute=42)
    )
    client.force_login(make_member("Editor"))

    text = client.get(change_url(article)).content.decode()

    assert "Ana is editing this article since 10:42" in text


def test_presence_expires_without_heartbeat(client):
    ana = make_member("Editor", first_name="Ana")
    article = make_article()
    logged_in(ana).get(change_url(article))
    EditingSession.objects.update(seen_at=timezone.now() - timedelta(minutes=3))
    client.force_login(make_member("Editor"))

    assert "Ana is editing" not in client.get(change_url(article)).content.decode()


def test_presence_heartbeat_returns_the_notice_fragment(client):
    ana = make_member("Editor", first_name="Ana")
    article = make_article()
    logged_in(ana).get(change_url(article))
    client.force_login(make_member("Editor"))
    url = reverse("admin:articles_article_presence", args=[article.pk])

    response = client.post(url, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="presence"' in text and "Ana is editing" in text and "<html" not in text
    assert client.get(url).status_code == 405
