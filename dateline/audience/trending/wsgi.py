"""The beacon answered in front of Django, for the web server to load instead of dateline.wsgi.

The beacon is the most frequent request a news site gets and needs nothing Django builds
per request (request object, signals, middleware, URL resolution); answering it here lets
one process count several times more reads. Every other request goes to Django unchanged.
Point gunicorn at `dateline.audience.trending.wsgi:application` to use it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
django_application = get_wsgi_application()  # sets Django up before the models are imported

from ..anonymity import address_from  # noqa: E402
from .beacon import article_id, record_read  # noqa: E402
from .middleware import BEACON_PATH  # noqa: E402
from .views import NEVER_CACHE, PIXEL  # noqa: E402

MAX_BODY = 256
WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


def _answer(
    start_response: Callable, status: str, content_type: str | None, body: bytes
) -> list[bytes]:
    headers = [("Cache-Control", NEVER_CACHE), ("Content-Length", str(len(body)))]
    if content_type:
        headers.append(("Content-Type", content_type))
    start_response(status, headers)
    return [body]


class BeaconFront:
    """Answers GET/POST /beacon/ itself and passes everything else to the wrapped app."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != BEACON_PATH or method not in ("GET", "POST"):
            return self.app(environ, start_response)
        if method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                return _answer(
                    start_response, "400 Bad Request", "text/plain", b"Unknown article\n"
                )
            query = environ["wsgi.input"].read(length).decode("latin-1")
        else:
            query = environ.get("QUERY_STRING", "")
        article = article_id((parse_qs(query).get("a") or [None])[0])
        if article is None:
            return _answer(start_response, "400 Bad Request", "text/plain", b"Unknown article\n")
        record_read(address_from(environ), environ.get("HTTP_USER_AGENT", ""), article)
        if method == "POST":
            return _answer(start_response, "204 No Content", None, b"")
        return _answer(start_response, "200 OK", "image/gif", PIXEL)


application = BeaconFront(django_application)
