"""A story and its article are one record, whichever door changes the article: the page
editor, Wagtail's scheduler, a bulk action or code. A killed article comes back only
through Reinstate, with a reason."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import lxml.html
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Revision

from dateline.desk import stories
from dateline.desk.lifecycle import ArticleKilled
from dateline.desk.models import Action, DeskEvent, Story, StoryState
from dateline.news.models import ArticlePage, PublishRefused, Tombstone
from tests.desk.pipeline_support import (
    FLOODS,
    NIGER,
    RATES,
    article_of,
    ingest,
    later,
    ninjs,
    review_source,
    run,
)

pytestmark = pytest.mark.django_db

HEADLINE = "Bank of England holds rates at 4.5 pct as inflation eases"


def _published() -> Story:
    ingest("Harbour", ninjs("urn:harbour:rates", RATES))
    run()
    return Story.objects.get()


def _killed(user) -> Story:
    story = _published()
    stories.kill(story, user, "Legal advice")
    story.refresh_from_db()
    return story


def edit_form(client, page_id: int) -> dict[str, list[str]]:
    """The page editor's form as the browser would send it, every field as it stands."""
    html = client.get(f"/admin/pages/{page_id}/edit/").content
    form = lxml.html.fromstring(html).get_element_by_id("page-edit-form")
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    for field in form.inputs:  # text inputs with no value at all are sent empty
        if field.tag == "input" and field.get("type") not in ("checkbox", "radio", "submit"):
            data.setdefault(field.name, [field.value or ""])
    return data


def _reader_sees(client, path: str) -> str:
    cache.clear()
    return unescape(client.get(path).content.decode())


def _events(story: Story, action: str) -> list[DeskEvent]:
    return list(DeskEvent.objects.filter(story=story, action=action).select_related("user"))


def test_publishing_a_killed_article_in_the_page_editor_is_refused(
    client, admin_client, admin_user
):
    story = _killed(admin_user)
    page = article_of(story)
    url = page.url
    assert client.get(url).status_code == 410

    editor = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert "was killed (Legal advice)" in unescape(editor.content.decode())

    data = edit_form(admin_client, page.pk)
    data["title"] = ["Bank of England holds rates, minutes show"]
    response = admin_client.post(
        f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "action-publish"}, follow=True
    )
    shown = unescape(response.content.decode())
    assert "was killed (Legal advice)" in shown and "only Reinstate" in shown
    assert "Your changes were kept as a draft." in shown

    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision_as_object().title.endswith("minutes show")
    assert client.get(url).status_code == 410
    assert HEADLINE not in _reader_sees(client, "/")
    assert HEADLINE not in _reader_sees(client, "/feeds/rss/")
    story.refresh_from_db()
    assert story.state == StoryState.KILLED
    refused = _events(story, Action.REFUSED)
    assert [e.user for e in refused] == [admin_user]
    assert refused[0].note == "Publication in the page editor refused: the story is killed."


def test_a_revision_published_in_code_is_refused(client, admin_user):
    story = _killed(admin_user)
    page = article_of(story)
    revision = page.get_latest_revision()

    with pytest.raises(PublishRefused, match="was killed"):
        revision.publish()
    # Wagtail's action used directly, as its admin API does, meets the same guard.
    with pytest.raises(ArticleKilled):
        PublishPageRevisionAction(Revision.objects.get(pk=revision.pk)).execute()

    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 410
    assert Tombstone.objects.filter(path=page.url).exists()
    assert HEADLINE not in _reader_sees(client, "/feeds/rss/")


def test_a_scheduled_publication_of_a_killed_article_is_dropped_and_the_rest_go_out(
    client, admin_user
):
    killed = _killed(admin_user)
    ingest("Lakeside", ninjs("urn:lakeside:niger", NIGER, at=later(30)), source=review_source())
    run()
    held = Story.objects.get(state=StoryState.HELD)
    now = timezone.now()
    # The killed one is due first: the scheduler meets it before the other.
    for story, due in ((killed, now - timedelta(minutes=2)), (held, now - timedelta(minutes=1))):
        Revision.objects.filter(pk=article_of(story).latest_revision_id).update(
            approved_go_live_at=due
        )

    call_command("publish_scheduled")

    gone = article_of(killed)
    assert not gone.live and client.get(gone.url).status_code == 410
    assert not Revision.objects.filter(
        object_id=str(gone.pk), approved_go_live_at__isnull=False
    ).exists()
    assert _events(killed, Action.REFUSED)[0].note == (
        "Publication on schedule refused: the story is killed."
    )
    released = article_of(held)
    assert released.live and client.get(released.url).status_code == 200
    held.refresh_from_db()
    assert held.state == StoryState.PUBLISHED
    assert _events(held, Action.PUBLISHED)[0].note == "Published on schedule."


def test_bulk_publishing_a_killed_article_is_refused(client, admin_client, admin_user):
    story = _killed(admin_user)
    page = article_of(story)
    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/pages/",
        {"include_descendants": ""},
        follow=True,
    )
    assert "Nothing was published" in unescape(response.content.decode())
    page.refresh_from_db()
    assert not page.live and client.get(page.url).status_code == 410


def test_reinstate_with_a_reason_is_the_way_back(client, admin_client, admin_user):
    story = _killed(admin_user)
    url = article_of(story).url
    action = f"/admin/desk/stories/{story.pk}"

    refused = admin_client.post(f"{action}/publish/", follow=True)
    assert "Only Reinstate, with a reason, brings it back." in unescape(refused.content.decode())
    no_reason = admin_client.post(f"{action}/reinstate/", {"reason": ""}, follow=True)
    assert "Give the reason for reinstating the story." in unescape(no_reason.content.decode())
    asked = admin_client.post(f"{action}/reinstate/", {"reason": "Lawyers cleared it"})
    assert asked.status_code == 200 and "goes live again" in unescape(asked.content.decode())
    assert client.get(url).status_code == 410

    admin_client.post(f"{action}/reinstate/", {"reason": "Lawyers cleared it", "confirmed": "yes"})
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED
    assert client.get(url).status_code == 200
    assert HEADLINE in _reader_sees(client, "/feeds/rss/")
    event = _events(story, Action.REINSTATED)[0]
    assert event.note == "Reinstated: Lawyers cleared it" and event.user == admin_user


def test_unpublish_in_the_page_editor_holds_the_story(client, admin_client, admin_user):
    story = _published()
    page = article_of(story)
    url = page.url
    admin_client.post(f"/admin/pages/{page.pk}/unpublish/")

    story.refresh_from_db()
    assert story.state == StoryState.HELD
    assert client.get(url).status_code == 404  # held, as the desk's Hold leaves it
    event = _events(story, Action.HELD)[0]
    assert event.user == admin_user
    assert event.note == "Unpublished in the page editor: the story is held."

    admin_client.post(f"/admin/desk/stories/{story.pk}/publish/")
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED and client.get(url).status_code == 200


def test_publishing_a_held_story_in_the_page_editor_publishes_the_story(admin_client, admin_user):
    ingest("Lakeside", ninjs("urn:lakeside:rates", RATES), source=review_source())
    run()
    story = Story.objects.get()
    assert story.state == StoryState.HELD
    page = article_of(story)
    admin_client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**edit_form(admin_client, page.pk), "action-publish": "action-publish"},
    )
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED and article_of(story).live
    event = _events(story, Action.PUBLISHED)[0]
    assert event.user == admin_user and event.note == "Published in the page editor."


def test_deleting_the_article_kills_the_story(client, admin_client, admin_user):
    story = _published()
    page = article_of(story)
    url = page.url
    warned = admin_client.get(f"/admin/pages/{page.pk}/delete/")
    assert "Deleting this article kills its story" in unescape(warned.content.decode())
    admin_client.post(f"/admin/pages/{page.pk}/delete/")

    story.refresh_from_db()
    assert story.state == StoryState.KILLED and story.article_id is None
    assert client.get(url).status_code == 410
    kills = _events(story, Action.KILLED)
    assert [(e.user, e.note) for e in kills] == [
        (admin_user, "Article deleted in the page editor: the story is killed.")
    ]
    # New wire copy for the story does not build a second article.
    ingest(
        "Harbour",
        ninjs(
            "urn:harbour:rates",
            dict(RATES, body=RATES["body"] + "\n\nMore."),
            version=2,
            at=later(20),
        ),
    )
    run()
    assert not ArticlePage.objects.exists()


def test_page_editor_edits_and_corrections_go_in_the_trail(admin_client, admin_user):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    page = article_of(story)
    data = edit_form(admin_client, page.pk)
    data["standfirst"] = ["Floods killed at least 14 people in northern Kenya on Monday."]
    n = int(data["corrections-TOTAL_FORMS"][0])
    data["corrections-TOTAL_FORMS"] = [str(n + 1)]
    data.update(
        {
            f"corrections-{n}-text": ["Corrects the name of the river in paragraph 1."],
            f"corrections-{n}-corrected_at": ["2025-04-28 12:00"],
            f"corrections-{n}-id": [""],
            f"corrections-{n}-ORDER": [str(n + 1)],
            f"corrections-{n}-DELETE": [""],
        }
    )
    admin_client.post(f"/admin/pages/{page.pk}/edit/", data)

    corrected = _events(story, Action.CORRECTED)
    assert [(e.user, e.note) for e in corrected] == [
        (
            admin_user,
            "Correction added in the page editor: “Corrects the name of the river in paragraph "
            "1.”; also edited: standfirst.",
        )
    ]
    page.refresh_from_db()
    assert corrected[0].revision_id == page.latest_revision_id

    data = edit_form(admin_client, page.pk)
    data["title"] = ["Kenya floods: 14 dead in Isiolo and Samburu"]
    admin_client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "action-publish"})
    edited = _events(story, Action.EDITED)
    assert [e.note for e in edited] == ["Edited in the page editor: headline."]
    assert [e.note for e in _events(story, Action.PUBLISHED)] == [
        "Published in the page editor.",
        "Published at once: the agency's policy.",
    ]
    detail = admin_client.get(f"/admin/desk/stories/{story.pk}/").content
    trail = lxml.html.fromstring(detail).find_class("events")[0].text_content()
    assert "Edited by admin: Edited in the page editor: headline." in trail
    assert "Corrected by admin: Correction added in the page editor" in trail


def test_the_desk_records_its_own_writes_once(admin_user):
    """The desk's own publications and edits are not recorded again as page-editor acts."""
    ingest("Lakeside", ninjs("urn:lakeside:rates", RATES), source=review_source())
    run()
    story = Story.objects.get()
    stories.publish(story, admin_user)
    stories.retag(story, admin_user, primary_country="GB", sector="economy")
    actions = list(story.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["created", "held", "published", "retagged"]
