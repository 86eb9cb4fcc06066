"""Read-only desk views over what came in on the wire and what was turned away."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from dateline.wire.models import DeskState, Rejection, Source, WireItemRecord

PAGE_SIZE = 50


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("p"))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


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


def item(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: its parsed fields beside the raw payload it came from."""
    record = get_object_or_404(WireItemRecord.objects.select_related("payload", "source"), pk=pk)
    parsed = record.item()
    return TemplateResponse(
        request,
        "wire/admin/item.html",
        {
            "page_title": record.headline or record.guid,
            "record": record,
            "parsed": parsed,
            "payload_text": record.payload.text(),
            "versions": WireItemRecord.objects.filter(
                agency=record.agency, family_uri=record.family_uri
            )
            .defer("data")
            .order_by("version"),
        },
    )


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
