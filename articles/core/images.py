"""Renditions of an uploaded image: JPEG and WebP at a few widths, made once, stored.

Decoding is bounded: JPEG decodes straight to a smaller scale (`draft`), other formats are
halved cheaply (`reduce`) before the careful resize, so memory and time stay within what the
upload limits allow (articles/core/uploads.py).
"""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

WIDTHS = (480, 960, 1600)
FORMATS = {
    "jpeg": ("jpg", {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True}),
    "webp": ("webp", {"format": "WEBP", "quality": 78, "method": 4}),
}


def rendition_names(data):
    return [r["name"] for kind in FORMATS for r in data.get(kind, [])]


def make_renditions(field_file, *, folder, widths=WIDTHS):
    """Store renditions of `field_file` under `folder`; return their description:
    {"source", "width", "height", "jpeg": [{name, width, height}…], "webp": […]}.

    Raises OSError (or a Pillow error) when the file cannot be read as an image.
    """
    storage = field_file.storage
    largest = max(widths)
    with field_file.open("rb") as upload:
        image = Image.open(upload)
        image.draft("RGB", (largest, largest))
        image = ImageOps.exif_transpose(image)
        image.load()
    factor = image.width // (2 * largest)
    if factor >= 2:
        image = image.reduce(factor)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    width, height = image.size
    stem = PurePosixPath(field_file.name).stem
    data = {"source": field_file.name, "jpeg": [], "webp": []}
    for target in sorted({min(w, width) for w in widths}):
        size = (target, max(1, round(height * target / width)))
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        for kind, (extension, options) in FORMATS.items():
            buffer = io.BytesIO()
            resized.save(buffer, **options)
            name = storage.save(
                f"{folder}/{stem}-{target}w.{extension}", ContentFile(buffer.getvalue())
            )
            data[kind].append({"name": name, "width": size[0], "height": size[1]})
    data["width"], data["height"] = data["jpeg"][-1]["width"], data["jpeg"][-1]["height"]
    return data


def srcset(storage, renditions):
    return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in renditions)
