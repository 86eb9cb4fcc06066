"""The TRENDING slot's data for every public page, from the cache (no query when warm)."""

from __future__ import annotations

from django.http import HttpRequest

from dateline.news.reference import GLOBAL_EDITION

from . import store

PRIVATE_PREFIXES = ("/admin/", "/django-admin/")


def _edition_page(request: HttpRequest) -> str | None:
    """The edition slug when the page is an edition's listing, else None."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "news:edition":
        return match.kwargs.get("slug")
    return None


def trending(request: HttpRequest) -> dict:
    if request.path.startswith(PRIVATE_PREFIXES):
        return {}
    lists = store.current_lists()
    edition = _edition_page(request)
    chosen = lists.get(edition or GLOBAL_EDITION, {})
    return {
        "trending": {
            "edition": chosen.get("name", "") if edition and edition != GLOBAL_EDITION else "",
            "edition_slug": edition if edition and edition != GLOBAL_EDITION else "",
            "entries": chosen.get("entries", []),
            "version": chosen.get("version", ""),
        }
    }
