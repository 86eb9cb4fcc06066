"""Copy that could not become a wire item, with the reason an editor can act on."""

from __future__ import annotations

from django.db import models


class Rejection(models.Model):
    payload = models.ForeignKey("wire.Payload", on_delete=models.CASCADE, related_name="rejections")
    source = models.ForeignKey(
        "wire.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="rejections"
    )
    reason = models.TextField()
    guid = models.CharField(max_length=500, blank=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reason[:80]
