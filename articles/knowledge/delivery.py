"""Which reader pages a knowledge-base change touches: surrogate keys, watched in ready()."""

from articles.core import delivery
from articles.knowledge.models import Concept, ConceptRelation, Dimension, Fact, Industry, UseCase


def watch():
    delivery.watch(Concept, lambda concept: [f"concept-{concept.pk}", "concepts"])
    delivery.watch(
        ConceptRelation,
        lambda relation: [f"concept-{relation.source_id}", f"concept-{relation.target_id}"],
    )
    delivery.watch(Industry, lambda industry: [f"industry-{industry.pk}", "industries"])
    delivery.watch(
        UseCase,
        lambda use_case: [
            f"concept-{use_case.concept_id}",
            f"industry-{use_case.industry_id}",
            "industries",
        ],
    )
    delivery.watch(Dimension, lambda dimension: ["facts"])
    delivery.watch(Fact, lambda fact: [f"concept-{fact.concept_id}"])
