"""Marking the reader's words without ever trusting stored text as HTML."""

from __future__ import annotations

from dateline.search.highlight import mark, plain_text, snippet, stem, term_pattern


def test_marks_whole_words_and_their_endings_case_blind():
    pattern = term_pattern(["flood", "kenya"])
    html = mark("Floods cut roads in Kenya; no floodplain spared, Kenyans say", pattern)
    assert html == (
        "<mark>Floods</mark> cut roads in <mark>Kenya</mark>; no <mark>floodplain</mark> "
        "spared, <mark>Kenyans</mark> say"
    )


def test_does_not_mark_inside_words():
    assert mark("Deflooding", term_pattern(["flood"])) == "Deflooding"


def test_everything_is_escaped_and_only_marks_are_added():
    pattern = term_pattern(["script", "amp"])
    html = mark('<script>alert("x")</script> & <b>amp</b>', pattern)
    assert html == (
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; "
        "&lt;b&gt;<mark>amp</mark>&lt;/b&gt;"
    )


def test_stems_only_long_enough_words():
    assert stem("floods") == "flood"
    assert stem("rains") == "rain"
    assert stem("bus") == "bus"
    assert stem("flooding") == "flood"


def test_plain_text_drops_tags_and_resolves_entities():
    assert plain_text("<p>Aid &amp; <b>relief</b></p><p>&lt;arrived&gt;</p>") == (
        "Aid & relief <arrived>"
    )


def test_plain_text_keeps_words_of_separate_blocks_apart_and_inline_words_whole():
    rich = (
        '<h2 data-block-key="x">Aid</h2><p>Re<i>lief</i> <a href="/x">came</a><br/>late'
        "<!-- a <p> note --></p><ul><li>one</li><li>two</li></ul>"
    )
    assert plain_text(rich) == "Aid Relief came late one two"


def test_snippet_prefers_the_first_part_with_a_match_and_cuts_around_it():
    body = " ".join(["filler"] * 80 + ["the", "cholera", "ward"] + ["filler"] * 80)
    html = snippet(["A standfirst about rain.", body], term_pattern(["cholera"]))
    assert "<mark>cholera</mark> ward" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 320


def test_snippet_without_match_opens_the_first_part():
    html = snippet(["Rain <b>fell</b>.", "Body"], term_pattern(["drought"]))
    assert html == "Rain &lt;b&gt;fell&lt;/b&gt;."


def test_snippet_works_out_a_later_part_only_when_an_earlier_one_has_no_match():
    asked = []

    def body() -> str:
        asked.append(True)
        return "The drought deepened in the north."

    assert snippet(["Rain fell.", body], term_pattern(["rain"])) == "<mark>Rain</mark> fell."
    assert not asked
    html = snippet(["Rain fell.", body], term_pattern(["drought"]))
    assert html == "The <mark>drought</mark> deepened in the north."
    assert asked
