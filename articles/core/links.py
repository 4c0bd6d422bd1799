"""Memoised reverse(): the same view and arguments give the same address all process long.

A page links dozens of articles, authors and concepts; building each address with reverse()
walks the URL patterns every time. The cache keys on the script prefix too, and is emptied
when tests swap the URL configuration.
"""

import functools

from django.core.signals import setting_changed
from django.urls import get_script_prefix, reverse


@functools.lru_cache(maxsize=8192)
def _link(viewname, args, prefix):
    return reverse(viewname, args=args)


def link(viewname, *args):
    """Return reverse(viewname, args=args), computed once per distinct call."""
    return _link(viewname, args, get_script_prefix())


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _link.cache_clear()


setting_changed.connect(_forget, dispatch_uid="articles.core.links")
