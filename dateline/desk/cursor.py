"""One desk writer at a time, and an identity index that is always the database's.

Every change to stories and their items happens inside a transaction that first locks the
cursor row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's immediate transactions already
admit one writer). The row's sequence moves with every change, so a worker whose cached
index was built at another sequence rebuilds it before deciding anything.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from dateline.desk.core.identity import IdentityIndex, IdentityRecord
from dateline.desk.models import DeskCursor, ItemKind, StoryItem

CURSOR_ID = 1
LEASE = timedelta(minutes=5)


def ensure_cursor() -> None:
    """Create the cursor row if this database has none yet (safe against a racing worker)."""
    if DeskCursor.objects.filter(pk=CURSOR_ID).exists():
        return
    try:
        with transaction.atomic():
            DeskCursor.objects.create(pk=CURSOR_ID)
    except IntegrityError:
        pass


def lock_cursor() -> DeskCursor:
    """Lock the cursor row for the rest of the current transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the desk cursor can only be locked inside a transaction")
    return DeskCursor.objects.select_for_update().get(pk=CURSOR_ID)


def advance(cursor: DeskCursor, owner: str = "", steps: int = 1) -> None:
    """Record `steps` changes to the identity state (call while holding the lock).

    The same write renews `owner`'s lease, if `owner` holds it.
    """
    cursor.sequence += steps
    fields = ["sequence"]
    if owner and cursor.lease_owner == owner:
        cursor.lease_until = timezone.now() + LEASE
        fields.append("lease_until")
    cursor.save(update_fields=fields)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def take_lease(owner: str) -> bool:
    """Claim the queue for `owner` unless another live worker holds it."""
    ensure_cursor()
    with transaction.atomic():
        cursor = lock_cursor()
        now = timezone.now()
        held = cursor.lease_until is not None and cursor.lease_until > now
        if held and cursor.lease_owner not in ("", owner) and not _gone(cursor.lease_owner):
            return False
        cursor.lease_owner, cursor.lease_until = owner, now + LEASE
        cursor.save(update_fields=["lease_owner", "lease_until"])
        return True


def _gone(owner: str) -> bool:
    """A lease holder on this host whose process no longer exists (killed, crashed)."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def release_lease(owner: str) -> None:
    DeskCursor.objects.filter(pk=CURSOR_ID, lease_owner=owner).update(
        lease_owner="", lease_until=None
    )


def stored_records():
    """The identity state as stored: each item family's head row, in order of last change."""
    heads = (
        StoryItem.objects.filter(head=True)
        .order_by("seq")
        .select_related("story", "record")
        .only(
            "seq",
            "version",
            "time",
            "fingerprint",
            "kind",
            "story__key",
            "record__guid",
            "record__agency",
            "record__family_uri",
        )
    )
    for head in heads.iterator(chunk_size=2000):
        killed = head.kind == ItemKind.KILL
        yield IdentityRecord(
            item_id=head.record.guid,
            story_id=head.story.key if head.story else None,
            agency=head.record.agency,
            family_uri=head.record.family_uri,
            version=head.version,
            time=head.time,
            fingerprint=b"" if killed else bytes(head.fingerprint),
            killed=killed,
        )


@dataclass
class IndexCache:
    """This process's identity index and the cursor state it reflects."""

    index: IdentityIndex | None = None
    generation: uuid.UUID | None = None
    sequence: int = -1
    restores: int = 0

    def current(self, cursor: DeskCursor) -> IdentityIndex:
        """The index as of the locked cursor, rebuilt from the database if stale."""
        if (
            self.index is None
            or self.generation != cursor.generation
            or self.sequence != cursor.sequence
        ):
            self.index = IdentityIndex.restore(stored_records())
            self.generation, self.sequence = cursor.generation, cursor.sequence
            self.restores += 1
        return self.index

    def committed(self, cursor: DeskCursor) -> None:
        """The transaction that moved the cursor committed: the index is current again."""
        self.generation, self.sequence = cursor.generation, cursor.sequence

    def forget(self) -> None:
        self.index, self.generation, self.sequence = None, None, -1


CACHE = IndexCache()
