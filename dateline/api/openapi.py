"""The OpenAPI description of the content API, a static document kept beside the code."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

DOCUMENT = Path(__file__).with_name("openapi.json")


@cache
def _document() -> dict:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


@csrf_exempt  # read-only: other methods get 405, not a CSRF 403
@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    """The description, with this site's address as its server."""
    document = {**_document(), "servers": [{"url": settings.DATELINE_SITE_URL}]}
    return JsonResponse(document)
