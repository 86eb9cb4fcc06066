"""The push endpoint: bearer token by hash, 202 with counts, 401/403/413 otherwise."""

from __future__ import annotations

import http.client
import json
import socket
import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from gunicorn.config import Config
from gunicorn.http import RequestParser
from gunicorn.http.wsgi import create as gunicorn_request

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


def push_chunked(pieces: list[bytes], token: str) -> tuple[int, dict]:
    """POST the pieces as a chunked body, without Content-Length, over a loopback socket.

    gunicorn's own request reader takes the body apart, as in production, and the project's
    WSGI application answers in this thread, inside the test's database transaction.
    """
    answer: dict = {}
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def agency() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/xml"}
            try:
                connection.request(
                    "POST", URL, body=iter(pieces), headers=headers, encode_chunked=True
                )
                response = connection.getresponse()
                answer.update(status=response.status, body=json.loads(response.read()))
            except OSError as exc:  # the server hung up before reading the whole body
                answer["error"] = exc
            finally:
                connection.close()

        sender = threading.Thread(target=agency, daemon=True)
        sender.start()
        connection, peer = listener.accept()
        with connection:
            _answer(connection, peer, listener.getsockname())
        sender.join(timeout=60)
    assert "status" in answer, answer.get("error")
    return answer["status"], answer["body"]


def _answer(connection: socket.socket, peer, server) -> None:
    config = Config()
    request = next(RequestParser(config, connection, peer))
    response, environ = gunicorn_request(request, connection, peer, server, config)
    response.force_close()
    # As Django's test client does: the request must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, response.start_response)
        for data in result:
            response.write(data)
        response.close()
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_chunked_push_is_read_whole_and_stored(pushed):
    source, token = pushed
    feed = read_fixture("rss/feed.xml")
    pieces = [feed[start : start + 100] for start in range(0, len(feed), 100)]
    status, body = push_chunked(pieces, token)
    assert status == 202 and body["accepted"] == 2
    payload = Payload.objects.get(pk=body["payload"])
    assert bytes(payload.data) == feed and payload.origin_kind == "push"
    assert WireItemRecord.objects.filter(source=source).count() == 2
    assert FetchAttempt.objects.get(source=source).outcome == "ok"


def test_chunked_push_over_the_cap_is_413_and_recorded(pushed):
    source, token = pushed
    piece = b"x" * (64 * 1024)
    pieces = [piece] * (MAX_PAYLOAD_BYTES // len(piece)) + [b"x"]
    status, body = push_chunked(pieces, token)
    assert status == 413 and "limited" in body["error"]
    assert not Payload.objects.exists()
    attempt = FetchAttempt.objects.get(source=source)
    assert attempt.outcome == "error" and "cap" in attempt.error


def test_a_push_whose_body_cannot_be_read_is_refused_and_recorded(client, pushed):
    source, token = pushed
    # A server that does not take chunked bodies apart leaves no way to find the end.
    response = post(client, b"", token, HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert post(client, b"", token).status_code == 400
    assert not Payload.objects.exists()
    errors = FetchAttempt.objects.filter(source=source, outcome="error")
    assert sorted(errors.values_list("error", flat=True)) == [
        "chunked push refused: the server cannot tell where it ends",
        "empty push refused",
    ]
