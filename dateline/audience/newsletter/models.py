"""Subscribers and what is mailed to them: one delivery row per subscriber and digest, and
one row per sign-up mail, so editors can see what went out and what failed."""

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
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
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
            models.UniqueConstraint(
                fields=["frequency", "period_end"], name="newsletter_one_digest_per_period"
            ),
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
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=9, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    story_count = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="newsletter_one_delivery_per_subscriber"
            ),
        ]
        indexes = [models.Index(fields=["digest", "status"])]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.digest} to {self.subscriber}: {self.status}"


class SignupMailKind(models.TextChoices):
    CONFIRM = "confirm", "Confirmation link"
    REMINDER = "reminder", "Already subscribed: link to preferences"


class SignupMailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the task worker"
    SENDING = "sending", "Being handed to the mail server"
    RETRYING = "retrying", "Not accepted yet; will be tried again"
    SENT = "sent", "Accepted by the mail server"
    FAILED = "failed", "Not sent; no more tries"


class SignupMail(models.Model):
    """One sign-up mail, sent by the task worker: the request only records and queues it."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="signup_mails"
    )
    kind = models.CharField(max_length=8, choices=SignupMailKind.choices)
    status = models.CharField(
        max_length=8,
        choices=SignupMailStatus.choices,
        default=SignupMailStatus.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(
        max_length=300, blank=True, help_text="What the mail server said on the last failed try."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "sign-up mail"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.subscriber}"
