"""How concepts are searched: registered with the site search in KnowledgeConfig.ready()."""

from articles.core.search import Kind
from articles.knowledge.models import Concept


def visible_concepts(topic):
    return Concept.objects.all()


def fetch_concepts(ids):
    return Concept.objects.only("name", "slug", "definition").in_bulk(ids)


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
)
