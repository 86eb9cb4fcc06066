"""Tests share helpers through conftest fixtures and helper modules, never by importing a test
module: pytest would collect the imported module's tests a second time under another name."""

from __future__ import annotations

from pathlib import Path

from tests.source_imports import imported_modules

TESTS = Path(__file__).resolve().parent


def test_no_test_module_imports_another_test_module():
    offenders = {
        str(path.relative_to(TESTS)): sorted(
            name for name in imported_modules(path) if name.rsplit(".", 1)[-1].startswith("test_")
        )
        for path in TESTS.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
