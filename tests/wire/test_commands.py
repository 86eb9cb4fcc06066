"""The operator's commands: ingest (files, folders, URLs), reparse, poll, and the demo set."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from dateline.operations.demo import render_demo
from dateline.wire import ingest as ingest_module
from dateline.wire.models import Payload, Rejection, WireItemRecord
from dateline.wire.models.payload import ParseStatus
from tests.shared_data import SAMPLES
from tests.wire.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ingest_demo_folder_reports_counts_and_every_format(tmp_path):
    render_demo(tmp_path)
    out, err = run("ingest", str(tmp_path))
    assert "payloads: 19 (0 received before)" in out
    assert "accepted: 20 (new versions: 3)" in out
    assert "rejected: 0" in out
    assert "formats: anpa 3, iptc7901 2, newsmlg2 6, ninjs 4, nitf 2, rss 2" in out
    assert "wire: 19 payloads, 20 accepted" in err
    signals = {
        record.guid.rsplit(":", 1)[-1]: (record.version, record.signals, record.pubstatus)
        for record in WireItemRecord.objects.filter(version=2)
    }
    assert signals == {
        "malawi-cholera": (2, ["correction"], "usable"),
        "india-solar": (2, ["update"], "usable"),
        "tunisia-port": (2, ["kill"], "canceled"),
    }
    again, _ = run("ingest", str(tmp_path))
    assert "accepted: 0" in again and "duplicates (already stored): 20" in again


@pytest.mark.shared_data
def test_ingest_real_agency_samples_reports_accepted_and_rejected():
    if not SAMPLES.is_dir():
        pytest.skip(f"the shared agency samples are not here ({SAMPLES.name} absent)")
    out, _err = run("ingest", str(SAMPLES))
    accepted = int(out.split("accepted: ")[1].split()[0])
    rejected = int(out.split("rejected: ")[1].split()[0])
    payloads = Payload.objects.count()
    assert accepted > 80 and accepted == WireItemRecord.objects.count()
    assert rejected == Rejection.objects.count() > 0
    assert payloads == int(out.split("payloads: ")[1].split()[0]) > 100
    assert not Payload.objects.filter(parse_status=ParseStatus.ERROR).exists()


def test_ingest_rejects_unknown_source_and_reports_missing_paths(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no source"):
        run("ingest", str(FIXTURES), "--source", "nope")
    out, _ = run("ingest", str(tmp_path / "missing.xml"))
    assert "no such file or folder" in out


def test_ingest_a_web_page_url_uses_the_webpage_format():
    from unittest import mock

    page = (FIXTURES / "webpage" / "article.html").read_bytes()
    with mock.patch("dateline.wire.targets.fetch_url") as fetch:
        fetch.return_value.body = page
        out, _ = run("ingest", "https://news.example/story", "--agency", "Web")
    assert "formats: webpage 1" in out and "accepted: 1" in out
    payload = Payload.objects.get()
    assert payload.origin_kind == "url" and payload.origin == "https://news.example/story"


def test_reparse_all_failed_after_a_parser_fix(monkeypatch, tmp_path):
    (tmp_path / "feed.xml").write_bytes((FIXTURES / "rss" / "feed.xml").read_bytes())

    def broken(data, **kwargs):
        raise ValueError("bad release")

    monkeypatch.setattr(ingest_module, "parse", broken)
    out, _ = run("ingest", str(tmp_path), "--agency", "Harbour")
    assert "error: payload" in out and "bad release" in out
    assert WireItemRecord.objects.count() == 0

    monkeypatch.undo()
    out, _ = run("wire", "reparse", "--all-failed")
    assert "accepted: 2" in out
    payload = Payload.objects.get()
    assert payload.parse_status == ParseStatus.PARSED
    out, _ = run("wire", "reparse", str(payload.pk))
    assert "accepted: 0" in out and "duplicates (already stored): 2" in out


def test_poll_command_with_no_sources_says_so():
    out, _ = run("poll")
    assert "sources polled: 0" in out


def test_token_command_issues_a_token_shown_once(wire_source):
    source = wire_source(slug="pusher", transport="push")
    out, _ = run("wire", "token", "pusher")
    token = out.strip().splitlines()[-1]
    source.refresh_from_db()
    assert source.check_push_token(token) and token not in source.push_token_hash
