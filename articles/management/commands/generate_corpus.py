import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.core import delivery
from articles.core.markdown import render_markdown
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
from articles.models import Article, Author, Topic

BODY_VARIANTS = 8
YEARS_BACK = 5
FALLBACK_AUTHORS = ["Corpus Writer A", "Corpus Writer B", "Corpus Writer C", "Corpus Writer D"]
FALLBACK_TOPICS = ["Corpus Topic One", "Corpus Topic Two", "Corpus Topic Three"]
FALLBACK_CONCEPTS = [
    "Corpus Concept Alpha",
    "Corpus Concept Beta",
    "Corpus Concept Gamma",
    "Corpus Concept Delta",
    "Corpus Concept Epsilon",
    "Corpus Concept Zeta",
    "Corpus Concept Eta",
    "Corpus Concept Theta",
]
SENTENCES = [
    "This paragraph is synthetic filler generated for scale tests.",
    "It exists so that pages, queries and indexes see realistic amounts of text.",
    "Nothing here is meant to be read or quoted.",
    "The corpus generator repeats a small set of sentences in different orders.",
    "Lists, headings and links appear so the rendered HTML has a typical shape.",
    "Word counts and reading times vary between the body variants.",
    "Search and pagination should behave the same with one hundred or one hundred thousand rows.",
    "Every article in this corpus shares its body with many others.",
]


def synthetic_body(variant, rng):
    """Return a Markdown body of 3 to 6 sections of synthetic paragraphs."""
    parts = [f"Synthetic corpus body, variant {variant + 1}. " + " ".join(SENTENCES[:4])]
    for section in range(1, 4 + variant // 2):
        parts.append(f"## Synthetic section {section}")
        for _ in range(rng.randint(2, 3)):
            parts.append(" ".join(rng.sample(SENTENCES, rng.randint(3, 6))))
        if section % 3 == 0:
            points = [f"- Synthetic point {n}: {rng.choice(SENTENCES)}" for n in (1, 2, 3)]
            parts.append("\n".join(points))
        if section % 4 == 0:
            parts.append("See [the glossary](/concepts/) for the real concepts.")
    return "\n\n".join(parts) + "\n"


class Command(BaseCommand):
    help = (
        "Add N synthetic published articles for scale tests, creating a few authors, topics "
        "and concepts if there are none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=0, help="How many articles to add.")
        parser.add_argument(
            "--concepts",
            type=int,
            default=0,
            help="How many concepts to add first, each with a fact per dimension, use-cases in "
            "a few industries and relations to earlier ones.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed for the random choices.")
        parser.add_argument("--batch", type=int, default=2000, help="Rows per transaction.")

    def handle(self, *args, articles, concepts, seed, batch, **options):
        if articles < 0 or concepts < 0 or batch < 1 or not (articles or concepts):
            raise CommandError("Ask for --articles and/or --concepts (at least 1); --batch ≥ 1.")
        rng = random.Random(seed)
        started = time.perf_counter()
        run_id = self.new_run_id()
        if concepts:
            self.add_concepts(concepts, run_id, rng)
        author_ids, topic_ids, concepts = self.ensure_taxonomy()

        bodies = []
        for variant in range(BODY_VARIANTS):
            body = synthetic_body(variant, rng)
            bodies.append((body, render_markdown(body)))

        now = timezone.now()
        span = int(timedelta(days=365 * YEARS_BACK).total_seconds())
        Link = Article.concepts.through
        created = 0
        while created < articles:
            size = min(batch, articles - created)
            rows, picks = [], []
            for n in range(created + 1, created + size + 1):
                chosen = rng.sample(concepts, min(len(concepts), rng.randint(1, 3)))
                body, rendered = rng.choice(bodies)
                published_at = now - timedelta(seconds=rng.randint(3600, span))
                rows.append(
                    Article(
                        title=f"Synthetic corpus article {n} about {chosen[0][1]}",
                        slug=f"corpus-{run_id}-{n}",
                        teaser=f"Synthetic corpus article {n} of run {run_id}, for scale tests.",
                        body=body,
                        body_html=rendered.html,
                        toc=rendered.toc,
                        word_count=rendered.word_count,
                        reading_time=rendered.reading_time,
                        author_id=rng.choice(author_ids),
                        topic_id=rng.choice(topic_ids),
                        status=Status.PUBLISHED,
                        published_at=published_at,
                        first_published_at=published_at,
                        featured=rng.random() < 0.005,
                    )
                )
                picks.append([concept_id for concept_id, _ in chosen])
            with transaction.atomic():
                Article.objects.bulk_create(rows)
                Link.objects.bulk_create(
                    Link(article_id=row.pk, concept_id=concept_id)
                    for row, chosen in zip(rows, picks, strict=True)
                    for concept_id in chosen
                )
            # With DEBUG on, Django keeps the SQL of every query: megabytes per batch here.
            reset_queries()
            created += size
            self.progress(created, articles, time.perf_counter() - started)

        if self.stderr.isatty():
            self.stderr.write("")
        # Fresh statistics let the query planner pick the indexes for a corpus this size
        # (SQLite without them scans the publish-date index: 66 ms instead of 1.6 ms).
        with connection.cursor() as cursor:
            # PostgreSQL also needs its visibility map for index-only scans (deep pages);
            # VACUUM cannot run inside a transaction (as in tests).
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        # Bulk inserts send no signals: cached pages and CDN copies start afresh.
        delivery.changed(delivery.ALL)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {articles} synthetic articles (slugs corpus-{run_id}-1…{articles}) "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )

    def add_concepts(self, count, run_id, rng):
        """Bulk-add `count` concepts with facts, use-cases and relations, in one transaction."""
        dimensions = list(Dimension.objects.values_list("id", flat=True))
        industries = list(Industry.objects.values_list("id", flat=True))
        with transaction.atomic():
            if not dimensions:
                dimensions = [
                    Dimension.objects.create(name=name, slug=slugify(name), position=n).pk
                    for n, name in enumerate(["Purpose", "Architecture", "Training data"])
                ]
            if not industries:
                industries = [
                    Industry.objects.create(name=name, slug=slugify(name)).pk
                    for name in ["Corpus Industry One", "Corpus Industry Two"]
                ]
            start = Concept.objects.count()
            rows = Concept.objects.bulk_create(
                Concept(
                    name=f"Corpus concept {run_id} {n}",
                    slug=f"corpus-concept-{run_id}-{n}",
                    definition=f"Corpus concept {n} is a made-up concept for scale tests.",
                    explanation=rng.choice(SENTENCES),
                    explanation_html=f"<p>{rng.choice(SENTENCES)}</p>",
                    aliases=f"CC{run_id[-4:]}{n}",
                    family=f"Corpus family {n % 12}",
                )
                for n in range(start + 1, start + count + 1)
            )
            today = timezone.localdate()
            Fact.objects.bulk_create(
                Fact(
                    concept_id=concept.pk,
                    dimension_id=dimension,
                    text=f"{concept.name}, along this dimension: {rng.choice(SENTENCES)}",
                    sources=[{"title": "Corpus source", "url": "https://example.org/corpus"}],
                    verified_on=today - timedelta(days=rng.randint(0, 900)),
                )
                for concept in rows
                for dimension in dimensions
            )
            UseCase.objects.bulk_create(
                UseCase(
                    concept_id=concept.pk,
                    industry_id=industry,
                    title=f"{concept.name} at work",
                    text=rng.choice(SENTENCES),
                )
                for concept in rows
                for industry in rng.sample(industries, min(2, len(industries)))
            )
            ConceptRelation.objects.bulk_create(
                ConceptRelation(source_id=concept.pk, kind=RelationKind.RELATED, target_id=other.pk)
                for index, concept in enumerate(rows[1:], start=1)
                for other in [rows[rng.randrange(index)]]
            )
        delivery.changed(delivery.ALL)
        self.stderr.write(f"Added {count} concepts with facts, use-cases and relations.")

    def progress(self, done, total, elapsed):
        filled = done * 20 // total
        bar = "#" * filled + "." * (20 - filled)
        line = f"[{bar}] {done}/{total} articles, {elapsed:.1f} s"
        ending = "\r" if self.stderr.isatty() else "\n"
        self.stderr.write(line, style_func=str, ending=ending)
        self.stderr.flush()

    def new_run_id(self):
        """Return a run id no earlier corpus run has used."""
        run_id = timezone.now().strftime("%Y%m%d%H%M%S")
        suffix = 0
        candidate = run_id
        while Article.objects.filter(slug__startswith=f"corpus-{candidate}-").exists():
            suffix += 1
            candidate = f"{run_id}{suffix}"
        return candidate

    def ensure_taxonomy(self):
        """Return author ids, topic ids and (id, name) concepts, creating a few if none exist."""
        with transaction.atomic():
            if not Author.objects.exists():
                for name in FALLBACK_AUTHORS:
                    self.create(Author(name=name, slug=slugify(name)))
            if not Topic.objects.exists():
                for name in FALLBACK_TOPICS:
                    self.create(Topic(name=name, slug=slugify(name)))
            if not Concept.objects.exists():
                for name in FALLBACK_CONCEPTS:
                    self.create(
                        Concept(
                            name=name,
                            slug=slugify(name),
                            definition=f"{name} is a made-up concept for scale tests.",
                        )
                    )
        return (
            list(Author.objects.values_list("id", flat=True)),
            list(Topic.objects.values_list("id", flat=True)),
            list(Concept.objects.values_list("id", "name")),
        )

    def create(self, instance):
        instance.full_clean()
        instance.save()
