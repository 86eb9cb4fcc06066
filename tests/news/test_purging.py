"""Which cached pages a change to an article purges, checked against a real HTTP listener."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.models import DBTaskResult

from dateline.news.purging import paths_showing

WAGTAIL_PURGE_TASK = "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task"


@pytest.fixture
def purge_listener(settings):
    """A tiny HTTP server standing in for Varnish, recording every PURGE it receives."""
    received: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - HTTP method name
            received.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        },
        # A cache for another host: hostname routing must send it nothing of this site.
        "elsewhere": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}/elsewhere",
            "HOSTNAMES": ["static.example.org"],
        },
    }
    settings.DATELINE_SITE_URL = "http://news.example.org"
    yield received
    server.shutdown()


@pytest.mark.django_db
def test_paths_cover_listings_feeds_and_editions(publish_article):
    article = publish_article(
        title="Mine reopens in Peru", country="PE", others=("CL",), sector="energy-extractives"
    )
    paths = paths_showing(article)
    for expected in (
        "/",
        article.url,
        "/news/",
        "/sector/energy-extractives/",
        "/feeds/sector/energy-extractives/rss/",
        "/country/peru/",
        "/country/",
        "/country/chile/",
        "/feeds/country/chile/atom/",
        "/edition/latin-america-caribbean/",
        "/feeds/edition/latin-america-caribbean/rss/",
        "/feeds/rss/",
        "/news-sitemap.xml",
    ):
        assert expected in paths, expected
    assert len(paths) == len(set(paths))


@pytest.mark.django_db
def test_kill_purges_article_and_listings_after_commit(
    publish_article, purge_listener, django_capture_on_commit_callbacks
):
    article = publish_article(title="Mine reopens in Peru", country="PE")
    purge_listener.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.unpublish()
    assert purge_listener == []  # nothing leaves before the change is committed
    for callback in callbacks:
        callback()
    purged = {path for host, path in purge_listener}
    assert {host for host, _ in purge_listener} == {"news.example.org"}
    assert {article.url, "/", "/news/", "/country/peru/", "/feeds/rss/"} <= purged


@pytest.mark.django_db
def test_publishing_purges_each_address_once_through_one_batch(
    publish_article, purge_listener, django_capture_on_commit_callbacks
):
    article = publish_article(title="Mine reopens in Peru", country="PE")
    purge_listener.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    paths = [path for _, path in purge_listener]
    assert article.url in paths
    assert len(paths) == len(set(paths)), "an address was purged twice"
    assert not [p for p in paths if p.startswith("/elsewhere")], "another host's cache was purged"
    # Nothing is left in the task queue to purge the article a second time later.
    assert not DBTaskResult.objects.filter(task_path=WAGTAIL_PURGE_TASK).exists()
