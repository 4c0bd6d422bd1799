"""Time the public pages against the database the environment points to; print a table.

    DJANGO_SQLITE_PATH=/tmp/pages-bench.sqlite3 .venv/bin/python bench/pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_bench .venv/bin/python bench/pages.py

Fill the database first: `manage.py migrate`, `load_demo`, `generate_corpus --articles 100000`
(on SQLite, then `ANALYZE`; see README, "Performance"). Requests go through Django's test client
in this process with DEBUG off, so the times are Django and the database, without a network or
a web server. BENCH_RUNS sets the timed runs per page (default 15, after one untimed first run).
"""

import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
# Time the pages themselves, not the reader cache (bench/http_pages.py measures that).
os.environ.setdefault("COMPENDIUM_READER_CACHE", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.knowledge.models import Concept, Industry  # noqa: E402
from articles.models import Article, Author, Topic  # noqa: E402

HTMX = {"HX-Request": "true"}


def pages():
    """Return (label, URL, headers) for the pages to time, picked from the data present."""
    articles = Article.objects.published()
    newest = articles.first()
    demo = articles.exclude(slug__startswith="corpus-").first() or newest
    topic = Topic.objects.order_by("pk").first()
    author = Author.objects.order_by("pk").first()
    industry = Industry.objects.order_by("pk").first()
    concept = Concept.objects.order_by("pk").first()
    pair = "-vs-".join(sorted(Concept.objects.order_by("pk").values_list("slug", flat=True)[:2]))
    rows = [
        ("home", "/", {}),
        ("home, load more (page 2)", "/?page=2", HTMX),
        ("article (demo)", demo.get_absolute_url(), {}),
        ("article (newest)", newest.get_absolute_url(), {}),
        ("related, load more", f"{newest.get_absolute_url()}?related_page=2", HTMX),
        ("topic", topic.get_absolute_url(), {}),
        ("topic, page 200", f"{topic.get_absolute_url()}?page=200", {}),
        ("home, page 834 (deepest)", "/?page=834", {}),
        ("concept hub", concept.get_absolute_url(), {}),
        ("compare index", "/compare/", {}),
        ("comparison (ad hoc)", f"/compare/{pair}/", {}),
        ("author", author.get_absolute_url(), {}),
        ("glossary card", f"/glossary/{concept.slug}/", HTMX),
        ("RSS, whole site", "/feed/", {}),
        ("Atom, topic", f"/topics/{topic.slug}/feed/atom/", {}),
        ("sitemap index", "/sitemap.xml", {}),
        ("sitemap, articles p. 1", "/sitemap-articles.xml", {}),
        ("sitemap, articles p. 50", "/sitemap-articles.xml?p=50", {}),
        ("404, mistyped article", "/articles/generative-ai-vs-llm/", {}),
    ]
    if industry:
        rows.insert(8, ("industry", industry.get_absolute_url(), {}))
    return rows


def timed(client, url, headers, runs):
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers)
    return response, first, sorted(times), len(queries)


def main():
    logging.getLogger("django.request").setLevel(logging.ERROR)
    # Plain static storage: the bench needs no collectstatic run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    runs = int(os.environ.get("BENCH_RUNS", "15"))
    client = Client()
    total = Article.objects.count()
    print(
        f"{connection.vendor}, {total:,} articles, DEBUG={settings.DEBUG}, "
        f"cache={settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, {runs} runs per page"
    )
    print()
    print("| Page | Status | First (ms) | Median (ms) | p95 (ms) | Queries | Size (KiB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, url, headers in pages():
        response, first, times, queries = timed(client, url, headers, runs)
        p95 = times[min(len(times) - 1, round(len(times) * 0.95) - 1)]
        size = len(response.content) / 1024
        print(
            f"| {label} | {response.status_code} | {first:.0f} | {statistics.median(times):.1f} "
            f"| {p95:.1f} | {queries} | {f'{size:.0f}' if size >= 1 else '<1'} |"
        )


if __name__ == "__main__":
    main()
