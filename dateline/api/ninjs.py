"""The syndication feed in IPTC ninjs 2.2: each live article as a news item partners can load.

A killed article stays in the feed as a retraction signal: `pubstatus` "canceled", its uri and
version, and nothing of its copy (no headline, no body, no picture), so a partner that took the
story knows to take it down. Held, embargoed and draft articles are absent: until readers can
see them, partners cannot either.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.html import strip_tags
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from wagtail.rich_text import expand_db_html

from dateline.news.models import ArticlePage

from .fields import image_renditions

NINJS_VERSION = "2.2"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#"
MEDIA_TOPIC = "http://cv.iptc.org/newscodes/mediatopic/"
PAGE_SIZE = 20

# Sectors that are one IPTC Media Topic; the others go out by name only.
SECTOR_MEDIA_TOPICS = {
    "art-culture": ("01000000", "arts, culture, entertainment and media"),
    "law-governance": ("02000000", "crime, law and justice"),
    "economy-business": ("04000000", "economy, business and finance"),
    "education": ("05000000", "education"),
    "science-environment": ("06000000", "environment"),
    "health": ("07000000", "health"),
    "politics": ("11000000", "politics"),
    "technology": ("13000000", "science and technology"),
    "social-gender": ("14000000", "society"),
    "sports": ("15000000", "sport"),
}


def _utc(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def item_uri(article: ArticlePage) -> str:
    """The article's stable identifier, the same whether it is live or killed."""
    return f"{settings.DATELINE_SITE_URL}/api/ninjs/{article.pk}/"


def _version(article: ArticlePage) -> str:
    """Grows with every publication, so a partner sees when to replace its copy."""
    return str(article.revisions.count() or 1)


def killed_ids() -> QuerySet:
    from dateline.desk.models import Story, StoryState

    return Story.objects.filter(state=StoryState.KILLED, article__isnull=False).values("article_id")


def feed_articles() -> QuerySet:
    """Live articles and the killed ones to retract, the latest change first."""
    return (
        ArticlePage.objects.filter(
            Q(pk__in=ArticlePage.objects.live().public().values("pk")) | Q(pk__in=killed_ids())
        )
        .select_related("primary_country", "sector", "hero_image")
        .prefetch_related("countries", "authors")
        .order_by("-last_published_at", "-pk")
    )


def canceled(article: ArticlePage) -> dict:
    """A retraction: the item's identity and nothing of its copy."""
    return {
        "uri": item_uri(article),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "version": _version(article),
        "versioncreated": _utc(article.latest_revision_created_at or article.last_published_at),
        "pubstatus": "canceled",
    }


def _subjects(article: ArticlePage) -> list[dict]:
    if article.sector is None:
        return []
    subject = {"name": article.sector.name, "rel": "sector", "literal": article.sector.slug}
    if topic := SECTOR_MEDIA_TOPICS.get(article.sector.slug):
        code, name = topic
        subject = {
            "name": name,
            "rel": "sector",
            "uri": MEDIA_TOPIC + code,
            "literal": article.sector.slug,
        }
    return [subject]


def _places(article: ArticlePage) -> list[dict]:
    return [
        {
            "name": country.name,
            "rel": "primary" if country == article.primary_country else "mentioned",
            "literal": country.code,
        }
        for country in article.tag_countries
    ]


def _picture(article: ArticlePage) -> dict:
    """The hero as an associated picture, with its provenance and any disclosure."""
    image = article.hero_image
    picture = {
        "name": "featureimage",
        "uri": f"{settings.DATELINE_SITE_URL}/api/v2/images/{image.pk}/",
        "type": "picture",
        "headlines": [{"value": image.title}],
        "renditions": [
            {
                "name": r["name"],
                "href": r["url"],
                "width": r["width"],
                "height": r["height"],
                "contenttype": "image/jpeg"
                if r["url"].endswith((".jpg", ".jpeg"))
                else "image/png",
            }
            for r in image_renditions(image)
        ],
        "digitalsourcetype": {"uri": image.digital_source_type},
    }
    descriptions = [{"role": "caption", "value": image.caption}] if image.caption else []
    if image.disclosure:
        descriptions.append({"role": "disclosure", "value": image.disclosure})
    if descriptions:
        picture["descriptions"] = descriptions
    if image.credit:
        picture["by"] = image.credit
        picture["copyrightholder"] = image.credit
    return picture


def article_item(article: ArticlePage) -> dict:
    """A live article as one ninjs 2.2 news item."""
    html = expand_db_html(article.body)
    text = strip_tags(html)
    item = {
        "uri": item_uri(article),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": _version(article),
        "firstcreated": _utc(article.created_at),
        "versioncreated": _utc(article.modified_at),
        "pubstatus": "usable",
        "language": article.language,
        "headlines": [{"role": "main", "value": article.title}],
        "descriptions": [{"role": "summary", "value": article.standfirst}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": html,
                "charcount": len(text),
                "wordcount": len(text.split()),
            }
        ],
        "by": article.byline,
        "subjects": _subjects(article),
        "places": _places(article),
        "genres": [{"name": article.get_kind_display(), "literal": article.kind}],
        "altids": [{"role": "html_url", "value": article.get_full_url() or ""}],
        "infosources": [
            {"name": name, "role": "source"}
            for name in article.source_agencies.split(",")
            if name.strip()
        ],
    }
    if article.go_live_at:
        # Published by the scheduler when an agency embargo lifted: partners keep the time.
        item["embargoed"] = _utc(article.go_live_at)
    if article.dateline_city:
        item["located"] = article.dateline_city
    if article.hero_image_id:
        item["associations"] = [_picture(article)]
    for name in list(item):
        if item[name] in ([], None):
            del item[name]
    return item


def item_for(article: ArticlePage, killed: set[int]) -> dict:
    return canceled(article) if article.pk in killed else article_item(article)


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=400)


def _page_number(request: HttpRequest) -> int | JsonResponse:
    """?page=N, a whole number from 1; anything else is the partner's mistake, said plainly."""
    unknown = sorted(set(request.GET) - {"page"})
    if unknown:
        return _bad_request(f"unknown query parameter: {', '.join(unknown)} (only page is taken)")
    numbers = request.GET.getlist("page")
    if len(numbers) > 1:
        return _bad_request("query parameter given more than once: page")
    if not numbers:
        return 1
    if not (numbers[0].isascii() and numbers[0].isdigit()) or int(numbers[0]) < 1:
        return _bad_request(f"page must be a whole number from 1, not '{numbers[0]}'")
    return int(numbers[0])


@csrf_exempt  # nothing to forge: a read-only feed, so other methods get 405, not a CSRF 403
@require_safe
def feed(request: HttpRequest) -> JsonResponse:
    """The latest items, newest change first, ?page=N of PAGE_SIZE."""
    number = _page_number(request)
    if isinstance(number, JsonResponse):
        return number
    paginator = Paginator(feed_articles(), PAGE_SIZE, allow_empty_first_page=True)
    if number > paginator.num_pages:
        return JsonResponse(
            {"message": f"page {number} is past the last page, {paginator.num_pages}"},
            status=404,
        )
    page = paginator.page(number)
    killed = set(killed_ids().values_list("article_id", flat=True))
    base = f"{settings.DATELINE_SITE_URL}/api/ninjs/"
    return JsonResponse(
        {
            "count": page.paginator.count,
            "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
            "previous": (
                f"{base}?page={page.previous_page_number()}" if page.has_previous() else None
            ),
            "items": [item_for(article, killed) for article in page],
        }
    )


@csrf_exempt
@require_safe
def detail(request: HttpRequest, pk: int) -> JsonResponse:
    if request.GET:
        return _bad_request(f"unknown query parameter: {', '.join(sorted(request.GET))}")
    # On Page.id, an id beyond the database's integers matches nothing instead of failing.
    article = feed_articles().filter(id=pk).first()
    if article is None:
        return JsonResponse({"message": "No such item, or not published."}, status=404)
    killed = set(killed_ids().filter(article_id=pk).values_list("article_id", flat=True))
    return JsonResponse(item_for(article, killed))
