"""Reading the head of a payload safely: its root element and whether it opens a DOCTYPE subset.

Each format's `can_parse` (see registry.py) uses these to say whether a payload is its own."""

from __future__ import annotations

import re

# Only this many leading bytes are read to find the root element.
HEAD_BYTES = 65536

_NAME = re.compile(r"[A-Za-z_][\w.:-]*")
_DOCTYPE_STOP = re.compile(r"[\[>]")
_SUBSET_END = re.compile(r"\]\s*>")
_DOCTYPE_OPEN = re.compile(r"<!DOCTYPE", re.I)


class UnknownFormat(ValueError):
    """The payload is none of the formats the desk reads."""


class _Head:
    """The head of a payload, scanned once from left to right.

    Each search for a marker (a `<`, the end of a processing instruction, comment or
    DOCTYPE) remembers what it found: a later search that starts before that find gives the
    same answer without reading again, and a marker missing from some point on is missing
    from every later point. So each kind of marker is read for over each character at most
    once, and no payload, however it repeats `<?` or `<!--`, costs more than a few passes.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str | re.Pattern, tuple[int, int, int]] = {}

    def search(self, marker: str | re.Pattern, start: int) -> tuple[int, int]:
        """Where the next `marker` at or after `start` begins and ends; (-1, -1) if none."""
        known = self._found.get(marker)
        if known and known[0] <= start and (known[1] < 0 or start <= known[1]):
            return known[1], known[2]
        at, end = self.read(marker, start)
        self._found[marker] = (start, at, end)
        return at, end

    def read(self, marker: str | re.Pattern, start: int) -> tuple[int, int]:
        """One search over the text itself."""
        if isinstance(marker, str):
            at = self.text.find(marker, start)
            return (at, at + len(marker)) if at >= 0 else (-1, -1)
        match = marker.search(self.text, start)
        return match.span() if match else (-1, -1)

    def prolog_end(self, at: int) -> int:
        """The end of the XML declaration, processing instruction, comment or DOCTYPE
        opening at `at`; -1 when none is complete there."""
        text = self.text
        if text.startswith("<?", at):
            return self.search("?>", at + 2)[1]
        if text.startswith("<!--", at):
            return self.search("-->", at + 4)[1]
        if text[at : at + 9].upper() != "<!DOCTYPE":
            return -1
        stop, after = self.search(_DOCTYPE_STOP, at + 9)
        if stop < 0 or text[stop] == ">":
            return after
        return self.search(_SUBSET_END, stop + 1)[1]  # the internal subset, then `>`

    def root_name(self) -> str:
        position = 0
        while True:
            at = self.search("<", position)[0]
            if at < 0:
                return ""
            if (end := self.prolog_end(at)) >= 0:
                position = end
                continue
            if name := _NAME.match(self.text, at + 1):
                return name.group()
            position = at + 1


def root_name(data: bytes) -> str:
    """Local name of the first element, skipping the XML declaration, comments and DOCTYPE.

    Reads at most HEAD_BYTES, in one pass (see _Head): a hostile payload can make it say
    "no root", never make it slow.
    """
    head = data[:HEAD_BYTES].decode("latin-1")
    if head.startswith("\u00ef\u00bb\u00bf"):
        head = head[3:]
    return _Head(head).root_name().rsplit(":", 1)[-1]


def opens_internal_subset(data: bytes) -> bool:
    """Whether a DOCTYPE in the head opens an internal subset (a `[` before its `>`), the
    door to entity tricks; read in one pass like root_name."""
    head = _Head(data[:HEAD_BYTES].decode("latin-1"))
    position = 0
    while (opened := head.search(_DOCTYPE_OPEN, position)[1]) >= 0:
        stop, position = head.search(_DOCTYPE_STOP, opened)
        if stop < 0:
            return False
        if head.text[stop] == "[":
            return True
    return False
