"""Article addresses from headlines: readable ASCII whatever the headline's script."""

from __future__ import annotations

from anyascii import anyascii
from django.utils.text import slugify

SLUG_LENGTH = 80


def readable_slug(headline: str) -> str:
    """A readable ASCII address from the headline: Arabic, Greek or Cyrillic headlines are
    transliterated, so they do not all fall back to a bare number or "story"."""
    return slugify(anyascii(headline))[:SLUG_LENGTH].strip("-") or "story"


def free_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken."""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def free_slug_under(parent, headline: str) -> str:
    """The readable address of `headline` that no child of `parent` has yet."""
    base = readable_slug(headline)
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return free_slug(base, taken)
