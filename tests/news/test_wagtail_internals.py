"""Contracts of the private Wagtail, treebeard and Django names `wagtail_internals` relies on.

Each test states what the project assumes of one name. They are pinned to the Wagtail release
they were checked against: after an upgrade, check each contract, then move the pin.
"""

from __future__ import annotations

import pytest
import wagtail
from django.core.exceptions import DisallowedHost
from django.test import RequestFactory
from wagtail.models import Page, Site

from dateline.news import wagtail_internals
from dateline.news.models import ArticleKind, ArticlePage, SectionPage


def test_the_contracts_were_checked_with_the_installed_wagtail() -> None:
    assert wagtail.__version__.startswith(wagtail_internals.CHECKED_WITH_WAGTAIL + "."), (
        f"Wagtail {wagtail.__version__} is installed; check every contract in this file, "
        "then set wagtail_internals.CHECKED_WITH_WAGTAIL"
    )


@pytest.mark.django_db
def test_a_remembered_parent_is_answered_without_a_query(
    publish_article, django_assert_num_queries
) -> None:
    article = ArticlePage.objects.get(pk=publish_article(title="Port reopens").pk)
    section = SectionPage.objects.get(kind=ArticleKind.NEWS)
    wagtail_internals.remember_parent(article, section)
    with django_assert_num_queries(0):
        assert article.get_parent() is section


@pytest.mark.django_db
def test_a_page_marked_never_a_site_root_is_not_one_without_a_query(
    publish_article, django_assert_num_queries
) -> None:
    article = ArticlePage.objects.get(pk=publish_article(title="Port reopens").pk)
    wagtail_internals.never_a_site_root(article)
    with django_assert_num_queries(0):
        assert article.is_site_root() is False


@pytest.mark.django_db
def test_a_remembered_route_is_the_one_wagtail_serves(
    publish_article, django_assert_num_queries
) -> None:
    article = publish_article(title="Port reopens")
    request = RequestFactory().get("/anything/")
    assert not wagtail_internals.route_known(request)
    wagtail_internals.remember_route(request, (article, [], {}))
    assert wagtail_internals.route_known(request)
    with django_assert_num_queries(0):
        assert Page.find_for_request(request, "/anything/") is article


@pytest.mark.django_db
def test_a_remembered_site_is_the_one_wagtail_finds(site_tree, django_assert_num_queries) -> None:
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/")
    assert not wagtail_internals.site_known(request)
    wagtail_internals.remember_site(request, site)
    assert wagtail_internals.site_known(request)
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site
        assert wagtail_internals.known_site(request) is site


def test_the_raw_host_is_read_without_the_allowed_hosts_check(settings) -> None:
    settings.ALLOWED_HOSTS = ["news.example.org"]
    request = RequestFactory().get("/", HTTP_HOST="elsewhere.example:8080")
    assert wagtail_internals.raw_host(request) == "elsewhere.example:8080"
    with pytest.raises(DisallowedHost):
        request.get_host()


@pytest.mark.django_db
def test_the_next_child_path_is_the_one_add_child_gives(publish_article) -> None:
    first = publish_article(title="Port reopens")
    section = SectionPage.objects.get(kind=ArticleKind.NEWS)
    last = section.get_last_child()
    assert last.pk == first.pk
    step = wagtail_internals.path_step(ArticlePage, last.path)
    predicted = wagtail_internals.child_path(ArticlePage, section, step + 1)
    second = publish_article(title="Strike ends at the port")
    assert second.path == predicted
    assert wagtail_internals.path_step(ArticlePage, second.path) == step + 1
