"""The Wire area of the admin, as a logged-in editor sees it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source, Transport, WireItemRecord
from tests.wire.conftest import read_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def harbour(wire_source):
    source = wire_source(slug="harbour", name="Harbour Wire", agency="Harbour Wire")
    ingest_bytes(read_fixture("rss/feed.xml"), source=source)
    return source


def test_admin_requires_login(client):
    response = client.get(reverse("wire_admin:items"))
    assert response.status_code == 302 and "/login/" in response.url


def test_wire_menu_holds_items_rejections_sources_and_hooked_entries(editor):
    with hooks.register_temporarily(
        "register_wire_menu_item", lambda: MenuItem("Stories", "/admin/stories/", order=300)
    ):
        html = editor.get("/admin/").content.decode()
    for label in ("Wire", "Incoming items", "Rejections", "Sources", "Stories"):
        assert f'"{label}"' in html or f">{label}<" in html, label


def test_incoming_items_list_and_filters(editor, harbour, wire_source):
    other = wire_source(slug="other", name="Other Wire", agency="Other")
    ingest_bytes(read_fixture("nitf/story.xml"), source=other)
    html = editor.get(reverse("wire_admin:items")).content.decode()
    assert "Port authority reopens northern quay after storm" in html
    assert "Reef survey finds coral recovery" in html
    assert "Waiting for the desk" in html

    only = editor.get(reverse("wire_admin:items"), {"source": harbour.pk}).content.decode()
    assert "Port authority reopens" in only and "Reef survey" not in only
    WireItemRecord.objects.filter(source=harbour).update(desk_state="failed", desk_error="boom")
    failed = editor.get(reverse("wire_admin:items"), {"state": "failed"}).content.decode()
    assert "Port authority reopens" in failed and "boom" in failed
    assert "Reef survey" not in failed


def test_item_detail_shows_parsed_fields_and_raw_payload(editor, harbour):
    record = WireItemRecord.objects.get(guid="hw-2024-0311-quay")
    html = editor.get(reverse("wire_admin:item", args=[record.pk])).content.decode()
    assert "hw-2024-0311-quay" in html and "Ada Marsh" in html
    assert "update" in html  # the UPDATE 1- prefix became a signal
    assert "&lt;guid isPermaLink=&quot;false&quot;&gt;hw-2024-0311-quay" in html  # raw, escaped
    assert "<script>alert(1)</script>" not in html


def test_rejections_page_links_to_the_payload(editor, wire_source):
    source = wire_source()
    report = ingest_bytes(b"<rss><channel><item></item></channel></rss>", source=source)
    html = editor.get(reverse("wire_admin:rejections")).content.decode()
    assert reverse("wire_admin:payload", args=[report.payload_ids[0]]) in html
    assert "no headline" in html
    payload_page = editor.get(reverse("wire_admin:payload", args=[report.payload_ids[0]]))
    assert "Parsed with rejections" in payload_page.content.decode() or (
        "Nothing usable" in payload_page.content.decode()
    )


def test_sources_list_shows_health(editor, harbour):
    harbour.record_failure("HTTP 502 Bad Gateway")
    html = editor.get(reverse("wire_sources:index")).content.decode()
    assert "Harbour Wire" in html
    assert "FAILING" in html and "HTTP 502 Bad Gateway" in html
    assert "items: 2, rejected: 0" in html


def test_creating_a_push_source_shows_its_token_once(editor):
    response = editor.post(
        reverse("wire_sources:add"),
        {
            "name": "Island Press",
            "slug": "island-press",
            "agency": "Island Press",
            "transport": Transport.PUSH,
            "format": "",
            "url": "",
            "folder_path": "",
            "poll_interval": 300,
            "expected_interval": 3600,
            "policy": "review",
            "active": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200, html[:500]
    token = re.search(r'<code id="push-token">([^<]+)</code>', html).group(1)
    source = Source.objects.get(slug="island-press")
    assert source.check_push_token(token) and token not in source.push_token_hash
    assert "/wire/push/island-press/" in html

    edit = editor.get(reverse("wire_sources:edit", args=[source.pk])).content.decode()
    assert token not in edit


def test_http_source_without_url_is_refused(editor):
    response = editor.post(
        reverse("wire_sources:add"),
        {
            "name": "No URL",
            "slug": "no-url",
            "agency": "X",
            "transport": Transport.HTTP,
            "poll_interval": 300,
            "expected_interval": 3600,
            "policy": "publish",
        },
    )
    assert "An HTTP source needs the URL to poll." in response.content.decode()
    assert not Source.objects.filter(slug="no-url").exists()


def test_folder_source_outside_the_wire_inbox_is_refused(editor, tmp_path, settings):
    settings.DATELINE_WIRE_FOLDER_ROOT = tmp_path / "wire-inbox"
    fields = {
        "name": "Harbour drop",
        "agency": "Harbour Wire",
        "transport": Transport.FOLDER,
        "poll_interval": 300,
        "expected_interval": 3600,
        "policy": "review",
    }
    response = editor.post(
        reverse("wire_sources:add"), {**fields, "slug": "etc", "folder_path": "/etc"}
    )
    assert "outside the wire inbox" in response.content.decode()
    assert not Source.objects.filter(slug="etc").exists()

    response = editor.post(
        reverse("wire_sources:add"), {**fields, "slug": "dot-dot", "folder_path": "harbour/../.."}
    )
    assert "outside the wire inbox" in response.content.decode()
    assert not Source.objects.filter(slug="dot-dot").exists()

    response = editor.post(
        reverse("wire_sources:add"), {**fields, "slug": "harbour", "folder_path": "harbour"}
    )
    assert response.status_code == 302
    assert Source.objects.filter(slug="harbour").exists()
