"""Compendium settings: one module, driven by the environment (see README, "Configuration")."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.media import media_origin, s3_media_options

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG off) refuses to start "
            "without one; set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-compendium-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    "axes",
    # Our apps, lowest layer first (docs/architecture.md).
    "articles.editorial",
    "articles.media",
    "articles.knowledge",
    "articles",
    "comparisons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise directly after SecurityMiddleware: https://whitenoise.readthedocs.io/en/stable/django.html
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # No page answers a NUL character, and PostgreSQL refuses one: a 400 at once.
    "articles.core.guards.RejectNulMiddleware",
    # An admin action on ids that are not numbers: a 400 before Django's admin parses them.
    "articles.core.guards.RejectBadSelectionMiddleware",
    # Files written by a request that fails, for rows that never committed, are deleted.
    "articles.core.uploads.UploadCleanupMiddleware",
    # Before sessions, CSRF and auth: a cached page for a reader skips them all.
    "articles.core.delivery.ReaderCacheMiddleware",
    # Inside the reader cache, which keeps no redirect: imported sites' old addresses.
    "articles.wordpress.redirects.LegacyPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: https://django-axes.readthedocs.io/en/latest/2_installation.html
    "axes.middleware.AxesMiddleware",
]

# Logins resist guessing: django-axes checks every attempt before the password does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After this many failures from one IP address for one username, that pair is locked out.
AXES_FAILURE_LIMIT = int(os.environ.get("COMPENDIUM_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("COMPENDIUM_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a load balancer, the client's address is the X-Forwarded-For entry this many hops back.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0")) or None

# Mail (password resets): the console while developing, SMTP from the environment otherwise.
# https://docs.djangoproject.com/en/6.1/howto/mailers-migration/
if DEBUG and not os.environ.get("DJANGO_EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "compendium@localhost")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# SQLite by default; DATABASE_URL (postgres://…) switches to PostgreSQL.
SQLITE_PATH = Path(os.environ.get("DJANGO_SQLITE_PATH", BASE_DIR / "db.sqlite3"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.config(
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
            # BEGIN so concurrent writers wait (busy timeout) instead of failing mid-transaction:
            # https://docs.djangoproject.com/en/6.1/ref/databases/#sqlite-init-command
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Keep each worker's connection: reconnecting re-reads the schema every request.
            "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
            "CONN_HEALTH_CHECKS": True,
        }
    }

# Read-only mode for maintenance (articles/core/maintenance.py): every connection is opened
# read-only, so the database refuses every write; readers keep reading, writes get a 503.
COMPENDIUM_READ_ONLY = env_bool("COMPENDIUM_READ_ONLY")
# What a refused write's 503 says in Retry-After, in seconds.
COMPENDIUM_RETRY_AFTER = int(os.environ.get("COMPENDIUM_RETRY_AFTER", "300"))
if COMPENDIUM_READ_ONLY:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        _options["init_command"] += " PRAGMA query_only=ON;"
        # BEGIN IMMEDIATE is a write: readers' transactions begin deferred.
        _options["transaction_mode"] = "DEFERRED"
    else:
        _options["options"] = "-c default_transaction_read_only=on"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every app server), local memory otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "compendium"),
        }
    }
    CACHES["delivery"] = CACHES["default"] | {
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-pages"
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The reader cache must be one for every worker process: files need no set-up.
        "delivery": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", BASE_DIR / ".cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

# Image uploads (articles/core/uploads.py): refused above these, before anything decodes them.
COMPENDIUM_IMAGE_MAX_BYTES = int(os.environ.get("COMPENDIUM_IMAGE_MAX_BYTES", 20 * 1024 * 1024))
COMPENDIUM_IMAGE_MAX_PIXELS = int(os.environ.get("COMPENDIUM_IMAGE_MAX_PIXELS", 40_000_000))

# Backups (articles/core/backups.py): where `manage.py backup` writes its archives.
COMPENDIUM_BACKUP_DIR = Path(os.environ.get("COMPENDIUM_BACKUP_DIR", BASE_DIR / "backups"))

# Reader delivery (articles/core/delivery.py): whole pages for anonymous readers, kept in the
# "delivery" cache above and in any CDN in front, fresh after every change.
# Off by default while developing (DJANGO_DEBUG), where templates change under it.
COMPENDIUM_READER_CACHE = env_bool("COMPENDIUM_READER_CACHE", not DEBUG)
# How long a page may be kept by the reader cache and shared caches (s-maxage).
COMPENDIUM_PAGE_SECONDS = int(os.environ.get("COMPENDIUM_PAGE_SECONDS", "600"))
# The release's name (e.g. its commit): reader-cache pages are kept per release. Empty, a
# digest of the code, templates and static files names it (articles/core/delivery.py).
COMPENDIUM_RELEASE = os.environ.get("COMPENDIUM_RELEASE", "").strip()
# Where to send purges for changed surrogate keys, e.g. http://127.0.0.1:6081/ (off if empty).
COMPENDIUM_PURGE_URL = os.environ.get("COMPENDIUM_PURGE_URL", "")

# Content API keys (comparisons/api/), comma-separated: when set, /api/v1/ needs one of them
# and answers `private`; empty, the API is public and cached like the reader pages.
COMPENDIUM_API_KEYS = env_list("COMPENDIUM_API_KEYS")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    # Django's, plus: a file whose row never committed is deleted (articles/core/uploads.py).
    "default": {"BACKEND": "articles.core.uploads.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media (uploads, renditions, the library): the local filesystem, or object storage over the
# S3 API when several app servers must share it (README, "Scaling out"). Either way a file whose
# row never committed is deleted (articles/core/uploads.py).
COMPENDIUM_MEDIA_STORAGE = os.environ.get("COMPENDIUM_MEDIA_STORAGE", "filesystem").strip().lower()
# Where readers fetch media from instead of the bucket, e.g. https://media.compendium.example.
COMPENDIUM_MEDIA_CDN = os.environ.get("COMPENDIUM_MEDIA_CDN", "").strip().rstrip("/")
MEDIA_ORIGIN = ""  # The origin media is served from, when it is not ours (for the CSP).
if COMPENDIUM_MEDIA_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured(
        f"COMPENDIUM_MEDIA_STORAGE is {COMPENDIUM_MEDIA_STORAGE!r}; use filesystem or s3."
    )
if COMPENDIUM_MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "articles.core.object_storage.S3Storage",
        "OPTIONS": s3_media_options(os.environ, COMPENDIUM_MEDIA_CDN),
    }
    MEDIA_ORIGIN = media_origin(STORAGES["default"]["OPTIONS"])
elif COMPENDIUM_MEDIA_CDN:
    raise ImproperlyConfigured(
        "COMPENDIUM_MEDIA_CDN is for media in a bucket (COMPENDIUM_MEDIA_STORAGE=s3); for "
        "media on the filesystem behind a CDN, set DJANGO_MEDIA_URL to the CDN's address."
    )
elif "://" in MEDIA_URL:
    MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/", 3)[:3])

# A strict policy: our own origin only, no inline script or style, no eval.
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Off only to try production settings locally over plain HTTP (logins need the cookies).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Restores go through the editorial "Restore" button, which validates and bumps the version;
# simple-history's own revert form would save a stale version number.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Facts and use-cases not verified for this many months are listed as stale for curators.
COMPENDIUM_STALE_MONTHS = int(os.environ.get("COMPENDIUM_STALE_MONTHS", "12"))

SITE_NAME = os.environ.get("COMPENDIUM_SITE_NAME", "Compendium")
SITE_TAGLINE = os.environ.get("COMPENDIUM_SITE_TAGLINE", "Technology, explained and compared.")
