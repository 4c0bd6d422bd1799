"""The settings module, read fresh in a child process with a given environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]


def production_settings(**env):
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "test-only",
        "DJANGO_ALLOWED_HOSTS": "compendium.example",
        **env,
    }
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert output.returncode == 0, output.stderr
    return json.loads(output.stdout)


def test_production_cookies_are_secure_by_default():
    assert production_settings() == dict.fromkeys(NAMES, True)


def test_secure_cookies_can_be_turned_off_for_a_local_http_run():
    found = production_settings(DJANGO_SECURE_COOKIES="0", DJANGO_SECURE_SSL_REDIRECT="0")

    assert found == dict.fromkeys(NAMES, False)
