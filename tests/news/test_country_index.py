"""The country index at /country/: every country with live stories, by edition, counted."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


def test_countries_with_live_stories_by_edition_with_counts(client, publish_article) -> None:
    publish_article(title="Floods in Kenya", country="KE", others=("SO",))
    publish_article(title="Rains in Kenya", country="KE")
    publish_article(title="Strike in Peru", country="PE")
    gone = publish_article(title="Quake in Chile", country="CL")
    gone.unpublish()

    doc = lxml_html.fromstring(client.get("/country/").content)
    sections = {
        s.xpath("string(h2)"): [li.text_content() for li in s.xpath(".//li")]
        for s in doc.xpath("//section[@class='country-index']")
    }
    assert sections == {
        "East Africa": ["Kenya 2 stories", "Somalia 1 story"],
        "Latin America and Caribbean": ["Peru 1 story"],
    }
    link = doc.xpath("//a[text()='Peru']")[0].get("href")
    assert link == "/country/peru/"
    assert "Strike in Peru" in client.get(link).content.decode()


def test_killed_held_embargoed_or_private_copy_puts_no_country_on_the_index(
    client, publish_article, hidden_from_readers
) -> None:
    publish_article(title="Strike in Peru", country="PE")
    hidden_from_readers(country="CL", others=("AR",))
    doc = lxml_html.fromstring(client.get("/country/").content)
    assert [a.text_content() for a in doc.xpath("//section[@class='country-index']//a")] == ["Peru"]
