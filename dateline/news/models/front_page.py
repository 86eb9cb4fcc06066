"""Editors' picks: the stories pinned to the top of the front page, in the editors' order."""

from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="pick")
class FrontPage(ClusterableModel, BaseGenericSetting):
    """Stories an editor pins above the ranked top stories; drag to reorder."""

    panels = [InlinePanel("pins", heading="Pinned stories", label="Pinned story")]

    class Meta:
        verbose_name = "Front page"


class FrontPagePin(Orderable):
    front_page = ParentalKey(FrontPage, on_delete=models.CASCADE, related_name="pins")
    article = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Shown first, in this order, while it is live.",
    )

    panels = [FieldPanel("article")]
