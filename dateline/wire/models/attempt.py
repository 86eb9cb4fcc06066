"""Every fetch or push, kept so an operator can see when a source last worked and why not."""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    OK = "ok", "OK"
    NOT_MODIFIED = "not-modified", "Not modified"
    ERROR = "error", "Error"


class FetchAttempt(models.Model):
    source = models.ForeignKey("wire.Source", on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    bytes = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.outcome} at {self.at:%Y-%m-%d %H:%M}"
