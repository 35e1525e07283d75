"""Sources move to the districts app, the ground every app stands on (district figures cite them too).

The rows are copied with their ids into districts_source, the foreign keys are pointed at it, and the old
table is dropped: nothing is lost.
"""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models


def copy_sources(apps, schema_editor):
    Old = apps.get_model("projects", "Source")
    New = apps.get_model("districts", "Source")
    New.objects.bulk_create(
        New(
            pk=source.pk,
            title=source.title,
            url=source.url,
            publisher=source.publisher,
            published_on=source.published_on,
        )
        for source in Old.objects.all()
    )
    # Rows inserted with explicit ids leave PostgreSQL's sequence behind.
    sequence_sql = schema_editor.connection.ops.sequence_reset_sql(no_style(), [New])
    with schema_editor.connection.cursor() as cursor:
        for statement in sequence_sql:
            cursor.execute(statement)


def move_source_rights(apps, schema_editor, old="projects", new="districts"):
    """Rights on sources follow the model: its content type moves app, so every group's and user's
    permissions (and the admin's log of source edits) keep pointing at it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moved = ContentType.objects.filter(app_label=old, model="source").first()
    if moved is None:
        return
    existing = ContentType.objects.filter(app_label=new, model="source").first()
    if existing is None:
        moved.app_label = new
        moved.save(update_fields=["app_label"])
        return
    for permission in Permission.objects.filter(content_type=moved):
        if not Permission.objects.filter(content_type=existing, codename=permission.codename).exists():
            permission.content_type = existing
            permission.save(update_fields=["content_type"])


def move_source_rights_back(apps, schema_editor):
    move_source_rights(apps, schema_editor, old="districts", new="projects")


def copy_sources_back(apps, schema_editor):
    Old = apps.get_model("projects", "Source")
    New = apps.get_model("districts", "Source")
    Old.objects.bulk_create(
        Old(
            pk=source.pk,
            title=source.title,
            url=source.url,
            publisher=source.publisher,
            published_on=source.published_on or "1970-01-01",
        )
        for source in New.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("districts", "0002_sources_figures_timeline"),
        ("projects", "0003_search_columns"),
    ]

    operations = [
        migrations.RunPython(copy_sources, copy_sources_back),
        migrations.AlterField(
            model_name="milestone",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="districts.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="sources",
            field=models.ManyToManyField(
                blank=True, related_name="projects", to="districts.source", verbose_name="sources"
            ),
        ),
        migrations.DeleteModel(name="Source"),
        migrations.RunPython(move_source_rights, move_source_rights_back),
    ]
