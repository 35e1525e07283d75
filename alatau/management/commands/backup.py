"""Write the database and the media folder into one archive (alatau/backups.py); `make backup` runs it."""

from django.conf import settings
from django.core.management import BaseCommand

from alatau.backups import ENGINES, write_backup


class Command(BaseCommand):
    help = (
        "Write a timestamped archive (.tar.gz) of the database (pg_dump, or SQLite's online backup) and the media "
        "folder, with a manifest of the date, the engine and the migrations applied. Images in object storage are "
        "not copied: the bucket's versioning or replication keeps them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=settings.BASE_DIR / "backups", help="Folder for the archive (default: backups/)."
        )

    def handle(self, *args, **options):
        path, manifest = write_backup(options["dir"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {ENGINES[manifest['engine']]} database and {manifest['media_files']} media files "
                f"to {path} ({path.stat().st_size / 1e6:.1f} MB)."
            )
        )
        if manifest["media_in_object_storage"]:
            self.stdout.write(
                "The images are in object storage and not in the archive: the bucket's versioning or replication "
                "backs them up."
            )
