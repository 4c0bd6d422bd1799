"""Form data for posting article change forms in the admin, as the browser would."""

from django.urls import reverse


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def article_data(article, **overrides):
    """Return the change form's POST data for `article` as saved, with `overrides`."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "teaser": article.teaser,
        "body": article.body,
        "glossary_links": "on",
        "author": article.author_id,
        "topic": article.topic_id,
        "concepts": [c.pk for c in article.concepts.all()],
        "hero_alt": article.hero_alt,
        "hero_caption": article.hero_caption,
        "revised_at_0": "",
        "revised_at_1": "",
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "opened_version": article.version,
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
    }
    return {key: value for key, value in (data | overrides).items() if value is not None}
