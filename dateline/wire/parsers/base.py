"""What every wire format module declares: its name, how to recognise it, how to read it.

A format module defines one `WireParser` subclass; an agency's variant of a format is a
small subclass of it that recognises that agency's copy and changes only what differs.
`registry.PARSERS` lists them all, so adding a format is a module and one line there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from dateline.wire.parsers.detect import root_name
from dateline.wire.parsers.result import Outcome, Payload

_LEADING_JUNK = b"\xef\xbb\xbf \t\r\n"


class WireParser:
    """One wire format. `format` is the name sources choose; variants share their base's."""

    format: ClassVar[str]
    label: ClassVar[str]

    def can_parse(self, head: bytes, filename: str) -> bool:
        """Whether a payload opening with `head` (and named `filename`) is in this format."""
        raise NotImplementedError

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        """Wire items, or rejections with reasons, for every story in the payload."""
        raise NotImplementedError


class XMLWireParser(WireParser):
    """An XML format, recognised by the local name of its root element."""

    roots: ClassVar[frozenset[str]]

    def can_parse(self, head: bytes, filename: str) -> bool:
        return head.lstrip(_LEADING_JUNK)[:1] == b"<" and root_name(head) in self.roots
