"""HTTP polling against a real local server, and the watched folder's crash safety."""

from __future__ import annotations

import http.server
import os
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.wire.models import FetchAttempt, Payload, Transport, WireItemRecord
from dateline.wire.parsers import MAX_PAYLOAD_BYTES
from dateline.wire.transports import folder as folder_transport
from dateline.wire.transports.http import poll_http
from dateline.wire.transports.poll import poll_due_sources
from tests.wire.conftest import read_fixture

pytestmark = pytest.mark.django_db

FEED = read_fixture("rss/feed.xml")
ETAG = '"feed-v1"'
MODIFIED = "Mon, 11 Mar 2024 10:00:00 GMT"


class AgencyServer(http.server.ThreadingHTTPServer):
    """A tiny agency: each path behaves one way, and every request's headers are kept."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the standard library's name
        self.server.requests.append((self.path, dict(self.headers)))
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self._send(FEED, ETag=ETAG, **{"Last-Modified": MODIFIED})
        elif self.path == "/broken":
            self._send(b"oops", status=500)
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(FEED)
        elif self.path == "/huge":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the cap must hold while reading
            chunk = b"<!-- padding -->" * 4096
            try:
                for _ in range(MAX_PAYLOAD_BYTES // len(chunk) + 8):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self._send(b"not here", status=404)

    def _send(self, body: bytes, status: int = 200, **headers: str):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def agency():
    server = AgencyServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_conditional_get_sends_validators_and_handles_304(agency, wire_source):
    source = wire_source(url=f"{agency.base}/feed.xml")
    attempt, report = poll_http(source)
    assert attempt.outcome == "ok" and attempt.http_status == 200
    assert report.accepted == 2
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == (ETAG, MODIFIED)

    attempt, report = poll_http(source)
    assert attempt.outcome == "not-modified" and attempt.http_status == 304 and report is None
    headers = agency.requests[-1][1]
    assert headers["If-None-Match"] == ETAG and headers["If-Modified-Since"] == MODIFIED
    assert "If-None-Match" not in agency.requests[0][1]
    assert Payload.objects.count() == 1 and WireItemRecord.objects.count() == 2
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_success_at is not None


def test_server_errors_back_off_exponentially_and_show_in_health(agency, wire_source):
    source = wire_source(url=f"{agency.base}/broken", poll_interval=60)
    gaps = []
    for _ in range(3):
        before = timezone.now()
        attempt, _report = poll_http(source)
        assert attempt.outcome == "error" and attempt.http_status == 500
        gaps.append((source.next_attempt_at - before).total_seconds())
    assert gaps[0] == pytest.approx(120, abs=2)
    assert gaps[1] == pytest.approx(240, abs=2)
    assert gaps[2] == pytest.approx(480, abs=2)
    assert FetchAttempt.objects.filter(source=source, outcome="error").count() == 3
    source.refresh_from_db()
    assert source.consecutive_failures == 3 and "HTTP 500" in source.last_error

    from dateline.wire.health import source_health

    health = source_health([source])[0]
    assert health.status == "FAILING" and "HTTP 500" in health.last_error


def test_backoff_is_capped(wire_source):
    source = wire_source(poll_interval=300)
    source.consecutive_failures = 30
    assert source.backoff_seconds() == 6 * 3600


def test_slow_server_times_out_and_is_recorded(agency, wire_source, settings):
    settings.DATELINE_WIRE_HTTP_TIMEOUT = 0.5
    source = wire_source(url=f"{agency.base}/slow")
    attempt, report = poll_http(source)
    assert attempt.outcome == "error" and "timed out" in attempt.error
    assert report is None and not Payload.objects.exists()


def test_oversized_body_is_cut_off_and_rejected(agency, wire_source):
    source = wire_source(url=f"{agency.base}/huge")
    attempt, report = poll_http(source)
    assert attempt.outcome == "error" and "cap" in attempt.error
    assert MAX_PAYLOAD_BYTES < attempt.bytes <= MAX_PAYLOAD_BYTES + 64 * 1024
    assert not Payload.objects.exists()


def test_poll_round_polls_only_due_sources_and_survives_a_failing_one(agency, wire_source):
    good = wire_source(slug="good", url=f"{agency.base}/feed.xml")
    bad = wire_source(slug="bad", url=f"{agency.base}/broken")
    later = wire_source(
        slug="later",
        url=f"{agency.base}/feed.xml",
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )
    round_ = poll_due_sources(desk=False)
    assert round_.polled == ["good"] and round_.failed == ["bad"]
    assert round_.report.accepted == 2
    assert not FetchAttempt.objects.filter(source=later).exists()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.next_attempt_at > timezone.now() and bad.consecutive_failures == 1
    assert poll_due_sources(desk=False).polled == []  # nothing due any more


def _aged(path, seconds=60):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_folder_files_are_ingested_once_and_moved(tmp_path, wire_source):
    (tmp_path / "feed.xml").write_bytes(FEED)
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01 not a wire format")
    (tmp_path / "story.xml.part").write_bytes(b"half")
    (tmp_path / "fresh.xml").write_bytes(read_fixture("nitf/story.xml"))
    for name in ("feed.xml", "junk.bin", "story.xml.part"):
        _aged(tmp_path / name)
    source = wire_source(transport=Transport.FOLDER, folder_path=str(tmp_path))

    scan = folder_transport.scan_folder(source)
    assert scan.report.accepted == 2
    assert (tmp_path / "done" / "feed.xml").exists()
    assert (tmp_path / "failed" / "junk.bin").exists()
    assert (tmp_path / "story.xml.part").exists()  # still being copied: left alone
    assert (tmp_path / "fresh.xml").exists()  # written a moment ago: next scan
    assert FetchAttempt.objects.get(source=source).outcome == "ok"

    _aged(tmp_path / "fresh.xml")
    again = folder_transport.scan_folder(source)
    assert again.report.accepted == 1 and (tmp_path / "done" / "fresh.xml").exists()


def test_folder_crash_after_commit_before_move_duplicates_nothing(
    tmp_path, wire_source, monkeypatch
):
    (tmp_path / "feed.xml").write_bytes(FEED)
    _aged(tmp_path / "feed.xml")
    source = wire_source(transport=Transport.FOLDER, folder_path=str(tmp_path))

    def power_cut(path, subfolder):
        raise SystemExit("power cut")

    monkeypatch.setattr(folder_transport, "_move", power_cut)
    with pytest.raises(SystemExit):
        folder_transport.scan_folder(source)
    assert WireItemRecord.objects.count() == 2 and (tmp_path / "feed.xml").exists()

    monkeypatch.undo()
    scan = folder_transport.scan_folder(source)
    assert scan.report.accepted == 0 and scan.report.duplicates == 2
    assert WireItemRecord.objects.count() == 2 and Payload.objects.count() == 1
    assert (tmp_path / "done" / "feed.xml").exists() and not (tmp_path / "feed.xml").exists()


def test_missing_folder_is_a_recorded_failure(tmp_path, wire_source):
    source = wire_source(transport=Transport.FOLDER, folder_path=str(tmp_path / "nope"))
    scan = folder_transport.scan_folder(source)
    assert scan.error
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and "does not exist" in source.last_error
