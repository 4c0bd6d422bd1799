"""The one Markdown pipeline: markdown-it-py renders, nh3 sanitises, the result is stored."""

import math
import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin

WORDS_PER_MINUTE = 230
WORD_RE = re.compile(r"[\w’'-]+")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "figcaption", "figure", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "s", "section", "strong", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "id"},
    "img": {"src", "alt", "title", "loading", "decoding"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {
    "a": {"header-anchor", "footnote-backref"},
    "li": {"footnote-item"},
    "ol": {"footnotes-list"},
    "sup": {"footnote-ref"},
    "section": {"footnotes"},
    "hr": {"footnotes-sep"},
    "code": {"language-python", "language-bash", "language-json", "language-text"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Ids the page layout uses; a body heading with the same text gets a suffix instead.
RESERVED_IDS = {"main", "cards", "load-more", "results", "toc-title", "concepts-title"}


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)
    word_count: int = 0
    reading_time: int = 1


def _demote_h1(state):
    """Keep the page's only <h1> the title: a `# Heading` in a body becomes an <h2>."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _decorate_links(state):
    """Mark external links rel="noopener" and lazy-load images."""
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open":
                href = (token.attrGet("href") or "").lower()
                if href.startswith(("http://", "https://", "//")):
                    token.attrSet("rel", "noopener")
            elif token.type == "image":
                token.attrSet("loading", "lazy")
                token.attrSet("decoding", "async")


def _table_scope(state):
    for token in state.tokens:
        if token.type == "th_open":
            token.attrs.pop("style", None)
            token.attrSet("scope", "col")
        elif token.type == "td_open":
            token.attrs.pop("style", None)


def _heading_id(title):
    slug = slugify(title)
    return f"{slug}-section" if slug in RESERVED_IDS else slug


def _build_parser():
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": True})
        .enable(["table", "strikethrough", "replacements", "smartquotes"])
        .use(footnote_plugin)
    )
    md.core.ruler.before("inline", "demote_h1", _demote_h1)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=_heading_id)
    md.core.ruler.push("decorate_links", _decorate_links)
    md.core.ruler.push("table_scope", _table_scope)
    return md


_parser = _build_parser()


def _plain_text(inline_token):
    return "".join(
        child.content
        for child in inline_token.children or ()
        if child.type in ("text", "code_inline")
    )


def sanitize(html):
    """Return `html` with only allow-listed tags, attributes, classes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_markdown(source):
    """Render Markdown to sanitised HTML with a table of contents and reading time."""
    source = source or ""
    env = {}
    tokens = _parser.parse(source, env)
    toc = []
    words = 0
    for index, token in enumerate(tokens):
        if token.type == "inline":
            words += sum(len(WORD_RE.findall(child.content)) for child in token.children or ())
        elif token.type == "fence" or token.type == "code_block":
            words += len(WORD_RE.findall(token.content))
        if token.type == "heading_open" and token.tag in ("h2", "h3") and token.attrGet("id"):
            toc.append(
                {
                    "id": token.attrGet("id"),
                    "title": _plain_text(tokens[index + 1]),
                    "level": int(token.tag[1]),
                }
            )
    html = sanitize(_parser.renderer.render(tokens, _parser.options, env))
    return Rendered(
        html=html,
        toc=toc,
        word_count=words,
        reading_time=max(1, math.ceil(words / WORDS_PER_MINUTE)),
    )
