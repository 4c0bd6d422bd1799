"""The articles' content checklist: errors block publishing, warnings do not."""

import re

from articles.core.markdown import embeds_in, library_references
from articles.editorial.checks import (
    DESCRIPTION_LIMIT,
    ERROR,
    OK,
    PARAGRAPH_WORDS,
    TITLE_LIMIT,
    WARNING,
    Check,
    images_missing_alt,
    local_paths,
    long_paragraphs,
    plural,
)
from articles.embeds import embed_problems
from articles.knowledge.models import Concept
from articles.media.models import Image
from articles.models import Article, OldSlug

ARTICLE_PATH_RE = re.compile(r"^/articles/([-\w]+)/?$")
CONCEPT_PATH_RE = re.compile(r"^/concepts/([-\w]+)/?$")


def internal_links(body_html):
    """Return the article and concept slugs the body links to on this site."""
    articles, concepts = set(), set()
    for path in local_paths(body_html):
        if match := ARTICLE_PATH_RE.match(path):
            articles.add(match[1])
        elif match := CONCEPT_PATH_RE.match(path):
            concepts.add(match[1])
    return articles, concepts


def unreachable(body_html, own_slug=""):
    """Return the ("articles" or "concepts", slug) pairs `body_html` links to that readers
    cannot open: unknown or unpublished. An article's link to itself always counts as good."""
    article_slugs, concept_slugs = internal_links(body_html)
    article_slugs.discard(own_slug)
    gone = set()
    if article_slugs:
        live = set(
            Article.objects.published()
            .filter(slug__in=article_slugs)
            .values_list("slug", flat=True)
        )
        # An old address redirects to its live article: readers get there.
        live |= set(
            OldSlug.objects.filter(
                slug__in=article_slugs - live, article__in=Article.objects.published()
            ).values_list("slug", flat=True)
        )
        gone |= {("articles", slug) for slug in article_slugs - live}
    if concept_slugs:
        known = set(Concept.objects.filter(slug__in=concept_slugs).values_list("slug", flat=True))
        gone |= {("concepts", slug) for slug in concept_slugs - known}
    return gone


def article_checks(article, *, concept_count):
    """Return the checklist for `article` (saved or not), its body already rendered."""
    checks = []
    title = article.title.strip()
    if not title:
        checks.append(Check(ERROR, "Title", "Write a title.", "title"))
    elif len(title) > TITLE_LIMIT and not article.seo_title:
        checks.append(
            Check(
                WARNING,
                "Title",
                f"The title has {len(title)} characters; search results cut it after about "
                f"{TITLE_LIMIT}. Shorten it or set a search-engine title.",
            )
        )
    else:
        checks.append(Check(OK, "Title", "Title is present and fits search results."))

    checks.append(
        Check(OK, "Teaser", "Teaser is present.")
        if article.teaser.strip()
        else Check(ERROR, "Teaser", "Write a one-line teaser.", "teaser")
    )
    checks.append(
        Check(OK, "Body", "Body is present.")
        if article.body.strip()
        else Check(ERROR, "Body", "The body is empty.", "body")
    )

    missing_alt = images_missing_alt(article.body_html)
    if article.hero_image and not article.hero_alt.strip():
        missing_alt += 1
    checks.append(
        Check(
            ERROR,
            "Alt text",
            f"{missing_alt} image{'s' if missing_alt != 1 else ''} without alternative text: "
            "describe each image for people who cannot see it.",
            "hero_alt" if article.hero_image and not article.hero_alt.strip() else "body",
        )
        if missing_alt
        else Check(OK, "Alt text", "Every image has alternative text.")
    )

    description = article.seo_description.strip()
    if len(description) > DESCRIPTION_LIMIT:
        checks.append(
            Check(
                ERROR,
                "Meta description",
                f"The meta description has {len(description)} characters; keep it to "
                f"{DESCRIPTION_LIMIT}.",
                "seo_description",
            )
        )
    elif not description:
        checks.append(
            Check(
                WARNING,
                "Meta description",
                "No meta description: search engines will show the teaser instead.",
            )
        )
    else:
        checks.append(Check(OK, "Meta description", "Meta description is set."))

    checks.append(
        Check(
            OK, "Concepts", f"{concept_count} concept{'s' if concept_count != 1 else ''} attached."
        )
        if concept_count
        else Check(
            WARNING,
            "Concepts",
            "No concepts attached: the article will not appear on concept hubs or in related lists.",
        )
    )

    broken = [f"/{kind}/{slug}/" for kind, slug in sorted(unreachable(article.body_html, article.slug))]
    checks.append(
        Check(
            ERROR,
            "Internal links",
            "Links to pages readers cannot open (unknown or unpublished): " + ", ".join(broken),
            "body",
        )
        if broken
        else Check(OK, "Internal links", "Every link to this site leads to a published page.")
    )

    referenced = library_references(article.body)
    if referenced:
        known = set(Image.objects.filter(pk__in=referenced).values_list("pk", flat=True))
        missing = sorted(referenced - known)
        checks.append(
            Check(
                ERROR,
                "Library images",
                "No image in the library has the number "
                + ", ".join(f"image:{pk}" for pk in missing)
                + ": insert it again from the picker.",
                "body",
            )
            if missing
            else Check(OK, "Library images", "Every library image exists.")
        )

    if embeds_in(article.body_html):
        failing = embed_problems(article.body_html)
        checks.append(
            Check(
                ERROR,
                "Embeds",
                "Embeds that cannot show: " + " · ".join(failing) + ".",
                "body",
            )
            if failing
            else Check(OK, "Embeds", "Every embed shows current facts or use-cases.")
        )

    too_long = long_paragraphs(article.body_html)
    checks.append(
        Check(
            WARNING,
            "Paragraphs",
            f"{plural(too_long, 'paragraph')} over "
            f"{PARAGRAPH_WORDS} words: split them for reading on a phone.",
        )
        if too_long
        else Check(OK, "Paragraphs", f"No paragraph is over {PARAGRAPH_WORDS} words.")
    )
    return checks
