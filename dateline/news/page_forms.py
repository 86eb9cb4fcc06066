"""The page editor's article form, which speaks to the writer of the piece in hand.

Wire copy and signed pieces (opinion, blog, interviews) share one page type, but not one
form: a signed piece carries its author's byline, no "(With inputs from agencies.)" unless
the writer puts it there, and help texts about the writer's piece instead of agency copy.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import free_slug_under

# ArticleKind's values for the signed kinds (the page models import this form).
SIGNED_KINDS = frozenset({"opinion", "blog", "interview"})

SIGNED_HELP = {
    "title": "The piece's headline.",
    "standfirst": "One or two sentences that tell readers what the piece argues or covers.",
    "authors": "Who wrote the piece: it is published under their name.",
    "dateline_city": "Where the piece was written, if that matters to it.",
    "body": "The writer's text.",
    "takeaways": "Optional: up to three short points the piece makes, one per line.",
    "language": "The piece's language (ISO 639-1, e.g. en, de, ar).",
    "attribution": "Leave empty for a signed piece; name agencies only if their copy is quoted.",
    "source_agencies": "Agencies whose copy the piece quotes, if any.",
    "created_at": "When the piece was written.",
    "updated_at": "Set only when the piece is changed after publication.",
}


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, parent_page: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
        self.kind = self._kind(parent_page)
        if self.kind not in SIGNED_KINDS:
            return
        for name, text in SIGNED_HELP.items():
            if name in self.fields:
                self.fields[name].help_text = text
        if "authors" in self.fields:
            self.fields["authors"].required = True
            self.fields["authors"].error_messages["required"] = (
                "A signed piece needs its author: choose who wrote it."
            )
        if self.instance.pk is None:
            self.initial["attribution"] = ""

    def _kind(self, parent_page: Any) -> str:
        """The section decides the kind: the parent's for a new piece, the page's own after."""
        if self.instance.pk is None and parent_page is not None:
            return getattr(parent_page.specific, "kind", self.instance.kind)
        return self.instance.kind

    def clean(self) -> dict[str, Any]:
        """An empty address is filled from the headline before Wagtail checks it is free: the
        admin saves drafts without the page's own clean (see ArticlePage.full_clean)."""
        title = self.cleaned_data.get("title")
        if not self.cleaned_data.get("slug") and title and self.parent_page is not None:
            self.cleaned_data["slug"] = free_slug_under(self.parent_page, title)
        return super().clean()
