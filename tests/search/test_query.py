"""Reducing what a reader typed to plain words that no backend can read as syntax."""

from __future__ import annotations

import pytest

from dateline.search.query import MAX_QUERY_CHARS, MAX_TERMS, parse_query


@pytest.mark.parametrize(
    "raw,terms",
    [
        ("Cholera in Malawi", ("cholera", "malawi")),
        ('"floods" NEAR(kenya, 3) AND OR *', ("floods", "near", "kenya", "3")),
        ("'; DROP TABLE wagtailcore_page; --", ("drop", "table", "wagtailcore", "page")),
        ("<script>alert(1)</script>", ("script", "alert", "1")),
        ("Malawi's  cholera   cholera", ("malawi", "cholera")),
        ("São Tomé ÉLECTIONS", ("são", "tomé", "élections")),
        ("nul\x00byte", ("nul", "byte")),
        ("the and or", ("the", "and", "or")),
        ("!!! ??? ...", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_only_words_reach_the_backend(raw, terms):
    assert parse_query(raw).terms == terms


def test_echoed_text_has_no_control_characters_and_is_capped():
    query = parse_query("flood\x00\x1b[31m " + "x" * 1000)
    assert "\x00" not in query.text and "\x1b" not in query.text
    assert len(query.text) == MAX_QUERY_CHARS
    assert query.text.startswith("flood [31m")


def test_number_of_words_is_capped():
    query = parse_query(" ".join(f"word{i}" for i in range(50)))
    assert len(query.terms) == MAX_TERMS
    assert query.backend_text.split() == [f"word{i}" for i in range(MAX_TERMS)]


def test_overlong_tokens_are_dropped():
    assert parse_query("a" * 41 + " kenya").terms == ("kenya",)
