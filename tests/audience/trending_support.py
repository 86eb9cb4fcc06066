"""Helpers shared by the trending tests: reader requests and a clean slate per test."""

from __future__ import annotations

import secrets

from django.test import Client

from dateline.audience.trending import counter, readers

# A token per test run, so runs sharing one Redis never see each other's readers.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    f"Chrome/126.0 Safari/537.36 Run/{secrets.token_hex(4)}"
)


def reset_trending_memory(monkeypatch) -> counter.ReadTally:
    """Forget who has read what and start an empty tally, as a fresh process would.

    The tally has no flusher thread: each test decides when its reads are written.
    """
    readers.forget_all()
    tally = counter.ReadTally(flush_seconds=3600, background=False)
    monkeypatch.setattr(counter, "TALLY", tally)
    return tally


def read(
    article_id: int | str,
    address: str = "198.51.100.7",
    agent: str = READER_AGENT,
    method: str = "post",
    client: Client | None = None,
):
    """One reader's beacon, as the article page's script (POST) or <noscript> image (GET)."""
    client = client or Client()
    send = client.post if method == "post" else client.get
    return send("/beacon/", {"a": article_id}, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def wait_for_reads(page, tally: counter.ReadTally, count: int, timeout_ms: int = 10_000) -> int:
    """Wait until the tally holds `count` reads, or the time runs out; returns what it holds.

    Waits through the page, never with a plain sleep: Playwright's sync API runs route
    handlers only inside its own calls, so a beacon caught by `context.route` would stall
    for as long as the test slept.
    """
    waited = 0
    while tally.pending < count and waited < timeout_ms:
        page.wait_for_timeout(50)
        waited += 50
    return tally.pending
