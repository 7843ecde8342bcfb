from django.contrib.auth.management import create_permissions
from django.db import migrations

# The roles this migration changes, as they were when it was written (frozen here so
# that editing tracker/roles.py never changes what it does): a new unit-leader role,
# and read access to acknowledgements for the roles that read everything.
UNIT_LEADER = ("unit_leader", ["lead_unit"])
READ_ACKS = {"coordinator": ["view_acknowledgement"], "viewer": ["view_acknowledgement"]}
ADMIN_ACKS = [f"{act}_acknowledgement" for act in ("view", "add", "change", "delete")]


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)


def add_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    name, codenames = UNIT_LEADER
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(_permissions(apps, codenames))
    for name, codenames in {**READ_ACKS, "administrator": ADMIN_ACKS}.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, codenames))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=UNIT_LEADER[0]).delete()
    for name, codenames in {**READ_ACKS, "administrator": ADMIN_ACKS}.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [("tracker", "0009_supervision_loop")]

    operations = [migrations.RunPython(add_roles, remove_roles)]
