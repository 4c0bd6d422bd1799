"""Secret, expiring, revocable preview links; staff "Preview on site"; live preview; autosave."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.editorial.models import AuditAction, AuditEntry, Autosave, Status
from articles.models import PreviewLink
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_concept, make_member, make_preview_link

pytestmark = pytest.mark.django_db


def draft(**overrides):
    return make_article(status=Status.DRAFT, published_at=None, title="Secret draft", **overrides)


def test_shared_link_opens_the_draft_for_anyone(client, django_assert_max_num_queries):
    link = make_preview_link(draft())

    with django_assert_max_num_queries(12):
        response = client.get(link.get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert "Secret draft" in text and "<html" in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"expires_at": timezone.now() - timedelta(minutes=1)},
        {"revoked_at": timezone.now()},
    ],
)
def test_expired_or_revoked_link_is_a_helpful_404(client, overrides):
    link = make_preview_link(draft(), **overrides)

    response = client.get(link.get_absolute_url())

    assert response.status_code == 404
    assert "expired, was revoked" in response.content.decode()


def test_unknown_token_is_a_404(client):
    assert client.get("/preview/not-a-real-token/").status_code == 404


def test_shared_preview_of_unpublished_article_is_404(client):
    article = make_article(status=Status.DRAFT, published_at=None)
    link = make_preview_link(article)
    assert client.get(f"/preview/{link.token}/").status_code == 200

    article.status = Status.UNPUBLISHED
    article.save()

    response = client.get(f"/preview/{link.token}/")
    assert response.status_code == 404
    assert article.title not in response.text


def test_tokens_are_long_and_random():
    article = draft()
    tokens = {make_preview_link(article).token for _ in range(5)}
    assert len(tokens) == 5 and all(len(token) >= 40 for token in tokens)


def test_draft_is_never_listed(client):
    article = draft(slug="hidden-draft")
    make_preview_link(article)

    for url in ["/", "/feed/", "/sitemap.xml", "/search/?q=Secret"]:
        assert "hidden-draft" not in client.get(url).content.decode(), url
    assert client.get("/articles/hidden-draft/").status_code == 404


def test_editor_creates_and_revokes_a_link_from_the_article_page(client):
    client.force_login(make_member("Editor"))
    article = draft()

    response = client.post(
        reverse("admin:articles_article_share", args=[article.pk]), {"days": "3"}
    )

    link = PreviewLink.objects.get()
    assert response.status_code == 302
    assert timedelta(days=2, hours=23) < link.expires_at - timezone.now() <= timedelta(days=3)
    assert link.get_absolute_url() in client.get(change_url(article)).content.decode()

    fragment = client.post(
        reverse("admin:articles_article_share_revoke", args=[article.pk, link.pk]),
        headers={"HX-Request": "true"},
    )

    text = fragment.content.decode()
    assert 'id="share-links"' in text and "<html" not in text and "Revoked" in text
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(link.get_absolute_url()).status_code == 404
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        AuditAction.SHARED,
        AuditAction.REVOKED,
    ]


def test_share_needs_change_permission_on_the_article(client):
    client.force_login(make_member("Author"))
    article = draft()  # someone else's

    response = client.post(reverse("admin:articles_article_share", args=[article.pk]))

    assert response.status_code == 404
    assert not PreviewLink.objects.exists()


def test_preview_on_site_renders_the_public_template_for_staff_only(client):
    article = draft()
    url = reverse("admin:articles_article_site_preview", args=[article.pk])

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_member("Editor"))
    response = client.get(url)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Secret draft" in text and 'class="article wrap"' in text and "noindex" in text
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("via", ["shared link", "staff preview"])
def test_preview_load_more_answers_the_fragment_like_the_public_page(client, via):
    concept = make_concept()
    article = draft(concepts=[concept])
    for n in range(8):
        make_article(title=f"Related {n}", concepts=[concept])
    if via == "shared link":
        url = make_preview_link(article).get_absolute_url()
    else:
        client.force_login(make_member("Editor"))
        url = reverse("admin:articles_article_site_preview", args=[article.pk])

    page = client.get(url)
    more = client.get(url + "?related_page=2", headers={"HX-Request": "true"})

    assert 'hx-get="?related_page=2"' in page.text
    assert more.status_code == 200
    assert "<html" not in more.text
    assert more.text.count('class="card__title"') == 2
    assert more["X-Robots-Tag"] == "noindex, nofollow"
    assert "HX-Request" in more["Vary"]


def test_live_preview_renders_markdown_with_counts_and_checks(client):
    client.force_login(make_member("Editor"))
    url = reverse("admin:articles_article_live_preview")

    response = client.post(
        url,
        {"title": "T", "teaser": "t", "body": "## Hello\n\n" + "word " * 460, "concepts": "1"},
        headers={"HX-Request": "true"},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="hello">Hello</h2>' in text
    assert "461</strong> words" in text and "3</strong> min read" in text
    assert "editorial-checklist" in text and "<html" not in text
    assert client.get(url).status_code == 405


def test_live_preview_shows_the_public_page_head_as_chosen_in_the_form(client):
    from articles.knowledge.models import Concept
    from tests.factories import make_author, make_image, make_topic

    client.force_login(make_member("Editor"))
    Concept.objects.create(name="Transformer", slug="transformer")
    author, topic = make_author(name="Ada Writer"), make_topic(name="Foundations")
    image = make_image(alt="A diagram of attention", caption="Attention, drawn.")
    body = "A transformer reads [a gone page](/articles/nowhere/) and more."

    response = client.post(
        reverse("admin:articles_article_live_preview"),
        {
            "title": "Attention, explained",
            "teaser": "Why it matters.",
            "body": body,
            "author": author.pk,
            "topic": topic.pk,
            "hero_source": image.pk,
            "glossary_links": "on",
        },
        headers={"HX-Request": "true"},
    )

    text = response.text
    # The public page's own header and hero (templates/includes/article_head.html).
    assert '<h1 class="article__title" id="article-title">Attention, explained</h1>' in text
    assert f'<p class="eyebrow"><a href="{topic.get_absolute_url()}">Foundations</a></p>' in text
    assert ">Ada Writer</a>" in text and "1 min read" in text
    assert (
        'alt="A diagram of attention"' in text
        and "<figcaption>Attention, drawn.</figcaption>" in text
    )
    assert image.renditions["webp"][0]["name"] in text
    # The body as readers get it: glossary links, and a link to nowhere as plain text.
    assert 'class="term__link" href="/concepts/transformer/"' in text
    assert '<span class="link-gone">a gone page</span>' in text
    # ...while the checklist names the link to fix.
    assert "/articles/nowhere/" in text.split("editorial-checklist", 1)[1]


def test_live_preview_is_refused_to_readers(client):
    from tests.factories import make_user

    client.force_login(make_user())
    response = client.post(reverse("admin:articles_article_live_preview"), {"body": "x"})
    assert response.status_code == 302


def test_autosave_keeps_text_without_a_revision(client):
    editor = make_member("Editor")
    client.force_login(editor)
    article = draft()
    revisions_before = article.history.count()

    response = client.post(
        reverse("admin:articles_article_autosave", args=[article.pk]),
        {"body": "Typed but not saved", "title": "Draft title", "version": "1"},
    )

    assert response.status_code == 200 and "saved_at" in response.json()
    autosave = Autosave.objects.get()
    assert autosave.data == {"body": "Typed but not saved", "title": "Draft title"}
    article.refresh_from_db()
    assert article.body != "Typed but not saved"
    assert article.history.count() == revisions_before
    page = client.get(change_url(article)).content.decode()
    assert "Typed but not saved" in page and "never saved" in page


def test_saving_the_form_clears_the_autosave(client):
    client.force_login(make_member("Editor"))
    article = draft()
    client.post(reverse("admin:articles_article_autosave", args=[article.pk]), {"body": "x"})

    client.post(change_url(article), article_data(article, body="Saved now"))

    assert not Autosave.objects.exists()


def test_autosave_after_session_expiry_redirects_to_login(client):
    article = draft()

    response = client.post(
        reverse("admin:articles_article_autosave", args=[article.pk]), {"body": "x"}
    )

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Autosave.objects.exists()


def test_autosave_refuses_what_the_user_may_not_edit(client):
    client.force_login(make_member("Author"))
    article = draft()

    response = client.post(
        reverse("admin:articles_article_autosave", args=[article.pk]), {"body": "x"}
    )

    assert response.status_code == 404
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    ("fields", "banner"),
    [
        ({"status": Status.DRAFT, "published_at": None}, "Preview of a draft."),
        ({"status": Status.REVIEW, "published_at": None}, "Preview of an article in review."),
        (
            {"status": Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=2)},
            "Preview of a scheduled article.",
        ),
    ],
)
def test_the_preview_banner_names_the_state_in_words(client, fields, banner):
    link = make_preview_link(make_article(title="Stateful", **fields))

    text = client.get(link.get_absolute_url()).content.decode()

    assert f"<strong>{banner}</strong>" in text
    assert "unpublished published" not in text
