"""Who may read the wire in the admin: only users granted the wire's view permissions.

Wagtail's stock "Editors" group can reach the admin, but holds no wire permission: agency
copy, raw payloads and rejections stay out of its sight, and so do the menu entries.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Payload, Rejection, WireItemRecord
from tests.wire.conftest import read_fixture

pytestmark = pytest.mark.django_db

# Text of the harbour fixture: its headline, and a line found only in the raw payload.
HEADLINE = "Port authority reopens northern quay after storm"
RAW_ONLY = "hw-2024-0311-quay"
REJECTED_FEED = b"<rss><channel><item><guid>sealed-memo-17</guid></item></channel></rss>"


@pytest.fixture
def wire_copy(wire_source):
    """One source's accepted items and one payload that was turned away."""
    source = wire_source(slug="harbour", name="Harbour Wire", agency="Harbour Wire")
    ingest_bytes(read_fixture("rss/feed.xml"), source=source)
    ingest_bytes(REJECTED_FEED, source=source)
    return {
        "record": WireItemRecord.objects.get(guid=RAW_ONLY),
        "payload": Payload.objects.get(records__guid=RAW_ONLY),
        "rejected": Rejection.objects.get().payload,
    }


def _login(username: str, *, groups: tuple[str, ...] = (), perms: tuple[str, ...] = ()) -> Client:
    user = User.objects.create_user(username, password="x")
    user.groups.set(Group.objects.filter(name__in=groups))
    user.user_permissions.set(Permission.objects.filter(codename__in=perms))
    client = Client()
    client.force_login(user)
    return client


def _wire_urls(copy: dict) -> dict[str, str]:
    return {
        "items": reverse("wire_admin:items"),
        "item": reverse("wire_admin:item", args=[copy["record"].pk]),
        "rejections": reverse("wire_admin:rejections"),
        "payload": reverse("wire_admin:payload", args=[copy["payload"].pk]),
        "rejected payload": reverse("wire_admin:payload", args=[copy["rejected"].pk]),
        "sources": reverse("wire_sources:index"),
    }


def test_stock_editors_group_is_refused_every_wire_screen(wire_copy):
    editor = _login("page-editor", groups=("Editors",))
    assert editor.get("/admin/").status_code == 200  # the group does reach the admin
    for name, url in _wire_urls(wire_copy).items():
        response = editor.get(url)
        assert response.status_code in (302, 403), name
        body = response.content.decode()
        assert HEADLINE not in body and RAW_ONLY not in body, name
        assert "sealed-memo-17" not in body and "no headline" not in body, name


def test_stock_editors_group_sees_no_wire_menu(wire_copy):
    html = _login("page-editor", groups=("Editors",)).get("/admin/").content.decode()
    for url in _wire_urls(wire_copy).values():
        assert url not in html
    assert '"Wire"' not in html and ">Wire<" not in html


def test_view_permissions_open_each_screen(wire_copy):
    urls = _wire_urls(wire_copy)
    reader = _login(
        "wire-reader",
        groups=("Editors",),
        perms=("view_wireitemrecord", "view_rejection", "view_payload"),
    )
    items = reader.get(urls["items"])
    assert items.status_code == 200 and HEADLINE in items.content.decode()
    item = reader.get(urls["item"]).content.decode()
    assert RAW_ONLY in item and "&lt;guid isPermaLink" in item
    rejections = reader.get(urls["rejections"]).content.decode()
    assert "no headline" in rejections
    payload = reader.get(urls["rejected payload"]).content.decode()
    assert "sealed-memo-17" in payload
    menu = reader.get("/admin/").content.decode()
    assert urls["items"] in menu and urls["rejections"] in menu
    assert urls["sources"] not in menu  # no permission on sources


def test_each_screen_needs_its_own_permission(wire_copy):
    urls = _wire_urls(wire_copy)
    items_only = _login("items-only", groups=("Editors",), perms=("view_wireitemrecord",))
    assert HEADLINE in items_only.get(urls["items"]).content.decode()
    item = items_only.get(urls["item"])
    assert item.status_code == 200 and HEADLINE in item.content.decode()
    assert "&lt;guid isPermaLink" not in item.content.decode()  # no raw payload
    assert items_only.get(urls["payload"]).status_code in (302, 403)
    assert items_only.get(urls["rejections"]).status_code in (302, 403)
    menu = items_only.get("/admin/").content.decode()
    assert urls["items"] in menu and urls["rejections"] not in menu


def test_source_permissions_show_the_sources_entry(wire_copy):
    urls = _wire_urls(wire_copy)
    keeper = _login("source-keeper", groups=("Editors",), perms=("view_source",))
    assert keeper.get(urls["sources"]).status_code == 200
    menu = keeper.get("/admin/").content.decode()
    assert urls["sources"] in menu and urls["items"] not in menu


def test_wire_permissions_can_be_granted_to_a_group_in_the_admin(admin_client):
    html = admin_client.get(reverse("wagtailusers_groups:add")).content.decode()
    for codename in ("view_wireitemrecord", "view_rejection", "view_payload"):
        permission = Permission.objects.get(content_type__app_label="wire", codename=codename)
        assert f'value="{permission.pk}"' in html, codename
