"""Response policies of the public site: cacheable pages for readers, 410 for killed articles."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from .models import Tombstone

PRIVATE_PREFIXES = ("/admin/", "/django-admin/")
CACHEABLE_STATUSES = {200, 301, 404, 410}


class GoneMiddleware:
    """Answer 410 Gone, not 404, at the address of a withdrawn or killed article."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.path.startswith(PRIVATE_PREFIXES):
            return response
        tombstone = Tombstone.objects.filter(path=request.path).first()
        if tombstone is None:
            return response
        gone = TemplateResponse(request, "410.html", {"tombstone": tombstone}, status=410)
        return gone.render()


class PublicCacheMiddleware:
    """Let front caches keep anonymous pages; never let them keep an editor's view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or request.path.startswith(PRIVATE_PREFIXES):
            return response
        if response.has_header("Cache-Control") or response.status_code not in CACHEABLE_STATUSES:
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        patch_cache_control(
            response, public=True, max_age=60, s_maxage=settings.DATELINE_CACHE_SECONDS
        )
        return response
