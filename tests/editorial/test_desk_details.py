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


def test_view_on_site_only_for_live_items_and_preview_for_the_others(client):
    client.force_login(make_member("Editor"))
    live = make_article(slug="live-one")
    draft = make_article(slug="draft-one", status=Status.DRAFT, published_at=None)

    live_page = client.get(change_url(live)).text
    draft_page = client.get(change_url(draft)).text

    tool = 'rel="noopener">Preview</a></li>'
    assert "View on site" in live_page and tool not in live_page
    assert "View on site" not in draft_page and tool in draft_page


def _reasons(article):
    return list(
        article.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )


def test_each_save_says_which_fields_it_changed(client):
    client.force_login(make_member("Editor"))
    article = make_article(status=Status.DRAFT, published_at=None)
    before = len(_reasons(article))

    client.post(change_url(article), article_data(article, title="New title", body="New body"))
    article.refresh_from_db()
    client.post(change_url(article), article_data(article))

    assert _reasons(article)[before:] == ["Edited title, body", "Saved without changes"]


def test_a_workflow_click_records_one_revision(client):
    client.force_login(make_member("Editor"))
    article = make_article(status=Status.DRAFT, published_at=None)
    before = len(_reasons(article))

    response = client.post(
        change_url(article),
        article_data(article, teaser="A sharper teaser.", _transition=Status.PUBLISHED),
    )

    assert response.status_code == 302
    assert _reasons(article)[before:] == ["Published; edited teaser"]
    article.refresh_from_db()
    assert article.is_published() and article.teaser == "A sharper teaser."


def test_a_refused_workflow_step_keeps_the_edit_revision(client):
    client.force_login(make_member("Editor"))
    article = make_article(status=Status.DRAFT, published_at=None)
    before = len(_reasons(article))

    data = article_data(article, body="[broken](/articles/nowhere/)", _transition="published")
    client.post(change_url(article), data)

    assert _reasons(article)[before:] == ["Edited body"]


def test_dates_show_their_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Paris"
    client.force_login(make_member("Editor"))
    article = make_article(status=Status.DRAFT, published_at=None)

    page = client.get(change_url(article)).text

    assert "Publish at (CET)" in page or "Publish at (CEST)" in page
    assert "Europe/Paris" in page
