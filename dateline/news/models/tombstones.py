"""What remains of a killed article: its address answers 410 Gone, never 404 or stale copy."""

from __future__ import annotations

from django.db import models


class Tombstone(models.Model):
    path = models.CharField(max_length=512, unique=True)
    headline = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    killed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-killed_at"]

    def __str__(self) -> str:
        return self.path
