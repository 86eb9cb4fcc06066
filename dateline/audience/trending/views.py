"""The read beacon: a tiny request from the article page, counted without cookies.

POST (from the page's script, `navigator.sendBeacon`) answers 204; GET (the <noscript>
image) answers a 1x1 GIF. Both answer the same whether or not the read was counted, and
neither may be cached, so every page view reaches the counter even when the page itself
came from a cache.
"""

from __future__ import annotations

import base64

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..anonymity import client_address
from . import counter
from .bots import is_bot
from .readers import first_read, hour_of

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
MAX_ARTICLE_ID = 2**31 - 1


def _article_id(raw: str | None) -> int | None:
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ARTICLE_ID else None


def count_read(request: HttpRequest, article_id: int) -> bool:
    """Count one read unless it comes from a bot or repeats this reader's read this hour."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if is_bot(agent):
        return False
    now = timezone.now()
    if not first_read(client_address(request), agent, article_id, now):
        return False
    counter.TALLY.add(article_id, hour_of(now))
    if counter.TALLY.due():
        counter.TALLY.flush_quietly()
    return True


@csrf_exempt
@require_http_methods(["GET", "POST"])
def beacon(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    article_id = _article_id(data.get("a"))
    if article_id is None:
        response = HttpResponse("Unknown article\n", status=400, content_type="text/plain")
    else:
        count_read(request, article_id)
        if request.method == "POST":
            response = HttpResponse(status=204)
        else:
            response = HttpResponse(PIXEL, content_type="image/gif")
    add_never_cache_headers(response)
    return response
