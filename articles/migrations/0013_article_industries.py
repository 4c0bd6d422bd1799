from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_hero_focal_points"),
        ("knowledge", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="industries",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "The industries this article is about: it is listed on their pages and feeds."
                ),
                related_name="articles",
                to="knowledge.industry",
            ),
        ),
    ]
