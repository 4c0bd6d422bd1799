import sys
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.core.management.base import BaseCommand, CommandError

from articles.wordpress.importer import Importer


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.1/1.2): posts become articles, "
        "authors, categories become topics, images join the library, old addresses redirect. "
        "Safe to re-run: it updates what it imported before."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of the site's wp-content/uploads folder: …/wp-content/uploads/2025/03/"
            "x.jpg is read from <media-dir>/2025/03/x.jpg before anything is fetched.",
        )
        parser.add_argument(
            "--no-fetch",
            action="store_true",
            help="Never download images from the export's addresses.",
        )
        parser.add_argument(
            "--tags-as-concepts",
            action="store_true",
            help="Link posts to the concepts their tags name (by name or alias, any case); "
            "other tags are reported, never created.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )

    def handle(self, *args, export, media_dir, no_fetch, tags_as_concepts, dry_run, **options):
        if not export.is_file():
            raise CommandError(f"{export}: no such file.")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"{media_dir}: no such folder.")
        importer = Importer(
            export,
            media_dir=media_dir,
            fetch_media=not no_fetch,
            tags_as_concepts=tags_as_concepts,
            dry_run=dry_run,
            progress=self.progress if sys.stderr.isatty() else None,
        )
        try:
            report = importer.run()
        except (ParseError, DefusedXmlException) as error:
            raise CommandError(f"{export} is not a WordPress export we can read: {error}")
        finally:
            if sys.stderr.isatty():
                sys.stderr.write("\n")
        if dry_run:
            self.stdout.write("Dry run: nothing was written. This is what an import would do.")
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            self.stdout.write(self.style.WARNING(f"{len(report.failed)} post(s) failed."))

    @staticmethod
    def progress(done, total):
        sys.stderr.write(f"\rImporting posts: {done}/{total}")
        sys.stderr.flush()
