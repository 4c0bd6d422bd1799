import json
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from articles.media.services import library_pages_refresh

STATEMENT = "ReadersReadMedia"
# What S3-compatible servers answer to an operation they do not have.
UNSUPPORTED = {"NotImplemented", "XNotImplemented", "MalformedXML", "InvalidRequest"}


class Command(BaseCommand):
    help = (
        "Check the media bucket (COMPENDIUM_MEDIA_STORAGE=s3) answers with the keys given. "
        "--create makes it readable by all; --copy-from moves a site's media folder into it; "
        "--refresh-pages renders the stored pages that show library images again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the bucket if it is missing, and let anyone read its media (a bucket "
            "policy statement, added beside any other).",
        )
        parser.add_argument(
            "--copy-from",
            metavar="FOLDER",
            help="Copy every file of this media folder (the old DJANGO_MEDIA_ROOT) into the "
            "bucket under the same name; files already there are left alone.",
        )
        parser.add_argument(
            "--refresh-pages",
            action="store_true",
            help="Render again every stored text showing a library image (article bodies, "
            "concept explanations, comparisons), so its addresses name the bucket or "
            "COMPENDIUM_MEDIA_CDN (after moving media or changing the CDN).",
        )

    def handle(self, *args, create, copy_from, refresh_pages, **options):
        if settings.COMPENDIUM_MEDIA_STORAGE != "s3":
            raise CommandError("Media is on the filesystem here: set COMPENDIUM_MEDIA_STORAGE=s3.")
        storage = storages["default"]
        try:
            self.prepare(storage, create=create)
            if copy_from:
                self.copy(storage, Path(copy_from))
        except (BotoCoreError, ClientError) as error:
            raise CommandError(
                f"The bucket {storage.bucket_name} did not answer: {error}"
            ) from None
        if refresh_pages:
            self.refresh()
        self.stdout.write(
            self.style.SUCCESS(
                f"Media bucket {storage.bucket_name} is ready; readers fetch media from "
                f"{storage.url_protocol}//{storage.custom_domain}/"
            )
        )

    def prepare(self, storage, *, create):
        client = storage.connection.meta.client
        bucket = storage.bucket_name
        if not _exists(client, bucket):
            if not create:
                raise CommandError(f"The bucket {bucket} does not exist; --create makes it.")
            client.create_bucket(Bucket=bucket, **_location(storage.region_name))
        if not create:
            return
        # New Amazon buckets refuse public policies until their public-access block is lifted
        # for policies; the media is public by design (readers' pages link to it).
        try:
            client.put_public_access_block(
                Bucket=bucket,
                PublicAccessBlockConfiguration={
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": False,
                    "RestrictPublicBuckets": False,
                },
            )
        except ClientError as error:
            # MinIO and some other S3-compatible servers have no public-access block.
            if error.response.get("Error", {}).get("Code") not in UNSUPPORTED:
                raise
            self.stdout.write("This server has no public-access block; only the policy is set.")
        prefix = f"{storage.location}/" if storage.location else ""
        statement = {
            "Sid": STATEMENT,
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
        }
        policy = _policy(client, bucket)
        others = [s for s in policy["Statement"] if s.get("Sid") != STATEMENT]
        policy["Statement"] = [*others, statement]
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))

    def copy(self, storage, folder):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        copied = kept = 0
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            if storage.exists(name):
                kept += 1
                continue
            with path.open("rb") as handle:
                saved = storage.save(name, File(handle))
            if saved != name:
                raise CommandError(
                    f"{name} was stored as {saved}: a file of that name appeared meanwhile "
                    "(is another copy running?). Stopped; run it again to copy the rest."
                )
            copied += 1
        self.stdout.write(f"Copied {copied} files from {folder}; {kept} were there already.")

    def refresh(self):
        count = library_pages_refresh()
        self.stdout.write(f"Rendered again what shows the library's {count} images.")


def _exists(client, bucket):
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("404", "NoSuchBucket"):
            return False
        raise
    return True


def _policy(client, bucket):
    try:
        return json.loads(client.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "NoSuchBucketPolicy":
            raise
    return {"Version": "2012-10-17", "Statement": []}


def _location(region):
    # us-east-1 is the one region that refuses to be named as a location constraint.
    if region and region != "us-east-1":
        return {"CreateBucketConfiguration": {"LocationConstraint": region}}
    return {}
