"""Wagtail's API v2 for apps and partners: live articles and the pictures they show.

Only what readers can see is served: Wagtail's page endpoint lists live, public pages only,
and the image endpoint is narrowed to the heroes of live articles, so a held, embargoed or
killed story never shows through its picture's title or caption.
"""

from __future__ import annotations

from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .filters import ARTICLE_FILTERS, ArticleFieldsFilter, ArticleFilter


class ArticlePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint; with ?type=news.ArticlePage it takes the article filters."""

    filter_backends = [
        ArticleFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        ArticleFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(ARTICLE_FILTERS)


class PublishedImagesAPIViewSet(ImagesAPIViewSet):
    """Only pictures readers can already see: the heroes of live articles."""

    def get_queryset(self):
        from dateline.news.models import ArticlePage

        shown = ArticlePage.objects.live().public().values("hero_image")
        return super().get_queryset().filter(pk__in=shown)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ArticlePagesAPIViewSet)
api_router.register_endpoint("images", PublishedImagesAPIViewSet)
