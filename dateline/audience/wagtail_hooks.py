"""Audience screens in the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .feedback.admin import FeedbackViewSet

register_snippet(FeedbackViewSet)
