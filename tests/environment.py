"""Environment for the test run, loaded by pytest before Django reads its settings."""

import os
import tempfile

# Tests run with DEBUG off, like production; they still need a key.
os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-tests-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# WhiteNoise wants its (collected) static root to exist; tests serve static files via finders.
os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp(prefix="compendium-static-"))
# The live server for browser tests speaks plain HTTP.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told it is safe (it is: each test drives one synchronous browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
