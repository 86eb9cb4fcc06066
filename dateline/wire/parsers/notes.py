"""Agency notes to editors, kept apart from the copy so they can never be published.

Every format has its own place for them: NewsML-G2 `edNote` (dpa marks contacts
`pubconstraint="dpapconstraint:nonpublic"`), NITF `ed-msg` and `<note type="npa">`
(a non-publishable advisory, which may sit inside the body), ninjs `ednote`.
"""

from __future__ import annotations

from lxml import etree

from dateline.wire.item import AgencyNote
from dateline.wire.parsers.xml import local, text_of

# NITF note types: "std" and "pa" (publishable advisory) may be printed; "npa" may not.
_NITF_UNPUBLISHABLE = {"npa"}
_NITF_EDITORS = {"editorsnote"}
# Contacts and dpa's closing line (the desk's routing code, "dpa sza yybb n1 gth") are the
# agency's internal business, whatever flag a feed sets on them.
_INTERNAL_ROLES = ("contacts", "closingline")


def note(text: str, role: str = "", *, publishable: bool = False) -> AgencyNote | None:
    """A note with its whitespace collapsed, or None when there is nothing to read."""
    words = " ".join(text.split())
    if not words:
        return None
    internal = role.rsplit(":", 1)[-1].lower().endswith(_INTERNAL_ROLES)
    return AgencyNote(text=words, role=role, publishable=publishable and not internal)


def is_nonpublic(pubconstraint: str) -> bool:
    """A NewsML-G2 publishing constraint that forbids publication (dpa: `...:nonpublic`)."""
    return any(code.rsplit(":", 1)[-1].lower() == "nonpublic" for code in pubconstraint.split())


def _is_editors_note(el: etree._Element) -> bool:
    return local(el.tag) == "note" and (
        el.get("type", "").lower() in _NITF_UNPUBLISHABLE
        or el.get("noteclass", "").lower() in _NITF_EDITORS
    )


def nitf_notes(el: etree._Element | None) -> list[AgencyNote]:
    """NITF notes meant for editors only, anywhere under `el`."""
    if el is None:
        return []
    found = (
        note(
            text_of(n),
            n.get("noteclass", "") or "note",
            publishable=n.get("type", "").lower() not in _NITF_UNPUBLISHABLE,
        )
        for n in el.iter()
        if _is_editors_note(n)
    )
    return [n for n in found if n is not None]


def without_nitf_notes(el: etree._Element) -> etree._Element:
    """A copy of `el` without the NITF notes meant for editors, so a body never carries them."""
    copy = etree.fromstring(etree.tostring(el))
    for found in [n for n in copy.iter() if _is_editors_note(n)]:
        parent = found.getparent()
        if parent is not None:
            if found.tail:
                previous = found.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + found.tail
                else:
                    parent.text = (parent.text or "") + found.tail
            parent.remove(found)
    return copy
