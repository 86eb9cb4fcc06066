"""The wire's lists in the admin, Incoming items and Rejections, as Wagtail's own listing
views: its filters (django-filter), columns, pagination and permission checks.

Both are read-only: wire copy is changed by agencies, never in the admin. Each needs the view
permission of its model (see `views`); the detail screens stay in `views`.
"""

from __future__ import annotations

import django_filters
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from dateline.news.timefmt import newsroom_time
from dateline.wire.admin import views
from dateline.wire.models import DeskState, Rejection, Source, WireItemRecord

PAGE_SIZE = 50


class NewsroomTimeColumn(Column):
    """A time as the newsroom reads it, with its zone ("5 Dec 2026, 14:05 IST")."""

    def get_value(self, instance) -> str:
        return newsroom_time(super().get_value(instance))


class LinkColumn(Column):
    """A cell that links to the object's own screen."""

    def __init__(self, name: str, url_name: str, **kwargs) -> None:
        super().__init__(name, **kwargs)
        self.url_name = url_name

    def get_value(self, instance) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse(self.url_name, args=[instance.pk]),
            super().get_value(instance),
        )


class IncomingItemsFilter(WagtailFilterSet):
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), empty_label="All sources"
    )
    state = django_filters.ChoiceFilter(
        field_name="desk_state",
        choices=DeskState.choices,
        label="Desk state",
        empty_label="Any state",
    )

    class Meta:
        model = WireItemRecord
        fields: list[str] = []


class RejectionsFilter(WagtailFilterSet):
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), empty_label="All sources"
    )

    class Meta:
        model = Rejection
        fields: list[str] = []


def _desk_state(record: WireItemRecord) -> str:
    state = record.get_desk_state_display()
    return f"{state}: {record.desk_error[:120]}" if record.desk_error else state


def _signals(record: WireItemRecord) -> str:
    text = ", ".join(record.signals) or "–"
    return text if record.pubstatus == "usable" else f"{text} ({record.pubstatus})"


def _rejected_item(rejection: Rejection) -> str:
    position = f"#{rejection.position} " if rejection.position is not None else ""
    return f"{position}{rejection.guid}"


def _payload_link(rejection: Rejection) -> str:
    return format_html(
        '<a href="{}">#{}</a> {}',
        reverse("wire_admin:payload", args=[rejection.payload_id]),
        rejection.payload_id,
        rejection.payload.filename,
    )


class IncomingItemsView(IndexView):
    model = WireItemRecord
    page_title = "Incoming items"
    header_icon = "list-ul"
    permission_policy = ModelPermissionPolicy(WireItemRecord)
    permission_required = "view"
    any_permission_required = None
    filterset_class = IncomingItemsFilter
    paginate_by = PAGE_SIZE
    index_url_name = "wire_admin:items"
    index_results_url_name = "wire_admin:items_results"
    columns = [
        NewsroomTimeColumn("received_at", label="Received"),
        Column("agency", label="Agency"),
        LinkColumn(
            "headline",
            "wire_admin:item",
            label="Headline",
            accessor=lambda r: r.headline or r.guid,
        ),
        Column("version", label="Version", accessor=lambda r: f"v{r.version}"),
        Column("signals", label="Signals", accessor=_signals),
        Column("desk_state", label="Desk", accessor=_desk_state),
    ]

    def get_base_queryset(self):
        return WireItemRecord.objects.select_related("source").defer("data")


class RejectionsView(IndexView):
    model = Rejection
    page_title = "Rejections"
    header_icon = "warning"
    permission_policy = ModelPermissionPolicy(Rejection)
    permission_required = "view"
    any_permission_required = None
    filterset_class = RejectionsFilter
    paginate_by = PAGE_SIZE
    index_url_name = "wire_admin:rejections"
    index_results_url_name = "wire_admin:rejections_results"
    columns = [
        NewsroomTimeColumn("created_at", label="When"),
        Column("agency", label="Agency", accessor=lambda r: r.payload.agency),
        Column("reason", label="Reason"),
        Column("item", label="Item", accessor=_rejected_item),
        Column("payload", label="Payload", accessor=_payload_link),
    ]

    def get_base_queryset(self):
        return Rejection.objects.select_related("payload", "source")


class WireListings(ViewSet):
    """The wire's read-only screens under /admin/wire/: lists, item and payload."""

    name = "wire_admin"
    url_prefix = "wire"
    icon = "doc-full"

    def get_urlpatterns(self):
        return [
            path("items/", IncomingItemsView.as_view(), name="items"),
            path(
                "items/results/",
                IncomingItemsView.as_view(results_only=True),
                name="items_results",
            ),
            path("items/<int:pk>/", views.item, name="item"),
            path("rejections/", RejectionsView.as_view(), name="rejections"),
            path(
                "rejections/results/",
                RejectionsView.as_view(results_only=True),
                name="rejections_results",
            ),
            path("payloads/<int:pk>/", views.payload, name="payload"),
        ]


wire_listings = WireListings()
