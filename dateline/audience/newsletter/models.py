"""Subscribers and the digests sent to them, with one delivery row per subscriber and digest."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class Subscriber(models.Model):
    """A reader's address and what they want to hear about; no edition or sector means all."""

    email = models.EmailField(max_length=254, unique=True)
    status = models.CharField(
        max_length=16, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    editions = models.ManyToManyField("news.Edition", blank=True, related_name="+")
    sectors = models.ManyToManyField("news.Sector", blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "frequency"])]

    def __str__(self) -> str:
        return self.email

    def confirm(self) -> None:
        self.status = SubscriberStatus.CONFIRMED
        self.confirmed_at = timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self) -> None:
        if self.status == SubscriberStatus.UNSUBSCRIBED:
            return
        self.status = SubscriberStatus.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])


class Digest(models.Model):
    """One issue: the top stories of one period for one frequency, sent at most once."""

    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["frequency", "period_end"],
                                    name="newsletter_one_digest_per_period"),
        ]
        ordering = ["-period_end"]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} digest to {self.period_end:%Y-%m-%d %H:%M} UTC"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Not sent yet"
    SENDING = "sending", "Handed to the mail server, not yet recorded as accepted"
    SENT = "sent", "Accepted by the mail server"
    EMPTY = "empty", "No stories matched; nothing sent"
    FAILED = "failed", "Refused by the mail server"
    CANCELLED = "cancelled", "Subscriber left before it was sent"


class Delivery(models.Model):
    """The fate of one digest for one subscriber; the unique pair is what stops a resend."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE,
                                   related_name="deliveries")
    status = models.CharField(max_length=9, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    story_count = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["digest", "subscriber"],
                                    name="newsletter_one_delivery_per_subscriber"),
        ]
        indexes = [models.Index(fields=["digest", "status"])]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.digest} to {self.subscriber}: {self.status}"
