import pytest

from tests.factories import make_member


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, plain static storage, no HTTPS redirect, and media in a temporary folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    # Pages are rendered for every request unless a test asks for the reader cache
    # (the `reader_cache` fixture), so query counts measure the page itself.
    settings.COMPENDIUM_READER_CACHE = False
    if settings.CACHES["delivery"]["BACKEND"].endswith("FileBasedCache"):
        # The reader cache in a folder of its own per test, as a fresh site has it.
        settings.CACHES = settings.CACHES | {
            "delivery": settings.CACHES["delivery"] | {"LOCATION": tmp_path / "pages"}
        }


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    from articles.core import delivery

    for alias in ("default", "delivery"):
        caches[alias].clear()
    delivery.forget_local_pages()
    yield
    for alias in ("default", "delivery"):
        caches[alias].clear()
    delivery.forget_local_pages()
    delivery._owed.clear()  # a test that broke the cache mid-commit owes nothing to the next


@pytest.fixture
def editor(db):
    """A member of the Editor group."""
    return make_member("Editor")


@pytest.fixture
def reader_cache(settings):
    """The reader cache switched on, as in production."""
    settings.COMPENDIUM_READER_CACHE = True
