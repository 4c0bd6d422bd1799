"""How concepts are searched: registered with the site search in KnowledgeConfig.ready()."""

from django.db.models import F

from articles.core.links import link
from articles.core.search import Kind
from articles.knowledge.models import Concept


def visible_concepts(topic):
    return Concept.objects.all()


def fetch_concepts(ids):
    return Concept.objects.only("name", "slug", "definition").in_bulk(ids)


def concept_vocabulary():
    """Concept names and aliases, recently updated first (offered in that order by default)."""
    return Concept.objects.order_by("-updated_at", "-pk").values(
        label=F("name"), more=F("aliases"), ref=F("slug")
    )


def concept_url(slug):
    return link("knowledge:concept-detail", slug)


CONCEPT = Kind(
    name="concept",
    label="Concept",
    plural="Concepts",
    position=20,
    table="articles_concept",
    columns=(
        ("name", "A", 10.0),
        ("aliases", "A", 8.0),
        ("definition", "B", 4.0),
        ("explanation", "D", 1.0),
    ),
    title_columns=("name", "aliases"),
    summary_columns=(("definition", True), ("explanation", False)),
    aliases_column="aliases",
    visible=visible_concepts,
    fetch=fetch_concepts,
    vocabulary=concept_vocabulary,
    offer=concept_url,
)
