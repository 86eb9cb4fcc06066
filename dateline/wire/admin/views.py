"""Read-only screens of one wire item and one payload, beside the lists in `listings`.

Agency copy is licensed to the newsroom and rejections can hold embargoed or internal
notes, so reaching the admin is not enough: each screen needs the view permission of the
model it shows, granted to a group in Settings → Groups.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.admin.auth import permission_required

from dateline.wire.models import WireItemRecord

VIEW_ITEMS = "wire.view_wireitemrecord"
VIEW_REJECTIONS = "wire.view_rejection"
VIEW_PAYLOADS = "wire.view_payload"
READ_PERMISSIONS = (VIEW_ITEMS, VIEW_REJECTIONS, VIEW_PAYLOADS)


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
