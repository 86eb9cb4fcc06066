"""Articles a reader must never be shown, made through the doors the desk and editors use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from dateline.desk.articles import take_down
from dateline.news.models import ArticlePage


@pytest.fixture
def hidden_from_readers(
    publish_article, django_capture_on_commit_callbacks
) -> Callable[..., list[ArticlePage]]:
    """Killed, held, embargoed and private copy, each with its state in its headline;
    keyword arguments (country, sector, source_agencies...) go to every one of them."""

    def make(**fields) -> list[ArticlePage]:
        killed, held, embargoed, private = (
            publish_article(title=f"{state} story from the desk", **fields)
            for state in ("Killed", "Held", "Embargoed", "Private")
        )
        with django_capture_on_commit_callbacks(execute=True):
            take_down(killed)
            take_down(held, gone=False)
            take_down(embargoed, gone=False)
            embargoed.refresh_from_db()
            embargoed.go_live_at = timezone.now() + timedelta(hours=6)
            embargoed.save_revision().publish()
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="desk only"
        )
        articles = [killed, held, embargoed, private]
        shown = ArticlePage.objects.live().public().filter(pk__in=[a.pk for a in articles])
        assert not shown.exists()
        return articles

    return make
