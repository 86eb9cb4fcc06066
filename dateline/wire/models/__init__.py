"""The wire app's tables: where copy comes from, what arrived, and what became of it."""

from dateline.wire.models.attempt import FetchAttempt
from dateline.wire.models.payload import Payload
from dateline.wire.models.record import DeskState, WireItemRecord
from dateline.wire.models.rejection import Rejection
from dateline.wire.models.source import Policy, Source, Transport

__all__ = [
    "DeskState",
    "FetchAttempt",
    "Payload",
    "Policy",
    "Rejection",
    "Source",
    "Transport",
    "WireItemRecord",
]
