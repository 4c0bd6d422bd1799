from django.urls import URLPattern, path, re_path

from comparisons.api.access import endpoint, error
from comparisons.api.views import api, api_docs

app_name = "api"  # The NinjaAPI's `urls_namespace`, so that it can reverse its own root.


def unknown(request, rest=""):
    return error(404, "There is no such address in the Content API; see /api/v1/docs/.")


def wrapped(pattern):
    """Every API address answers through `endpoint`; the schema stays readable without a key."""
    keyed = pattern.name != "openapi-json"
    callback = endpoint(pattern.callback, keyed=keyed)
    return URLPattern(pattern.pattern, callback, pattern.default_args, pattern.name)


urlpatterns = [
    path("docs/", api_docs, name="docs"),
    *(wrapped(pattern) for pattern in api.urls[0]),
    re_path(r"^(?P<rest>.*)$", endpoint(unknown, keyed=False), name="unknown"),
]
