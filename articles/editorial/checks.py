"""The content checklist: errors block publishing, warnings do not.

The checks themselves belong to each app (`articles/checks.py`, `comparisons/checks.py`);
this module holds what they share.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

ERROR, WARNING, OK = "error", "warning", "ok"
TITLE_LIMIT = 70
DESCRIPTION_LIMIT = 160
PARAGRAPH_WORDS = 200

IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_RE = re.compile(r'\salt="([^"]*)"', re.IGNORECASE)
HREF_RE = re.compile(r'<a\b[^>]*\shref="([^"]*)"', re.IGNORECASE)
PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Check:
    level: str
    label: str
    message: str
    # The form field the check is about, where the admin shows it ("" for the whole item).
    field: str = ""

    @property
    def blocks(self):
        return self.level == ERROR


def images_missing_alt(body_html):
    """Return how many <img> elements in `body_html` have no alternative text."""
    missing = 0
    for tag in IMG_RE.findall(body_html):
        alt = ALT_RE.search(tag)
        if not alt or not alt[1].strip():
            missing += 1
    return missing


def local_paths(body_html):
    """Return the paths of links in `body_html` that stay on this site."""
    paths = []
    for href in HREF_RE.findall(body_html):
        parts = urlsplit(html.unescape(href))
        if not (parts.scheme or parts.netloc):
            paths.append(parts.path)
    return paths


def long_paragraphs(body_html, words=PARAGRAPH_WORDS):
    """Return how many paragraphs of `body_html` run over `words` words."""
    return sum(
        1
        for paragraph in PARAGRAPH_RE.findall(body_html)
        if len(TAG_RE.sub(" ", paragraph).split()) > words
    )


def plural(count, noun):
    return f"{count} {noun}{'s' if count != 1 else ''}"


def blocking(checks):
    return [check for check in checks if check.blocks]


def live_problems(obj, checks):
    """Return the blocking checks of `obj` if it is live or scheduled, else [].

    What blocks publishing also blocks saving an item readers see (or will at its time):
    drafts save freely, with the same checks shown as warnings.
    """
    if not obj.is_live_or_scheduled():
        return []
    return blocking(checks)


def live_message(obj, check):
    state = "scheduled" if obj.is_scheduled() else "live"
    return (
        f"{check.label}: {check.message} This {obj._meta.verbose_name} is {state}, so it "
        "cannot be saved like this: fix it, or unpublish it first."
    )
