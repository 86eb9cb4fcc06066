"""Response headers: a strict Content-Security-Policy on the public site, a compatible one on
the admin, and a Referrer-Policy that keeps paths inside the site.

The public pages must need nothing the strict policy refuses: no inline script or style,
no event-handler attributes. JSON-LD blocks are data, which script-src does not govern.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.fixture
def public_pages(publish_article) -> list[str]:
    article = publish_article(title="Storm closes the port at Beira", country="MZ")
    return [
        article.url,
        "/",
        "/news/",
        "/search/?q=storm",
        "/newsletter/",
        "/feedback/",
        "/no-such-page/",
    ]


def test_public_pages_send_the_strict_policy(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        directives = policy(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["base-uri"] == ["'self'"], url
        assert directives["connect-src"] == ["'self'"], url  # the read beacon's POST
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url


def test_public_pages_need_no_inline_script_or_style(client, public_pages):
    for url in public_pages:
        document = lxml_html.fromstring(client.get(url).content)
        for script in document.iter("script"):
            assert script.get("src") or script.get("type") in DATA_SCRIPT_TYPES, url
        assert not list(document.iter("style")), url
        for element in document.iter():
            handlers = [name for name in element.attrib if name.startswith("on")]
            assert not handlers and "style" not in element.attrib, (url, element.tag)


def test_the_admin_gets_a_policy_its_editor_can_work_under(client):
    editor = get_user_model().objects.create_superuser("chief", "c@example.org", "x")
    client.force_login(editor)
    for url in ("/admin/login/", "/admin/", "/admin/pages/"):
        response = client.get(url, follow=url == "/admin/login/")
        directives = policy(response)
        assert "'unsafe-inline'" in directives["style-src"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["frame-ancestors"] == ["'self'"], url  # Wagtail's live preview
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
