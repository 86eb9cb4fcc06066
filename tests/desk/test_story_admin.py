"""The Stories screen: what editors see, who may act, and how bad input is answered."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from dateline.desk.models import Story, StoryState
from tests.desk.pipeline_support import (
    FLOODS,
    FLOODS_OTHER,
    NIGER,
    RATES,
    ingest,
    later,
    ninjs,
    review_source,
    run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:niger", NIGER))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    ingest("Lakeside", ninjs("urn:lakeside:rates", RATES, at=later(50)), source=review_source())
    run()
    return {s.headline: s for s in Story.objects.all()}


def _rows(client, query: str = "") -> list[str]:
    html = unescape(client.get(f"/admin/desk/stories/{query}").content.decode())
    return [
        h
        for h in (
            "Floods kill 14 in Kenya's north as rivers burst banks",
            "Gunmen kill 12 soldiers in western Niger, army says",
            "Bank of England holds rates at 4.5 pct as inflation eases",
        )
        if h in html
    ]


def test_listing_filters_by_state_flag_edition_and_sector(admin_client, newsroom):
    assert len(_rows(admin_client)) == 3
    assert _rows(admin_client, "?state=held") == [
        "Bank of England holds rates at 4.5 pct as inflation eases"
    ]
    assert _rows(admin_client, "?flagged=on") == [
        "Gunmen kill 12 soldiers in western Niger, army says"
    ]
    assert _rows(admin_client, "?edition=east-africa") == [
        "Floods kill 14 in Kenya's north as rivers burst banks"
    ]
    rates = newsroom["Bank of England holds rates at 4.5 pct as inflation eases"]
    assert _rows(admin_client, f"?sector={rates.sector}") == [rates.headline]
    # Nonsense filters are ignored, not a server error.
    response = admin_client.get("/admin/desk/stories/?state=<script>&edition=nowhere&p=abc")
    assert response.status_code == 200


def test_listing_counts_items_per_agency(admin_client, newsroom):
    html = admin_client.get("/admin/desk/stories/").content.decode()
    assert "Harbour 1, Lakeside 1" in html


def test_detail_shows_provenance_tags_and_trail(admin_client, newsroom):
    story = newsroom["Floods kill 14 in Kenya's north as rivers burst banks"]
    html = unescape(admin_client.get(f"/admin/desk/stories/{story.pk}/").content.decode())
    assert "urn:harbour:floods" not in html or "Harbour" in html
    assert "First item" in html and "Other agency's coverage" in html
    assert "Kenya floods: death toll reaches 14 in Isiolo and Samburu" in html
    assert "Primary country Kenya" in html and "edition East Africa" in html
    assert "Drafted from Harbour copy." in html
    # Why the second agency's copy joined: its match score and the words both tell.
    joined = re.search(
        r"Lakeside coverage joined the story: match (\d\.\d\d), sharing ([^.]+)", html
    )
    assert joined and float(joined.group(1)) >= 0.425
    assert {"Kenya", "14"} <= set(joined.group(2).split(", "))
    assert f"/admin/pages/{story.article_id}/edit/" in html


def test_reader_and_plain_staff_cannot_act(client, newsroom):
    story = newsroom["Bank of England holds rates at 4.5 pct as inflation eases"]
    response = client.post(f"/admin/desk/stories/{story.pk}/publish/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    staff = get_user_model().objects.create_user("intern", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    intern = Client()
    intern.force_login(staff)
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    refused = intern.get("/admin/desk/stories/")
    assert refused.status_code in (302, 403) and b"Bank of England" not in refused.content
    assert intern.post(f"/admin/desk/stories/{story.pk}/publish/").status_code in (302, 403)
    story.refresh_from_db()
    assert story.state == StoryState.HELD


def test_desk_editor_without_page_publish_rights_gets_a_message_not_an_error(newsroom):
    story = newsroom["Bank of England holds rates at 4.5 pct as inflation eases"]
    user = get_user_model().objects.create_user("desk", password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_story"),
        Permission.objects.get(codename="view_story"),
    )
    Group.objects.get_or_create(name="nobody")
    editor = Client()
    editor.force_login(user)
    response = editor.post(f"/admin/desk/stories/{story.pk}/publish/", follow=True)
    assert response.status_code == 200
    assert "permission" in response.content.decode()
    story.refresh_from_db()
    assert story.state == StoryState.HELD


def test_actions_need_post_and_a_csrf_token(newsroom):
    story = newsroom["Bank of England holds rates at 4.5 pct as inflation eases"]
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "x")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    assert strict.get(f"/admin/desk/stories/{story.pk}/publish/").status_code == 405
    assert strict.post(f"/admin/desk/stories/{story.pk}/publish/").status_code == 403
    story.refresh_from_db()
    assert story.state == StoryState.HELD


def test_bad_action_input_is_answered_with_a_message(admin_client, newsroom):
    story = newsroom["Floods kill 14 in Kenya's north as rivers burst banks"]
    url = f"/admin/desk/stories/{story.pk}"

    def message(path: str, data: dict) -> str:
        response = admin_client.post(f"{url}/{path}/", data, follow=True)
        assert response.status_code == 200
        return unescape(response.content.decode())

    assert "Choose the story with the picker: there is no such story." in message(
        "merge", {"other": "99999"}
    )
    assert "there is no such story" in message("merge", {"other": "'; drop table"})
    assert "cannot be merged into itself" in message("merge", {"other": story.pk})
    first = story.items.get(kind="first")
    coverage = story.items.get(kind="coverage")
    assert "must stay in the story" in message("split", {"items": [first.pk, coverage.pk]})
    assert "Select a valid choice" in message("split", {"items": ["12345678"]})
    assert "Select a valid choice" in message("retag", {"primary_country": "XX"})
    assert "Unknown action" in message("explode", {})
    assert "no pending update" in message("apply-update", {})
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED and story.items.count() == 2
