from django.contrib.auth.management import create_permissions
from django.db import migrations

# The four roles as they were when this migration was written, frozen here so
# that editing tracker/roles.py (the live table, re-applied by sync_roles)
# never changes what this migration does.
MODELS = (
    "report unit item itemlink indicator measurement progressupdate evidence review "
    "reminder extensionrequest membership"
).split()
VIEW = [f"view_{model}" for model in MODELS]
ROLES = {
    "coordinator": [
        "view_all_items", "assign_item", "review_update", "urge_unit", "import_report", *VIEW
    ],
    "reporter": ["submit_update"],
    "viewer": ["view_all_items", *VIEW],
    "administrator": [
        "view_all_items",
        *[f"{act}_{model}" for model in MODELS for act in ("view", "add", "change", "delete")],
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the
    # groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
