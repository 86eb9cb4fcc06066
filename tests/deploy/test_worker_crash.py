"""A wire run killed with SIGKILL mid-batch and started again loses nothing and doubles nothing.

`dateline ingest` runs as a real process on a copy of the test database, with the immediate
task backend, so the desk places each payload's records as they commit; it is killed while
the desk, holding its lease, has placed part of the batch. Then the batch is ingested again
and `dateline desk run` (what the scheduler's desk turn runs) catches up on records whose
announcement died with the process; the result is compared with an uninterrupted run of the
same batch on another copy. The restarted desk sees the lease holder is gone and takes the
queue over at once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from .conftest import Copy

ROOT = Path(__file__).resolve().parents[2]
KILL_AFTER = 6

EVENTS = [
    ("Kenya", "NAIROBI", "Kenya's central bank holds its main lending rate at 12 percent"),
    ("Fiji", "SUVA", "Cyclone Mele cuts power to large parts of Viti Levu"),
    ("Chile", "SANTIAGO", "Copper output at Chile's largest mine falls 4 percent in March"),
    ("India", "NEW DELHI", "India's monsoon rains arrive in Kerala two days early"),
    ("Egypt", "CAIRO", "Egypt's annual urban inflation eases to 24 percent in April"),
    ("Peru", "LIMA", "Peru's congress approves a new mining royalty law after long debate"),
    ("Ghana", "ACCRA", "Ghana's cocoa board raises the farm-gate price for the new season"),
]


def _ninjs(
    uri: str, version: int, headline: str, city: str, paragraphs: list[str], minutes_ago: int
) -> bytes:
    sent = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return json.dumps(
        {
            "uri": uri,
            "type": "text",
            "version": str(version),
            "pubstatus": "usable",
            "firstcreated": (sent - timedelta(minutes=version)).isoformat(),
            "versioncreated": sent.isoformat(),
            "language": "en",
            "located": city,
            "headlines": [{"role": "main", "value": headline}],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": "".join(f"<p>{p}</p>" for p in paragraphs),
                }
            ],
        }
    ).encode()


def write_batch(folder: Path) -> int:
    """Twenty payloads from two agencies: new stories, versions, a duplicate and coverage."""
    files: dict[str, bytes] = {}
    for n, (country, city, headline) in enumerate(EVENTS):
        lead = (
            f"{city} (Harbour Wire) - {headline}, officials in {country} said on Tuesday, "
            f"in a statement that gave figures for the first time."
        )
        more = f"The figures were published on the government's website, item {n}."
        uri = f"urn:harbour-wire:crash:{n}"
        files[f"harbour-wire/{n:02d}-v1.json"] = _ninjs(uri, 1, headline, city, [lead], 90 - n)
        files[f"harbour-wire/{n:02d}-v2.json"] = _ninjs(
            uri, 2, headline, city, [lead, more], 60 - n
        )
        if n < 4:
            other = (
                f"{city} (Ridge Agency) - Officials in {country} said on Tuesday that "
                f"{headline[0].lower()}{headline[1:]}, according to a statement."
            )
            files[f"ridge-agency/{n:02d}.json"] = _ninjs(
                f"urn:ridge:crash:{n}", 1, headline, city, [other, more], 50 - n
            )
    files["ridge-agency/99-copy.json"] = files["harbour-wire/00-v1.json"].replace(
        b"urn:harbour-wire:crash:0", b"urn:ridge:crash:copy"
    )
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return len(files)


class WireCopy(Copy):
    """A database copy, read for what the wire and the desk stored."""

    def lease_owner(self) -> str:
        return self.rows("select lease_owner from desk_deskcursor")[0][0]

    def placed(self) -> int:
        return self.rows("select count(*) from wire_wireitemrecord where desk_state = 'done'")[0][0]

    def stories(self) -> set[frozenset[str]]:
        members: dict[str, set[str]] = {}
        for key, guid in self.rows(
            "select s.key, r.guid from desk_storyitem i join desk_story s on s.id = i.story_id "
            "join wire_wireitemrecord r on r.id = i.record_id"
        ):
            members.setdefault(key, set()).add(guid)
        return {frozenset(guids) for guids in members.values()}


def dateline(copy: Copy, tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=copy.url,
        DATELINE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="dateline.settings",
        DATELINE_LOG_LEVEL="ERROR",
        DATELINE_TASK_BACKEND="immediate",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.django_db(transaction=True)
def test_sigkill_mid_batch_then_rerun_matches_an_uninterrupted_run(database_copies, tmp_path):
    killed, clean = (WireCopy(copy.url) for copy in database_copies)
    batch = tmp_path / "wire"
    items = write_batch(batch)

    first = dateline(killed, tmp_path, "ingest", str(batch))
    deadline = time.monotonic() + 120

    def placing() -> bool:
        return killed.placed() >= KILL_AFTER and f":{first.pid}:" in killed.lease_owner()

    while not placing() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.poll() is None, "the batch ended before it could be killed: " + str(
        first.stdout.read()
    )
    first.send_signal(signal.SIGKILL)
    first.wait()
    placed_at_kill = killed.placed()
    assert KILL_AFTER <= placed_at_kill < items

    for copy in (killed, clean):
        for args in (("ingest", str(batch)), ("desk", "run")):
            run = dateline(copy, tmp_path, *args)
            output = run.communicate(timeout=300)[0].decode()
            assert run.returncode == 0, output
            assert "busy" not in output, "the dead run's lease must not hold the desk up"

    for copy in (killed, clean):
        records, rows, distinct_records, not_done = copy.rows(
            "select (select count(*) from wire_wireitemrecord), "
            "(select count(*) from desk_storyitem), "
            "(select count(distinct record_id) from desk_storyitem), "
            "(select count(*) from wire_wireitemrecord where desk_state <> 'done')"
        )[0]
        assert records == items, "every payload's item is stored exactly once"
        assert rows == distinct_records == records, "every item sits in one story, once"
        assert not_done == 0
    assert killed.stories() == clean.stories()
    assert len(clean.stories()) == len(EVENTS), "versions, the copy and coverage join stories"
