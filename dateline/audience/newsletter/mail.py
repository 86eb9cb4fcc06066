"""The newsletter's messages: HTML and plain text, absolute links, RFC 8058 unsubscribe headers."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from dateline.news.models import ArticlePage

from . import tokens
from .digest import Period
from .models import Digest, Subscriber

TEMPLATES = "audience/newsletter/mail"


def absolute(path: str) -> str:
    return settings.DATELINE_SITE_URL + path


def article_url(article: ArticlePage) -> str:
    parts = article.get_url_parts()
    return absolute(parts[2]) if parts else absolute("/")


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = tokens.unsubscribe_token(subscriber)
    return absolute(reverse("newsletter:unsubscribe", args=[token]))


def manage_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter:preferences", args=[tokens.manage_token(subscriber)]))


def confirm_url(subscriber: Subscriber) -> str:
    return absolute(reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber)]))


def unsubscribe_mailbox() -> str:
    configured = settings.DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILTO
    if configured:
        return configured
    domain = parseaddr(settings.DATELINE_NEWSLETTER_FROM)[1].rpartition("@")[2]
    return f"unsubscribe@{domain or 'localhost'}"


def unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """List-Unsubscribe with an HTTPS one-click address first (RFC 2369, RFC 8058)."""
    token = tokens.unsubscribe_token(subscriber)
    web = absolute(reverse("newsletter:unsubscribe", args=[token]))
    mailto = f"mailto:{unsubscribe_mailbox()}?subject={quote('unsubscribe ' + token)}"
    return {
        "List-Unsubscribe": f"<{web}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.DATELINE_SITE_NAME} newsletter <newsletter.{site_domain()}>",
    }


def site_domain() -> str:
    return urlsplit(settings.DATELINE_SITE_URL).hostname or "localhost"


def _message(
    subscriber: Subscriber,
    subject: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    context = {
        "site_name": settings.DATELINE_SITE_NAME,
        "site_url": settings.DATELINE_SITE_URL,
        "subscriber": subscriber,
        "unsubscribe_url": unsubscribe_url(subscriber),
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATES}/{template}.txt", context),
        from_email=settings.DATELINE_NEWSLETTER_FROM,
        to=[subscriber.email],
        headers={**unsubscribe_headers(subscriber), **(headers or {})},
    )
    message.attach_alternative(
        render_to_string(f"{TEMPLATES}/{template}.html", context), "text/html"
    )
    return message


def confirmation_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    subject = f"Confirm your {settings.DATELINE_SITE_NAME} newsletter subscription"
    return _message(
        subscriber,
        subject,
        "confirm",
        {"confirm_url": confirm_url(subscriber), "valid_days": tokens.CONFIRM_MAX_AGE.days},
    )


def already_subscribed_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    subject = f"You are already subscribed to the {settings.DATELINE_SITE_NAME} newsletter"
    return _message(
        subscriber, subject, "already_subscribed", {"manage_url": manage_url(subscriber)}
    )


# Stand-ins for the per-reader links: a digest body is rendered once per set of preferences
# and each reader's copy only swaps these for their own signed links.
UNSUBSCRIBE_SLOT = "urn:dateline:newsletter:unsubscribe"
MANAGE_SLOT = "urn:dateline:newsletter:manage"


@dataclass(frozen=True)
class DigestBody:
    subject: str
    text: str
    html: str


def digest_body(digest: Digest, period: Period, stories: list[dict]) -> DigestBody:
    """The digest for one set of preferences, shared by every reader who chose them."""
    lead = " ".join(stories[0]["title"].split())
    context = {
        "site_name": settings.DATELINE_SITE_NAME,
        "site_url": settings.DATELINE_SITE_URL,
        "digest": digest,
        "period": period,
        "stories": stories,
        "unsubscribe_url": UNSUBSCRIBE_SLOT,
        "manage_url": MANAGE_SLOT,
    }
    return DigestBody(
        subject=f"{settings.DATELINE_SITE_NAME} {digest.get_frequency_display().lower()}: {lead}",
        text=render_to_string(f"{TEMPLATES}/digest.txt", context),
        html=render_to_string(f"{TEMPLATES}/digest.html", context),
    )


def digest_message(
    subscriber: Subscriber, digest: Digest, body: DigestBody
) -> EmailMultiAlternatives:
    """One reader's copy of a shared digest body, with their own links and headers."""
    unsubscribe, manage = unsubscribe_url(subscriber), manage_url(subscriber)

    def personal(part: str) -> str:
        return part.replace(UNSUBSCRIBE_SLOT, unsubscribe).replace(MANAGE_SLOT, manage)

    message = EmailMultiAlternatives(
        subject=body.subject,
        body=personal(body.text),
        from_email=settings.DATELINE_NEWSLETTER_FROM,
        to=[subscriber.email],
        headers={
            **unsubscribe_headers(subscriber),
            "Message-ID": f"<digest-{digest.pk}-{subscriber.pk}@{site_domain()}>",
        },
    )
    message.attach_alternative(personal(body.html), "text/html")
    return message


def story_items(articles: list[ArticlePage]) -> list[dict]:
    """What the digest shows of each story, computed once per set of preferences."""
    return [
        {
            "title": article.title,
            "standfirst": article.standfirst,
            "url": article_url(article),
            "country": article.primary_country.name if article.primary_country else "",
            "sector": article.sector.name if article.sector else "",
            "published_at": article.first_published_at,
        }
        for article in articles
    ]
