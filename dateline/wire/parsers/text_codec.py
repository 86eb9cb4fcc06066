"""Bytes to text for the plain-text wire formats (ANPA-1312, IPTC 7901), which carry no charset."""

from __future__ import annotations


def decode_wire_text(data: bytes, notes: list[str]) -> str:
    """UTF-8 when the bytes are valid UTF-8, else cp1252 (a superset of the Latin-1 these use)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        notes.append("text is not UTF-8; read as cp1252")
        return data.decode("cp1252", errors="replace")
