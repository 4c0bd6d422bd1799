"""Media in a bucket (COMPENDIUM_MEDIA_STORAGE=s3): django-storages' S3 backend, commit-aware.

Imported only when the settings name it, so the embedded default never loads boto3. The
options come from the environment (config/media.py).
"""

from storages.backends.s3 import S3Storage as BaseS3Storage

from articles.core.uploads import CommitAwareStorage


class S3Storage(CommitAwareStorage, BaseS3Storage):
    """Object storage over the S3 API; a file whose row never committed is deleted."""
