"""Format detection: the right format for every prolog an agency sends, and a bounded cost
for any payload, however hostile.

A push endpoint hands detection whatever bytes arrive, so a payload built to make the
prolog scan backtrack (64 KB of repeated `<?`, `<!--` or `<!DOCTYPE`) must end as a recorded
rejection at the cost of a few linear passes over the head, not seconds of CPU per push.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from dateline.wire.parsers import detect, detect_format, parse
from dateline.wire.parsers.detect import HEAD_BYTES, opens_internal_subset, root_name

SIZE = 64 * 1024

HOSTILE = {
    "processing instructions": b"<" + b"<?" * (SIZE // 2 - 1),
    "comments": b"<" + b"<!--" * (SIZE // 4 - 1),
    "doctypes": b"<" + b"<!DOCTYPE" * (SIZE // 9),
    "doctype subsets": b"<" + b"<!DOCTYPE [" * (SIZE // 11),
    "subset ends": b"<!DOCTYPE x [" + b"] ]" * ((SIZE - 13) // 3),
    "mixed": b"<" + b"<?<!--<!DOCTYPE [<" * (SIZE // 19),
}


@contextmanager
def hang_guard(seconds: int = 5) -> Iterator[None]:
    """Fail instead of hanging; not a timing assertion: the bound is a thousand times the
    real cost of a linear scan, and about half of what the backtracking scan took."""

    def stop(signum, frame):
        pytest.fail(f"detection still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "payload,expected",
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"/>', "rss"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><!-- feed --><feed/>", "rss"),
        (b"<!-- a <nitf> in a comment --><newsMessage/>", "newsmlg2"),
        (b"<?xml?><!DOCTYPE nitf SYSTEM 'nitf.dtd'><nitf/>", "nitf"),
        (b"<!DOCTYPE NewsML [ <!ELEMENT a ANY> ]  ><NewsML/>", "newsml12"),
        (b"<!doctype x [ <!-- ] --> ]><g2:newsItem xmlns:g2='x'/>", "newsmlg2"),
        (b"<?pi unterminated <rss/>", "rss"),
        (b"<html><body>page</body></html>", "webpage"),
    ],
)
def test_prologs_are_skipped_to_the_root(payload, expected):
    assert detect_format(payload) == expected


@pytest.mark.parametrize("shape", list(HOSTILE))
def test_hostile_prologs_become_a_recorded_rejection(shape):
    payload = HOSTILE[shape]
    assert len(payload) <= SIZE
    with hang_guard():
        result = parse(payload, agency="hostile")
    assert result.items == []
    assert [r.reason for r in result.rejections] == ["unrecognised XML format (root element <?>)"]


@pytest.mark.parametrize("shape", list(HOSTILE))
def test_a_root_after_a_hostile_prolog_is_still_found(shape):
    payload = HOSTILE[shape][: SIZE - 200] + b"?>--> ]>\n<nitf/>"
    with hang_guard():
        assert root_name(payload) == "nitf"


@pytest.mark.parametrize(
    "payload,opens",
    [
        (b"<?xml?><!DOCTYPE nitf SYSTEM 'nitf.dtd'><nitf/>", False),
        (b"<!doctype nitf [ <!ATTLIST nitf a CDATA 'x'> ]><nitf/>", True),
        (b"<!DOCTYPE a><!DOCTYPE b [ ]><a/>", True),
        (b"<!DOCTYPE" * 100 + b">[", False),
    ],
)
def test_the_dtd_guard_finds_internal_subsets(payload, opens):
    assert opens_internal_subset(payload) is opens


@pytest.mark.parametrize("shape", ["doctypes", "doctype subsets", "mixed"])
def test_the_dtd_guard_of_a_named_format_is_bounded_too(shape):
    with hang_guard():
        result = parse(HOSTILE[shape][1:] + b"<nitf/>", agency="hostile", format="nitf")
    assert result.items == [] and len(result.rejections) == 1


@pytest.mark.parametrize("scan", [root_name, opens_internal_subset])
@pytest.mark.parametrize("shape", list(HOSTILE))
def test_each_character_of_the_head_is_read_a_bounded_number_of_times(shape, scan, monkeypatch):
    """The scan's own work, counted: every character read by every search, summed."""
    read = 0
    real_read = detect._Head.read

    def counting_read(self, marker, start):
        nonlocal read
        at, end = real_read(self, marker, start)
        read += (end if at >= 0 else len(self.text)) - start
        return at, end

    monkeypatch.setattr(detect._Head, "read", counting_read)
    payload = HOSTILE[shape]
    scan(payload)
    # One pass per kind of marker: `<`, `?>`, `-->`, the DOCTYPE's `[` or `>`, and `]>`.
    assert read <= 5 * len(payload)


def test_detection_reads_only_the_head():
    assert root_name(b" " * HEAD_BYTES + b"<rss/>") == ""
    assert root_name(b" " * (HEAD_BYTES - 6) + b"<rss/>") == "rss"
