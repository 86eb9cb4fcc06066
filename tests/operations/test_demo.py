"""The demo newsroom: fictional agency copy, fresh at every load, placed by the desk at set-up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from dateline.desk.models import Story, StoryState
from dateline.operations.demo import ingest_demo_agencies, render_demo
from dateline.wire.models import DeskState, WireItemRecord


def test_demo_times_are_relative_to_now(tmp_path):
    now = datetime(2030, 5, 17, 12, 0, tzinfo=UTC)
    files = render_demo(tmp_path, now=now)
    text = "".join(path.read_text(encoding="utf-8") for path in files)
    assert "hours_ago" not in text
    assert "2030-05-17T06:00:00Z" in text  # Lattice update: 6 hours before
    assert "Fri, 17 May 2030 03:00:00 GMT" in text  # Tidewater RSS: 9 hours before
    assert "05-17-30 0400GMT" in text  # Prairie ANPA: 8 hours before


@pytest.mark.django_db
def test_ingest_demo_agencies_stamps_each_agency():
    report = ingest_demo_agencies()
    assert report.accepted == 20 and report.rejected == 0
    agencies = set(WireItemRecord.objects.values_list("agency", flat=True))
    assert agencies == {
        "Coral Coast Wire",
        "Cordillera Agency",
        "Lattice News",
        "Meridian Press",
        "Prairie Telegraph",
        "Tidewater Wire",
    }


@pytest.mark.django_db
def test_setup_demo_leaves_the_demo_copy_placed_in_stories(site_tree, tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    call_command("setup", "--demo")
    out = capsys.readouterr().out
    assert "desk: 20 items" in out
    assert not WireItemRecord.objects.exclude(desk_state=DeskState.DONE).exists()
    assert Story.objects.filter(state=StoryState.KILLED).exists()  # the Tunisia port kill
    assert Story.objects.filter(state=StoryState.PUBLISHED).count() >= 10
