"""Which reader a request comes from: the peer, or the address a trusted proxy forwarded.

Behind Varnish every request reaches the site from the proxy's own address; only a proxy the
site trusts may say who the reader is, and a reader can never choose their own address by
sending the header themselves.
"""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import Client, RequestFactory

from dateline.audience.anonymity import client_address
from dateline.audience.feedback.models import Feedback
from dateline.audience.newsletter import ratelimit
from dateline.audience.newsletter.models import Subscriber
from dateline.audience.trending.models import ReadCount

from .trending_support import READER_AGENT, read, reset_trending_memory

PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def _trusted_proxy(settings):
    settings.DATELINE_TRUSTED_PROXIES = [PROXY, "::1", "10.20.0.0/16"]


def address_of(peer: str, forwarded: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=peer, **headers))


def test_a_trusted_proxy_names_the_reader():
    assert address_of(PROXY, "198.51.100.7") == "198.51.100.7"
    assert address_of("::1", "2001:db8::5") == "2001:db8::5"
    assert address_of("::ffff:127.0.0.1", "198.51.100.7") == "198.51.100.7"


def test_an_untrusted_peer_is_never_believed():
    assert address_of("203.0.113.9", "198.51.100.7") == "203.0.113.9"
    assert address_of("203.0.113.9", "127.0.0.1") == "203.0.113.9"


def test_what_the_reader_wrote_in_front_of_the_proxy_is_ignored():
    # The proxy appends the address it saw; anything to its left came from the reader.
    assert address_of(PROXY, "192.0.2.1, 198.51.100.7") == "198.51.100.7"
    assert address_of(PROXY, "not-an-address, 198.51.100.7") == "198.51.100.7"
    # A chain of trusted proxies is walked from the nearest one outwards.
    assert address_of(PROXY, "192.0.2.1, 198.51.100.7, 10.20.3.4") == "198.51.100.7"


def test_a_proxy_forwarding_nothing_usable_leaves_its_own_address():
    assert address_of(PROXY) == PROXY
    assert address_of(PROXY, "") == PROXY
    assert address_of(PROXY, "garbage") == PROXY
    assert address_of(PROXY, "garbage, 10.20.3.4") == "10.20.3.4"


def test_no_proxy_is_trusted_unless_listed(settings):
    settings.DATELINE_TRUSTED_PROXIES = []
    assert address_of(PROXY, "198.51.100.7") == PROXY


def sign_up(peer: str, email: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=peer, **headers).post(
        "/newsletter/", {"email": email, "frequency": "daily"}
    )


@pytest.mark.django_db
def test_signup_limit_is_per_reader_behind_the_proxy(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for n in range(ratelimit.SIGNUPS_PER_CLIENT):
        assert sign_up(PROXY, f"first-{n}@example.org", "198.51.100.7").status_code == 302
    assert sign_up(PROXY, "first-more@example.org", "198.51.100.7").status_code == 429
    # Another reader through the same proxy still gets in.
    assert sign_up(PROXY, "second@example.org", "198.51.100.8").status_code == 302
    assert Subscriber.objects.filter(email="second@example.org").exists()


@pytest.mark.django_db
def test_signup_limit_cannot_be_dodged_by_a_forged_header():
    for n in range(ratelimit.SIGNUPS_PER_CLIENT):
        response = sign_up("203.0.113.9", f"forger-{n}@example.org", f"198.51.100.{n}")
        assert response.status_code == 302
    assert sign_up("203.0.113.9", "forger-more@example.org", "198.51.100.99").status_code == 429


def give_feedback(peer: str, forwarded: str, message: str):
    return Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded).post(
        "/feedback/", {"message": message, "name": "", "email": "", "page": ""}
    )


@pytest.mark.django_db
def test_feedback_limit_is_per_reader_behind_the_proxy(settings):
    settings.DATELINE_FEEDBACK_LIMIT = 2
    for n in range(2):
        assert give_feedback(PROXY, "198.51.100.7", f"Message {n} from one").status_code == 302
    assert give_feedback(PROXY, "198.51.100.7", "One message too many").status_code == 429
    assert give_feedback(PROXY, "198.51.100.8", "From somebody else").status_code == 302
    assert Feedback.objects.count() == 3

    for n in range(2):
        give_feedback("203.0.113.9", f"192.0.2.{n}", f"Forged origin number {n}")
    assert give_feedback("203.0.113.9", "192.0.2.77", "Forged once more").status_code == 429


@pytest.mark.django_db
def test_beacons_through_the_proxy_count_each_reader(publish_article, monkeypatch):
    tally = reset_trending_memory(monkeypatch)
    story = publish_article()
    client = Client()
    for n in range(3):
        client.post(
            "/beacon/",
            {"a": story.pk},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}",
            HTTP_USER_AGENT=READER_AGENT,
        )
    for n in range(3):  # one reader forging the header still counts once
        read(story.pk, address="203.0.113.9")
        client.post(
            "/beacon/",
            {"a": story.pk},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            HTTP_USER_AGENT=READER_AGENT,
        )
    tally.flush()
    assert ReadCount.objects.get(article=story).reads == 4


def test_a_mistyped_proxy_is_reported_and_trusts_nothing(settings):
    settings.DATELINE_TRUSTED_PROXIES = ["127.0.0.1", "varnish.internal"]
    errors = [e for e in checks.run_checks() if e.id == "audience.E001"]
    assert len(errors) == 1 and "varnish.internal" in errors[0].msg
    assert address_of(PROXY, "198.51.100.7") == "198.51.100.7"
    settings.DATELINE_TRUSTED_PROXIES = ["varnish.internal"]
    assert address_of(PROXY, "198.51.100.7") == PROXY
