"""Time /search/ against the database the environment points to; print medians.

    DJANGO_SQLITE_PATH=/tmp/search-bench.sqlite3 .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/compendium_search_bench \\
        .venv/bin/python bench/search.py

Fill the database first, e.g. `manage.py generate_corpus --articles 100000`. BENCH_RUNS sets the
number of timed runs per query (default 7, after one untimed warm-up run).
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
# Time the searches themselves, not the reader cache.
os.environ.setdefault("COMPENDIUM_READER_CACHE", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402

QUERIES = [
    ("a word in every article", "synthetic"),
    ("two common words", "corpus article"),
    ("a phrase", '"scale tests"'),
    ("a prefix, while typing", "synth"),
    ("a word in some titles", "diffusion"),
    ("a word in a few pages", "transformer"),
    ("a word and an exclusion", "synthetic -glossary"),
    ("no match", "xylophone"),
]
REQUESTS = [
    ("page", {}, {}),
    ("live", {}, {"HX-Request": "true", "HX-Target": "search-results"}),
    ("page 5", {"page": 5}, {"HX-Request": "true", "HX-Target": "load-more"}),
    ("articles", {"type": "articles"}, {"HX-Request": "true", "HX-Target": "search-results"}),
]


def timed(client, url, headers, runs):
    """Return the median and p95 milliseconds, the SQL queries and the status of a GET."""
    client.get(url, headers=headers)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(len(times) * 0.95) - 1)]
    return statistics.median(times), p95, len(queries), response.status_code


def main():
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    client = Client(HTTP_HOST="localhost")
    live = Article.objects.published().count()
    print(f"{connection.vendor}: {Article.objects.count()} articles ({live} published)")
    print(f"{runs} runs: median/p95 milliseconds per request (SQL queries)\n")
    print(f"{'query':<30}" + "".join(f"{name:>16}" for name, _, _ in REQUESTS))
    for label, text in QUERIES:
        row = f"{label:<30}"
        for _, params, headers in REQUESTS:
            url = "/search/?" + urlencode({"q": text} | params)
            median, p95, queries, status = timed(client, url, headers, runs)
            cell = f"{median:.0f}/{p95:.0f} ({queries})" if status == 200 else f"({status})"
            row += f"{cell:>16}"
        print(row, flush=True)


if __name__ == "__main__":
    main()
