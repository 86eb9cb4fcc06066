"""The demo newsroom's signed pieces and short items, written for the project.

The demo's news stories come through the wire desk from fictional agency files; this adds
what a desk writes itself (opinion, blog, interview, shots). Loaded by `dateline setup --demo`;
safe to run twice (existing articles are left alone).
"""

from __future__ import annotations

import io
import json
import math
from datetime import timedelta
from pathlib import Path

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image, ImageDraw

from .models import (
    ArticleCorrection,
    ArticlePage,
    Author,
    Country,
    ImageSource,
    NewsImage,
    SectionPage,
    Sector,
)

DEMO_FILE = Path(__file__).with_name("demo") / "newsroom.json"
AI_IMAGE_TITLE = "Demo: city water mains at dusk (AI-generated)"


def _ai_image() -> NewsImage:
    """A stand-in for an AI-generated picture, drawn here so the demo needs no downloads."""
    existing = NewsImage.objects.filter(title=AI_IMAGE_TITLE).first()
    if existing:
        return existing
    width, height = 1600, 900
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)], fill=(int(240 - 120 * t), int(150 - 90 * t), int(80 + 40 * t))
        )
    for x in range(0, width, 4):
        ridge = int(620 + 60 * math.sin(x / 170) + 25 * math.sin(x / 37))
        draw.line([(x, ridge), (x, height)], fill=(90, 62, 40))
    draw.ellipse((1150, 180, 1330, 360), fill=(255, 214, 150))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    image = NewsImage(
        title=AI_IMAGE_TITLE,
        source_type=ImageSource.AI_GENERATED,
        caption="Hills above a city at dusk, drawn for the demo.",
        credit="Generated for the Dateline demo",
    )
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="demo-ai-desert.jpg")
    image.save()
    return image


def _body_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def load_demo() -> int:
    """Create the demo authors and articles that are not there yet; return how many were added."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for a in data["authors"]:
        Author.objects.get_or_create(
            slug=a["slug"], defaults={"name": a["name"], "role": a["role"], "bio": a["bio"]}
        )
    sections = {s.kind: s for s in SectionPage.objects.all()}
    now = timezone.now()
    added = 0
    for entry in data["articles"]:
        slug = slugify(entry["title"])[:80]
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        published = now - timedelta(hours=entry["hours_ago"])
        article = ArticlePage(
            title=entry["title"],
            slug=slug,
            standfirst=entry["standfirst"],
            body=_body_html(entry["body"]),
            takeaways="\n".join(entry.get("takeaways", [])),
            dateline_city=entry["city"],
            primary_country=Country.objects.get(code=entry["country"]),
            sector=Sector.objects.get(slug=entry["sector"]),
            source_agencies=entry["agencies"],
            attribution="(With inputs from agencies.)" if entry["agencies"] else "",
            created_at=published - timedelta(minutes=25),
        )
        if entry.get("image") == "ai":
            article.hero_image = _ai_image()
        sections[entry["kind"]].add_child(instance=article)
        article.countries.set(Country.objects.filter(code__in=entry["others"]))
        if entry.get("author"):
            article.authors.set(Author.objects.filter(slug=entry["author"]))
        if entry.get("correction"):
            article.updated_at = published + timedelta(hours=1)
            article.corrections.add(
                ArticleCorrection(
                    corrected_at=published + timedelta(hours=1), text=entry["correction"]
                )
            )
        article.save_revision().publish()
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=published, last_published_at=published
        )
        added += 1
    return added
