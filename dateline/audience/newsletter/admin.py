"""The newsletter in the Wagtail admin: subscribers, digest deliveries and sign-up mails.

What the system recorded about mail (deliveries, sign-up mails) is shown, never written,
here: an editor with the model's view permission reads it, and nobody adds or edits it.
Subscribers are only ever added through double opt-in, so the admin can change or remove
one but never create one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Delivery, SignupMail, Subscriber


class LimitedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, for only the actions that make sense on these records."""

    def __init__(self, model: type, actions: Iterable[str]) -> None:
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        return super().users_with_any_permission([a for a in actions if a in self.actions])


def _read_only(*names: str) -> list[FieldPanel]:
    return [FieldPanel(name, read_only=True) for name in names]


class LimitedSnippetViewSet(SnippetViewSet):
    allowed_actions: tuple[str, ...] = ("view",)
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        codenames = [f"{action}_{self.model_opts.model_name}" for action in self.allowed_actions]
        return super().get_permissions_to_register().filter(codename__in=codenames)


class SubscriberViewSet(LimitedSnippetViewSet):
    model = Subscriber
    allowed_actions = ("view", "change", "delete")
    icon = "user"
    menu_label = "Subscribers"
    list_display = ["email", "status", "frequency", "created_at", "confirmed_at"]
    list_filter = ["status", "frequency"]
    search_fields = ["email"]
    panels = [
        FieldPanel("status"),
        FieldPanel("frequency"),
        *_read_only("email", "created_at", "confirmed_at", "unsubscribed_at"),
    ]


class DeliveryViewSet(LimitedSnippetViewSet):
    model = Delivery
    icon = "mail"
    menu_label = "Digest deliveries"
    list_display = ["subscriber", "digest", "status", "story_count", "sent_at", "error"]
    list_filter = ["status", "digest"]
    search_fields = ["subscriber__email"]
    panels = _read_only(
        "digest", "subscriber", "status", "story_count", "claimed_at", "sent_at", "error"
    )


class SignupMailViewSet(LimitedSnippetViewSet):
    model = SignupMail
    icon = "mail"
    menu_label = "Sign-up mails"
    list_display = [
        "subscriber",
        "kind",
        "status",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subscriber__email", "error"]
    panels = _read_only(
        "subscriber",
        "kind",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "error",
    )


class NewsletterViewSetGroup(SnippetViewSetGroup):
    menu_label = "Newsletter"
    menu_icon = "mail"
    menu_order = 310
    items = (SubscriberViewSet, DeliveryViewSet, SignupMailViewSet)


def register_policies() -> None:
    """Before the viewsets register: each model gets only the actions its viewset allows."""
    for viewset in NewsletterViewSetGroup.items:
        register_permission_policy(
            viewset.model,
            LimitedPermissionPolicy(viewset.model, viewset.allowed_actions),
            exact_class=True,
        )
