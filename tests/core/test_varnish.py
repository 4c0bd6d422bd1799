"""A real Varnish (config/varnish.vcl) in front of a live server: purges are exact."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from articles.core import delivery
from articles.editorial.models import Status
from articles.services import article_transition
from tests.factories import (
    make_article,
    make_concept,
    make_industry,
    make_member,
    make_use_case,
)
from tests.servers import free_port

VCL = Path(__file__).resolve().parents[2] / "config" / "varnish.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    if not os.path.exists(VARNISHD):
        message = "varnishd not found: apt-get install varnish to run the CDN test"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (it must run in CI)")
        pytest.skip(message)
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "compendium.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    process = subprocess.Popen(
        [
            VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "varnish"),
            "-a", f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,32m",
            "-p", "ban_lurker_sleep=0.01",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"varnishd stopped: {process.stderr.read().decode()}")
            time.sleep(0.1)
    settings.COMPENDIUM_PURGE_URL = url + "/"
    settings.COMPENDIUM_READER_CACHE = True
    yield url
    process.terminate()
    process.wait(10)


def fetch(url, path, **headers):
    request = urllib.request.Request(url + path, headers={"Host": "localhost"} | headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def test_publish_is_visible_through_varnish_at_once_and_unrelated_pages_stay_cached(
    varnish, transactional_db
):
    concept = make_concept(name="Transformer", slug="transformer")
    industry = make_industry(name="Healthcare", slug="healthcare")
    make_use_case(concept=concept, industry=industry)
    make_article(title="Already live", concepts=[concept])
    draft = make_article(title="Breaking piece", status=Status.DRAFT, published_at=None)
    unrelated = "/use-cases/transformer/healthcare/"
    for path in ["/", unrelated]:
        fetch(varnish, path)
        headers, _ = fetch(varnish, path)
        assert headers["X-Cache"] == "HIT", path

    article_transition(article=draft, to=Status.PUBLISHED, by=make_member("Editor"))
    delivery.wait_for_purges()
    time.sleep(0.2)  # the ban lurker

    headers, body = fetch(varnish, "/")
    assert headers["X-Cache"] == "MISS"
    assert b"Breaking piece" in body
    assert fetch(varnish, unrelated)[0]["X-Cache"] == "HIT"
    assert fetch(varnish, draft.get_absolute_url())[0]["X-Cache"] in ("MISS", "HIT")


def test_editors_pass_through_varnish(varnish, transactional_db):
    make_article(title="Already live")
    fetch(varnish, "/")

    headers, _ = fetch(varnish, "/", Cookie="sessionid=abc; other=1")
    headers_again, _ = fetch(varnish, "/", Cookie="sessionid=abc")

    assert headers["X-Cache"] == headers_again["X-Cache"] == "MISS"
    assert "private" in headers_again["Cache-Control"]


def test_readers_other_cookies_do_not_split_the_cache(varnish, transactional_db):
    make_article(title="Already live")
    fetch(varnish, "/")

    headers, _ = fetch(varnish, "/", Cookie="_ga=GA1.2.3")

    assert headers["X-Cache"] == "HIT"


def test_purge_from_elsewhere_needs_keys(varnish, transactional_db):
    request = urllib.request.Request(varnish + "/", method="PURGE")

    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)

    assert error.value.code == 400
