"""What makes a draft an editor would sign: one lede, no fact told twice, takeaways that add
something, the agencies named when the site says so, corrections in readers' words."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from dateline.desk import stories
from dateline.desk.content import Content
from dateline.desk.core.compose import ATTRIBUTION, attribution, compose, condense
from dateline.desk.core.corrections import correction_note, reader_note
from dateline.desk.models import Story
from dateline.wire.item import WireItem
from tests.desk.pipeline_support import (
    FLOODS,
    FLOODS_OTHER,
    RATES,
    article_of,
    ingest,
    later,
    ninjs,
    review_source,
    run,
)


def _item(agency: str, body: str, minute: int = 0) -> WireItem:
    return WireItem(
        agency=agency,
        guid=f"{agency}-1",
        headline="Bus crash kills 14 in northern Kenya",
        body_text=body,
        sent=datetime(2026, 12, 5, 6, minute, tzinfo=UTC),
    )


SPINE = _item(
    "Reuters",
    "NAIROBI, Dec 5 (Reuters) - A bus crash killed 14 people near Isiolo in northern Kenya "
    "on Friday, police said.\n\n"
    "The bus was carrying traders to a market in Marsabit when it left the road.\n\n"
    "Police commander Jane Wanjiru said the driver had lost control on a bend.\n\n"
    "Kenya's roads kill about 4,000 people a year, according to the transport authority.\n\n"
    "The government said it would review licences for long-distance buses.\n\n"
    "Survivors were taken to Isiolo Referral Hospital, where 9 remained in a serious "
    "condition.",
)
OTHER = _item(
    "AFP",
    "Isiolo (AFP) - Fourteen people died when a bus plunged off a road in northern Kenya on "
    "Friday, authorities said.\n\n"
    "The death toll rose to 14 after two of the injured died in hospital.\n\n"
    "Witnesses said the bus had been speeding in heavy rain.",
    minute=30,
)


@pytest.fixture(scope="module")
def draft():
    return compose([SPINE, OTHER])


def test_one_lede_another_agencys_lede_is_not_told_again(draft) -> None:
    assert draft.standfirst.startswith("A bus crash killed 14 people")
    assert not any("Fourteen people died" in p for p in draft.body_paragraphs)


def test_the_same_figure_for_the_same_quantity_is_one_fact(draft) -> None:
    assert not any("death toll rose to 14" in p for p in draft.body_paragraphs)
    # What the other agency adds is kept, after the most complete account.
    assert draft.body_paragraphs[-1] == "Witnesses said the bus had been speeding in heavy rain."


def test_takeaways_add_something_and_copy_no_sentence(draft) -> None:
    told = [draft.standfirst, *draft.body_paragraphs]
    assert 1 <= len(draft.takeaways) <= 3
    for point in draft.takeaways:
        assert not any(point == sentence for sentence in told)
        assert not any(point in p and p.startswith(point) and len(p) == len(point) for p in told)
    assert "The driver had lost control on a bend." in draft.takeaways


def test_a_story_too_short_for_takeaways_has_none() -> None:
    assert compose([OTHER]).takeaways == ()


def test_condensing_only_leaves_words_out() -> None:
    assert condense("On Friday, police said 14 people died near Isiolo.") == (
        "14 people died near Isiolo."
    )
    assert condense("The toll rose to 14, officials said.") == "The toll rose to 14."
    assert condense("“We are overwhelmed,” a nurse told reporters.") == ""


def test_the_attribution_names_the_agencies_only_when_the_site_says_so() -> None:
    assert compose([SPINE, OTHER]).attribution == ATTRIBUTION == "(With inputs from agencies.)"
    named = compose([SPINE, OTHER], name_agencies=True)
    assert named.attribution == "(With inputs from Reuters and AFP.)"
    assert attribution(["AP", "dpa", "AP", "AFP"], name_agencies=True) == (
        "(With inputs from AP, dpa and AFP.)"
    )


@pytest.mark.parametrize(
    "instruction,note",
    [
        (
            "Corrects death toll in first paragraph to 14, not 41",
            "An earlier version of this article gave the death toll as 41. It is 14.",
        ),
        (
            "Corrects spelling of minister's name in paragraph 2",
            "An earlier version of this article misspelt the minister's name.",
        ),
        (
            "Corrects date of vote to March 3 from March 2",
            "An earlier version of this article gave the date of vote as March 2. It is March 3.",
        ),
        ("Fixes typo in headline", "An earlier version of this article contained a typing error."),
    ],
)
def test_an_agency_correction_is_told_to_readers(instruction: str, note: str) -> None:
    assert reader_note(instruction) == note


def test_another_agency_giving_a_quantity_again_adds_nothing_even_with_a_new_figure() -> None:
    other = _item(
        "AFP",
        "Isiolo (AFP) - A bus plunged off a road in northern Kenya on Friday.\n\n"
        "The crash, which killed 14 people, happened 40 km north of Isiolo town.\n\n"
        "Witnesses said the bus had been speeding in heavy rain.",
    )
    body = compose([SPINE, other]).body_paragraphs
    assert not any("which killed 14 people" in p for p in body)
    assert body[-1] == "Witnesses said the bus had been speeding in heavy rain."


def test_a_sentence_leaning_on_one_left_out_is_not_added() -> None:
    other = _item(
        "AFP",
        "Isiolo (AFP) - Fourteen people died when a bus plunged off a road in northern Kenya "
        "on Friday.\n\n"
        "The death toll rose to 14 after two of the injured died in hospital. It was the "
        "country's worst road accident since March, a police spokesman added.\n\n"
        "Witnesses said the bus had been speeding in heavy rain.",
    )
    body = " ".join(compose([SPINE, other]).body_paragraphs)
    assert "It was the country's worst road accident" not in body
    assert "Witnesses said the bus had been speeding in heavy rain." in body


def test_the_spine_does_not_tell_the_same_sentence_twice() -> None:
    spine = _item(
        "Reuters",
        SPINE.body_text
        + "\n\nThe driver lost control of the bus on a bend, police commander Jane Wanjiru "
        "said.",
    )
    body = " ".join(compose([spine]).body_paragraphs)
    assert "said the driver had lost control on a bend" in body
    assert "The driver lost control of the bus on a bend" not in body


@pytest.mark.parametrize(
    "instruction",
    [
        "Corrects paragraph 3 to remove reference to the army",
        "Corrects to show that the company did not sell the unit",
        'Corrects quote in paragraph 5 to "we will not" from "we will"',
    ],
)
def test_an_instruction_that_cannot_be_told_safely_is_not_guessed_at(instruction: str) -> None:
    assert reader_note(instruction) == ""
    item = WireItem(
        agency="Reuters",
        guid="Reuters-1",
        headline="Bus crash kills 14",
        body_text=f"({instruction})\n\nA bus crash killed 14 people.",
    )
    content = Content(
        headline="Bus crash kills 14",
        standfirst="A bus crash killed 14 people.",
        body_paragraphs=("The bus left the road.",),
        takeaways=(),
        dateline_city="Nairobi",
        source_agencies=("Reuters",),
        attribution=ATTRIBUTION,
    )
    assert correction_note(item, None, content) == "This article has been corrected."


def _day(when: datetime) -> str:
    return dateformat.format(timezone.localtime(when), "j F Y")


@pytest.mark.django_db
def test_an_agency_correction_is_a_dated_note_for_readers(client) -> None:
    wrong = dict(FLOODS, body=FLOODS["body"].replace("at least 14 people", "at least 41 people"))
    ingest("Harbour", ninjs("urn:harbour:floods", wrong))
    run()
    corrected = dict(
        FLOODS, body="(Corrects death toll in first paragraph to 14, not 41)\n\n" + FLOODS["body"]
    )
    ingest(
        "Harbour",
        ninjs("urn:harbour:floods", corrected, version=2, at=later(30), signals=("correction",)),
    )
    run()
    article = article_of(Story.objects.get())
    note = article.corrections.get()
    told = (
        f"Correction, {_day(note.corrected_at)}: An earlier version of this article gave the "
        "death toll as 41. It is 14."
    )
    for address in (article.url, reverse("news:corrections")):
        text = _strip_tags(client.get(address).content.decode())
        assert told in text
        assert "Corrects death toll" not in text


def _strip_tags(html: str) -> str:
    """The page's text as a reader reads it."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" :", ":")


@pytest.mark.django_db
def test_updated_only_after_readers_saw_the_text_change(client, admin_user) -> None:
    ingest("Lakeside", ninjs("urn:lakeside:rates", RATES), source=review_source())
    run()
    story = Story.objects.get()
    # A later version while the story waits for an editor: readers have seen nothing yet.
    changed = dict(RATES, body=RATES["body"].replace("Seven members", "Six members"))
    ingest("Lakeside", ninjs("urn:lakeside:rates", changed, version=2, at=later(20)))
    run()
    stories.publish(Story.objects.get(pk=story.pk), admin_user)
    article = article_of(story)
    assert article.live and article.updated_at is None
    assert "Updated:" not in _strip_tags(client.get(article.url).content.decode())
    # Once it is live, a version that changes what readers read is an update.
    again = dict(changed, body=changed["body"].replace("gilt yields edged higher", "gilts fell"))
    ingest("Lakeside", ninjs("urn:lakeside:rates", again, version=3, at=later(40)))
    run()
    article = article_of(story)
    assert article.updated_at is not None
    assert "Updated:" in _strip_tags(client.get(article.url).content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "setting,line",
    [
        ("generic", "(With inputs from agencies.)"),
        ("agencies", "(With inputs from Harbour and Lakeside.)"),
    ],
)
def test_the_article_names_the_agencies_where_the_site_says_so(
    client, settings, setting: str, line: str
) -> None:
    settings.DATELINE_ATTRIBUTION = setting
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    run()
    article = article_of(Story.objects.get())
    html = unescape(client.get(article.url).content.decode())
    assert f'<p class="attribution">{line}</p>' in html
