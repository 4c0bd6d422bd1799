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


def latest():
    """Every app's newest migration: where a site downgrades from, and where tests run."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture(autouse=True)
def _newest_schema_after(django_db_blocker):
    """Leave the database migrated to the newest state, for the tests that run after these."""
    yield
    with django_db_blocker.unblock():
        migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_upgrade_keeps_knowledge_rows_history_and_permissions():
    old = migrate(BEFORE)
    Concept = old.get_model("articles", "Concept")
    Dimension = old.get_model("comparisons", "Dimension")
    Fact = old.get_model("comparisons", "Fact")
    Group = old.get_model("auth", "Group")
    Permission = old.get_model("auth", "Permission")
    ContentType = old.get_model("contenttypes", "ContentType")
    concept = Concept.objects.create(name="Transformer", slug="transformer", definition="D.")
    dimension = Dimension.objects.create(name="Purpose", slug="purpose")
    Fact.objects.create(concept=concept, dimension=dimension, text="Models sequences.")
    # A group holding permissions on models under their old apps, as sites have them.
    grants = {
        ("articles", "concept"): "change_concept",
        ("comparisons", "fact"): "change_fact",
        ("editorial", "previewlink"): "add_previewlink",
    }
    group = Group.objects.create(name="Old curators")
    for (app_label, model), codename in grants.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        group.permissions.add(permission)

    new = migrate(AFTER)

    NewConcept = new.get_model("knowledge", "Concept")
    NewFact = new.get_model("knowledge", "Fact")
    Permission = new.get_model("auth", "Permission")
    assert NewConcept.objects.get(slug="transformer").name == "Transformer"
    assert NewFact.objects.get().text == "Models sequences."
    group = new.get_model("auth", "Group").objects.get(name="Old curators")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("knowledge", "change_concept"),
        ("knowledge", "change_fact"),
        ("articles", "add_previewlink"),
    }
    assert not Permission.objects.filter(
        content_type__app_label="articles", codename="change_concept"
    ).exists()


@pytest.mark.django_db(transaction=True)
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


@pytest.mark.django_db(transaction=True)
def test_upgrade_after_a_downgrade_and_migrate_keeps_one_content_type_per_model():
    old = migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="articles", model="concept")
    # What `migrate`'s post_migrate does with today's models after a downgrade.
    ContentType.objects.get_or_create(app_label="knowledge", model="concept")

    new = migrate(AFTER)

    ContentType = new.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(model="concept").count() == 1
    assert ContentType.objects.filter(app_label="knowledge", model="concept").exists()
