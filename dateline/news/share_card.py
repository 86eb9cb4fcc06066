"""The generated illustration for articles without a picture: a share card drawn with Pillow."""

from __future__ import annotations

import io
import textwrap
import unicodedata
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# Sector accent colours; all pass 4.5:1 contrast against white text.
ACCENTS = {
    "health": (160, 30, 50),
    "energy-extractives": (150, 70, 0),
    "economy-business": (20, 80, 140),
    "agro-forestry": (40, 100, 40),
    "politics": (110, 30, 110),
    "science-environment": (0, 100, 100),
}
DEFAULT_ACCENT = (30, 40, 60)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


# Letters with no decomposition that the bundled font lacks.
_PLAIN_LETTERS = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
    }
)


def plain_latin(text: str) -> str:
    """Drop accents the bundled font cannot draw ("Łódź" → "Lodz"); the page keeps the original."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def draw_share_card(headline: str, sector: str, country: str, site_name: str) -> bytes:
    """A PNG card naming the story, its sector and country; labelled as generated on the page."""
    accent = ACCENTS.get(sector.lower().replace(" & ", "-").replace(" ", "-"), DEFAULT_ACCENT)
    image = Image.new("RGB", (WIDTH, HEIGHT), accent)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 90, WIDTH, HEIGHT), fill=(15, 18, 24))
    headline, sector, country = plain_latin(headline), plain_latin(sector), plain_latin(country)
    kicker = " · ".join(part for part in (sector, country) if part).upper()
    draw.text((70, 60), kicker, font=_font(34), fill=(255, 255, 255))
    y = 130
    for line in textwrap.wrap(headline, width=34)[:5]:
        draw.text((70, y), line, font=_font(64), fill=(255, 255, 255))
        y += 80
    draw.text((70, HEIGHT - 68), site_name, font=_font(40), fill=(255, 255, 255))
    draw.text(
        (WIDTH - 420, HEIGHT - 62), "Generated illustration", font=_font(30), fill=(220, 220, 220)
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
