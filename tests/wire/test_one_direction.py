"""The wire stores and announces; it never reaches into the desk, which may be left out."""

from __future__ import annotations

import ast
from pathlib import Path

WIRE = Path(__file__).resolve().parents[2] / "dateline" / "wire"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, by name, including imports inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "import_module":
            names.update(arg.value for arg in node.args if isinstance(arg, ast.Constant))
    return names


def test_no_wire_module_imports_the_desk():
    offenders = {
        str(path.relative_to(WIRE)): sorted(n for n in imported_modules(path) if "desk" in n)
        for path in WIRE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
