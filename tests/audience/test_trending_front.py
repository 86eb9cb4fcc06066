"""The beacon answered ahead of Django counts by the same rules as the Django view."""

from __future__ import annotations

import io

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from dateline.audience.trending.models import ReadCount
from dateline.audience.trending.wsgi import application

from .trending_support import READER_AGENT, reset_trending_memory


def call(
    method: str = "POST",
    path: str = "/beacon/",
    body: bytes = b"",
    query: str = "",
    agent: str = READER_AGENT,
    address: str = "198.51.100.20",
    forwarded: str | None = None,
) -> tuple[str, dict, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "wsgi.url_scheme": "http",
        "HTTP_USER_AGENT": agent,
        "REMOTE_ADDR": address,
    }
    if forwarded is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    answer = {}
    chunks = application(
        environ, lambda status, headers: answer.update(status=status, headers=dict(headers))
    )
    content = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return answer["status"], answer["headers"], content


@pytest.fixture
def tally(monkeypatch):
    return reset_trending_memory(monkeypatch)


def test_front_counts_once_and_never_caches(publish_article, tally):
    story = publish_article()
    status, headers, _ = call(body=f"a={story.pk}".encode())
    assert status == "204 No Content" and "no-store" in headers["Cache-Control"]
    call(body=f"a={story.pk}".encode())
    status, headers, content = call("GET", query=f"a={story.pk}", address="198.51.100.21")
    assert headers["Content-Type"] == "image/gif" and content.startswith(b"GIF89a")
    call(body=f"a={story.pk}".encode(), agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    tally.flush()
    assert ReadCount.objects.get(article=story).reads == 2


def test_front_takes_the_reader_from_a_trusted_proxy_only(publish_article, tally, settings):
    settings.DATELINE_TRUSTED_PROXIES = ["127.0.0.1"]
    story = publish_article()
    body = f"a={story.pk}".encode()
    for reader in ("198.51.100.31", "198.51.100.32", "198.51.100.33"):
        call(body=body, address="127.0.0.1", forwarded=reader)
    for forged in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        call(body=body, address="203.0.113.9", forwarded=forged)
    tally.flush()
    assert ReadCount.objects.get(article=story).reads == 4


@pytest.mark.parametrize("body", [b"a=abc", b"a=", b"b=1", b"a=" + b"9" * 300])
def test_front_refuses_bad_beacons(db, tally, body):
    status, _, _ = call(body=body)
    assert status.startswith("400")
    assert tally.pending == 0


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: a request must not close the test's open transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_front_passes_every_other_request_to_django(publish_article, keep_test_connection):
    story = publish_article()
    status, headers, content = call("GET", path=story.url)
    assert status.startswith("200")
    assert story.title.encode() in content
    assert call("PUT", body=b"a=1")[0].startswith("405")
