import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import articles.models


def move_content_types(apps, schema_editor, *, back=False):
    """Keep permissions and audit entries attached to the moved preview links and old slugs."""
    old, new = ("articles", "editorial") if back else ("editorial", "articles")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ["previewlink", "oldslug"]:
        moving = ContentType.objects.filter(app_label=old, model=model)
        if moving.exists():
            # A `migrate` after a downgrade may have made an empty one under the new label.
            ContentType.objects.filter(app_label=new, model=model).delete()
            moving.update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, back=True)


class Migration(migrations.Migration):
    """Concepts, relations, industries and use-cases now belong to the knowledge app; preview
    links and old slugs, which only articles have, move here from editorial. Tables and data
    stay put: only Django's record of which app owns them changes."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("articles", "0005_workflow"),
        ("comparisons", "0004_knowledge_moved"),
        ("editorial", "0002_roles"),
        ("knowledge", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="concepts",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text=(
                            "The concepts this article is about; they drive related articles "
                            "and hubs."
                        ),
                        related_name="articles",
                        to="knowledge.concept",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalarticle_concepts",
                    name="concept",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="knowledge.concept",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalConcept"),
                migrations.DeleteModel(name="HistoricalUseCase"),
                migrations.DeleteModel(name="ConceptRelation"),
                migrations.DeleteModel(name="UseCase"),
                migrations.DeleteModel(name="Concept"),
                migrations.DeleteModel(name="Industry"),
                migrations.CreateModel(
                    name="OldSlug",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("slug", models.SlugField(max_length=200, unique=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="old_slugs",
                                to="articles.article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "old address",
                        "db_table": "editorial_oldslug",
                        "ordering": ["slug"],
                    },
                ),
                migrations.CreateModel(
                    name="PreviewLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "token",
                            models.CharField(
                                default=articles.models.new_token,
                                editable=False,
                                max_length=64,
                                unique=True,
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "expires_at",
                            models.DateTimeField(default=articles.models.default_expiry),
                        ),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="preview_links",
                                to="articles.article",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "editorial_previewlink",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
