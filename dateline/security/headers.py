"""Content-Security-Policy for every response: strict on the public site, relaxed on the admin.

The public site needs nothing from another origin and nothing inline: its scripts (the read
beacon) and styles are static files, the beacon posts to the site itself, JSON-LD blocks are
data that script-src does not govern, and edge includes are assembled by the front cache
before a browser sees the page. So a story whose body or headline smuggles in a script or a
style gets nowhere.

Wagtail's admin writes small inline scripts (date pickers, inline panels) and inline styles,
shows Gravatar avatars, previews pages in a frame of its own and asks Wagtail's release
server for updates; its policy allows exactly that and still refuses plugins, foreign base
URLs, form posts elsewhere and framing by other sites. Referrer-Policy is set by Django from
SECURE_REFERRER_POLICY.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dateline.news.middleware import PRIVATE_PREFIXES

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https: www.gravatar.com",
        "connect-src 'self' https://releases.wagtail.org",
        "font-src 'self' data:",
        "frame-src 'self' https:",
        "media-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Add the policy for the response's part of the site, unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(PRIVATE_PREFIXES)
            response["Content-Security-Policy"] = ADMIN_POLICY if admin else PUBLIC_POLICY
        return response
