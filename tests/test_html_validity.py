"""The Nu Html Checker finds no error on any reader page type with the demo content (htmx's
`hx-*` attributes aside: the checker does not know them, browsers ignore what they don't use)."""

import json
import subprocess

import pytest
from django.core.management import call_command

from tests.checkers import VNU, require
from tests.demo_pages import page_types

pytestmark = pytest.mark.django_db


def test_every_page_type_is_valid_html(client, tmp_path):
    jar = require(VNU, "The Nu Html Checker")
    call_command("load_demo", verbosity=0)
    files = {}
    for number, path in enumerate(page_types()):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        files[number] = path
        (tmp_path / f"{number}.html").write_bytes(response.content)

    checked = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", "--exit-zero-always",
         *[str(tmp_path / f"{number}.html") for number in files]],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [
        f"{files[int(m['url'].rsplit('/', 1)[1].split('.')[0])]}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not m["message"].startswith("Attribute “hx-")
    ]
    assert errors == []
