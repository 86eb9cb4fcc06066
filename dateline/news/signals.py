"""Publishing side effects: tombstones for withdrawn articles, fresh lists, purged caches."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from . import sidebar, view_restrictions
from .models import ArticlePage, FrontPage, Tombstone
from .purging import purge_article, purge_front_page


@receiver(page_unpublished)
def bury_unpublished_article(sender, instance, **kwargs) -> None:
    page = instance.specific
    if isinstance(page, ArticlePage) and (path := page.get_url()):
        Tombstone.objects.update_or_create(
            path=path, defaults={"headline": page.title[:300], "reason": "withdrawn"}
        )


@receiver(page_published)
def raise_republished_article(sender, instance, **kwargs) -> None:
    page = instance.specific
    if isinstance(page, ArticlePage) and (path := page.get_url()):
        Tombstone.objects.filter(path=path).delete()


@receiver(page_published)
@receiver(page_unpublished)
def refresh_page_chrome(sender, instance, **kwargs) -> None:
    """After the change commits, drop cached lists and purge the front cache."""
    page = instance.specific

    def refresh() -> None:
        sidebar.invalidate()
        if isinstance(page, ArticlePage):
            purge_article(page)

    transaction.on_commit(refresh)


@receiver(post_save, sender=FrontPage)
def refresh_front_page(sender, instance, **kwargs) -> None:
    """Re-pinned top stories reach readers at once."""
    transaction.on_commit(purge_front_page)


post_save.connect(view_restrictions.forget, sender=PageViewRestriction)
post_delete.connect(view_restrictions.forget, sender=PageViewRestriction)
