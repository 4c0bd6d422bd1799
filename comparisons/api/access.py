"""What every API address shares: optional keys, CORS for reads, HEAD, JSON errors, caching.

Public by default: anonymous responses go through the reader cache and carry its validators,
`Cache-Control` and surrogate keys like any reader page (articles/core/delivery.py). With
COMPENDIUM_API_KEYS set, every request needs a key, and responses are `private`: no shared
cache or CDN may keep them, and no browser of another origin may read them.
"""

import functools
import hashlib
import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

READ_METHODS = ("GET", "HEAD")
ALLOWED = "GET, HEAD, OPTIONS"
# Request headers a browser may send across origins besides the safelisted ones.
CORS_REQUEST_HEADERS = "Authorization, X-API-Key, If-None-Match, If-Modified-Since"
# How long a browser may remember a preflight answer, in seconds.
PREFLIGHT_SECONDS = 86400


def error(status, detail, **extra):
    """Every API error has this shape: {"detail": "…", …}."""
    return JsonResponse({"detail": detail, **extra}, status=status)


def keys_required():
    return bool(settings.COMPENDIUM_API_KEYS)


def presented_key(request):
    authorization = request.headers.get("Authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("X-API-Key", "").strip()


def has_valid_key(request):
    """Return True if the request carries one of the configured keys, compared in constant time."""
    given = presented_key(request)
    # Digests of equal length, and every key compared: the time taken tells nothing.
    digest = hashlib.sha256(given.encode()).digest()
    matches = [
        hmac.compare_digest(digest, hashlib.sha256(key.encode()).digest())
        for key in settings.COMPENDIUM_API_KEYS
    ]
    return bool(given) and any(matches)


def preflight():
    response = HttpResponse(status=204)
    del response["Content-Type"]
    response["Allow"] = ALLOWED
    response["Access-Control-Allow-Methods"] = "GET, HEAD"
    response["Access-Control-Allow-Headers"] = CORS_REQUEST_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
    if not keys_required():
        response["Access-Control-Allow-Origin"] = "*"
    return response


def endpoint(view, *, keyed=True):
    """Wrap an API view: preflight, method check, keys, HEAD answered as GET, headers.

    `keyed=False` for the schema and documentation, which stay readable without a key.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight()
        if request.method not in READ_METHODS:
            response = error(405, "The Content API is read-only: use GET or HEAD.")
            response["Allow"] = ALLOWED
            return response
        private = keyed and keys_required()
        if private and not has_valid_key(request):
            response = error(
                401,
                "An API key is required: send `Authorization: Bearer <key>` or `X-API-Key`.",
            )
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        else:
            method, request.method = request.method, "GET"  # Routes know GET; HEAD drops the body.
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.method = method
        return private_response(request, response) if private else public_response(response)

    wrapper.csrf_exempt = True
    return wrapper


def public_response(response):
    """Readable from any origin; the reader cache adds validators and Cache-Control."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def private_response(request, response):
    """Kept by no shared cache; the client's own cache revalidates by ETag."""
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Authorization", "X-API-Key"))
    if response.status_code != 200:
        return response
    response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    return get_conditional_response(request, etag=response["ETag"], response=response)
