"""The Stories screen: what the desk made of the wire, and the editors' actions on it."""

from __future__ import annotations

import difflib
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from dateline.desk import articles, release, stories
from dateline.desk.content import Content
from dateline.desk.forms import (
    KillForm,
    MergeForm,
    ReleaseForm,
    RetagForm,
    SplitForm,
    StoryFilterForm,
)
from dateline.desk.models import Story, StoryItem

PAGE_SIZE = 50
VIEW_PERMISSIONS = ("desk.view_story", "desk.change_story")


def _can_view(request: HttpRequest) -> None:
    if not any(request.user.has_perm(p) for p in VIEW_PERMISSIONS):
        raise PermissionDenied


def _filtered(form: StoryFilterForm):
    found = articles.with_editor_touched(Story.objects.select_related("article"))
    if not form.is_valid():
        return found
    data = form.cleaned_data
    if data["state"]:
        found = found.filter(state=data["state"])
    if data["flagged"]:
        found = found.exclude(Q(tag_flags=[]) & Q(desk_flags=[]))
    if data["edition"]:
        found = found.filter(edition=data["edition"])
    if data["sector"]:
        found = found.filter(sector=data["sector"])
    return found


def _agency_counts(story_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = StoryItem.objects.filter(story_id__in=story_ids).exclude(kind="repeat")
    for story_id, agency in rows.values_list("story_id", "record__agency"):
        counts[story_id][agency] += 1
    return {sid: sorted(per.items()) for sid, per in counts.items()}


def index(request: HttpRequest) -> HttpResponse:
    _can_view(request)
    form = StoryFilterForm(request.GET or None)
    page = Paginator(_filtered(form), PAGE_SIZE).get_page(request.GET.get("p"))
    per_agency = _agency_counts([s.pk for s in page])
    rows = [(story, per_agency.get(story.pk, [])) for story in page]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(request, "desk/stories.html", {
        "page_title": "Stories", "form": form, "page": page, "rows": rows,
        "query": query.urlencode(),
    })


def _pending_diff(story: Story) -> dict | None:
    if not story.pending_update or story.article_id is None:
        return None
    new = Content.from_json(story.pending_update)
    old = stories.page_content(articles.current_page(story))
    body = []
    matcher = difflib.SequenceMatcher(a=old.body_paragraphs, b=new.body_paragraphs)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            body += [("same", p) for p in old.body_paragraphs[a1:a2]]
            continue
        body += [("removed", p) for p in old.body_paragraphs[a1:a2]]
        body += [("added", p) for p in new.body_paragraphs[b1:b2]]
    return {"old": old, "new": new, "body": body}


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_view(request)
    story = get_object_or_404(
        articles.with_editor_touched(Story.objects.select_related("article", "merged_into")), pk=pk
    )
    items = story.items.select_related("record", "duplicate_of__record").order_by("seq")
    return TemplateResponse(request, "desk/story.html", {
        "page_title": story.headline or f"Story #{story.pk}",
        "story": story,
        "items": items,
        "events": story.events.select_related("user", "record")[:200],
        "pending": _pending_diff(story),
        "retag_form": RetagForm(initial={"primary_country": story.primary_country,
                                         "sector": story.sector}),
        "merge_form": MergeForm(),
        "split_form": SplitForm(story=story),
        "kill_form": KillForm(),
        "can_change": request.user.has_perm("desk.change_story"),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[story.article_id])
        if story.article_id else "",
    })


def _form_error(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label or 'Form'}: {' '.join(errors)}")


@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One editor action on a story; every outcome comes back as a message on the story."""
    if not request.user.has_perm("desk.change_story"):
        raise PermissionDenied
    story = get_object_or_404(Story, pk=pk)
    try:
        with transaction.atomic():
            _act(request, story, name)
    except stories.DeskActionError as exc:
        messages.error(request, str(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "You do not have permission to change this article.")
    return HttpResponseRedirect(reverse("desk_story", args=[story.pk]))


def _act(request: HttpRequest, story: Story, name: str) -> None:
    user = request.user
    if name == "publish":
        stories.publish(story, user)
        messages.success(request, release.publish_message(story))
    elif name == "hold":
        stories.hold(story, user)
        messages.success(request, "Held: the article is off the site until published.")
    elif name == "kill":
        form = KillForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        stories.kill(story, user, reason)
        messages.success(request, "Killed: the article's address now answers 410 Gone.")
    elif name == "apply-update":
        stories.apply_update(story, user)
        messages.success(request, "The pending wire update was applied.")
    elif name == "retag":
        form = RetagForm(request.POST)
        if not form.is_valid():
            _form_error(request, form)
            return
        stories.retag(story, user, primary_country=form.cleaned_data["primary_country"],
                      sector=form.cleaned_data["sector"])
        messages.success(request, "Retagged.")
    elif name == "merge":
        form = MergeForm(request.POST)
        if not form.is_valid():
            _form_error(request, form)
            return
        stories.merge(story, form.cleaned_data["other"], user)
        messages.success(request, "Merged: the other story's address redirects here.")
    elif name == "split":
        form = SplitForm(request.POST, story=story)
        if not form.is_valid():
            _form_error(request, form)
            return
        new = stories.split(story, user, [int(i) for i in form.cleaned_data["items"]])
        messages.success(request, f"Split off as story #{new.pk}, held for review.")
    elif name == "release":
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            _form_error(request, form)
            return
        release.release_early(story, user, form.cleaned_data["reason"])
        messages.success(request, "Released before the embargo: the article is live.")
    else:
        messages.error(request, f"Unknown action: {name[:40]}")
