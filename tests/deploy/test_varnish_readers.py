"""Behind Varnish, reads and rate limits are per reader, not one for the whole site.

Every request reaches the app from Varnish's address; Varnish appends the reader's address
to X-Forwarded-For and the app believes it because Varnish is a trusted proxy. Readers here
are loopback addresses of their own (127.0.0.2, 127.0.0.3, ...), so the app can tell them
from Varnish.
"""

from __future__ import annotations

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from dateline.audience.newsletter import ratelimit
from dateline.audience.newsletter.models import Subscriber
from dateline.audience.trending.models import ReadCount
from tests.audience.trending_support import READER_AGENT, reset_trending_memory

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reader:
    """A browser on its own loopback address, keeping its cookies, talking to Varnish."""

    def __init__(self, front: str, address: str, agent: str = READER_AGENT) -> None:
        parts = urlsplit(front)
        self.host, self.port = parts.hostname, parts.port
        self.address, self.agent = address, agent
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=20, source_address=(self.address, 0)
        )
        sent = {"User-Agent": self.agent, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"http://{self.host}:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()
        finally:
            connection.close()

    def sign_up(self, email: str, forged: str | None = None) -> int:
        status, page = self.request("GET", "/newsletter/")
        assert status == 200
        token = CSRF_INPUT.search(page).group(1)
        headers = {"X-Forwarded-For": forged} if forged else {}
        status, _ = self.request(
            "POST",
            "/newsletter/",
            {
                "email": email,
                "frequency": "daily",
                "csrfmiddlewaretoken": token,
            },
            headers,
        )
        return status


@pytest.fixture
def front(varnish, settings):
    settings.DATELINE_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.ALLOWED_HOSTS = ["*"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return varnish


@pytest.mark.django_db(transaction=True)
def test_each_reader_behind_varnish_is_counted_once(front, publish_article, monkeypatch):
    tally = reset_trending_memory(monkeypatch)
    story = publish_article()
    gamer = Reader(front, "127.0.0.2")
    for n in range(20):  # new agent and a forged origin every time: still one reader
        gamer.agent = f"{READER_AGENT} Variant/{n}"
        status, _ = gamer.request(
            "POST", "/beacon/", {"a": story.pk}, {"X-Forwarded-For": f"192.0.2.{n}"}
        )
        assert status == 204
    for address in ("127.0.0.3", "127.0.0.4"):
        assert Reader(front, address).request("POST", "/beacon/", {"a": story.pk})[0] == 204
    tally.flush()
    assert ReadCount.objects.get(article=story).reads == 3


@pytest.mark.django_db(transaction=True)
def test_signup_limit_behind_varnish_is_per_reader(front, site_tree):
    busy = Reader(front, "127.0.0.2")
    for n in range(ratelimit.SIGNUPS_PER_CLIENT):
        assert busy.sign_up(f"busy-{n}@example.org") == 302
    assert busy.sign_up("busy-more@example.org", forged="192.0.2.44") == 429
    assert Reader(front, "127.0.0.3").sign_up("neighbour@example.org") == 302
    assert Subscriber.objects.filter(email="neighbour@example.org").exists()
    assert not Subscriber.objects.filter(email="busy-more@example.org").exists()
