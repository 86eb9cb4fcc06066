"""Relevance × headline × freshness, on any backend's score scale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dateline.search.ranking import FRESHNESS_FLOOR, HALF_LIFE, Candidate, freshness, rank

NOW = datetime(2025, 4, 28, 12, 0, tzinfo=UTC)


def candidate(pk, headline="Budget talks", age=timedelta(hours=1), score=1.0):
    return Candidate(
        pk=pk,
        headline=headline,
        published_at=NOW - age,
        sector_id=None,
        kind="news",
        backend_score=score,
    )


def test_freshness_halves_the_bonus_every_half_life_down_to_the_floor():
    assert freshness(NOW, NOW) == pytest.approx(1.0)
    half_bonus = FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) / 2
    assert freshness(NOW - HALF_LIFE, NOW) == pytest.approx(half_bonus)
    assert freshness(NOW - timedelta(days=3650), NOW) == pytest.approx(FRESHNESS_FLOOR)
    assert freshness(None, NOW) == FRESHNESS_FLOOR


@pytest.mark.parametrize("scale", [1.0, -1.0])
def test_equal_relevance_newer_first_whatever_the_sign_of_scores(scale):
    older = candidate(1, age=timedelta(days=3), score=2.5 * scale)
    newer = candidate(2, age=timedelta(hours=2), score=2.5 * scale)
    assert [r.candidate.pk for r in rank([older, newer], ["budget"], NOW)] == [2, 1]


@pytest.mark.parametrize("scale", [1.0, -1.0])
def test_headline_match_outranks_an_equal_body_match(scale):
    body_only = candidate(1, headline="Parliament sits late", score=3.0 * scale)
    headline = candidate(2, headline="Cholera spreads in the south", score=3.0 * scale)
    assert [r.candidate.pk for r in rank([body_only, headline], ["cholera"], NOW)] == [2, 1]


def test_a_much_better_old_match_beats_a_fresh_weak_one():
    old_strong = candidate(1, age=timedelta(days=60), score=-9.0)
    new_weak = candidate(2, age=timedelta(hours=1), score=-2.0)
    assert rank([new_weak, old_strong], ["budget"], NOW)[0].candidate.pk == 1


def test_backends_without_scores_fall_back_to_freshness():
    old = candidate(1, age=timedelta(days=5), score=None)
    new = candidate(2, age=timedelta(days=1), score=None)
    assert [r.candidate.pk for r in rank([old, new], ["budget"], NOW)] == [2, 1]
