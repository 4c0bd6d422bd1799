"""Backups: one archive holding a consistent snapshot of the database and every media file.

An archive is a gzipped tar named `compendium-backup-<UTC time>.tar.gz`:

    manifest.json        format, when, which database, applied migrations, and for every
                         other member its size and SHA-256
    database.sqlite3     SQLite's online backup (a consistent copy, taken while the site runs)
    database.pgdump      or pg_dump's custom format (one snapshot, taken while the site runs)
    media/...            every file of the default storage

`restore()` checks every checksum before it touches anything, refuses a site that already has
content unless forced (and then keeps a backup of what it replaces), puts the database back
with the engine's own tool, writes the media, applies any newer migrations and retires every
cached page. The commands `backup` and `restore` (articles/management/commands) are thin.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from articles.core import delivery

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
PREFIX = "compendium-backup-"
SUFFIX = ".tar.gz"
# Rows every migrate makes for itself: a site holding only these is empty.
# Sessions and login attempts are not content either.
SCAFFOLDING = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Restored:
    archive: Path
    created: str
    files: int
    safety_backup: Path | None


# Backup -----------------------------------------------------------------------------------


def backup(directory, *, keep=None, prefix=PREFIX):
    """Write an archive of the database and media into `directory`; return its path.

    The archive appears under its final name only once complete. With `keep`, only the
    newest `keep` archives of this prefix are kept in `directory`.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = directory / f"{prefix}{stamp}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work = Path(work)
        database = work / DATABASE_FILES[_vendor()]
        _dump_database(database)
        media = _copy_media(work / MEDIA)
        members = [database, *media]
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "database": {"vendor": _vendor(), "file": database.name},
            "migrations": _applied_migrations(),
            "files": [_describe(path, work) for path in members],
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = work / "archive.partial"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            for path in members:
                archive.add(path, arcname=path.relative_to(work).as_posix())
        os.replace(partial, target)
    if keep:
        for old in sorted(directory.glob(f"{prefix}*{SUFFIX}"))[:-keep]:
            old.unlink()
    return target


def _vendor():
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _dump_database(path):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            # The online backup API: a consistent copy while other connections write.
            connection.connection.backup(target)
        finally:
            target.close()
        return
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])


def _run(command):
    """Run a PostgreSQL client program against the site's database."""
    options = connection.settings_dict
    environment = os.environ | {
        "PGDATABASE": str(options["NAME"]),
        "PGHOST": str(options.get("HOST") or ""),
        "PGPORT": str(options.get("PORT") or ""),
        "PGUSER": str(options.get("USER") or ""),
        "PGPASSWORD": str(options.get("PASSWORD") or ""),
    }
    environment = {key: value for key, value in environment.items() if value != ""}
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client programs "
            "(Debian: postgresql-client) in the version of the server or newer."
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _copy_media(root):
    """Copy every file of the default storage under `root`; return the copies."""
    storage = storages["default"]
    copies = []
    for name in _storage_files(storage):
        copy = root / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(copy, "wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        copies.append(copy)
    return copies


def _storage_files(storage, folder=""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _storage_files(storage, f"{folder}/{name}" if folder else name)


def _applied_migrations():
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _describe(path, root):
    return {
        "name": path.relative_to(root).as_posix(),
        "size": path.stat().st_size,
        "sha256": _sha256(path),
    }


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Restore ----------------------------------------------------------------------------------


def restore(archive, *, force=False, safety_directory=None):
    """Put the site back as `archive` holds it; return what was restored.

    Refuses a damaged archive, one from the other database engine or from newer code, and,
    without `force`, a site that already has content. With `force`, the content it replaces
    is first backed up into `safety_directory`.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    safety = None
    with tempfile.TemporaryDirectory(prefix="compendium-restore-") as work:
        work = Path(work)
        manifest = _unpack(archive, work)
        _check_compatible(manifest)
        content = content_counts()
        if content and not force:
            raise BackupError(
                f"This site already has content ({_summary(content)}). Restoring would replace it: "
                "run restore again with --force (a backup of the current site is taken first)."
            )
        if content:
            safety = backup(safety_directory or archive.parent, prefix="pre-restore-")
        _load_database(work / manifest["database"]["file"])
        files = _write_media(work / MEDIA, manifest)
    call_command("migrate", interactive=False, verbosity=0)
    delivery.changed(delivery.ALL)
    return Restored(archive, manifest["created"], files, safety)


def _unpack(archive, work):
    """Extract `archive` into `work` and check it against its manifest; return the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out and device files.
            tar.extractall(work, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive.name} is not a readable backup archive ({error}).") from None
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        listed = {entry["name"]: entry for entry in manifest["files"]}
        database = manifest["database"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(f"{archive.name} has no readable manifest.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.name} is in backup format {manifest.get('format')!r}.")
    if database.get("file") not in listed:
        raise BackupError(f"{archive.name} holds no database.")
    present = {
        path.relative_to(work).as_posix()
        for path in work.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    if present != set(listed):
        raise BackupError(f"{archive.name} does not hold the files its manifest lists.")
    for name, entry in listed.items():
        path = work / PurePosixPath(name)
        if path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise BackupError(f"{archive.name} is damaged: {name} fails its checksum.")
    return manifest


def _check_compatible(manifest):
    vendor = manifest["database"]["vendor"]
    if vendor != _vendor():
        raise BackupError(
            f"This archive holds a {_engine(vendor)} database and this site runs on "
            f"{_engine(connection.vendor)}. Restore it on a site of the same engine "
            "(DATABASE_URL decides which)."
        )
    known = {
        f"{migration.app_label}.{migration.name}"
        for migration in _loader().disk_migrations.values()
    }
    newer = sorted(set(manifest["migrations"]) - known)
    if newer:
        raise BackupError(
            "This archive comes from a newer version of Compendium (it has migrations this "
            f"code does not know: {', '.join(newer[:5])}). Upgrade the code, then restore."
        )


def _loader():
    return MigrationLoader(connection, ignore_no_migrations=True)


def _engine(vendor):
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


def content_counts():
    """Rows per model of the site's own content (users included), leaving out what every
    migrate creates by itself; empty for a fresh site."""
    tables = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        # Many-to-many rows only join other rows: their ends are counted.
        if meta.label_lower in SCAFFOLDING or meta.auto_created or meta.db_table not in tables:
            continue
        count = model._base_manager.count()
        if count:
            counts[str(meta.verbose_name_plural)] = count
    return counts


def _summary(counts, shown=4):
    """'36 articles, 12 concepts, 4 authors and 9 other kinds' from content_counts()."""
    largest = sorted(
        ((label, count) for label, count in counts.items() if "historical" not in label.lower()),
        key=lambda item: (-item[1], item[0]),
    )
    text = ", ".join(f"{count} {label}" for label, count in largest[:shown])
    if len(largest) > shown:
        text += f" and {len(largest) - shown} other kinds of rows"
    return text


def _load_database(path):
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        connection.ensure_connection()
        try:
            # The backup API again, the other way: the site's database becomes the archive's,
            # page for page, with every other connection kept out while it happens.
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
        return
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ]
    )


def _write_media(root, manifest):
    storage = storages["default"]
    names = [
        entry["name"].removeprefix(f"{MEDIA}/")
        for entry in manifest["files"]
        if entry["name"].startswith(f"{MEDIA}/")
    ]
    for name in names:
        if storage.exists(name):
            storage.delete(name)
        with open(root / PurePosixPath(name), "rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"The storage renamed {name} to {saved}; the restore is partial.")
    return len(names)
