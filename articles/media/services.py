"""Writes for the media library: an image saved with its renditions, and how Markdown finds it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.core import extensions
from articles.core.images import make_renditions, rendition_names, srcset
from articles.media.models import Image

FOLDER = "library/renditions"


def image_save(*, image: Image, by=None) -> Image:
    """Validate and save `image`; make its renditions once per new file; tell whoever shows it.

    Raises ValidationError for bad input, OSError (or a Pillow error) when the file cannot be
    read as an image; nothing is saved then.
    """
    image.full_clean()
    with transaction.atomic():
        if image.pk is None and by is not None and by.is_authenticated:
            image.uploaded_by = by
        old = dict(image.renditions or {})
        new_file = old.get("source") != image.file.name
        image.save()
        if new_file:
            data = make_renditions(image.file, folder=f"{FOLDER}/{image.pk}")
            Image.objects.filter(pk=image.pk).update(
                renditions=data, width=data["width"], height=data["height"]
            )
            image.renditions, image.width, image.height = data, data["width"], data["height"]
            keep = set(rendition_names(data))
            for name in rendition_names(old):
                if name not in keep:
                    image.file.storage.delete(name)
        # The focal point travels with the renditions, to wherever they are shown cropped.
        focal = [image.focal_x, image.focal_y]
        if image.renditions and image.renditions.get("focal") != focal:
            image.renditions = dict(image.renditions) | {"focal": focal}
            Image.objects.filter(pk=image.pk).update(renditions=image.renditions)
        pk = image.pk
        transaction.on_commit(lambda: [f(pk) for f in extensions.functions("image-changed")])
    return image


def image_delete(*, image: Image, used_by: list) -> None:
    """Delete `image` and its files, unless something uses it (`used_by`, names)."""
    if used_by:
        raise ValidationError(
            f"“{image}” is used by {', '.join(used_by[:5])}: take it out of those first."
        )
    storage = image.file.storage
    names = [image.file.name, *rendition_names(image.renditions or {})]
    image.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def image_source(pk):
    """What the Markdown pipeline needs to show library image `pk`, or None if there is none."""
    image = Image.objects.filter(pk=pk).first()
    if image is None:
        return None
    data = image.renditions or {}
    storage = image.file.storage
    jpeg, webp = data.get("jpeg") or [], data.get("webp") or []
    if not jpeg:
        return {"src": image.file.url, "width": image.width or 1600, "height": image.height or 900,
                "alt": image.alt}  # fmt: skip
    fallback = jpeg[min(1, len(jpeg) - 1)]
    return {
        "src": storage.url(fallback["name"]),
        "jpeg_srcset": srcset(storage, jpeg),
        "webp_srcset": srcset(storage, webp),
        "width": data["width"],
        "height": data["height"],
        "alt": image.alt,
    }


def library_pages_refresh() -> int:
    """Render again every stored page that shows a library image; return how many images.

    For after media moves (into a bucket) or its CDN changes: stored HTML holds addresses.
    """
    ids = list(Image.objects.values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            for function in extensions.functions("image-changed"):
                function(pk)
    return len(ids)
