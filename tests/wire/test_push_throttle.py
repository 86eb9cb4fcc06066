"""Guessing push tokens: every wrong token is recorded in the source's health, and a client
address that keeps guessing is turned away for a while, whatever token it sends next."""

from __future__ import annotations

import pytest

from dateline.wire.health import source_health
from dateline.wire.models import FetchAttempt, Payload, Transport
from tests.wire.conftest import read_fixture

pytestmark = pytest.mark.django_db

URL = "/wire/push/push-wire/"
GUESSER = "198.51.100.7"
AGENCY = "203.0.113.20"


@pytest.fixture
def pushed(wire_source, settings):
    settings.DATELINE_PUSH_FAILURES_LIMIT = 3
    settings.DATELINE_PUSH_FAILURES_WINDOW_SECONDS = 600
    source = wire_source(slug="push-wire", transport=Transport.PUSH)
    return source, source.issue_push_token()


def post(client, token: str, address: str, url: str = URL, body: bytes = b"<rss/>"):
    return client.post(
        url,
        data=body,
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR=address,
    )


def test_a_wrong_token_is_recorded_in_the_sources_health(client, pushed):
    source, token = pushed
    assert post(client, token + "x", GUESSER).status_code == 403
    attempt = FetchAttempt.objects.get(source=source)
    assert attempt.outcome == "error" and attempt.http_status == 403
    assert "wrong push token" in attempt.error and GUESSER in attempt.error
    source.refresh_from_db()
    health = source_health([source])[0]
    assert health.status == "FAILING" and "wrong push token" in health.last_error
    assert not Payload.objects.exists()


def test_an_address_that_keeps_guessing_is_turned_away(client, pushed):
    source, token = pushed
    for _ in range(3):
        assert post(client, "guess", GUESSER).status_code == 403
    refused = post(client, token, GUESSER, body=read_fixture("rss/feed.xml"))
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == 600
    assert not Payload.objects.exists()
    # Guesses beyond the limit cost no database writes.
    assert FetchAttempt.objects.filter(source=source).count() == 3

    # The agency, from its own address, still gets its copy in.
    accepted = post(client, token, AGENCY, body=read_fixture("rss/feed.xml"))
    assert accepted.status_code == 202 and accepted.json()["accepted"] == 2


def test_guessing_across_sources_and_unknown_slugs_counts_too(client, pushed, wire_source):
    _source, token = pushed
    wire_source(slug="other-wire", name="Other", agency="Other", transport=Transport.PUSH)
    assert post(client, "guess", GUESSER, url="/wire/push/other-wire/").status_code == 403
    assert post(client, "guess", GUESSER, url="/wire/push/no-such-wire/").status_code == 403
    assert post(client, "guess", GUESSER).status_code == 403
    assert post(client, token, GUESSER).status_code == 429


def test_a_missing_token_is_not_a_guess(client, pushed):
    _source, token = pushed
    for _ in range(5):
        response = client.post(
            URL, data=b"<rss/>", content_type="application/xml", REMOTE_ADDR=GUESSER
        )
        assert response.status_code == 401
    assert post(client, token, GUESSER, body=read_fixture("rss/feed.xml")).status_code == 202
