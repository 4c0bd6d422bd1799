from django.db import migrations

# Who may do what with the library, by role (the roles are editorial/0002_roles).
GRANTS = {
    "Author": ("add", "change", "view"),
    "Editor": ("add", "change", "delete", "view"),
    "Curator": ("add", "change", "view"),
    "Admin": ("add", "change", "delete", "view"),
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; the groups need them now.
    app_config = apps.get_app_config("media")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="media",
                codename__in=[f"{action}_image" for action in actions],
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="media"))


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_initial"),
        ("editorial", "0004_audit_renamed"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
