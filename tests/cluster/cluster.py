"""A Compendium cluster on loopback: the scale-out stack, started as the README says.

Two gunicorn app servers from this checkout (the release), nginx in front as the load
balancer, PostgreSQL and Redis (this machine's services) and an S3 server (moto's, standing in
for the object storage). The commands are the README's, command for command ("Scaling out"):
`RELEASE`, `app_server_command()` (the systemd unit's ExecStart) and `BALANCER`.
"""

import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from tests.servers import S3_KEYS, free_port, require, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
UNIT = DEPLOY / "compendium@.service"
ENV_FILE = DEPLOY / "compendium.env"
DATABASE = f"compendium_cluster_{os.getpid()}"  # a run of its own, even beside another
EDITOR = "editor"

# The release, run once from one machine, in this order (README, "Scaling out").
RELEASE = [
    ".venv/bin/python manage.py media_bucket --create",
    ".venv/bin/python manage.py migrate --no-input",
    ".venv/bin/python manage.py createsuperuser --no-input --username editor"
    " --email editor@compendium.example",
    ".venv/bin/python manage.py collectstatic --no-input",
]
# The load balancer.
BALANCER = [
    "envsubst '$COMPENDIUM_LISTEN $COMPENDIUM_UPSTREAMS $COMPENDIUM_NGINX_DIR'"
    ' < docs/deploy/nginx.conf.template > "$COMPENDIUM_NGINX_DIR/nginx.conf"',
    "nginx -c \"$COMPENDIUM_NGINX_DIR/nginx.conf\" -g 'daemon off;'",
]


def app_server_command():
    """The unit's ExecStart, run from the release folder, the port from $COMPENDIUM_PORT."""
    line = next(line for line in UNIT.read_text().splitlines() if line.startswith("ExecStart="))
    return line.removeprefix("ExecStart=/srv/compendium/current/").replace("%i", "$COMPENDIUM_PORT")


def env_file_names():
    return re.findall(r"^([A-Z][A-Z0-9_]*)=", ENV_FILE.read_text(), flags=re.MULTILINE)


@dataclass
class Node:
    name: str
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    workdir: Path
    s3_endpoint: str
    env: dict = field(default_factory=dict)
    nodes: dict = field(default_factory=dict)
    balancer: subprocess.Popen | None = None
    balancer_port: int = 0
    nginx_dir: Path | None = None
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    @property
    def url(self):
        return f"http://127.0.0.1:{self.balancer_port}"

    def build_env(self):
        static = self.workdir / "static"
        # nginx's workers (not root) write request bodies there: a folder they can reach,
        # outside pytest's own, which only root may enter.
        self.nginx_dir = nginx_dir = Path(tempfile.mkdtemp(prefix="compendium-nginx-"))
        nginx_dir.chmod(0o755)
        self.balancer_port = free_port()
        self.nodes = {name: Node(name, free_port()) for name in ("A", "B")}
        upstreams = " ".join(
            f"server 127.0.0.1:{node.port} max_fails=1 fail_timeout=5s;"
            for node in self.nodes.values()
        )
        self.env = {
            # nginx lives in /usr/sbin, which a user's PATH may lack.
            "PATH": f"{os.environ.get('PATH', '/usr/bin:/bin')}:/usr/sbin:/sbin",
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            # The app server role (docs/deploy/compendium.env).
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": self.url,
            "DJANGO_PROXY_COUNT": "1",
            "COMPENDIUM_BIND_ADDRESS": "127.0.0.1",
            "COMPENDIUM_WORKERS": "2",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            # A prefix of its own, so a run never sees another run's (or the suite's) keys.
            "DJANGO_CACHE_PREFIX": f"cluster-{uuid.uuid4().hex[:12]}",
            "COMPENDIUM_MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "compendium-media",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ENDPOINT_URL": self.s3_endpoint,
            **S3_KEYS,
            # No CDN here: readers fetch media from the S3 server itself.
            "COMPENDIUM_MEDIA_CDN": "",
            # This build's own static folder, as each release has its own.
            "DJANGO_STATIC_ROOT": str(static),
            "COMPENDIUM_BACKUP_DIR": str(self.workdir / "backups"),
            # Plain HTTP on loopback: no TLS proxy in front to redirect to.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_SUPERUSER_PASSWORD": self.password,
            # The balancer (docs/deploy/nginx.conf.template).
            "COMPENDIUM_LISTEN": f"127.0.0.1:{self.balancer_port}",
            "COMPENDIUM_UPSTREAMS": upstreams,
            "COMPENDIUM_NGINX_DIR": str(nginx_dir),
        }

    def run(self, command, **env):
        """Run one of the README's commands from the release folder; return its output."""
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=ROOT,
            env=self.env | env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise AssertionError(f"{command} failed ({result.returncode}):\n{result.stderr}")
        return result.stdout

    def start(self, command, log_name, port, **env):
        with open(self.workdir / f"{log_name}.log", "ab") as log:
            process = subprocess.Popen(
                ["bash", "-c", f"exec {command}"],
                cwd=ROOT,
                env=self.env | env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own: killed whole, workers too
            )
        wait_for_port(port, process, timeout=60, name=log_name)
        return process

    def start_node(self, name):
        node = self.nodes[name]
        node.process = self.start(
            app_server_command(), f"node-{name}", node.port, COMPENDIUM_PORT=str(node.port)
        )

    def kill_node(self, name):
        """Kill node `name` at once, master and workers, as a machine that dies would."""
        node = self.nodes[name]
        os.killpg(node.process.pid, signal.SIGKILL)
        node.process.wait(10)

    def up(self):
        self.build_env()
        create_database()
        for command in RELEASE:
            self.run(command)
        for name in self.nodes:
            self.start_node(name)
        self.run(BALANCER[0])
        self.balancer = self.start(BALANCER[1], "nginx", self.balancer_port)

    def down(self):
        for process in [self.balancer, *(node.process for node in self.nodes.values())]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        if self.nginx_dir:
            for name in ("error.log", "access.log"):
                if (self.nginx_dir / name).exists():
                    shutil.copy(self.nginx_dir / name, self.workdir / f"nginx-{name}")
            shutil.rmtree(self.nginx_dir, ignore_errors=True)

    def sql(self, query, *params):
        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={DATABASE}") as db:
            return db.execute(query, params).fetchall()

    def log(self, name):
        return (self.workdir / f"{name}.log").read_text(errors="replace")


def create_database():
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {DATABASE}")


def requirements():
    """Skip (fail in CI) without nginx, envsubst, PostgreSQL or Redis on this machine."""
    require("nginx", "nginx (Debian package)")
    require("envsubst", "gettext-base (Debian package)")
    try:
        psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", connect_timeout=3).close()
        socket.create_connection(("127.0.0.1", 6379), timeout=3).close()
    except (psycopg.OperationalError, OSError) as error:
        message = f"the cluster needs PostgreSQL and Redis on 127.0.0.1: {error}"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (it must run in CI)")
        pytest.skip(message)


def drop_database():
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    headers: object
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """An HTTP client with its own cookies, as one person's browser: redirects not followed."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, url, data=None, *, headers=None, method=None, timeout=30):
        request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())
        except OSError as error:  # refused, reset, timed out: no answer at all
            return Response(0, {}, str(error).encode())

    def get(self, url, **kwargs):
        return self.request(url, **kwargs)

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def post(self, url, fields, files=None):
        """POST a form (multipart when `files`, {name: (filename, bytes, type)}), with the
        CSRF token from this browser's cookie."""
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **fields}
        if files:
            boundary = uuid.uuid4().hex
            body = b"".join(
                [
                    *(_part(boundary, name, value) for name, value in _pairs(fields)),
                    *(
                        _part(boundary, name, content, filename=filename, content_type=kind)
                        for name, (filename, content, kind) in files.items()
                    ),
                    f"--{boundary}--\r\n".encode(),
                ]
            )
            kind = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(list(_pairs(fields))).encode()
            kind = "application/x-www-form-urlencoded"
        return self.request(url, body, headers={"Content-Type": kind, "Referer": url})

    def log_in(self, base, username, password):
        self.get(f"{base}/admin/login/")
        response = self.post(
            f"{base}/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        assert response.status == 302, response.text[:2000]
        return response


def _pairs(fields):
    for name, value in fields.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            yield name, str(item)


def _part(boundary, name, value, *, filename=None, content_type=None):
    disposition = f'form-data; name="{name}"'
    if filename:
        disposition += f'; filename="{filename}"'
    head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    data = value if isinstance(value, bytes) else value.encode()
    return head.encode() + b"\r\n" + data + b"\r\n"
