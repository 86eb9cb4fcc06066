"""HTTP polling against a real local server, and the watched folder's crash safety.

The agency server listens on loopback, which the poller refuses unless its host is listed in
DATELINE_WIRE_INTERNAL_HOSTS: tests that fetch from it list 127.0.0.1.
"""

from __future__ import annotations

import http.server
import os
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from dateline.wire.health import source_health
from dateline.wire.models import FetchAttempt, Payload, Source, Transport, WireItemRecord
from dateline.wire.parsers import MAX_PAYLOAD_BYTES
from dateline.wire.transports import folder as folder_transport
from dateline.wire.transports.http import poll_http
from dateline.wire.transports.poll import poll_due_sources
from tests.wire.conftest import read_fixture

pytestmark = pytest.mark.django_db

FEED = read_fixture("rss/feed.xml")
ETAG = '"feed-v1"'
MODIFIED = "Mon, 11 Mar 2024 10:00:00 GMT"
loopback_agency = override_settings(DATELINE_WIRE_INTERNAL_HOSTS=["127.0.0.1"])


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
        elif self.path.startswith("/to/"):  # /to/<url>: a redirect there, PORT is this port
            target = self.path.removeprefix("/to/")
            self.send_response(302)
            self.send_header("Location", target.replace("PORT", str(self.server.server_port)))
            self.send_header("Content-Length", "0")
            self.end_headers()
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


@loopback_agency
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


@loopback_agency
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

    health = source_health([source])[0]
    assert health.status == "FAILING" and "HTTP 500" in health.last_error


def test_backoff_is_capped(wire_source):
    source = wire_source(poll_interval=300)
    source.consecutive_failures = 30
    assert source.backoff_seconds() == 6 * 3600


@loopback_agency
@override_settings(DATELINE_WIRE_HTTP_TIMEOUT=0.5)
def test_slow_server_times_out_and_is_recorded(agency, wire_source):
    source = wire_source(url=f"{agency.base}/slow")
    attempt, report = poll_http(source)
    assert attempt.outcome == "error" and "timed out" in attempt.error
    assert report is None and not Payload.objects.exists()


@loopback_agency
def test_oversized_body_is_cut_off_and_rejected(agency, wire_source):
    source = wire_source(url=f"{agency.base}/huge")
    attempt, report = poll_http(source)
    assert attempt.outcome == "error" and "cap" in attempt.error
    assert MAX_PAYLOAD_BYTES < attempt.bytes <= MAX_PAYLOAD_BYTES + 64 * 1024
    assert not Payload.objects.exists()


@loopback_agency
def test_poll_round_polls_only_due_sources_and_survives_a_failing_one(agency, wire_source):
    good = wire_source(slug="good", url=f"{agency.base}/feed.xml")
    bad = wire_source(slug="bad", url=f"{agency.base}/broken")
    later = wire_source(
        slug="later",
        url=f"{agency.base}/feed.xml",
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )
    round_ = poll_due_sources()
    assert round_.polled == ["good"] and round_.failed == ["bad"]
    assert round_.report.accepted == 2
    assert not FetchAttempt.objects.filter(source=later).exists()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.next_attempt_at > timezone.now() and bad.consecutive_failures == 1
    assert poll_due_sources().polled == []  # nothing due any more


@pytest.fixture
def inbox(tmp_path, settings):
    """The wire inbox root: folder sources are confined below it."""
    root = tmp_path / "wire-inbox"
    root.mkdir()
    settings.DATELINE_WIRE_FOLDER_ROOT = root
    return root


@pytest.fixture
def drop(inbox):
    """One agency's drop folder inside the inbox."""
    folder = inbox / "harbour"
    folder.mkdir()
    return folder


def _aged(path, seconds=60):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_folder_files_are_ingested_once_and_moved(drop, wire_source):
    (drop / "feed.xml").write_bytes(FEED)
    (drop / "junk.bin").write_bytes(b"\x00\x01 not a wire format")
    (drop / "story.xml.part").write_bytes(b"half")
    (drop / "fresh.xml").write_bytes(read_fixture("nitf/story.xml"))
    for name in ("feed.xml", "junk.bin", "story.xml.part"):
        _aged(drop / name)
    source = wire_source(transport=Transport.FOLDER, folder_path=str(drop))

    scan = folder_transport.scan_folder(source)
    assert scan.report.accepted == 2
    assert (drop / "done" / "feed.xml").exists()
    assert (drop / "failed" / "junk.bin").exists()
    assert (drop / "story.xml.part").exists()  # still being copied: left alone
    assert (drop / "fresh.xml").exists()  # written a moment ago: next scan
    assert FetchAttempt.objects.get(source=source).outcome == "ok"

    _aged(drop / "fresh.xml")
    again = folder_transport.scan_folder(source)
    assert again.report.accepted == 1 and (drop / "done" / "fresh.xml").exists()


def test_folder_crash_after_commit_before_move_duplicates_nothing(drop, wire_source, monkeypatch):
    (drop / "feed.xml").write_bytes(FEED)
    _aged(drop / "feed.xml")
    source = wire_source(transport=Transport.FOLDER, folder_path=str(drop))

    def power_cut(path, subfolder):
        raise SystemExit("power cut")

    monkeypatch.setattr(folder_transport, "_move", power_cut)
    with pytest.raises(SystemExit):
        folder_transport.scan_folder(source)
    assert WireItemRecord.objects.count() == 2 and (drop / "feed.xml").exists()

    monkeypatch.undo()
    scan = folder_transport.scan_folder(source)
    assert scan.report.accepted == 0 and scan.report.duplicates == 2
    assert WireItemRecord.objects.count() == 2 and Payload.objects.count() == 1
    assert (drop / "done" / "feed.xml").exists() and not (drop / "feed.xml").exists()


def test_missing_folder_is_a_recorded_failure(drop, wire_source):
    source = wire_source(transport=Transport.FOLDER, folder_path=str(drop / "nope"))
    scan = folder_transport.scan_folder(source)
    assert scan.error
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and "does not exist" in source.last_error


def test_loopback_source_is_refused_by_default_and_shows_in_health(agency, wire_source):
    source = wire_source(url=f"{agency.base}/feed.xml")
    attempt, report = poll_http(source)
    assert attempt.outcome == "error" and report is None
    assert "refused" in attempt.error and "127.0.0.1" in attempt.error
    assert agency.requests == []  # never even connected
    assert not Payload.objects.exists()
    health = source_health([source])[0]
    assert health.status == "FAILING" and "DATELINE_WIRE_INTERNAL_HOSTS" in health.last_error


@override_settings(DATELINE_WIRE_INTERNAL_HOSTS=["localhost"])
def test_only_a_listed_internal_host_is_fetched(agency, wire_source):
    listed = wire_source(slug="listed", url=f"http://localhost:{agency.server_port}/feed.xml")
    attempt, report = poll_http(listed)
    assert attempt.outcome == "ok" and report.accepted == 2

    unlisted = wire_source(slug="unlisted", url=f"{agency.base}/feed.xml")
    attempt, _report = poll_http(unlisted)
    assert attempt.outcome == "error" and "refused" in attempt.error
    assert len(agency.requests) == 1


def test_a_public_name_resolving_to_an_internal_address_is_refused(
    agency, wire_source, monkeypatch
):
    real_lookup = socket.getaddrinfo

    def agency_dns(host, *args, **kwargs):  # the agency's name now points at this machine
        return real_lookup("127.0.0.1" if host == "wire.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", agency_dns)
    source = wire_source(url=f"http://wire.example:{agency.server_port}/feed.xml")
    attempt, _report = poll_http(source)
    assert attempt.outcome == "error" and "refused" in attempt.error
    assert "wire.example" in attempt.error and "127.0.0.1" in attempt.error
    assert agency.requests == [] and not Payload.objects.exists()


@loopback_agency
def test_a_redirect_from_an_allowed_host_to_an_internal_one_is_refused(agency, wire_source):
    source = wire_source(url=f"{agency.base}/to/http://localhost:PORT/feed.xml")
    attempt, report = poll_http(source)
    assert attempt.outcome == "error" and report is None
    assert "refused" in attempt.error and "localhost" in attempt.error
    assert [path for path, _headers in agency.requests] == ["/to/http://localhost:PORT/feed.xml"]
    assert not Payload.objects.exists()
    source.refresh_from_db()
    assert "localhost" in source.last_error


@loopback_agency
@override_settings(DATELINE_WIRE_HTTP_TIMEOUT=2.0)  # an FTP client would wait on the server
def test_a_redirect_to_another_scheme_is_refused(agency, wire_source):
    source = wire_source(url=f"{agency.base}/to/ftp://127.0.0.1:PORT/feed.xml")
    attempt, _report = poll_http(source)
    assert attempt.outcome == "error" and "refused" in attempt.error and "ftp" in attempt.error
    assert not Payload.objects.exists()


def test_an_http_source_must_use_http_or_https(db):
    source = Source(name="Old", slug="old", agency="Old", url="ftp://wire.example/feed.xml")
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert "url" in refused.value.message_dict
    source.url = "https://wire.example/feed.xml"
    source.full_clean()


def _outside(tmp_path):
    """A directory of the server outside the inbox, holding a file nobody should ingest."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secrets.xml").write_bytes(FEED)
    _aged(outside / "secrets.xml")
    return outside


def _untouched(outside) -> bool:
    return [path.name for path in outside.iterdir()] == ["secrets.xml"]


@pytest.mark.parametrize("escape", ["absolute", "dot-dot", "symlinked folder"])
def test_folder_outside_the_inbox_is_refused_at_fetch_time(escape, inbox, tmp_path, wire_source):
    outside = _outside(tmp_path)
    if escape == "symlinked folder":
        (inbox / "harbour").symlink_to(outside, target_is_directory=True)
    folder = {
        "absolute": outside,
        "dot-dot": inbox / ".." / "elsewhere",
        "symlinked folder": inbox / "harbour",
    }[escape]
    # Saved from code, as in the shell: no form or model validation stands in the way.
    source = wire_source(transport=Transport.FOLDER, folder_path=str(folder))

    scan = folder_transport.scan_folder(source)
    assert "outside the wire inbox" in scan.error
    assert _untouched(outside) and (outside / "secrets.xml").read_bytes() == FEED
    assert not Payload.objects.exists()
    assert FetchAttempt.objects.get(source=source).outcome == "error"
    health = source_health([Source.objects.get(pk=source.pk)])[0]
    assert health.status == "FAILING" and "outside the wire inbox" in health.last_error


def test_a_folder_source_outside_the_inbox_does_not_validate(inbox, tmp_path):
    outside = _outside(tmp_path)
    source = Source(
        name="Harbour", slug="harbour", agency="Harbour", transport=Transport.FOLDER,
        folder_path=str(outside),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert "outside the wire inbox" in str(refused.value.message_dict["folder_path"])
    source.folder_path = str(inbox / "harbour")
    source.full_clean()


def test_a_symlink_dropped_in_the_inbox_is_not_followed(drop, tmp_path, wire_source):
    outside = _outside(tmp_path)
    (drop / "feed.xml").symlink_to(outside / "secrets.xml")
    source = wire_source(transport=Transport.FOLDER, folder_path=str(drop))

    scan = folder_transport.scan_folder(source)
    assert scan.report.accepted == 0 and not Payload.objects.exists()
    assert "symbolic link" in FetchAttempt.objects.get(source=source).error
    assert _untouched(outside) and (outside / "secrets.xml").read_bytes() == FEED


def test_files_are_never_moved_through_a_symlinked_done_folder(drop, tmp_path, wire_source):
    outside = _outside(tmp_path)
    (drop / "done").symlink_to(outside, target_is_directory=True)
    (drop / "feed.xml").write_bytes(read_fixture("nitf/story.xml"))
    _aged(drop / "feed.xml")
    source = wire_source(transport=Transport.FOLDER, folder_path=str(drop))

    scan = folder_transport.scan_folder(source)
    assert "symbolic link" in scan.error
    assert _untouched(outside) and (drop / "feed.xml").exists()
    source.refresh_from_db()
    assert "symbolic link" in source.last_error
