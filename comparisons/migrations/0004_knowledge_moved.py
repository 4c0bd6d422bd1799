import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Dimensions and facts now belong to the knowledge app; tables and data stay put."""

    dependencies = [
        ("comparisons", "0003_workflow"),
        ("knowledge", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="comparison",
                    name="concepts",
                    field=models.ManyToManyField(
                        related_name="comparisons",
                        through="comparisons.ComparisonConcept",
                        to="knowledge.concept",
                    ),
                ),
                migrations.AlterField(
                    model_name="comparison",
                    name="dimensions",
                    field=models.ManyToManyField(
                        related_name="comparisons",
                        through="comparisons.ComparisonDimension",
                        to="knowledge.dimension",
                    ),
                ),
                migrations.AlterField(
                    model_name="comparisonconcept",
                    name="concept",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="knowledge.concept",
                    ),
                ),
                migrations.AlterField(
                    model_name="comparisondimension",
                    name="dimension",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="knowledge.dimension",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalFact"),
                migrations.DeleteModel(name="Fact"),
                migrations.DeleteModel(name="Dimension"),
            ],
            database_operations=[],
        ),
    ]
