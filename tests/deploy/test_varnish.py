"""What a reader gets through Varnish while the desk publishes, updates and kills a story."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from wagtail.models import Site

from dateline.desk.models import Story
from dateline.wire.ingest import ingest_bytes

from .conftest import fetch

URI = "urn:test-agency:varnish:harbour"


@pytest.fixture(autouse=True)
def _desk_places_at_once(settings):
    """The desk places what the wire stores as soon as it is committed, as the immediate task
    backend runs its task, so a story is published when ingest returns."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def ninjs(version: int, body: list[str], pubstatus: str = "usable") -> bytes:
    sent = datetime.now(UTC) - timedelta(minutes=30 - version)
    return json.dumps(
        {
            "uri": URI,
            "type": "text",
            "version": str(version),
            "pubstatus": pubstatus,
            "firstcreated": (sent - timedelta(minutes=version)).isoformat(),
            "versioncreated": sent.isoformat(),
            "language": "en",
            "headlines": [{"role": "main", "value": "Port of Mombasa opens new container berth"}],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": "".join(f"<p>{p}</p>" for p in body),
                }
            ],
        }
    ).encode()


FIRST = [
    "MOMBASA (Test Agency) - Kenya's port of Mombasa opened a new container berth on Monday, "
    "adding capacity for 450,000 containers a year, the ports authority said.",
    "The berth was built over three years with a loan from a development bank.",
]
UPDATE = FIRST + ['"Ships will wait less and cargo will move faster," the authority said.']


@pytest.mark.django_db(transaction=True)
def test_reader_sees_publish_update_and_kill_through_varnish(varnish, site_tree):
    host, port = varnish.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))

    ingest_bytes(ninjs(1, FIRST), agency="Test Agency", format="ninjs")
    story = Story.objects.get()
    url = varnish + story.article.url

    status, headers, body = fetch(url)
    assert status == 200 and "Port of Mombasa opens new container berth" in body
    assert headers["X-Cache"] == "MISS"
    status, headers, body = fetch(url)
    assert headers["X-Cache"] == "HIT"
    assert "Ships will wait less" not in body
    assert "Set-Cookie" not in headers

    ingest_bytes(ninjs(2, UPDATE), agency="Test Agency", format="ninjs")
    status, headers, body = fetch(url)
    assert status == 200 and "Ships will wait less and cargo will move faster" in body
    home_status, _, home = fetch(varnish + "/")
    assert "Port of Mombasa opens new container berth" in home

    ingest_bytes(ninjs(3, UPDATE, pubstatus="canceled"), agency="Test Agency", format="ninjs")
    killed_at = time.monotonic()
    while True:
        status, headers, body = fetch(url)
        if status == 410 or time.monotonic() - killed_at > 2:
            break
        time.sleep(0.1)
    assert status == 410, "a killed story must answer 410 through the cache within 2 s"
    assert "withdrawn" in body
    _, _, home = fetch(varnish + "/")
    assert "Port of Mombasa opens new container berth" not in home
    _, _, feed = fetch(varnish + "/feeds/rss/")
    assert "Port of Mombasa" not in feed


@pytest.mark.django_db(transaction=True)
def test_latest_stays_fresh_beside_a_cached_page_through_fetched_fragments(
    varnish, publish_article, settings
):
    settings.DATELINE_EDGE_INCLUDES = True
    host, port = varnish.removeprefix("http://").split(":")
    first = publish_article(title="Harbour dredging finishes in Mombasa")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    url = varnish + first.url
    fetch(url)
    status, headers, body = fetch(url)
    assert headers["X-Cache"] == "HIT" and "Harbour dredging finishes in Mombasa" in body
    assert 'data-fragment="/fragments/latest/"' in body
    fetch(varnish + "/fragments/latest/")
    _, headers, latest = fetch(varnish + "/fragments/latest/")
    assert headers["X-Cache"] == "HIT" and "Set-Cookie" not in headers  # kept hot by Varnish

    publish_article(title="Nairobi opens second commuter rail line")
    status, headers, body = fetch(url)
    assert headers["X-Cache"] == "HIT", "another story's publish must not purge this page"
    _, _, latest = fetch_until(
        varnish + "/fragments/latest/",
        lambda answer: "Nairobi opens second commuter rail line" in answer[2],
    )
    assert "Nairobi opens second commuter rail line" in latest  # the publish purged the list


def fetch_until(url: str, done, seconds: float = 5) -> tuple[int, dict[str, str], str]:
    """The cache's answer once `done` holds of it (a purge reaches Varnish after the commit)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = fetch(url)
        if done(answer) or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_partners_see_a_kill_through_the_cached_api(varnish, site_tree):
    host, port = varnish.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    ingest_bytes(ninjs(1, FIRST), agency="Test Agency", format="ninjs")
    pk = Story.objects.get().article.pk
    headline = "Port of Mombasa opens new container berth"
    feed, item = f"{varnish}/api/ninjs/", f"{varnish}/api/ninjs/{pk}/"
    listing, page = (
        f"{varnish}/api/v2/pages/?type=news.ArticlePage",
        f"{varnish}/api/v2/pages/{pk}/",
    )
    for url in (feed, item, listing, page):
        fetch(url)
        status, headers, body = fetch(url)
        assert (status, headers["X-Cache"]) == (200, "HIT"), url
        assert headline in body and "Set-Cookie" not in headers, url

    ingest_bytes(ninjs(2, FIRST, pubstatus="canceled"), agency="Test Agency", format="ninjs")

    # The feed keeps the item as a retraction, without its copy, at once through the cache.
    status, _, body = fetch_until(feed, lambda answer: headline not in answer[2])
    (retraction,) = [i for i in json.loads(body)["items"] if i["uri"].endswith(f"/{pk}/")]
    assert retraction["pubstatus"] == "canceled" and headline not in body
    status, _, body = fetch_until(item, lambda answer: headline not in answer[2])
    assert status == 200 and json.loads(body)["pubstatus"] == "canceled"
    status, _, body = fetch_until(listing, lambda answer: headline not in answer[2])
    assert status == 200 and headline not in body
    status, _, body = fetch_until(page, lambda answer: answer[0] != 200)
    assert status == 404 and headline not in body
