"""What trending stores: read totals per article per hour, and the lists computed from them.

No reader identity is ever stored: a row is an article, an hour and a number.
"""

from __future__ import annotations

from django.db import models


class ReadCount(models.Model):
    """Reads of one article in one clock hour (UTC); increments are added, never overwritten."""

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="read_counts"
    )
    hour = models.DateTimeField(help_text="Start of the hour the reads fall in (UTC).")
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="audience_read_per_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="audience_read_hour_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00: {self.reads}"


class TrendingList(models.Model):
    """The latest computed top stories of one edition, ready to render without a query."""

    edition = models.SlugField(unique=True)
    edition_name = models.CharField(max_length=80)
    entries = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Trending in {self.edition_name}"
