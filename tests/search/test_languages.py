"""Search reads each article in its own language: English words stemmed as English on both
databases, German and Arabic stemmed as German and Arabic on PostgreSQL (SQLite has no stemmer
for them and matches their words as written), and never English stemming of another language.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from lxml import html as lxml_html
from modelsearch.backends.database.postgres.postgres import IndexEntry

from dateline.search.languages import config_for

pytestmark = pytest.mark.django_db

HAS = "contains(concat(' ', normalize-space(@class), ' '), ' "
GERMAN = "Überschwemmungen töten Menschen in Bayern"
ARABIC = "مساعدات للسودان بعد الفيضانات"
ENGLISH = "Flooding cuts roads across northern Kenya"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming per language is PostgreSQL's"
)


def headlines(client, words: str) -> list[str]:
    response = client.get("/search/?" + urlencode({"q": words, "exact": "1"}))
    doc = lxml_html.fromstring(response.content)
    return [h.text_content() for h in doc.xpath(f"//h2[{HAS}search-result__title ')]")]


@pytest.fixture
def newsroom(publish_article):
    publish_article(title=GERMAN, language="de", country="DE", standfirst="Hochwasser.")
    publish_article(title=ARABIC, language="ar", country="SD", standfirst="الأمم المتحدة.")
    publish_article(title=ENGLISH, standfirst="Rain washed away two bridges.")


def test_each_article_is_found_by_its_own_words(client, newsroom):
    assert headlines(client, "Überschwemmungen") == [GERMAN]
    assert headlines(client, "للسودان") == [ARABIC]
    assert headlines(client, "flooding") == [ENGLISH]


def test_english_words_are_found_by_another_form(client, newsroom):
    assert headlines(client, "floods") == [ENGLISH]
    assert headlines(client, "flood") == [ENGLISH]


@postgres_only
def test_words_are_stemmed_in_the_articles_language(client, newsroom):
    assert headlines(client, "Überschwemmung") == [GERMAN]  # German stem, not English
    assert headlines(client, "السودان") == [ARABIC]  # Arabic stem of "to Sudan"


def test_no_english_stem_reaches_latin_words_in_other_languages(client, publish_article):
    """Arabic and German copy quotes English names; an English stem must not match them:
    "Borders" in an Arabic article is not the English "border"."""
    arabic = "أطباء بلا حدود تفتح عيادة في الخرطوم"
    publish_article(
        title=arabic,
        language="ar",
        country="SD",
        standfirst="قالت منظمة أطباء بلا حدود (Doctors Without Borders) إن العيادة مفتوحة.",
        body="<p>العيادة مفتوحة.</p>",
    )
    english = "Kenya reopens its border with Somalia"
    publish_article(title=english, standfirst="Trucks queued at the crossing.")
    assert headlines(client, "border") == [english]
    assert sorted(headlines(client, "borders")) == sorted([arabic, english])


def test_an_article_whose_language_is_corrected_is_read_in_its_language(client, publish_article):
    headline = "أطباء بلا حدود تفتح عيادة في الخرطوم"
    article = publish_article(
        title=headline, standfirst="Doctors Without Borders opened it.", body="<p>عيادة</p>"
    )
    assert headlines(client, "border") == [headline]  # filed as English by mistake
    article.language = "ar"
    article.save_revision().publish()
    assert headlines(client, "border") == []
    assert headlines(client, "borders") == [headline]


@postgres_only
def test_an_arabic_article_is_indexed_with_arabic_not_english(newsroom):
    from dateline.news.models import ArticlePage

    article = ArticlePage.objects.get(language="ar")
    entry = IndexEntry.objects.get(object_id=str(article.pk))
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector @@ to_tsquery('arabic', 'السودان')", [entry.title])
        assert cursor.fetchone()[0] is True


def test_languages_without_a_stemmer_are_indexed_as_written():
    assert config_for("de", "english") == "german"
    assert config_for("ar", "english") == "arabic"
    assert config_for("en", "english") == "english"
    assert config_for("sw", "english") == "simple"


def test_results_in_another_language_are_marked_with_it(client, newsroom):
    response = client.get("/search/?" + urlencode({"q": "للسودان"}))
    doc = lxml_html.fromstring(response.content)
    title = doc.xpath(f"//h2[{HAS}search-result__title ')]")[0]
    assert (title.get("lang"), title.get("dir")) == ("ar", "rtl")
    snippet = doc.xpath(f"//p[{HAS}search-result__snippet ')]")[0]
    assert (snippet.get("lang"), snippet.get("dir")) == ("ar", "rtl")
    response = client.get("/search/?" + urlencode({"q": "flooding"}))
    title = lxml_html.fromstring(response.content).xpath(f"//h2[{HAS}search-result__title ')]")[0]
    assert title.get("lang") is None  # the page's own language
