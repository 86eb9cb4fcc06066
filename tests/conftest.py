"""Shared fixtures: published articles built through Wagtail's real publishing path."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from dateline.desk.cursor import CACHE
from dateline.news.models import (
    ArticleCorrection,
    ArticlePage,
    Author,
    Country,
    SectionPage,
    Sector,
)
from dateline.news.site_tree import build_site_tree, seed_taxonomies
from tests.mail_catcher import MailCatcher, free_port


def pytest_configure(config) -> None:
    """Concurrent runs may share one Redis database, as they share one PostgreSQL server:
    each run keeps to keys under a prefix of its own (passed on to the processes tests
    start), and clearing the cache deletes only those keys, never the whole database."""
    from django.conf import settings
    from django_redis.cache import RedisCache

    if settings.CACHES["default"]["BACKEND"] != "django_redis.cache.RedisCache":
        return
    prefix = os.environ.setdefault("DATELINE_CACHE_KEY_PREFIX", f"test-{os.getpid()}")
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    RedisCache.clear = lambda self: self.delete_pattern("*")


@pytest.fixture(autouse=True)
def _nothing_held_by_flags_or_language(settings):
    """Most tests exercise other desk behaviour on stories that happen to carry a flag (a
    Dakar dateline on a Niger story) or come in German (dpa's samples); the tests of holding
    such stories set the site's defaults themselves."""
    settings.DATELINE_HOLD_FLAGS = []
    settings.DATELINE_SITE_LANGUAGES = ["*"]


@pytest.fixture(autouse=True)
def fresh_index():
    """Each test starts as a new desk process would: no identity index cached in memory."""
    CACHE.forget()
    yield
    CACHE.forget()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db) -> None:
    """The seeded taxonomies and page tree, restored if a transactional test flushed them."""
    if not SectionPage.objects.exists():
        # A flush recreated the content types with new ids; forget the cached old ones.
        ContentType.objects.clear_cache()
        seed_taxonomies(django_apps)
        build_site_tree(django_apps)


@pytest.fixture
def publish_article(site_tree) -> Callable[..., ArticlePage]:
    """Create and publish an article; keyword arguments override the defaults."""

    def publish(
        title: str = "Floods cut roads across northern Kenya",
        kind: str = "news",
        country: str | None = "KE",
        others: tuple[str, ...] = (),
        sector: str | None = "science-environment",
        authors: tuple[str, ...] = (),
        corrections: tuple[str, ...] = (),
        published_ago: timedelta = timedelta(hours=1),
        **fields,
    ) -> ArticlePage:
        section = SectionPage.objects.get(kind=kind)
        defaults = {
            "standfirst": "Heavy rain washed away two bridges on Tuesday, officials said.",
            "body": "<p>Heavy rain washed away two bridges on Tuesday.</p>",
            "dateline_city": "Nairobi",
        }
        article = ArticlePage(
            title=title,
            primary_country=Country.objects.get(code=country) if country else None,
            sector=Sector.objects.get(slug=sector) if sector else None,
            **{**defaults, **fields},
        )
        section.add_child(instance=article)
        article.countries.set(Country.objects.filter(code__in=others))
        for slug in authors:
            author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
            article.authors.add(author)
        for text in corrections:
            article.corrections.add(ArticleCorrection(text=text))
        article.save_revision().publish()
        when = timezone.now() - published_ago
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=when, last_published_at=when
        )
        article.refresh_from_db()
        cache.clear()
        return article

    return publish


@pytest.fixture
def smtp_server(settings):
    """Start a loopback SMTP server and point Django's SMTP backend at it."""
    catcher = MailCatcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield catcher
    controller.stop()
