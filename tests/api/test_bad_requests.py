"""What a partner's mistake gets from the content API: a 400 or 404 that says what is wrong,
never a 500, and never a silent answer to a question they did not ask."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

import pytest

from tests.search.conftest import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db


def message(client, url: str, status: int = 400) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.json()["message"]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/api/v2/pages/?type=news.ArticlePage&since=2026-13-45", "since: '2026-13-45' is not"),
        ("/api/v2/pages/?until=2026-02-30T10:00", "until: '2026-02-30T10:00' is not"),
        ("/api/v2/pages/?until=0001-01-01T00:00:00%2B05:00", "before the year 1 in UTC"),
        ("/api/v2/pages/?kind=obituary", "kind: 'obituary' is not one of news, short"),
        ("/api/v2/pages/?sector=", "empty filter: sector"),
        ("/api/v2/pages/?type=", "type is empty"),
        ("/api/v2/pages/?limit=5&limit=10", "given more than once: limit"),
        ("/api/v2/images/?offset=1&offset=2", "given more than once: offset"),
        ("/api/v2/pages/?offset=879001462706322145280", "offset cannot be higher than"),
        ("/api/v2/images/?offset=9223372036854775808", "offset cannot be higher than"),
        ("/api/ninjs/?page=0", "page must be a whole number from 1, not '0'"),
        ("/api/ninjs/?page=last", "page must be a whole number from 1, not 'last'"),
        ("/api/ninjs/?page=1&page=2", "given more than once: page"),
        ("/api/ninjs/?since=2026-01-01", "unknown query parameter: since"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, site_tree, url, says):
    assert says in message(client, url)


def test_a_date_with_any_iso_offset_is_read_in_utc(client, publish_article):
    article = publish_article(published_ago=timedelta(days=2))
    published = article.first_published_at.astimezone(UTC)
    # PostgreSQL takes no offset beyond 15:59; ISO 8601 and the API take up to 23:59.
    just_after = (published + timedelta(minutes=1)).astimezone(timezone(timedelta(hours=-23)))
    listing = client.get("/api/v2/pages/", {"until": just_after.isoformat()}).json()
    assert [item["id"] for item in listing["items"]] == [article.pk]
    just_before = (published - timedelta(minutes=1)).astimezone(timezone(timedelta(hours=23)))
    assert client.get("/api/v2/pages/", {"until": just_before.isoformat()}).json()["items"] == []


def test_ninjs_pages_and_ids_past_the_end_are_404(client, publish_article):
    article = publish_article()
    assert client.get("/api/ninjs/?page=1").json()["items"][0]["uri"].endswith(f"/{article.pk}/")
    assert message(client, "/api/ninjs/?page=2", 404) == "page 2 is past the last page, 1"
    assert "No such item" in message(client, "/api/ninjs/879001462706322145280/", 404)


def test_the_feed_answers_only_reading(client, site_tree):
    response = client.generic("TRACE", "/api/ninjs/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.post("/api/openapi.json").status_code == 405


def test_search_reads_words_and_combines_with_the_article_filters(
    client, settings, publish_article
):
    settings.TASKS = IMMEDIATE_TASKS  # pages indexed as they are published
    tea = publish_article(title="Drought cuts Kenya's tea harvest", sector="economy-business")
    publish_article(title="Tea pickers strike in Malawi", country="MW", sector="economy-business")
    publish_article(title="Kenya tea board meets", sector="politics")

    def found(url: str) -> list[int]:
        response = client.get(url)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert found("/api/v2/pages/?sector=economy-business&country=KE&search=tea") == [tea.pk]
    # Quotes, operators and NUL bytes are not full-text syntax here, just no words.
    assert found('/api/v2/pages/?search="tea&country=KE&sector=economy-business') == [tea.pk]
    assert found("/api/v2/pages/?search=%00") == []
