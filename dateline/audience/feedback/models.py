"""A reader's message to the desk. The sender's address is never stored, only what they typed."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

MESSAGE_MIN_LENGTH = 5
MESSAGE_MAX_LENGTH = 5000


class FeedbackStatus(models.TextChoices):
    NEW = "new", "New"
    READ = "read", "Read"
    ANSWERED = "answered", "Answered"


class Feedback(models.Model):
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    page = models.CharField(max_length=500, blank=True, help_text="The page the reader wrote from.")
    status = models.CharField(
        max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW, db_index=True
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"

    def __str__(self) -> str:
        excerpt = " ".join(self.message.split())[:60]
        return f"{self.name or 'Anonymous'}: {excerpt}"
