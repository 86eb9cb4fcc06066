"""The wire stores and announces; it never reaches into the desk, which may be left out."""

from __future__ import annotations

from pathlib import Path

from tests.source_imports import imported_modules

WIRE = Path(__file__).resolve().parents[2] / "dateline" / "wire"


def test_no_wire_module_imports_the_desk():
    offenders = {
        str(path.relative_to(WIRE)): sorted(n for n in imported_modules(path) if "desk" in n)
        for path in WIRE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
