"""The "Wire" menu of the admin. Other apps add entries with the register_wire_menu_item hook.

Each entry is shown only to users who may open its screen; with none left, the menu itself
is hidden.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.http import HttpRequest
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from dateline.wire.admin import views
from dateline.wire.admin.listings import wire_listings
from dateline.wire.admin.sources import source_viewset

WIRE_MENU_HOOK = "register_wire_menu_item"


@hooks.register("register_admin_viewset")
def register_listings():
    return wire_listings


@hooks.register("register_admin_viewset")
def register_sources():
    return source_viewset


@hooks.register("register_permissions")
def wire_view_permissions():
    """Offer the wire's read permissions in the group editor (Sources offer their own)."""
    return Permission.objects.filter(
        content_type__app_label="wire",
        codename__in=[name.split(".", 1)[1] for name in views.READ_PERMISSIONS],
    )


class PermittedMenuItem(MenuItem):
    """A menu entry shown only to users holding the permission its screen asks for."""

    def __init__(self, label: str, url: str, permission: str, **kwargs) -> None:
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.permission)


class SourcesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return source_viewset.permission_policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        )


@hooks.register(WIRE_MENU_HOOK)
def incoming_items_menu_item():
    return PermittedMenuItem(
        "Incoming items",
        reverse("wire_admin:items"),
        views.VIEW_ITEMS,
        icon_name="list-ul",
        order=100,
    )


@hooks.register(WIRE_MENU_HOOK)
def rejections_menu_item():
    return PermittedMenuItem(
        "Rejections",
        reverse("wire_admin:rejections"),
        views.VIEW_REJECTIONS,
        icon_name="warning",
        order=200,
    )


@hooks.register(WIRE_MENU_HOOK)
def sources_menu_item():
    return SourcesMenuItem("Sources", reverse("wire_sources:index"), icon_name="site", order=900)


@hooks.register("register_admin_menu_item")
def wire_menu():
    return SubmenuMenuItem(
        "Wire", Menu(register_hook_name=WIRE_MENU_HOOK), icon_name="doc-full", order=150
    )
