"""HTTP benchmark: gunicorn (2 sync workers) + wrk, in interleaved rounds, as ratios to a floor.

    .venv/bin/python bench/http_pages.py            # BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNS=8

Starts two servers from this checkout on loopback ports against the database the environment
names (DJANGO_SQLITE_PATH or DATABASE_URL; load it first, see README "Performance"): one with
the reader cache (8311) and one without (8312). Measures, round after round, the app's own
floor (`/healthz`: the same middleware, no database, no template), pages from the reader cache,
conditional GETs answered 304, and uncached pages; prints medians and ratios to the floor,
with the load average. The machine is shared and noisy: compare ratios from one run only.
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNS = int(os.environ.get("BENCH_CONNS", "8"))
CACHED, UNCACHED = 8311, 8312
# wrk: report requests per second, latency percentiles and any non-2xx/3xx status.
LUA = """
local bad = 0
response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
HEADER_LUA = 'wrk.headers["{name}"] = "{value}"\n'


def environment(cache_dir, static_root, reader_cache):
    env = os.environ.copy()
    env |= {
        "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "bench-only-not-secret"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_CACHE_DIR": str(cache_dir),
        "COMPENDIUM_READER_CACHE": "1" if reader_cache else "0",
    }
    env.pop("DJANGO_DEBUG", None)
    return env


def start(port, env):
    command = [
        str(Path(PYTHON).with_name("gunicorn")), "config.wsgi", "--workers", "2",
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn on port {port} did not start")


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def head(url):
    request = urllib.request.Request(url, method="GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), len(response.read())


def wrk(url, script):
    output = subprocess.run(
        ["wrk", "-t1", f"-c{CONNS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", script, url],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
    ).stdout
    match = re.search(r"^RESULT (\S+) (\S+) (\S+) (\d+) (\d+)$", output, re.MULTILINE)
    if not match:
        return {"rps": 0.0, "p50": None, "p99": None, "bad": None, "errors": None}
    rps, p50, p99, bad, errors = match.groups()
    return {"rps": float(rps), "p50": float(p50), "p99": float(p99), "bad": int(bad),
            "errors": int(errors)}  # fmt: skip


def targets(scripts, paths):
    """Return (name, URL, wrk script) for everything measured, floor first."""
    base, raw = f"http://127.0.0.1:{CACHED}", f"http://127.0.0.1:{UNCACHED}"
    rows = [("floor (/healthz)", f"{base}/healthz", scripts["plain"])]
    for label, path in paths.items():
        url = base + path
        status, headers, _ = head(url)
        head(url)  # into the reader cache
        rows.append((f"{label}, cached", url, scripts["plain"]))
        etag = headers.get("ETag")
        if etag:
            script = scripts["dir"] / f"{len(rows)}.lua"
            script.write_text(LUA + HEADER_LUA.format(name="If-None-Match", value=etag.replace('"', '\\"')))
            rows.append((f"{label}, 304", url, str(script)))
        rows.append((f"{label}, uncached", raw + path, scripts["plain"]))
    return rows


def pick_paths():
    """The pages to measure, picked from the data present (through the cached server)."""
    base = f"http://127.0.0.1:{CACHED}"
    with urllib.request.urlopen(base + "/feed/", timeout=30) as response:
        feed = response.read().decode()
    article = re.search(r"<link>https?://[^<]+?(/articles/[^<]+/)</link>", feed)
    with urllib.request.urlopen(base + "/compare/feed/", timeout=30) as response:
        comparisons = response.read().decode()
    comparison = re.search(r"<link>https?://[^<]+?(/compare/[^<]+/)</link>", comparisons)
    paths = {"home": "/"}
    if article:
        paths["article"] = article.group(1)
    if comparison:
        paths["comparison"] = comparison.group(1)
    return paths


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="compendium-http-bench-"))
    static_root = work / "static"
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment(work / "cache", static_root, True),
        check=True,
    )
    servers = [
        start(CACHED, environment(work / "cache", static_root, True)),
        start(UNCACHED, environment(work / "cache-off", static_root, False)),
    ]
    try:
        plain = work / "plain.lua"
        plain.write_text(LUA)
        rows = targets({"plain": str(plain), "dir": work}, pick_paths())
        results = {name: [] for name, _, _ in rows}
        for round_ in range(ROUNDS):
            for name, url, script in rows:
                results[name].append(wrk(url, script))
            print(f"round {round_ + 1}/{ROUNDS} done, load {os.getloadavg()[0]:.2f}", file=sys.stderr)
    finally:
        for server in servers:
            stop(server)
    load = os.getloadavg()
    floor = statistics.median(r["rps"] for r in results[rows[0][0]])
    print(f"gunicorn 2 sync workers, wrk {CONNS} connections, {SECONDS} s × {ROUNDS} "
          f"interleaved rounds; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")  # fmt: skip
    print("| Target | Requests/s (median) | × floor | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, _, _ in rows:
        runs = results[name]
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] or 0 for r in runs)
        p99 = statistics.median(r["p99"] or 0 for r in runs)
        errors = sum((r["bad"] or 0) + (r["errors"] or 0) for r in runs)
        print(f"| {name} | {rps:,.0f} | {rps / floor:.2f} | {p50:.1f} | {p99:.1f} | {errors} |")
    (work / "results.json").write_text(json.dumps(results, indent=1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
