"""The Project Office's staff role and exactly what it may do.

The group is brought in line with this list after every `migrate` (and after every database flush, which
the browser tests do), the way Django itself creates permissions.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, router

EDITOR_GROUP = "Project Office editor"

# (app_label, model, actions). Editors keep the registry current; they never delete projects,
# organisations, sources or districts (unpublishing hides a project) and never touch users.
EDITOR_PERMISSIONS = [
    ("projects", "project", ["view", "add", "change"]),
    ("projects", "organisation", ["view", "add", "change"]),
    ("projects", "participation", ["view", "add", "change", "delete"]),
    ("projects", "milestone", ["view", "add", "change", "delete"]),
    ("projects", "projectfigure", ["view", "add", "change", "delete"]),
    ("projects", "projectimage", ["view", "add", "change", "delete"]),
    ("projects", "historicalproject", ["view"]),
    ("projects", "historicalorganisation", ["view"]),
    ("districts", "source", ["view", "add", "change"]),
    ("districts", "district", ["view"]),
    ("districts", "specialization", ["view"]),
    ("districts", "cityfigure", ["view"]),
    ("districts", "cityevent", ["view"]),
]


def sync_editor_group(using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Create the editor group if needed and give it exactly EDITOR_PERMISSIONS (a post_migrate receiver)."""
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth is not migrated in this database
        return
    if not router.allow_migrate_model(using, Group):
        return
    wanted = {
        (app_label, f"{action}_{model}") for app_label, model, actions in EDITOR_PERMISSIONS for action in actions
    }
    permissions = [
        permission
        for permission in Permission.objects.using(using).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    if len(permissions) < len(wanted):
        return  # the permissions of a model that is not migrated yet: a later post_migrate completes it
    group, _created = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    group.permissions.set(permissions)
