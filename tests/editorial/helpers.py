"""Admin change-form POST data for articles and comparisons, as the browser sends it."""

from django.urls import reverse

from articles.editorial.models import Status


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


def comparison_form(concepts, dimensions=(), **overrides):
    """Return a comparison form's POST data: a draft of `concepts` along `dimensions`."""
    data = {
        "title": "Builder test",
        "slug": "builder-test",
        "introduction": "Why.",
        "similarities": "",
        "verdict": "The *short* answer.",
        "status": Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "comparison_concepts-TOTAL_FORMS": str(len(concepts)),
        "comparison_concepts-INITIAL_FORMS": "0",
        "comparison_concepts-MIN_NUM_FORMS": "2",
        "comparison_concepts-MAX_NUM_FORMS": "3",
        "comparison_dimensions-TOTAL_FORMS": str(len(dimensions)),
        "comparison_dimensions-INITIAL_FORMS": "0",
        "comparison_dimensions-MIN_NUM_FORMS": "0",
        "comparison_dimensions-MAX_NUM_FORMS": "1000",
    }
    for index, concept in enumerate(concepts):
        data[f"comparison_concepts-{index}-concept"] = str(concept.pk)
        data[f"comparison_concepts-{index}-position"] = str(index)
    for index, dimension in enumerate(dimensions):
        data[f"comparison_dimensions-{index}-dimension"] = str(dimension.pk)
        data[f"comparison_dimensions-{index}-position"] = str(index)
    return data | overrides
