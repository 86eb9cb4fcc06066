"""Every private name of Wagtail (and of the treebeard and Django code under its pages) that
the project relies on, in this one module.

Each saves work on a hot path: serving an article, or writing a backlog of thousands of
articles at once. Wagtail's public API does the same things more slowly. Each function here is
covered by a contract test (tests/news/test_wagtail_internals.py) pinned to the Wagtail release
it was checked against, so an upgrade that changes one fails there first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from wagtail.models import Page, Site

CHECKED_WITH_WAGTAIL = "8.0"

_ROUTE = "_wagtail_route_for_request"
_SITE = "_wagtail_site"


def site_known(request: HttpRequest) -> bool:
    """Whether Wagtail's site for this request is already found (Wagtail caches it on it)."""
    return hasattr(request, _SITE)


def known_site(request: HttpRequest) -> Site | None:
    """The site `site_known` says is found."""
    return getattr(request, _SITE)


def remember_site(request: HttpRequest, site: Site | None) -> None:
    """The site `Site.find_for_request` will answer for this request without a query."""
    setattr(request, _SITE, site)


def raw_host(request: HttpRequest) -> str:
    """The Host header as sent, before Django's ALLOWED_HOSTS check (which raises)."""
    return request._get_raw_host()


def remember_parent(page: Page, parent: Page) -> None:
    """`page.get_parent()` answers `parent` without a query (treebeard's cache of it)."""
    page._cached_parent_obj = parent


def remembered_parent(page: Page) -> Page | None:
    """The parent `add_child` remembers on a page it is about to save (no path yet)."""
    return getattr(page, "_cached_parent_obj", None)


def never_a_site_root(page: Page) -> None:
    """`page.is_site_root()` answers False without asking the Site table (the cache Wagtail's
    `annotate_site_root_state` fills)."""
    page._is_site_root = False


def route_known(request: HttpRequest) -> bool:
    """Whether Wagtail has already routed this request (it caches the route on it)."""
    return hasattr(request, _ROUTE)


def remember_route(request: HttpRequest, route: Any) -> None:
    """The route Wagtail's page view will use for this request, found the quick way (or
    None for a 404), so `Page.route_for_request` does not walk the tree again."""
    setattr(request, _ROUTE, route)


def path_step(model: type[Page], path: str) -> int:
    """The position among its siblings that a page's tree path encodes."""
    return model._str2int(path[-model.steplen :])


def child_path(model: type[Page], parent: Page, step: int) -> str:
    """The tree path of `parent`'s child at position `step`, as `add_child` would give it."""
    return model._get_path(parent.path, parent.depth + 1, step)


def insert_specific_rows(model: type[Page], pages: Sequence[Page], using: str) -> None:
    """Write the rows of `model`'s own table for pages whose Page rows are written already.

    Django's bulk_create refuses multi-table models, so the insert that `save` itself uses for
    that table writes them, one statement for the lot.
    """
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields, using=using)
