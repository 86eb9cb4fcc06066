"""One version of one agency item, as parsed, waiting for (or done by) the desk."""

from __future__ import annotations

from django.db import models

from dateline.wire.item import WireItem
from dateline.wire.serialize import from_json


class DeskState(models.TextChoices):
    PENDING = "pending", "Waiting for the desk"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class WireItemRecord(models.Model):
    agency = models.CharField(max_length=80)
    guid = models.CharField(max_length=500)
    version = models.PositiveIntegerField(default=1)
    family_uri = models.CharField(max_length=500, db_index=True)
    headline = models.TextField(blank=True)
    sent = models.DateTimeField(null=True, blank=True)
    first_created = models.DateTimeField(null=True, blank=True)
    pubstatus = models.CharField(max_length=12, default="usable")
    signals = models.JSONField(default=list, blank=True)
    urgency = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=20, blank=True)
    dateline_city = models.CharField(max_length=200, blank=True)
    dateline_country = models.CharField(max_length=2, blank=True)
    data = models.JSONField(help_text="The whole WireItem, as dateline.wire.serialize.to_json.")
    payload = models.ForeignKey("wire.Payload", on_delete=models.PROTECT, related_name="records")
    source = models.ForeignKey(
        "wire.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    received_at = models.DateTimeField()
    desk_state = models.CharField(
        max_length=10, choices=DeskState.choices, default=DeskState.PENDING
    )
    desk_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "guid", "version"], name="wire_record_agency_guid_version"
            )
        ]
        indexes = [models.Index(fields=["desk_state", "received_at", "id"])]

    def __str__(self) -> str:
        return f"{self.agency} {self.guid} v{self.version}"

    def item(self) -> WireItem:
        return from_json(self.data)
