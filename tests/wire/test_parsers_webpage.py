from datetime import UTC, datetime

from dateline.wire.parsers import parse
from tests.wire.conftest import read_fixture

URL = "https://valley.example/news/library-vote"


def test_article_page():
    result = parse(read_fixture("webpage/article.html"), agency="valley", url=URL)
    assert result.format == "webpage"
    (item,) = result.items
    assert item.guid == URL
    assert item.headline == "Town hall approves new library"
    assert item.byline == "Nina Hale"
    assert item.first_created == datetime(2024, 2, 20, 18, 0, tzinfo=UTC)
    assert item.body_text.splitlines() == [
        "Councillors voted 9-2 on Tuesday to build a new library.",
        "Work starts in the spring.",
    ]
    assert item.images[0].href == "https://valley.example/img/library.jpg"


def test_page_navigation_and_scripts_stay_out():
    (item,) = parse(read_fixture("webpage/article.html"), agency="valley", url=URL).items
    assert "Home" not in item.body_text
    assert "track()" not in item.body_text
    assert "Copyright Valley Courier" not in item.body_text
