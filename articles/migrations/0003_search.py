from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_history"),
        ("comparisons", "0002_history"),
    ]

    operations = []
