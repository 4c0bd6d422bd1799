import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.knowledge.models import (
    Concept,
    ConceptRelation,
    Fact,
    RelationKind,
    UseCase,
    group_relations,
    validate_sources,
)
from articles.knowledge.tables import FactTable, normalise_text
from tests.factories import (
    make_concept,
    make_dimension,
    make_fact,
    make_industry,
    make_use_case,
)


def test_concept_name_unique_case_insensitive(db):
    make_concept(name="Large language model")

    with pytest.raises(IntegrityError), transaction.atomic():
        Concept.objects.create(name="LARGE LANGUAGE MODEL", slug="llm-2", definition="D.")


def test_concept_name_case_insensitive_duplicate_fails_full_clean(db):
    make_concept(name="Large language model")

    with pytest.raises(ValidationError):
        Concept(name="large language model", slug="llm-2", definition="D.").full_clean()


def test_use_case_unique_per_concept_and_industry(db):
    use_case = make_use_case()

    with pytest.raises(IntegrityError), transaction.atomic():
        UseCase.objects.create(
            concept=use_case.concept, industry=use_case.industry, title="Again", text="T."
        )


def test_use_case_same_concept_other_industry_allowed(db):
    use_case = make_use_case()

    other = make_use_case(concept=use_case.concept, industry=make_industry())

    assert other.pk is not None


def test_concept_relation_unique(db):
    llm, genai = make_concept(), make_concept()
    ConceptRelation.objects.create(source=llm, kind=RelationKind.KIND_OF, target=genai)

    with pytest.raises(IntegrityError), transaction.atomic():
        ConceptRelation.objects.create(source=llm, kind=RelationKind.KIND_OF, target=genai)


def test_concept_relation_not_self(db):
    llm = make_concept()

    with pytest.raises(IntegrityError), transaction.atomic():
        ConceptRelation.objects.create(source=llm, kind=RelationKind.RELATED, target=llm)


def test_concept_relation_groups_from_both_ends(db):
    llm = make_concept(name="LLM")
    genai = make_concept(name="Generative AI")
    ConceptRelation.objects.create(source=llm, kind=RelationKind.KIND_OF, target=genai)

    loaded = Concept.objects.with_relations().in_bulk([llm.pk, genai.pk])
    llm, genai = loaded[llm.pk], loaded[genai.pk]
    assert group_relations(llm) == [("Is a kind of", [genai])]
    assert group_relations(genai) == [("Kinds of generative ai", [llm])]


def test_concept_relation_groups_constant_queries_with_relations(db, django_assert_num_queries):
    concepts = [make_concept() for _ in range(5)]
    for source, target in zip(concepts, concepts[1:]):
        ConceptRelation.objects.create(source=source, kind=RelationKind.BUILT_ON, target=target)

    with django_assert_num_queries(3):
        groups = {c: group_relations(c) for c in Concept.objects.with_relations()}

    assert sum(len(members) for found in groups.values() for _, members in found) == 8
    assert ("Used by", [concepts[0]]) in groups[concepts[1]]


def test_concept_alias_list_normalised_by_clean(db):
    concept = Concept(name="LLM", slug="llm", definition="D.", aliases=" LLM ,, large models,LLM ,")

    concept.full_clean()

    assert concept.aliases == "LLM, large models"
    assert concept.alias_list == ["LLM", "large models"]


def test_concept_alias_list_empty(db):
    assert make_concept(aliases="").alias_list == []


def test_concept_clean_renders_explanation(db):
    concept = make_concept(explanation="It *predicts* the next token.")

    assert concept.explanation_html == "<p>It <em>predicts</em> the next token.</p>\n"


def test_concept_save_without_full_clean_renders_explanation(db):
    concept = make_concept(explanation="Old.")
    concept.explanation = "It *predicts* the next token."

    concept.save()

    stored = Concept.objects.get(pk=concept.pk)
    assert stored.explanation_html == "<p>It <em>predicts</em> the next token.</p>\n"


def test_concept_save_with_update_fields_stores_explanation_html(db):
    concept = make_concept(explanation="Old.")
    concept.explanation = "It *predicts* the next token."

    concept.save(update_fields=["explanation"])

    stored = Concept.objects.get(pk=concept.pk)
    assert stored.explanation == "It *predicts* the next token."
    assert stored.explanation_html == "<p>It <em>predicts</em> the next token.</p>\n"


def test_concept_relation_mirror_of_a_related_pair_fails_full_clean(db):
    first, second = make_concept(), make_concept()
    ConceptRelation.objects.create(source=first, kind=RelationKind.RELATED, target=second)

    mirror = ConceptRelation(source=second, kind=RelationKind.RELATED, target=first)

    with pytest.raises(ValidationError, match="other way round"):
        mirror.full_clean()


def test_concept_relation_mirror_of_another_kind_is_allowed(db):
    llm, genai = make_concept(), make_concept()
    ConceptRelation.objects.create(source=llm, kind=RelationKind.KIND_OF, target=genai)

    ConceptRelation(source=genai, kind=RelationKind.RELATED, target=llm).full_clean()


def test_concept_relation_groups_show_a_mirrored_pair_once(db):
    first, second = make_concept(), make_concept()
    ConceptRelation.objects.create(source=first, kind=RelationKind.RELATED, target=second)
    ConceptRelation.objects.create(source=second, kind=RelationKind.RELATED, target=first)

    concept = Concept.objects.with_relations().get(pk=first.pk)

    assert group_relations(concept) == [("Related", [second])]


def test_fact_unique_per_concept_and_dimension(db):
    fact = make_fact()

    with pytest.raises(IntegrityError), transaction.atomic():
        Fact.objects.create(concept=fact.concept, dimension=fact.dimension, text="Again.")


def test_fact_bad_sources_fail_full_clean(db):
    fact = make_fact()
    fact.sources = [{"title": "Paper", "url": "javascript:alert(1)"}]

    with pytest.raises(ValidationError) as excinfo:
        fact.full_clean()

    assert "sources" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "sources",
    [
        [],
        [{"title": "Paper", "url": "https://example.org/paper"}],
        [
            {"title": "Paper", "url": "https://example.org/paper"},
            {"title": "Docs", "url": "http://docs.example.org/"},
        ],
    ],
)
def test_validate_sources_accepts_good_list(sources):
    validate_sources(sources)


@pytest.mark.parametrize(
    "sources",
    [
        {"title": "Paper", "url": "https://example.org/"},
        "https://example.org/",
        None,
        ["https://example.org/"],
        [{"title": "Paper"}],
        [{"url": "https://example.org/"}],
        [{"title": "Paper", "url": "https://example.org/", "extra": 1}],
        [{"title": "  ", "url": "https://example.org/"}],
        [{"title": "Paper", "url": "javascript:alert(1)"}],
        [{"title": "Paper", "url": "JavaScript:alert(1)"}],
        [{"title": "Paper", "url": "ftp://example.org/file"}],
        [{"title": "Paper", "url": "data:text/html,x"}],
        [{"title": "Paper", "url": "not a url"}],
        [{"title": "Paper", "url": None}],
    ],
)
def test_validate_sources_rejects_bad_value(sources):
    with pytest.raises(ValidationError):
        validate_sources(sources)


def test_validate_sources_names_the_bad_source():
    sources = [{"title": "Good", "url": "https://example.org/"}, {"title": "", "url": "x"}]

    with pytest.raises(ValidationError, match="Source 2"):
        validate_sources(sources)


def test_table_rows_differ_unless_texts_match_ignoring_case_and_spaces(db):
    a, b = make_concept(), make_concept()
    same, different, missing = make_dimension(), make_dimension(), make_dimension()
    make_fact(concept=a, dimension=same, text="  Two  networks,\nTrained together. ")
    make_fact(concept=b, dimension=same, text="two networks, trained together.")
    make_fact(concept=a, dimension=different, text="One.")
    make_fact(concept=b, dimension=different, text="Two.")
    make_fact(concept=a, dimension=missing, text="Only one side.")

    table = FactTable([a, b])

    assert [(row.dimension, row.differs) for row in table.rows] == [
        (same, False),
        (different, True),
        (missing, True),
    ]
    assert table.total == 3
    assert table.differing == 2
    assert table.missing == [(missing, b)]


def test_table_differences_only_keeps_all_rows_for_counts(db):
    a, b = make_concept(), make_concept()
    same = make_dimension()
    make_fact(concept=a, dimension=same, text="Same.")
    make_fact(concept=b, dimension=same, text="Same.")
    make_fact(concept=a, text="Different.")

    table = FactTable([a, b], differences_only=True)

    assert len(table.rows) == 1
    assert table.total == 2


def test_table_with_chosen_dimensions_keeps_their_order(db):
    a, b = make_concept(), make_concept()
    first, second = make_dimension(position=9), make_dimension(position=1)
    make_fact(concept=a, dimension=second)

    table = FactTable([a, b], [first, second])

    assert [row.dimension for row in table.rows] == [first, second]
    assert table.rows[0].cells[0].fact is None


def test_table_numbers_sources_by_first_appearance(db):
    a, b = make_concept(), make_concept()
    dimension = make_dimension()
    x = {"title": "X", "url": "https://example.org/x"}
    y = {"title": "Y", "url": "https://example.org/y"}
    make_fact(concept=a, dimension=dimension, sources=[y])
    make_fact(concept=b, dimension=dimension, sources=[x, y])

    table = FactTable([a, b], [dimension])

    assert table.sources == [{"number": 1, **y}, {"number": 2, **x}]
    assert table.rows[0].cells[1].notes == [(2, x), (1, y)]


def test_table_of_no_concepts_is_empty(db):
    table = FactTable([])

    assert table.rows == [] and table.sources == []


def test_normalise_text_ignores_case_and_whitespace():
    assert normalise_text("  A\tB\n c ") == normalise_text("a b C")
