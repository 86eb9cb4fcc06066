"""The Stories screen's safe actions: confirmation first, merges that keep a killed story's
410 and can be undone, and wire updates taken part by part."""

from __future__ import annotations

from html import unescape

import lxml.html
import pytest
from wagtail.contrib.redirects.models import Redirect

from dateline.desk import stories
from dateline.desk.models import Action, DeskEvent, Story, StoryState
from dateline.news.models import Tombstone
from tests.desk.pipeline_support import (
    FLOODS,
    FLOODS_OTHER,
    RATES,
    article_of,
    ingest,
    later,
    ninjs,
    run,
)

pytestmark = pytest.mark.django_db

FIVE_DAYS = 60 * 24 * 5  # outside the coverage window: identity keeps two stories apart
LINKED = '<a href="https://www.isiolo.go.ke/">Samburu counties</a>'
REOPENED = (
    "\n\nPolice said the main road from Isiolo to Marsabit reopened to traffic on Tuesday evening."
)


def _two_stories() -> tuple[Story, Story]:
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(FIVE_DAYS)))
    run()
    first, second = Story.objects.order_by("pk")
    return first, second


def _post(client, story: Story, name: str, data: dict | None = None) -> str:
    response = client.post(f"/admin/desk/stories/{story.pk}/{name}/", data or {}, follow=True)
    assert response.status_code == 200
    return unescape(response.content.decode())


def _confirm_form(html: str) -> dict[str, list[str]]:
    """The confirmation page's form, as the editor's browser would send it."""
    form = lxml.html.fromstring(html).xpath("//section[contains(@class, 'desk-confirm')]//form")[0]
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


@pytest.mark.parametrize("name", ["hold", "kill"])
def test_taking_an_article_down_asks_first_and_works_without_javascript(client, admin_client, name):
    ingest("Harbour", ninjs("urn:harbour:rates", RATES))
    run()
    story = Story.objects.get()
    url = article_of(story).url
    asked = _post(admin_client, story, name, {"reason": "Wrong figures"})
    assert "Cancel" in asked and "Story #" in asked
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED and client.get(url).status_code == 200

    data = _confirm_form(asked)
    assert data["confirmed"] == ["yes"]
    admin_client.post(f"/admin/desk/stories/{story.pk}/{name}/", data)
    story.refresh_from_db()
    assert story.state == (StoryState.HELD if name == "hold" else StoryState.KILLED)
    assert client.get(url).status_code == (404 if name == "hold" else 410)


def test_merging_a_killed_story_is_refused_and_it_stays_gone(client, admin_client, admin_user):
    first, second = _two_stories()
    url = article_of(second).url
    stories.kill(second, admin_user, "Wrong event")
    shown = _post(admin_client, first, "merge", {"other": second.pk})
    assert f"Story #{second.pk} was killed" in shown and "cannot be merged" in shown

    second.refresh_from_db()
    assert second.state == StoryState.KILLED and second.merged_into is None
    assert client.get(url).status_code == 410
    assert Tombstone.objects.filter(path=url).exists()
    assert not Redirect.objects.exists()
    assert first.items.count() == 1
    # Not even from code, confirmed or not.
    with pytest.raises(stories.DeskActionError):
        stories.merge(first, second, admin_user)
    assert client.get(url).status_code == 410


def test_merging_into_a_killed_story_is_refused(admin_client, admin_user):
    first, second = _two_stories()
    stories.kill(first, admin_user)
    shown = _post(admin_client, first, "merge", {"other": second.pk, "confirmed": "yes"})
    assert "This story was killed: merge into a story that is published or held." in shown
    second.refresh_from_db()
    assert second.merged_into is None and second.state == StoryState.PUBLISHED


def test_a_merge_asks_first_and_can_be_undone(client, admin_client, admin_user):
    first, second = _two_stories()
    first_url, second_url = article_of(first).url, article_of(second).url
    asked = _post(admin_client, first, "merge", {"other": second.pk})
    assert "You can undo the merge afterwards" in asked
    assert not Redirect.objects.exists()

    admin_client.post(f"/admin/desk/stories/{first.pk}/merge/", _confirm_form(asked))
    second.refresh_from_db()
    assert second.merged_into == first
    assert client.get(second_url).status_code == 301
    # A later version of the merged-in item follows the merge...
    ingest(
        "Lakeside",
        ninjs(
            "urn:lakeside:77",
            FLOODS_OTHER,
            version=2,
            at=later(FIVE_DAYS + 10),
            first=later(FIVE_DAYS),
            body=FLOODS_OTHER["body"] + REOPENED,
        ),
    )
    run()
    assert "reopened to traffic on Tuesday evening" in article_of(first).body

    page = unescape(admin_client.get(f"/admin/desk/stories/{first.pk}/").content.decode())
    assert f"Split #{second.pk} back out" in page
    asked = _post(admin_client, second, "unmerge")
    assert "Undo this merge?" in asked
    admin_client.post(f"/admin/desk/stories/{second.pk}/unmerge/", _confirm_form(asked))

    # ...and goes back with it when the merge is undone.
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.merged_into is None and second.state == StoryState.PUBLISHED
    assert set(second.items.values_list("record__agency", flat=True)) == {"Lakeside"}
    assert set(first.items.values_list("record__agency", flat=True)) == {"Harbour"}
    assert not Redirect.objects.exists()
    assert client.get(second_url).status_code == 200
    assert "reopened to traffic on Tuesday evening" in article_of(second).body
    assert "Kipchumba Murkomen" not in article_of(first).body
    assert client.get(first_url).status_code == 200
    notes = [
        (e.story_id, e.note, e.user)
        for e in DeskEvent.objects.filter(action=Action.UNMERGED).order_by("story_id")
    ]
    assert notes == [
        (first.pk, f"Story #{second.pk} split back out.", admin_user),
        (second.pk, f"Merge into story #{first.pk} undone: its items are back.", admin_user),
    ]


def test_a_split_asks_first_naming_the_items(admin_client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    run()
    story = Story.objects.get()
    lakeside = story.items.get(record__agency="Lakeside")
    asked = _post(admin_client, story, "split", {"items": [lakeside.pk]})
    assert "Lakeside: Kenya floods: death toll reaches 14 in Isiolo and Samburu" in asked
    assert Story.objects.count() == 1
    admin_client.post(f"/admin/desk/stories/{story.pk}/split/", _confirm_form(asked))
    assert Story.objects.count() == 2


def _editor_owns_the_article(story: Story, user) -> None:
    page = article_of(story).get_latest_revision_as_object()
    page.title = "Kenya floods: 14 dead as Ewaso Ng'iro bursts its banks"
    page.standfirst = "An editor's own standfirst."
    page.body = page.body.replace("Samburu counties", LINKED)
    assert LINKED in page.body
    page.save_revision(user=user).publish(user=user)


def _pending_update(story: Story, user) -> None:
    _editor_owns_the_article(story, user)
    newer = dict(
        FLOODS,
        headline="UPDATE 2-Floods kill 19 in Kenya's north as rivers burst banks",
        body=FLOODS["body"]
        .replace("at least 14 people", "at least 19 people")
        .replace("Thursday", "Friday"),
    )
    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=2, at=later(90)))
    run()
    story.refresh_from_db()
    assert story.pending_update


def test_apply_update_offers_each_part_and_takes_only_the_ticked_ones(
    client, admin_client, admin_user
):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    _pending_update(story, admin_user)

    detail = admin_client.get(f"/admin/desk/stories/{story.pk}/").content
    doc = lxml.html.fromstring(detail)
    rows = {row.get("data-part"): row for row in doc.xpath("//tr[@data-part]")}
    assert "Floods kill 19" in rows["headline"].text_content()
    assert "An editor's own standfirst." in rows["standfirst"].text_content()
    changed = [key for key, row in rows.items() if row.xpath(".//input[@name='take']")]
    # A story this short has no takeaways to offer, before or after the update.
    assert changed[:2] == ["headline", "standfirst"] and len(changed) == 3
    last = next(key for key in changed if "Friday" in rows[key].text_content())
    version = doc.xpath("//input[@name='version']")[0].value

    asked = _post(
        admin_client, story, "apply-update", {"take": ["headline", last], "version": version}
    )
    assert "Take these parts of the wire update?" in asked and "Friday" in asked
    assert article_of(story).title.startswith("Kenya floods: 14 dead")
    admin_client.post(f"/admin/desk/stories/{story.pk}/apply-update/", _confirm_form(asked))

    article = article_of(story)
    assert article.title == "Floods kill 19 in Kenya's north as rivers burst banks"
    assert article.standfirst == "An editor's own standfirst."
    assert "until Friday" in article.body
    assert "at least 19 people" not in article.takeaways  # left as it was
    assert LINKED in article.body
    assert article.live and "until Friday" in client.get(article.url).content.decode()
    story.refresh_from_db()
    assert story.pending_update is None
    event = DeskEvent.objects.filter(story=story, action=Action.UPDATED).first()
    assert event.user == admin_user
    assert event.note == (
        f"Wire update taken in part: Headline, paragraph {last[1:]}; kept as it was: standfirst."
    )


def test_apply_update_refuses_a_choice_made_on_an_older_comparison(admin_client, admin_user):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    _pending_update(story, admin_user)
    shown = _post(
        admin_client,
        story,
        "apply-update",
        {"take": ["headline"], "version": "0" * 16, "confirmed": "yes"},
    )
    assert "changed since you compared them" in shown
    assert article_of(story).title.startswith("Kenya floods: 14 dead")
    story.refresh_from_db()
    assert story.pending_update
