"""A story's life after publication: agency kills, corrections, merges, splits and retags."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model

from dateline.desk.models import DeskEvent, ItemKind, Story, StoryState
from dateline.desk.stories import FLAG_EMPTIED
from dateline.news.models import ArticlePage
from tests.desk.pipeline_support import (
    FLOODS,
    FLOODS_OTHER,
    NIGER,
    RATES,
    article_of,
    ingest,
    later,
    ninjs,
    run,
)

pytestmark = pytest.mark.django_db


def test_agency_kill_takes_the_story_down_with_410(client, admin_client):
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER))
    run()
    story = Story.objects.get()
    url = article_of(story).url
    assert client.get(url).status_code == 200

    ingest("Harbour", ninjs("urn:harbour:niger", NIGER, version=2, at=later(20), signals=("kill",)))
    summary = run()
    assert summary.killed == 1
    story.refresh_from_db()
    assert story.state == StoryState.KILLED
    assert FLAG_EMPTIED in story.flags
    assert not article_of(story).live
    assert client.get(url).status_code == 410
    assert DeskEvent.objects.filter(story=story, action="killed").count() == 2
    killed = story.items.get(kind=ItemKind.FIRST)
    assert killed.removed

    listing = admin_client.get("/admin/desk/stories/?state=killed").content.decode()
    assert "Killed by the agency" in listing
    detail = admin_client.get(f"/admin/desk/stories/{story.pk}/").content.decode()
    assert "Harbour killed item urn:harbour:niger" in detail


def test_withdrawing_one_of_two_agencies_keeps_the_story_without_its_copy(client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    run()
    story = Story.objects.get()
    assert "Kipchumba Murkomen" in article_of(story).body
    ingest(
        "Lakeside",
        ninjs("urn:lakeside:77", FLOODS_OTHER, version=2, at=later(50), pubstatus="withdrawn"),
    )
    run()
    story.refresh_from_db()
    article = article_of(story)
    assert story.state == StoryState.PUBLISHED and article.live
    assert "Kipchumba Murkomen" not in article.body
    assert article.source_agencies == "Harbour"


def test_editor_kill_from_the_stories_screen(client, admin_client):
    ingest("Harbour", ninjs("urn:harbour:rates", RATES))
    run()
    story = Story.objects.get()
    url = article_of(story).url
    kill = f"/admin/desk/stories/{story.pk}/kill/"
    asked = admin_client.post(kill, {"reason": "Legal advice"})
    # First the editor is told what a kill does, and nothing happens yet.
    assert asked.status_code == 200 and "answer 410 Gone" in asked.content.decode()
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED and client.get(url).status_code == 200
    admin_client.post(kill, {"reason": "Legal advice", "confirmed": "yes"})
    story.refresh_from_db()
    assert story.state == StoryState.KILLED
    assert client.get(url).status_code == 410
    event = DeskEvent.objects.get(story=story, action="killed")
    assert event.note == "Legal advice" and event.user is not None


def test_correction_adds_a_dated_note_on_the_page(client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    corrected = dict(
        FLOODS,
        body="(Corrects name of river in paragraph 1)\n\n"
        + FLOODS["body"].replace("Ewaso Ng'iro", "Tana"),
    )
    ingest(
        "Harbour",
        ninjs("urn:harbour:floods", corrected, version=2, at=later(30), signals=("correction",)),
    )
    run()
    story = Story.objects.get()
    article = article_of(story)
    notes = list(article.corrections.all())
    # The agency's instruction to editors, told to readers.
    assert [n.text for n in notes] == [
        "An earlier version of this article gave the wrong name of river."
    ]
    assert article.updated_at is not None and "Tana river" in article.standfirst
    html = unescape(client.get(article.url).content.decode())
    assert "An earlier version of this article gave the wrong name of river." in html
    assert "paragraph 1" not in html
    assert DeskEvent.objects.filter(story=story, action="corrected").exists()


def test_correction_without_an_agency_note_names_the_changed_sentence():
    ingest("Harbour", ninjs("urn:harbour:rates", RATES))
    run()
    corrected = dict(RATES, body=RATES["body"].replace("Seven members", "Six members"))
    ingest(
        "Harbour",
        ninjs("urn:harbour:rates", corrected, version=2, at=later(30), signals=("correction",)),
    )
    run()
    note = article_of(Story.objects.get()).corrections.get().text
    assert note.startswith("This article has been corrected. The body now reads: “Six members")


def test_merge_moves_items_and_redirects_the_other_article(client, admin_client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    # Far outside the coverage window: identity makes it a story of its own.
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(60 * 24 * 5)))
    run()
    first, second = Story.objects.order_by("pk")
    other_url = article_of(second).url
    admin_client.post(
        f"/admin/desk/stories/{first.pk}/merge/", {"other": second.pk, "confirmed": "yes"}
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.state == StoryState.KILLED and second.merged_into == first
    assert first.items.count() == 2 and second.items.count() == 0
    article = article_of(first)
    assert article.source_agencies == "Harbour, Lakeside"
    response = client.get(other_url)
    assert response.status_code == 301 and response["Location"].endswith(article.url)

    # The merged story stays merged for later copy too.
    reopened = (
        "\n\nPolice said the main road from Isiolo to Marsabit reopened to traffic "
        "on Tuesday evening."
    )
    ingest(
        "Lakeside",
        ninjs(
            "urn:lakeside:77",
            FLOODS_OTHER,
            version=2,
            at=later(60 * 24 * 5 + 10),
            first=later(60 * 24 * 5),
            body=FLOODS_OTHER["body"] + reopened,
        ),
    )
    run()
    assert Story.objects.get(pk=first.pk).items.count() == 3
    assert "reopened to traffic on Tuesday evening" in article_of(first).body


def test_split_moves_chosen_items_into_a_new_held_story(client, admin_client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    run()
    story = Story.objects.get()
    lakeside = story.items.get(record__agency="Lakeside")
    admin_client.post(
        f"/admin/desk/stories/{story.pk}/split/", {"items": [lakeside.pk], "confirmed": "yes"}
    )

    new = Story.objects.exclude(pk=story.pk).get()
    assert list(new.items.values_list("record__agency", flat=True)) == ["Lakeside"]
    assert new.state == StoryState.HELD and not article_of(new).live
    assert article_of(new).get_latest_revision_as_object().source_agencies == "Lakeside"
    assert ArticlePage.objects.count() == 2
    assert "Kipchumba Murkomen" not in article_of(story).body
    # New copy of the split-off item follows it to its new story.
    ingest(
        "Lakeside",
        ninjs(
            "urn:lakeside:77",
            FLOODS_OTHER,
            version=2,
            at=later(70),
            body=FLOODS_OTHER["body"] + "\n\nSchools in Isiolo closed.",
        ),
    )
    run()
    assert new.items.count() == 2 and story.items.count() == 1


def _edition_listing(client, slug: str) -> list[str]:
    """The headlines of an edition page's cards (the sidebar lists every edition's news)."""
    html = unescape(client.get(f"/edition/{slug}/").content.decode())
    return re.findall(r'<h2 class="card__title"><a href="[^"]*">([^<]*)</a>', html)


def test_retag_moves_the_article_to_another_editions_listing(client, admin_client):
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER))
    run()
    story = Story.objects.get()
    headline = "Gunmen kill 12 soldiers in western Niger, army says"
    assert headline in _edition_listing(client, "west-africa")

    admin_client.post(
        f"/admin/desk/stories/{story.pk}/retag/", {"primary_country": "ML", "sector": "politics"}
    )
    story.refresh_from_db()
    assert (story.primary_country, story.edition, story.sector) == ("ML", "west-africa", "politics")
    admin_client.post(
        f"/admin/desk/stories/{story.pk}/retag/", {"primary_country": "DZ", "sector": "politics"}
    )
    story.refresh_from_db()
    assert story.edition == "middle-east-north-africa"
    assert article_of(story).primary_country.code == "DZ"
    from django.core.cache import cache

    cache.clear()
    assert headline in _edition_listing(client, "middle-east-north-africa")
    assert headline not in _edition_listing(client, "west-africa")
    assert DeskEvent.objects.filter(story=story, action="retagged").count() == 2


def test_retag_there_and_back_leaves_no_trace_of_the_country_in_between(admin_client):
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER))
    run()
    story = Story.objects.get()
    for country in ("ML", "NE"):
        admin_client.post(
            f"/admin/desk/stories/{story.pk}/retag/",
            {"primary_country": country, "sector": "politics"},
        )
    story.refresh_from_db()
    assert story.primary_country == "NE" and "ML" not in story.countries
    page = article_of(story).get_latest_revision_as_object()
    assert "ML" not in [c.code for c in page.tag_countries]


def test_retag_keeps_a_country_the_editor_removed_in_the_page_editor_removed(admin_client):
    body = (
        "Gunmen killed 12 soldiers in western Niger near the border with Mali on Sunday. "
        "Mali's army said the attackers crossed back into Mali, and Malian troops were sent "
        "to the border."
    )
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER, body=body))
    run()
    story = Story.objects.get()
    editor = get_user_model().objects.create_superuser("sub2", "sub2@example.org", "x")
    page = article_of(story).get_latest_revision_as_object()
    removed = [c.code for c in page.countries.all()]
    assert removed  # the draft named other countries beside Niger
    page.countries = []
    page.save_revision(user=editor).publish(user=editor)
    admin_client.post(
        f"/admin/desk/stories/{story.pk}/retag/", {"primary_country": "NE", "sector": "health"}
    )
    story.refresh_from_db()
    assert not set(removed) & set(story.countries)
    latest = article_of(story).get_latest_revision_as_object()
    assert not set(removed) & {c.code for c in latest.countries.all()}
