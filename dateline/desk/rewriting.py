"""The optional rewriting model, configured by settings; off when no endpoint is set."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

from dateline.desk.core.compose import Draft
from dateline.desk.rewriter import RewriterConfig, rewrite
from dateline.wire.item import WireItem


def rewriter_config() -> RewriterConfig | None:
    url = getattr(settings, "DATELINE_REWRITER_URL", "")
    if not url:
        return None
    return RewriterConfig(
        base_url=url,
        api_key=getattr(settings, "DATELINE_REWRITER_API_KEY", ""),
        model=getattr(settings, "DATELINE_REWRITER_MODEL", ""),
        timeout=float(getattr(settings, "DATELINE_REWRITER_TIMEOUT", 20.0)),
    )


def polish(draft: Draft, items: Sequence[WireItem]) -> Draft:
    """The model's draft when it passes the source check, else the extractive one."""
    config = rewriter_config()
    if config is None:
        return draft
    return rewrite(draft, items, config).draft
