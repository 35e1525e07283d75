"""Create the "Project Office editor" group with exactly what an editor needs."""

from django.db import migrations

GROUP_NAME = "Project Office editor"

# (app_label, model, actions). Editors keep the registry current; they never delete
# projects, organisations or districts (unpublishing hides a project) and never touch users.
EDITOR_PERMISSIONS = [
    ("projects", "project", ["view", "add", "change"]),
    ("projects", "investor", ["view", "add", "change"]),
    ("projects", "source", ["view", "add", "change"]),
    ("projects", "projectinvestor", ["view", "add", "change", "delete"]),
    ("projects", "milestone", ["view", "add", "change", "delete"]),
    ("projects", "projectimage", ["view", "add", "change", "delete"]),
    ("projects", "historicalproject", ["view"]),
    ("projects", "historicalinvestor", ["view"]),
    ("districts", "district", ["view"]),
    ("districts", "specialization", ["view"]),
]


def create_editor_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        (app_label, f"{action}_{model}") for app_label, model, actions in EDITOR_PERMISSIONS for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("districts", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
