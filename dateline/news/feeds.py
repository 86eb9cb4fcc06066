"""RSS 2.0 and Atom feeds for the whole site and for each sector, country and edition."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from .models import ArticleKind, ArticlePage, Country, Edition, Sector

FEED_SIZE = 50


class LanguageRss(Rss201rev2Feed):
    """RSS with each item's language as Dublin Core `dc:language`, so a reader app can pick
    or lay out an Arabic or German story apart from the English channel around it."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("dc:language", item["language"])


class LanguageAtom(Atom1Feed):
    """Atom with each entry's language as `xml:lang`, as the Atom format provides."""

    def item_attributes(self, item) -> dict[str, str]:
        return {**super().item_attributes(item), "xml:lang": item["language"]}


class SiteFeed(Feed):
    feed_type = LanguageRss

    def get_object(self, request, *args, **kwargs):
        return None

    def scope(self, obj):
        return ArticlePage.objects.listed().filter(kind=ArticleKind.NEWS)

    def title(self, obj) -> str:
        name = settings.DATELINE_SITE_NAME
        return f"{name}: {obj.name}" if obj is not None else f"{name}: latest news"

    def link(self, obj) -> str:
        return obj.get_absolute_url() if obj is not None else "/"

    def description(self, obj) -> str:
        where = obj.name if obj is not None else "the world"
        return f"Latest stories about {where} from {settings.DATELINE_SITE_NAME}."

    def items(self, obj):
        return self.scope(obj).prefetch_related("authors")[:FEED_SIZE]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        """The standfirst is plain text, but RSS <description> and Atom <summary type="html">
        are read as HTML: escaped, markup an agency typed into it shows as text in readers
        instead of running there."""
        return escape(item.standfirst)

    def item_link(self, item: ArticlePage) -> str:
        return item.url

    def item_guid(self, item: ArticlePage) -> str:
        return item.full_url

    def item_pubdate(self, item: ArticlePage):
        return item.published_at

    def item_updateddate(self, item: ArticlePage):
        return item.modified_at

    def item_author_name(self, item: ArticlePage) -> str:
        return item.byline

    def item_extra_kwargs(self, item: ArticlePage) -> dict[str, str]:
        return {"language": item.language}

    def item_categories(self, item: ArticlePage) -> list[str]:
        tags = [item.sector.name] if item.sector else []
        return tags + ([item.primary_country.name] if item.primary_country else [])


class SectorFeed(SiteFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Sector, slug=slug)

    def scope(self, obj):
        return ArticlePage.objects.listed().in_sector(obj)


class CountryFeed(SiteFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Country, slug=slug)

    def scope(self, obj):
        return ArticlePage.objects.listed().in_country(obj)


class EditionFeed(SiteFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Edition, slug=slug)

    def scope(self, obj):
        return ArticlePage.objects.listed().in_edition(obj)


def atom(feed_class: type[SiteFeed]) -> type[SiteFeed]:
    """The Atom twin of an RSS feed class."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {
            "feed_type": LanguageAtom,
            "subtitle": feed_class.description,
        },
    )
