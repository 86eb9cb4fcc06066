"""Feeds and sitemaps, parsed as XML with their required elements checked."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from defusedxml import ElementTree as DefusedET
from lxml import etree
from lxml import html as lxml_html

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(response) -> etree._Element:
    assert response.status_code == 200
    return etree.fromstring(response.content)


@pytest.mark.django_db
def test_site_rss_has_required_elements(client, publish_article):
    article = publish_article(title="Rains return to the Sahel")
    channel = xml(client.get("/feeds/rss/")).find("channel")
    assert channel.findtext("title").endswith("latest news")
    assert channel.findtext("link").startswith("http")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Rains return to the Sahel"]
    item = items[0]
    assert item.findtext("link").endswith(article.url)
    assert item.findtext("description") == article.standfirst
    assert item.findtext("pubDate")
    assert item.findtext("guid")
    assert {c.text for c in item.findall("category")} == {"Science & Environment", "Kenya"}


@pytest.mark.django_db
def test_site_atom_has_required_elements(client, publish_article):
    publish_article(title="Rains return to the Sahel")
    feed = xml(client.get("/feeds/atom/"))
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Rains return to the Sahel"
    assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}id")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind,slug", [("sector", "health"), ("country", "malawi"), ("edition", "southern-africa")]
)
def test_scoped_feeds_hold_only_their_stories(client, publish_article, kind, slug):
    publish_article(title="Cholera cases rise in Malawi", country="MW", sector="health")
    publish_article(title="Oil output rises in Norway", country="NO", sector="energy-extractives")
    rss = xml(client.get(f"/feeds/{kind}/{slug}/rss/"))
    assert [i.findtext("title") for i in rss.iter("item")] == ["Cholera cases rise in Malawi"]
    atom = xml(client.get(f"/feeds/{kind}/{slug}/atom/"))
    titles = [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")]
    assert titles == ["Cholera cases rise in Malawi"]
    assert client.get(f"/feeds/{kind}/nowhere/rss/").status_code == 404


@pytest.mark.django_db
def test_sitemap_lists_live_articles(client, publish_article):
    article = publish_article()
    locations = [loc.text for loc in xml(client.get("/sitemap.xml")).iter(f"{SITEMAP}loc")]
    assert any(loc.endswith(article.url) for loc in locations)
    article.unpublish()
    locations = [loc.text for loc in xml(client.get("/sitemap.xml")).iter(f"{SITEMAP}loc")]
    assert not any(loc.endswith(article.url) for loc in locations)


@pytest.mark.django_db
def test_news_sitemap_covers_only_the_last_48_hours(client, publish_article, settings):
    settings.DATELINE_SITE_NAME = "Dateline Test"
    publish_article(title="Fresh story", published_ago=timedelta(hours=3))
    publish_article(title="Old story", published_ago=timedelta(hours=60))
    root = xml(client.get("/news-sitemap.xml"))
    news = root.findall(f"{SITEMAP}url/{NEWS}news")
    assert [n.findtext(f"{NEWS}title") for n in news] == ["Fresh story"]
    publication = news[0].find(f"{NEWS}publication")
    assert publication.findtext(f"{NEWS}name") == "Dateline Test"
    assert publication.findtext(f"{NEWS}language") == "en"
    assert news[0].findtext(f"{NEWS}publication_date")


@pytest.mark.django_db
def test_robots_txt_points_to_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text


HOSTILE = "<img src=x onerror=alert(1)>"


def _html_text(fragment: str) -> lxml_html.HtmlElement:
    """An HTML field of a feed as a reader's browser would build it."""
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/feeds/rss/", "/feeds/atom/"])
def test_markup_typed_into_a_standfirst_stays_text_in_feeds(client, publish_article, path):
    standfirst = f"Officials said {HOSTILE} & more <b>rain</b> was due."
    publish_article(title=f"Storm warning {HOSTILE}", standfirst=standfirst)
    response = client.get(path)

    # A strict XML parse: the markup is character data, never an element or attribute.
    document = DefusedET.fromstring(response.content, forbid_dtd=True)
    elements = list(document.iter())
    assert not [e.tag for e in elements if e.tag.rsplit("}", 1)[-1] in ("img", "b")]
    assert not [e.tag for e in elements if any("onerror" in name for name in e.attrib)]

    # A reader that trusts the feed's HTML (feedparser with its sanitiser off) renders text.
    feed = feedparser.parse(response.content, sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = feed.entries[0]
    assert entry.title == f"Storm warning {HOSTILE}"
    assert entry.summary_detail.type == "text/html"
    rendered = _html_text(entry.summary)
    assert not rendered.xpath("//*[@onerror]") and not rendered.xpath("//img|//b")
    assert rendered.text_content() == standfirst


@pytest.mark.django_db
def test_plain_standfirst_reads_back_unchanged(client, publish_article):
    standfirst = "Prices rose 4% in May, the bureau said; traders called it 'sticky'."
    publish_article(standfirst=standfirst)
    entry = feedparser.parse(client.get("/feeds/rss/").content, sanitize_html=False).entries[0]
    assert _html_text(entry.summary).text_content() == standfirst


@pytest.mark.django_db
def test_feeds_say_which_items_are_in_another_language(client, publish_article):
    publish_article(title="Rains return to the Sahel")
    publish_article(title="الأمطار تعود إلى منطقة الساحل", language="ar")
    rss = xml(client.get("/feeds/rss/")).find("channel")
    languages = {
        item.findtext("title"): item.findtext("{http://purl.org/dc/elements/1.1/}language")
        for item in rss.findall("item")
    }
    assert languages == {"Rains return to the Sahel": "en", "الأمطار تعود إلى منطقة الساحل": "ar"}
    atom = xml(client.get("/feeds/atom/"))
    entries = {
        entry.findtext(f"{ATOM}title"): entry.get("{http://www.w3.org/XML/1998/namespace}lang")
        for entry in atom.findall(f"{ATOM}entry")
    }
    assert entries == {"Rains return to the Sahel": "en", "الأمطار تعود إلى منطقة الساحل": "ar"}
