"""Draw every stored image's renditions again, e.g. after the widths or the encoder settings changed. An image
stored before the portal cleaned its uploads (no recorded size, or a name the portal did not give) is cleaned
now: checked, stripped of its metadata and stored again under a new name."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand
from PIL import Image

from images.fields import PictureField
from images.processing import prepare
from images.views import GENERATED_NAME


class Command(BaseCommand):
    help = (
        "Draw the renditions (320, 640 and 1,280 px, WebP and JPEG or PNG) of every stored image again; clean the "
        "images stored before uploads were cleaned."
    )

    def handle(self, *args, **options):
        rows = [
            (row, field)
            for model in apps.get_models()
            for field in model._meta.get_fields()
            if isinstance(field, PictureField)
            for row in model._base_manager.exclude(**{field.name: ""}).order_by("pk").iterator()
        ]
        problems = []
        for done, (row, field) in enumerate(rows, start=1):
            file = getattr(row, field.name)
            try:
                if GENERATED_NAME.search(file.name) and all(field.stored_size(row)):
                    with file.open("rb") as opened, Image.open(opened) as picture:
                        picture.load()
                        file.write_renditions(picture)
                else:
                    self.clean_again(row, field, file)
            except (OSError, ValidationError) as error:
                problems.append(f"{file.name}: {getattr(error, 'messages', [error])[0]}")
            self.progress(done, len(rows))
        self.stdout.write("")
        for problem in problems:
            self.stderr.write(f"Not redrawn: {problem}")
        self.stdout.write(self.style.SUCCESS(f"Redrew the renditions of {len(rows) - len(problems)} images."))

    def clean_again(self, row, field, file):
        former = file.name
        with file.open("rb") as opened:
            prepared = prepare(opened)
        file.save(prepared.name, prepared, save=False)
        row.save(update_fields=[field.name, field.width_field, field.height_field])
        field.delete_stored(former)

    def progress(self, done, total, width=30):
        filled = width * done // total
        self.stdout.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
