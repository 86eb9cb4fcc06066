"""The public site's content model, one concept per module."""

from .authors import Author
from .front_page import FrontPage, FrontPagePin
from .images import ImageSource, NewsImage, NewsImageRendition
from .pages import (
    ArticleCorrection,
    ArticleKind,
    ArticlePage,
    HomePage,
    PublishRefused,
    SectionPage,
    StandardPage,
    article_publishing,
)
from .taxonomy import Country, Edition, Sector
from .tombstones import Tombstone

__all__ = [
    "ArticleCorrection",
    "ArticleKind",
    "ArticlePage",
    "Author",
    "Country",
    "Edition",
    "FrontPage",
    "FrontPagePin",
    "HomePage",
    "ImageSource",
    "NewsImage",
    "NewsImageRendition",
    "PublishRefused",
    "SectionPage",
    "Sector",
    "StandardPage",
    "Tombstone",
    "article_publishing",
]
