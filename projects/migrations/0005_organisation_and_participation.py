"""One name per thing: an Investor was always an organisation (companies and public bodies alike), and its
link to a project a participation with an OC4IDS role. Tables, columns and permissions are renamed in place.
"""

from django.conf import settings
from django.db import migrations, models

# (old model, new model, new verbose name): Django names permissions "Can <action> <verbose name>".
RENAMED_MODELS = [
    ("investor", "organisation", "organisation"),
    ("projectinvestor", "participation", "participation"),
    ("historicalinvestor", "historicalorganisation", "historical organisation"),
]
OLD_VERBOSE_NAMES = {"investor": "organisation", "projectinvestor": "organisation's role",
                     "historicalinvestor": "historical organisation"}  # fmt: skip
ACTIONS = ["add", "change", "delete", "view"]


def rename_permissions(apps, schema_editor, renames=RENAMED_MODELS):
    """Django renames content types with their models, not the permissions: keep every group's and user's
    rights, under the new codenames and names."""
    Permission = apps.get_model("auth", "Permission")
    for old, new, verbose_name in renames:
        for action in ACTIONS:
            Permission.objects.filter(content_type__app_label="projects", codename=f"{action}_{old}").update(
                codename=f"{action}_{new}", name=f"Can {action} {verbose_name}"
            )


def rename_permissions_back(apps, schema_editor):
    renames = [(new, old, OLD_VERBOSE_NAMES[old]) for old, new, _verbose_name in RENAMED_MODELS]
    rename_permissions(apps, schema_editor, renames=renames)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0004_sources_move_to_districts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="investor", name="investor_kind_valid"),
        migrations.RemoveConstraint(model_name="investor", name="investor_country_iso"),
        migrations.RemoveConstraint(model_name="projectinvestor", name="projectinvestor_unique_role"),
        migrations.RemoveConstraint(model_name="projectinvestor", name="projectinvestor_role_valid"),
        migrations.RenameModel(old_name="Investor", new_name="Organisation"),
        migrations.RenameModel(old_name="HistoricalInvestor", new_name="HistoricalOrganisation"),
        migrations.RenameModel(old_name="ProjectInvestor", new_name="Participation"),
        migrations.RenameField(model_name="participation", old_name="investor", new_name="organisation"),
        migrations.RenameField(model_name="project", old_name="investors", new_name="organisations"),
        migrations.RunPython(rename_permissions, rename_permissions_back),
        migrations.AlterModelOptions(
            name="historicalorganisation",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical organisation",
                "verbose_name_plural": "historical organisations",
            },
        ),
        migrations.AlterModelOptions(
            name="participation",
            options={
                "ordering": ["order", "id"],
                "verbose_name": "participation",
                "verbose_name_plural": "organisations and their roles",
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="in_governance",
            field=models.BooleanField(
                default=False,
                help_text="The Project Office, the Alatau City Authority, the Council and their consultants: listed "
                "on the About page and public even without a published project.",
                verbose_name="takes part in governing the city",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganisation",
            name="in_governance",
            field=models.BooleanField(
                default=False,
                help_text="The Project Office, the Alatau City Authority, the Council and their consultants: listed "
                "on the About page and public even without a published project.",
                verbose_name="takes part in governing the city",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="logo",
            field=models.ImageField(blank=True, upload_to="organisations/", verbose_name="logo"),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["company", "public"])),
                name="organisation_kind_valid",
                violation_error_message="Unknown kind of organisation.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(("country", ""), ("country__regex", "^[A-Z]{2}$"), _connector="OR"),
                name="organisation_country_iso",
                violation_error_message="The country must be a two-letter ISO code in capitals.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("project", "organisation", "role"),
                name="participation_unique_role",
                violation_error_message="This organisation already has this role in the project.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("role__in", ["funder", "publicAuthority", "administrativeEntity", "supplier", "interestedParty"])
                ),
                name="participation_role_valid",
                violation_error_message="Unknown role.",
            ),
        ),
    ]
