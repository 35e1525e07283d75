"""Load the demo fixtures into an empty registry; never over data that staff may have changed."""

from django.core.management import BaseCommand, call_command

from districts.models import District
from projects.models import Investor, Project

FIXTURES = ["districts", "projects"]


class Command(BaseCommand):
    help = (
        "Load the fixtures (districts, projects) when the registry is empty. "
        "To reload them over existing data, run `manage.py loaddata districts projects` explicitly."
    )

    def handle(self, *args, **options):
        if District.objects.exists() or Project.objects.exists() or Investor.objects.exists():
            self.stdout.write("The registry already holds data; the fixtures were not loaded.")
            return
        # loaddata runs in one transaction: a broken fixture loads nothing.
        call_command("loaddata", *FIXTURES, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Loaded the fixtures into the empty registry."))
