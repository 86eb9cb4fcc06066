"""A withdrawn or deleted story leaves the trending lists the moment it goes."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_unpublished

from dateline.news.models import ArticlePage

from . import store

log = logging.getLogger(__name__)


def _refill() -> None:
    from .tasks import refresh_trending

    try:
        refresh_trending.enqueue()
    except Exception:
        log.exception("Could not queue a trending refresh; the next scheduled one will refill")


@receiver(page_unpublished)
def drop_unpublished_story(sender, instance, **kwargs) -> None:
    if isinstance(instance.specific, ArticlePage):
        store.drop_article(instance.pk)
        transaction.on_commit(_refill)


@receiver(post_delete, sender=ArticlePage)
def drop_deleted_story(sender, instance, **kwargs) -> None:
    store.drop_article(instance.pk)
