"""The site's content as a folder of Markdown files: written by `export_content`, read back by
`import_content`, diffed in git in between.

    manifest.json                       format, counts, applied migrations, SHA-256 of each file
    dimensions.yaml                     every dimension, in row order
    authors/<slug>.md                   body: the bio; avatar beside it as <slug>.<ext>
    topics/<slug>.md, industries/<slug>.md        body: the description
    images/<name>.<ext> + <name>.yaml   the media library: the file, its words and focal point
    concepts/<slug>.md                  body: the explanation; outgoing relations in the header
    facts/<concept>/<dimension>.md      body: the text
    use-cases/<concept>--<industry>.md  body: the text
    articles/<slug>.md                  body: the Markdown
    comparisons/<slug>.md               body: the introduction

Each .md file is a YAML header between two `---` lines, then the body exactly as stored (line
endings made LF). Rows refer to each other by slug, and library images by name, never by id:
`![](image:42)` is written `![](image:<name>)` and read back as the id that image has in the
importing site; a reference to an image no longer in the library is written
`image:missing-42`, which renders as it did (its alternative text alone).

An import checks the whole folder before it writes anything, then writes in one transaction
through each model's `full_clean()` and `save()` (so bodies are rendered) and the media
services; it matches rows by slug or natural key, updates them in place, only saves what
changed, and makes each row's links (relations, concepts, positions…) exactly the file's. It
never deletes a row the folder does not mention.
"""

import contextlib
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.text import slugify

from articles.core import delivery, uploads
from articles.editorial.models import Status
from articles.knowledge.models import (
    Concept,
    ConceptRelation,
    Dimension,
    Fact,
    Industry,
    RelationKind,
    UseCase,
)
from articles.media.models import Image
from articles.media.services import image_save
from articles.models import Article, Author, OldSlug, RelatedKind, RelatedLink, Topic
from articles.services import article_hero_renditions
from comparisons.models import Comparison

FORMAT = 1
MANIFEST = "manifest.json"
# Storage paths in a folder are relative to the media storage: checked against a stand-in root.
STORAGE_ROOT = "/media-storage"
DIMENSIONS = "dimensions.yaml"
# The order of the summary, and of the writes: each kind refers only to kinds before it.
KINDS = [
    "topics",
    "authors",
    "industries",
    "dimensions",
    "images",
    "concepts",
    "relations",
    "facts",
    "use-cases",
    "articles",
    "comparisons",
]
# `](image:42)` in stored Markdown; `](image:<name>)` in an exported file.
STORED_IMAGE_RE = re.compile(r"(\]\(\s*)image:(\d{1,18})(?![\w-])")
EXPORTED_IMAGE_RE = re.compile(r"(\]\(\s*)image:([a-z0-9][a-z0-9-]*)(?![\w-])")
MISSING_PREFIX = "missing-"


class ContentError(Exception):
    """A folder that cannot be exported into or imported; the message names each problem."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


# Text ---------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line strings, so that they diff line by line."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data):
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


def lf(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter(header, body=""):
    """Return the bytes of a Markdown file with a YAML header."""
    return f"---\n{dump_yaml(header)}---\n{lf(body)}".encode()


def split_front_matter(text):
    """Return (header text, body) of a Markdown file, or raise ValueError."""
    if not text.startswith("---\n"):
        raise ValueError("the file must start with a '---' line, then the header")
    header, separator, body = text[4:].partition("\n---\n")
    if not separator:
        if header.endswith("\n---") or header == "---":
            return header[: -len("---")], ""
        raise ValueError("no '---' line closes the header")
    return header + "\n", body


def utc(moment):
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def applied_migrations():
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


# Export -------------------------------------------------------------------------------------


def export_content(directory):
    """Write the site's content into `directory` (new, empty, or an earlier export, whose
    files that no longer exist are removed); return the counts per kind."""
    directory = Path(directory)
    old_files = _previous_export(directory)
    files, counts = _export_files()
    manifest = {
        "format": FORMAT,
        "counts": counts,
        "files": {name: sha256(data) for name, data in sorted(files.items())},
        "migrations": applied_migrations(),
    }
    files[MANIFEST] = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    files[MANIFEST] = files[MANIFEST].encode()
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    for name in sorted(old_files - files.keys(), reverse=True):
        path = directory / name
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == directory or any(parent.iterdir()):
                break
            parent.rmdir()
    return counts


def _inside(root, name):
    """Return True if `name` is a relative path that stays inside folder `root`."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[:1] == (".",):
        return False
    root = Path(root).resolve()
    return (root / name).resolve().is_relative_to(root)


def _previous_export(directory):
    """Return the files an earlier export left in `directory`; refuse any other content."""
    if not directory.exists():
        return set()
    if not directory.is_dir():
        raise ContentError(f"{directory} is not a folder.")
    manifest = directory / MANIFEST
    if manifest.is_file():
        try:
            names = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
        except (ValueError, KeyError, TypeError):
            raise ContentError(f"{manifest}: not a manifest this tool wrote.") from None
        # Only ever delete inside the folder, whatever an old manifest says.
        if not all(_inside(directory, name) for name in names):
            raise ContentError(f"{manifest}: names files outside the folder; not this tool's.")
        return names | {MANIFEST}
    if any(not entry.name.startswith(".") for entry in directory.iterdir()):
        raise ContentError(
            f"{directory} holds files but no {MANIFEST}: export into an empty folder or an "
            "earlier export."
        )
    return set()


def _export_files():
    files = {}
    counts = {}
    names = _image_names()

    def add(kind, name, data):
        files[name] = data
        counts[kind] = counts.get(kind, 0) + 1

    def markdown(text):
        def replace(match):
            name = names.get(int(match[2]), f"{MISSING_PREFIX}{match[2]}")
            return f"{match[1]}image:{name}"

        return STORED_IMAGE_RE.sub(replace, lf(text))

    for topic in Topic.objects.order_by("slug"):
        header = {"name": topic.name, "slug": topic.slug}
        add("topics", f"topics/{topic.slug}.md", front_matter(header, topic.description))

    for author in Author.objects.order_by("slug"):
        header = {"name": author.name, "slug": author.slug, "avatar": None}
        if author.avatar:
            avatar = _stored_file(author.avatar.name, f"authors/{author.slug}")
            header["avatar"] = {"file": avatar.file, "path": author.avatar.name}
            files[f"authors/{avatar.file}"] = avatar.data
        add("authors", f"authors/{author.slug}.md", front_matter(header, author.bio))

    for industry in Industry.objects.order_by("slug"):
        header = {"name": industry.name, "slug": industry.slug}
        add(
            "industries",
            f"industries/{industry.slug}.md",
            front_matter(header, industry.description),
        )

    dimensions = [
        {"slug": d.slug, "name": d.name, "description": d.description, "position": d.position}
        for d in Dimension.objects.order_by("position", "slug")
    ]
    files[DIMENSIONS] = dump_yaml(dimensions).encode()
    counts["dimensions"] = len(dimensions)

    for image in Image.objects.order_by("file", "pk"):
        name = names[image.pk]
        stored = _stored_file(image.file.name, f"images/{name}")
        header = {
            "title": image.title,
            "alt": image.alt,
            "caption": image.caption,
            "credit": image.credit,
            "focal": [image.focal_x, image.focal_y],
            "file": stored.file,
            "path": image.file.name,
        }
        files[f"images/{stored.file}"] = stored.data
        add("images", f"images/{name}.yaml", dump_yaml(header).encode())

    relations = {}
    for relation in ConceptRelation.objects.select_related("target").order_by("kind"):
        relations.setdefault(relation.source_id, []).append(
            {"kind": relation.kind, "target": relation.target.slug}
        )
    for concept in Concept.objects.order_by("slug"):
        header = {
            "name": concept.name,
            "slug": concept.slug,
            "definition": concept.definition,
            "aliases": concept.alias_list,
            "family": concept.family,
            "relations": sorted(
                relations.get(concept.pk, []), key=lambda r: (r["kind"], r["target"])
            ),
        }
        counts["relations"] = counts.get("relations", 0) + len(header["relations"])
        add(
            "concepts",
            f"concepts/{concept.slug}.md",
            front_matter(header, markdown(concept.explanation)),
        )

    for fact in Fact.objects.select_related("concept", "dimension").order_by(
        "concept__slug", "dimension__slug"
    ):
        header = {
            "concept": fact.concept.slug,
            "dimension": fact.dimension.slug,
            "value": fact.value,
            "sources": fact.sources,
            "verified_on": fact.verified_on.isoformat(),
        }
        name = f"facts/{fact.concept.slug}/{fact.dimension.slug}.md"
        add("facts", name, front_matter(header, markdown(fact.text)))

    for use_case in UseCase.objects.select_related("concept", "industry").order_by(
        "concept__slug", "industry__slug"
    ):
        header = {
            "concept": use_case.concept.slug,
            "industry": use_case.industry.slug,
            "title": use_case.title,
            "as_of": use_case.as_of.isoformat(),
        }
        name = f"use-cases/{use_case.concept.slug}--{use_case.industry.slug}.md"
        add("use-cases", name, front_matter(header, markdown(use_case.text)))

    articles = Article.objects.select_related("author", "topic").prefetch_related(
        "concepts", "industries", "old_slugs"
    )
    links = {}
    for link in RelatedLink.objects.select_related("related"):
        links.setdefault(link.article_id, []).append(
            {"article": link.related.slug, "kind": link.kind, "position": link.position}
        )
    for article in articles.order_by("slug"):
        header = {
            "title": article.title,
            "slug": article.slug,
            "teaser": article.teaser,
            "author": article.author.slug,
            "topic": article.topic.slug,
            "concepts": sorted(c.slug for c in article.concepts.all()),
            "industries": sorted(i.slug for i in article.industries.all()),
            "status": article.status,
            "published_at": utc(article.published_at),
            "first_published_at": utc(article.first_published_at),
            "revised_at": utc(article.revised_at),
            "featured": article.featured,
            "glossary_links": article.glossary_links,
            "hero_image": names.get(article.hero_source_id),
            "hero_file": None,
            "hero_alt": article.hero_alt,
            "hero_caption": article.hero_caption,
            "seo_title": article.seo_title,
            "seo_description": article.seo_description,
            "related": sorted(
                links.get(article.pk, []), key=lambda r: (r["kind"], r["position"], r["article"])
            ),
            "old_slugs": sorted(old.slug for old in article.old_slugs.all()),
        }
        if article.hero_image and not article.hero_source_id:
            hero = _stored_file(article.hero_image.name, f"articles/{article.slug}")
            header["hero_file"] = {"file": hero.file, "path": article.hero_image.name}
            files[f"articles/{hero.file}"] = hero.data
        add("articles", f"articles/{article.slug}.md", front_matter(header, markdown(article.body)))

    comparisons = Comparison.objects.prefetch_related(
        "comparison_concepts__concept", "comparison_dimensions__dimension", "related_articles"
    )
    for comparison in comparisons.order_by("slug"):
        header = {
            "title": comparison.title,
            "slug": comparison.slug,
            "concepts": [row.concept.slug for row in comparison.comparison_concepts.all()],
            "dimensions": [row.dimension.slug for row in comparison.comparison_dimensions.all()],
            "related_articles": sorted(a.slug for a in comparison.related_articles.all()),
            "status": comparison.status,
            "published_at": utc(comparison.published_at),
            "first_published_at": utc(comparison.first_published_at),
            "featured": comparison.featured,
            "similarities": markdown(comparison.similarities),
            "verdict": markdown(comparison.verdict),
        }
        body = markdown(comparison.introduction)
        add("comparisons", f"comparisons/{comparison.slug}.md", front_matter(header, body))

    return files, {kind: counts.get(kind, 0) for kind in KINDS}


def _image_names():
    """Name every library image after its file: {id: name}, unique, never only digits."""
    names = {}
    taken = set()
    for pk, file in Image.objects.order_by("file", "pk").values_list("pk", "file"):
        stem = slugify(PurePosixPath(file).stem) or "image"
        if stem.isdigit() or stem.startswith(MISSING_PREFIX):
            stem = f"image-{stem}"
        name, number = stem, 1
        while name in taken:
            number += 1
            name = f"{stem}-{number}"
        taken.add(name)
        names[pk] = name
    return names


@dataclass
class _Stored:
    file: str
    data: bytes


def _stored_file(storage_name, stem):
    """Read `storage_name` from the default storage, to be written as `stem` + its suffix."""
    try:
        with default_storage.open(storage_name, "rb") as handle:
            data = handle.read()
    except OSError:
        raise ContentError(f"{stem}: its file {storage_name} is missing from storage.") from None
    suffix = PurePosixPath(storage_name).suffix.lower()
    return _Stored(file=PurePosixPath(stem).name + suffix, data=data)


# Reading a folder -----------------------------------------------------------------------------


class _Header:
    """One file's header: typed reads that note each problem with the file and field."""

    def __init__(self, name, data, problems):
        self.name = name
        self.data = data if isinstance(data, dict) else {}
        self.problems = problems
        self.read = set()
        if not isinstance(data, dict):
            self.problem(None, "the header must be a set of 'key: value' lines")

    def problem(self, key, message):
        self.problems.append(f"{self.name}: {key}: {message}" if key else f"{self.name}: {message}")

    def get(self, key, required):
        self.read.add(key)
        if key not in self.data:
            if required:
                self.problem(key, "missing")
            return None
        return self.data[key]

    def text(self, key, *, required=True):
        value = self.get(key, required)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(key, "must be text")
            return ""
        return lf(str(value))

    def slug(self, key, *, required=True):
        value = self.text(key, required=required)
        if required and not value:
            self.problem(key, "must not be empty")
        return value

    def slugs(self, key):
        value = self.get(key, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(key, "must be a list of slugs")
            return []
        return value

    def flag(self, key):
        value = self.get(key, True)
        if value is not None and not isinstance(value, bool):
            self.problem(key, "must be true or false")
        return bool(value)

    def moment(self, key):
        value = self.get(key, False)
        if value is None:
            return None
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(key, f"must be a time like 2025-01-31T09:00:00Z, not {value!r}")
            return None
        if moment.tzinfo is None:
            self.problem(key, "must say its time zone (end it with Z for UTC)")
            return None
        return moment.astimezone(UTC)

    def day(self, key):
        value = self.get(key, True)
        if value is None:
            return None
        try:
            return value if isinstance(value, date) else date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(key, f"must be a date like 2025-01-31, not {value!r}")
            return None

    def records(self, key, fields):
        """Read a list of mappings with exactly `fields` (name: type)."""
        value = self.get(key, False) or []
        good = isinstance(value, list) and all(
            isinstance(row, dict)
            and set(row) == set(fields)
            and all(
                isinstance(row[f], kind) and not isinstance(row[f], bool)
                for f, kind in fields.items()
            )
            for row in value
        )
        if not good:
            names = ", ".join(fields)
            self.problem(key, f"must be a list of entries with {names}")
            return []
        return value

    def file(self, key):
        """Read {file, path} of a file stored beside the header, or None."""
        value = self.get(key, False)
        if value is None:
            return None
        if (
            not isinstance(value, dict)
            or set(value) != {"file", "path"}
            or not all(isinstance(v, str) and v for v in value.values())
        ):
            self.problem(key, "must have a file and a path")
            return None
        return value

    def finish(self):
        for key in sorted(set(self.data) - self.read, key=str):
            self.problem(key, "unknown field")


@dataclass
class Folder:
    """A checked export: its rows by kind and key, the files beside them, the manifest."""

    root: Path
    manifest: dict
    rows: dict = field(default_factory=lambda: {kind: {} for kind in KINDS})


def read_folder(directory):
    """Check `directory` against its manifest and read every file; raise ContentError naming
    every problem (file and field) found."""
    root = Path(directory)
    manifest = _read_manifest(root)
    folder = Folder(root=root, manifest=manifest)
    problems = []
    for name in sorted(manifest["files"]):
        path = root / name
        if name == DIMENSIONS:
            _read_dimensions(folder, name, path.read_text(encoding="utf-8"), problems)
            continue
        kind = name.split("/", 1)[0]
        if name.endswith(".md") and kind in READERS:
            text = path.read_text(encoding="utf-8")
            try:
                header_text, body = split_front_matter(lf(text))
                data = yaml.safe_load(header_text)
            except (ValueError, yaml.YAMLError) as error:
                problems.append(f"{name}: {_yaml_problem(error)}")
                continue
            header = _Header(name, data, problems)
            row = READERS[kind](header, body)
            header.finish()
            _keep(folder, kind, row, name, problems)
        elif kind == "images" and name.endswith(".yaml"):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as error:
                problems.append(f"{name}: {_yaml_problem(error)}")
                continue
            header = _Header(name, data, problems)
            row = _read_image(header, PurePosixPath(name).stem)
            header.finish()
            _keep(folder, "images", row, name, problems)
        elif name.endswith(".md") or kind not in ("authors", "images", "articles"):
            problems.append(f"{name}: not a file of this format; remove it from the folder.")
    if not problems:
        _check_references(folder, problems)
    if problems:
        raise ContentError(problems)
    return folder


def _yaml_problem(error):
    return f"not a valid header ({' '.join(str(error).split())})"


def _read_manifest(root):
    path = root / MANIFEST
    if not path.is_file():
        raise ContentError(f"{root}: no {MANIFEST}; is this a folder export_content wrote?")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ContentError(f"{MANIFEST}: not valid JSON ({error}).") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise ContentError(f"{MANIFEST}: it lists no files.")
    outside = sorted(str(name) for name in manifest["files"] if not _inside(root, name))
    if outside:
        raise ContentError(f"{MANIFEST}: files outside the folder: {', '.join(outside)}.")
    if manifest.get("format") != FORMAT:
        raise ContentError(
            f"{MANIFEST}: format {manifest.get('format')!r}; this version reads format {FORMAT}."
        )
    known = {
        f"{m.app_label}.{m.name}" for m in MigrationLoader(connection).disk_migrations.values()
    }
    newer = sorted(set(manifest.get("migrations") or []) - known)
    if newer:
        raise ContentError(
            f"{MANIFEST}: the folder comes from a newer version of Compendium (it has "
            f"migrations this code lacks: {', '.join(newer[:3])}); upgrade first."
        )
    unapplied = sorted(set(manifest.get("migrations") or []) - set(applied_migrations()))
    if unapplied:
        raise ContentError(
            f"{MANIFEST}: this site lacks migrations the folder was written with "
            f"({', '.join(unapplied[:3])}); run `manage.py migrate` first."
        )
    problems = []
    listed = manifest["files"]
    for name, digest in sorted(listed.items()):
        path = root / name
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            problems.append(f"{name}: not a path inside the folder.")
        elif not path.is_file():
            problems.append(f"{name}: listed in {MANIFEST} but missing.")
        elif sha256(path.read_bytes()) != digest:
            problems.append(
                f"{name}: its SHA-256 does not match {MANIFEST}: the file was changed or damaged "
                "after the export. Export again, or if the edit is meant, update its checksum."
            )
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if path.is_file() and not hidden and name != MANIFEST and name not in listed:
            problems.append(f"{name}: not listed in {MANIFEST}.")
    if problems:
        raise ContentError(problems)
    return manifest


def _keep(folder, kind, row, name, problems):
    if row is None:
        return
    row["file"] = name
    earlier = folder.rows[kind].get(row["key"])
    if earlier is not None:
        problems.append(f"{name}: the same {kind[:-1]} as {earlier['file']}.")
        return
    folder.rows[kind][row["key"]] = row


def _read_dimensions(folder, name, text, problems):
    try:
        rows = yaml.safe_load(text)
    except yaml.YAMLError as error:
        problems.append(f"{name}: {_yaml_problem(error)}")
        return
    if not isinstance(rows, list):
        problems.append(f"{name}: must be a list of dimensions")
        return
    for index, data in enumerate(rows, start=1):
        header = _Header(f"{name}, dimension {index}", data, problems)
        row = {
            "key": header.slug("slug"),
            "name": header.text("name"),
            "description": header.text("description", required=False),
            "position": header.get("position", True),
        }
        if not isinstance(row["position"], int) or isinstance(row["position"], bool):
            header.problem("position", "must be a whole number")
        header.finish()
        _keep(folder, "dimensions", row, f"{name} ({row['key']})", problems)


def _read_topic(header, body):
    return {"key": header.slug("slug"), "name": header.text("name"), "description": body}


def _read_industry(header, body):
    return _read_topic(header, body)


def _read_author(header, body):
    return {
        "key": header.slug("slug"),
        "name": header.text("name"),
        "avatar": header.file("avatar"),
        "bio": body,
    }


def _read_image(header, name):
    focal = header.get("focal", True)
    if not (
        isinstance(focal, list)
        and len(focal) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in focal)
    ):
        header.problem("focal", "must be [across %, down %], two whole numbers")
        focal = [50, 50]
    return {
        "key": name,
        "title": header.text("title"),
        "alt": header.text("alt"),
        "caption": header.text("caption", required=False),
        "credit": header.text("credit", required=False),
        "focal_x": focal[0],
        "focal_y": focal[1],
        "image_file": header.slug("file"),
        "path": header.slug("path"),
    }


def _read_concept(header, body):
    aliases = header.slugs("aliases")
    return {
        "key": header.slug("slug"),
        "name": header.text("name"),
        "definition": header.text("definition"),
        "aliases": ", ".join(aliases),
        "family": header.text("family", required=False),
        "relations": header.records("relations", {"kind": str, "target": str}),
        "explanation": body,
    }


def _read_fact(header, body):
    return {
        "key": (header.slug("concept"), header.slug("dimension")),
        "value": header.text("value", required=False),
        "sources": header.get("sources", False) or [],
        "verified_on": header.day("verified_on"),
        "text": body,
    }


def _read_use_case(header, body):
    return {
        "key": (header.slug("concept"), header.slug("industry")),
        "title": header.text("title"),
        "as_of": header.day("as_of"),
        "text": body,
    }


def _read_publishable(header):
    status = header.text("status")
    if status and status not in Status.values:
        header.problem("status", f"must be one of {', '.join(Status.values)}, not {status!r}")
    return {
        "key": header.slug("slug"),
        "title": header.text("title"),
        "status": status,
        "published_at": header.moment("published_at"),
        "first_published_at": header.moment("first_published_at"),
        "featured": header.flag("featured"),
    }


def _read_article(header, body):
    row = _read_publishable(header) | {
        "teaser": header.text("teaser"),
        "author": header.slug("author"),
        "topic": header.slug("topic"),
        "concepts": header.slugs("concepts"),
        "industries": header.slugs("industries"),
        "revised_at": header.moment("revised_at"),
        "glossary_links": header.flag("glossary_links"),
        "hero_image": header.text("hero_image", required=False),
        "hero_file": header.file("hero_file"),
        "hero_alt": header.text("hero_alt", required=False),
        "hero_caption": header.text("hero_caption", required=False),
        "seo_title": header.text("seo_title", required=False),
        "seo_description": header.text("seo_description", required=False),
        "related": header.records("related", {"article": str, "kind": str, "position": int}),
        "old_slugs": header.slugs("old_slugs"),
        "body": body,
    }
    for link in row["related"]:
        if link["kind"] not in RelatedKind.values:
            header.problem("related", f"kind must be one of {', '.join(RelatedKind.values)}")
    return row


def _read_comparison(header, body):
    return _read_publishable(header) | {
        "concepts": header.slugs("concepts"),
        "dimensions": header.slugs("dimensions"),
        "related_articles": header.slugs("related_articles"),
        "similarities": header.text("similarities", required=False),
        "verdict": header.text("verdict"),
        "introduction": body,
    }


READERS = {
    "topics": _read_topic,
    "authors": _read_author,
    "industries": _read_industry,
    "concepts": _read_concept,
    "facts": _read_fact,
    "use-cases": _read_use_case,
    "articles": _read_article,
    "comparisons": _read_comparison,
}
# Where a reference may point: the folder's rows, or the site's own.
TARGETS = {
    "topics": Topic,
    "authors": Author,
    "industries": Industry,
    "dimensions": Dimension,
    "concepts": Concept,
    "articles": Article,
}


def _check_references(folder, problems):
    """Note every slug that names nothing in the folder or the site, and every file named
    beside a header that the folder lacks."""
    existing = {}

    def check(row, field_name, kind, slug):
        if slug in folder.rows[kind]:
            return
        if kind not in existing:
            existing[kind] = set(TARGETS[kind].objects.values_list("slug", flat=True))
        if slug not in existing[kind]:
            problems.append(f"{row['file']}: {field_name}: no {kind[:-1]} {slug!r}.")

    def check_file(row, field_name, folder_name, value):
        # A file beside the header, listed (and so checksummed) by the manifest; stored
        # under a relative path of the media storage. Nothing else is ever read or written.
        if not value:
            return
        name = f"{folder_name}/{value['file']}"
        if "/" in value["file"] or name not in folder.manifest["files"]:
            problems.append(f"{row['file']}: {field_name}: no file {name} in the manifest.")
        elif not (folder.root / name).is_file():
            problems.append(f"{row['file']}: {field_name}: no file {name}.")
        path = value.get("path")
        if path is not None and not _inside(STORAGE_ROOT, path):
            problems.append(f"{row['file']}: {field_name}: path {path!r} leaves the media folder.")

    def check_markdown(row, field_name):
        for name in EXPORTED_IMAGE_RE.findall(row[field_name]):
            name = name[1]
            if name not in folder.rows["images"] and not name.startswith(MISSING_PREFIX):
                problems.append(f"{row['file']}: {field_name}: no image {name!r} in images/.")

    for row in folder.rows["authors"].values():
        check_file(row, "avatar", "authors", row["avatar"])
    for row in folder.rows["images"].values():
        check_file(row, "file", "images", {"file": row["image_file"], "path": row["path"]})
    for row in folder.rows["concepts"].values():
        check_markdown(row, "explanation")
        for relation in row["relations"]:
            if relation["kind"] not in RelationKind.values:
                problems.append(f"{row['file']}: relations: no kind {relation['kind']!r}.")
            check(row, "relations", "concepts", relation["target"])
    for row in folder.rows["facts"].values():
        check(row, "concept", "concepts", row["key"][0])
        check(row, "dimension", "dimensions", row["key"][1])
        check_markdown(row, "text")
    for row in folder.rows["use-cases"].values():
        check(row, "concept", "concepts", row["key"][0])
        check(row, "industry", "industries", row["key"][1])
        check_markdown(row, "text")
    for row in folder.rows["articles"].values():
        check(row, "author", "authors", row["author"])
        check(row, "topic", "topics", row["topic"])
        for slug in row["concepts"]:
            check(row, "concepts", "concepts", slug)
        for slug in row["industries"]:
            check(row, "industries", "industries", slug)
        for link in row["related"]:
            check(row, "related", "articles", link["article"])
        if row["hero_image"] and row["hero_image"] not in folder.rows["images"]:
            problems.append(
                f"{row['file']}: hero_image: no image {row['hero_image']!r} in images/."
            )
        check_file(row, "hero_file", "articles", row["hero_file"])
        check_markdown(row, "body")
    for row in folder.rows["comparisons"].values():
        for slug in row["concepts"]:
            check(row, "concepts", "concepts", slug)
        for slug in row["dimensions"]:
            check(row, "dimensions", "dimensions", slug)
        for slug in row["related_articles"]:
            check(row, "related_articles", "articles", slug)
        for name in ("introduction", "similarities", "verdict"):
            check_markdown(row, name)


# Import -------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What an import did (or, dry, would do): per kind, how many rows were created, updated
    and left unchanged."""

    states: dict = field(default_factory=lambda: {kind: {} for kind in KINDS})
    deleted: Counter = field(default_factory=Counter)

    def note(self, kind, key, state):
        previous = self.states[kind].get(key)
        if previous in ("created", "updated") and state == "unchanged":
            return
        if previous == "created":
            return
        self.states[kind][key] = state

    def counts(self, kind):
        counted = Counter(self.states[kind].values())
        return {state: counted[state] for state in ("created", "updated", "unchanged")} | (
            {"deleted": self.deleted[kind]} if self.deleted[kind] else {}
        )

    @property
    def changed(self):
        return sum(
            counts.get("created", 0) + counts.get("updated", 0) + counts.get("deleted", 0)
            for counts in (self.counts(kind) for kind in KINDS)
        )


def import_content(directory, *, dry_run=False):
    """Read `directory` into the site (see the module docstring); return a Summary.

    Raises ContentError, naming each problem, before anything is written, or when a row fails
    its model's checks (then nothing is written either).
    """
    folder = read_folder(directory)
    importer = _Importer(folder, dry_run=dry_run)
    announce = delivery.quiet() if dry_run else contextlib.nullcontext()
    with announce, uploads.uncommitted_files_removed(always=dry_run), transaction.atomic():
        importer.run()
        if dry_run:
            transaction.set_rollback(True)
    return importer.summary


def _snapshot(instance, names):
    return {
        f.attname: f.value_to_string(instance)
        for f in instance._meta.concrete_fields
        if f.name in names or f.attname in names
    }


class _Importer:
    def __init__(self, folder, *, dry_run):
        self.folder = folder
        self.rows = folder.rows
        self.dry_run = dry_run
        self.summary = Summary()
        self.found = {kind: {} for kind in KINDS}
        self.image_ids = {}

    def run(self):
        self.by_slug("topics", Topic, ["name", "description"])
        self.authors()
        self.by_slug("industries", Industry, ["name", "description"])
        self.by_slug("dimensions", Dimension, ["name", "description", "position"])
        self.images()
        self.concepts()
        self.relations()
        self.facts()
        self.use_cases()
        self.articles()
        self.comparisons()

    # Helpers ---

    def upsert(self, kind, model, lookup, values, label, key=None):
        """Find by `lookup` or start a row, set `values`, check it, save it if it changed."""
        instance = model.objects.filter(**lookup).order_by("pk").first()
        created = instance is None
        if created:
            instance = model(**lookup)
        names = {*values, *lookup} | {f.name for f in model._meta.concrete_fields if f.editable}
        before = _snapshot(instance, names)
        for name, value in values.items():
            current = getattr(instance, name, None)  # None: a relation not yet set
            # Text differing only in line endings (a browser sends CRLF) is the same text.
            if isinstance(current, str) and isinstance(value, str) and lf(current) == value:
                continue
            setattr(instance, name, value)
        self.check(instance, label)
        changed = created or _snapshot(instance, names) != before
        if changed:
            instance.save()
        state = "created" if created else "updated" if changed else "unchanged"
        self.summary.note(kind, key if key is not None else lookup.get("slug"), state)
        return instance

    def check(self, instance, label):
        try:
            instance.full_clean()
        except ValidationError as error:
            raise ContentError(
                f"{label}: {message}" if name == NON_FIELD_ERRORS else f"{label}: {name}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            ) from None

    def find(self, kind, slug):
        if slug not in self.found[kind]:
            self.found[kind][slug] = TARGETS[kind].objects.get(slug=slug)
        return self.found[kind][slug]

    def markdown(self, text):
        def replace(match):
            name = match[2]
            if name.startswith(MISSING_PREFIX):
                return match[0]
            return f"{match[1]}image:{self.image_ids[name]}"

        return EXPORTED_IMAGE_RE.sub(replace, text)

    def store(self, path, source):
        """Put the bytes of `source` (in the folder) at storage `path`; return the name used."""
        data = source.read_bytes()
        if default_storage.exists(path):
            with default_storage.open(path, "rb") as handle:
                if handle.read() == data:
                    return path
        if self.dry_run:
            return path
        return default_storage.save(path, ContentFile(data))

    def set_links(self, kind, key, manager, targets):
        """Make the many-to-many `manager` hold exactly `targets`."""
        if {t.pk for t in manager.all()} != {t.pk for t in targets}:
            manager.set(targets)
            self.summary.note(kind, key, "updated")

    def sync_positions(self, kind, key, rows, name, targets):
        """Make the through `rows` link exactly `targets`, positioned in list order."""
        deleted, _ = rows.exclude(**{f"{name}__in": targets}).delete()
        changed = bool(deleted)
        existing = {getattr(row, f"{name}_id"): row for row in rows.all()}
        for position, target in enumerate(targets):
            row = existing.get(target.pk)
            if row is None:
                rows.create(**{name: target, "position": position})
                changed = True
            elif row.position != position:
                row.position = position
                row.save(update_fields=["position"])
                changed = True
        if changed:
            self.summary.note(kind, key, "updated")

    # Kinds ---

    def by_slug(self, kind, model, names):
        for slug, row in sorted(self.rows[kind].items()):
            values = {name: row[name] for name in names}
            self.found[kind][slug] = self.upsert(kind, model, {"slug": slug}, values, row["file"])

    def authors(self):
        for slug, row in sorted(self.rows["authors"].items()):
            values = {"name": row["name"], "bio": row["bio"], "avatar": ""}
            if row["avatar"]:
                source = self.folder.root / "authors" / row["avatar"]["file"]
                values["avatar"] = self.store(row["avatar"]["path"], source)
            self.found["authors"][slug] = self.upsert(
                "authors", Author, {"slug": slug}, values, row["file"]
            )

    def images(self):
        for name, row in sorted(self.rows["images"].items()):
            source = self.folder.root / "images" / row["image_file"]
            path = row["path"]
            image = Image.objects.filter(file=path).order_by("pk").first()
            if image is None:
                path = self.store(path, source)
                image = Image(file=path)
            before = _snapshot(image, IMAGE_FIELDS)
            for field_name in IMAGE_FIELDS:
                if field_name != "file":
                    setattr(image, field_name, row[field_name])
            created = image.pk is None
            changed = created or _snapshot(image, IMAGE_FIELDS) != before
            if changed and self.dry_run:
                self.check(image, row["file"])
                image.save()
            elif changed:
                try:
                    image_save(image=image)
                except ValidationError as error:
                    self.check(image, row["file"])
                    raise ContentError(f"{row['file']}: {error}") from None
                except OSError as error:
                    raise ContentError(
                        f"{row['file']}: file: not a readable image ({error})"
                    ) from None
            state = "created" if created else "updated" if changed else "unchanged"
            self.summary.note("images", name, state)
            self.image_ids[name] = image.pk

    def concepts(self):
        for slug, row in sorted(self.rows["concepts"].items()):
            values = {name: row[name] for name in ("name", "definition", "aliases", "family")}
            values["explanation"] = self.markdown(row["explanation"])
            self.found["concepts"][slug] = self.upsert(
                "concepts", Concept, {"slug": slug}, values, row["file"]
            )

    def relations(self):
        wanted = {
            (slug, relation["kind"], relation["target"]): row["file"]
            for slug, row in self.rows["concepts"].items()
            for relation in row["relations"]
        }
        sources = [self.find("concepts", slug) for slug in sorted(self.rows["concepts"])]
        # Stale ones go first, so that a relation turned round does not meet its old self.
        for relation in ConceptRelation.objects.filter(source__in=sources).select_related(
            "source", "target"
        ):
            if (relation.source.slug, relation.kind, relation.target.slug) not in wanted:
                relation.delete()
                self.summary.deleted["relations"] += 1
        for (source, kind, target), name in sorted(wanted.items()):
            lookup = {
                "source": self.find("concepts", source),
                "kind": kind,
                "target": self.find("concepts", target),
            }
            label = f"{name}: relations: {kind} {target}"
            self.upsert("relations", ConceptRelation, lookup, {}, label, (source, kind, target))

    def facts(self):
        for (concept, dimension), row in sorted(self.rows["facts"].items()):
            lookup = {
                "concept": self.find("concepts", concept),
                "dimension": self.find("dimensions", dimension),
            }
            values = {
                "value": row["value"],
                "text": self.markdown(row["text"]),
                "sources": row["sources"],
                "verified_on": row["verified_on"],
            }
            self.upsert("facts", Fact, lookup, values, row["file"], (concept, dimension))

    def use_cases(self):
        for (concept, industry), row in sorted(self.rows["use-cases"].items()):
            lookup = {
                "concept": self.find("concepts", concept),
                "industry": self.find("industries", industry),
            }
            values = {
                "title": row["title"],
                "text": self.markdown(row["text"]),
                "as_of": row["as_of"],
            }
            self.upsert("use-cases", UseCase, lookup, values, row["file"], (concept, industry))

    def articles(self):
        rows = sorted(self.rows["articles"].items())
        for slug, row in rows:
            values = {
                name: row[name]
                for name in (
                    "title", "teaser", "status", "published_at", "first_published_at",
                    "revised_at", "featured", "glossary_links", "hero_alt", "hero_caption",
                    "seo_title", "seo_description",
                )
            }  # fmt: skip
            values |= {
                "author": self.find("authors", row["author"]),
                "topic": self.find("topics", row["topic"]),
                "body": self.markdown(row["body"]),
                "hero_source_id": self.image_ids.get(row["hero_image"])
                if row["hero_image"]
                else None,
                "hero_image": "",
            }
            if row["hero_image"]:
                del values["hero_image"]  # clean() takes it from the library image
            elif row["hero_file"]:
                source = self.folder.root / "articles" / row["hero_file"]["file"]
                values["hero_image"] = self.store(row["hero_file"]["path"], source)
            article = self.upsert("articles", Article, {"slug": slug}, values, row["file"])
            self.found["articles"][slug] = article
            self.set_links(
                "articles",
                slug,
                article.concepts,
                [self.find("concepts", s) for s in row["concepts"]],
            )
            self.set_links(
                "articles",
                slug,
                article.industries,
                [self.find("industries", s) for s in row["industries"]],
            )
            if not self.dry_run:
                # Derived from the hero, not exported: making them is no change to report.
                try:
                    article_hero_renditions(article=article)
                except OSError as error:
                    raise ContentError(
                        f"{row['file']}: hero: not a readable image ({error})"
                    ) from None
        # Once every article exists: the links between them, and their old addresses.
        for slug, row in rows:
            article = self.found["articles"][slug]
            self.related_links(slug, row, article)
            self.old_slugs(slug, row, article)

    def related_links(self, slug, row, article):
        wanted = {self.find("articles", link["article"]).pk: link for link in row["related"]}
        for link in article.related_links.all():
            if link.related_id not in wanted:
                link.delete()
                self.summary.note("articles", slug, "updated")
        for related_id, link in wanted.items():
            lookup = {"article": article, "related_id": related_id}
            values = {"kind": link["kind"], "position": link["position"]}
            existing = RelatedLink.objects.filter(**lookup).first()
            if existing and (existing.kind, existing.position) == (link["kind"], link["position"]):
                continue
            instance = existing or RelatedLink(**lookup)
            instance.kind, instance.position = values["kind"], values["position"]
            self.check(instance, f"{row['file']}: related")
            instance.save()
            self.summary.note("articles", slug, "updated")

    def old_slugs(self, slug, row, article):
        for old in article.old_slugs.exclude(slug__in=row["old_slugs"]):
            old.delete()
            self.summary.note("articles", slug, "updated")
        for old_slug in row["old_slugs"]:
            old = OldSlug.objects.filter(slug=old_slug).first()
            if old is not None and old.article_id == article.pk:
                continue
            if old is None:
                old = OldSlug(slug=old_slug)
            old.article = article
            self.check(old, f"{row['file']}: old_slugs")
            old.save()
            self.summary.note("articles", slug, "updated")

    def comparisons(self):
        for slug, row in sorted(self.rows["comparisons"].items()):
            values = {
                name: row[name]
                for name in ("title", "status", "published_at", "first_published_at", "featured")
            }
            for name in ("introduction", "similarities", "verdict"):
                values[name] = self.markdown(row[name])
            comparison = self.upsert("comparisons", Comparison, {"slug": slug}, values, row["file"])
            concepts = [self.find("concepts", s) for s in row["concepts"]]
            dimensions = [self.find("dimensions", s) for s in row["dimensions"]]
            self.sync_positions(
                "comparisons", slug, comparison.comparison_concepts, "concept", concepts
            )
            self.sync_positions(
                "comparisons", slug, comparison.comparison_dimensions, "dimension", dimensions
            )
            related = [self.find("articles", s) for s in row["related_articles"]]
            self.set_links("comparisons", slug, comparison.related_articles, related)


IMAGE_FIELDS = ("file", "title", "alt", "caption", "credit", "focal_x", "focal_y")
