"""Raw agency bytes exactly as received, stored before any parsing so nothing is ever lost.

The bytes live in the database (BinaryField), not under MEDIA_ROOT: a payload is capped at a
few megabytes, and keeping it in the same row means it is committed atomically with its
metadata, backed up with the database, and visible to every worker on every box without a
shared file system.
"""

from __future__ import annotations

from django.db import models


class Origin(models.TextChoices):
    URL = "url", "Fetched from a URL"
    PATH = "path", "Read from a file"
    PUSH = "push", "Pushed by the agency"


class ParseStatus(models.TextChoices):
    PENDING = "pending", "Not parsed yet"
    PARSED = "parsed", "Parsed"
    PARTIAL = "partial", "Parsed with rejections"
    REJECTED = "rejected", "Nothing usable"
    ERROR = "error", "Parser failed"


class Payload(models.Model):
    source = models.ForeignKey(
        "wire.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="payloads"
    )
    agency = models.CharField(max_length=80)
    origin_kind = models.CharField(max_length=10, choices=Origin.choices)
    origin = models.CharField(max_length=1000, blank=True, help_text="URL, file path or push.")
    filename = models.CharField(max_length=500, blank=True)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the bytes.")
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    received_at = models.DateTimeField(help_text="First time these bytes arrived.")
    last_received_at = models.DateTimeField()
    times_received = models.PositiveIntegerField(default=1)
    format = models.CharField(max_length=20, blank=True, help_text="Given, or as detected.")
    parse_status = models.CharField(
        max_length=10, choices=ParseStatus.choices, default=ParseStatus.PENDING
    )
    parsed_at = models.DateTimeField(null=True, blank=True)
    items_count = models.PositiveIntegerField(default=0)
    rejections_count = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "content_hash"], name="wire_payload_agency_hash"
            )
        ]
        indexes = [models.Index(fields=["parse_status"])]

    def __str__(self) -> str:
        return f"{self.agency} payload #{self.pk} ({self.format or 'unknown format'})"

    def text(self, limit: int = 200_000) -> str:
        """The bytes as text for an editor to read; undecodable bytes shown as replacements."""
        return bytes(self.data[:limit]).decode("utf-8", errors="replace")
