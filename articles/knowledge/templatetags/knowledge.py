from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def hostname(url):
    """Return the site a source lives on, e.g. “arxiv.org”."""
    host = urlsplit(str(url)).hostname or ""
    return host.removeprefix("www.")
