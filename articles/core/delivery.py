"""Reader delivery: cache headers, validators, the reader cache, surrogate keys, CDN purges.

Anonymous GET and HEAD requests of public pages are answered from the reader cache (the
"delivery" cache: files shared by every worker when embedded, Redis when scaled out). Pages
are keyed on the site's *generation*, a token replaced after every committed content change,
so a change retires every cached page at once and nothing stale is ever served. A cached page
also expires at the next scheduled change (an article or comparison going live, a promo
starting or ending), so scheduled content appears on time with no job running.

CDNs and reverse proxies get the same freshness precisely: every response names what it shows
in `Surrogate-Key` (space-separated) and `Cache-Tag` (comma-separated), and a change sends a
purge for exactly its keys to COMPENDIUM_PURGE_URL, after the transaction commits, in the
background, with retries.

Requests carrying a session cookie (editors) bypass the cache and get `private, no-store`.
"""

import functools
import hashlib
import inspect
import logging
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import signals
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from articles.core import extensions

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
# The request headers a page may vary on besides its URL: the HTMX fragments.
VARY_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")
# Response headers not kept with a cached page: the server and the outer middleware add them.
UNSTORED_HEADERS = {"set-cookie", "date", "server", "content-length", "x-reader-cache"}
# Every cached response carries this key too: purging it empties the CDN.
ALL = "all"
GENERATION_KEY = "delivery:generation"
PURGE_ATTEMPTS = 4
PURGE_TIMEOUT = 5
STALE_WHILE_REVALIDATE = 30


def _cache():
    return caches["delivery"]


# Generations ------------------------------------------------------------------------------


def generation():
    """Return (token, changed_at, next_change) of the current generation of cached pages.

    `next_change` is the Unix time of the next change readers will see by the clock alone
    (a scheduled item going live, a promo starting or ending), or None. Once it has passed,
    a new generation starts, so pages from before it are never served after it.
    """
    current = _cache().get(GENERATION_KEY)
    if current is None or (current[2] is not None and current[2] <= time.time()):
        current = _new_generation()
    return current


def _new_generation():
    current = (uuid.uuid4().hex, time.time(), next_change())
    _cache().set(GENERATION_KEY, current, timeout=None)
    return current


def next_change():
    """Return the Unix time of the next scheduled change readers will see, or None.

    One query: each function registered at the ``next-change`` extension point returns a
    QuerySet of one date-time column, ordered so that its first row is its next change.
    """
    querysets = [function() for function in extensions.functions("next-change")]
    if not querysets:
        return None
    parts = [queryset[:1].query.sql_with_params() for queryset in querysets]
    sql = "SELECT " + ", ".join(f"({part})" for part, _ in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _, params in parts for param in params])
        found = [_as_datetime(value) for value in cursor.fetchone()]
    now = timezone.now()
    upcoming = [moment for moment in found if moment is not None and moment > now]
    return min(upcoming).timestamp() if upcoming else None


def _as_datetime(value):
    """Raw SQL gives SQLite's date-times as text, PostgreSQL's as aware datetimes."""
    if value is None or isinstance(value, datetime):
        moment = value
    else:
        moment = parse_datetime(str(value))
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


# Changes ----------------------------------------------------------------------------------


def changed(*keys):
    """Say that content shown under surrogate `keys` changed; effective when it commits.

    Never raises into the caller's save: a failure to reach the cache or the CDN is logged.
    """
    keys = {str(key) for key in keys} or {ALL}
    # Now, so that this transaction's own later reads never meet an older page; and again
    # once it commits, so that nothing rendered before the commit outlives it.
    try:
        _new_generation()
    except Exception:
        logger.exception("Could not start a new generation of cached pages.")
    transaction.on_commit(lambda: _flush(keys), robust=True)


def watch(model, keys):
    """Call `changed()` whenever a `model` row is saved or deleted (any write path with
    signals: the admin, services, the shell, imports); `keys(instance)` names its pages.

    For a many-to-many field, pass its `through` model: adding or removing members counts.
    Writes without signals (`QuerySet.update()`, bulk operations) call `changed()` themselves.
    """

    def on_change(sender, instance, **kwargs):
        changed(*keys(instance))

    def on_members(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            changed(*keys(instance))

    uid = f"delivery:{model._meta.label_lower}"
    if model._meta.auto_created:
        signals.m2m_changed.connect(on_members, sender=model, weak=False, dispatch_uid=uid)
        return
    signals.post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
    signals.post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid + ":del")


def changed_after_migrate(sender, **kwargs):
    """post_migrate receiver: whatever a migration did, cached pages start afresh."""
    changed(ALL)


def _flush(keys):
    _new_generation()
    if settings.COMPENDIUM_PURGE_URL:
        purge(keys)


# Purges -----------------------------------------------------------------------------------

_purges = []


def purge(keys):
    """Ask the CDN to drop every page tagged with any of `keys`, in the background."""
    thread = threading.Thread(
        target=_send_purge, args=(settings.COMPENDIUM_PURGE_URL, sorted(keys)), daemon=True
    )
    _purges.append(thread)
    thread.start()


def wait_for_purges(timeout=30):
    """Wait until the purges sent so far are done (for tests and management commands)."""
    while _purges:
        _purges.pop().join(timeout)


def _send_purge(url, keys):
    request = urllib.request.Request(
        url,
        method="PURGE",
        headers={"Surrogate-Key": " ".join(keys), "Cache-Tag": ",".join(keys)},
    )
    for attempt in range(PURGE_ATTEMPTS):
        try:
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:
                if response.status < 400:
                    return True
        except (OSError, urllib.error.URLError) as error:
            logger.warning("Purge of %s failed (attempt %s): %s", keys, attempt + 1, error)
        time.sleep(0.2 * 2**attempt)
    logger.error("Gave up purging %s at %s; pages expire by themselves.", keys, url)
    return False


# Tagging ----------------------------------------------------------------------------------


def tag(request, *keys):
    """Record that the page answering `request` shows what `keys` name."""
    found = request.__dict__.setdefault("surrogate_keys", set())
    found.update(str(key) for key in keys)


def tagged(view, *keys):
    """Wrap `view` (a function or a Feed instance) so that its pages carry `keys`."""

    @functools.wraps(view if inspect.isfunction(view) else type(view).__call__)
    def wrapper(request, *args, **kwargs):
        tag(request, *keys)
        return view(request, *args, **kwargs)

    return wrapper


# The middleware ---------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    content: bytes
    headers: dict
    etag: str
    last_modified: float
    expires: float
    keys: list = field(default_factory=list)

    def response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def is_reader_request(request):
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/admin/")
    )


def page_key(request, token):
    varies = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    digest = hashlib.sha256(f"{request.get_full_path()}|{varies}".encode()).hexdigest()[:32]
    return f"delivery:page:{token}:{digest}"


def not_modified(request, etag, last_modified):
    """Return True if the client's validators match: If-None-Match wins over the date."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(last_modified) <= since


def not_modified_response(page):
    response = HttpResponseNotModified()
    for name in ("Vary", "Content-Security-Policy"):
        if name in page.headers:
            response[name] = page.headers[name]
    return response


class ReaderCacheMiddleware:
    """Serve anonymous readers from the reader cache; set cache headers on every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_reader_request(request):
            response = self.get_response(request)
            if request.method in SAFE_METHODS and "Cache-Control" not in response:
                # Editors and anything personal: never kept by a browser or a shared cache.
                patch_cache_control(response, private=True, no_store=True)
            return response

        token, changed_at, upcoming = generation()
        key = page_key(request, token)
        enabled = settings.COMPENDIUM_READER_CACHE
        page = _cache().get(key) if enabled else None
        now = time.time()
        if page is not None and page.expires > now:
            response = (
                not_modified_response(page)
                if not_modified(request, page.etag, page.last_modified)
                else page.response()
            )
            self.add_freshness(response, page, now)
            response["X-Reader-Cache"] = "hit"
            return response

        response = self.get_response(request)
        page = self.make_page(request, response, changed_at, upcoming, now)
        if page is None:
            if "Cache-Control" not in response:
                patch_cache_control(response, no_cache=True)
            return response
        if enabled:
            _cache().set(key, page, timeout=max(1, int(page.expires - now)))
        if not_modified(request, page.etag, page.last_modified):
            response = not_modified_response(page)
        else:
            response = page.response()
        self.add_freshness(response, page, now)
        response["X-Reader-Cache"] = "miss"
        return response

    def make_page(self, request, response, changed_at, upcoming, now):
        """Return the response as a Page to keep and share, or None if it must not be."""
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or "Cache-Control" in response
            or "Cookie" in response.get("Vary", "")
        ):
            return None
        expires = now + settings.COMPENDIUM_PAGE_SECONDS
        if upcoming is not None:
            expires = min(expires, upcoming)
        content = response.content
        etag = quote_etag(hashlib.sha256(content).hexdigest()[:32])
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        }
        headers["ETag"] = etag
        headers["Last-Modified"] = http_date(changed_at)
        keys = sorted(getattr(request, "surrogate_keys", set()) | {ALL})
        headers["Surrogate-Key"] = " ".join(keys)
        headers["Cache-Tag"] = ",".join(keys)
        return Page(
            status=response.status_code,
            content=content,
            headers=headers,
            etag=etag,
            last_modified=changed_at,
            expires=expires,
            keys=keys,
        )

    @staticmethod
    def add_freshness(response, page, now):
        """Cache-Control for shared caches: until the page's own expiry, never past it."""
        shared = max(0, int(page.expires - now))
        directives = {"public": True, "max_age": 0, "s_maxage": shared}
        if page.expires - now >= settings.COMPENDIUM_PAGE_SECONDS - 1:
            # Only when no scheduled change is due: a stale copy must not outlive one.
            directives["stale_while_revalidate"] = STALE_WHILE_REVALIDATE
        patch_cache_control(response, **directives)
        if isinstance(response, HttpResponseNotModified):
            response["ETag"] = page.etag
            response["Last-Modified"] = page.headers["Last-Modified"]
