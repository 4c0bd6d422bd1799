from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive holding a consistent snapshot of the database (taken while the "
        "site runs) and every media file, with a manifest of checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=settings.COMPENDIUM_BACKUP_DIR,
            help="Folder for the archive (default: COMPENDIUM_BACKUP_DIR, %(default)s).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Afterwards, delete all but the newest N archives in that folder.",
        )

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more.")
        try:
            archive = backup(output, keep=keep)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup was written: {error}") from None
        size = archive.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Wrote {archive} ({size:,} bytes)."))
