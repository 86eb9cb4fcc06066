"""An agency feed the desk takes copy from, with how to reach it and how healthy it is."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from dateline.wire.parsers import FORMATS

MAX_BACKOFF_SECONDS = 6 * 3600
POLLED_SCHEMES = frozenset({"http", "https"})


class Transport(models.TextChoices):
    HTTP = "http", "HTTP poll"
    FOLDER = "folder", "Watched folder"
    PUSH = "push", "Push (agency posts to us)"


class Policy(models.TextChoices):
    PUBLISH = "publish", "Publish at once"
    REVIEW = "review", "Hold for review"


FORMAT_CHOICES = [("", "Detect automatically"), *((name, name) for name in FORMATS)]


class OutsideInbox(ValueError):
    """A folder source names a folder the desk must not read: outside the wire inbox."""


def inbox_folder(folder_path: str) -> Path:
    """The real folder a folder source watches, refused unless it lies in the wire inbox.

    Symlinks and `..` are resolved before the check, and a relative path is taken below the
    inbox root. The transport calls this at every scan, not only when the source is saved, so
    a source stored from the shell or a symlink swapped in later cannot lead elsewhere.
    """
    root = Path(settings.DATELINE_WIRE_FOLDER_ROOT).resolve()
    if not folder_path.strip():
        raise OutsideInbox("no folder to watch is set")
    folder = (root / folder_path).resolve()
    if not folder.is_relative_to(root):
        raise OutsideInbox(
            f"folder {folder_path} is outside the wire inbox {root} (DATELINE_WIRE_FOLDER_ROOT)"
        )
    return folder


def hash_token(token: str) -> str:
    """Push tokens are long random strings, so a plain SHA-256 is enough to keep them secret."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Source(models.Model):
    name = models.CharField(max_length=120, help_text="Shown to editors, e.g. 'Harbour Wire'.")
    slug = models.SlugField(max_length=80, unique=True)
    agency = models.CharField(
        max_length=80, help_text="Agency name stamped on every item from this source."
    )
    transport = models.CharField(max_length=10, choices=Transport.choices, default=Transport.HTTP)
    format = models.CharField(max_length=20, choices=FORMAT_CHOICES, blank=True, default="")
    url = models.URLField(max_length=1000, blank=True, help_text="For HTTP polling.")
    folder_path = models.CharField(
        max_length=1000, blank=True, help_text="For a watched folder: absolute path."
    )
    poll_interval = models.PositiveIntegerField(
        default=300, help_text="Seconds between polls (HTTP and folder sources)."
    )
    expected_interval = models.PositiveIntegerField(
        default=3600,
        help_text="Seconds without a successful fetch or push after which the source is QUIET.",
    )
    policy = models.CharField(max_length=10, choices=Policy.choices, default=Policy.REVIEW)
    publish_any_language = models.BooleanField(
        default=False,
        help_text="Publish at once copy in a language the site does not otherwise publish; "
        "left off, such copy waits for an editor whatever the policy.",
    )
    push_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    active = models.BooleanField(default=True)

    # Conditional GET state, as the agency's server last gave it.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    # Backoff and health, kept here so the poller and the health table need no aggregate.
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse what the transports refuse, so the admin says so before the first fetch."""
        errors = {}
        if self.folder_path:
            try:
                inbox_folder(self.folder_path)
            except OutsideInbox as exc:
                errors["folder_path"] = f"Refused: {exc}."
        if self.url and urlsplit(self.url).scheme not in POLLED_SCHEMES:
            errors["url"] = "Only http and https addresses can be polled."
        if errors:
            raise ValidationError(errors)

    def issue_push_token(self) -> str:
        """Make a new token, keep only its hash, and hand the token back to show once."""
        token = secrets.token_urlsafe(32)
        self.push_token_hash = hash_token(token)
        self.save(update_fields=["push_token_hash"])
        return token

    def check_push_token(self, token: str) -> bool:
        if not self.push_token_hash or not token:
            return False
        return hmac.compare_digest(hash_token(token), self.push_token_hash)

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        return self.active and (self.next_attempt_at is None or self.next_attempt_at <= now)

    def backoff_seconds(self) -> int:
        """Poll interval doubled per consecutive failure, never beyond the cap."""
        if not self.consecutive_failures:
            return self.poll_interval
        factor = 2 ** min(self.consecutive_failures, 20)
        return min(self.poll_interval * factor, max(MAX_BACKOFF_SECONDS, self.poll_interval))

    def record_success(self, now=None) -> None:
        now = now or timezone.now()
        self.consecutive_failures = 0
        self.last_success_at = now
        self.next_attempt_at = now + timedelta(seconds=self.poll_interval)
        self.save(
            update_fields=[
                "consecutive_failures",
                "last_success_at",
                "next_attempt_at",
                "etag",
                "last_modified",
            ]
        )

    def record_failure(self, error: str, now=None) -> None:
        now = now or timezone.now()
        self.consecutive_failures += 1
        self.last_error_at = now
        self.last_error = error[:2000]
        self.next_attempt_at = now + timedelta(seconds=self.backoff_seconds())
        self.save(
            update_fields=["consecutive_failures", "last_error_at", "last_error", "next_attempt_at"]
        )

    def is_quiet(self, now=None) -> bool:
        """No successful fetch or push within the expected interval (or ever, once it is due)."""
        now = now or timezone.now()
        if not self.active:
            return False
        since = self.last_success_at or self.created_at
        return since is not None and now - since > timedelta(seconds=self.expected_interval)
