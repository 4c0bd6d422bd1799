"""Uploads that cannot hurt the server, and leave nothing behind when a save fails.

Pillow reads an image's size from its header without decoding it, so a 12,000 × 12,000 PNG
of a few hundred kilobytes is refused before anything allocates its 430 MB of pixels.

A file is written to storage before the row that names it (a FileField saves its file in
`pre_save`); when that row's transaction rolls back, the file would stay behind with nothing
pointing at it. The default storage therefore notes each file it writes inside a transaction,
forgets it once the transaction commits, and `UploadCleanupMiddleware` deletes what is still
noted when a request ends in an error.
"""

import contextlib
import contextvars
import logging

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.db import connection, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.encoding import filepath_to_uri
from PIL import Image, UnidentifiedImageError


def validate_image_upload(upload):
    """Refuse an image over COMPENDIUM_IMAGE_MAX_BYTES or COMPENDIUM_IMAGE_MAX_PIXELS.

    Files already stored passed this when they were uploaded: they are not read again.
    """
    if getattr(upload, "_committed", False):
        return
    max_bytes = settings.COMPENDIUM_IMAGE_MAX_BYTES
    max_pixels = settings.COMPENDIUM_IMAGE_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"This file is {filesizeformat(size)}; images may be at most "
            f"{filesizeformat(max_bytes)}. Export it smaller (a JPEG or WebP of the size shown "
            "is plenty) and upload it again.",
            code="too_big",
        )
    try:
        position = upload.tell()
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
        upload.seek(position)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return  # Not a readable image: the image field itself says so.
    if width * height > max_pixels:
        raise ValidationError(
            f"This image is {width:,} × {height:,} pixels ({width * height / 1e6:.0f} "
            f"megapixels); images may have at most {max_pixels / 1e6:.0f} megapixels. Resize "
            "it (1,600 pixels across is the largest we show) and upload it again.",
            code="too_many_pixels",
        )


class ImageFormField(forms.ImageField):
    """An image form field that checks the limits first: a file over them is refused with a
    message naming the limit before Pillow reads it through to verify it."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)


class ImageField(models.ImageField):
    """Django's image field with the upload limits, checked first in every form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image_upload])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageFormField, **kwargs})


# Orphans ------------------------------------------------------------------------------------

logger = logging.getLogger(__name__)
_uncommitted = contextvars.ContextVar("compendium_uncommitted_files", default=None)


class CommitAwareStorage:
    """Storage mixin: files written inside a transaction are noted until it commits."""

    def _save(self, name, content):
        name = super()._save(name, content)
        noted = _uncommitted.get()
        if noted is not None and connection.in_atomic_block:
            noted[name] = self
            transaction.on_commit(lambda: noted.pop(name, None))
        return name


class FileSystemStorage(CommitAwareStorage, DjangoFileSystemStorage):
    """The default storage: Django's, commit-aware."""

    def url(self, name):
        # Django's, without urljoin: stored names are relative and hold no "..", so the base
        # URL (which ends in "/") and the quoted name simply join. A page with cards builds
        # some 80 of these.
        if self.base_url is None:
            raise ValueError("This file is not accessible via a URL.")
        return self.base_url + filepath_to_uri(name).lstrip("/")


def _delete(noted):
    for name, storage in list(noted.items()):
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete %s, written by a failed request.", name)


@contextlib.contextmanager
def uncommitted_files_removed(*, always=False):
    """Delete the files written inside the block whose transaction never committed, when the
    block raises (or `always`: a dry run that rolls back on purpose)."""
    noted = {}
    token = _uncommitted.set(noted)
    failed = True
    try:
        yield
        failed = always
    finally:
        _uncommitted.reset(token)
        if failed:
            _delete(noted)


class UploadCleanupMiddleware:
    """Delete the files a failed request wrote whose transaction never committed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        noted = {}
        token = _uncommitted.set(noted)
        failed = True
        try:
            response = self.get_response(request)
            failed = response.status_code >= 400
            return response
        finally:
            _uncommitted.reset(token)
            if failed:
                _delete(noted)
