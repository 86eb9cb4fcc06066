"""The page editor's article form: signed pieces are written as the writer's, not as wire copy,
and an address is filled from the headline in readable ASCII."""

from __future__ import annotations

from html import unescape

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from dateline.news.models import ArticleKind, ArticlePage, Author, SectionPage
from dateline.news.page_forms import SIGNED_KINDS

pytestmark = pytest.mark.django_db

AGENCY_ATTRIBUTION = "(With inputs from agencies.)"


def _add_url(kind: str) -> str:
    section = SectionPage.objects.get(kind=kind)
    return f"/admin/pages/add/news/articlepage/{section.pk}/"


def _form(**fields) -> dict:
    data = {
        "title": "Why the port strike matters",
        "slug": "",
        "standfirst": "Dockers want more than a pay rise.",
        "body": rich_text("<p>The strike is about who runs the port.</p>"),
        "takeaways": "",
        "dateline_city": "",
        "language": "en",
        "attribution": "",
        "source_agencies": "",
        "created_at": "2026-12-05 08:00:00",
        "updated_at": "",
        "corrections": inline_formset([]),
        "comments": inline_formset([]),
        **fields,
    }
    return nested_form_data(data)


def test_signed_kinds_are_the_sections_whose_pieces_carry_a_byline() -> None:
    assert {ArticleKind.OPINION, ArticleKind.BLOG, ArticleKind.INTERVIEW} == SIGNED_KINDS


@pytest.mark.parametrize("kind", ["opinion", "blog", "interview"])
def test_a_new_signed_piece_starts_without_agency_attribution_or_wire_help(
    admin_client, site_tree, kind
) -> None:
    page = unescape(admin_client.get(_add_url(kind)).content.decode())
    attribution = page.split('name="attribution"')[1].split(">")[0]
    assert AGENCY_ATTRIBUTION not in attribution
    assert "Who wrote the piece" in page and "The writer's text." in page
    assert "first wire item" not in page and "the desk sets it" not in page


def test_a_new_news_article_keeps_the_reference_attribution(admin_client, site_tree) -> None:
    page = unescape(admin_client.get(_add_url("news")).content.decode())
    assert AGENCY_ATTRIBUTION in page.split('name="attribution"')[1].split(">")[0]


def test_a_signed_piece_needs_its_author(admin_client, site_tree) -> None:
    response = admin_client.post(_add_url("opinion"), _form())
    assert response.status_code == 200
    assert "A signed piece needs its author" in unescape(response.content.decode())
    assert not ArticlePage.objects.filter(title="Why the port strike matters").exists()

    writer = Author.objects.create(name="Amina Yusuf", slug="amina-yusuf")
    response = admin_client.post(_add_url("opinion"), {**_form(), "authors": [writer.pk]})
    assert response.status_code == 302
    piece = ArticlePage.objects.get(title="Why the port strike matters")
    assert piece.kind == "opinion" and piece.attribution == ""
    assert list(piece.authors.all()) == [writer]


def test_an_empty_address_is_filled_from_the_headline_in_readable_ascii(
    admin_client, site_tree
) -> None:
    headline = "فيضانات تغلق ميناء السودان"
    response = admin_client.post(_add_url("news"), _form(title=headline))
    assert response.status_code == 302
    first = ArticlePage.objects.get(title=headline)
    assert first.slug.isascii() and len(first.slug) > 10

    response = admin_client.post(_add_url("news"), _form(title=headline))
    assert response.status_code == 302
    second = ArticlePage.objects.exclude(pk=first.pk).get(title=headline)
    assert second.slug == f"{first.slug}-2"
