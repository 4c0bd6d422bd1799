"""The knowledge app took over existing tables: upgrading a site keeps every row and permission."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("articles", "0005_workflow"),
    ("comparisons", "0003_workflow"),
    ("editorial", "0002_roles"),
    ("knowledge", None),
]
AFTER = [
    ("articles", "0006_knowledge_moved"),
    ("comparisons", "0004_knowledge_moved"),
    ("editorial", "0003_sharing_moved"),
    ("knowledge", "0001_initial"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upgrade_keeps_knowledge_rows_history_and_permissions():
    old = migrate(BEFORE)
    Concept = old.get_model("articles", "Concept")
    Dimension = old.get_model("comparisons", "Dimension")
    Fact = old.get_model("comparisons", "Fact")
    Group = old.get_model("auth", "Group")
    concept = Concept.objects.create(name="Transformer", slug="transformer", definition="D.")
    dimension = Dimension.objects.create(name="Purpose", slug="purpose")
    Fact.objects.create(concept=concept, dimension=dimension, text="Models sequences.")
    old_codenames = set(
        Group.objects.get(name="Curator").permissions.values_list("codename", flat=True)
    )

    new = migrate(AFTER)

    NewConcept = new.get_model("knowledge", "Concept")
    NewFact = new.get_model("knowledge", "Fact")
    Permission = new.get_model("auth", "Permission")
    assert NewConcept.objects.get(slug="transformer").name == "Transformer"
    assert NewFact.objects.get().text == "Models sequences."
    curator = new.get_model("auth", "Group").objects.get(name="Curator")
    assert set(curator.permissions.values_list("codename", flat=True)) == old_codenames
    assert curator.permissions.filter(
        content_type__app_label="knowledge", codename="change_fact"
    ).exists()
    assert not Permission.objects.filter(
        content_type__app_label="articles", codename="change_concept"
    ).exists()
    author = new.get_model("auth", "Group").objects.get(name="Author")
    assert author.permissions.filter(
        content_type__app_label="articles", codename="add_previewlink"
    ).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_downgrade_gives_the_tables_back_to_their_old_apps():
    new = migrate(AFTER)
    ContentType = new.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="knowledge", model="concept")
    ContentType.objects.get_or_create(app_label="articles", model="previewlink")

    old = migrate(BEFORE)

    ContentType = old.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="articles", model="concept").exists()
    assert ContentType.objects.filter(app_label="editorial", model="previewlink").exists()
    assert not ContentType.objects.filter(app_label="knowledge").exists()
    migrate(AFTER)
