"""Story identity: versions, kills, duplicates, coverage by other agencies, restore."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import pytest

from dateline.desk.core.copy import read
from dateline.desk.core.identity import Decision, IdentityIndex, Kind
from dateline.desk.core.shingles import (
    Fingerprint,
    jaccard,
    shingle_hashes,
    signature_bytes,
    signature_from_bytes,
)
from dateline.wire.item import PubStatus, Signal, WireItem

T0 = datetime(2025, 4, 28, 6, 0, tzinfo=UTC)

QUAKE = (
    "Earthquake kills at least 12 in central Italy",
    "A magnitude 6.1 earthquake struck near the town of Norcia in central Italy early on "
    "Tuesday, killing at least 12 people and bringing down houses across the Umbria region, "
    "the Civil Protection Department said. Rescue teams from Perugia and Rome worked through "
    "the night to pull survivors from the rubble, and Prime Minister Giorgia Meloni said the "
    "government would declare a state of emergency. The quake was felt as far away as Naples "
    "and Florence, the National Institute of Geophysics and Volcanology said, and more than "
    "2,000 people spent the night in tents set up in sports halls and car parks. Mayor Nicola "
    "Alemanno said the historic basilica of San Benedetto had partly collapsed.",
)
# Another agency's copy of the same event: different wording, the same names and figures.
QUAKE_OTHER_AGENCY = (
    "Italy quake death toll rises to 12, Meloni pledges emergency aid",
    "ROME, April 28 - Twelve people died when a 6.1 magnitude quake hit Norcia in the Umbria "
    "region overnight, Italian officials said. Civil Protection chief Fabio Ciciliano said "
    "search teams from Perugia were still combing collapsed buildings. Giorgia Meloni promised "
    "a state of emergency and funds for reconstruction. Norcia mayor Nicola Alemanno told "
    "state television RAI that the basilica of San Benedetto was badly damaged and 2,000 "
    "residents were sleeping in tents.",
)
RATES = (
    "Bank of England holds rates at 4.5 pct as inflation eases",
    "The Bank of England kept its main interest rate at 4.5 percent on Thursday, with "
    "Governor Andrew Bailey saying inflation was falling more slowly than the central bank "
    "had hoped. Seven members of the Monetary Policy Committee voted to hold rates while two "
    "voted for a cut, minutes published alongside the decision showed. Sterling rose against "
    "the dollar and the euro after the announcement, and gilt yields edged higher. Economists "
    "polled before the meeting had expected a hold, with most forecasting a cut in August as "
    "wage growth slows and the labour market loosens across Britain.",
)
HARVEST = (
    "Brazil soybean harvest reaches record 170 mln tonnes",
    "Farmers in Brazil have harvested a record soybean crop of about 170 million tonnes, "
    "the national supply agency Conab said on Wednesday, as good weather in Mato Grosso and "
    "Parana lifted yields. Exports through the ports of Santos and Paranagua are expected to "
    "reach 105 million tonnes, most of them bound for China, while crushers in Rio Grande do "
    "Sul reported strong demand for soymeal from feed makers in Europe and Asia.",
)


def wire(
    guid: str,
    text: tuple[str, str],
    *,
    agency: str = "reuters",
    version: int = 1,
    family: str = "",
    at: datetime = T0,
    kill: bool = False,
    pubstatus: PubStatus = PubStatus.USABLE,
) -> WireItem:
    return WireItem(
        agency=agency,
        guid=guid,
        headline=text[0],
        body_text=text[1],
        version=version,
        family_uri=family,
        sent=at,
        signals=frozenset({Signal.KILL}) if kill else frozenset(),
        pubstatus=pubstatus,
    )


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def reword(text: tuple[str, str], swaps: dict[str, str]) -> tuple[str, str]:
    body = text[1]
    for old, new in swaps.items():
        assert old in body
        body = body.replace(old, new, 1)
    return text[0], body


def test_first_item_starts_a_story_named_after_it():
    decision = IdentityIndex().add(wire("q1", QUAKE))
    assert decision == Decision("q1", "q1", Kind.NEW)


def test_new_version_replaces_the_item_in_its_story():
    index = IdentityIndex()
    index.add(wire("q1", QUAKE, family="urn:q"))
    update = reword(QUAKE, {"at least 12": "at least 20", "2,000": "3,500"})
    decision = index.add(wire("q1-v2", update, family="urn:q", version=2))
    assert decision.kind is Kind.VERSION
    assert decision.story_id == "q1"
    assert decision.replaced == "q1"
    assert decision.duplicate_of is None


def test_version_with_rewritten_text_still_stays_in_its_story():
    index = IdentityIndex()
    index.add(wire("q1", QUAKE, family="urn:q"))
    decision = index.add(wire("q1-v2", RATES, family="urn:q", version=2))
    assert (decision.kind, decision.story_id) == (Kind.VERSION, "q1")


def test_replaced_version_is_no_longer_a_duplicate_target():
    index = IdentityIndex()
    index.add(wire("q1", QUAKE, family="urn:q"))
    index.add(wire("q1-v2", RATES, family="urn:q", version=2))
    decision = index.add(wire("copy", RATES, agency="afp"))
    assert decision.duplicate_of == "q1-v2"
    assert index.add(wire("old-copy", QUAKE, agency="dpa")).kind is Kind.NEW


@pytest.mark.parametrize("version", [1, 2])
def test_equal_or_lower_version_is_a_stale_repeat(version):
    index = IdentityIndex()
    index.add(wire("q1-v2", QUAKE, family="urn:q", version=2))
    decision = index.add(wire("q1-old", QUAKE, family="urn:q", version=version))
    assert decision.kind is Kind.STALE
    assert decision.story_id == "q1-v2"
    assert decision.replaced is None


def test_same_family_of_another_agency_is_not_a_version():
    index = IdentityIndex()
    index.add(wire("a", QUAKE, family="urn:q", agency="reuters"))
    decision = index.add(wire("b", RATES, family="urn:q", agency="afp", version=2))
    assert decision.kind is Kind.NEW


def test_exact_duplicate_joins_its_twin():
    index = IdentityIndex()
    index.add(wire("r1", RATES))
    decision = index.add(wire("r2", RATES, agency="afp"))
    assert decision == Decision("r2", "r1", Kind.DUPLICATE, duplicate_of="r1")


def test_repeat_headline_prefix_and_spacing_do_not_hide_a_duplicate():
    index = IdentityIndex()
    index.add(wire("r1", RATES))
    repeat = ("RPT-" + RATES[0].upper(), "  " + RATES[1].replace(" ", "\n ", 5))
    assert index.add(wire("r2", repeat)).duplicate_of == "r1"


def test_near_duplicate_with_a_few_words_changed_joins_its_twin():
    near = reword(RATES, {"Thursday": "Friday", "Seven": "Six", "edged higher": "rose slightly"})
    score = jaccard(shingle_hashes(*RATES), shingle_hashes(*near))
    assert 0.8 <= score < 1.0
    index = IdentityIndex()
    index.add(wire("r1", RATES))
    decision = index.add(wire("r2", near))
    assert (decision.kind, decision.story_id, decision.duplicate_of) == (
        Kind.DUPLICATE,
        "r1",
        "r1",
    )


def test_heavily_edited_copy_below_threshold_is_not_a_duplicate():
    half = (RATES[0], " ".join(RATES[1].split()[:45]))
    assert jaccard(shingle_hashes(*RATES), shingle_hashes(*half)) < 0.8
    index = IdentityIndex()
    index.add(wire("r1", RATES))
    decision = index.add(wire("r2", half))
    assert decision.duplicate_of is None
    assert decision.kind is Kind.COVERAGE  # the agency's shorter follow-up on the same event


def test_unrelated_stories_stay_apart():
    index = IdentityIndex()
    decisions = [index.add(wire(g, t)) for g, t in [("q", QUAKE), ("r", RATES), ("h", HARVEST)]]
    assert [d.story_id for d in decisions] == ["q", "r", "h"]
    assert all(d.kind is Kind.NEW for d in decisions)


def test_best_twin_is_the_closest_copy():
    slight = reword(RATES, {"Thursday": "Friday"})
    index = IdentityIndex()
    index.add(wire("far", reword(RATES, {"Seven": "Six", "edged higher": "rose"})))
    index.add(wire("other", HARVEST))
    index.add(wire("close", slight, agency="afp"))
    assert index.add(wire("new", slight, agency="ap")).duplicate_of == "close"


def test_other_agency_covering_the_same_event_within_the_window_joins_the_story():
    index = IdentityIndex()
    index.add(wire("reuters-1", QUAKE, agency="reuters"))
    index.add(wire("reuters-2", RATES, agency="reuters", at=T0 + timedelta(hours=1)))
    decision = index.add(
        wire("afp-1", QUAKE_OTHER_AGENCY, agency="afp", at=T0 + timedelta(hours=5))
    )
    assert decision.kind is Kind.COVERAGE
    assert decision.story_id == "reuters-1"
    assert decision.duplicate_of is None


def test_coverage_outside_the_window_starts_a_new_story():
    index = IdentityIndex()
    index.add(wire("reuters-1", QUAKE, agency="reuters"))
    later = T0 + timedelta(hours=49)
    decision = index.add(wire("afp-1", QUAKE_OTHER_AGENCY, agency="afp", at=later))
    assert (decision.kind, decision.story_id) == (Kind.NEW, "afp-1")


def test_window_is_configurable():
    index = IdentityIndex(window=timedelta(hours=2))
    index.add(wire("reuters-1", QUAKE, agency="reuters"))
    late = index.add(wire("afp-1", QUAKE_OTHER_AGENCY, agency="afp", at=T0 + timedelta(hours=3)))
    assert late.kind is Kind.NEW


def test_a_follow_up_by_the_same_agency_joins_its_developing_story():
    index = IdentityIndex()
    first = index.add(wire("reuters-1", QUAKE, agency="reuters"))
    later = index.add(
        wire("reuters-2", QUAKE_OTHER_AGENCY, agency="reuters", at=T0 + timedelta(hours=3))
    )
    assert (later.kind, later.story_id) == (Kind.COVERAGE, first.story_id)


def test_items_without_a_time_still_join_their_story():
    index = IdentityIndex()
    first = index.add(wire("reuters-1", QUAKE, agency="reuters"))
    undated = WireItem(
        agency="afp", guid="afp-1", headline=QUAKE_OTHER_AGENCY[0], body_text=QUAKE_OTHER_AGENCY[1]
    )
    decision = index.add(undated)
    assert (decision.kind, decision.story_id) == (Kind.COVERAGE, first.story_id)
    untimed_stream = IdentityIndex()
    untimed_stream.add(WireItem(agency="ap", guid="ap-1", headline=QUAKE[0], body_text=QUAKE[1]))
    assert untimed_stream.add(undated).kind is Kind.COVERAGE


def test_a_story_stays_open_to_coverage_only_while_it_is_recent():
    index = IdentityIndex()
    index.add(wire("reuters-1", QUAKE, agency="reuters"))
    index.add(wire("reuters-2", RATES, agency="reuters", at=T0 + timedelta(days=3)))
    late = index.add(wire("afp-1", QUAKE_OTHER_AGENCY, agency="afp", at=T0 + timedelta(days=3)))
    assert late.kind is Kind.NEW


def test_kill_removes_the_item_and_reports_an_empty_story():
    index = IdentityIndex()
    index.add(wire("r1", RATES, family="urn:r"))
    index.add(wire("r2", RATES, agency="afp", family="urn:r-afp"))
    first = index.add(wire("r1-kill", RATES, family="urn:r", version=2, kill=True))
    assert first == Decision("r1-kill", "r1", Kind.KILL, replaced="r1", story_emptied=False)
    withdrawn = wire("r2-w", ("", ""), agency="afp", family="urn:r-afp", version=2)
    withdrawn.pubstatus = PubStatus.WITHDRAWN
    second = index.add(withdrawn)
    assert (second.kind, second.story_id, second.replaced, second.story_emptied) == (
        Kind.KILL,
        "r1",
        "r2",
        True,
    )


def test_killed_item_is_no_longer_a_twin_but_its_copies_stand_in():
    index = IdentityIndex()
    index.add(wire("r1", RATES, family="urn:r"))
    index.add(wire("r2", RATES, agency="afp"))
    index.add(wire("r1-kill", ("", ""), family="urn:r", version=2, kill=True))
    assert index.add(wire("r3", RATES, agency="ap")).duplicate_of == "r2"


def test_killed_story_is_not_reborn_by_a_repeat_of_the_old_version():
    index = IdentityIndex()
    index.add(wire("q1", QUAKE, family="urn:q"))
    index.add(wire("q1-kill", ("", ""), family="urn:q", version=2, kill=True))
    decision = index.add(wire("q1-again", QUAKE, family="urn:q", version=1))
    assert decision.kind is Kind.STALE
    assert index.add(
        wire("q1-kill-again", ("", ""), family="urn:q", version=2, kill=True)
    ).kind is (Kind.STALE)


def test_kill_of_an_unknown_item_is_remembered():
    index = IdentityIndex()
    kill = index.add(wire("x-kill", ("", ""), family="urn:x", version=3, kill=True))
    assert kill == Decision("x-kill", None, Kind.KILL)
    assert index.add(wire("x", HARVEST, family="urn:x", version=2)).kind is Kind.STALE


def test_item_without_text_is_nobodys_duplicate():
    index = IdentityIndex()
    first = index.add(wire("e1", ("", "")))
    second = index.add(wire("e2", ("", ""), agency="afp"))
    assert (first.kind, second.kind) == (Kind.NEW, Kind.NEW)
    assert second.story_id == "e2"


def test_story_ids_stay_unique_when_agencies_reuse_an_id():
    index = IdentityIndex()
    first = index.add(wire("1", QUAKE, agency="reuters"))
    second = index.add(wire("1", HARVEST, agency="afp"))
    assert (first.story_id, second.story_id) == ("1", "1#2")


def feed() -> list[WireItem]:
    """A morning of wire: copies, versions, coverage, a kill, items in every window state."""
    return [
        wire("q1", QUAKE, family="urn:q"),
        wire("r1", RATES, at=T0 + timedelta(hours=1)),
        wire("r2", reword(RATES, {"Thursday": "Friday"}), agency="ap", at=T0 + timedelta(hours=2)),
        wire("a1", QUAKE_OTHER_AGENCY, agency="afp", at=T0 + timedelta(hours=3)),
        wire("h1", HARVEST, family="urn:h", at=T0 + timedelta(hours=4)),
        wire(
            "q2", reword(QUAKE, {"12": "15"}), family="urn:q", version=2, at=T0 + timedelta(hours=5)
        ),
        wire("h1-kill", ("", ""), family="urn:h", version=2, kill=True, at=T0 + timedelta(hours=6)),
        wire("r3", RATES, agency="dpa", at=T0 + timedelta(hours=7)),
        wire("q1-rpt", QUAKE, family="urn:q", at=T0 + timedelta(hours=8)),
        wire("a2", QUAKE_OTHER_AGENCY, agency="ansa", at=T0 + timedelta(hours=9)),
        wire("h2", HARVEST, agency="afp", at=T0 + timedelta(hours=10)),
        wire("q3", QUAKE, agency="efe", at=T0 + timedelta(hours=70)),
    ]


def test_same_feed_gives_identical_decisions():
    runs = []
    for _ in range(2):
        index = IdentityIndex()
        runs.append([index.add(item) for item in feed()])
    assert runs[0] == runs[1]
    assert [d.story_id for d in runs[0]] == [
        "q1", "r1", "r1", "q1", "h1", "q1", "h1", "r1", "q1", "q1", "h2", "q1",
    ]  # fmt: skip
    kinds = [d.kind for d in runs[0]]
    assert kinds == [
        Kind.NEW,
        Kind.NEW,
        Kind.DUPLICATE,
        Kind.COVERAGE,
        Kind.NEW,
        Kind.VERSION,
        Kind.KILL,
        Kind.DUPLICATE,
        Kind.STALE,
        Kind.DUPLICATE,
        Kind.NEW,
        Kind.DUPLICATE,
    ]


@pytest.mark.parametrize("split", [1, 4, 6, 7, 9])
def test_restore_from_records_gives_the_same_decisions(split):
    items = feed()
    whole = IdentityIndex()
    expected = [whole.add(item) for item in items]
    before = IdentityIndex()
    for item in items[:split]:
        before.add(item)
    records = list(before.records())
    assert all(isinstance(r.fingerprint, bytes) for r in records)
    restored = IdentityIndex.restore(records)
    assert [restored.add(item) for item in items[split:]] == expected[split:]


def test_records_keep_kills_and_latest_versions_only():
    index = IdentityIndex()
    for item in feed()[:7]:
        index.add(item)
    by_family = {(r.agency, r.family_uri): r for r in index.records()}
    assert by_family[("reuters", "urn:q")].item_id == "q2"
    assert by_family[("reuters", "urn:q")].version == 2
    killed = by_family[("reuters", "urn:h")]
    assert (killed.killed, killed.fingerprint, killed.story_id) == (True, b"", "h1")


def test_fingerprint_and_signature_survive_bytes():
    fingerprint = read(wire("q", QUAKE)).fingerprint
    back = Fingerprint.from_bytes(fingerprint.to_bytes())
    assert back.shingles == fingerprint.shingles
    assert back.terms == fingerprint.terms
    assert abs(back.semantic - fingerprint.semantic).max() < 1e-3  # kept as float16
    assert back.signature.jaccard(fingerprint.signature) == 1.0
    signature = signature_from_bytes(signature_bytes(fingerprint.signature))
    assert list(signature.hashvalues) == list(fingerprint.signature.hashvalues)
    with pytest.raises(ValueError):
        Fingerprint.from_bytes(fingerprint.to_bytes()[:-4])


def test_shingles_are_stable_across_processes():
    # Stored signatures are compared with fresh ones, so hashing must not depend on the run.
    assert shingle_hashes("Rates held", "") == frozenset({zlib.crc32(b"rates held")})
    assert shingle_hashes("RATES HELD", "") == shingle_hashes("", "rates, held.")


def test_a_big_developing_story_is_still_found_past_its_hundredth_item():
    """Its words are shared by more items than a posting list holds; its latest items are
    still looked at, among other news."""
    index = IdentityIndex()
    first = index.add(wire("p0", ("Norcia earthquake: rescuers search rubble", ""), agency="a0"))
    other = [
        "market",
        "bank",
        "shares",
        "oil",
        "election",
        "court",
        "storm",
        "farmers",
        "exports",
        "airline",
        "budget",
    ]
    late = []
    for n in range(1, 131):
        at = T0 + timedelta(minutes=n)
        for k in range(3):
            words = " ".join(other[(n * 3 + k + j) % len(other)] for j in range(4))
            index.add(wire(f"o{n}-{k}", (f"{words} {n}{k}", ""), agency="x", at=at))
        headline = f"Norcia earthquake: rescuers search rubble, toll now {n + 10}"
        late.append(index.add(wire(f"p{n}", (headline, ""), agency=f"a{n}", at=at)).story_id)
    assert set(late[100:]) == {first.story_id}


def test_a_developing_story_whose_toll_grows_stays_one_story():
    index = IdentityIndex()
    first = index.add(
        wire("a", ("Norcia earthquake kills 11, rescuers search rubble", ""), agency="a")
    )
    for n, toll in enumerate((12, 14, 17, 21), start=1):
        headline = f"Norcia earthquake toll rises to {toll} as rescuers search rubble"
        later = index.add(wire(f"b{n}", (headline, ""), agency=f"b{n}", at=T0 + timedelta(hours=n)))
        assert (later.kind, later.story_id) == (Kind.COVERAGE, first.story_id)
