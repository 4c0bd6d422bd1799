"""Read a WordPress eXtended RSS export (WXR 1.0–1.2) as a stream of small records.

The file is never held whole: each `<item>` is turned into a `Post` when its end tag is read
and then dropped from the tree. defusedxml refuses DTDs and entity declarations, so an
export cannot make the parser fetch files or expand entities without bound.
"""

import re
from dataclasses import dataclass, field

from defusedxml.ElementTree import iterparse

WP_NAMESPACE_RE = re.compile(r"^http://wordpress\.org/export/1\.\d+/$")
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


@dataclass
class Term:
    kind: str  # "category" or "post_tag"
    slug: str
    name: str


@dataclass
class Post:
    """One `<item>`: a post, a page, an attachment or anything else WordPress exports."""

    post_id: int | None
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    date: str = ""
    date_gmt: str = ""
    parent: int | None = None
    attachment_url: str = ""
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)


@dataclass
class Author:
    login: str
    display_name: str = ""
    email: str = ""


@dataclass
class Site:
    """What the channel says about the site, read before its first item."""

    title: str = ""
    link: str = ""
    base_url: str = ""


def short(tag):
    """Return "wp:post_id", "content:encoded", "title"… for a namespaced ElementTree tag."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if WP_NAMESPACE_RE.match(namespace):
        return f"wp:{local}"
    if namespace.startswith("http://wordpress.org/export/") and namespace.endswith("/excerpt/"):
        return f"excerpt:{local}"
    return f"{PREFIXES.get(namespace, namespace)}:{local}"


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def whole(value):
    """Return `value` as a non-negative int, or None unless it is plain ASCII digits."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _children(element):
    return {short(child.tag): child for child in element}


def parse_post(element):
    """Return the `Post` an `<item>` element describes."""
    post = Post(post_id=None, post_type="", status="")
    for child in element:
        name = short(child.tag)
        if name == "title":
            post.title = _text(child)
        elif name == "link":
            post.link = _text(child)
        elif name == "dc:creator":
            post.creator = _text(child)
        elif name == "content:encoded":
            post.content = child.text or ""
        elif name == "excerpt:encoded":
            post.excerpt = child.text or ""
        elif name == "wp:post_id":
            post.post_id = whole(child.text)
        elif name == "wp:post_name":
            post.slug = _text(child)
        elif name == "wp:post_type":
            post.post_type = _text(child)
        elif name == "wp:status":
            post.status = _text(child)
        elif name == "wp:post_date":
            post.date = _text(child)
        elif name == "wp:post_date_gmt":
            post.date_gmt = _text(child)
        elif name == "wp:post_parent":
            post.parent = whole(child.text) or None
        elif name == "wp:attachment_url":
            post.attachment_url = _text(child)
        elif name == "category":
            post.terms.append(
                Term(
                    kind=child.get("domain", "category"),
                    slug=child.get("nicename", ""),
                    name=_text(child),
                )
            )
        elif name == "wp:postmeta":
            parts = _children(child)
            key = _text(parts.get("wp:meta_key"))
            if key:
                post.meta[key] = _text(parts.get("wp:meta_value"))
    return post


def parse_author(element):
    parts = _children(element)
    return Author(
        login=_text(parts.get("wp:author_login")),
        display_name=_text(parts.get("wp:author_display_name")),
        email=_text(parts.get("wp:author_email")),
    )


def parse_term(element):
    """Return the `Term` of a channel-level `<wp:category>` or `<wp:tag>`."""
    parts = _children(element)
    if short(element.tag) == "wp:category":
        return Term("category", _text(parts.get("wp:category_nicename")),
                    _text(parts.get("wp:cat_name")))  # fmt: skip
    return Term("post_tag", _text(parts.get("wp:tag_slug")), _text(parts.get("wp:tag_name")))


def read(source):
    """Yield `Site` once, then `Author`, `Term` and `Post` records in the file's order.

    `source` is a path or a binary file. Raises defusedxml's or ElementTree's ParseError for
    a file that is not well-formed XML (or declares a DTD).
    """
    site = Site()
    site_sent = False
    depth = 0
    channel = None
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
            if depth == 2 and short(element.tag) == "channel":
                channel = element
            continue
        depth -= 1
        if channel is None or depth != 2:
            continue
        # A direct child of <channel> is complete: read it, then let it go.
        name = short(element.tag)
        if name == "title":
            site.title = _text(element)
        elif name == "link":
            site.link = _text(element)
        elif name == "wp:base_site_url":
            site.base_url = _text(element)
        elif name in ("wp:author", "wp:category", "wp:tag", "item") and not site_sent:
            site_sent = True
            yield site
        if name == "wp:author":
            yield parse_author(element)
        elif name in ("wp:category", "wp:tag"):
            yield parse_term(element)
        elif name == "item":
            yield parse_post(element)
        element.clear()
        channel.remove(element)
    if not site_sent:
        yield site
