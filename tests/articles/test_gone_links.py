"""Taking a page down never leaves a broken link in another: readers see the link as text.

Taking an article down always works (a legal takedown cannot wait for other articles to be
edited); the articles that linked to it show that link as plain text at once, on every
write path, and again as a link if it comes back. The editor is told which articles to fix.
"""

import pytest
from django.urls import reverse

from articles.core import delivery
from articles.editorial.models import Status
from articles.knowledge.models import Concept
from articles.models import Article, OldSlug
from articles.services import article_transition
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_concept, make_member

pytestmark = pytest.mark.django_db

LINKING_BODY = (
    "Read [the target](/articles/target/) and [its section](/articles/target/#part), "
    "then [a concept](/concepts/some-idea/) and [elsewhere](https://example.org/articles/target/)."
)


@pytest.fixture
def linked(db):
    target = make_article(slug="target", title="The target")
    make_concept(slug="some-idea", name="Zqx idea")
    article = make_article(slug="linking", title="The linking one", body=LINKING_BODY)
    return article, target


def _article_links(client, article):
    html = client.get(article.get_absolute_url()).text
    return html.count('href="/articles/target/'), html.count('<span class="link-gone">')


def test_links_to_live_pages_stay_links(client, linked):
    article, _ = linked
    assert _article_links(client, article) == (2, 0)


def test_a_takedown_turns_the_links_to_it_into_text_and_a_return_brings_them_back(
    client, linked
):
    article, target = linked
    editor = make_member("Editor")

    article_transition(article=target, to=Status.UNPUBLISHED, by=editor)

    html = client.get(article.get_absolute_url()).text
    assert 'href="/articles/target/' not in html
    assert '<span class="link-gone">the target</span>' in html
    assert '<span class="link-gone">its section</span>' in html
    # Links to other sites are not ours to judge; the concept link stays.
    assert 'href="https://example.org/articles/target/"' in html
    assert 'href="/concepts/some-idea/"' in html

    target = article_transition(article=target, to=Status.DRAFT, by=editor)
    article_transition(article=target, to=Status.PUBLISHED, by=editor)
    assert _article_links(client, article) == (2, 0)


def test_a_deleted_target_or_concept_becomes_text(client, linked):
    article, target = linked
    target.delete()
    Concept.objects.filter(slug="some-idea").delete()

    html = client.get(article.get_absolute_url()).text
    assert html.count('<span class="link-gone">') == 3
    assert 'href="/concepts/some-idea/"' not in html


def test_a_link_to_an_old_address_stays_a_link(client, linked):
    article, target = linked
    target.slug = "target-renamed"
    target.save()
    OldSlug.objects.get_or_create(slug="target", article=target)

    assert _article_links(client, article) == (2, 0)


def test_the_reader_cache_serves_the_text_at_once(client, linked, reader_cache):
    article, target = linked
    assert _article_links(client, article) == (2, 0)
    assert client.get(article.get_absolute_url())["X-Reader-Cache"] == "hit"

    # A write without signals says what it changed itself, as bulk actions do.
    Article.objects.filter(pk=target.pk).update(status=Status.UNPUBLISHED)
    delivery.changed(f"article-{target.pk}", "articles")

    assert _article_links(client, article) == (0, 2)


def test_an_admin_takedown_names_the_articles_to_fix(client, linked):
    article, target = linked
    client.force_login(make_member("Editor"))

    response = client.post(
        change_url(target), article_data(target, _transition=Status.UNPUBLISHED), follow=True
    )

    target.refresh_from_db()
    assert target.status == Status.UNPUBLISHED
    page = response.text
    assert "Live articles link to /articles/target/" in page
    assert "“The linking one”" in page and "plain text" in page


def test_an_admin_delete_names_the_articles_to_fix(client, linked):
    article, target = linked
    client.force_login(make_member("Editor"))

    response = client.post(
        reverse("admin:articles_article_delete", args=[target.pk]), {"post": "yes"}, follow=True
    )

    assert not Article.objects.filter(pk=target.pk).exists()
    assert "“The linking one”" in response.text


def test_the_linking_article_must_point_elsewhere_before_its_next_save(client, linked):
    article, target = linked
    editor = make_member("Editor")
    article_transition(article=target, to=Status.UNPUBLISHED, by=editor)
    client.force_login(editor)

    response = client.post(change_url(article), article_data(article, teaser="New teaser."))

    assert response.status_code == 200
    assert "Links to pages readers cannot open" in response.text
    assert "/articles/target/" in response.text
    article.refresh_from_db()
    assert article.teaser != "New teaser."
