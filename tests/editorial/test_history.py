"""Revisions: one per save, a readable diff of any two, restore as a new revision."""

import pytest
from django.urls import reverse

from articles.editorial.history import line_diff, revisions
from articles.editorial.models import AuditAction, AuditEntry, Status
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_author, make_concept, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_member("Editor", first_name="Eve")
    client.force_login(user)
    return user


def edit(client, article, **changes):
    article.refresh_from_db()
    response = client.post(change_url(article), article_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def test_every_save_records_one_revision_with_who(client, editor):
    article = make_article(concepts=[make_concept()], status=Status.DRAFT, published_at=None)
    edit(client, article, title="Second")
    edit(client, article, title="Third")

    records = list(revisions(article))

    assert [r.title for r in records][:2] == ["Third", "Second"]
    assert len({r.version for r in records}) == len(records)
    assert records[0].history_user == editor


def test_line_diff_marks_added_and_removed_lines():
    rows = line_diff("one\ntwo\nthree", "one\n2\nthree")

    assert [(r.kind, r.text) for r in rows] == [
        ("same", "one"),
        ("removed", "two"),
        ("added", "2"),
        ("same", "three"),
    ]
    assert rows[1].marker == "−" and rows[2].label == "Added"


def test_revisions_page_and_compare_any_two(client, editor):
    article = make_article(body="Alpha\n\nBeta", status=Status.DRAFT, published_at=None)
    edit(client, article, body="Alpha\n\nGamma <b>", title="Renamed")
    old, new = list(revisions(article))[::-1][:2]

    listing = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    response = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": new.history_id, "b": old.history_id},
    )

    assert listing.status_code == 200 and "Compare the chosen revisions" in listing.content.decode()
    text = response.content.decode()
    assert response.status_code == 200
    assert "Gamma &lt;b&gt;" in text  # escaped
    assert "Removed" in text and "Added" in text and "Renamed" in text


def test_compare_rejects_foreign_or_malformed_revisions(client, editor):
    article, other = make_article(), make_article()
    url = reverse("admin:articles_article_compare", args=[article.pk])
    foreign = other.history.first().history_id

    assert client.get(url, {"a": "x", "b": "1"}).status_code == 404
    assert (
        client.get(url, {"a": foreign, "b": article.history.first().history_id}).status_code == 404
    )


def test_restore_creates_a_new_revision_and_rewrites_nothing(client, editor):
    first, second = make_concept(), make_concept()
    article = make_article(
        concepts=[first], body="Original body", status=Status.DRAFT, published_at=None
    )
    original = revisions(article).first()
    edit(client, article, body="Changed body", concepts=[second.pk])
    before = list(article.history.order_by("history_id").values_list("history_id", "body"))

    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, original.history_id])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Original body"
    assert "Original body" in article.body_html  # derived fields re-rendered
    assert list(article.concepts.all()) == [first]
    after = list(article.history.order_by("history_id").values_list("history_id", "body"))
    assert after[: len(before)] == before
    assert revisions(article).first().history_change_reason.startswith("Restored")
    assert AuditEntry.objects.get(action=AuditAction.RESTORED).object_id == article.pk


def test_restore_keeps_the_publishing_state(client, editor):
    article = make_article(title="Live one")
    original = revisions(article).first()
    edit(client, article, title="Live one, edited")

    client.post(reverse("admin:articles_article_restore", args=[article.pk, original.history_id]))

    article.refresh_from_db()
    assert article.title == "Live one" and article.is_published()


def test_restore_needs_change_permission(client):
    author = make_member("Author")
    client.force_login(author)
    article = make_article(author=author.author, title="Published")  # not editable by authors
    record = revisions(article).first()

    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, record.history_id])
    )

    assert response.status_code == 403
    assert (
        client.get(
            reverse("admin:articles_article_restore", args=[article.pk, record.history_id])
        ).status_code
        == 405
    )


def test_pruning_command_is_available(capsys):
    from django.core.management import call_command

    make_article()
    call_command("clean_old_history", "--days", "365", "--auto")


def test_restore_keeps_the_current_byline(client, editor):
    article = make_article(body="First words", status=Status.DRAFT, published_at=None)
    original = revisions(article).first()
    new_author = make_author()
    article.author = new_author
    article.body = "Second words"
    article.full_clean()
    article.save()

    client.post(reverse("admin:articles_article_restore", args=[article.pk, original.history_id]))

    article.refresh_from_db()
    assert article.body == "First words"
    assert article.author == new_author


@pytest.mark.parametrize("query", ["?a=%C2%B2&b=1", "?a=1", "?a=x&b=y", "?a=-1&b=2"])
def test_compare_revisions_bad_choice_is_404(client, editor, query):
    article = make_article()

    response = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]) + query
    )

    assert response.status_code == 404
