"""Drafting a desk article from the agency copy of one story (pure, no database)."""

import re
from datetime import UTC, datetime

import pytest

from dateline.desk.core.compose import ATTRIBUTION, Draft, SourceRef, compose, shorten
from dateline.desk.core.sentences import (
    is_boilerplate,
    numbers,
    paragraphs,
    split_dateline,
    split_sentences,
)
from dateline.wire.item import Dateline, PubStatus, Signal, WireItem

REUTERS_BODY = """MOSCOW, April 28 (Reuters) - Russian President Vladimir Putin on Monday thanked \
North Korean leader Kim Jong Un for sending troops to help drive Ukrainian forces out of \
Russia's Kursk region.

"The Korean friends acted out of a sense of solidarity, justice and genuine comradeship," \
Putin said in a statement released by the Kremlin.

North Korea confirmed for the first time on Monday that it had sent troops to Russia. \
The U.S. and South Korea have said about 11,000 North Korean soldiers were sent to Kursk \
last year.

Ukraine's military said fighting was still going on in parts of the Kursk region, where \
its forces had held about 3.5% of the territory they seized in August.

(Reporting by Guy Faulconbridge; Editing by Andrew Osborn)
((guy.faulconbridge@example.com; +7 495 000 0000))
Keywords: RUSSIA-NORTHKOREA/PUTIN
"""

AFP_BODY = """Moscow (AFP) - President Vladimir Putin on Monday thanked North Korean leader \
Kim Jong Un for sending troops that helped drive Ukrainian forces out of the Kursk region.
"The Korean friends acted out of a sense of solidarity, justice and genuine comradeship," \
Putin said.
Kremlin spokesman Dmitry Peskov said Putin would meet Kim "in due course", without giving \
a date.
Copyright 2025 AFP. All rights reserved.
"""

AP_BODY = """MOSCOW (AP) — North Korea confirmed for the first time on Monday that it had sent \
troops to Russia.
Western officials estimate that 4,700 North Korean soldiers have been killed or wounded, \
Mr. Zelensky's office said on Jan. 5.
Click here to subscribe to our alerts.
Associated Press writer Ivan Petrov in Kyiv contributed to this report.
"""


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 4, 28, hour, minute, tzinfo=UTC)


def _story() -> list[WireItem]:
    return [
        WireItem(
            agency="Reuters",
            guid="tag:reuters.com,2025:newsml_L1N3R0",
            version=1,
            sent=_at(6),
            headline="PUTIN THANKS KIM",
            body_text="MOSCOW, April 28 (Reuters) - Putin thanked Kim.",
            dateline=Dateline(city="Moscow", country="RU"),
        ),
        WireItem(
            agency="Reuters",
            guid="tag:reuters.com,2025:newsml_L1N3R0",
            version=2,
            sent=_at(7),
            headline="UPDATE 2-PUTIN THANKS NORTH KOREA'S KIM FOR TROOPS IN KURSK",
            body_text=REUTERS_BODY,
            dateline=Dateline(text="MOSCOW, April 28 (Reuters) -", city="Moscow", country="RU"),
        ),
        WireItem(
            agency="AFP",
            guid="urn:newsml:afp.com:20250428:TX-PAR-ABC12",
            sent=_at(7, 30),
            headline="Putin Thanks Kim Jong Un For North Korean Troops' Role In Kursk",
            body_text=AFP_BODY,
        ),
        WireItem(
            agency="AP",
            guid="ap-7f3c2a",
            sent=_at(8),
            headline="RPT-Putin thanks Kim for troops",
            body_text=AP_BODY,
        ),
    ]


@pytest.fixture(scope="module")
def draft() -> Draft:
    return compose(_story())


def _all_sentences(draft: Draft) -> list[str]:
    text = [draft.standfirst, *draft.body_paragraphs]
    return [s for block in text for s in split_sentences(block)]


def test_headline_is_the_house_headline_of_the_most_complete_item(draft: Draft) -> None:
    assert draft.headline == "Putin thanks North Korea's Kim for troops in Kursk"


def test_standfirst_is_the_lead_sentence_without_dateline(draft: Draft) -> None:
    assert draft.standfirst == (
        "Russian President Vladimir Putin on Monday thanked North Korean leader Kim Jong Un "
        "for sending troops to help drive Ukrainian forces out of Russia's Kursk region."
    )


def test_body_starts_after_the_standfirst_and_keeps_the_spine_in_order(draft: Draft) -> None:
    assert draft.body_paragraphs[0].startswith('"The Korean friends acted')
    joined = "\n".join(draft.body_paragraphs)
    assert joined.index("North Korea confirmed") < joined.index("Ukraine's military said")


def test_no_sentence_twice(draft: Draft) -> None:
    sentences = _all_sentences(draft)
    assert len(sentences) == len(set(sentences))
    assert sum("solidarity, justice and genuine comradeship" in s for s in sentences) == 1
    assert sum("confirmed for the first time" in s for s in sentences) == 1
    assert sum("thanked North Korean leader" in s for s in sentences) == 1


def test_unique_facts_of_other_agencies_are_added(draft: Draft) -> None:
    body = "\n".join(draft.body_paragraphs)
    assert (
        'Kremlin spokesman Dmitry Peskov said Putin would meet Kim "in due course", '
        "without giving a date."
    ) in draft.body_paragraphs
    assert (
        "Western officials estimate that 4,700 North Korean soldiers have been killed or "
        "wounded, Mr. Zelensky's office said on Jan. 5."
    ) in body


def test_quotes_and_figures_verbatim(draft: Draft) -> None:
    body = "\n".join(draft.body_paragraphs)
    assert (
        '"The Korean friends acted out of a sense of solidarity, justice and genuine '
        'comradeship," Putin said in a statement released by the Kremlin.'
    ) in body
    for figure in ("11,000", "3.5%", "4,700", "Jan. 5"):
        assert figure in body


def test_boilerplate_never_reaches_the_body(draft: Draft) -> None:
    text = "\n".join([draft.standfirst, *draft.body_paragraphs, *draft.takeaways])
    for leftover in (
        "Reporting by",
        "Editing by",
        "Keywords",
        "@example.com",
        "Copyright",
        "Click here",
        "contributed to this report",
        "(Reuters)",
        "(AFP)",
        "(AP)",
        "MOSCOW",
    ):
        assert leftover not in text


def test_up_to_three_takeaways_that_condense_the_story_and_copy_no_sentence(draft: Draft) -> None:
    assert 1 <= len(draft.takeaways) <= 3
    assert len(set(draft.takeaways)) == len(draft.takeaways)
    told = {re.sub(r"\W+", " ", s).strip().lower() for s in _all_sentences(draft)}
    source_text = re.sub(r"\s+", " ", REUTERS_BODY + AFP_BODY + AP_BODY)
    for bullet in draft.takeaways:
        assert re.sub(r"\W+", " ", bullet).strip().lower() not in told, bullet
        assert len(bullet.split()) <= 18
        # Only words were left out: figures and quotes are exactly as the agencies sent them.
        assert numbers(bullet) <= numbers(source_text)
        for quote in re.findall(r'"[^"]+"', bullet):
            assert quote in source_text
    assert "Fighting was still going on in parts of the Kursk region." in draft.takeaways


def test_attribution_line(draft: Draft) -> None:
    assert draft.attribution == "(With inputs from agencies.)" == ATTRIBUTION


def test_sources_list_latest_versions_in_time_order(draft: Draft) -> None:
    assert draft.sources == (
        SourceRef(
            agency="Reuters",
            guid="tag:reuters.com,2025:newsml_L1N3R0",
            version=2,
            sent=_at(7),
            headline="UPDATE 2-PUTIN THANKS NORTH KOREA'S KIM FOR TROOPS IN KURSK",
        ),
        SourceRef(
            agency="AFP",
            guid="urn:newsml:afp.com:20250428:TX-PAR-ABC12",
            version=1,
            sent=_at(7, 30),
            headline="Putin Thanks Kim Jong Un For North Korean Troops' Role In Kursk",
        ),
        SourceRef(
            agency="AP",
            guid="ap-7f3c2a",
            version=1,
            sent=_at(8),
            headline="RPT-Putin thanks Kim for troops",
        ),
    )


def test_dateline_city_and_byline_agencies(draft: Draft) -> None:
    assert draft.dateline_city == "Moscow"
    assert draft.byline_agencies == ("Reuters", "AFP", "AP")


def test_draft_is_frozen(draft: Draft) -> None:
    with pytest.raises(AttributeError):
        draft.headline = "changed"  # type: ignore[misc]


def test_killed_and_withdrawn_items_are_left_out() -> None:
    story = _story()
    story.append(
        WireItem(
            agency="AFP",
            guid="urn:newsml:afp.com:20250428:TX-PAR-ABC12",
            version=2,
            sent=_at(9),
            signals=frozenset({Signal.KILL}),
            headline="KILL - Putin thanks Kim",
        )
    )
    story.append(
        WireItem(
            agency="dpa",
            guid="dpa-1",
            pubstatus=PubStatus.WITHDRAWN,
            headline="Putin dankt Kim",
            body_text="Peskov announced a summit in Pyongyang on May 20 with 300 delegates.",
        )
    )
    result = compose(story)
    assert [s.agency for s in result.sources] == ["Reuters", "AP"]
    assert "Peskov" not in " ".join(result.body_paragraphs)


def test_a_story_without_usable_copy_is_an_error() -> None:
    with pytest.raises(ValueError, match="usable"):
        compose([])
    with pytest.raises(ValueError, match="usable"):
        compose([WireItem(agency="AP", guid="x", pubstatus=PubStatus.CANCELED, body_text="Hi.")])


def test_hard_wrapped_indented_copy_and_html_only_copy() -> None:
    wrapped = WireItem(
        agency="Reuters",
        guid="r-1987",
        headline="BANK OF FRANCE SETS MONEY MARKET TENDER",
        dateline=Dateline(text="PARIS, March 2 -"),
        body_text=(
            "The Bank of France said it invited offers of first category paper\n"
            "today for a money market intervention tender.\n"
            "    Money market dealers said conditions seemed right for the Bank\n"
            "to cut its intervention rate at the tender by a quarter point to\n"
            "7-3/4 pct from eight.\n"
            "    Intervention rate was last raised to eight pct on January 2.\n"
            " Reuter\n\x03"
        ),
    )
    result = compose([wrapped])
    assert result.headline == "Bank of France sets money market tender"
    assert result.standfirst == (
        "The Bank of France said it invited offers of first category paper today for a "
        "money market intervention tender."
    )
    assert result.body_paragraphs == (
        "Money market dealers said conditions seemed right for the Bank to cut its "
        "intervention rate at the tender by a quarter point to 7-3/4 pct from eight.",
        "Intervention rate was last raised to eight pct on January 2.",
    )
    assert result.dateline_city == ""

    html_only = WireItem(
        agency="AAP",
        guid="aap-1",
        headline="Floods cut roads in Queensland",
        body_html=(
            "<p>BRISBANE, March 3 (AAP) - Floods have cut 42 roads in Queensland.</p>"
            "<p>&quot;Stay off the roads,&quot; police said.</p><p>More rain is due.</p>"
        ),
    )
    result = compose([html_only])
    assert result.dateline_city == "Brisbane"
    assert result.standfirst == "Floods have cut 42 roads in Queensland."
    assert result.body_paragraphs == ('"Stay off the roads," police said.', "More rain is due.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. economy grew 3.5 pct in Jan. last year. Growth slowed.",
            ["The U.S. economy grew 3.5 pct in Jan. last year.", "Growth slowed."],
        ),
        (
            'Mr. Smith said: "It is over." He left at 5 p.m. on Friday.',
            ['Mr. Smith said: "It is over."', "He left at 5 p.m. on Friday."],
        ),
        (
            "Prices rose in the U.S. The minister quit on Jan. 5 after Dr. J. Brown spoke.",
            ["Prices rose in the U.S.", "The minister quit on Jan. 5 after Dr. J. Brown spoke."],
        ),
        (
            '"Is it over?" she asked. "No!" he said. Shares of Acme Inc. rose 1.25%.',
            ['"Is it over?" she asked.', '"No!" he said.', "Shares of Acme Inc. rose 1.25%."],
        ),
        (
            "Asked if he would resign, he said no. The vote is on No. 10 Downing Street.",
            [
                "Asked if he would resign, he said no.",
                "The vote is on No. 10 Downing Street.",
            ],
        ),
        (
            "Sales hit $1.2 billion (up 4.5%). U.S. Steel Corp. said so.",
            ["Sales hit $1.2 billion (up 4.5%).", "U.S. Steel Corp. said so."],
        ),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "city", "rest"),
    [
        ("LONDON, March 9 (Reuters) - Oil rose.", "London", "Oil rose."),
        ("NEW YORK, Jan 5 (Reuters) - Stocks fell.", "New York", "Stocks fell."),
        ("WASHINGTON (AP) — The Senate voted.", "Washington", "The Senate voted."),
        ("Moscow (AFP) - Putin spoke.", "Moscow", "Putin spoke."),
        ("SALVADOR, Feb 26 - Showers continued.", "Salvador", "Showers continued."),
        ("DAKAR, Senegal, 28 April (Reuters) - Troops moved.", "Dakar", "Troops moved."),
        ("(Reuters) - Oil rose.", "", "Oil rose."),
        ("Officials said - quietly - that talks failed.", "", None),
        ("Oil rose on Monday.", "", None),
    ],
)
def test_dateline_prefix_is_split_off(text: str, city: str, rest: str | None) -> None:
    assert split_dateline(text) == (city, rest if rest is not None else text)


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Guy Faulconbridge; Editing by Andrew Osborn)",
        "(Additional reporting by Jane Doe in Kyiv; Writing by John Roe)",
        "((guy.faulconbridge@thomsonreuters.com; +7 495 775 1242))",
        "Keywords: RUSSIA-NORTHKOREA/PUTIN",
        "Copyright 2025 The Associated Press. All rights reserved.",
        "© 2025 AFP",
        "Click here for the full story.",
        "Associated Press writer Ivan Petrov contributed to this report.",
        "Reuter",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Putin said the copyright law would change.",
        "The Reuters news agency reported the figures on Monday.",
        "Editors said they would click through the archive.",
    ],
)
def test_news_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_paragraphs_join_wrapped_lines_and_split_on_blank_lines() -> None:
    text = "First line\nwraps here.\n\nSecond para.\nThird para."
    assert paragraphs(text) == ["First line wraps here.", "Second para.", "Third para."]


def test_shorten_cuts_at_a_word_boundary_and_closes_quotes() -> None:
    long = "Officials said the programme would cost 12.5 billion euros " * 4
    cut = shorten(long, 80)
    assert len(cut) <= 80
    assert cut.endswith("…")
    assert long.startswith(cut[:-1])
    assert not cut[:-1].endswith(" ")
    quoted = 'The minister said: "We will rebuild every school and every clinic in the region '
    quoted += 'before the rains come, whatever it costs," on Monday.'
    cut = shorten(quoted, 90)
    assert len(cut) <= 90
    assert cut.count('"') % 2 == 0
    assert shorten("Short enough.", 80) == "Short enough."


def test_a_short_story_needs_no_takeaways() -> None:
    three = WireItem(
        agency="AP",
        guid="ap-short",
        headline="Quake hits Chile",
        body_text=(
            "SANTIAGO, Chile (AP) — A 6.1 magnitude earthquake hit northern Chile on Sunday.\n"
            "The quake hit northern Chile near Arica, officials said.\n"
            "No damage was reported."
        ),
    )
    assert compose([three]).takeaways == ()
    one = WireItem(agency="AP", guid="ap-one", body_text="A 6.1 quake hit Chile on Sunday.")
    assert compose([one]).takeaways == ()
    assert compose([one]).headline == "A 6.1 quake hit Chile on Sunday"
