"""Restore an archive of `manage.py backup` into an empty database and the media folder (alatau/backups.py);
`make restore BACKUP=…` runs it."""

from django.core.management import BaseCommand

from alatau.backups import ENGINES, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an EMPTY database (refused when it has tables) and the media folder "
        "(refused when a file there differs from the backup's)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz written by `manage.py backup`.")

    def handle(self, *args, **options):
        manifest, restored, warnings = restore_backup(options["archive"])
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {ENGINES[manifest['engine']]} database and {restored} media files "
                f"backed up on {manifest['created']}."
            )
        )
