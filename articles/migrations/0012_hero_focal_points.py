from django.db import migrations


def stamp_focal_points(apps, schema_editor):
    """Library renditions carry their image's focal point, and so do the heroes made from them
    (articles.models.focus_classes uses it where heroes are cropped)."""
    Image = apps.get_model("media", "Image")
    Article = apps.get_model("articles", "Article")
    for image in Image.objects.exclude(renditions={}).iterator():
        focal = [image.focal_x, image.focal_y]
        if image.renditions.get("focal") == focal:
            continue
        image.renditions = dict(image.renditions) | {"focal": focal}
        Image.objects.filter(pk=image.pk).update(renditions=image.renditions)
        for article in Article.objects.filter(hero_source_id=image.pk).exclude(hero_renditions={}):
            if article.hero_renditions.get("source") == image.renditions.get("source"):
                Article.objects.filter(pk=article.pk).update(
                    hero_renditions=dict(article.hero_renditions) | {"focal": focal}
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_heroes_into_the_library"),
        ("media", "0002_roles"),
    ]

    operations = [migrations.RunPython(stamp_focal_points, migrations.RunPython.noop)]
