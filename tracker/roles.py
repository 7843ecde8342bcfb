"""The four roles, kept as Django groups, and the permissions each carries.

Assign people to a role in the admin (用户 → 组). The data migration
0002_roles created the groups from a frozen copy of this table; `sync_roles`
re-applies the live one (demo loading, tests). A change here reaches existing
databases through a new data migration that carries its own copy of the change.
"""

COORDINATOR = "coordinator"
REPORTER = "reporter"
VIEWER = "viewer"
ADMINISTRATOR = "administrator"

READ_MODELS = [
    "report",
    "unit",
    "item",
    "itemlink",
    "indicator",
    "measurement",
    "progressupdate",
    "evidence",
    "reminder",
    "extensionrequest",
    "membership",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    COORDINATOR: [
        "view_all_items",
        "assign_item",
        "review_update",
        "urge_unit",
        "import_report",
        *[f"view_{m}" for m in READ_MODELS],
    ],
    REPORTER: ["submit_update"],
    VIEWER: ["view_all_items", *[f"view_{m}" for m in READ_MODELS]],
    ADMINISTRATOR: [
        "view_all_items",
        *[f"{action}_{m}" for m in READ_MODELS for action in ("view", "add", "change", "delete")],
    ],
}


def sync_roles(group_model, permission_model) -> None:
    """Create the groups and give each exactly its permissions."""
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        perms = permission_model.objects.filter(
            content_type__app_label="tracker", codename__in=codenames
        )
        group.permissions.set(perms)
