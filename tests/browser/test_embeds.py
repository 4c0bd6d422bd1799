"""Embeds in a real browser: typed into the article form, shown in the live preview."""

import pytest
from django.urls import reverse

from articles.editorial.models import Status
from tests.browser.test_editorial import log_in, type_at_end
from tests.factories import make_article, make_concept, make_dimension, make_fact, make_member


@pytest.fixture
def editor(transactional_db):
    return make_member("Editor", first_name="Ana")


def test_typed_compare_embed_shows_the_table_in_the_live_preview(page, live_server, editor):
    gan = make_concept(name="GAN", slug="gan")
    vae = make_concept(name="VAE", slug="vae")
    purpose = make_dimension(name="Purpose", slug="purpose")
    make_fact(
        concept=gan, dimension=purpose, value="Generate images", text="A forger and a critic."
    )
    make_fact(
        concept=vae, dimension=purpose, value="Generate images", text="Compress, then rebuild."
    )
    article = make_article(
        title="Browser draft",
        body="## Start\n\nFirst words.",
        status=Status.DRAFT,
        published_at=None,
    )
    log_in(page, live_server, editor)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    preview = page.locator("#live-preview")
    preview.locator("h2#start").wait_for()

    type_at_end(page, "\n\n{{< compare gan vae >}}\n")
    page.wait_for_load_state("networkidle")

    table = preview.locator(".embed--compare table.compare-table")
    table.wait_for()
    text = table.text_content()
    assert "A forger and a critic." in text and "Compress, then rebuild." in text
    assert "Same" in text
    assert preview.locator('.embed--compare a[href="/compare/gan-vs-vae/"]').count() == 1
