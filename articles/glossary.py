"""Per-request touches to an article's stored HTML: glossary links, links to pages taken
down, and top-level section breaks.

The Markdown is rendered once, when the article is validated. Linking concepts and unlinking
pages gone is done here instead, over the stored HTML, so that renaming, adding or deleting a
concept, or taking an article down, shows on every article at once; the result is cached per
article and per generation of the site's content (articles/core/delivery.py).
"""

import html
import re
from urllib.parse import urlsplit

from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html

from articles.checks import ARTICLE_PATH_RE, CONCEPT_PATH_RE, unreachable
from articles.core import delivery
from articles.embeds import render_embeds
from articles.knowledge.models import Concept

CACHE_SECONDS = 60 * 60 * 24
# A tag, allowing ">" inside quoted attribute values.
TAG_RE = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
HREF_RE = re.compile(r'\shref="([^"]*)"')
# Text inside these is never linked: it is already a link, a heading, or code.
SKIP_TAGS = {
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "sup", "button", "cite", "q",
}  # fmt: skip
# Text in quotation marks, typographic (as the Markdown pipeline writes them) or straight.
QUOTED = r"(?P<quoted>“[^”<]{1,300}”|&quot;[^<]{1,300}?&quot;|\"[^\"<]{1,300}\")"
# Containers a promo must never be placed inside.
BLOCK_CONTAINERS = {
    "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "section",
    "figure", "div", "aside", "details",
}  # fmt: skip


def glossary_terms(version):
    """Return every concept name and alias, escaped as in HTML, mapped to the concept's slug;
    kept per `version` of the site's content (None: not kept, the cache is unreachable)."""
    key = f"glossary-terms:{version}"
    terms = cache.get(key) if version else None
    if terms is None:
        insensitive, sensitive, names = {}, {}, {}
        for slug, name, aliases in Concept.objects.values_list("slug", "name", "aliases"):
            names[slug] = name
            for term in [name, *aliases.split(",")]:
                term = term.strip()
                if len(term) < 2:
                    continue
                # Acronyms (GAN, RAG, ML) match only in capitals, so "rag" or "ml" never link.
                if term.isupper():
                    sensitive.setdefault(html.escape(term, quote=False), slug)
                else:
                    insensitive.setdefault(html.escape(term, quote=False).lower(), slug)
        terms = {"insensitive": insensitive, "sensitive": sensitive, "names": names}
        if version:
            cache.set(key, terms, CACHE_SECONDS)
    return terms


def _pattern(terms):
    alternatives = sorted(
        [re.escape(t) for t in terms["sensitive"]]
        + [f"(?i:{re.escape(t)})" for t in terms["insensitive"]],
        key=len,
        reverse=True,
    )
    if not alternatives:
        return None
    # Quoted text (a paper's title, someone's words) is matched first and left as it is.
    return re.compile(QUOTED + r"|(?<![\w&#-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def concept_link(slug, text):
    """Return a glossary link: the hub link, plus a card that loads on hover or focus."""
    return format_html(
        '<span class="term"><a class="term__link" href="{}" hx-get="{}" '
        'hx-trigger="mouseenter once, focus once" hx-target="next .term__card" '
        'aria-describedby="term-{}">{}</a>'
        '<span class="term__card" id="term-{}" role="tooltip"></span></span>',
        reverse("knowledge:concept-detail", args=[slug]),
        reverse("knowledge:glossary-card", args=[slug]),
        slug,
        text,
        slug,
    )


def link_concepts(body_html, terms):
    """Link the first mention of each concept in `body_html`; return it and the slugs linked.

    A mention counts if it is a whole word outside links, headings and code. An author's own
    link to a concept hub counts as its first mention and is left as written.
    """
    pattern = _pattern(terms)
    if pattern is None:
        return body_html, []
    hub_prefix = reverse("knowledge:concept-list")
    linked = {}
    skip_depth = 0
    out = []
    position = 0

    def replace(match):
        text = match.group(0)
        if match.group("quoted"):
            return text
        slug = terms["sensitive"].get(text) or terms["insensitive"].get(text.lower())
        if slug is None or slug in linked:
            return text
        linked[slug] = True
        # The text is already escaped HTML from the stored body.
        return concept_link(slug, _Escaped(text))

    for tag in TAG_RE.finditer(body_html):
        text = body_html[position : tag.start()]
        out.append(pattern.sub(replace, text) if text and not skip_depth else text)
        closing, name = tag.group(1), tag.group(2).lower()
        if name == "a" and not closing:
            href = HREF_RE.search(tag.group(3))
            if href and href.group(1).startswith(hub_prefix):
                linked[href.group(1)[len(hub_prefix) :].strip("/")] = True
        if name in SKIP_TAGS:
            skip_depth = max(0, skip_depth - 1) if closing else skip_depth + 1
        out.append(tag.group(0))
        position = tag.end()
    tail = body_html[position:]
    out.append(pattern.sub(replace, tail) if tail and not skip_depth else tail)
    return "".join(out), [slug for slug in linked if slug in terms["names"]]


class _Escaped(str):
    """Text that is already HTML-escaped, so format_html must not escape it again."""

    def __html__(self):
        return self


def split_sections(body_html):
    """Split `body_html` before each top-level <h2>: promos may sit between the parts."""
    depth = 0
    cuts = []
    for tag in TAG_RE.finditer(body_html):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in BLOCK_CONTAINERS:
            depth = max(0, depth - 1) if closing else depth + 1
        elif name == "h2" and not closing and depth == 0 and tag.start() > 0:
            cuts.append(tag.start())
    bounds = [0, *cuts, len(body_html)]
    return [body_html[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


def article_body(article):
    """Return the body's sections (glossary-linked if enabled, embeds filled with current
    facts), the concepts it mentions and the ids of the concepts its embeds show.

    Links to pages readers cannot open (an article taken down, a concept deleted) become
    plain text: taking a page down never leaves a broken link in another. The result is kept
    per article and per generation of the site's content, so any change shows at once.
    `mentions` are unsaved Concept instances (name and slug): enough for links, no query.
    """
    token = delivery.token()  # None: readers still get the page, worked out afresh
    key = None
    if token and article.pk and article.updated_at:  # not kept: an unsaved draft (preview)
        # Per release too: the embeds in it come from this release's templates.
        stamp = article.updated_at.timestamp()
        key = f"article-body:v3:{delivery.release()}:{article.pk}:{stamp}:{token}"
    body = cache.get(key) if key else None
    if body is None:
        html = unlink_unreachable(article.body_html, article.slug)
        mentions = []
        if article.glossary_links:
            terms = glossary_terms(token)
            html, slugs = link_concepts(html, terms)
            mentions = [(slug, terms["names"][slug]) for slug in slugs]
        # Filled after linking: a table's cells are not mentions to link.
        html, embedded = render_embeds(html)
        body = {"sections": split_sections(html), "mentions": mentions, "embedded": embedded}
        if key:
            cache.set(key, body, CACHE_SECONDS)
    return {
        "sections": body["sections"],
        "mentions": [Concept(slug=slug, name=name) for slug, name in body["mentions"]],
        "embedded": body["embedded"],
    }


def unlink_unreachable(body_html, own_slug=""):
    """Return `body_html` with its links to unknown or unpublished pages as plain text."""
    gone = unreachable(body_html, own_slug)
    if not gone:
        return body_html
    out, position, inside = [], 0, False
    for tag in TAG_RE.finditer(body_html):
        closing, name = tag.group(1), tag.group(2).lower()
        if name != "a":
            continue
        out.append(body_html[position : tag.start()])
        position = tag.end()
        if closing:
            out.append("</span>" if inside else tag.group(0))
            inside = False
            continue
        href = HREF_RE.search(tag.group(3))
        parts = urlsplit(html.unescape(href.group(1))) if href else None
        target = None
        if parts and not (parts.scheme or parts.netloc):
            for kind, pattern in (("articles", ARTICLE_PATH_RE), ("concepts", CONCEPT_PATH_RE)):
                if match := pattern.match(parts.path):
                    target = (kind, match[1])
        inside = target in gone
        out.append('<span class="link-gone">' if inside else tag.group(0))
    out.append(body_html[position:])
    return "".join(out)
