"""The read beacon: a tiny request from the article page, counted without cookies.

POST (from the page's script, `navigator.sendBeacon`) answers 204; GET (the <noscript>
image) answers a 1x1 GIF. Both answer the same whether or not the read was counted, and
neither may be cached, so every page view reaches the counter even when the page itself
came from a cache.
"""

from __future__ import annotations

import base64

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..anonymity import client_address
from .beacon import article_id, record_read

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def beacon(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    article = article_id(data.get("a"))
    if article is None:
        response = HttpResponse("Unknown article\n", status=400, content_type="text/plain")
    else:
        record_read(client_address(request), request.META.get("HTTP_USER_AGENT", ""), article)
        if request.method == "POST":
            response = HttpResponse(status=204)
        else:
            response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = NEVER_CACHE
    return response
