"""The editor's desk, small things users notice: bylines, audited addresses, the audit
log's filters, plurals."""

import json

import pytest
from django.urls import reverse

from articles.editorial.models import AuditAction, AuditEntry, Status
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_author, make_member

pytestmark = pytest.mark.django_db


def _byline_choices(client, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "author", "term": term},
    )
    assert response.status_code == 200
    return {row["text"] for row in json.loads(response.content)["results"]}


def test_an_author_is_offered_only_their_own_byline(client):
    make_author(name="Somebody Else")
    author = make_member("Author")
    client.force_login(author)

    assert _byline_choices(client) == {author.author.name}


def test_an_editor_is_offered_every_byline(client):
    make_author(name="Somebody Else")
    client.force_login(make_member("Editor"))

    assert "Somebody Else" in _byline_choices(client)


def test_a_new_article_starts_with_ones_own_byline(client):
    author = make_member("Author")
    client.force_login(author)

    response = client.get(reverse("admin:articles_article_add"))

    assert response.context["adminform"].form.initial["author"] == author.author.pk


@pytest.mark.parametrize(("published", "redirects"), [(True, True), (False, False)])
def test_a_slug_change_is_audited(client, published, redirects):
    editor = make_member("Editor")
    client.force_login(editor)
    fields = {} if published else {"status": Status.DRAFT, "published_at": None}
    article = make_article(slug="first-address", **fields)

    response = client.post(change_url(article), article_data(article, slug="second-address"))

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.RENAMED)
    assert entry.actor == editor and entry.object_id == article.pk
    assert entry.details == {
        "from": "first-address",
        "to": "second-address",
        "redirects": redirects,
    }
    assert (client.get("/articles/first-address/").status_code == 301) is redirects


def test_the_audit_log_filters_by_type_even_with_one_type_present(admin_client):
    article = make_article()
    AuditEntry.record(actor=None, action=AuditAction.PUBLISHED, obj=article)
    url = reverse("admin:editorial_auditentry_changelist")

    page = admin_client.get(url).text
    assert "By type" in page
    assert "?type=articles.article" in page and "?type=comparisons.comparison" in page

    only_comparisons = admin_client.get(url, {"type": "comparisons.comparison"})
    assert list(only_comparisons.context["cl"].result_list) == []
    only_articles = admin_client.get(url, {"type": "articles.article"})
    assert [e.object_id for e in only_articles.context["cl"].result_list] == [article.pk]


def test_a_one_day_preview_link_says_one_day(client):
    client.force_login(make_member("Editor"))
    article = make_article(status=Status.DRAFT, published_at=None)

    response = client.post(
        reverse("admin:articles_article_share", args=[article.pk]), {"days": "1"}, follow=True
    )

    assert "valid for 1 day." in response.text
    assert "1 days" not in response.text
