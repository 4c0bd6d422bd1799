from django.core.management.base import BaseCommand, CommandError

from comparisons.content_folder import KINDS, ContentError, export_content


class Command(BaseCommand):
    help = (
        "Write every article, author, topic, concept, fact, use-case, comparison and library "
        "image into DIR as Markdown with YAML headers, plus a manifest of checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", metavar="DIR", help="An empty folder or an earlier export."
        )

    def handle(self, *args, directory, **options):
        try:
            counts = export_content(directory)
        except (ContentError, OSError) as error:
            raise CommandError(f"Nothing was exported: {error}") from None
        written = ", ".join(f"{counts[kind]} {kind}" for kind in KINDS)
        self.stdout.write(self.style.SUCCESS(f"Exported {written} into {directory}."))
