"""The content API's tests: IPTC's ninjs 2.2 structure as a validator, pictures, and a newsroom
whose stories are published, held, killed and embargoed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from PIL import Image

from dateline.desk import stories
from dateline.desk.models import Story
from dateline.news.models import NewsImage
from tests.desk.pipeline_support import FLOODS, NIGER, RATES, ingest, ninjs, review_source, run

STRUCTURE = Path(__file__).with_name("ninjs_2_2_structure.json")

PORT_STRIKE = {
    "headline": "Dockworkers strike shuts Mombasa port for a second day",
    "located": "MOMBASA",
    "body": (
        "MOMBASA, April 28 (Lakeside) - Dockworkers at Mombasa port stayed off work for a "
        "second day on Monday over unpaid overtime, leaving 40 ships waiting offshore, the "
        "Kenya Ports Authority said.\n\n"
        "The Dock Workers Union said the strike would go on until the authority paid "
        "arrears owed since January."
    ),
}


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


@pytest.fixture
def newsroom(site_tree, admin_user) -> dict[str, Story]:
    """One story each: published, held for review, killed, and under an agency embargo."""
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER))
    embargoed = ninjs("urn:harbour:rates", RATES)
    embargoed["embargoed"] = (timezone.now() + timedelta(days=1)).isoformat()
    ingest("Harbour", embargoed)
    ingest("Lakeside", ninjs("urn:lakeside:port", PORT_STRIKE), source=review_source())
    run()
    by_guid = {}
    for story in Story.objects.all():
        guid = story.items.select_related("record").first().record.guid
        by_guid[guid] = story
    stories.kill(by_guid["urn:harbour:niger"], admin_user, "Unverified casualty figures")
    return {
        "published": by_guid["urn:harbour:floods"],
        "killed": Story.objects.get(pk=by_guid["urn:harbour:niger"].pk),
        "embargoed": by_guid["urn:harbour:rates"],
        "held": by_guid["urn:lakeside:port"],
    }
