"""Read counts stay exact under concurrency: threads, racing flushes, two processes' tallies."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from dateline.audience.trending import counter
from dateline.audience.trending.models import ReadCount

from .trending_support import read, reset_trending_memory

HOURS = (datetime(2026, 3, 2, 9, tzinfo=UTC), datetime(2026, 3, 2, 10, tzinfo=UTC))


def totals() -> dict[tuple[int, datetime], int]:
    return {(a, h): r for a, h, r in ReadCount.objects.values_list("article_id", "hour", "reads")}


def run_threads(count: int, work) -> None:
    errors: list[BaseException] = []

    def guarded(index: int) -> None:
        try:
            work(index)
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_threads_and_two_processes_lose_no_increment(publish_article):
    first, second = publish_article(title="First story"), publish_article(title="Second story")
    tallies = (
        counter.ReadTally(flush_seconds=3600, background=False),
        counter.ReadTally(flush_seconds=3600, background=False),
    )
    per_thread = 1200

    def work(index: int) -> None:
        tally = tallies[index % 2]
        for n in range(per_thread):
            article = first if n % 3 else second
            tally.add(article.pk, HOURS[n % 2])
            if n % 150 == 149:
                tally.flush_quietly()

    run_threads(8, work)
    for tally in tallies:
        tally.flush()
        assert tally.pending == 0
    expected = {}
    for n in range(per_thread):
        key = ((first if n % 3 else second).pk, HOURS[n % 2])
        expected[key] = expected.get(key, 0) + 8
    assert totals() == expected
    assert sum(expected.values()) == 8 * per_thread


@pytest.mark.django_db(transaction=True)
def test_concurrent_beacons_are_counted_exactly(publish_article, monkeypatch, settings):
    story = publish_article()
    tally = reset_trending_memory(monkeypatch)
    settings.DATELINE_TRENDING_FLUSH_SECONDS = 0
    monkeypatch.setattr(tally, "_flush_seconds", None)
    readers_per_thread = 60

    def work(index: int) -> None:
        client = Client()
        for n in range(readers_per_thread):
            address = f"198.51.{100 + index}.{n + 1}"
            assert read(story.pk, address=address, client=client).status_code == 204

    run_threads(6, work)
    tally.flush()
    assert totals() == {(story.pk, ReadCount.objects.get().hour): 6 * readers_per_thread}


@pytest.mark.django_db
def test_a_failed_write_keeps_the_reads_for_the_next_flush(publish_article):
    story = publish_article()
    tally = counter.ReadTally(flush_seconds=3600, background=False)
    for _ in range(5):
        tally.add(story.pk, HOURS[0])
    failing = mock.patch.object(counter, "add_reads", side_effect=OperationalError("disk I/O"))
    with failing, pytest.raises(OperationalError):
        tally.flush()
    assert tally.pending == 5
    tally.add(story.pk, HOURS[0])
    assert tally.flush() == 6
    assert totals() == {(story.pk, HOURS[0]): 6}


def test_tally_is_due_by_age_or_size():
    tally = counter.ReadTally(flush_seconds=3600, flush_rows=3, background=False)
    assert not tally.due()
    tally.add(1, HOURS[0])
    assert not tally.due()
    tally.add(2, HOURS[0])
    tally.add(3, HOURS[0])
    assert tally.due()
    at_once = counter.ReadTally(flush_seconds=0, background=False)
    at_once.add(1, HOURS[0])
    assert at_once.due()


@pytest.mark.django_db(transaction=True)
def test_buffered_reads_reach_the_store_without_a_further_read(publish_article, monkeypatch):
    """The last reads before a quiet spell are written out on their own, not by the next read."""
    story = publish_article()
    reset_trending_memory(monkeypatch)
    tally = counter.ReadTally(flush_seconds=0.2)
    monkeypatch.setattr(counter, "TALLY", tally)
    for address in ("198.51.100.61", "198.51.100.62"):
        assert read(story.pk, address=address).status_code == 204
    deadline = time.monotonic() + 30
    while not ReadCount.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert totals() == {(story.pk, ReadCount.objects.get().hour): 2}
    assert tally.pending == 0
