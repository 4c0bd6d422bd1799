"""Lighthouse's accessibility, best-practices and SEO scores of the main reader page types.

    .venv/bin/python bench/lighthouse.py [BASE_URL]     # default http://127.0.0.1:8000 (make run)

Installs Lighthouse from the npm registry into .venv/npm-lighthouse the first time (about
190 MB, never committed) and drives Debian's Chromium (`CHROME_PATH`, default
/usr/bin/chromium). Prints one line per page with the three scores and any audit below 1.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = ROOT / ".venv" / "npm-lighthouse"
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = "accessibility,best-practices,seo"


def first_link(base, path, prefix):
    """Return the first link to a page under `prefix` on page `path` (not a feed)."""
    html = urllib.request.urlopen(base + path, timeout=30).read().decode()
    return re.search(rf'href="({prefix}(?!feed/)[-\w]+/)"', html)[1]


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "install", "--silent", "--no-save", "--no-audit", "--no-fund",
             "--prefix", str(PREFIX), "lighthouse@12"],
            check=True,
        )  # fmt: skip
    pages = {
        "home": "/",
        "article": first_link(base, "/", "/articles/"),
        "comparison": first_link(base, "/compare/", "/compare/"),
        "concept hub": first_link(base, "/concepts/", "/concepts/"),
    }
    env = os.environ | {"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for name, path in pages.items():
            report = Path(folder) / "report.json"
            subprocess.run(
                [str(LIGHTHOUSE), base + path, "--quiet", f"--only-categories={CATEGORIES}",
                 "--chrome-flags=--headless=new --no-sandbox", "--output=json",
                 f"--output-path={report}"],
                check=True, env=env,
            )  # fmt: skip
            result = json.loads(report.read_text())
            scores = {key: round(c["score"] * 100) for key, c in result["categories"].items()}
            below = [
                audit["id"]
                for audit in result["audits"].values()
                if audit.get("score") is not None
                and audit["score"] < 1
                and audit.get("scoreDisplayMode") == "binary"
            ]
            failed |= any(score < 100 for score in scores.values())
            print(f"{name:12} {path:60} {scores} {' '.join(below)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
