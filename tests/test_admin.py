from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.editorial.models import AuditAction, AuditEntry
from articles.knowledge.models import ConceptRelation, Fact, RelationKind
from articles.knowledge.services import suggestion_file
from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_comparison,
    make_concept,
    make_dimension,
    make_fact,
    make_image,
    make_promo,
    make_topic,
    make_use_case,
    make_user,
)

# django-axes registers read-only logs of login attempts: tests/test_logins.py covers them.
REGISTERED = sorted(
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label != "axes"
)


def _model_admin(label):
    """Return (model, model_admin) for an "app_label.model_name" label."""
    app_label, model_name = label.split(".")
    for model, model_admin in admin.site._registry.items():
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name):
            return model, model_admin
    raise LookupError(label)


SEARCHABLE = [label for label in REGISTERED if _model_admin(label)[1].search_fields]
FILTERED = [label for label in REGISTERED if _model_admin(label)[1].list_filter]


def _url(label, view, *args):
    return reverse(f"admin:{label.replace('.', '_')}_{view}", args=args)


@pytest.fixture
def content(db):
    """One or more objects for every registered model."""
    concept, other = make_concept(family="Architectures"), make_concept()
    dimension = make_dimension()
    ConceptRelation.objects.create(source=concept, kind=RelationKind.KIND_OF, target=other)
    make_use_case(concept=concept)
    fact = make_fact(concept=concept, dimension=dimension)
    suggestion_file(target=fact, text="A reader's better wording.", fingerprint="f" * 32)
    make_article(concepts=[concept])
    concept.definition = "Changed after the article went live."
    concept.save()  # puts the article in the "Needs a look" queue
    make_article(status="draft", published_at=None)
    make_comparison(concepts=[concept, other], dimensions=[dimension])
    editor = make_user(role="editor")
    Group.objects.create(name="Editors")
    make_promo()
    make_image()
    AuditEntry.record(actor=editor, action=AuditAction.PUBLISHED, obj=concept)


def test_admin_registry_covers_the_apps():
    assert {"articles.article", "knowledge.concept", "comparisons.comparison"} <= set(REGISTERED)


@pytest.mark.parametrize("label", REGISTERED)
def test_admin_changelist_empty_ok(admin_client, label):
    assert admin_client.get(_url(label, "changelist")).status_code == 200


@pytest.mark.parametrize("label", REGISTERED)
def test_admin_add_page_ok(admin_client, label):
    # The audit log is written by the workflow only.
    # The audit log, the "Needs a look" queue and readers' suggestions are never added by hand.
    made_by_the_site = ("editorial.auditentry", "articles.needslook", "knowledge.suggestion")
    expected = 403 if label in made_by_the_site else 200
    assert admin_client.get(_url(label, "add")).status_code == expected


@pytest.mark.parametrize("label", REGISTERED)
def test_admin_changelist_with_data_ok(admin_client, content, label):
    response = admin_client.get(_url(label, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("label", REGISTERED)
def test_admin_change_page_ok(admin_client, content, label):
    model, _ = _model_admin(label)
    for obj in model._default_manager.all():
        assert admin_client.get(_url(label, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("label", SEARCHABLE)
def test_admin_changelist_search_ok(admin_client, content, label):
    assert admin_client.get(_url(label, "changelist"), {"q": "x"}).status_code == 200


@pytest.mark.parametrize("label", FILTERED)
def test_admin_changelist_filters_ok(admin_client, content, label):
    changelist = admin_client.get(_url(label, "changelist")).context["cl"]
    query_strings = [
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
        if not choice["selected"]
    ]
    assert query_strings

    for query_string in query_strings:
        response = admin_client.get(_url(label, "changelist") + query_string)
        assert response.status_code == 200, query_string


def test_admin_article_changelist_shows_scheduled_state(admin_client, db):
    make_article(published_at=timezone.now() + timedelta(days=2))

    response = admin_client.get(_url("articles.article", "changelist"))

    assert "Scheduled for" in response.content.decode()


def _fact_data(**overrides):
    return {
        "concept": make_concept().pk,
        "dimension": make_dimension().pk,
        "text": "It predicts the next token.",
        "sources": "Paper | https://example.org/p",
        "verified_on": "2024-05-01",
    } | overrides


def test_admin_fact_add_stores_sources_as_list(admin_client):
    response = admin_client.post(_url("knowledge.fact", "add"), _fact_data())

    assert response.status_code == 302
    assert Fact.objects.get().sources == [{"title": "Paper", "url": "https://example.org/p"}]


def test_admin_fact_add_bad_url_shows_error(admin_client):
    data = _fact_data(sources="Paper | javascript:alert(1)")

    response = admin_client.post(_url("knowledge.fact", "add"), data)

    assert response.status_code == 200
    assert "Line 1" in response.context["adminform"].form.errors["sources"][0]
    assert Fact.objects.count() == 0


def test_admin_fact_change_keeps_sources(admin_client):
    fact = make_fact(sources=[{"title": "Paper", "url": "https://example.org/p"}])

    response = admin_client.get(_url("knowledge.fact", "change", fact.pk))

    assert "Paper | https://example.org/p</textarea>" in response.content.decode()


def _article_data(**overrides):
    return {
        "title": "Admin article",
        "slug": "admin-article",
        "teaser": "Written in the admin.",
        "body": "## Intro\n\nHello **world**.",
        "author": make_author().pk,
        "topic": make_topic().pk,
        "hero_alt": "",
        "hero_caption": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "seo_title": "",
        "seo_description": "",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
    } | overrides


def test_admin_article_add_renders_body(admin_client):
    response = admin_client.post(_url("articles.article", "add"), _article_data())

    assert response.status_code == 302
    article = Article.objects.get(slug="admin-article")
    assert article.body_html == '<h2 id="intro">Intro</h2>\n<p>Hello <strong>world</strong>.</p>\n'
    assert article.toc == [{"id": "intro", "title": "Intro", "level": 2}]


def test_admin_article_add_published_fills_publish_time(admin_client):
    response = admin_client.post(
        _url("articles.article", "add"), _article_data(_transition="published")
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="admin-article")
    assert article.is_published()
    assert article.first_published_at == article.published_at


def test_admin_index_redirects_non_staff_to_login(client, db):
    client.force_login(make_user())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_index_redirects_anonymous_to_login(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_index_ok_for_editor(client, db):
    client.force_login(make_user(role="editor"))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Articles" in response.content.decode()
