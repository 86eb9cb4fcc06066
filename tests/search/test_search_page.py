"""The search page as readers use it, against the real index of the configured database."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html

from dateline.news.models import ArticlePage, Edition
from dateline.news.timefmt import display_zone
from dateline.search import engine

pytestmark = pytest.mark.django_db

# XPath test for one class among several: f"//h2[{HAS}name ')]"
HAS = "contains(concat(' ', normalize-space(@class), ' '), ' "

LONG_BODY = (
    "<p>"
    + " ".join(["The committee heard evidence on fiscal rules and revenue targets."] * 12)
    + "</p>"
)


def search(client, query_string: str = "", **params):
    """GET /search/ and return (response, headlines in order, parsed document)."""
    url = "/search/?" + (query_string or urlencode(params))
    response = client.get(url)
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    headlines = [h.text_content() for h in doc.xpath(f"//h2[{HAS}search-result__title ')]")]
    return response, headlines, doc


@pytest.fixture
def cholera_desk(publish_article):
    """A small newsroom: a cholera story in Malawi, mentions elsewhere, unrelated copy."""
    return {
        "malawi": publish_article(
            title="Cholera cases climb in southern Malawi",
            country="MW",
            sector="health",
            standfirst="Health workers opened two treatment tents near Blantyre.",
        ),
        "passing": publish_article(
            title="Budget committee hears evidence in Lilongwe",
            country="MW",
            sector="economy-business",
            body=LONG_BODY + "<p>One member asked about cholera funding.</p>",
        ),
        "india": publish_article(
            title="Cholera vaccine drive reaches Assam",
            country="IN",
            sector="health",
            kind="blog",
            published_ago=timedelta(days=20),
        ),
        "unrelated": publish_article(
            title="Rail line to the port reopens", country="KE", sector="transport"
        ),
    }


def test_a_headline_match_outranks_a_passing_body_mention(client, cholera_desk):
    _, headlines, _ = search(client, q="cholera")
    assert headlines.index("Cholera cases climb in southern Malawi") < headlines.index(
        "Budget committee hears evidence in Lilongwe"
    )
    assert "Rail line to the port reopens" not in headlines


def test_a_headline_match_wins_even_against_a_body_of_the_same_length(client, publish_article):
    publish_article(
        title="Budget committee meets in Lilongwe",
        slug="budget",
        standfirst="Members discussed cholera funding for clinics.",
        body="<p>Members met on Tuesday.</p>",
    )
    publish_article(
        title="Cholera funding reaches Lilongwe clinics",
        slug="cholera",
        standfirst="Members discussed the budget for the committee.",
        body="<p>Members met on Tuesday.</p>",
    )
    _, _, doc = search(client, q="cholera funding")
    links = [a.get("href") for a in doc.xpath(f"//h2[{HAS}search-result__title ')]/a")]
    assert links == ["/news/cholera/", "/news/budget/"]


def test_a_fresh_story_outranks_a_month_old_one_that_matches_a_little_better(
    client, publish_article
):
    publish_article(
        title="Locust swarms reach the valley",
        slug="locusts-old",
        standfirst="Farmers reported locust swarms.",
        published_ago=timedelta(days=30),
    )
    publish_article(
        title="Locust swarms reach the valley",
        slug="locusts-new",
        standfirst="Farmers in three districts reported swarms over their fields "
        "on Monday and asked for spraying.",
        published_ago=timedelta(hours=3),
    )
    _, _, doc = search(client, q="locust swarms")
    links = [a.get("href") for a in doc.xpath(f"//h2[{HAS}search-result__title ')]/a")]
    assert links == ["/news/locusts-new/", "/news/locusts-old/"]


def test_of_two_equally_relevant_stories_the_newer_ranks_first(client, publish_article):
    for slug, ago in (
        ("older", timedelta(days=4)),
        ("newer", timedelta(hours=2)),
        ("oldest", timedelta(days=40)),
    ):
        publish_article(
            title="Locust swarms reach the valley", slug=f"locusts-{slug}", published_ago=ago
        )
    _, _, doc = search(client, q="locust swarms")
    links = [a.get("href") for a in doc.xpath(f"//h2[{HAS}search-result__title ')]/a")]
    assert links == ["/news/locusts-newer/", "/news/locusts-older/", "/news/locusts-oldest/"]


def test_every_word_must_match_before_any_word_will_do(client, cholera_desk):
    _, headlines, _ = search(client, q="cholera assam")
    assert headlines == ["Cholera vaccine drive reaches Assam"]
    response, headlines, _ = search(client, q="assam blantyre")
    assert set(headlines) == {
        "Cholera vaccine drive reaches Assam",
        "Cholera cases climb in southern Malawi",
    }
    assert "No story had every word" in response.content.decode()


@pytest.mark.parametrize(
    "params,expected",
    [
        (
            {"sector": "health"},
            {"Cholera cases climb in southern Malawi", "Cholera vaccine drive reaches Assam"},
        ),
        ({"country": "india"}, {"Cholera vaccine drive reaches Assam"}),
        (
            {"edition": "southern-africa"},
            {
                "Cholera cases climb in southern Malawi",
                "Budget committee hears evidence in Lilongwe",
            },
        ),
        ({"edition": "south-asia"}, {"Cholera vaccine drive reaches Assam"}),
        ({"kind": "blog"}, {"Cholera vaccine drive reaches Assam"}),
        ({"sector": "health", "kind": "news"}, {"Cholera cases climb in southern Malawi"}),
    ],
)
def test_each_filter_narrows_the_results(client, cholera_desk, params, expected):
    _, everything, _ = search(client, q="cholera")
    assert len(everything) == 3
    _, headlines, doc = search(client, q="cholera", **params)
    assert set(headlines) == expected
    # The form shows the filter as chosen, and a link removes it again.
    for name, value in params.items():
        assert doc.xpath(f'//select[@name="{name}"]/option[@value="{value}"][@selected]')
    assert len(doc.xpath("//select/option[@selected]")) == len(params)
    assert doc.xpath(f"//ul[{HAS}search-active ')]//a")


def test_an_edition_without_countries_finds_nothing(client, cholera_desk):
    Edition.objects.create(slug="antarctica", name="Antarctica")
    _, headlines, doc = search(client, q="cholera", edition="antarctica")
    assert headlines == []
    assert doc.xpath('//select[@name="edition"]/option[@value="antarctica"][@selected]')
    _, headlines, _ = search(client, edition="antarctica")
    assert headlines == []


def test_date_range_is_in_the_readers_days_and_inclusive(client, cholera_desk):
    today = timezone.localdate(timezone=display_zone())
    twenty_days_ago = today - timedelta(days=20)
    _, headlines, _ = search(client, q="cholera", **{"from": today.isoformat()})
    assert "Cholera vaccine drive reaches Assam" not in headlines
    assert "Cholera cases climb in southern Malawi" in headlines
    _, headlines, _ = search(client, q="cholera", to=twenty_days_ago.isoformat())
    assert headlines == ["Cholera vaccine drive reaches Assam"]
    # Dates given the wrong way round are swapped, and the reader is told.
    response, headlines, _ = search(
        client,
        q="cholera",
        **{"from": today.isoformat(), "to": (twenty_days_ago - timedelta(days=1)).isoformat()},
    )
    assert "Cholera vaccine drive reaches Assam" in headlines
    assert "wrong way round" in response.content.decode()


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_dates_at_the_ends_of_the_calendar_are_open_ranges(client, cholera_desk, settings, zone):
    settings.DATELINE_DISPLAY_TIME_ZONE = zone
    everything = {
        "Cholera cases climb in southern Malawi",
        "Cholera vaccine drive reaches Assam",
        "Budget committee hears evidence in Lilongwe",
    }
    for dates in (
        {"to": "9999-12-31"},
        {"from": "0001-01-01"},
        {"from": "0001-01-01", "to": "9999-12-31"},
    ):
        response, headlines, doc = search(client, q="cholera", **dates)
        assert set(headlines) == everything, dates
        for name, value in dates.items():  # the reader's dates stay in the form
            assert doc.xpath(f'//input[@name="{name}"]/@value') == [value]
        _, listed, _ = search(client, **dates)
        assert len(listed) == 4, dates


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_a_range_wholly_at_an_end_of_the_calendar_finds_nothing(
    client, cholera_desk, settings, zone
):
    settings.DATELINE_DISPLAY_TIME_ZONE = zone
    for dates in (
        {"from": "9999-12-31"},
        {"to": "0001-01-01"},
        {"from": "9999-12-30", "to": "9999-12-31"},
    ):
        response, headlines, _ = search(client, q="cholera", **dates)
        assert headlines == [], dates
        assert "cholera" in response.content.decode()  # a normal page, answering the reader
        _, listed, _ = search(client, **dates)
        assert listed == [], dates


def test_sector_facets_link_to_the_narrowed_search(client, cholera_desk):
    _, _, doc = search(client, q="cholera")
    links = doc.xpath(f"//nav[{HAS}search-facets ')]//a")
    facets = {a.text_content(): a.get("href") for a in links}
    assert facets["Health"] == "/search/?q=cholera&sector=health"
    _, headlines, _ = search(client, facets["Health"].split("?", 1)[1])
    assert len(headlines) == 2


def test_filters_without_words_list_the_newest_matching_stories(client, cholera_desk):
    _, headlines, _ = search(client, sector="health")
    assert headlines == [
        "Cholera cases climb in southern Malawi",
        "Cholera vaccine drive reaches Assam",
    ]


def test_unknown_filter_values_are_ignored(client, cholera_desk):
    _, headlines, _ = search(
        client,
        q="cholera",
        sector="no-such-sector",
        country="x\x00y",
        edition="global",
        kind="gossip",
        **{"from": "2025-02-30", "to": "yesterday"},
    )
    assert len(headlines) == 3


def test_pages_of_twenty_cover_every_result_once(client, publish_article):
    for i in range(23):
        publish_article(
            title=f"Drought report number {i}",
            slug=f"drought-{i}",
            published_ago=timedelta(hours=i + 1),
        )
    _, first, doc = search(client, q="drought")
    assert len(first) == 20
    assert first[0] == "Drought report number 0"
    assert "Page 1 of 2" in doc.xpath(f"//nav[{HAS}pagination ')]")[0].text_content()
    next_link = doc.xpath(f"//nav[{HAS}pagination ')]/a[@rel='next']")[0].get("href")
    assert next_link == "/search/?q=drought&page=2"
    _, second, _ = search(client, next_link.split("?", 1)[1])
    assert len(second) == 3
    assert set(first) | set(second) == {f"Drought report number {i}" for i in range(23)}
    _, beyond, _ = search(client, q="drought", page="999")
    assert beyond == second


def test_each_result_shows_its_sector_or_kind_country_and_link(
    client, cholera_desk, publish_article
):
    publish_article(
        title="Cholera notes from the field", slug="notes", kind="blog", sector=None, country=None
    )
    _, _, doc = search(client, q="cholera")
    shown = {
        li.xpath(".//h2/a")[0].text_content(): (
            li.xpath(".//p[@class='kicker']")[0].text_content(),
            [t.text_content() for t in li.xpath(".//span[@class='tag']")],
            li.xpath(".//h2/a")[0].get("href"),
        )
        for li in doc.xpath("//li[@class='search-result']")
    }
    assert shown["Cholera cases climb in southern Malawi"][:2] == ("Health", ["Malawi"])
    assert shown["Cholera vaccine drive reaches Assam"][:2] == ("Health", ["India"])
    assert shown["Cholera notes from the field"] == ("Blog", [], "/blog/notes/")


def test_a_page_of_results_costs_the_same_queries_whatever_it_shows(client, publish_article):
    for i in range(23):
        publish_article(
            title=f"Drought report number {i}",
            slug=f"drought-{i}",
            sector="health" if i % 2 else "transport",
            country="KE" if i % 3 else "IN",
        )
    search(client, q="drought")  # taxonomies and the site are cached from here on
    with CaptureQueriesContext(connection) as twenty:
        _, first, _ = search(client, q="drought")
    with CaptureQueriesContext(connection) as three:
        _, second, _ = search(client, q="drought", page=2)
    assert (len(first), len(second)) == (20, 3)
    assert len(twenty.captured_queries) == len(three.captured_queries)


def test_the_stock_backend_gives_the_same_page(client, cholera_desk, settings):
    _, ours, _ = search(client, q="cholera")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
    _, stock, _ = search(client, q="cholera")
    assert stock == ours and len(ours) == 3


def test_matches_are_marked_in_an_escaped_headline_and_snippet(client, publish_article):
    publish_article(
        title="Harbour <script>alert(1)</script> strike ends",
        standfirst="Dockers & <b>officials</b> agreed terms after the harbour strike.",
    )
    response, _, doc = search(client, q="harbour strike")
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    title = doc.xpath(f"//h2[{HAS}search-result__title ')]/a")[0]
    assert lxml_html.tostring(title, encoding="unicode").count("<mark>") == 2
    assert (
        "<mark>Harbour</mark> &lt;script&gt;alert(1)&lt;/script&gt; <mark>strike</mark> ends"
        in page
    )
    assert (
        "Dockers &amp; &lt;b&gt;officials&lt;/b&gt; agreed terms after the "
        "<mark>harbour</mark> <mark>strike</mark>."
    ) in page


def test_withdrawn_killed_and_deleted_stories_are_never_found(client, publish_article):
    kept = publish_article(title="Ferry service resumes on the lake")
    withdrawn = publish_article(title="Ferry capsizes, officials say", slug="ferry-withdrawn")
    deleted = publish_article(title="Ferry fares to rise", slug="ferry-deleted")
    never = ArticlePage(
        title="Ferry draft never published", standfirst="Draft.", body="<p>Ferry.</p>", live=False
    )
    kept.get_parent().add_child(instance=never)
    never.save_revision()
    _, headlines, _ = search(client, q="ferry")
    assert set(headlines) == {kept.title, withdrawn.title, deleted.title}

    withdrawn.unpublish()
    ArticlePage.objects.get(pk=deleted.pk).delete()
    _, headlines, _ = search(client, q="ferry")
    assert headlines == [kept.title]


HOSTILE = [
    "",
    "   ",
    "a" * 5000,
    "!!!???...",
    '"',
    '"cholera',
    "cholera*",
    "NEAR(cholera malawi, 2)",
    "AND OR NOT",
    "cholera AND OR",
    "title:cholera",
    "{title body}: cholera",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "cholera\x00malawi",
    "\x00",
    "\\",
    "%",
    "😷 cholera",
    "ｃｈｏｌｅｒａ",
    "&amp; &lt;",
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_queries_get_a_normal_page(client, cholera_desk, raw):
    response, headlines, doc = search(client, urlencode({"q": raw}))
    assert response["Content-Type"].startswith("text/html")
    assert doc.xpath("//form[@role='search']//input[@id='search-page-q']")
    assert not doc.xpath("//script")
    assert "<img src=x" not in response.content.decode()
    echoed = doc.xpath("//input[@id='search-page-q']")[0].get("value") or ""
    assert "\x00" not in echoed and len(echoed) <= 200
    if "cholera" in raw:
        assert "Cholera cases climb in southern Malawi" in headlines


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%ff%fe%fd",
        "q=%C3%28cholera",
        "q=%00%00",
        "q=cholera%E2%82",
        "page=%ff&q=cholera",
        "q=cholera&page=-1",
        "q=cholera&page=abc",
        "q=cholera&q=%00",
        "sector=%ff%00",
    ],
)
def test_broken_encodings_get_a_normal_page(client, cholera_desk, query_string):
    _, _, doc = search(client, query_string)
    assert doc.xpath(f"//form[{HAS}search-page ')]")


def test_a_backend_failure_is_a_page_not_a_500(client, cholera_desk, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError('fts5: syntax error near ""')

    monkeypatch.setattr(engine, "_candidates", broken)
    response, headlines, _ = search(client, q="cholera")
    assert headlines == []
    assert "Search could not run just now" in response.content.decode()


def test_a_query_the_database_rejects_leaves_the_connection_usable(
    client, cholera_desk, monkeypatch
):
    def rejected(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM no_such_table")

    monkeypatch.setattr(engine, "_candidates", rejected)
    response, _, _ = search(client, q="cholera")
    assert "Search could not run just now" in response.content.decode()
    assert ArticlePage.objects.live().count() == 4


def test_page_is_shared_cacheable_and_not_indexed(client, cholera_desk):
    response, _, doc = search(client, q="cholera")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=60" in cache_control
    assert "private" not in cache_control
    assert response["X-Robots-Tag"] == "noindex"
    assert doc.xpath("//meta[@name='robots'][@content='noindex, follow']")
    assert not response.cookies
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()


def test_the_form_only_answers_get(client):
    assert client.post("/search/", {"q": "cholera"}).status_code == 405


def test_empty_search_invites_words(client):
    response, headlines, _ = search(client)
    assert headlines == []
    assert "Type a few words" in response.content.decode()
    response, _, _ = search(client, q="?!")
    assert "no words we could look for" in response.content.decode()
