"""The push endpoint: bearer token by hash, 202 with counts, 401/403/413 otherwise."""

from __future__ import annotations

import pytest

from dateline.wire.models import FetchAttempt, Payload, Source, Transport, WireItemRecord
from dateline.wire.parsers import MAX_PAYLOAD_BYTES
from tests.wire.conftest import read_fixture

pytestmark = pytest.mark.django_db

URL = "/wire/push/push-wire/"


@pytest.fixture
def pushed(wire_source):
    source = wire_source(slug="push-wire", transport=Transport.PUSH)
    return source, source.issue_push_token()


def post(client, body: bytes, token: str | None = None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(URL, data=body, content_type="application/xml", **headers, **extra)


def test_right_token_stores_payload_and_answers_202_with_counts(client, pushed):
    source, token = pushed
    response = post(client, read_fixture("rss/feed.xml"), token)
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 2 and body["rejected"] == 0
    payload = Payload.objects.get(pk=body["payload"])
    assert payload.origin_kind == "push" and payload.source == source
    assert WireItemRecord.objects.filter(source=source).count() == 2
    assert FetchAttempt.objects.get(source=source).outcome == "ok"
    source.refresh_from_db()
    assert source.last_success_at is not None
    assert "Set-Cookie" not in response.headers

    again = post(client, read_fixture("rss/feed.xml"), token).json()
    assert again["accepted"] == 0 and again["duplicates"] == 2


def test_missing_token_is_401(client, pushed):
    response = post(client, b"<rss/>")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not Payload.objects.exists()


def test_wrong_token_is_403(client, pushed):
    _source, token = pushed
    assert post(client, b"<rss/>", token + "x").status_code == 403
    assert post(client, b"<rss/>", "Basic " + token).status_code == 403
    assert not Payload.objects.exists()


def test_token_of_another_source_does_not_open_this_one(client, pushed, wire_source):
    other = wire_source(slug="other", transport=Transport.PUSH)
    assert post(client, b"<rss/>", other.issue_push_token()).status_code == 403


def test_oversize_push_is_413_and_recorded(client, pushed):
    source, token = pushed
    response = post(client, b"x" * (MAX_PAYLOAD_BYTES + 1), token)
    assert response.status_code == 413
    assert not Payload.objects.exists()
    assert FetchAttempt.objects.get(source=source).outcome == "error"


def test_get_is_not_allowed(client, pushed):
    assert client.get(URL).status_code == 405


def test_token_is_never_stored_in_clear(pushed):
    source, token = pushed
    stored = Source.objects.filter(pk=source.pk).values()[0]
    assert token not in str(stored)
    assert stored["push_token_hash"] and len(stored["push_token_hash"]) == 64
    assert source.check_push_token(token) and not source.check_push_token(token[:-1])
