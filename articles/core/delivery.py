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

import atexit
import collections
import contextlib
import contextvars
import functools
import hashlib
import http.client
import inspect
import logging
import os
import queue
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost, EmptyResultSet
from django.db import connection, transaction
from django.db.models import signals
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
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
# Versioned with the shape of what is stored, so a release never reads an older one.
GENERATION_KEY = "delivery:generation:v1"
PURGE_ATTEMPTS = 4
PURGE_TIMEOUT = 5
# How long a generation started before its transaction commits may stand, at most.
PROVISIONAL_SECONDS = 10
STALE_WHILE_REVALIDATE = 30


def _cache():
    return caches["delivery"]


# Generations ------------------------------------------------------------------------------


# Set when a commit could not start its new generation (the cache was unreachable): this
# process starts it on its next request, or as it exits, once the cache answers again.
# Until then the cache cannot serve pages either, but those it held before come back with it.
_owed = threading.Event()


def generation():
    """Return (token, changed_at, next_change) of the current generation of cached pages.

    `next_change` is the Unix time of the next change readers will see by the clock alone
    (a scheduled item going live, a promo starting or ending), or None. Once it has passed,
    a new generation starts, so pages from before it are never served after it.
    """
    current = _cache().get(GENERATION_KEY)
    if _owed.is_set():
        # The cache answers again (read first: while it is down, no query for nothing).
        current = _settle()
    if (
        not isinstance(current, tuple)
        or len(current) != 3
        or (current[2] is not None and current[2] <= time.time())
    ):
        current = _new_generation(next_change())
    return current


def token():
    """Return the current generation's token, or None if the cache cannot be reached.

    For whatever is kept per generation of the site's content (article bodies, the live
    promos, related cards' concepts, the search vocabulary): None means keep nothing.
    """
    try:
        return generation()[0]
    except Exception:
        logger.warning("No content generation (cache unreachable): nothing is kept by it.")
        return None


def per_generation(name, compute, timeout):
    """Return `compute()`, kept in the default cache under `name` for this release and this
    generation of the site's content, so any change (or a scheduled one arriving) starts it
    afresh. Without a reachable cache it is computed every time and kept nowhere."""
    current = token()
    if current is None:
        return compute()
    key = f"{name}:{release()}:{current}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _new_generation(upcoming, previous=None):
    """Store and return a new generation; its `changed_at` seconds only ever increase, so
    that `Last-Modified` tells two generations apart even within one second."""
    previous = previous or _cache().get(GENERATION_KEY)
    changed_at = float(int(time.time()))
    if isinstance(previous, tuple) and len(previous) == 3:
        changed_at = max(changed_at, previous[1] + 1)
    current = (uuid.uuid4().hex, changed_at, upcoming)
    _cache().set(GENERATION_KEY, current, timeout=None)
    return current


def next_change():
    """Return the Unix time of the next scheduled change readers will see, or None.

    One query: each function registered at the ``next-change`` extension point returns a
    QuerySet of one date-time column, ordered so that its first row is its next change.
    """
    parts = []
    for function in extensions.functions("next-change"):
        try:
            parts.append(function()[:1].query.sql_with_params())
        except EmptyResultSet:
            continue  # A QuerySet that can match nothing has no next change.
    if not parts:
        return None
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


_quiet = contextvars.ContextVar("compendium_delivery_quiet", default=False)


@contextlib.contextmanager
def quiet():
    """Within the block, changes are not announced: for a dry run that rolls back on purpose,
    so that it retires no cached page and sends no purge."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def changed(*keys):
    """Say that content shown under surrogate `keys` changed; effective when it commits.

    Never raises into the caller's save: a failure to reach the cache or the CDN is logged.
    """
    if _quiet.get():
        return
    keys = {str(key) for key in keys} or {ALL}
    # Now, so that this transaction's own later reads never meet an older page; and again
    # once it commits, so that nothing rendered before the commit outlives it. The early one
    # asks the database nothing (the transaction may yet roll back) and retires itself within
    # seconds, in case the commit never comes.
    try:
        previous = _cache().get(GENERATION_KEY)
        soon = time.time() + PROVISIONAL_SECONDS
        known = previous[2] if isinstance(previous, tuple) and len(previous) == 3 else None
        upcoming = soon if known is None else min(known, soon)
        _new_generation(upcoming, previous)
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
    """After a commit: a new generation whatever happens, then the purge."""
    try:
        upcoming = next_change()
    except Exception:
        logger.exception("Could not read the next scheduled change; asking again soon.")
        upcoming = time.time() + PROVISIONAL_SECONDS
    try:
        _start_after_commit(upcoming)
    except Exception:
        _owed.set()
        logger.exception("Could not start a new generation of cached pages; will try again.")
    if settings.COMPENDIUM_PURGE_URL:
        purge(keys)


def _start_after_commit(upcoming):
    current = _new_generation(upcoming)
    # Another commit may have scheduled something after `upcoming` was read and stored its
    # generation before this one replaced it: ask again now that ours is stored, and end it
    # at that nearer change (a later commit asks after this one, so sees it too).
    again = next_change()
    if again is not None and (upcoming is None or again < upcoming):
        if _cache().get(GENERATION_KEY) == current:
            current = (*current[:2], again)
            _cache().set(GENERATION_KEY, current, timeout=None)
    return current


def _settle():
    """Start the generation a commit owes and return it; raise, still owed, if it cannot.

    Cleared before it starts: a commit failing meanwhile owes one again, never lost.
    """
    _owed.clear()
    try:
        current = _start_after_commit(next_change())
    except Exception:
        _owed.set()
        raise
    logger.warning("Started the new generation of cached pages that a commit owed.")
    return current


def _settle_at_exit():
    if _owed.is_set():
        try:
            _settle()
        except Exception:
            logger.exception("Exiting with a new generation of cached pages still owed.")


atexit.register(_settle_at_exit)


# Purges -----------------------------------------------------------------------------------

_queue = queue.Queue()
_worker = None
_worker_lock = threading.Lock()


def purge(keys):
    """Ask the CDN to drop every page tagged with any of `keys`, in the background.

    One worker thread sends them; keys queued while it is busy go out together. A process
    that exits waits (a few seconds at most) for what it queued, so commands purge too.
    """
    global _worker
    _queue.put((settings.COMPENDIUM_PURGE_URL, set(keys)))
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_purge_loop, name="cdn-purge", daemon=True)
            _worker.start()


def wait_for_purges(timeout=30):
    """Wait until the purges queued so far are sent or given up (tests, commands, exit)."""
    deadline = time.monotonic() + timeout
    while _queue.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)


atexit.register(wait_for_purges, 10)


def _purge_loop():
    while True:
        batch = [_queue.get()]
        while not _queue.empty():
            batch.append(_queue.get())
        by_url = {}
        for url, keys in batch:
            by_url.setdefault(url, set()).update(keys)
        try:
            for url, keys in by_url.items():
                if url:
                    _send_purge(url, sorted(keys))
        except Exception:
            logger.exception("Purging %s failed.", by_url)
        finally:
            for _ in batch:
                _queue.task_done()


def _send_purge(url, keys):
    request = urllib.request.Request(
        url,
        method="PURGE",
        headers={"Surrogate-Key": " ".join(keys), "Cache-Tag": ",".join(keys)},
    )
    for attempt in range(PURGE_ATTEMPTS):
        if attempt:
            time.sleep(0.2 * 2**attempt)
        try:
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:
                if response.status < 400:
                    return True
        except urllib.error.HTTPError as error:
            logger.warning("Purge of %s refused (%s): %s", keys, error.code, error.reason)
            if error.code < 500:
                break  # Asking again will not help.
        except (OSError, http.client.HTTPException, ValueError) as error:
            logger.warning("Purge of %s failed (attempt %s): %s", keys, attempt + 1, error)
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
    # The next scheduled change when it was made: no shared copy may outlive it.
    upcoming: float | None = None

    def response(self):
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


# Pages this process served lately, by key, newest last. A key names one release's page of
# one generation, which never changes, so this copy is as fresh as the shared one; it spares
# each hit reading, decompressing and unpickling the page (some 30 KB) from the shared cache.
# A new generation (any change) means new keys: these copies are never served again.
LOCAL_PAGE_BYTES = 8 * 1024 * 1024
LOCAL_PAGES = 2_000
_local_pages = collections.OrderedDict()
_local_lock = threading.Lock()
_local_size = 0


def _footprint(page):
    """Roughly what a kept page costs: its body, its headers and the objects around them."""
    return len(page.content) + sum(len(k) + len(v) for k, v in page.headers.items()) + 1024


def _recall(key):
    with _local_lock:
        page = _local_pages.get(key)
        if page is not None:
            _local_pages.move_to_end(key)
        return page


def _remember(key, page):
    global _local_size
    with _local_lock:
        replaced = _local_pages.pop(key, None)
        if replaced is not None:
            _local_size -= _footprint(replaced)
        _local_pages[key] = page
        _local_size += _footprint(page)
        while _local_pages and (_local_size > LOCAL_PAGE_BYTES or len(_local_pages) > LOCAL_PAGES):
            _, oldest = _local_pages.popitem(last=False)
            _local_size -= _footprint(oldest)


def forget_local_pages():
    """Forget the pages this process keeps (tests swapping the shared cache under it)."""
    global _local_size
    with _local_lock:
        _local_pages.clear()
        _local_size = 0


def is_reader_request(request):
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith("/admin/")
        and request.path_info not in ("/healthz", "/readyz")
    )


def page_key(request, token):
    """The cache key of this request's page: pages carry absolute URLs, so host and scheme
    count, and so do the HTMX headers a view may answer differently to."""
    varies = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # Who may read counts too: a page kept while the API was open is never served once it
    # requires keys (comparisons/api/access.py).
    access = "keys" if getattr(settings, "COMPENDIUM_API_KEYS", None) else "open"
    digest = hashlib.sha256(f"{address}|{varies}|{access}".encode()).hexdigest()[:32]
    return f"delivery:page:{release()}:{token}:{digest}"


@functools.cache
def release():
    """Return this release's name: COMPENDIUM_RELEASE, or a digest of what renders pages.

    Pages are kept per release, so during a rolling restart a server of the new release never
    serves a page the old one rendered into the shared cache, nor the reverse. The digest
    covers the code, templates and static files, and the installed packages' versions.
    """
    if settings.COMPENDIUM_RELEASE:
        return settings.COMPENDIUM_RELEASE
    digest = hashlib.sha256()
    root = settings.BASE_DIR
    for folder in ("articles", "comparisons", "config", "templates", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    # Each installed distribution's folder is named after its version (PEP 427, PEP 376).
    for folder in sys.path:
        with contextlib.suppress(OSError):
            digest.update(
                "\0".join(
                    sorted(n for n in os.listdir(folder) if n.endswith(".dist-info"))
                ).encode()
            )
    return digest.hexdigest()[:12]


def not_modified(request, etag, last_modified):
    """Return True if the client's validators match: If-None-Match wins over the date."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    # Generations get distinct whole seconds, so the date alone tells them apart.
    return since is not None and int(last_modified) <= since


def not_modified_response(page):
    response = HttpResponseNotModified()
    for name in ("Vary", "Content-Security-Policy", "Surrogate-Key", "Cache-Tag"):
        if name in page.headers:
            response[name] = page.headers[name]
    return response


class ReaderCacheMiddleware:
    """Serve anonymous readers from the reader cache; set cache headers on every page.

    It fails open: if the cache cannot be reached, pages are rendered and sent uncached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_reader_request(request):
            response = self.get_response(request)
            if request.method in SAFE_METHODS and "Cache-Control" not in response:
                # Editors and anything personal: never kept by a browser or a shared cache.
                patch_cache_control(response, private=True, no_store=True)
            return response
        try:
            token, changed_at, upcoming = generation()
            key = page_key(request, token)
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 for it.
        except Exception:
            logger.exception("The reader cache is unreachable: serving uncached.")
            return self.uncached(request)

        enabled = settings.COMPENDIUM_READER_CACHE
        now = time.time()
        page = self.cached(key) if enabled else None
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
        if self.retired(token):
            # Content changed while this page was rendered: it may show the old state, and
            # a CDN must not keep it past the purge that is on its way.
            response = page.response()
            patch_cache_control(response, no_cache=True)
            return response
        if enabled:
            try:
                _cache().set(key, page, timeout=max(1, int(page.expires - now)))
            except Exception:
                logger.exception("Could not keep a page in the reader cache.")
            else:
                _remember(key, page)
        if not_modified(request, page.etag, page.last_modified):
            response = not_modified_response(page)
        else:
            response = page.response()
        self.add_freshness(response, page, now)
        response["X-Reader-Cache"] = "miss"
        return response

    def uncached(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, no_cache=True)
        return response

    @staticmethod
    def cached(key):
        page = _recall(key)
        if page is not None and page.expires > time.time():
            return page
        try:
            page = _cache().get(key)
        except Exception:
            logger.exception("Could not read the reader cache.")
            return None
        if not isinstance(page, Page):
            return None
        _remember(key, page)
        return page

    @staticmethod
    def retired(token):
        try:
            current = _cache().get(GENERATION_KEY)
        except Exception:
            return True
        return not isinstance(current, tuple) or current[0] != token

    def make_page(self, request, response, changed_at, upcoming, now):
        """Return the response as a Page to keep and share, or None if it must not be."""
        vary = {name.strip().lower() for name in response.get("Vary", "").split(",")}
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or "Cache-Control" in response
            or {"cookie", "*"} & vary
        ):
            return None
        if "hx-request" in vary:
            # Whatever varies on HTMX may also answer its target and history restores apart.
            patch_vary_headers(response, VARY_HEADERS)
        expires = now + settings.COMPENDIUM_PAGE_SECONDS
        if upcoming is not None:
            expires = min(expires, upcoming)
        content = response.content
        etag = quote_etag(hashlib.sha256(content).hexdigest()[:32])
        headers = {
            name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
        }
        headers["ETag"] = etag
        # Never later than now; a generation's seconds may run a little ahead in a burst.
        headers["Last-Modified"] = http_date(min(changed_at, now))
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
            upcoming=upcoming,
        )

    @staticmethod
    def add_freshness(response, page, now):
        """Cache-Control for shared caches: until the page's own expiry, never past it."""
        shared = max(0, int(page.expires - now))
        directives = {"public": True, "max_age": 0, "s_maxage": shared}
        if page.upcoming is None or page.upcoming >= now + shared + STALE_WHILE_REVALIDATE:
            # Only when no scheduled change falls due: a stale copy must not outlive one.
            directives["stale_while_revalidate"] = STALE_WHILE_REVALIDATE
        patch_cache_control(response, **directives)
        if isinstance(response, HttpResponseNotModified):
            response["ETag"] = page.etag
            response["Last-Modified"] = page.headers["Last-Modified"]
