"""JSON-LD, Open Graph and canonical links on article pages."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.images import ImageFile
from lxml import html as lxml_html
from PIL import Image

from dateline.news.models import Author, ImageSource, NewsImage

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def page_tree(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def json_ld(tree) -> dict[str, dict]:
    blocks = [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]
    return {b["@type"]: b for b in blocks}


def make_image(source_type: str) -> NewsImage:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (20, 90, 140)).save(buffer, format="JPEG")
    image = NewsImage(
        title="Picture",
        source_type=source_type,
        caption="A river at dawn.",
        credit="Demo Photo Agency",
    )
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="river.jpg")
    image.save()
    return image


@pytest.mark.django_db
def test_news_article_json_ld(client, publish_article):
    article = publish_article(title='Minister says "</script><b>" is not a plan', others=("UG",))
    blocks = json_ld(page_tree(client, article.url))
    data = blocks["NewsArticle"]
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == 'Minister says "</script><b>" is not a plan'
    assert data["dateline"] == "Nairobi"
    for key in ("datePublished", "dateModified", "dateCreated"):
        assert data[key].endswith("+00:00")
    assert data["author"] == [
        {"@type": "Organization", "name": "Dateline News Desk", "url": "http://testserver/about/"}
    ]
    assert data["publisher"]["name"] == "Dateline"
    assert data["mainEntityOfPage"].endswith(article.url)
    assert [c["name"] for c in data["contentLocation"]] == ["Kenya", "Uganda"]
    card = data["image"][0]
    assert card["url"] == f"http://testserver/card/{article.pk}.png"
    assert card["digitalSourceType"] == IPTC + "algorithmicMedia"
    crumbs = blocks["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[1]["name"] == "Science & Environment"
    assert crumbs[2]["item"].endswith(article.url)


@pytest.mark.django_db
def test_ai_image_is_disclosed_on_page_and_in_json_ld(client, publish_article):
    article = publish_article(hero_image=make_image(ImageSource.AI_GENERATED))
    tree = page_tree(client, article.url)
    caption = tree.xpath('string(//figure[@class="hero"]/figcaption)')
    assert "This image is AI-generated" in caption
    assert "Demo Photo Agency" in caption
    image = json_ld(tree)["NewsArticle"]["image"][0]
    assert image["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    assert image["creditText"] == "Demo Photo Agency"


@pytest.mark.django_db
def test_agency_photo_carries_no_disclosure(client, publish_article):
    article = publish_article(hero_image=make_image(ImageSource.AGENCY_PHOTO))
    tree = page_tree(client, article.url)
    assert not tree.xpath('//figure[@class="hero"]//*[@class="disclosure"]')
    image = json_ld(tree)["NewsArticle"]["image"][0]
    assert image["digitalSourceType"] == IPTC + "digitalCapture"


@pytest.mark.django_db
def test_signed_piece_names_its_author_in_json_ld(client, publish_article):
    piece = publish_article(kind="opinion", authors=("amara-okafor",))
    Author.objects.filter(slug="amara-okafor").update(name="Amara Okafor")
    author = json_ld(page_tree(client, piece.url))["NewsArticle"]["author"]
    assert author == [
        {
            "@type": "Person",
            "name": "Amara Okafor",
            "url": "http://testserver/authors/amara-okafor/",
        }
    ]


@pytest.mark.django_db
def test_open_graph_and_canonical(client, publish_article):
    article = publish_article()
    tree = page_tree(client, article.url)

    def meta(prop: str) -> str:
        return tree.xpath(f'string(//meta[@property="{prop}"]/@content)')

    assert meta("og:type") == "article"
    assert meta("og:title") == article.title
    assert meta("og:url").endswith(article.url)
    assert meta("article:published_time").endswith("+00:00")
    assert meta("article:modified_time").endswith("+00:00")
    assert tree.xpath('string(//meta[@name="twitter:card"]/@content)') == "summary_large_image"
    assert tree.xpath('string(//link[@rel="canonical"]/@href)').endswith(article.url)


@pytest.mark.django_db
def test_share_card_is_a_png_of_the_story(client, publish_article):
    article = publish_article(title="Łódź tram line opens")
    response = client.get(f"/card/{article.pk}.png")
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert picture.size == (1200, 630)
    article.unpublish()
    assert client.get(f"/card/{article.pk}.png").status_code == 404
