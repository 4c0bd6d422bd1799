"""Hostile conditions, end to end under gunicorn: what issue "Reliability" asks, measured.

    sudo .venv/bin/python bench/hostile.py      # root: the server runs as `nobody`

Builds a throwaway site (SQLite, demo content, an Author account) in a temporary folder,
serves it with gunicorn (2 sync workers, 30 s timeout) as an unprivileged user, and, logged
in as the Author, measures:

1. a 12,000 × 12,000 PNG uploaded as a hero image: refused with a form error, how fast, and
   whether any worker died (the workers' process ids before and after);
2. a 60 MB upload: the same;
3. the largest image the limits allow (about 40 megapixels, under 20 MB): saved, how fast;
4. the database file made read-only (`chmod 444`, as an operator or a full volume does): the
   public pages' statuses, and what a save answers.

Timings are wall-clock on a shared machine; the load average is printed with them.
"""

import http.cookiejar
import io
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8313
BASE = f"http://127.0.0.1:{PORT}"
USER = "nobody"
PASSWORD = "hostile-bench-writer"
IDS = []
PUBLIC = ["/", "/concepts/", "/compare/", "/search/?q=model", "/feed/", "/sitemap.xml"]


def environment(site):
    env = os.environ.copy()
    env |= {
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_LOG_LEVEL": "CRITICAL",
        "DJANGO_SQLITE_PATH": str(site / "db.sqlite3"),
        "DJANGO_MEDIA_ROOT": str(site / "media"),
        "DJANGO_CACHE_DIR": str(site / "pages"),
        "DJANGO_STATIC_ROOT": str(site / "static"),
    }
    for name in ("DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def build(site, env):
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_demo")
    script = (
        "from django.contrib.auth.models import Group, User\n"
        "from articles.models import Author\n"
        f"user = User.objects.create_user('writer', password='{PASSWORD}', is_staff=True)\n"
        "user.groups.add(Group.objects.get(name='Author'))\n"
        "author = Author.objects.create(user=user, name='Bench Writer', slug='bench-writer')\n"
        "from articles.models import Topic\n"
        "print(author.pk, Topic.objects.first().pk)\n"
    )
    ids = subprocess.run([PYTHON, "manage.py", "shell", "--no-imports", "-c", script], cwd=ROOT,
                         env=env, check=True, capture_output=True, text=True).stdout.split()  # fmt: skip
    if os.geteuid() == 0:
        account = pwd.getpwnam(USER)
        for path in [site, *site.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
    return ids


def start(env):
    command = [str(Path(PYTHON).with_name("gunicorn")), "config.wsgi", "--workers", "2",
               "--timeout", "30", "--bind", f"127.0.0.1:{PORT}", "--log-level", "error"]  # fmt: skip
    if os.geteuid() == 0:
        command += ["--user", USER, "--group", "nogroup"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def workers(process):
    output = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)],
                            capture_output=True, text=True).stdout  # fmt: skip
    return sorted(output.split())


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, forms, multipart uploads."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def open(self, path, data=None, headers=None):
        request = urllib.request.Request(BASE + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def token(self, path):
        status, _, html = self.open(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1), html

    def post(self, path, fields, files=()):
        token, _ = self.token(path)
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in [("csrfmiddlewaretoken", token), *fields]:
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                       f"{value}\r\n".encode())  # fmt: skip
        for name, filename, content in files:
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                       f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                       .encode())  # fmt: skip
            body.write(content)
            body.write(b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}",
                   "Referer": BASE + path}  # fmt: skip
        return self.open(path, body.getvalue(), headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def png(width, height):
    buffer = io.BytesIO()
    Image.new("L", (width, height), 200).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width, height):
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(
        buffer, "JPEG", quality=80
    )
    return buffer.getvalue()


def article_fields(title):
    author, topic = IDS
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return [("title", title), ("slug", slug), ("teaser", "A teaser."), ("body", "## A\n\nText."),
            ("author", author), ("topic", topic), ("hero_alt", "A test image"),
            ("related_links-TOTAL_FORMS", "0"), ("related_links-INITIAL_FORMS", "0")]  # fmt: skip


def upload(browser, process, title, name, content):
    before = workers(process)
    started = time.monotonic()
    status, headers, html = browser.post(
        "/admin/articles/article/add/", article_fields(title), [("hero_image", name, content)]
    )
    seconds = time.monotonic() - started
    error = re.search(r'<ul class="errorlist"[^>]*><li>(.*?)</li>', html, re.S)
    return {
        "bytes": len(content),
        "status": status,
        "seconds": round(seconds, 2),
        "form error": error.group(1) if error else None,
        "saved": status == 302,
        "workers unchanged": workers(process) == before,
    }


def main():
    site = Path(tempfile.mkdtemp(prefix="compendium-hostile-"))
    env = environment(site)
    process = None
    try:
        IDS[:] = build(site, env)
        process = start(env)
        browser = Browser()
        token, _ = browser.token("/admin/login/")
        status, _, _ = browser.post(
            "/admin/login/", [("username", "writer"), ("password", PASSWORD)]
        )
        assert status == 302, f"login answered {status}"
        print(f"load average {os.getloadavg()[0]:.2f}")
        results = {
            "12000x12000 PNG": upload(browser, process, "Huge PNG", "huge.png", png(12000, 12000)),
            "60 MB file": upload(browser, process, "Sixty", "sixty.jpg", os.urandom(60 * 10**6)),
            "7300x5450 JPEG (39.8 MP)": upload(
                browser, process, "Largest", "largest.jpg", jpeg(7300, 5450)
            ),  # fmt: skip
        }
        for label, result in results.items():
            print(f"{label}: {result}")

        # Permissions are checked when a file is opened: workers keep their connections open
        # (CONN_MAX_AGE), so the server starts again on the read-only file.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
        (site / "db.sqlite3").chmod(0o444)
        process = start(env)
        statuses = {path: browser.open(path)[0] for path in PUBLIC}
        anonymous = Browser()
        statuses |= {f"{path} (anonymous)": anonymous.open(path)[0] for path in PUBLIC}
        print(f"database read-only; public pages: {statuses}")
        status, headers, html = browser.post(
            "/admin/articles/article/add/", article_fields("During maintenance")
        )
        kept = "During maintenance" in html
        print(f"database read-only; a save answers {status}, Retry-After "
              f"{headers.get('Retry-After')}, the typed title still in the form: {kept}")  # fmt: skip
        status, _, _ = Browser().post(
            "/admin/login/", [("username", "writer"), ("password", PASSWORD)]
        )
        print(f"database read-only; logging in answers {status}")
        print(f"load average {os.getloadavg()[0]:.2f}")
    finally:
        if process:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(20)
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
