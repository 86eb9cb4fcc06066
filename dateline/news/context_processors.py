"""Site-wide template context: names from settings and the shared page chrome."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from . import sidebar


def newsroom(request: HttpRequest) -> dict:
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    return {
        "site_name": settings.DATELINE_SITE_NAME,
        "desk_name": settings.DATELINE_DESK_NAME,
        "chrome": sidebar.chrome(),
    }
