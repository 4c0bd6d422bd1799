"""Fact assembly: a table of facts, a column per concept and a row per dimension.

The comparator, curated comparisons and concept hubs all show facts through this one class,
so a corrected fact is corrected everywhere that shows it.
"""

from dataclasses import dataclass, field

from articles.knowledge.models import Concept, Dimension, Fact


def normalise_text(text):
    """Return text with case and runs of whitespace ignored, to tell whether facts differ."""
    return " ".join(text.split()).casefold()


def facts_differ(facts):
    """Return True unless every fact is present and they say the same thing.

    Curators' short values decide when every fact has one; otherwise only identical texts
    count as the same, since two differently worded explanations may or may not agree.
    A missing fact never makes a row the same: there is nothing to compare it with.
    """
    if any(fact is None for fact in facts):
        return True
    if all(fact.value for fact in facts):
        return len({normalise_text(fact.value) for fact in facts}) > 1
    return len({normalise_text(fact.text) for fact in facts}) > 1


@dataclass
class TableCell:
    concept: Concept
    fact: Fact | None = None
    notes: list = field(default_factory=list)


@dataclass
class TableRow:
    dimension: Dimension
    cells: list
    differs: bool


class FactTable:
    """A table assembled live from facts: a column per concept, a row per dimension.

    `dimensions=None` shows every dimension on which at least one of the concepts has a fact.
    Sources are numbered in order of appearance across the rows shown.
    """

    def __init__(self, concepts, dimensions=None, *, differences_only=False, facts=None):
        """`facts`, when given, maps (concept id, dimension id) to facts already loaded (with
        their dimension), so that many tables cost one query: no query is made then."""
        self.concepts = list(concepts)
        if dimensions is not None:
            dimensions = list(dimensions)
        if facts is None:
            facts = Fact.objects.filter(concept__in=[c.pk for c in self.concepts])
            if dimensions is not None:
                facts = facts.filter(dimension__in=[d.pk for d in dimensions])
            facts = {(f.concept_id, f.dimension_id): f for f in facts.select_related("dimension")}
        ids = {concept.pk for concept in self.concepts}
        shown = None if dimensions is None else {d.pk for d in dimensions}
        by_cell = {
            (concept_id, dimension_id): fact
            for (concept_id, dimension_id), fact in facts.items()
            if concept_id in ids and (shown is None or dimension_id in shown)
        }
        if dimensions is None:
            found = {fact.dimension.pk: fact.dimension for fact in by_cell.values()}
            dimensions = sorted(found.values(), key=lambda d: (d.position, d.name))
        self.dimensions = dimensions
        self.differences_only = differences_only

        self.all_rows = []
        for dimension in dimensions:
            cells = [
                TableCell(concept, by_cell.get((concept.pk, dimension.pk)))
                for concept in self.concepts
            ]
            differs = facts_differ([cell.fact for cell in cells])
            self.all_rows.append(TableRow(dimension, cells, differs))
        self.rows = [row for row in self.all_rows if row.differs or not differences_only]

        numbers = {}
        self.sources = []
        for row in self.rows:
            for cell in row.cells:
                for source in cell.fact.sources if cell.fact else []:
                    if source["url"] not in numbers:
                        numbers[source["url"]] = len(numbers) + 1
                        self.sources.append({"number": numbers[source["url"]], **source})
                    cell.notes.append((numbers[source["url"]], source))

    @property
    def total(self):
        return len(self.all_rows)

    @property
    def differing(self):
        return sum(row.differs for row in self.all_rows)

    @property
    def missing(self):
        """Return the cells shown as “Not yet documented”, across all rows."""
        return [
            (row.dimension, cell.concept)
            for row in self.all_rows
            for cell in row.cells
            if cell.fact is None
        ]

    def facts_of(self, concept):
        """Return (dimension, fact) for each documented row of `concept`, in row order."""
        return [
            (row.dimension, cell.fact)
            for row in self.all_rows
            for cell in row.cells
            if cell.concept == concept and cell.fact
        ]
