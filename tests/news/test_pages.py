"""Page types, routing and what a reader gets at each address."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import html as lxml_html
from wagtail.test.utils import WagtailPageTestCase

from dateline.news.models import (
    ArticlePage,
    HomePage,
    SectionPage,
    StandardPage,
)


def main_text(client, url: str) -> str:
    """The text of the page's main column, without the sidebar's lists."""
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content).xpath("string(//main)")


class PageTreeTests(WagtailPageTestCase):
    def test_articles_live_only_in_sections(self):
        self.assertCanCreateAt(SectionPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertAllowedSubpageTypes(HomePage, {SectionPage, StandardPage})
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})

    def test_seeded_tree_is_routable(self):
        home = HomePage.objects.get()
        self.assertPageIsRoutable(home)
        self.assertPageIsRenderable(home)
        for section in SectionPage.objects.all():
            self.assertPageIsRenderable(section)
        self.assertEqual(
            set(SectionPage.objects.values_list("kind", flat=True)),
            {"news", "short", "opinion", "blog", "interview"},
        )


@pytest.mark.django_db
def test_article_kind_follows_its_section(publish_article):
    piece = publish_article(title="Why ports matter", kind="opinion", authors=("ada-lovelace",))
    assert piece.kind == "opinion"
    assert piece.url.startswith("/opinion/")


@pytest.mark.django_db
def test_article_page_anatomy(client, publish_article, settings):
    settings.DATELINE_DESK_NAME = "Test Desk"
    article = publish_article(
        title="Floods cut roads across northern Kenya",
        others=("ET", "SO"),
        corrections=("An earlier version misspelt the county's name.",),
        created_at=datetime(2025, 4, 28, 6, 19, tzinfo=UTC),
        updated_at=datetime(2025, 4, 28, 6, 49, tzinfo=UTC),
        takeaways="Two bridges lost\nRoads closed for a week\nAid flown in",
    )
    publish_article(title="Bridges are cheaper than floods", kind="opinion")
    publish_article(title="Sixty seconds on the Kenyan floods", kind="short")
    html = client.get(article.url).content.decode()
    assert '<h1 class="article__headline">Floods cut roads across northern Kenya</h1>' in html
    assert "Heavy rain washed away two bridges on Tuesday, officials said." in html
    assert "Test Desk" in html
    assert "Nairobi" in html
    # Stored in UTC, shown in the newsroom's zone (IST is UTC+05:30).
    assert 'Updated: <time datetime="2025-04-28T06:49:00+00:00">28-04-2025 12:19 IST</time>' in html
    assert 'Created: <time datetime="2025-04-28T06:19:00+00:00">28-04-2025 11:49 IST</time>' in html
    assert html.index(">Kenya</a>") < html.index(">Ethiopia</a>") < html.index(">Somalia</a>")
    assert "Key takeaways" in html and "<li>Roads closed for a week</li>" in html
    assert "(With inputs from agencies.)" in html
    assert "An earlier version misspelt the county&#x27;s name." in html
    # No picture: no picture block on the page; the generated card is only the social preview.
    assert '<figure class="hero">' not in html
    assert f'content="http://testserver/card/{article.pk}.png"' in html
    assert f'<img src="/card/{article.pk}.png"' not in html
    assert "Bridges are cheaper than floods" in html
    assert "Sixty seconds on the Kenyan floods" in html
    for slot in (
        "Opinion / Blog / Interview",
        "Shots",
        "Latest News",
        "Subscribe to our Newsletter",
        "Give Feedback",
        "Sectors",
        "Editions",
        "Other links",
        "Connect",
        "Privacy Policy",
        "Terms of use",
        "Disclaimer",
    ):
        assert slot in html, slot
    # Trending needs real read counts; until then the slot is absent, not faked.
    assert "Trending" not in html


@pytest.mark.django_db
def test_signed_piece_shows_authors_not_desk(client, publish_article, settings):
    settings.DATELINE_DESK_NAME = "Test Desk"
    piece = publish_article(title="On water", kind="blog", authors=("amara-okafor",))
    html = client.get(piece.url).content.decode()
    assert '<a href="/authors/amara-okafor/">Amara-Okafor</a>' in html
    assert "Test Desk</span>" not in html
    assert "On water" in client.get("/authors/amara-okafor/").content.decode()


@pytest.mark.django_db
def test_listings_filter_by_edition_sector_and_country(client, publish_article):
    publish_article(title="Kenyan tea prices climb", country="KE", sector="agro-forestry")
    publish_article(
        title="Peru copper mine reopens", country="PE", sector="energy-extractives", others=("CL",)
    )
    east = main_text(client, "/edition/east-africa/")
    assert "Kenyan tea prices climb" in east and "Peru copper mine" not in east
    latin = main_text(client, "/edition/latin-america-caribbean/")
    assert "Peru copper mine reopens" in latin and "Kenyan tea" not in latin
    energy = main_text(client, "/sector/energy-extractives/")
    assert "Peru copper mine reopens" in energy and "Kenyan tea" not in energy
    chile = main_text(client, "/country/chile/")
    assert "Peru copper mine reopens" in chile
    assert client.get("/edition/atlantis/").status_code == 404


@pytest.mark.django_db
def test_pagination_tolerates_bad_page_numbers(client, publish_article):
    for n in range(22):
        publish_article(title=f"Story number {n}")
    first = main_text(client, "/news/")
    assert "Page 1 of 2" in first and "Story number 21" in first
    second = main_text(client, "/news/?page=2")
    assert "Story number 0" in second and "Story number 21" not in second
    assert client.get("/news/?page=banana").status_code == 200
    assert "Page 2 of 2" in client.get("/news/?page=999").content.decode()


@pytest.mark.django_db
def test_withdrawn_article_answers_410_and_leaves_listings(
    client, publish_article, django_capture_on_commit_callbacks
):
    article = publish_article(title="Story later withdrawn")
    url = article.url
    assert "Story later withdrawn" in client.get("/").content.decode()  # now in cached lists
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    gone = client.get(url)
    assert gone.status_code == 410
    assert "withdrawn" in gone.content.decode()
    assert "Story later withdrawn" not in client.get("/").content.decode()
    assert "Story later withdrawn" not in client.get("/feeds/rss/").content.decode()
    article.save_revision().publish()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_unknown_address_is_a_styled_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_public_pages_are_cacheable_and_set_no_cookies(client, publish_article, settings):
    settings.DATELINE_CACHE_SECONDS = 300
    article = publish_article()
    for url in ("/", article.url, "/sector/health/", "/feeds/rss/", "/no/such/"):
        response = client.get(url)
        assert not response.cookies, url
        assert "s-maxage=300" in response["Cache-Control"], url
        assert "public" in response["Cache-Control"], url


@pytest.mark.django_db
def test_editors_get_private_pages(client, publish_article, django_user_model):
    article = publish_article()
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    response = client.get(article.url)
    assert "private" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


@pytest.mark.django_db
def test_corrections_page_lists_dated_corrections(client, publish_article):
    publish_article(title="Budget figures story", corrections=("The deficit is 3.1%, not 3.7%.",))
    publish_article(title="Clean story")
    html = main_text(client, "/corrections/")
    assert "Budget figures story" in html and "The deficit is 3.1%, not 3.7%." in html
    assert "Clean story" not in html


@pytest.mark.django_db
def test_legal_and_about_pages_exist(client):
    for path, title in (
        ("/about/", "About us"),
        ("/disclaimer/", "Disclaimer"),
        ("/terms/", "Terms of use"),
        ("/privacy/", "Privacy Policy"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert f'<h1 class="page-title">{title}</h1>' in response.content.decode()
