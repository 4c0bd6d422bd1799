"""Degrade, don't die: a database that refuses writes still serves readers; writers get a 503
that says why, with their text kept."""

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, OperationalError, connection
from django.urls import reverse
from PIL import Image

from articles.core import maintenance
from articles.models import Article
from tests.editorial.helpers import article_data, change_url
from tests.factories import make_article, make_comparison, make_concept, make_member

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def read_only_database():
    """Make the database refuse every write, as COMPENDIUM_READ_ONLY's options do."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = OFF")
        else:
            cursor.execute("SET default_transaction_read_only = off")


@pytest.fixture
def site():
    transformer = make_concept(name="Transformer", slug="transformer")
    gan = make_concept(name="GAN", slug="gan")
    article = make_article(title="Attention", slug="attention", concepts=[transformer])
    make_comparison(concepts=[transformer, gan])
    return article


PUBLIC = [
    "/",
    "/articles/attention/",
    "/concepts/transformer/",
    "/compare/gan-vs-transformer/",
    "/search/?q=attention",
    "/feed/",
    "/sitemap.xml",
    "/topics/",
    "/use-cases/",
]


def test_readers_get_every_page_while_writes_are_refused(client, site, read_only_database):
    for url in PUBLIC:
        assert client.get(url).status_code == 200, url
    with pytest.raises(DatabaseError):
        Article.objects.filter(pk=site.pk).update(title="Nope")


def test_readers_are_served_from_the_reader_cache_too(
    client, site, reader_cache, read_only_database
):
    first = client.get("/articles/attention/")
    again = client.get("/articles/attention/")
    assert first.status_code == again.status_code == 200
    assert again["X-Reader-Cache"] == "hit"


@pytest.fixture
def editor_client(client, site):
    editor = make_member("Editor")
    client.force_login(editor)
    client.raise_request_exception = False
    return client


def test_a_refused_save_shows_the_form_again_with_the_text_kept(
    editor_client, site, read_only_database
):
    assert editor_client.get(change_url(site)).status_code == 200  # the form still opens

    words = "A paragraph the editor must not lose, written during maintenance."
    response = editor_client.post(change_url(site), article_data(site, body=words))

    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert "no-store" in response["Cache-Control"]
    assert "Compendium is read-only for maintenance" in response.text
    assert "everything you wrote is still in this form" in response.text
    assert words in response.text  # in the body textarea, ready to save again
    assert 'name="body"' in response.text
    site.refresh_from_db()
    assert site.body != words


def test_other_refused_writes_get_the_503_page_not_a_500(
    editor_client, site, settings, read_only_database
):
    settings.COMPENDIUM_RETRY_AFTER = 120
    # Deleting is not a form with text: the 503 page says why and when to come back.
    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[site.pk]), {"post": "yes"}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "read-only for maintenance" in response.text
    assert "about 2 minutes" in response.text
    assert Article.objects.filter(pk=site.pk).exists()


@pytest.fixture
def root_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    client.raise_request_exception = False
    return client


def test_the_503_page_echoes_the_text_of_a_refused_form(
    root_client, django_user_model, read_only_database
):
    # A form outside our own admins (Django's user form): the page keeps what was typed,
    # escaped, and never a password.
    root = django_user_model.objects.get(username="root")
    response = root_client.post(
        reverse("admin:auth_user_change", args=[root.pk]),
        {
            "username": "root",
            "first_name": "<b>Grace</b>",
            "last_name": "Hopper",
            "email": "r@example.org",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "password": "not echoed",
        },
    )
    assert response.status_code == 503
    assert "What you sent, so that nothing is lost" in response.text
    assert "&lt;b&gt;Grace&lt;/b&gt;" in response.text  # escaped, never markup
    assert "Hopper" in response.text
    assert "not echoed" not in response.text
    assert "csrfmiddlewaretoken" not in response.text
    root.refresh_from_db()
    assert root.last_name == ""


@pytest.fixture
def ada(site):
    user = make_member("Editor", username="ada")
    user.set_password("a long passphrase")
    user.save()
    return user


def test_logging_in_during_maintenance_says_so(client, ada, read_only_database):
    client.raise_request_exception = False
    response = client.post(
        reverse("admin:login"), {"username": "ada", "password": "a long passphrase"}
    )
    assert response.status_code == 503
    assert "read-only for maintenance" in response.text


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), (10, 120, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_full_disk_keeps_the_form_and_leaves_no_file(editor_client, site, settings, monkeypatch):
    def full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    words = "Text typed while the disk filled up."
    response = editor_client.post(
        change_url(site),
        article_data(site, body=words, hero_alt="Green", hero_image=_jpeg()),
    )
    assert response.status_code == 503
    assert "run out of storage space" in response.text
    assert words in response.text
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


@pytest.fixture
def database_full():
    """Make the database answer a write that needs space as a full disk does: SQLite when it
    may not grow by a page, PostgreSQL with its disk_full error (raised by a trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Pages freed by earlier tests would take the write without growing the file:
            # fill them first (rolled back with the test), then forbid growth.
            cursor.execute("PRAGMA freelist_count")
            (free,) = cursor.fetchone()
            if free:
                cursor.execute("PRAGMA page_size")
                (size,) = cursor.fetchone()
                cursor.execute("CREATE TABLE compendium_filler (b BLOB)")
                cursor.execute("INSERT INTO compendium_filler VALUES (zeroblob(%s))", [free * size])
            cursor.execute("PRAGMA page_count")
            (pages,) = cursor.fetchone()
            cursor.execute(f"PRAGMA max_page_count = {pages}")
        else:
            cursor.execute(
                "CREATE FUNCTION compendium_disk_full() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER compendium_disk_full BEFORE UPDATE ON articles_article "
                "FOR EACH ROW EXECUTE FUNCTION compendium_disk_full()"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA max_page_count = 1073741823")
        else:
            cursor.execute("DROP TRIGGER compendium_disk_full ON articles_article")
            cursor.execute("DROP FUNCTION compendium_disk_full()")


def test_a_full_database_answers_503_with_the_form_kept(editor_client, site, database_full):
    words = "Long text that needs new pages. " * 6000
    response = editor_client.post(change_url(site), article_data(site, body=words))
    assert response.status_code == 503
    assert "run out of storage space" in response.text
    assert "Long text that needs new pages." in response.text
    site.refresh_from_db()
    assert site.body != words


def test_a_save_that_fails_after_its_upload_leaves_no_file(
    editor_client, site, settings, database_full
):
    words = "Long text that needs new pages. " * 6000
    response = editor_client.post(
        change_url(site), article_data(site, body=words, hero_alt="Green", hero_image=_jpeg())
    )
    assert response.status_code == 503
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_successful_upload_is_kept(editor_client, site, settings):
    response = editor_client.post(
        change_url(site), article_data(site, hero_alt="Green", hero_image=_jpeg())
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert (Path(settings.MEDIA_ROOT) / site.hero_image.name).is_file()


class FakePostgresError(Exception):
    def __init__(self, sqlstate):
        super().__init__("refused")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OperationalError("attempt to write a readonly database"), maintenance.READ_ONLY),
        (OperationalError("database or disk is full"), maintenance.FULL),
        (OSError(errno.EROFS, "Read-only file system"), maintenance.READ_ONLY),
        (OSError(errno.ENOSPC, "No space left on device"), maintenance.FULL),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), maintenance.FULL),
        (FakePostgresError("25006"), maintenance.READ_ONLY),
        (FakePostgresError("53100"), maintenance.FULL),
        (OperationalError("no such table: articles_article"), None),
        (OSError(errno.ENOENT, "No such file"), None),
        (ValueError("attempt to write a readonly database"), None),
    ],
)
def test_refusal_knows_each_engines_words(error, reason):
    assert maintenance.refusal(error) == reason


def test_refusal_looks_through_wrapping_exceptions():
    try:
        try:
            raise FakePostgresError("25006")
        except FakePostgresError as cause:
            raise OperationalError("cannot execute UPDATE in a read-only transaction") from cause
    except OperationalError as error:
        assert maintenance.refusal(error) == maintenance.READ_ONLY


def test_read_only_mode_opens_the_database_read_only(tmp_path):
    """COMPENDIUM_READ_ONLY=1, end to end in a real process: reads work, writes are refused."""
    environment = os.environ | {
        "DJANGO_DEBUG": "1",
        "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DATABASE_URL": "",
    }
    run = [sys.executable, "manage.py"]
    subprocess.run([*run, "migrate", "-v0"], cwd=ROOT, env=environment, check=True)
    script = (
        "from articles.knowledge.models import Industry\n"
        "print(Industry.objects.count())\n"
        "try:\n"
        "    Industry.objects.create(name='Shipping', slug='shipping')\n"
        "except Exception as error:\n"
        "    from articles.core.maintenance import refusal\n"
        "    print(refusal(error))\n"
    )
    done = subprocess.run(
        [*run, "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=environment | {"COMPENDIUM_READ_ONLY": "1"},
        capture_output=True,
        text=True,
    )
    assert done.stdout.split() == ["0", maintenance.READ_ONLY], done.stderr


def test_readyz_stays_ready_in_read_only_mode_and_says_so(client, settings):
    settings.COMPENDIUM_READ_ONLY = True
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.text == "ok\nread-only mode: pages are served, writes answer 503\n"


def test_editors_see_that_the_site_is_read_only(editor_client, site, settings):
    settings.COMPENDIUM_READ_ONLY = True
    response = editor_client.get(reverse("admin:index"))
    assert "Compendium is read-only for maintenance" in response.text
    settings.COMPENDIUM_READ_ONLY = False
    assert "read-only" not in editor_client.get(reverse("admin:index")).text


def test_every_admin_form_keeps_the_text_of_a_refused_save(client, read_only_database_later):
    """Concepts, industries and the rest, not only articles: the form comes back filled in."""
    client, enable = read_only_database_later
    enable()
    response = client.post(
        reverse("admin:knowledge_industry_add"),
        {"name": "Shipping and logistics", "slug": "shipping", "description": "Ports."},
    )
    assert response.status_code == 503
    assert 'value="Shipping and logistics"' in response.text
    assert "Compendium is read-only for maintenance" in response.text


@pytest.fixture
def read_only_database_later(client, django_user_model):
    """A logged-in superuser, and a switch that makes the database read-only."""
    client.force_login(django_user_model.objects.create_superuser("su", "su@example.org", "pw"))
    client.raise_request_exception = False
    switched = []

    def enable():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("SET default_transaction_read_only = on")
        switched.append(True)

    yield client, enable
    if switched:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")
