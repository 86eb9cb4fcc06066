"""Telling the desk about new feedback by mail, from the task worker so readers never wait."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django_tasks import task

from .models import Feedback

SUBJECT_EXCERPT = 60


def desk_address() -> str:
    return getattr(settings, "DATELINE_FEEDBACK_NOTIFY", "").strip()


def notification(item: Feedback, to: str) -> EmailMessage:
    excerpt = " ".join(item.message.split())[:SUBJECT_EXCERPT]
    try:
        admin_path = reverse("wagtailsnippets_audience_feedback:edit", args=[item.pk])
    except NoReverseMatch:
        admin_path = "/admin/"
    body = "\n".join(
        [
            f"From: {item.name or 'Anonymous'}" + (f" <{item.email}>" if item.email else ""),
            f"Page: {settings.DATELINE_SITE_URL}{item.page}" if item.page else "Page: (none)",
            f"Received: {item.received_at:%Y-%m-%d %H:%M} UTC",
            "",
            item.message,
            "",
            f"Open in the admin: {settings.WAGTAILADMIN_BASE_URL}{admin_path}",
        ]
    )
    return EmailMessage(
        subject=f"Reader feedback: {excerpt}",
        body=body,
        to=[to],
        reply_to=[item.email] if item.email else None,
    )


@task()
def notify_desk(feedback_id: int) -> bool:
    """Mail the desk about one message; False when no address is set or the row is gone."""
    to = desk_address()
    item = Feedback.objects.filter(pk=feedback_id).first()
    if not to or item is None:
        return False
    notification(item, to).send()
    return True
