import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.editorial.models import Status
from articles.knowledge.models import (
    Concept,
    ConceptRelation,
    Dimension,
    Fact,
    Industry,
    UseCase,
)
from articles.models import Article, Author, Topic
from articles.services import article_hero_renditions, article_hero_to_library
from comparisons.demo import knowledge
from comparisons.demo.images import draw_avatar, draw_hero
from comparisons.models import Comparison

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "demo" / "articles"
REQUIRED_KEYS = {
    "title",
    "slug",
    "teaser",
    "author",
    "topic",
    "concepts",
    "status",
    "featured",
    "hero_alt",
    "hero_caption",
}
STATUS_KEYS = {"published": "days_ago", "scheduled": "days_ahead", "draft": None}
OPTIONAL_KEYS = {"seo_description", "days_ago", "days_ahead", "industries"}
DEMO_PASSWORD = "compendium-demo"


def parse_article(path):
    """Return the header as a dict plus "body", or raise CommandError naming the file."""
    text = path.read_text(encoding="utf-8")
    header, separator, body = text.partition("\n---\n")
    if not separator:
        raise CommandError(f"{path.name}: no '---' line between the header and the body.")
    fields = {}
    for number, line in enumerate(header.splitlines(), start=1):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or not key:
            raise CommandError(f"{path.name}, line {number}: expected 'key: value', got {line!r}.")
        if key not in REQUIRED_KEYS | OPTIONAL_KEYS:
            raise CommandError(f"{path.name}, line {number}: unknown key {key!r}.")
        if key in fields:
            raise CommandError(f"{path.name}, line {number}: {key!r} is given twice.")
        fields[key] = value.strip()

    missing = REQUIRED_KEYS - fields.keys()
    if missing:
        raise CommandError(f"{path.name}: missing {', '.join(sorted(missing))}.")
    status = fields["status"]
    if status not in STATUS_KEYS:
        raise CommandError(
            f"{path.name}: status must be published, scheduled or draft, not {status!r}."
        )
    for key in ("days_ago", "days_ahead"):
        if key in fields and key != STATUS_KEYS[status]:
            raise CommandError(f"{path.name}: {key!r} does not go with status {status!r}.")
    days_key = STATUS_KEYS[status]
    if days_key:
        if days_key not in fields:
            raise CommandError(f"{path.name}: status {status!r} needs {days_key!r}.")
        minimum = 1 if days_key == "days_ahead" else 0
        if not fields[days_key].isdigit() or int(fields[days_key]) < minimum:
            raise CommandError(
                f"{path.name}: {days_key!r} must be a whole number ≥ {minimum}, "
                f"not {fields[days_key]!r}."
            )
    if fields["featured"] not in ("yes", "no"):
        raise CommandError(f"{path.name}: featured must be yes or no, not {fields['featured']!r}.")
    if not body.strip():
        raise CommandError(f"{path.name}: the body is empty.")
    fields["body"] = body.strip() + "\n"
    return fields


def snapshot(instance):
    return {field.attname: field.value_to_string(instance) for field in instance._meta.fields}


def at_nine(day):
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


class Command(BaseCommand):
    help = "Load the demo authors, concepts, facts, articles and comparisons (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help=f"Also create a superuser 'admin' with password '{DEMO_PASSWORD}' (local only).",
        )

    def handle(self, *args, demo_users, **options):
        started = time.perf_counter()
        self.changed = 0
        self.now = timezone.now()
        self.today = self.now.astimezone(UTC).date()
        paths = sorted(ARTICLES_DIR.glob("*.md"))
        if not paths:
            raise CommandError(f"No demo articles found in {ARTICLES_DIR}.")
        parsed = [(path, parse_article(path)) for path in paths]

        with transaction.atomic():
            authors = self.load_authors()
            topics = self.load_by_slug(Topic, knowledge.TOPICS, "name", "description")
            industries = self.load_by_slug(Industry, knowledge.INDUSTRIES, "name", "description")
            concepts = self.load_by_slug(
                Concept,
                knowledge.CONCEPTS,
                "name",
                "definition",
                "explanation",
                "aliases",
                "family",
            )
            self.load_relations(concepts)
            self.load_use_cases(concepts, industries)
            dimensions = self.load_by_slug(
                Dimension, knowledge.DIMENSIONS, "name", "description", "position"
            )
            self.load_facts(concepts, dimensions)
            articles = self.load_articles(parsed, authors, topics, concepts, industries)
            self.load_comparisons(concepts, dimensions, articles)
            if demo_users:
                self.create_demo_users()

        states = {"live": 0, "scheduled": 0, "drafts": 0}
        for article in articles.values():
            if article.is_published():
                states["live"] += 1
            elif article.is_scheduled():
                states["scheduled"] += 1
            else:
                states["drafts"] += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(authors)} authors, {len(topics)} topics, {len(concepts)} concepts, "
                f"{len(knowledge.RELATIONS)} relations, {len(industries)} industries, "
                f"{len(knowledge.USE_CASES)} use-cases, {len(dimensions)} dimensions, "
                f"{len(knowledge.FACTS)} facts, {len(articles)} articles "
                f"({states['live']} live, {states['scheduled']} scheduled, "
                f"{states['drafts']} drafts), {len(knowledge.COMPARISONS)} comparisons; "
                f"{self.changed} rows created or changed, {time.perf_counter() - started:.1f} s."
            )
        )

    def upsert(self, model, lookup, values, label):
        """Fetch by `lookup` or start a new instance, set `values`, validate, save if changed."""
        instance = model.objects.filter(**lookup).first() or model(**lookup)
        before = snapshot(instance)
        for field, value in values.items():
            setattr(instance, field, value)
        try:
            instance.full_clean()
        except ValidationError as error:
            problems = [
                message if field == NON_FIELD_ERRORS else f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError(f"{label}: {'; '.join(problems)}") from error
        # Saving an unchanged row would still add a history record on every re-run.
        if instance._state.adding or snapshot(instance) != before:
            instance.save()
            self.changed += 1
        return instance

    def find(self, mapping, slug, what, label):
        try:
            return mapping[slug]
        except KeyError:
            raise CommandError(f"{label}: unknown {what} {slug!r}.") from None

    def date_months_ago(self, months):
        return self.today - timedelta(days=30 * months)

    def load_by_slug(self, model, rows, *fields):
        loaded = {}
        for row in rows:
            values = {field: row[field] for field in fields}
            label = f"{model._meta.verbose_name} {row['slug']!r}"
            loaded[row["slug"]] = self.upsert(model, {"slug": row["slug"]}, values, label)
        return loaded

    def load_authors(self):
        authors = {}
        for row in knowledge.AUTHORS:
            values = {
                "name": row["name"],
                "bio": row["bio"],
                "avatar": self.stored(f"authors/demo/{row['slug']}.png", draw_avatar, row["name"]),
            }
            label = f"author {row['slug']!r}"
            authors[row["slug"]] = self.upsert(Author, {"slug": row["slug"]}, values, label)
        return authors

    def stored(self, path, draw, *args):
        """Return `path`, drawing the image into storage first if it is not there yet."""
        if not default_storage.exists(path):
            saved = default_storage.save(path, ContentFile(draw(*args)))
            if saved != path:
                raise CommandError(f"Storage saved {path} as {saved}; remove it and re-run.")
        return path

    def load_relations(self, concepts):
        for source, kind, target in knowledge.RELATIONS:
            label = f"relation {source} {kind} {target}"
            lookup = {
                "source": self.find(concepts, source, "concept", label),
                "kind": kind,
                "target": self.find(concepts, target, "concept", label),
            }
            self.upsert(ConceptRelation, lookup, {}, label)

    def load_use_cases(self, concepts, industries):
        for row in knowledge.USE_CASES:
            label = f"use-case {row['concept']} × {row['industry']}"
            lookup = {
                "concept": self.find(concepts, row["concept"], "concept", label),
                "industry": self.find(industries, row["industry"], "industry", label),
            }
            values = {
                "title": row["title"],
                "text": row["text"],
                "as_of": self.date_months_ago(row["months_ago"]),
            }
            self.upsert(UseCase, lookup, values, label)

    def load_facts(self, concepts, dimensions):
        for (concept, dimension), row in knowledge.FACTS.items():
            label = f"fact {concept} × {dimension}"
            lookup = {
                "concept": self.find(concepts, concept, "concept", label),
                "dimension": self.find(dimensions, dimension, "dimension", label),
            }
            values = {
                "value": row["value"],
                "text": row["text"],
                "sources": row["sources"],
                "verified_on": self.date_months_ago(row["months_ago"]),
            }
            self.upsert(Fact, lookup, values, label)

    def publish_times(self, fields):
        if fields["status"] == "draft":
            return Status.DRAFT, None
        if fields["status"] == "scheduled":
            return Status.PUBLISHED, at_nine(self.today + timedelta(days=int(fields["days_ahead"])))
        published_at = at_nine(self.today - timedelta(days=int(fields["days_ago"])))
        if published_at > self.now:
            published_at = self.now.replace(minute=0, second=0, microsecond=0)
        return Status.PUBLISHED, published_at

    def load_articles(self, parsed, authors, topics, concepts, industries):
        articles = {}
        for path, fields in parsed:
            slug = fields["slug"]
            if slug in articles:
                raise CommandError(f"{path.name}: slug {slug!r} is already used by another file.")
            status, published_at = self.publish_times(fields)
            concept_slugs = [c.strip() for c in fields["concepts"].split(",") if c.strip()]
            linked = [self.find(concepts, c, "concept", path.name) for c in concept_slugs]
            about = [
                self.find(industries, i.strip(), "industry", path.name)
                for i in fields.get("industries", "").split(",")
                if i.strip()
            ]
            values = {
                "title": fields["title"],
                "teaser": fields["teaser"],
                "body": fields["body"],
                "author": self.find(authors, fields["author"], "author", path.name),
                "topic": self.find(topics, fields["topic"], "topic", path.name),
                "status": status,
                "published_at": published_at,
                "first_published_at": published_at,
                "featured": fields["featured"] == "yes",
                "hero_image": self.stored(
                    f"heroes/demo/{slug}.jpg", draw_hero, slug, fields["title"]
                ),
                "hero_alt": fields["hero_alt"],
                "hero_caption": fields["hero_caption"],
                "seo_description": fields.get("seo_description", ""),
            }
            article = self.upsert(Article, {"slug": slug}, values, path.name)
            article.concepts.set(linked)
            article.industries.set(about)
            article_hero_renditions(article=article)
            article_hero_to_library(article=article)
            articles[slug] = article
        return articles

    def load_comparisons(self, concepts, dimensions, articles):
        seen = {}
        for index, row in enumerate(knowledge.COMPARISONS):
            label = f"comparison {row['slug']!r}"
            # The public URL is built from the sorted concept slugs, so each set needs one page.
            pair = frozenset(row["concepts"])
            if pair in seen:
                raise CommandError(f"{label}: compares the same concepts as {seen[pair]!r}.")
            seen[pair] = row["slug"]
            compared = [self.find(concepts, slug, "concept", label) for slug in row["concepts"]]
            chosen = [self.find(dimensions, slug, "dimension", label) for slug in row["dimensions"]]
            published_at = at_nine(self.today - timedelta(days=2 + 3 * index))
            values = {
                "title": row["title"],
                "introduction": row["introduction"],
                "similarities": row["similarities"],
                "verdict": row["verdict"],
                "featured": row["featured"],
                "status": Status.PUBLISHED,
                "published_at": published_at,
                "first_published_at": published_at,
            }
            comparison = self.upsert(Comparison, {"slug": row["slug"]}, values, label)

            self.sync_positions(comparison.comparison_concepts, "concept", compared)
            self.sync_positions(comparison.comparison_dimensions, "dimension", chosen)
            related = (
                Article.objects.published()
                .filter(slug__in=articles, concepts__in=compared)
                .distinct()
                .order_by("-published_at")[:3]
            )
            comparison.related_articles.set(list(related))

    def sync_positions(self, rows, field, targets):
        """Make the through `rows` link exactly `targets`, positioned in list order."""
        rows.exclude(**{f"{field}__in": targets}).delete()
        existing = {getattr(row, f"{field}_id"): row for row in rows.all()}
        for position, target in enumerate(targets):
            row = existing.get(target.pk)
            if row is None:
                rows.create(**{field: target, "position": position})
            elif row.position != position:
                row.position = position
                row.save(update_fields=["position"])

    def create_demo_users(self):
        User = get_user_model()
        self.stdout.write(
            self.style.WARNING("--demo-users is for local development only, never for production.")
        )
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Superuser 'admin' already exists; left unchanged.")
            return
        User.objects.create_superuser(username="admin", email="", password=DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(f"Created superuser 'admin' with password '{DEMO_PASSWORD}'.")
        )
