"""Read-only desk views over what came in on the wire and what was turned away.

Agency copy is licensed to the newsroom and rejections can hold embargoed or internal
notes, so reaching the admin is not enough: each screen needs the view permission of the
model it shows, granted to a group in Settings → Groups.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.admin.auth import permission_required

from dateline.wire.models import DeskState, Rejection, Source, WireItemRecord

PAGE_SIZE = 50
VIEW_ITEMS = "wire.view_wireitemrecord"
VIEW_REJECTIONS = "wire.view_rejection"
VIEW_PAYLOADS = "wire.view_payload"
READ_PERMISSIONS = (VIEW_ITEMS, VIEW_REJECTIONS, VIEW_PAYLOADS)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("p"))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@permission_required(VIEW_ITEMS)
def items(request: HttpRequest) -> HttpResponse:
    """Latest wire items, newest first, filtered by source and desk state."""
    records = WireItemRecord.objects.select_related("source").defer("data")
    source_id = _int(request.GET.get("source"))
    state = request.GET.get("state", "")
    if source_id:
        records = records.filter(source_id=source_id)
    if state in DeskState.values:
        records = records.filter(desk_state=state)
    return TemplateResponse(
        request,
        "wire/admin/items.html",
        {
            "page_title": "Incoming items",
            "page": _page(request, records),
            "sources": Source.objects.all(),
            "states": DeskState.choices,
            "selected_source": source_id,
            "selected_state": state,
        },
    )


@permission_required(VIEW_ITEMS)
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: its parsed fields, beside the raw payload it came from for those who may
    read payloads."""
    record = get_object_or_404(WireItemRecord.objects.select_related("payload", "source"), pk=pk)
    parsed = record.item()
    reads_payloads = request.user.has_perm(VIEW_PAYLOADS)
    return TemplateResponse(
        request,
        "wire/admin/item.html",
        {
            "page_title": record.headline or record.guid,
            "record": record,
            "parsed": parsed,
            "payload_text": record.payload.text() if reads_payloads else None,
            "versions": WireItemRecord.objects.filter(
                agency=record.agency, family_uri=record.family_uri
            )
            .defer("data")
            .order_by("version"),
        },
    )


@permission_required(VIEW_REJECTIONS)
def rejections(request: HttpRequest) -> HttpResponse:
    found = Rejection.objects.select_related("payload", "source")
    source_id = _int(request.GET.get("source"))
    if source_id:
        found = found.filter(source_id=source_id)
    return TemplateResponse(
        request,
        "wire/admin/rejections.html",
        {
            "page_title": "Rejections",
            "page": _page(request, found),
            "sources": Source.objects.all(),
            "selected_source": source_id,
        },
    )


@permission_required(VIEW_PAYLOADS)
def payload(request: HttpRequest, pk: int) -> HttpResponse:
    from dateline.wire.models import Payload

    stored = get_object_or_404(Payload.objects.select_related("source"), pk=pk)
    return TemplateResponse(
        request,
        "wire/admin/payload.html",
        {
            "page_title": f"Payload #{stored.pk}",
            "payload": stored,
            "payload_text": stored.text(),
            "records": stored.records.defer("data"),
            "rejections": stored.rejections.all(),
        },
    )
