from django.core.management.base import BaseCommand, CommandError

from articles.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Put the database and media back from an archive written by `backup`. Refuses a "
        "site that already has content unless --force (which backs that content up first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive that `backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace this site's content; a backup of it is written beside the archive.",
        )

    def handle(self, *args, archive, force, **options):
        try:
            done = restore(archive, force=force)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        if done.safety_backup:
            self.stdout.write(f"The content it replaced is kept in {done.safety_backup}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the site as it was at {done.created}: the database and "
                f"{done.files} media files."
            )
        )
