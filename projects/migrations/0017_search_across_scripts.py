"""The search columns re-derived for the rows that exist, now with their skeletons (projects/search.py)."""

from django.conf import settings
from django.db import migrations

from projects.search import searchable

BATCH_SIZE = 500


def texts(row, *fields):
    """The row's translations of `fields`, in the order Project.derive_search_fields() reads them."""
    return [getattr(row, f"{field}_{code}") for field in fields for code, _name in settings.LANGUAGES]


def derive_organisation(organisation):
    organisation.search_name = searchable(*texts(organisation, "name"))


def derive_project(project):
    project.search_title = searchable(*texts(project, "title"))
    project.search_text = searchable(*texts(project, "title", "summary", "description"))


def rederive_search_columns(apps, schema_editor):
    # Derived here, on the migration's models, as the models' derive_search_fields() does at this migration.
    for name, columns, derive in (
        ("Organisation", ["search_name"], derive_organisation),
        ("Project", ["search_title", "search_text"], derive_project),
    ):
        rows = apps.get_model("projects", name).objects.using(schema_editor.connection.alias)
        last_pk = 0
        while batch := list(rows.filter(pk__gt=last_pk).order_by("pk")[:BATCH_SIZE]):
            for row in batch:
                derive(row)
            rows.bulk_update(batch, columns)
            last_pk = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0016_cited_sources_are_protected"),
    ]

    operations = [
        # Backwards needs nothing: a skeleton line is only one more line the earlier search may find words in.
        migrations.RunPython(rederive_search_columns, migrations.RunPython.noop, elidable=True),
    ]
