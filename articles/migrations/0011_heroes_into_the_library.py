from django.db import migrations


def heroes_into_the_library(apps, schema_editor):
    """Every article's own hero becomes a library image (its file and renditions move with it)."""
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("media", "Image")
    heroes = Article.objects.exclude(hero_image="").filter(hero_source__isnull=True)
    for article in heroes.iterator():
        data = article.hero_renditions or {}
        image = Image.objects.create(
            file=article.hero_image.name,
            title=article.title[:200],
            alt=(article.hero_alt or article.title)[:250],
            caption=article.hero_caption,
            renditions=data,
            width=data.get("width", 0),
            height=data.get("height", 0),
        )
        Article.objects.filter(pk=article.pk).update(hero_source=image)


def heroes_out_of_the_library(apps, schema_editor):
    """Back: articles keep their hero files; the library images made for them go."""
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("media", "Image")
    moved = list(
        Article.objects.filter(hero_source__isnull=False).values_list("hero_source", flat=True)
    )
    Article.objects.update(hero_source=None)
    Image.objects.filter(pk__in=moved).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_hero_from_the_library"),
        ("media", "0002_roles"),
    ]

    operations = [migrations.RunPython(heroes_into_the_library, heroes_out_of_the_library)]
