from django.core.management.base import BaseCommand, CommandError

from comparisons.content_folder import KINDS, ContentError, import_content


class Command(BaseCommand):
    help = (
        "Read a folder written by export_content back into the site: checked first, written in "
        "one transaction, matched by slug so that running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="A folder export_content wrote.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything and report what would change, but write nothing.",
        )

    def handle(self, *args, directory, dry_run, **options):
        try:
            summary = import_content(directory, dry_run=dry_run)
        except (ContentError, OSError) as error:
            raise CommandError(f"Nothing was imported:\n{error}") from None
        for kind in KINDS:
            counts = summary.counts(kind)
            line = ", ".join(f"{number} {state}" for state, number in counts.items())
            self.stdout.write(f"{kind}: {line}")
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Dry run: {summary.changed} changes found, nothing written.")
            )
        elif summary.changed:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary.changed} changes."))
        else:
            self.stdout.write(self.style.SUCCESS("Imported: nothing changed."))
