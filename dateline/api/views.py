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
    FieldsFilter,
    LocaleFilter,
    OrderingFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .filters import ARTICLE_FILTERS, ArticleFieldsFilter, ArticleFilter, PlainWordsSearchFilter

# Past any listing the site can hold (page ids are 32-bit on PostgreSQL); far larger offsets
# overflow the database's integers instead of giving an empty page.
MAX_OFFSET = 2**31 - 1


class BoundedPagination(WagtailPagination):
    """Wagtail's limit and offset, with an offset no database can take refused as a bad request."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            too_far = int(request.GET.get("offset", 0)) > MAX_OFFSET
        except ValueError:
            too_far = False  # Wagtail explains what an offset must be
        if too_far:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


def refuse_repeated_parameters(view: BaseAPIViewSet) -> None:
    """A parameter given twice is a mistake: Wagtail would silently read only the last one."""
    repeated = sorted(name for name, values in view.request.GET.lists() if len(values) > 1)
    if repeated:
        raise BadRequestError(f"query parameter given more than once: {', '.join(repeated)}")


class ArticlePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint; the article filters select articles (type=news.ArticlePage)."""

    pagination_class = BoundedPagination
    filter_backends = [
        ArticleFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        ArticleFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        PlainWordsSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(ARTICLE_FILTERS)

    def check_query_parameters(self, queryset):
        refuse_repeated_parameters(self)
        super().check_query_parameters(queryset)

    def get_queryset(self):
        from dateline.news.models import ArticlePage

        page_type = self.request.GET.get("type")
        if page_type == "":
            raise BadRequestError("type is empty: name a page type, e.g. news.ArticlePage")
        if page_type is None and ARTICLE_FILTERS.intersection(self.request.GET):
            return ArticlePage.objects.filter(
                pk__in=self.get_base_queryset().values_list("pk", flat=True)
            )
        return super().get_queryset()


class PublishedImagesAPIViewSet(ImagesAPIViewSet):
    """Only pictures readers can already see: the heroes of live articles."""

    pagination_class = BoundedPagination
    filter_backends = [FieldsFilter, OrderingFilter, PlainWordsSearchFilter]

    def check_query_parameters(self, queryset):
        refuse_repeated_parameters(self)
        super().check_query_parameters(queryset)

    def get_queryset(self):
        from dateline.news.models import ArticlePage

        shown = ArticlePage.objects.live().public().values("hero_image")
        return super().get_queryset().filter(pk__in=shown)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ArticlePagesAPIViewSet)
api_router.register_endpoint("images", PublishedImagesAPIViewSet)
