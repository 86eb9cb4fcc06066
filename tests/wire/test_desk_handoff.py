"""Wire copy the wire app accepted reaches the desk as the same item, whatever the agency wrote."""

from __future__ import annotations

import pytest

from dateline.desk.models import Story, StoryItem, StoryState
from dateline.wire.models import DeskState, WireItemRecord
from tests.desk.pipeline_support import (
    FLOODS,
    ingest,
    ninjs,
    run,
)

pytestmark = pytest.mark.django_db


def test_an_absurd_ninjs_version_still_becomes_a_story():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS, version=99999999999999999999999))
    summary = run()
    assert (summary.items, summary.new_stories, summary.errors) == (1, 1, 0)

    record = WireItemRecord.objects.get()
    assert record.desk_state == DeskState.DONE and record.desk_error == ""
    # One clamped version for the record's column, its stored item and the desk's row.
    assert record.version == record.item().version == StoryItem.objects.get().version
    assert 1 < record.version < 2**63
    assert Story.objects.get().state == StoryState.PUBLISHED
