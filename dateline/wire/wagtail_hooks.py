"""The "Wire" menu of the admin. Other apps add entries with the register_wire_menu_item hook."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from dateline.wire.admin import views
from dateline.wire.admin.sources import source_viewset

WIRE_MENU_HOOK = "register_wire_menu_item"


@hooks.register("register_admin_urls")
def wire_admin_urls():
    return [
        path("wire/items/", views.items, name="wire_items"),
        path("wire/items/<int:pk>/", views.item, name="wire_item"),
        path("wire/rejections/", views.rejections, name="wire_rejections"),
        path("wire/payloads/<int:pk>/", views.payload, name="wire_payload"),
    ]


@hooks.register("register_admin_viewset")
def register_sources():
    return source_viewset


@hooks.register(WIRE_MENU_HOOK)
def incoming_items_menu_item():
    return MenuItem("Incoming items", reverse("wire_items"), icon_name="list-ul", order=100)


@hooks.register(WIRE_MENU_HOOK)
def rejections_menu_item():
    return MenuItem("Rejections", reverse("wire_rejections"), icon_name="warning", order=200)


@hooks.register(WIRE_MENU_HOOK)
def sources_menu_item():
    return MenuItem("Sources", reverse("wire_sources:index"), icon_name="site", order=900)


@hooks.register("register_admin_menu_item")
def wire_menu():
    return SubmenuMenuItem(
        "Wire", Menu(register_hook_name=WIRE_MENU_HOOK), icon_name="doc-full", order=150
    )
