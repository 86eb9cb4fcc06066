"""A wire update taken part by part: what the editor leaves stays exactly as they wrote it."""

from __future__ import annotations

from dateline.desk.content import Content
from dateline.desk.updates import offer, taking


def _content(headline: str, standfirst: str, *paragraphs: str, **more) -> Content:
    fields = {
        "takeaways": (),
        "dateline_city": "NAIROBI",
        "source_agencies": ("Harbour",),
        "attribution": "(With inputs from agencies.)",
        **more,
    }
    return Content(headline=headline, standfirst=standfirst, body_paragraphs=paragraphs, **fields)


EDITOR_BODY = (
    '<p data-block-key="a1">Floods killed 14 people, the <a href="https://redcross.or.ke/">'
    "Kenya Red Cross</a> said.</p>"
    '<h2 data-block-key="a2">Roads cut</h2>'
    '<p data-block-key="a3">Two bridges were washed away.</p>'
)
NOW = _content(
    "Editor's headline",
    "Editor's standfirst",
    "Floods killed 14 people, the Kenya Red Cross said.",
    "Roads cut",
    "Two bridges were washed away.",
)
UPDATE = _content(
    "Floods kill 19 in Kenya",
    "The toll rose to 19 on Tuesday.",
    "Floods killed 19 people, the Kenya Red Cross said.",
    "Two bridges were washed away.",
    "Rain is forecast until Thursday.",
    source_agencies=("Harbour", "Lakeside"),
    correction="Corrects the toll in paragraph 1.",
)


def test_each_part_is_offered_with_what_it_is_now_and_what_the_update_says():
    found = offer(NOW, EDITOR_BODY, UPDATE)
    shown = [(p.key, p.kind, p.current, p.new) for p in found.parts]
    assert shown == [
        ("headline", "changed", "Editor's headline", "Floods kill 19 in Kenya"),
        ("standfirst", "changed", "Editor's standfirst", "The toll rose to 19 on Tuesday."),
        (
            "p1",
            "changed",
            "Floods killed 14 people, the Kenya Red Cross said.",
            "Floods killed 19 people, the Kenya Red Cross said.",
        ),
        ("p2", "dropped", "Roads cut", ""),
        ("p3", "same", "Two bridges were washed away.", "Two bridges were washed away."),
        ("p4", "added", "", "Rain is forecast until Thursday."),
        ("takeaways", "same", "", ""),
        ("dateline", "same", "NAIROBI", "NAIROBI"),
        ("correction", "added", "", "Corrects the toll in paragraph 1."),
    ]
    assert [p.key for p in found.choices] == [
        "headline",
        "standfirst",
        "p1",
        "p2",
        "p4",
        "correction",
    ]


def test_parts_left_alone_keep_the_editors_words_and_markup():
    found = offer(NOW, EDITOR_BODY, UPDATE)
    content, body = taking(found, {"p4"})
    assert content.headline == "Editor's headline"
    assert content.standfirst == "Editor's standfirst"
    assert '<a href="https://redcross.or.ke/">Kenya Red Cross</a>' in body
    assert '<h2 data-block-key="a2">Roads cut</h2>' in body
    assert body.endswith("<p>Rain is forecast until Thursday.</p>")
    assert content.correction == ""
    assert content.source_agencies == ("Harbour", "Lakeside")


def test_taken_parts_replace_and_remove_only_what_was_chosen():
    found = offer(NOW, EDITOR_BODY, UPDATE)
    content, body = taking(found, {"headline", "p1", "p2", "correction"})
    assert content.headline == "Floods kill 19 in Kenya"
    assert content.standfirst == "Editor's standfirst"
    assert content.body_paragraphs == (
        "Floods killed 19 people, the Kenya Red Cross said.",
        "Two bridges were washed away.",
    )
    assert body == (
        "<p>Floods killed 19 people, the Kenya Red Cross said.</p>"
        '<p data-block-key="a3">Two bridges were washed away.</p>'
    )
    assert content.correction == "Corrects the toll in paragraph 1."


def test_taking_nothing_leaves_the_article_as_it_is():
    found = offer(NOW, EDITOR_BODY, UPDATE)
    content, body = taking(found, set())
    assert content.text == NOW.text
    assert content.source_agencies == ("Harbour",)
    assert body == "".join(p.current_html for p in found.parts if p.current_html)


def test_the_version_changes_when_the_article_or_the_update_does():
    before = offer(NOW, EDITOR_BODY, UPDATE).version
    assert offer(NOW, EDITOR_BODY, UPDATE).version == before
    edited = EDITOR_BODY.replace("Two bridges", "Three bridges")
    assert offer(NOW, edited, UPDATE).version != before
