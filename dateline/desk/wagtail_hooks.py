"""The Stories screen in the admin: its URLs, its entry in the Wire menu and its dashboard
panel."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from dateline.desk import release, views
from dateline.desk.chooser import story_chooser
from dateline.desk.dashboard import DeskPanel


class StoriesViewSet(ViewSet):
    """The Stories screens: the filtered list, one story, and the editors' actions on it."""

    name = "desk"
    url_prefix = "desk/stories"
    icon = "doc-full-inverse"

    def get_urlpatterns(self):
        return [
            path("", views.index, name="stories"),
            path("<int:pk>/", views.detail, name="story"),
            path("<int:pk>/<slug:name>/", views.action, name="story_action"),
        ]


@hooks.register("register_admin_viewset")
def register_stories():
    return StoriesViewSet()


@hooks.register("register_admin_viewset")
def register_story_chooser():
    return story_chooser


class StoriesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return any(request.user.has_perm(p) for p in views.VIEW_PERMISSIONS)


@hooks.register("register_wire_menu_item")
def stories_menu_item():
    return StoriesMenuItem(
        "Stories", reverse("desk:stories"), icon_name="doc-full-inverse", order=50
    )


@hooks.register("construct_homepage_panels")
def desk_panel(request, panels) -> None:
    """The desk's queue on the dashboard, for those who may see the Stories screen."""
    if any(request.user.has_perm(p) for p in views.VIEW_PERMISSIONS):
        panels.append(DeskPanel())


@hooks.register("before_publish_page")
def keep_embargo(request, page):
    return release.refuse_early_publish(request, page)
