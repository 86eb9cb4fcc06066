"""Shared helpers for the wire parser tests: the project's own fixtures, one folder per format."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.wire.parsers import ParseResult, parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str, agency: str = "testwire", **kwargs: str) -> ParseResult:
    return parse(read_fixture(name), agency=agency, filename=Path(name).name, **kwargs)


@pytest.fixture
def fixture_bytes():
    return read_fixture


@pytest.fixture
def wire_source(db):
    """A source factory; keyword arguments override the defaults."""
    from dateline.wire.models import Source

    def make(**fields):
        defaults = {"name": "Test Wire", "slug": "test-wire", "agency": "Test Wire"}
        return Source.objects.create(**{**defaults, **fields})

    return make
