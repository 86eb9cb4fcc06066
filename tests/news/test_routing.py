"""The quick route to an article: same answers as Wagtail's own routing, in one query."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from lxml import html as lxml_html
from wagtail.models import PageViewRestriction

from dateline.news.models import ArticleCorrection, ArticlePage, SectionPage


def sidebar_links(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content).xpath("//aside//a/text()")


@pytest.mark.django_db
def test_a_warm_article_page_costs_one_query(client, publish_article, django_assert_num_queries):
    article = publish_article(
        others=("ET",), authors=("ada-lovelace",), corrections=("A date was wrong.",)
    )
    client.get(article.url)
    with django_assert_num_queries(1):
        response = client.get(article.url)
    page = response.content.decode()
    assert "Ada-Lovelace" in page and "Ethiopia" in page and "A date was wrong." in page


@pytest.mark.django_db
def test_only_the_live_article_at_its_own_address_is_served(client, publish_article):
    article = publish_article(title="Harvest starts early")
    assert client.get(article.url).status_code == 200
    assert client.get(f"/opinion/{article.slug}/").status_code == 404
    assert client.get(f"{article.url}extra/").status_code == 404

    draft = ArticlePage(title="Draft only", standfirst="Not yet.", body="<p>Not yet.</p>")
    SectionPage.objects.get(kind="news").add_child(instance=draft)
    draft.save_revision()
    ArticlePage.objects.filter(pk=draft.pk).update(live=False)
    assert client.get("/news/draft-only/").status_code == 404


@pytest.mark.django_db
def test_making_a_section_private_takes_effect_on_the_next_view(client, publish_article):
    article = publish_article()
    assert client.get(article.url).status_code == 200  # "nothing is private" is now cached
    restriction = PageViewRestriction.objects.create(
        page=SectionPage.objects.get(kind="news"), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Subscribers"))
    assert client.get(article.url).status_code == 302
    restriction.delete()
    assert client.get(article.url).status_code == 200


@pytest.mark.django_db
def test_a_published_correction_shows_on_the_next_view(client, publish_article):
    article = publish_article(title="Toll rises in landslide")
    assert 'id="corrections-title"' not in client.get(article.url).content.decode()
    article.corrections.add(ArticleCorrection(text="The toll is 14, not 41."))
    article.save_revision().publish()
    assert "The toll is 14, not 41." in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_sidebar_shows_a_new_story_as_soon_as_it_is_published(
    client, publish_article, django_capture_on_commit_callbacks
):
    first = publish_article(title="First story of the day")
    assert "Second story of the day" not in sidebar_links(client, first.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(title="Second story of the day")
    assert "Second story of the day" in sidebar_links(client, first.url)


def test_templates_link_by_route_or_page_never_by_typed_address() -> None:
    """Addresses come from named routes ({% url %}) or from Wagtail's pages (chrome.pages):
    a renamed route or page cannot leave a dead link behind."""
    from pathlib import Path

    import dateline

    typed = re.compile(r"""(?:href|src|action)="/""")
    offenders = [
        f"{path.relative_to(Path(dateline.__file__).parent)}:{number}"
        for path in Path(dateline.__file__).parent.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if typed.search(line)
    ]
    assert offenders == []
