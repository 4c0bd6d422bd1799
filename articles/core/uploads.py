"""Image uploads that cannot hurt the server: limits on bytes and pixels, read from the header.

Pillow reads an image's size from its header without decoding it, so a 12,000 × 12,000 PNG
of a few hundred kilobytes is refused before anything allocates its 430 MB of pixels.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
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
