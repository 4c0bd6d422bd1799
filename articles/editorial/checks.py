"""Content checks run before publishing: errors block publishing, warnings do not."""

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from articles.models import Article, Concept

ERROR, WARNING, OK = "error", "warning", "ok"
TITLE_LIMIT = 70
DESCRIPTION_LIMIT = 160
PARAGRAPH_WORDS = 200

IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_RE = re.compile(r'\salt="([^"]*)"', re.IGNORECASE)
HREF_RE = re.compile(r'<a\b[^>]*\shref="([^"]*)"', re.IGNORECASE)
PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")
ARTICLE_PATH_RE = re.compile(r"^/articles/([-\w]+)/?$")
CONCEPT_PATH_RE = re.compile(r"^/concepts/([-\w]+)/?$")


@dataclass(frozen=True)
class Check:
    level: str
    label: str
    message: str

    @property
    def blocks(self):
        return self.level == ERROR


def internal_links(body_html):
    """Return the article and concept slugs the body links to on this site."""
    articles, concepts = set(), set()
    for href in HREF_RE.findall(body_html):
        parts = urlsplit(html.unescape(href))
        if parts.scheme or parts.netloc:
            continue
        if match := ARTICLE_PATH_RE.match(parts.path):
            articles.add(match[1])
        elif match := CONCEPT_PATH_RE.match(parts.path):
            concepts.add(match[1])
    return articles, concepts


def article_checks(article, *, concept_count):
    """Return the checklist for `article` (saved or not), its body already rendered."""
    checks = []
    title = article.title.strip()
    if not title:
        checks.append(Check(ERROR, "Title", "Write a title."))
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
        else Check(ERROR, "Teaser", "Write a one-line teaser.")
    )
    checks.append(
        Check(OK, "Body", "Body is present.")
        if article.body.strip()
        else Check(ERROR, "Body", "The body is empty.")
    )

    missing_alt = 0
    if article.hero_image and not article.hero_alt.strip():
        missing_alt += 1
    for tag in IMG_RE.findall(article.body_html):
        alt = ALT_RE.search(tag)
        if not alt or not alt[1].strip():
            missing_alt += 1
    checks.append(
        Check(
            ERROR,
            "Alt text",
            f"{missing_alt} image{'s' if missing_alt != 1 else ''} without alternative text: "
            "describe each image for people who cannot see it.",
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

    article_slugs, concept_slugs = internal_links(article.body_html)
    broken = []
    if article_slugs:
        live = set(
            Article.objects.published()
            .filter(slug__in=article_slugs)
            .values_list("slug", flat=True)
        )
        broken += [f"/articles/{slug}/" for slug in sorted(article_slugs - live - {article.slug})]
    if concept_slugs:
        known = set(Concept.objects.filter(slug__in=concept_slugs).values_list("slug", flat=True))
        broken += [f"/concepts/{slug}/" for slug in sorted(concept_slugs - known)]
    checks.append(
        Check(
            ERROR,
            "Internal links",
            "Links to pages readers cannot open (unknown or unpublished): " + ", ".join(broken),
        )
        if broken
        else Check(OK, "Internal links", "Every link to this site leads to a published page.")
    )

    long_paragraphs = 0
    for paragraph in PARAGRAPH_RE.findall(article.body_html):
        if len(TAG_RE.sub(" ", paragraph).split()) > PARAGRAPH_WORDS:
            long_paragraphs += 1
    checks.append(
        Check(
            WARNING,
            "Paragraphs",
            f"{long_paragraphs} paragraph{'s' if long_paragraphs != 1 else ''} over "
            f"{PARAGRAPH_WORDS} words: split them for reading on a phone.",
        )
        if long_paragraphs
        else Check(OK, "Paragraphs", f"No paragraph is over {PARAGRAPH_WORDS} words.")
    )
    return checks


def comparison_checks(comparison, *, concept_count):
    checks = [
        Check(OK, "Title", "Title is present.")
        if comparison.title.strip()
        else Check(ERROR, "Title", "Write a title."),
        Check(OK, "Verdict", "The short answer is written.")
        if comparison.verdict.strip()
        else Check(ERROR, "Verdict", "Write the short answer readers see first."),
        Check(OK, "Introduction", "Introduction is written.")
        if comparison.introduction.strip()
        else Check(ERROR, "Introduction", "Write the introduction."),
        Check(OK, "Concepts", f"{concept_count} concepts side by side.")
        if 2 <= concept_count <= 3
        else Check(ERROR, "Concepts", "A comparison needs two or three concepts."),
    ]
    if not comparison.similarities.strip():
        checks.append(
            Check(WARNING, "Similarities", "No similarities: readers like to know the overlap.")
        )
    return checks


def blocking(checks):
    return [check for check in checks if check.blocks]
