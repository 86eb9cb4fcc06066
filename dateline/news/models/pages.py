"""Wagtail page types of the public site: home, section indexes, articles and standard pages."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField, ListField
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, Revision
from wagtail.search import index

from dateline.api import fields as api_serializers

from .. import wagtail_internals
from ..page_forms import SIGNED_KINDS, ArticlePageForm
from ..reference import GLOBAL_EDITION, edition_for_country
from ..slugs import free_slug_under
from ..view_restrictions import ViewRestrictionsMixin

PAGE_SIZE = 20
DEFAULT_ATTRIBUTION = "(With inputs from agencies.)"
SCHEDULED_PUBLISH = "wagtail.publish.scheduled"  # the log action Wagtail's scheduler passes
# Languages written right to left: their pages need dir="rtl" for the text to read at all.
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur"})

logger = logging.getLogger(__name__)

article_publishing = Signal()
"""Sent before an article revision is published or scheduled, whatever the door (page
editor, scheduler, workflow, code), with `instance`, `revision`, `user` and `scheduled`.
A receiver refuses the publication by raising `PublishRefused`."""


class PublishRefused(PublishPagePermissionError):
    """A publication the article's lifecycle forbids; the message tells the editor why."""


class ArticleKind(models.TextChoices):
    NEWS = "news", "News"
    SHORT = "short", "Short item"
    OPINION = "opinion", "Opinion"
    BLOG = "blog", "Blog"
    INTERVIEW = "interview", "Interview"


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> PaginatorPage:
    """A page of results that never fails on a bad or out-of-range ?page=."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class ArticleQuerySet(PageQuerySet):
    """The listings of the site, written once for its pages, feeds and API."""

    def listed(self) -> ArticleQuerySet:
        """Live articles with what a listing shows, newest first, in a fixed number of queries."""
        return (
            self.live()
            .select_related("primary_country", "sector", "hero_image")
            .prefetch_related("authors")
            .order_by("-first_published_at", "-pk")
        )

    def in_sector(self, sector) -> ArticleQuerySet:
        return self.filter(sector=sector)

    def in_country(self, country) -> ArticleQuerySet:
        """About the country, or mentioning it among the story's countries."""
        return self.filter(Q(primary_country=country) | Q(countries=country)).distinct()

    def in_edition(self, edition) -> ArticleQuerySet:
        """News whose country belongs to the regional edition (opinion and blogs are global)."""
        return self.filter(kind=ArticleKind.NEWS, primary_country__edition=edition)


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class HomePage(ViewRestrictionsMixin, Page):
    """The Global home; edition homes reuse its template through a view."""

    max_count = 1
    subpage_types = ["news.SectionPage", "news.StandardPage"]
    introduction = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from ..top_stories import explained, top_stories

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, top_stories(timezone.now()))
        context["ranking"] = explained()
        context["edition_slug"] = GLOBAL_EDITION
        return context

    def route(self, request: HttpRequest, path_components: list[str]):
        """Sections, the hot path, in one query instead of a page and then its specific type."""
        if path_components:
            section = SectionPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if section is not None:
                wagtail_internals.remember_parent(section, self)
                return section.route(request, path_components[1:])
        return super().route(request, path_components)


class SectionPage(ViewRestrictionsMixin, Page):
    """An index of one kind of article: news, short items, opinion, blog, interviews."""

    kind = models.CharField(max_length=16, choices=ArticleKind.choices, unique=True)
    introduction = models.CharField(max_length=300, blank=True)

    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]
    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("introduction")]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.listed().child_of(self).prefetch_related("authors")
        context["articles"] = paginate(request, articles)
        return context

    def route(self, request: HttpRequest, path_components: list[str]):
        """An article in one query, with the sector, country and image its page shows."""
        if len(path_components) == 1:
            article = (
                ArticlePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("sector", "primary_country", "hero_image")
                .first()
            )
            if article is not None:
                wagtail_internals.remember_parent(article, self)
                return article.route(request, [])
        return super().route(request, path_components)


class ArticlePage(ViewRestrictionsMixin, Page):
    kind = models.CharField(
        max_length=16, choices=ArticleKind.choices, default=ArticleKind.NEWS, editable=False
    )
    standfirst = models.TextField(help_text="One paragraph under the headline.")
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"])
    takeaways = models.TextField(
        blank=True, help_text="Key takeaways, one per line (three or four)."
    )
    authors = ParentalManyToManyField("news.Author", blank=True, related_name="articles")
    dateline_city = models.CharField(max_length=100, blank=True)
    primary_country = models.ForeignKey(
        "news.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    countries = ParentalManyToManyField(
        "news.Country",
        blank=True,
        related_name="articles",
        help_text="Other countries the story is about or mentions.",
    )
    sector = models.ForeignKey(
        "news.Sector", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    hero_image = models.ForeignKey(
        "news.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attribution = models.CharField(max_length=200, blank=True, default=DEFAULT_ATTRIBUTION)
    source_agencies = models.CharField(
        max_length=300, blank=True, help_text="Agencies whose copy the article was written from."
    )
    created_at = models.DateTimeField(
        default=timezone.now, help_text="When the story began (its first wire item)."
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Set only for meaningful changes to the story."
    )
    language = models.CharField(
        max_length=8,
        default="en",
        help_text="The article's language (ISO 639-1, e.g. en, de, ar); the desk sets it "
        "from the agency copy.",
    )

    objects = ArticleManager()
    base_form_class = ArticlePageForm

    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    content_panels = [
        TitleFieldPanel("title", heading="Headline"),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("authors"), FieldPanel("dateline_city")], heading="Byline and dateline"
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("takeaways"),
        MultiFieldPanel(
            [FieldPanel("primary_country"), FieldPanel("countries"), FieldPanel("sector")],
            heading="Tags",
        ),
        MultiFieldPanel(
            [
                FieldPanel("language"),
                FieldPanel("attribution"),
                FieldPanel("source_agencies"),
                FieldPanel("created_at"),
                FieldPanel("updated_at"),
            ],
            heading="Provenance and times",
        ),
        InlinePanel("corrections", heading="Corrections", label="Correction"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("sector_id"),
        index.FilterField("primary_country_id"),
        index.FilterField("first_published_at"),
        # The edition filter of site search: primary_country__edition, on any backend.
        index.RelatedFields("primary_country", [index.FilterField("edition")]),
    ]

    # What partners read through the content API (/api/v2/); see dateline.api.
    api_fields = [
        APIField("headline", serializer=CharField(source="title")),
        APIField("standfirst"),
        APIField("body", serializer=api_serializers.RichTextHTML()),
        APIField("takeaways", serializer=ListField(source="takeaway_list", child=CharField())),
        APIField("kind"),
        APIField("language"),
        APIField("countries", serializer=api_serializers.ArticleCountries()),
        APIField("sector", serializer=api_serializers.ArticleSector()),
        APIField("edition", serializer=api_serializers.ArticleEdition()),
        APIField("byline", serializer=CharField()),
        APIField("dateline", serializer=CharField(source="dateline_city")),
        APIField("times", serializer=api_serializers.ArticleTimes()),
        APIField("corrections", serializer=api_serializers.ArticleCorrections()),
        APIField("image", serializer=api_serializers.HeroImage(source="hero_image")),
        APIField("attribution"),
        APIField("source_agencies", serializer=api_serializers.Agencies()),
    ]

    def full_clean(self, *args, **kwargs) -> None:
        """An empty address is filled from the headline in readable ASCII, whatever its
        script (Wagtail's own would be empty for an Arabic headline), free among siblings."""
        if not self.slug and self.title:
            parent = wagtail_internals.remembered_parent(self) or (
                self.get_parent() if self.path else None
            )
            if parent is not None:
                self.slug = free_slug_under(parent, self.title)
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        section = parent.specific if parent else None
        if isinstance(section, SectionPage):
            self.kind = section.kind
        return super().save(*args, **kwargs)

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        """Ask `article_publishing` first, before anything is written.

        A refused scheduled publication is taken off the schedule rather than raised, so
        the scheduler goes on to its other pages.
        """
        scheduled = log_action == SCHEDULED_PUBLISH
        try:
            article_publishing.send(
                sender=ArticlePage, instance=self, revision=revision, user=user, scheduled=scheduled
            )
        except PublishRefused as refusal:
            if not scheduled:
                raise
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.warning("Scheduled publication of article %s refused: %s", self.pk, refusal)
            return None
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    @property
    def edition_slug(self) -> str:
        code = self.primary_country.code if self.primary_country else None
        return edition_for_country(code)

    @property
    def text_direction(self) -> str:
        """ "rtl" for Arabic, Hebrew, Persian and Urdu, so browsers lay the page out right to
        left; "ltr" otherwise."""
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"

    @property
    def byline(self) -> str:
        """Authors' names when the piece is signed, otherwise the desk's name."""
        names = [a.name for a in self.authors.all()]
        return ", ".join(names) if names else settings.DATELINE_DESK_NAME

    @property
    def takeaway_list(self) -> list[str]:
        return [line.strip() for line in self.takeaways.splitlines() if line.strip()]

    @property
    def is_signed(self) -> bool:
        """An opinion, blog or interview piece, published under its writer's name."""
        return self.kind in SIGNED_KINDS

    @property
    def published_at(self):
        return self.first_published_at or self.created_at

    @property
    def modified_at(self):
        return self.updated_at or self.published_at

    @property
    def tag_countries(self) -> list:
        """Primary country first, then the others, each once."""
        seen = [self.primary_country] if self.primary_country else []
        seen += [c for c in self.countries.all() if c not in seen]
        return seen

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from ..related import related_coverage

        context = super().get_context(request, *args, **kwargs)
        # Built only when the template renders it, not when its cached copy is served.
        context["json_ld"] = partial(self.structured_data, request)
        # Outside the cached article: a story killed since must leave these lists at once.
        context.update(related_coverage(self))
        return context

    def structured_data(self, request: HttpRequest) -> list[dict]:
        """NewsArticle and BreadcrumbList JSON-LD, with the relations the page lists loaded."""
        from ..structured_data import breadcrumbs, news_article

        if not getattr(request, "is_preview", False):
            # JSON-LD and the template both list these; a preview keeps the editor's unsaved ones.
            prefetch_related_objects([self], "authors", "countries", "corrections")
        return [news_article(self, request), breadcrumbs(self, request)]

    def get_sitemap_urls(self, request=None) -> list[dict]:
        return [{"location": self.get_full_url(request), "lastmod": self.modified_at}]

    def get_cached_paths(self) -> list[str]:
        """None for Wagtail's own purge: news.purging sends the article's address in one
        batch with every listing, feed and API address that shows it."""
        return []


class ArticleCorrection(Orderable):
    """A dated note telling readers what was wrong and what was changed."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    panels = [FieldPanel("corrected_at"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        ordering = ["corrected_at"]


class StandardPage(ViewRestrictionsMixin, Page):
    """About, disclaimer, terms and privacy pages, written in the admin."""

    body = RichTextField()
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []
    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
