"""The `desk process` JSONL contract: one output line per input line, in order, never a crash."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from dateline.desk.core.copy import WireCopy, read
from dateline.desk.core.process import BadLine, process_items, wire_item

KEYS = {
    "id",
    "story",
    "duplicate_of",
    "primary_country",
    "countries",
    "sector",
    "edition",
    "language",
}

BODY = (
    "The central bank of Kenya raised its benchmark lending rate by 50 basis points to 13 "
    "percent on Tuesday, citing a weaker shilling and rising fuel prices, and said it would "
    "keep watching food inflation closely in the coming months as the rains fail in the north."
)
OTHER_BODY = (
    "Shares in Tokyo closed higher on Friday as exporters gained on a softer yen, with the "
    "Nikkei average up 1.2 percent and trading volumes thin ahead of a long holiday weekend."
)


@dataclass(frozen=True)
class FakeTags:
    primary_country: str | None = "KE"
    countries: tuple[str, ...] = ("KE", "UG")
    sector: str | None = "economy"
    edition: str | None = "africa"
    dateline_country: str | None = None
    flags: tuple[str, ...] = ()


def fake_tagger(copy: WireCopy) -> FakeTags:
    return FakeTags()


def run(lines, tagger=fake_tagger):
    return list(process_items(lines, tagger=tagger))


def test_output_follows_the_contract_in_input_order():
    lines = [
        {"id": "a", "headline": "Kenya raises rates", "body": BODY, "source": "reuters"},
        {"id": "b", "headline": "Tokyo stocks close higher", "body": OTHER_BODY},
        {"id": "c", "headline": "Kenya raises rates", "body": BODY, "source": "afp"},
    ]
    out = run(lines)
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert all(set(o) == KEYS for o in out)
    assert [(o["story"], o["duplicate_of"]) for o in out] == [("a", None), ("b", None), ("a", "a")]
    assert out[0]["countries"] == ["KE", "UG"]
    assert (out[0]["primary_country"], out[0]["sector"], out[0]["edition"]) == (
        "KE",
        "economy",
        "africa",
    )


def test_json_text_lines_are_decoded_and_blank_lines_skipped():
    lines = [json.dumps({"id": "a", "headline": "Kenya", "body": BODY}), "", "  \n"]
    out = run(lines)
    assert len(out) == 1
    assert out[0]["story"] == "a"


def test_bad_lines_give_an_error_line_and_the_run_goes_on():
    lines = [
        '{"id": "ok-1", "headline": "Kenya raises rates", "body": "' + BODY + '"}',
        '{"id": "broken", "headline": ',
        json.dumps({"headline": "no id", "body": BODY}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "when", "body": BODY, "published": "the day after"}),
        json.dumps({"id": "typed", "headline": 7}),
        json.dumps({"id": ""}),
        json.dumps({"id": "ok-2", "body": BODY}),
    ]
    out = run(lines)
    assert len(out) == len(lines)
    assert [o["id"] for o in out] == ["ok-1", None, None, None, "when", "typed", "", "ok-2"]
    errors = [o for o in out if "error" in o]
    assert len(errors) == 6
    assert "invalid JSON" in out[1]["error"] and out[1]["line"] == 2
    assert '"id"' in out[2]["error"]
    assert "not a JSON object" in out[3]["error"]
    assert "published" in out[4]["error"]
    assert '"headline"' in out[5]["error"]
    assert out[7]["duplicate_of"] == "ok-1"  # the identity state survived the bad lines


def test_empty_headline_or_body_is_still_an_item():
    out = run(
        [
            {"id": "no-body", "headline": "Kenya raises rates", "body": ""},
            {"id": "no-headline", "headline": "", "body": BODY},
            {"id": "nothing", "headline": "", "body": ""},
            {"id": "nothing-again"},
        ]
    )
    assert all("error" not in o for o in out)
    assert [o["story"] for o in out] == ["no-body", "no-headline", "nothing", "nothing-again"]
    assert all(o["duplicate_of"] is None for o in out)


def test_repeated_id_is_a_stale_repeat_of_the_same_story():
    out = run([{"id": "a", "body": BODY}, {"id": "a", "body": OTHER_BODY}])
    assert [o["story"] for o in out] == ["a", "a"]


def test_integer_ids_are_accepted():
    out = run([{"id": 1, "body": BODY}, {"id": 2, "body": BODY}])
    assert out[0]["id"] == 1
    assert (out[1]["story"], out[1]["duplicate_of"]) == ("1", "1")


def test_tagger_failure_is_reported_without_losing_identity():
    def broken(copy):
        raise RuntimeError("gazetteer missing")

    out = run([{"id": "a", "body": BODY}], tagger=broken)
    assert out[0]["story"] == "a"
    assert "gazetteer missing" in out[0]["error"]
    assert out[0]["countries"] == []


def test_line_maps_to_the_wire_item_a_parser_would_give():
    item = wire_item(
        {
            "id": "x1",
            "headline": "Kenya &amp; Uganda talk trade",
            "body": "<p>First &lt;para&gt;.</p><p>Second.</p>",
            "dateline": "NAIROBI, March 9 -",
            "published": "2025-03-09T10:30:00+03:00",
            "source": "afp",
        }
    )
    assert (item.agency, item.guid, item.family_uri) == ("afp", "x1", "x1")
    assert item.headline == "Kenya & Uganda talk trade"
    assert item.sent == datetime(2025, 3, 9, 7, 30, tzinfo=UTC)
    assert item.dateline.text == "NAIROBI, March 9 -"
    assert (item.dateline.city, item.dateline.country) == ("Nairobi", "KE")
    assert item.body_text == "First <para>.\nSecond."


def test_missing_source_time_and_dateline_have_defaults():
    item = wire_item({"id": "x2", "body": "DAKAR (Reuters) - Niger's junta said on Monday."})
    assert item.agency == "unknown"
    assert item.sent is None
    dateline = read(item).dateline  # the desk reads the body's dateline once, for every step
    assert (dateline.city, dateline.country) == ("Dakar", "SN")


def test_naive_time_is_taken_as_utc():
    item = wire_item({"id": "x3", "published": "1987-02-26T15:01:01"})
    assert item.sent == datetime(1987, 2, 26, 15, 1, 1, tzinfo=UTC)


def test_bad_line_raises_bad_line():
    with pytest.raises(BadLine):
        wire_item({"id": None})


def test_real_tagger_output_has_the_contract_shape():
    out = run(
        [
            {
                "id": "k1",
                "headline": "Kenya raises rates",
                "body": BODY,
                "dateline": "NAIROBI, May 6 -",
                "published": "2025-05-06T09:00:00Z",
                "source": "reuters",
            },
            {"id": "k2", "headline": "", "body": ""},
        ],
        tagger=None,
    )
    for line in out:
        assert "error" not in line
        assert set(line) == KEYS
        assert line["primary_country"] is None or (
            len(line["primary_country"]) == 2 and line["primary_country"].isupper()
        )
        assert isinstance(line["countries"], list)
        assert all(isinstance(c, str) and len(c) == 2 for c in line["countries"])
        assert line["sector"] is None or isinstance(line["sector"], str)
        assert line["edition"] is None or isinstance(line["edition"], str)
    json.dumps(out)


def test_each_item_gets_a_language_declared_or_detected():
    lines = [
        {"id": "en", "headline": "Train drivers strike across Germany", "body": BODY},
        {
            "id": "de",
            "headline": "Lokführer streiken erneut: Bahn stellt Fernverkehr ein",
            "body": "Die Lokführergewerkschaft hat erneut zu einem Streik aufgerufen. Der "
            "Fernverkehr der Bahn wird nach Angaben des Unternehmens weitgehend eingestellt.",
        },
        {"id": "declared", "headline": "Obama signs bill", "body": "", "language": "fr-FR"},
        {"id": "short", "headline": "Obama signs bill", "body": ""},
    ]
    out = {line["id"]: line["language"] for line in process_items(lines, tagger=fake_tagger)}
    assert out == {"en": "en", "de": "de", "declared": "fr", "short": "en"}


def test_items_in_two_languages_never_share_a_story():
    english = {"id": "en", "headline": "Germany rail strike halts long-distance trains"}
    reworded = {"id": "en-2", "headline": "Rail strike in Germany halts long-distance trains"}
    first, second = process_items([english, reworded], tagger=fake_tagger)
    assert first["story"] == second["story"]
    declared_german = {**reworded, "language": "de"}
    first, second = process_items([english, declared_german], tagger=fake_tagger)
    assert first["story"] != second["story"]
