from django.db import migrations

ALL = ("add", "change", "delete", "view")
ROLES = {
    "Author": {
        "articles.article": ("add", "change", "view"),
        "articles.author": ("view",),
        "articles.topic": ("view",),
        "articles.concept": ("view",),
        "articles.industry": ("view",),
        "editorial.previewlink": ("add", "change", "view"),
    },
    "Editor": {
        "articles.article": ALL + ("publish",),
        "articles.relatedlink": ALL,
        "articles.author": ALL,
        "articles.topic": ALL,
        "articles.promo": ALL,
        "articles.concept": ("view",),
        "articles.industry": ("view",),
        "comparisons.comparison": ("view",),
        "editorial.previewlink": ALL,
        "editorial.auditentry": ("view",),
    },
    "Curator": {
        "articles.concept": ALL,
        "articles.conceptrelation": ALL,
        "articles.industry": ALL,
        "articles.usecase": ALL,
        "comparisons.dimension": ALL,
        "comparisons.fact": ALL,
        "comparisons.comparison": ALL + ("publish",),
        "comparisons.comparisonconcept": ALL,
        "comparisons.comparisondimension": ALL,
        "articles.article": ("view",),
        "editorial.auditentry": ("view",),
    },
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = []
        for label, actions in grants.items():
            app_label, model = label.split(".")
            for action in actions:
                perms.append(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )
        group.permissions.set(perms)
    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[*ROLES, "Admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0005_workflow"),
        ("comparisons", "0003_workflow"),
        ("editorial", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
