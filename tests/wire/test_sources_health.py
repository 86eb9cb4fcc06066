"""Source health: last success, last error, counts with reasons, and the QUIET flag."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.wire.health import source_health
from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source, Transport

pytestmark = pytest.mark.django_db

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Port reopens</title><guid>q-1</guid><description>It reopened.</description></item>
<item><title></title><guid>q-2</guid></item></channel></rss>"""


def test_source_silent_beyond_its_expected_interval_is_quiet(wire_source):
    now = timezone.now()
    quiet = wire_source(slug="quiet", expected_interval=3600)
    Source.objects.filter(pk=quiet.pk).update(last_success_at=now - timedelta(hours=2))
    lively = wire_source(slug="lively", expected_interval=3600)
    Source.objects.filter(pk=lively.pk).update(last_success_at=now - timedelta(minutes=10))
    wire_source(slug="off", active=False)

    statuses = {h.source.slug: h.status for h in source_health(now=now)}
    assert statuses == {"quiet": "QUIET", "lively": "OK", "off": "OFF"}


def test_never_heard_from_source_turns_quiet_after_its_interval(wire_source):
    source = wire_source(expected_interval=600, transport=Transport.PUSH)
    assert source_health([source])[0].status == "OK"
    later = timezone.now() + timedelta(minutes=11)
    assert source_health([source], now=later)[0].status == "QUIET"


def test_health_counts_items_and_rejections_with_reasons(wire_source):
    source = wire_source()
    ingest_bytes(FEED, source=source)
    health = source_health([source])[0]
    assert health.items == 1 and health.rejected == 1
    assert sum(health.reasons.values()) == 1
    (reason,) = health.reasons
    assert "no headline" in reason


def test_sources_command_prints_the_health_table(wire_source, capsys):
    source = wire_source(slug="harbour")
    ingest_bytes(FEED, source=source)
    source.record_failure("HTTP 503 Service Unavailable")
    call_command("wire", "sources")
    out = capsys.readouterr().out
    assert "STATUS" in out and "harbour" in out and "FAILING" in out
    assert "HTTP 503" in out and "rejected 1x" in out
