"""Pictures as a reader sees them in Chromium: a photo where there is one, nothing where
there is none (never a block with the headline printed on it), the generated card only as
the social preview, and a generated picture always labelled."""

from __future__ import annotations

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.models import Collection

from dateline.news.models import ImageSource, NewsImage

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NO_PHOTO = "Cholera cases rise in Malawi's south"
PHOTO = "Copper mine reopens in Peru"
GENERATED = "Rooftop solar doubles in Bangladesh"


def news_image(source_type: str, title: str) -> NewsImage:
    if Collection.get_first_root_node() is None:
        # A transactional test before this one flushed the root collection migrations made.
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (20, 90, 140)).save(buffer, format="JPEG")
    image = NewsImage(title=title, source_type=source_type, credit="Demo Photo Agency")
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{source_type}.jpg")
    image.save()
    return image


@pytest.fixture
def newsroom(settings, publish_article):
    # Pages are indexed by a task on save; run it at once, as a worker would soon after.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return {
        "no_photo": publish_article(title=NO_PHOTO, country="MW", sector="health"),
        "photo": publish_article(
            title=PHOTO,
            country="PE",
            sector="health",
            hero_image=news_image(ImageSource.AGENCY_PHOTO, "Miners at the gate"),
        ),
        "generated": publish_article(
            title=GENERATED,
            country="BD",
            sector="health",
            hero_image=news_image(ImageSource.AI_GENERATED, "Solar panels"),
        ),
    }


def card(page, headline: str):
    return page.locator("article.card").filter(
        has=page.locator("h2.card__title", has_text=headline)
    )


def pictures_naming(locator, headline: str) -> int:
    """Pictures, drawings or blocks other than the title that carry the headline's words."""
    return locator.evaluate(
        """(root, headline) => [...root.querySelectorAll('*')].filter(e =>
            !e.closest('h1, h2, .card__title, .rail__list a, .search-result__title')
            && (['IMG', 'SVG', 'CANVAS', 'PICTURE', 'svg'].includes(e.tagName)
                || (e.getAttribute('alt') || '').includes(headline)
                || (e.getAttribute('style') || '').includes('background')
                || (e.children.length === 0 && e.textContent.includes(headline)))).length""",
        headline,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_cards_show_a_photo_or_no_picture_at_all(
    browser, live_server, newsroom, screenshot, name, viewport
):
    page = browser.new_page(viewport=viewport)
    for address in ("/", "/sector/health/", "/edition/southern-africa/", "/country/malawi/"):
        page.goto(live_server.url + address)
        text_only = card(page, NO_PHOTO)
        assert text_only.count() == 1, address
        assert "card--text" in text_only.get_attribute("class")
        assert pictures_naming(text_only, NO_PHOTO) == 0, address
        # The text-only card still reads as a card: headline, standfirst and date.
        assert text_only.locator(".card__standfirst").is_visible()
        assert text_only.locator("time").is_visible()
    page.goto(live_server.url + "/sector/health/")
    photo = card(page, PHOTO).locator("img")
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "/card/" not in photo.get_attribute("src")
    screenshot(page, f"pictures-cards-{name}")

    # Search results and the rails are text only as well.
    page.goto(live_server.url + "/search/?q=cholera")
    results = page.locator("ol.search-results")
    assert results.locator("h2").all_inner_texts() == [NO_PHOTO]
    assert pictures_naming(results, NO_PHOTO) == 0
    rails = page.locator("aside.sidebar")
    assert rails.get_by_role("link", name=NO_PHOTO).count() >= 1
    assert pictures_naming(rails, NO_PHOTO) == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.close()


@pytest.mark.django_db(transaction=True)
def test_an_article_without_a_photo_has_no_picture_but_keeps_its_share_card(
    browser, live_server, newsroom
):
    page = browser.new_page(viewport=PHONE)
    article = newsroom["no_photo"]
    page.goto(live_server.url + article.url)
    body = page.locator("article.article")
    assert body.locator("h1").inner_text() == NO_PHOTO
    assert body.locator("figure, img, svg").count() == 0
    assert pictures_naming(body, NO_PHOTO) == 0
    # The headline appears first on the screen, with the standfirst right under it.
    assert body.locator(".article__standfirst").bounding_box()["y"] < PHONE["height"] / 2

    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert og_image == f"{live_server.url}/card/{article.pk}.png"
    response = page.request.get(og_image)
    assert response.ok and response.headers["content-type"] == "image/png"
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_generated_picture_is_labelled_on_its_card_and_its_page(
    browser, live_server, newsroom, screenshot
):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/sector/health/")
    generated = card(page, GENERATED)
    assert generated.locator("img").count() == 1
    assert generated.locator(".card__disclosure").inner_text() == (
        "AI-generated image: it does not depict a real event."
    )
    assert generated.locator(".card__disclosure").is_visible()
    assert card(page, PHOTO).locator(".card__disclosure").count() == 0

    page.goto(live_server.url + newsroom["generated"].url)
    hero = page.locator("figure.hero")
    assert hero.locator("img").is_visible()
    assert "This image is AI-generated" in hero.locator(".disclosure").inner_text()
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert "/card/" not in og_image
    screenshot(page, "pictures-generated-article")

    page.goto(live_server.url + newsroom["photo"].url)
    assert page.locator("figure.hero img").is_visible()
    assert page.locator("figure.hero .disclosure").count() == 0
    page.close()
