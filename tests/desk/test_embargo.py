"""Embargoes: an embargoed item is stored and drafted, but nothing of it reaches readers
before its time; Wagtail's scheduler lets it out then, or an editor earlier, with a reason.

The clock is set to the agencies' own times (the fixtures and the real dpa item carry fixed
dates), and moved on to let an embargo pass.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape

import lxml.html
import pytest
from django.core.cache import cache
from django.utils import timezone

from dateline.audience.newsletter.digest import Period, Preferences, top_stories
from dateline.audience.trending.models import ReadCount
from dateline.audience.trending.ranking import build_lists
from dateline.desk import release
from dateline.desk.backfill import backfill
from dateline.desk.embargo import FLAG_EMBARGOED
from dateline.desk.models import Action, DeskEvent, Story, StoryState
from dateline.desk.pipeline import process_pending
from dateline.news.models import ArticlePage
from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source
from tests.desk.pipeline_support import article_of
from tests.shared_data import SAMPLES
from tests.wire.conftest import read_fixture

pytestmark = pytest.mark.django_db

DPA = SAMPLES / "dpa-digitalwires"


class Clock:
    """`timezone.now` for everything the test runs: the desk, Wagtail and its scheduler."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, when: datetime) -> None:
        self.now = when
        cache.clear()  # a new moment: lists drawn earlier are stale


@pytest.fixture
def clock(monkeypatch, site_tree) -> Clock:
    ticking = Clock(datetime(2024, 3, 9, 15, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", ticking)
    return ticking


def source(policy: str = "publish", agency: str = "Sahel Press") -> Source:
    return Source.objects.create(
        name=f"{agency} wire",
        slug=agency.lower().replace(" ", "-"),
        agency=agency,
        transport="push",
        policy=policy,
    )


def wire(data: bytes, fmt: str, src: Source) -> Story:
    report = ingest_bytes(data, agency=src.agency, source=src, format=fmt)
    assert report.accepted >= 1, report
    process_pending()
    cache.clear()
    return Story.objects.order_by("-pk").first()


def doors(client, article: ArticlePage, word: str) -> dict[str, bool]:
    """Each door a reader has: does the article show through it?"""
    path = article.url
    article.refresh_from_db()
    found = {
        "page": client.get(path).status_code == 200,
        "card": client.get(f"/card/{article.pk}.png").status_code == 200,
        "trending": any(
            e["id"] == article.pk
            for edition in build_lists(timezone.now()).values()
            for e in edition["entries"]
        ),
        "newsletter": article
        in top_stories(
            Preferences(frozenset(), frozenset()),
            Period(timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)),
        ),
    }
    lists = [
        "/",
        "/news/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        f"/search/?q={word}",
    ]
    if article.sector_id:
        lists.append(f"/sector/{article.sector.slug}/")
        lists.append(f"/feeds/sector/{article.sector.slug}/rss/")
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = path in response.content.decode()
    return found


# fixture, format, the clock when it arrives, its embargo, a word of its headline
FORMATS = [
    (
        "newsmlg2/embargoed.xml",
        "newsmlg2",
        datetime(2024, 3, 9, 15, 0, tzinfo=UTC),
        datetime(2024, 3, 9, 18, 0, tzinfo=UTC),
        "rural",
    ),
    (
        "newsml12/embargoed.xml",
        "newsml12",
        datetime(2024, 3, 9, 11, 0, tzinfo=UTC),
        datetime(2024, 3, 9, 16, 0, tzinfo=UTC),
        "fares",
    ),
    (
        "nitf/embargoed.xml",
        "nitf",
        datetime(2024, 4, 11, 21, 0, tzinfo=UTC),
        datetime(2024, 4, 11, 23, 0, tzinfo=UTC),
        "coral",
    ),
    (
        "ninjs/embargoed.json",
        "ninjs",
        datetime(2024, 6, 1, 13, 0, tzinfo=UTC),
        datetime(2024, 6, 1, 15, 0, tzinfo=UTC),
        "ferry",
    ),
]


@pytest.mark.parametrize(
    ("name", "fmt", "arrives", "embargo", "word"), FORMATS, ids=[f[1] for f in FORMATS]
)
def test_embargoed_item_reaches_no_reader_until_the_scheduler_releases_it(
    client, clock, name, fmt, arrives, embargo, word
):
    clock.move_to(arrives)
    story = wire(read_fixture(name), fmt, source())
    article = article_of(story)
    ReadCount.objects.create(article=article, hour=arrives.replace(minute=0), reads=40)

    assert story.state == StoryState.PUBLISHED  # approved by the agency's policy...
    assert not article.live  # ...but not live before its time
    assert FLAG_EMBARGOED in story.flags
    assert article.get_latest_revision().approved_go_live_at == embargo
    assert DeskEvent.objects.filter(story=story, action=Action.SCHEDULED).exists()
    assert not any(doors(client, article, word).values())

    clock.move_to(embargo - timedelta(minutes=1))
    release.publish_scheduled()
    assert not ArticlePage.objects.get(pk=article.pk).live

    clock.move_to(embargo + timedelta(minutes=1))
    assert "1 scheduled pages published" in release.publish_scheduled()
    story.refresh_from_db()
    assert ArticlePage.objects.get(pk=article.pk).live
    assert all(doors(client, article, word).values())
    assert FLAG_EMBARGOED not in story.flags
    assert story.events.filter(action=Action.RELEASED, note__startswith="Embargo over").exists()
    # The agency's notes to editors were never copy, and are not now.
    items = [row.record.item() for row in story.items.select_related("record")]
    notes = [note.text for item in items for note in item.notes]
    assert notes
    for url in (article.url, "/feeds/rss/", "/feeds/atom/"):
        shown = unescape(client.get(url).content.decode())
        assert not [n for n in notes if n in shown]


def test_held_source_waits_for_an_editor_whose_publish_waits_for_the_embargo(
    client, admin_client, clock
):
    story = wire(read_fixture("newsmlg2/embargoed.xml"), "newsmlg2", source("review"))
    article = article_of(story)
    assert story.state == StoryState.HELD and not article.live

    clock.move_to(datetime(2024, 3, 9, 16, 0, tzinfo=UTC))
    response = admin_client.post(f"/admin/desk/stories/{story.pk}/publish/", follow=True)
    assert "goes live when the embargo lifts" in response.content.decode()
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert client.get(article.url).status_code == 404

    clock.move_to(datetime(2024, 3, 9, 18, 1, tzinfo=UTC))
    release.publish_scheduled()
    assert client.get(article.url).status_code == 200


def test_held_source_is_not_published_by_the_scheduler_alone(client, clock):
    story = wire(read_fixture("newsmlg2/embargoed.xml"), "newsmlg2", source("review"))
    clock.move_to(datetime(2024, 3, 10, 9, 0, tzinfo=UTC))
    release.publish_scheduled()
    story.refresh_from_db()
    assert story.state == StoryState.HELD
    assert client.get(article_of(story).url).status_code == 404


def _version(data: bytes, version: int, embargo: bytes | None) -> bytes:
    """The NewsML-G2 fixture as a later version that moves, lifts or keeps its embargo."""
    data = data.replace(b'version="1"', f'version="{version}"'.encode())
    data = data.replace(
        b"<versionCreated>2024-03-09T14:00:00Z",
        f"<versionCreated>2024-03-09T14:{version:02d}:00Z".encode(),
    )
    old = b"<embargoed>2024-03-09T18:00:00Z</embargoed>"
    return data.replace(old, b"" if embargo is None else b"<embargoed>" + embargo + b"</embargoed>")


def test_a_later_version_that_lifts_the_embargo_goes_live_at_once(client, clock):
    src = source()
    data = read_fixture("newsmlg2/embargoed.xml")
    story = wire(data, "newsmlg2", src)
    assert client.get(article_of(story).url).status_code == 404
    wire(_version(data, 2, None), "newsmlg2", src)
    story.refresh_from_db()
    assert client.get(article_of(story).url).status_code == 200
    assert FLAG_EMBARGOED not in story.flags


def test_a_later_version_that_moves_the_embargo_is_kept_to_the_new_time(client, clock):
    src = source()
    data = read_fixture("newsmlg2/embargoed.xml")
    story = wire(data, "newsmlg2", src)
    wire(_version(data, 2, b"2024-03-09T20:00:00Z"), "newsmlg2", src)
    article = article_of(story)
    assert article.get_latest_revision().approved_go_live_at == datetime(
        2024, 3, 9, 20, 0, tzinfo=UTC
    )
    clock.move_to(datetime(2024, 3, 9, 18, 30, tzinfo=UTC))
    release.publish_scheduled()
    assert client.get(article.url).status_code == 404
    clock.move_to(datetime(2024, 3, 9, 20, 1, tzinfo=UTC))
    release.publish_scheduled()
    assert client.get(article.url).status_code == 200


def test_a_later_version_that_adds_an_embargo_keeps_its_copy_back(client, clock):
    src = source()
    first = _version(read_fixture("newsmlg2/embargoed.xml"), 1, None)
    story = wire(first, "newsmlg2", src)
    article = article_of(story)
    assert client.get(article.url).status_code == 200

    newer = _version(read_fixture("newsmlg2/embargoed.xml"), 2, b"2024-03-09T18:00:00Z")
    newer = newer.replace(b"410 billion CFA francs", b"520 billion CFA francs")
    wire(newer, "newsmlg2", src)
    page = client.get(article.url).content.decode()
    assert "410 billion" in page and "520 billion" not in page  # the new copy waits
    assert "520 billion" not in client.get("/feeds/rss/").content.decode()

    clock.move_to(datetime(2024, 3, 9, 18, 1, tzinfo=UTC))
    release.publish_scheduled()
    assert "520 billion" in client.get(article.url).content.decode()


def test_an_editor_releases_early_only_with_confirmation_and_a_reason(client, admin_client, clock):
    src = source()
    data = read_fixture("newsmlg2/embargoed.xml")
    story = wire(data, "newsmlg2", src)
    article = article_of(story)
    screen = admin_client.get(f"/admin/desk/stories/{story.pk}/").content.decode()
    assert "Embargoed until" in screen and "3 h to go" in screen
    assert "Release now" in screen

    url = f"/admin/desk/stories/{story.pk}/release/"
    admin_client.post(url, {"reason": "The minister spoke early."})  # not confirmed
    admin_client.post(url, {"confirm": "on", "reason": "  "})  # no reason
    assert client.get(article.url).status_code == 404

    admin_client.post(url, {"confirm": "on", "reason": "The minister spoke early."})
    assert client.get(article.url).status_code == 200
    story.refresh_from_db()
    event = story.events.get(action=Action.RELEASED)
    assert event.user.is_superuser and "The minister spoke early." in event.note
    assert FLAG_EMBARGOED not in story.flags

    # The agency's next version under the same embargo is not held back again.
    wire(
        _version(data, 2, b"2024-03-09T18:00:00Z").replace(b"410 billion", b"430 billion"),
        "newsmlg2",
        src,
    )
    assert "430 billion" in client.get(article.url).content.decode()


def test_the_page_editor_cannot_publish_before_the_embargo(client, admin_client, clock):
    story = wire(read_fixture("newsmlg2/embargoed.xml"), "newsmlg2", source("review"))
    article = article_of(story)
    edit = f"/admin/pages/{article.pk}/edit/"
    form = lxml.html.fromstring(admin_client.get(edit).content).get_element_by_id("page-edit-form")
    data: dict[str, list[str]] = {}
    for field, value in form.form_values():
        data.setdefault(field, []).append(value)
    data.update({"go_live_at": [""], "action-publish": ["action-publish"]})
    response = admin_client.post(edit, data, follow=True)
    assert "embargo runs until" in unescape(response.content.decode())
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert client.get(article.url).status_code == 404

    # Editors type times in the newsroom's zone: 23:30 IST is the embargo's 18:00 UTC.
    data["go_live_at"] = ["2024-03-09 23:30"]
    admin_client.post(edit, data)
    clock.move_to(datetime(2024, 3, 9, 18, 1, tzinfo=UTC))
    release.publish_scheduled()
    assert client.get(article.url).status_code == 200


def test_hold_and_kill_cancel_the_scheduled_release(client, admin_client, clock):
    src = source()
    held = wire(read_fixture("newsmlg2/embargoed.xml"), "newsmlg2", src)
    admin_client.post(f"/admin/desk/stories/{held.pk}/hold/", {"confirmed": "yes"})
    killed = wire(read_fixture("ninjs/embargoed.json"), "ninjs", source(agency="Lakeside"))
    admin_client.post(f"/admin/desk/stories/{killed.pk}/kill/", {"confirmed": "yes"})
    for story in (held, killed):
        story.refresh_from_db()
        assert story.state != StoryState.PUBLISHED
        assert article_of(story).get_latest_revision().approved_go_live_at is None
    clock.move_to(datetime(2024, 6, 2, 0, 0, tzinfo=UTC))
    release.publish_scheduled()
    assert client.get(article_of(held).url).status_code == 404
    assert not ArticlePage.objects.get(pk=killed.article_id).live


def test_backfill_keeps_embargoed_copy_back_too(client, clock):
    src = source()
    ingest_bytes(
        read_fixture("newsmlg2/embargoed.xml"),
        agency=src.agency,
        source=src,
        format="newsmlg2",
    )
    backfill()
    story = Story.objects.get()
    assert client.get(article_of(story).url).status_code == 404
    clock.move_to(datetime(2024, 3, 9, 18, 1, tzinfo=UTC))
    release.publish_scheduled()
    assert client.get(article_of(story).url).status_code == 200


@pytest.mark.shared_data
@pytest.mark.skipif(not DPA.is_dir(), reason=f"real dpa items not found at {DPA}")
def test_real_dpa_embargoed_item_waits_for_seven_in_the_evening_berlin_time(client, clock):
    """dpa sent it at 14:10 in Berlin, embargoed until 19:00 ("Sperrfrist")."""
    clock.move_to(datetime(2025, 1, 23, 13, 30, tzinfo=UTC))
    story = wire(
        (DPA / "newsml-g2" / "embargoed.xml").read_bytes(), "newsmlg2", source(agency="dpa")
    )
    article = article_of(story)
    assert article.title.startswith("Steinmeier")
    assert not any(doors(client, article, "Steinmeier").values())

    clock.move_to(datetime(2025, 1, 23, 18, 0, 30, tzinfo=UTC))
    release.publish_scheduled()
    found = doors(client, article, "Steinmeier")
    assert found["page"] and found["/"] and found["/feeds/rss/"] and found["/search/?q=Steinmeier"]
    page = client.get(article.url).content.decode()
    for private in ("Szameitat", "+49 30", "dpa sza yybb", "Sperrfrist"):
        assert private not in page


def test_the_stories_list_flags_embargoed_stories(admin_client, clock):
    wire(read_fixture("newsmlg2/embargoed.xml"), "newsmlg2", source())
    listing = admin_client.get("/admin/desk/stories/").content.decode()
    assert "Under embargo" in listing
