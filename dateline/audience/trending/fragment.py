"""The TRENDING slot on its own, for the front cache to include in cached pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dateline.news.fragments import fragment_response
from dateline.news.reference import GLOBAL_EDITION

from . import store


@require_GET
def trending(request: HttpRequest, edition: str | None = None) -> HttpResponse:
    """Site-wide or one edition's list, as the page around it would have shown it."""
    chosen = store.current_lists().get(edition or GLOBAL_EDITION, {})
    context = {
        "trending": {
            "edition": chosen.get("name", "") if edition else "",
            "entries": chosen.get("entries", []),
        }
    }
    return fragment_response(request, "audience/trending.html", context)
