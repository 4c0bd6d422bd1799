"""Role × action matrix: every role's rights, enforced on the server and tested by POST."""

import pytest
from django.urls import reverse

from articles.editorial.models import Status
from articles.knowledge.models import Industry
from articles.models import Article, Topic
from comparisons.models import Comparison
from tests.editorial.helpers import article_data, change_url, comparison_form
from tests.factories import (
    make_article,
    make_author,
    make_comparison,
    make_concept,
    make_member,
)

pytestmark = pytest.mark.django_db
ROLES = ["Author", "Editor", "Curator", "Admin"]


@pytest.fixture
def as_role(client):
    def login(role):
        user = make_member(role)
        client.force_login(user)
        return user

    return login


def draft_of(user=None, **overrides):
    author = user.author if user is not None else make_author()
    return make_article(author=author, status=Status.DRAFT, published_at=None, **overrides)


def test_roles_exist_as_groups_created_by_the_migration():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    assert Group.objects.get(name="Editor").permissions.filter(codename="publish_article").exists()
    assert (
        not Group.objects.get(name="Author")
        .permissions.filter(codename__startswith="publish_")
        .exists()
    )
    assert (
        Group.objects.get(name="Curator").permissions.filter(codename="publish_comparison").exists()
    )


@pytest.mark.parametrize(
    "role, expected",
    [("Author", 200), ("Editor", 200), ("Curator", 403), ("Admin", 200)],
)
def test_matrix_open_the_add_article_form(client, as_role, role, expected):
    as_role(role)
    assert client.get(reverse("admin:articles_article_add")).status_code == expected


@pytest.mark.parametrize("role, sees_all", [("Author", False), ("Editor", True), ("Admin", True)])
def test_matrix_article_list_shows_own_or_all(client, as_role, role, sees_all):
    user = as_role(role)
    draft_of(title="Somebody else's draft")
    mine = draft_of(user, title="My draft") if role == "Author" else None

    response = client.get(reverse("admin:articles_article_changelist"))

    text = response.content.decode()
    assert response.status_code == 200
    assert ("Somebody else" in text) is sees_all
    if mine:
        assert "My draft" in text


def test_matrix_author_creates_a_draft_as_themself(client, as_role):
    user = as_role("Author")
    data = article_data(draft_of(user), slug="brand-new", title="Brand new")
    data.pop("opened_version")

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    created = Article.objects.get(slug="brand-new")
    assert created.author.user == user and created.status == Status.DRAFT


def test_matrix_author_cannot_write_as_another_author(client, as_role):
    user = as_role("Author")
    data = article_data(draft_of(user), slug="impostor", author=make_author().pk)
    data.pop("opened_version")

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert not Article.objects.filter(slug="impostor").exists()


@pytest.mark.parametrize("role, allowed", [("Author", True), ("Editor", True), ("Admin", True)])
def test_matrix_edit_own_draft(client, as_role, role, allowed):
    user = as_role(role)
    article = draft_of(user if role == "Author" else None)

    response = client.post(change_url(article), article_data(article, title="Edited title"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Edited title"


@pytest.mark.parametrize("role, status", [("Author", 302), ("Curator", 302)])
def test_matrix_cannot_edit_someone_elses_draft(client, as_role, role, status):
    as_role(role)
    article = draft_of()

    response = client.post(change_url(article), article_data(article, title="Hijacked"))

    # The admin answers an object outside the user's list with a redirect to its index.
    assert response.status_code == status
    article.refresh_from_db()
    assert article.title != "Hijacked"


def test_matrix_author_cannot_edit_own_published_article(client, as_role):
    user = as_role("Author")
    article = make_article(author=user.author)

    response = client.post(change_url(article), article_data(article, title="Changed live"))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Changed live"


@pytest.mark.parametrize("role", ["Author", "Editor", "Admin"])
def test_matrix_submit_for_review(client, as_role, role):
    user = as_role(role)
    article = draft_of(user if role == "Author" else None)

    client.post(change_url(article), article_data(article, _transition="review"))

    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert article.submitted_at is not None


@pytest.mark.parametrize("role, published", [("Author", False), ("Editor", True), ("Admin", True)])
def test_matrix_publish_button(client, as_role, role, published):
    user = as_role(role)
    article = draft_of(user if role == "Author" else None)

    response = client.post(change_url(article), article_data(article, _transition="published"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published() is published


def test_matrix_author_crafted_status_field_is_ignored(client, as_role):
    user = as_role("Author")
    article = draft_of(user)
    data = article_data(
        article,
        status="published",
        published_at_0="2020-01-01",
        published_at_1="10:00:00",
        featured="on",
    )

    client.post(change_url(article), data)

    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.published_at is None
    assert not article.featured


def test_matrix_author_crafted_publish_action_is_refused(client, as_role):
    user = as_role("Author")
    article = draft_of(user)

    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Status.DRAFT


@pytest.mark.parametrize("role, unpublished", [("Author", False), ("Editor", True)])
def test_matrix_unpublish(client, as_role, role, unpublished):
    user = as_role(role)
    article = make_article(author=user.author if role == "Author" else make_author())

    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert (article.status == Status.UNPUBLISHED) is unpublished


@pytest.mark.parametrize(
    "role, deleted", [("Author", False), ("Editor", True), ("Curator", False), ("Admin", True)]
)
def test_matrix_delete_article(client, as_role, role, deleted):
    user = as_role(role)
    article = draft_of(user if role == "Author" else None)

    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    assert Article.objects.filter(pk=article.pk).exists() is not deleted


@pytest.mark.parametrize(
    "role, allowed", [("Author", False), ("Editor", True), ("Curator", False), ("Admin", True)]
)
def test_matrix_manage_topics(client, as_role, role, allowed):
    as_role(role)

    client.post(reverse("admin:articles_topic_add"), {"name": "New desk", "slug": "new-desk"})

    assert Topic.objects.filter(slug="new-desk").exists() is allowed


@pytest.mark.parametrize(
    "role, allowed", [("Author", False), ("Editor", True), ("Curator", False), ("Admin", True)]
)
def test_matrix_manage_authors(client, as_role, role, allowed):
    as_role(role)

    client.post(reverse("admin:articles_author_add"), {"name": "New byline", "slug": "new-byline"})

    from articles.models import Author

    assert Author.objects.filter(slug="new-byline").exists() is allowed


@pytest.mark.parametrize(
    "role, allowed", [("Author", False), ("Editor", False), ("Curator", True), ("Admin", True)]
)
def test_matrix_manage_industries(client, as_role, role, allowed):
    as_role(role)

    client.post(reverse("admin:knowledge_industry_add"), {"name": "Shipping", "slug": "shipping"})

    assert Industry.objects.filter(slug="shipping").exists() is allowed


@pytest.mark.parametrize(
    "role, allowed", [("Author", False), ("Editor", False), ("Curator", True), ("Admin", True)]
)
def test_matrix_edit_concepts(client, as_role, role, allowed):
    as_role(role)
    concept = make_concept()

    response = client.get(reverse("admin:knowledge_concept_change", args=[concept.pk]))

    can_change = response.status_code == 200 and 'name="_save"' in response.content.decode()
    assert can_change is allowed


@pytest.mark.parametrize(
    "role, allowed", [("Author", False), ("Editor", False), ("Curator", True), ("Admin", True)]
)
def test_matrix_create_comparisons(client, as_role, role, allowed):
    as_role(role)

    client.post(
        reverse("admin:comparisons_comparison_add"),
        comparison_form([make_concept(), make_concept()]),
    )

    assert Comparison.objects.filter(slug="builder-test").exists() is allowed


@pytest.mark.parametrize(
    "role, allowed", [("Author", False), ("Editor", False), ("Curator", True), ("Admin", True)]
)
def test_matrix_publish_comparisons(client, as_role, role, allowed):
    as_role(role)
    comparison = make_comparison(status=Status.DRAFT, published_at=None)

    client.post(
        reverse("admin:comparisons_comparison_changelist"),
        {"action": "publish_now", "_selected_action": [comparison.pk]},
    )

    comparison.refresh_from_db()
    assert comparison.is_published() is allowed


@pytest.mark.parametrize(
    "role, status", [("Author", 403), ("Editor", 200), ("Curator", 200), ("Admin", 200)]
)
def test_matrix_read_the_audit_log(client, as_role, role, status):
    as_role(role)

    assert client.get(reverse("admin:editorial_auditentry_changelist")).status_code == status
