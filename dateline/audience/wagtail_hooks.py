"""Audience screens in the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .feedback.admin import FeedbackViewSet
from .newsletter.admin import NewsletterViewSetGroup, register_policies

register_snippet(FeedbackViewSet)
register_policies()
register_snippet(NewsletterViewSetGroup)
