"""`backup` then `restore`: the same site, page for page, on SQLite and on PostgreSQL."""

import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from articles.core.backups import content_counts
from articles.models import Article
from articles.services import article_hero_renditions
from tests.factories import make_article, make_comparison, make_concept, make_fact

# pg_dump and the backup API read committed data from the database itself.
pytestmark = pytest.mark.django_db(transaction=True)


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), (160, 40, 90)).save(buffer, "JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def site():
    transformer = make_concept(name="Transformer", slug="transformer")
    gan = make_concept(name="GAN", slug="gan")
    make_fact(concept=transformer)
    article = make_article(
        title="Attention in plain words",
        slug="attention-in-plain-words",
        body="## Queries and keys\n\nEvery token asks a question of every other.",
        hero_image=_jpeg(),
        hero_alt="Magenta",
        concepts=[transformer],
    )
    article_hero_renditions(article=article)
    article.teaser = "An edited teaser."
    article.save()  # a second history entry
    make_comparison(concepts=[transformer, gan])
    get_user_model().objects.create_user("ines", "ines@example.org", "a long passphrase")
    return article


def _pages(client, article):
    urls = [
        "/",
        article.get_absolute_url(),
        "/search/?q=question",
        "/concepts/transformer/",
        "/compare/gan-vs-transformer/",
        "/feed/",
        "/sitemap.xml",
    ]
    return {url: client.get(url) for url in urls}


def _snapshot(client, article):
    pages = {url: (r.status_code, r.content) for url, r in _pages(client, article).items()}
    article.refresh_from_db()
    renditions = article.hero_renditions
    names = [r["name"] for r in renditions.get("jpeg", []) + renditions.get("webp", [])]
    files = {name: default_storage.open(name).read() for name in [article.hero_image.name, *names]}
    history = list(
        Article.history.order_by("history_id").values_list("history_id", "title", "teaser")
    )
    return pages, files, history


def _wipe(media_root):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_then_restore_gives_the_same_site(client, site, settings, tmp_path):
    before = _snapshot(client, site)
    assert all(status == 200 for status, _ in before[0].values())
    assert b"Attention in plain words" in before[0]["/search/?q=question"][1]
    assert len(before[1]) > 1 and len(before[2]) >= 2

    out = io.StringIO()
    call_command("backup", output=tmp_path / "backups", stdout=out)
    archive = next((tmp_path / "backups").glob("compendium-backup-*.tar.gz"))
    assert f"Wrote {archive}" in out.getvalue()

    _wipe(settings.MEDIA_ROOT)
    assert content_counts() == {}
    assert client.get(site.get_absolute_url()).status_code == 404

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert f"the database and {len(before[1])} media files" in out.getvalue()

    after = _snapshot(client, Article.objects.get(slug=site.slug))
    assert after[0] == before[0]  # every page, byte for byte
    assert after[1] == before[1]  # the hero and its renditions
    assert after[2] == before[2]  # the history
    assert get_user_model().objects.get(username="ines").check_password("a long passphrase")


def test_the_archive_lists_every_member_with_its_checksum(site, tmp_path):
    call_command("backup", output=tmp_path, stdout=io.StringIO())
    archive = next(tmp_path.glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(names[1:])
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])
    assert f"media/{site.hero_image.name}" in names
    assert "articles.0001_initial" in manifest["migrations"]


def test_keep_deletes_all_but_the_newest(site, tmp_path):
    for _ in range(3):
        call_command("backup", output=tmp_path, keep=2, stdout=io.StringIO())
    assert len(list(tmp_path.glob("compendium-backup-*.tar.gz"))) == 2


def test_restore_refuses_a_site_with_content_and_force_keeps_a_copy(site, tmp_path):
    call_command("backup", output=tmp_path, stdout=io.StringIO())
    archive = next(tmp_path.glob("*.tar.gz"))
    make_article(title="Written after the backup", slug="written-after")

    with pytest.raises(CommandError, match=r"already has content \(.*articles.*--force"):
        call_command("restore", str(archive))
    assert Article.objects.filter(slug="written-after").exists()

    out = io.StringIO()
    call_command("restore", str(archive), force=True, stdout=out)
    assert not Article.objects.filter(slug="written-after").exists()
    safety = next(tmp_path.glob("pre-restore-*.tar.gz"))
    assert f"kept in {safety}" in out.getvalue()

    # The replaced content is itself restorable.
    call_command("restore", str(safety), force=True, stdout=io.StringIO())
    assert Article.objects.filter(slug="written-after").exists()


def _rewrite(archive, target, change):
    """Copy `archive` to `target`, passing each (member, bytes) through `change`."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member, source.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture
def archive(site, tmp_path):
    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    return next((tmp_path / "backups").glob("*.tar.gz"))


def _refused(archive, message):
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), force=True, stdout=io.StringIO())


def test_a_damaged_archive_is_refused_before_anything_changes(archive, tmp_path):
    def flip(member, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if member.name.startswith("media/") else data

    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", flip)
    slug = "written-after"
    make_article(slug=slug)
    _refused(damaged, "damaged: media/.* fails its checksum")
    assert Article.objects.filter(slug=slug).exists()
    assert not list(tmp_path.glob("**/pre-restore-*"))


def test_an_archive_missing_a_file_or_from_newer_code_is_refused(archive, tmp_path):
    def drop_media(member, data):
        return None if member.name.startswith("media/") else data

    _refused(_rewrite(archive, tmp_path / "short.tar.gz", drop_media), "does not hold the files")

    def newer(member, data):
        if member.name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("articles.9999_from_the_future")
        return json.dumps(manifest).encode()

    _refused(_rewrite(archive, tmp_path / "newer.tar.gz", newer), "newer version of Compendium")


def test_an_archive_escaping_its_folder_is_refused(archive, tmp_path):
    def escape(member, data):
        if member.name.startswith("media/"):
            member.name = "../../outside.jpg"
        return data

    _refused(_rewrite(archive, tmp_path / "escape.tar.gz", escape), "not a readable backup")
    assert not (tmp_path.parent / "outside.jpg").exists()


def test_an_archive_from_the_other_engine_is_refused(archive, tmp_path):
    def other(member, data):
        if member.name != "manifest.json":
            return data
        manifest = json.loads(data)
        vendor = manifest["database"]["vendor"]
        manifest["database"]["vendor"] = "postgresql" if vendor == "sqlite" else "sqlite"
        return json.dumps(manifest).encode()

    _refused(_rewrite(archive, tmp_path / "other.tar.gz", other), "Restore it on a site of the")


def test_restore_names_a_missing_or_unreadable_archive(tmp_path):
    _refused(tmp_path / "nowhere.tar.gz", "There is no archive at")
    (tmp_path / "junk.tar.gz").write_bytes(b"not a tarball")
    _refused(tmp_path / "junk.tar.gz", "junk.tar.gz is not a readable backup archive")
