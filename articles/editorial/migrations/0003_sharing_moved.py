from django.db import migrations


class Migration(migrations.Migration):
    """Preview links and old slugs now belong to the articles app (articles 0006); their
    tables stay put, so editorial only forgets them."""

    dependencies = [
        ("editorial", "0002_roles"),
        ("articles", "0006_knowledge_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OldSlug"),
                migrations.DeleteModel(name="PreviewLink"),
            ],
            database_operations=[],
        ),
    ]
