"""Draw the demo's hero images and avatars, so the demo needs no downloads."""

import colorsys
import hashlib
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERO_SIZE = (1600, 900)
AVATAR_SIZE = 512


def _rng(seed):
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))


def _hsl(hue, saturation, lightness):
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


def _palette(rng):
    """Return a dark base, a lighter companion and two accents around one seeded hue."""
    hue = rng.random()
    spread = rng.choice([0.08, 0.12, 0.5, 0.58])
    return {
        "deep": _hsl(hue, 0.55, 0.16),
        "mid": _hsl(hue + 0.04, 0.50, 0.34),
        "accent": _hsl(hue + spread, 0.70, 0.60),
        "light": _hsl(hue - 0.03, 0.55, 0.82),
    }


def _ramp(size, angle):
    """Return an "L" mask rising from 0 to 255 along a direction, smooth at any size."""
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    width, height = 64, max(2, round(64 * size[1] / size[0]))
    values = [
        x / (width - 1) * dx + y / (height - 1) * dy for y in range(height) for x in range(width)
    ]
    low, high = min(values), max(values)
    small = Image.new("L", (width, height))
    small.putdata([round((v - low) / (high - low) * 255) for v in values])
    return small.resize(size, Image.Resampling.BICUBIC)


def _glow(size, centre, radius, strength):
    """Return an "L" mask bright at `centre` and fading to nothing at `radius`."""
    # radial_gradient reaches 255 in the corners, so the edge midpoints (radius) sit at 181.
    blob = Image.radial_gradient("L").resize((radius * 2, radius * 2))
    blob = blob.point(lambda v: round(max(0.0, 1 - v / 181) ** 1.5 * 255 * strength))
    mask = Image.new("L", size, 0)
    mask.paste(blob, (centre[0] - radius, centre[1] - radius))
    return mask


def _background(size, palette, rng):
    width, height = size
    image = Image.composite(
        Image.new("RGB", size, palette["mid"]),
        Image.new("RGB", size, palette["deep"]),
        _ramp(size, rng.choice([20, 35, 145, 160])),
    )
    for colour, strength in ((palette["accent"], 0.55), (palette["light"], 0.25)):
        centre = (rng.randint(0, width), rng.randint(0, height))
        radius = rng.randint(height // 2, width // 2)
        image = Image.composite(
            Image.new("RGB", size, colour), image, _glow(size, centre, radius, strength)
        )
    return image


def draw_hero(slug: str, title: str) -> bytes:
    """Return a JPEG of an abstract illustration, the same every time for the same slug."""
    rng = _rng(f"hero:{slug}")
    palette = _palette(rng)
    width, height = HERO_SIZE

    # The soft layers are drawn at a quarter of the size and scaled up: same look, far faster.
    small_width, small_height = width // 4, height // 4
    image = _background((small_width, small_height), palette, rng).convert("RGBA")
    blobs = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(blobs)
    for _ in range(rng.randint(3, 5)):
        radius = rng.randint(small_height // 5, small_height // 2)
        x, y = rng.randint(0, small_width), rng.randint(0, small_height)
        colour = palette[rng.choice(["accent", "light", "mid"])]
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*colour, 60))
    image.alpha_composite(blobs.filter(ImageFilter.GaussianBlur(10)))
    image = image.convert("RGB").resize(HERO_SIZE, Image.Resampling.BICUBIC)

    draw = ImageDraw.Draw(image, "RGBA")
    step = rng.choice([80, 100, 120])
    grid = (*palette["light"], 22)
    for x in range(0, width, step):
        draw.line((x, 0, x, height), fill=grid, width=1)
    for y in range(0, height, step):
        draw.line((0, y, width, y), fill=grid, width=1)
    centre_x, centre_y = rng.randint(width // 2, width), rng.randint(0, height)
    for ring in range(rng.randint(3, 6)):
        radius = 140 + ring * rng.randint(60, 90)
        start = rng.randint(0, 360)
        draw.arc(
            (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius),
            start,
            start + rng.randint(90, 250),
            fill=(*palette["light"], 110 - ring * 12),
            width=rng.choice([2, 3, 4]),
        )
    for _ in range(rng.randint(2, 4)):
        radius = rng.randint(30, 110)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            outline=(*palette["accent"], 150),
            width=2,
        )
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=(*palette["light"], 200))

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def _initials(name):
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[-1][0]).upper()


def draw_avatar(name: str) -> bytes:
    """Return a PNG of the name's initials on a colour seeded from the name."""
    rng = _rng(f"avatar:{name}")
    hue = rng.random()
    size = (AVATAR_SIZE, AVATAR_SIZE)
    image = Image.composite(
        Image.new("RGB", size, _hsl(hue + 0.06, 0.45, 0.30)),
        Image.new("RGB", size, _hsl(hue, 0.55, 0.45)),
        _ramp(size, 45),
    )
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=AVATAR_SIZE * 2 // 5)
    draw.text(
        (AVATAR_SIZE / 2, AVATAR_SIZE / 2),
        _initials(name),
        font=font,
        anchor="mm",
        fill=_hsl(hue, 0.30, 0.95),
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
