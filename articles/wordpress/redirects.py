"""Old addresses of imported articles (`/2025/03/11/slug/`, `/?p=123`) redirect to them."""

from django.http import HttpResponsePermanentRedirect

from articles.core.numbers import whole_number
from articles.models import Article, LegacyPath

# The query parameters WordPress answers with a post by its id.
ID_PARAMETERS = ("p", "page_id")


def candidates(request):
    """Return the LegacyPath paths that may stand for this request's address."""
    path = request.path_info
    if path == "/":
        found = []
        for name in ID_PARAMETERS:
            number = whole_number(request.GET.get(name, ""))
            if number is not None:
                found.append(f"/?p={number}")
        return found
    # With or without the final slash, as WordPress answers both.
    return [path, path.rstrip("/") if path.endswith("/") else f"{path}/"]


def find(paths):
    """Return the published article one of `paths` led to, in one indexed query, or None."""
    if not paths:
        return None
    return (
        Article.objects.published()
        .filter(pk__in=LegacyPath.objects.filter(path__in=paths).values("article_id"))
        .only("slug")
        .first()
    )


class LegacyPathMiddleware:
    """Redirect (301) a GET or HEAD of an imported article's old address to the article.

    Only where the site has no page of its own: after a 404 for an address none of our URL
    patterns matches, or for the home page asked for a WordPress post id (`/?p=123`). Redirects are never kept by the reader cache (it keeps
    200s only), and a LegacyPath change starts a new generation of cached pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path_info == "/" and any(name in request.GET for name in ID_PARAMETERS):
            article = find(candidates(request))
            if article is not None:
                return HttpResponsePermanentRedirect(article.get_absolute_url())
        response = self.get_response(request)
        # Only addresses no pattern of ours matches: a missing article, topic… is our own 404.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            article = find(candidates(request))
            if article is not None:
                return HttpResponsePermanentRedirect(article.get_absolute_url())
        return response
