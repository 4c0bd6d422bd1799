"""{% link %}: {% url %} for the site's fixed addresses, built once per process.

Every page's header and footer link the same dozen sections; reverse() would walk the URL
patterns for each of them on every page (about half a millisecond an uncached page).
"""

from django import template

from articles.core.links import link as memoised_link

register = template.Library()


@register.simple_tag
def link(viewname, *args):
    """Return the address {% url viewname args %} would, memoised (articles/core/links.py)."""
    return memoised_link(viewname, *args)
