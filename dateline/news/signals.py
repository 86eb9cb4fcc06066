"""Keep tombstones in step with publishing: an unpublished article answers 410 Gone."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from . import sidebar
from .models import ArticlePage, Tombstone


def article_path(page: ArticlePage) -> str:
    url = page.get_url()
    return url or ""


@receiver(page_unpublished)
def bury_unpublished_article(sender, instance, **kwargs) -> None:
    page = instance.specific
    if isinstance(page, ArticlePage) and (path := article_path(page)):
        Tombstone.objects.update_or_create(
            path=path, defaults={"headline": page.title[:300], "reason": "withdrawn"}
        )


@receiver(page_published)
def raise_republished_article(sender, instance, **kwargs) -> None:
    page = instance.specific
    if isinstance(page, ArticlePage) and (path := article_path(page)):
        Tombstone.objects.filter(path=path).delete()


@receiver(page_published)
@receiver(page_unpublished)
def refresh_page_chrome(sender, instance, **kwargs) -> None:
    sidebar.invalidate()
