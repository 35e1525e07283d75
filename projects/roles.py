"""The Project Office's staff roles and exactly what each may do.

- Editors keep the registry current: they add and change projects, organisations, sources and images,
  publish and unpublish, import spreadsheets and export. They never delete projects, organisations, sources
  or districts (unpublishing hides a project) and never touch users, districts or specializations.
- Viewers read everything editors can, in the admin, and export; they change nothing.

Only superusers manage users, districts and specializations. The groups are brought in line with these lists
after every `migrate` (and after every database flush, which the browser tests do), the way Django itself
creates permissions.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, router

EDITOR_GROUP = "Project Office editor"
VIEWER_GROUP = "Project Office viewer"

# (app_label, model, actions): the permission `<action>_<model>` of each.
EDITOR_PERMISSIONS = [
    ("projects", "project", ["view", "add", "change", "publish", "import", "export"]),
    ("projects", "organisation", ["view", "add", "change"]),
    ("projects", "participation", ["view", "add", "change", "delete"]),
    ("projects", "milestone", ["view", "add", "change", "delete"]),
    ("projects", "projectfigure", ["view", "add", "change", "delete"]),
    ("projects", "projectimage", ["view", "add", "change", "delete"]),
    ("projects", "projectsource", ["view", "add", "change", "delete"]),
    ("projects", "historicalproject", ["view"]),
    ("projects", "historicalorganisation", ["view"]),
    ("districts", "source", ["view", "add", "change"]),
    ("districts", "district", ["view"]),
    ("districts", "specialization", ["view"]),
    ("districts", "cityfigure", ["view"]),
    ("districts", "cityevent", ["view"]),
]
VIEWER_PERMISSIONS = [
    (app_label, model, [action for action in actions if action in ("view", "export")])
    for app_label, model, actions in EDITOR_PERMISSIONS
]
GROUPS = {EDITOR_GROUP: EDITOR_PERMISSIONS, VIEWER_GROUP: VIEWER_PERMISSIONS}


def sync_groups(using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Create each staff group if needed and give it exactly its permissions (a post_migrate receiver)."""
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth is not migrated in this database
        return
    if not router.allow_migrate_model(using, Group):
        return
    existing = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.using(using).select_related("content_type")
    }
    for name, permissions in GROUPS.items():
        wanted = [(app_label, f"{action}_{model}") for app_label, model, actions in permissions for action in actions]
        if any(key not in existing for key in wanted):
            continue  # the permissions of a model that is not migrated yet: a later post_migrate completes it
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([existing[key] for key in wanted])
