"""Every clock time an editor reads on the desk and wire screens is in the newsroom's zone
and says so (`23:30 IST`), so no screen mixes unlabelled UTC with IST."""

from __future__ import annotations

import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dateline.desk import release
from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Payload, WireItemRecord
from tests.desk.pipeline_support import embargoed_story

pytestmark = pytest.mark.django_db

CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b(?::\d{2})?")


def shown_text(html: str) -> str:
    """What the editor reads: no tags or attributes, no raw agency payload, no scripts."""
    html = re.sub(r"<(pre|script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def unlabelled_times(text: str) -> list[str]:
    return [
        text[max(0, m.start() - 20) : m.end() + 6]
        for m in CLOCK.finditer(text)
        if not text.startswith(" IST", m.end())
    ]


def in_ist(value) -> str:
    return value.astimezone(ZoneInfo("Asia/Kolkata")).strftime("%d-%m-%Y %H:%M IST")


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("desk", "desk@example.org", "pw"))
    return client


def test_the_embargo_and_every_time_on_the_item_and_story_screens_are_in_ist(editor):
    story = embargoed_story()
    record = WireItemRecord.objects.get()
    until = release.status(story).until
    assert until is not None

    item = shown_text(editor.get(reverse("wire_admin:item", args=[record.pk])).content.decode())
    assert f"Embargoed until {in_ist(until)}" in item
    assert f"Sent {in_ist(record.sent)}" in item
    assert unlabelled_times(item) == []

    screen = shown_text(editor.get(reverse("desk:story", args=[story.pk])).content.decode())
    assert f"Embargoed until {in_ist(until)}" in screen
    assert in_ist(record.sent) in screen
    assert unlabelled_times(screen) == []


def test_lists_payloads_rejections_and_the_dashboard_label_their_times(editor):
    story = embargoed_story()
    ingest_bytes(b"<rss><channel><item></item></channel></rss>", agency="Harbour")
    payload = Payload.objects.order_by("pk").first()

    for url in (
        reverse("wire_admin:items"),
        reverse("wire_admin:rejections"),
        reverse("wire_admin:payload", args=[payload.pk]),
        reverse("desk:stories"),
        reverse("wagtailadmin_home"),
    ):
        text = shown_text(editor.get(url).content.decode())
        assert CLOCK.search(text), f"{url} shows no time at all"
        assert " UTC" not in text, url
        assert unlabelled_times(text) == [], url
    dashboard = shown_text(editor.get(reverse("wagtailadmin_home")).content.decode())
    assert story.name in dashboard
