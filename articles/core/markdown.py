"""The one Markdown pipeline: markdown-it-py renders, nh3 sanitises, the result is stored."""

import math
import re
from dataclasses import dataclass, field
from html import escape, unescape

import nh3
from django.db.models import Q
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin

WORDS_PER_MINUTE = 230
WORD_RE = re.compile(r"[\w’'-]+")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "div", "em", "figcaption", "figure", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "li", "ol", "p", "picture", "pre", "s", "section", "source",
    "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel", "id"},
    "div": {"data-embed", "data-args"},
    "img": {"src", "alt", "title", "loading", "decoding", "srcset", "sizes", "width", "height"},
    "source": {"type", "srcset", "sizes"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {
    "a": {"header-anchor", "footnote-backref"},
    "div": {"embed"},
    "li": {"footnote-item"},
    "ol": {"footnotes-list"},
    "sup": {"footnote-ref"},
    "section": {"footnotes"},
    "hr": {"footnotes-sep"},
    "code": {"language-python", "language-bash", "language-json", "language-text"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# `![](image:42)`: an image of the media library, resolved when the Markdown is rendered.
LIBRARY_IMAGE_RE = re.compile(r"^image:(\d{1,18})$")
LIBRARY_REFERENCE_RE = re.compile(r"\]\(\s*image:(\d{1,18})")
# `{{< compare a b >}}`, alone on its line: live knowledge-base content, stored as a placeholder
# <div class="embed"> and filled with current data when the page is shown (articles/embeds.py).
EMBED_KINDS = ("compare", "fact", "usecases")
EMBED_LINE_RE = re.compile(
    r"^\{\{<\s*(" + "|".join(EMBED_KINDS) + r")(?![-\w])(.{0,500}?)\s*>\}\}\s*$"
)
EMBED_RE = re.compile(
    r'<div class="embed" data-embed="(' + "|".join(EMBED_KINDS) + r')" data-args="([^"]*)"></div>'
)
IMAGE_SIZES = "(min-width: 75rem) 44rem, calc(100vw - 2rem)"
_image_source = None
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


def register_image_source(resolve):
    """Set how `image:<id>` references become images: `resolve(id) -> dict | None` with
    src, jpeg_srcset, webp_srcset, width, height and alt (the media library registers it)."""
    global _image_source
    _image_source = resolve


def shows_library_image(field, image_id):
    """A Q for rows whose Markdown `field` refers to library image `image_id`, in any form
    the renderer accepts (`](image:42)`, `]( image:042 "title")`…), as LIBRARY_REFERENCE_RE
    reads them. Only texts that name a library image at all are matched against it."""
    pattern = rf"\]\(\s*image:0*{int(image_id)}([^0-9]|$)"
    return Q(**{f"{field}__contains": "image:"}) & Q(**{f"{field}__regex": pattern})


def library_references(source):
    """Return the ids of library images `source` (Markdown) refers to."""
    return {int(found) for found in LIBRARY_REFERENCE_RE.findall(source or "")}


def _render_image(self, tokens, idx, options, env):
    token = tokens[idx]
    match = LIBRARY_IMAGE_RE.match(token.attrGet("src") or "")
    image = _image_source(int(match[1])) if match and _image_source else None
    if image is None:
        # An unknown reference keeps its alt text; the sanitiser drops the `image:` address
        # and the content checks name it.
        return self.image(tokens, idx, options, env)
    alt = self.renderInlineAsText(token.children or [], options, env) or image["alt"]
    webp = (
        f'<source type="image/webp" srcset="{escape(image["webp_srcset"])}" sizes="{IMAGE_SIZES}">'
        if image.get("webp_srcset")
        else ""
    )
    srcset = (
        f' srcset="{escape(image["jpeg_srcset"])}" sizes="{IMAGE_SIZES}"'
        if image.get("jpeg_srcset")
        else ""
    )
    return (
        f'<picture>{webp}<img src="{escape(image["src"])}"{srcset} alt="{escape(alt)}" '
        f'width="{int(image["width"])}" height="{int(image["height"])}" loading="lazy" '
        'decoding="async"></picture>'
    )


def _embed_block(state, start_line, end_line, silent):
    """Block rule: a shortcode alone on its line becomes an `embed` token (never inside code)."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start_line] + state.tShift[start_line] : state.eMarks[start_line]]
    match = EMBED_LINE_RE.match(line)
    if match is None:
        return False
    if not silent:
        token = state.push("embed", "div", 0)
        token.meta = {"kind": match[1], "args": " ".join(match[2].split())}
        token.map = [start_line, start_line + 1]
        state.line = start_line + 1
    return True


def _render_embed(self, tokens, idx, options, env):
    meta = tokens[idx].meta
    return (
        f'<div class="embed" data-embed="{meta["kind"]}" '
        f'data-args="{escape(meta["args"])}"></div>\n'
    )


def embeds_in(html):
    """Return (kind, args) of each embed placeholder in stored `html`, in order; args are
    the shortcode's words, unescaped (anything may be in them: treat them as text)."""
    return [(kind, unescape(args).split()) for kind, args in EMBED_RE.findall(html or "")]


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
    md.add_render_rule("image", _render_image)
    md.block.ruler.before(
        "paragraph",
        "embed",
        _embed_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("embed", _render_embed)
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
