"""What a reader sees of an article in lists and on its page: no stand-in picture, opinion
labelled with its author, and "Updated" only once something changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.django_db


def test_cards_of_articles_without_a_photo_show_no_picture(client, publish_article) -> None:
    article = publish_article(title="Floods cut roads across northern Kenya")
    for address in ("/", "/news/", "/country/kenya/", "/sector/science-environment/"):
        html = client.get(address).content.decode()
        assert "Floods cut roads across northern Kenya" in html, address
        assert f"/card/{article.pk}.png" not in html, address
        assert 'class="card__image"' not in html, address


def test_opinion_is_labelled_and_signed_on_its_page_and_its_card(client, publish_article) -> None:
    piece = publish_article(
        title="Bridges are cheaper than floods", kind="opinion", authors=("amina-yusuf",)
    )
    page = client.get(piece.url).content.decode()
    assert '<p class="label label--opinion">Opinion</p>' in page
    assert "Views expressed are the author's own." in page
    listing = client.get("/opinion/").content.decode()
    card = listing.split("Bridges are cheaper than floods")[0].rsplit('<article class="card', 1)[1]
    card += listing.split("Bridges are cheaper than floods")[1].split("</article>")[0]
    assert "Opinion</span>" in card and '<p class="card__byline">Amina-Yusuf</p>' in card


def test_news_carries_no_opinion_note(client, publish_article) -> None:
    html = client.get(publish_article().url).content.decode()
    assert "author's own" not in html and "label--opinion" not in html


def test_updated_shows_only_after_a_real_update(client, publish_article) -> None:
    untouched = publish_article(title="Port reopens in Mombasa")
    assert "Updated:" not in client.get(untouched.url).content.decode()
    changed = publish_article(
        title="Strike ends at the port", updated_at=datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    )
    assert "Updated: <time" in client.get(changed.url).content.decode()
