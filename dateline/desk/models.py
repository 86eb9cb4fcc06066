"""What the desk keeps: stories, the wire items each was built from, and an event trail.

A story is the desk's unit of news: one or more agencies' items about one event, tagged and
drafted into one ArticlePage. Its items keep the identity fingerprints, so the identity
index can be rebuilt from the database after a restart. The cursor row serialises desk
workers and tells each one whether its in-memory index is still current.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from dateline.desk.content import StoryTags


class StoryState(models.TextChoices):
    DRAFT = "draft", "Draft"
    HELD = "held", "Held for review"
    PUBLISHED = "published", "Published"
    KILLED = "killed", "Killed"


class ItemKind(models.TextChoices):
    FIRST = "first", "First item"
    VERSION = "version", "New version"
    DUPLICATE = "duplicate", "Duplicate"
    COVERAGE = "coverage", "Other agency's coverage"
    REPEAT = "repeat", "Stale repeat"
    KILL = "kill", "Kill or withdrawal"


class Story(models.Model):
    key = models.CharField(max_length=600, unique=True, help_text="The identity index's id.")
    headline = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=StoryState.choices, default=StoryState.DRAFT)
    article = models.OneToOneField(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_story",
    )
    primary_country = models.CharField(max_length=2, blank=True)
    countries = models.JSONField(
        default=list, blank=True, help_text="Country codes, primary first."
    )
    sector = models.CharField(max_length=40, blank=True)
    edition = models.CharField(max_length=40, blank=True)
    dateline_country = models.CharField(max_length=2, blank=True)
    tag_flags = models.JSONField(default=list, blank=True, help_text="Raised by tagging.")
    desk_flags = models.JSONField(default=list, blank=True, help_text="Raised by the desk.")
    tags_by_editor = models.BooleanField(
        default=False, help_text="An editor retagged the story; wire no longer retags it."
    )
    pending_update = models.JSONField(
        null=True, blank=True, help_text="A newer draft waiting for an editor to apply it."
    )
    last_draft = models.JSONField(
        null=True,
        blank=True,
        help_text="The desk's newest draft of the article, written onto it or offered to an "
        "editor: a new draft is compared with this, not with the page.",
    )
    desk_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The last revision written from wire copy; an editor's revision after it "
        "means the editor has touched the article.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_stories"
    )
    merge_record = models.JSONField(
        null=True,
        blank=True,
        help_text="What undoing the merge needs: the state the story had, the items it "
        "brought and the address that now redirects.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self) -> str:
        return self.headline or self.key

    @property
    def tags(self) -> StoryTags:
        return StoryTags(
            primary_country=self.primary_country,
            countries=tuple(self.countries),
            sector=self.sector,
            dateline_country=self.dateline_country,
            flags=tuple(self.tag_flags),
        )

    def set_tags(self, tags: StoryTags) -> None:
        """The one writer of the story's tag columns, whoever tags it (the machine, an editor
        on the Stories screen or in the page editor, a wire update); the edition follows."""
        self.primary_country = tags.primary_country
        self.countries = list(tags.countries)
        self.sector = tags.sector
        self.edition = tags.edition
        self.dateline_country = tags.dateline_country
        self.tag_flags = list(tags.flags)

    @property
    def name(self) -> str:
        """What editors call the story: its headline, else its article's, never the
        identity index's URN."""
        if self.headline:
            return self.headline
        if self.article_id is not None and self.article.title:
            return self.article.title
        return f"Untitled story #{self.pk}"

    @property
    def flags(self) -> list[str]:
        return [*self.tag_flags, *self.desk_flags]

    def raise_flag(self, flag: str) -> None:
        if flag not in self.desk_flags:
            self.desk_flags = [*self.desk_flags, flag]

    def lower_flag(self, flag: str) -> None:
        self.desk_flags = [f for f in self.desk_flags if f != flag]


class StoryItem(models.Model):
    """One wire record as the desk placed it.

    `head` marks the row holding its item family's current state (latest version, or the
    kill that ended it); those rows, in `seq` order, are what the identity index restores.
    """

    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    record = models.OneToOneField(
        "wire.WireItemRecord", on_delete=models.CASCADE, related_name="desk_item"
    )
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed = models.BooleanField(default=False, help_text="Killed or withdrawn by its agency.")
    head = models.BooleanField(default=True)
    seq = models.BigIntegerField(db_index=True)
    version = models.PositiveIntegerField(default=1)
    time = models.DateTimeField(null=True, blank=True, help_text="When the agency wrote it.")
    fingerprint = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["head", "seq"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"

    @property
    def usable(self) -> bool:
        return self.head and not self.removed and self.kind != ItemKind.KILL


class Action(models.TextChoices):
    CREATED = "created", "Created"
    JOINED = "joined", "Joined"
    UPDATED = "updated", "Updated"
    UPDATE_OFFERED = "update-offered", "Update offered"
    CORRECTED = "corrected", "Corrected"
    KILLED = "killed", "Killed"
    HELD = "held", "Held"
    PUBLISHED = "published", "Published"
    MERGED = "merged", "Merged"
    SPLIT = "split", "Split"
    RETAGGED = "retagged", "Retagged"
    SCHEDULED = "scheduled", "Scheduled for the embargo"
    RELEASED = "released", "Released from embargo"
    EDITED = "edited", "Edited"
    REINSTATED = "reinstated", "Reinstated"
    UNMERGED = "unmerged", "Merge undone"
    REFUSED = "refused", "Refused"


class DeskEvent(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record = models.ForeignKey(
        "wire.WireItemRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page revision an edit in the page editor made.",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.story_id}"

    @property
    def by(self) -> str:
        return self.user.get_username() if self.user else "desk"


class DeskCursor(models.Model):
    """The one row every desk change locks; `sequence` counts changes to the identity state.

    `generation` is new whenever the row is recreated, so an index cached in memory is
    never mistaken for current after a database reset. The lease lets one worker drain the
    queue while others step aside instead of queueing on the lock.
    """

    generation = models.UUIDField(default=uuid.uuid4)
    sequence = models.BigIntegerField(default=0)
    lease_owner = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"desk cursor {self.sequence}"
