"""Count the CPU instructions one request costs, under valgrind: a figure the machine's noise
does not move, for comparing two versions of the code before an HTTP run.

    DJANGO_SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python bench/instructions.py /healthz /articles/<slug>/

Each address is requested in this process through the WSGI handler with every middleware (the
reader cache off, as on `bench/http_pages.py`'s uncached server): once under callgrind after
`BENCH_WARMUP` requests (20), and once more with `BENCH_REQUESTS` (40) more requests; the
difference divided by that count is one request, without start-up and warm-up. Static files
are collected into a scratch folder first. Needs valgrind (Debian's package).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path

from http_pages import environment  # bench/, this script's folder

ROOT = Path(__file__).resolve().parent.parent
WARMUP = int(os.environ.get("BENCH_WARMUP", "20"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))


def serve(path, count):
    """Answer `count` requests for `path` after the warm-up (what runs under valgrind)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Imported here: only the measured child sets Django up.
    import django
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    handler = WSGIHandler()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    statuses = []
    for _ in range(WARMUP + count):
        body = handler(environ | {"wsgi.input": BytesIO()}, lambda s, h, e=None: statuses.append(s))
        b"".join(body)
        body.close()  # request_finished, as a server does
    if not statuses[-1].startswith("200"):
        raise SystemExit(f"{path} answered {statuses[-1]}")


def instructions(path, count, env):
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--serve", path, str(count)],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode or not found:
        raise SystemExit(f"valgrind failed for {path}:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main(paths):
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is missing: apt-get install valgrind")
    with tempfile.TemporaryDirectory(prefix="compendium-instructions-") as work:
        # The uncached server's environment on bench/http_pages.py.
        env = environment(Path(work) / "cache", Path(work) / "static", reader_cache=False)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        print(f"| Address | Instructions per request (millions, {REQUESTS} requests) |")
        print("| --- | ---: |")
        for path in paths:
            counted = instructions(path, REQUESTS, env) - instructions(path, 0, env)
            print(f"| `{path}` | {counted / REQUESTS / 1e6:.2f} |", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        main(sys.argv[1:] or ["/healthz", "/"])
