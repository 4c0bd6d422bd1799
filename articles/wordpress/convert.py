"""WordPress post HTML (classic or block editor) to Markdown for our pipeline.

markdownify does the conversion; this module first undoes what WordPress leaves in stored
content (block comments, paragraphs written as blank lines, `[caption]` shortcodes), and
lets the caller choose what each image becomes. The result is Markdown source only: the
article's own save renders and sanitises it like anything an editor types.
"""

import re
from html import escape
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from markdownify import ATX, MarkdownConverter

COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
PRE_RE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
BLOCK_START_RE = re.compile(
    r"^</?(p|h[1-6]|ul|ol|li|pre|blockquote|figure|figcaption|table|thead|tbody|tr|td|th|div|hr"
    r"|dl|dt|dd|section|address|details|summary|iframe|style|script|form|fieldset)\b",
    re.IGNORECASE,
)
CAPTION_RE = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
EMBED_RE = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
# Shortcodes of plugins or media players: their output cannot be rebuilt here.
SHORTCODE_RE = re.compile(
    r"\[/?(gallery|audio|video|playlist|wp_caption|embed)\b[^\]]*\]", re.IGNORECASE
)
IMAGE_ID_RE = re.compile(r"\bwp-image-(\d{1,18})\b")
LANGUAGE_RE = re.compile(r"\blang(?:uage)?-([\w+-]+)\b")
SAFE_SCHEMES = {"", "http", "https", "mailto"}
SPACE_RE = re.compile(r"\s+")


def _autop(html):
    """Wrap the paragraphs that classic-editor content writes as blank lines in <p>, as
    WordPress does when it shows them; `<pre>` blocks are left alone."""
    parts = []
    for segment in PRE_RE.split(html.replace("\r\n", "\n")):
        if PRE_RE.fullmatch(segment):
            parts.append(segment)
            continue
        for chunk in BLANK_LINE_RE.split(segment):
            chunk = chunk.strip()
            if not chunk:
                continue
            if BLOCK_START_RE.match(chunk):
                parts.append(chunk)
            else:
                parts.append(f"<p>{chunk.replace(chr(10), '<br>')}</p>")
    return "\n".join(parts)


def _caption(match):
    inner = match[1]
    soup = BeautifulSoup(inner, "html.parser")
    media = soup.find("a") or soup.find("img")
    if media is None:
        return inner
    media.extract()
    text = soup.get_text(" ", strip=True)
    caption = f"<figcaption>{escape(text)}</figcaption>" if text else ""
    return f"<figure>{media}{caption}</figure>"


def _embed(match):
    url = match[1].strip()
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'


def prepare(html):
    """Return `html` as the editor meant it: no comments, shortcodes undone, paragraphs."""
    html = COMMENT_RE.sub("", html or "")
    html = CAPTION_RE.sub(_caption, html)
    html = EMBED_RE.sub(_embed, html)
    html = SHORTCODE_RE.sub("", html)
    return _autop(html)


def plain_text(html):
    """Return the words of `html`, whitespace collapsed."""
    soup = BeautifulSoup(prepare(html), "html.parser")
    for tag in soup(["script", "style", "pre", "figure", "figcaption", "table"]):
        tag.decompose()
    for tag in soup("br"):
        tag.replace_with(" ")
    paragraphs = soup.find_all("p") or [soup]
    text = " ".join(p.get_text() for p in paragraphs)
    return SPACE_RE.sub(" ", text).strip()


def image_attachment_id(element):
    """Return the attachment id WordPress wrote in an <img>'s class (`wp-image-12`), or None."""
    classes = element.get("class") or []
    found = IMAGE_ID_RE.search(" ".join(classes if isinstance(classes, list) else [classes]))
    return int(found[1]) if found else None


def _code_language(element):
    code = element.find("code")
    for candidate in (code, element):
        if candidate is None:
            continue
        classes = " ".join(candidate.get("class") or [])
        if found := LANGUAGE_RE.search(classes):
            return found[1].lower()
    return ""


class WordPressConverter(MarkdownConverter):
    """markdownify with ATX headings, fenced code, safe links and images chosen by a callback.

    `image(src, alt, attachment_id)` returns (address, alt, as_link): the Markdown address for
    the image (a library reference such as "image:12", or a URL), its alternative text, and
    whether to write a link to it rather than the image; or None to leave only the alt text.
    """

    def __init__(self, *, image, **options):
        self.image = image
        super().__init__(
            heading_style=ATX,
            bullets="-",
            code_language_callback=_code_language,
            keep_inline_images_in=["a", "p", "figure", "td", "th", "li", "span", "strong", "em"],
            strip=["iframe", "object", "embed", "form", "input", "button", "noscript"],
            **options,
        )

    def convert_a(self, el, text, parent_tags):
        href = (el.get("href") or "").strip()
        images = el.find_all("img")
        if images and not el.get_text(strip=True):
            # A linked image (usually to its own file or attachment page): the image alone.
            return text
        scheme = urlsplit(href).scheme.lower() if href else ""
        if scheme not in SAFE_SCHEMES:
            return text
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        src = (el.get("src") or "").strip()
        alt = SPACE_RE.sub(" ", el.get("alt") or "").strip()
        chosen = self.image(src, alt, image_attachment_id(el))
        if chosen is None:
            return alt
        address, alt, as_link = chosen
        alt = alt.replace("[", "(").replace("]", ")")
        address = address.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        image = f"[{alt or 'Image'}]({address})" if as_link else f"![{alt}]({address})"
        return f"\n\n{image}\n\n" if el.parent.name == "figure" else image

    def convert_figcaption(self, el, text, parent_tags):
        text = text.strip()
        return f"\n\n*{text}*\n\n" if text else ""


def to_markdown(html, *, image=lambda src, alt, attachment_id: (src, alt, False)):
    """Return Markdown for WordPress post content `html`; see WordPressConverter for `image`."""
    markdown = WordPressConverter(image=image).convert(prepare(html))
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
