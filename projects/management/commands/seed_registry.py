"""Load the demo fixtures into an empty registry; never over data that staff may have changed."""

from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils.translation import gettext as _

from districts.models import District
from projects.models import Milestone, Organisation, Participation, Project, ProjectFigure, ProjectImage, ProjectSource

FIXTURES = ["districts", "projects"]
# A project's rows first: they were there when it was published.
WITH_HISTORY = [District, Organisation, Participation, ProjectFigure, Milestone, ProjectSource, ProjectImage, Project]


class Command(BaseCommand):
    help = (
        "Load the fixtures (districts, projects) when the registry is empty, each record with a first history "
        "entry. To reload them over existing data, run `manage.py loaddata districts projects` explicitly."
    )

    def handle(self, *args, **options):
        if District.objects.exists() or Project.objects.exists() or Organisation.objects.exists():
            self.stdout.write("The registry already holds data; the fixtures were not loaded.")
            return
        # One transaction: a broken fixture loads nothing.
        with transaction.atomic():
            call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
            # loaddata writes no history; say where each record came from.
            for model in WITH_HISTORY:
                model.history.bulk_history_create(
                    model.objects.all(), default_change_reason=_("Loaded from the registry's fixtures")
                )
        self.stdout.write(self.style.SUCCESS("Loaded the fixtures into the empty registry."))
