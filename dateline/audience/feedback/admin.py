"""The desk's feedback inbox in the Wagtail admin: read messages, set their status."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Feedback


class FeedbackViewSet(SnippetViewSet):
    model = Feedback
    icon = "mail"
    menu_label = "Feedback"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["__str__", "email", "page", "status", "received_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "message"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("status"),
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("page", read_only=True),
        FieldPanel("received_at", read_only=True),
        FieldPanel("message", read_only=True),
    ]
