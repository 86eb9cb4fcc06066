"""The content API's tests: IPTC's ninjs 2.2 structure as a validator, and pictures."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.images import ImageFile
from jsonschema import Draft202012Validator, FormatChecker
from PIL import Image

from dateline.news.models import NewsImage

STRUCTURE = Path(__file__).with_name("ninjs_2_2_structure.json")


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(urlsplit(value).scheme)


def ninjs_validator(formats: bool = True) -> Draft202012Validator:
    """ninjs 2.2's structure, with its date-time and uri formats checked, not just noted."""
    schema = json.loads(STRUCTURE.read_text())
    if not formats:
        return Draft202012Validator(schema)
    checker = FormatChecker()
    checker.checks("date-time")(_is_datetime)
    checker.checks("uri")(_is_uri)
    return Draft202012Validator(schema, format_checker=checker)


@pytest.fixture
def make_image(tmp_path, settings):
    """A real picture file stored through Wagtail, with its provenance."""
    settings.MEDIA_ROOT = str(tmp_path)

    def make(title: str = "Flooded road near Isiolo", **fields) -> NewsImage:
        path = tmp_path / "source.png"
        Image.new("RGB", (1600, 900), (30, 90, 160)).save(path)
        with path.open("rb") as f:
            image = NewsImage(title=title, file=ImageFile(f, name="flood.png"), **fields)
            image.save()
        return image

    return make
