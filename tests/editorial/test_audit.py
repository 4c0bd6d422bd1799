"""The audit log: who published, unpublished, restored or deleted what, and when."""

import pytest
from django.urls import reverse

from articles.editorial.models import AuditAction, AuditEntry, Status
from articles.models import Article
from articles.services import article_transition
from tests.factories import make_article, make_member

pytestmark = pytest.mark.django_db


def test_deleting_in_the_admin_is_audited(admin_client):
    article = make_article(title="Doomed")

    admin_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.DELETED and entry.object_repr == "Doomed"
    assert not Article.objects.filter(pk=article.pk).exists()


def test_bulk_delete_is_audited_per_item(admin_client):
    articles = [make_article(), make_article()]

    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in articles], "post": "yes"},
    )

    assert AuditEntry.objects.filter(action=AuditAction.DELETED).count() == 2


def test_audit_log_lists_and_filters(admin_client, django_assert_max_num_queries):
    editor = make_member("Editor", username="eve")
    for n in range(5):
        article = make_article(status=Status.DRAFT, published_at=None, title=f"Piece {n}")
        article_transition(article=article, to=Status.PUBLISHED, by=editor)
    article_transition(article=article, to=Status.UNPUBLISHED, by=editor)
    url = reverse("admin:editorial_auditentry_changelist")

    with django_assert_max_num_queries(20):
        response = admin_client.get(url)
    filtered = admin_client.get(url, {"action__exact": "unpublished"})

    assert response.status_code == 200 and response.context["cl"].result_count == 6
    assert filtered.context["cl"].result_count == 1
    assert "eve" in filtered.content.decode()
    assert admin_client.get(url, {"actor__id__exact": editor.pk}).context["cl"].result_count == 6


def test_audit_log_is_read_only(admin_client):
    article = make_article()
    entry = AuditEntry.record(actor=None, action=AuditAction.PUBLISHED, obj=article)

    assert admin_client.get(reverse("admin:editorial_auditentry_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:editorial_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
