"""The Stories screen: what the desk made of the wire, and the editors' actions on it."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dateline.desk import articles, release, stories
from dateline.desk.filters import StoryFilter
from dateline.desk.forms import (
    ApplyUpdateForm,
    KillForm,
    MergeForm,
    ReinstateForm,
    ReleaseForm,
    RetagForm,
    SplitForm,
)
from dateline.desk.models import Story, StoryItem
from dateline.desk.updates import Offer
from dateline.news.timefmt import display_zone

PAGE_SIZE = 50
VIEW_PERMISSIONS = ("desk.view_story", "desk.change_story")


def _can_view(request: HttpRequest) -> None:
    if not any(request.user.has_perm(p) for p in VIEW_PERMISSIONS):
        raise PermissionDenied


def zone_label() -> str:
    """The newsroom zone's abbreviation ("IST"), heading every column of desk times."""
    return timezone.now().astimezone(display_zone()).tzname() or str(display_zone())


def _agency_counts(story_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = StoryItem.objects.filter(story_id__in=story_ids).exclude(kind="repeat")
    for story_id, agency in rows.values_list("story_id", "record__agency"):
        counts[story_id][agency] += 1
    return {sid: sorted(per.items()) for sid, per in counts.items()}


def index(request: HttpRequest) -> HttpResponse:
    _can_view(request)
    found = StoryFilter(
        request.GET or None,
        queryset=articles.with_editor_touched(Story.objects.select_related("article")),
    )
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("p"))
    per_agency = _agency_counts([s.pk for s in page])
    rows = [(story, per_agency.get(story.pk, [])) for story in page]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "desk/stories.html",
        {
            "page_title": "Stories",
            "form": found.form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "zone": zone_label(),
        },
    )


def _pending(story: Story) -> Offer | None:
    """The pending wire update, part by part, if there is one an editor can take."""
    if not story.pending_update or story.article_id is None:
        return None
    try:
        return stories.pending_offer(story)
    except stories.DeskActionError:
        return None


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_view(request)
    story = get_object_or_404(
        articles.with_editor_touched(Story.objects.select_related("article", "merged_into")), pk=pk
    )
    items = story.items.select_related("record", "duplicate_of__record").order_by("seq")
    pending = _pending(story)
    return TemplateResponse(
        request,
        "desk/story.html",
        {
            "page_title": story.name,
            "zone": zone_label(),
            "story": story,
            "items": items,
            "events": story.events.select_related("user", "record")[:200],
            "pending": pending,
            "update_form": ApplyUpdateForm(offer=pending) if pending else None,
            "reinstate_form": ReinstateForm(),
            "merged_stories": story.merged_stories.all(),
            "retag_form": RetagForm(
                initial={"primary_country": story.primary_country, "sector": story.sector}
            ),
            "merge_form": MergeForm(),
            "split_form": SplitForm(story=story),
            "kill_form": KillForm(),
            "can_change": request.user.has_perm("desk.change_story"),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[story.article_id])
            if story.article_id
            else "",
        },
    )


def _form_error(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label or 'Form'}: {' '.join(errors)}")


@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One editor action on a story; every outcome comes back as a message on the story.

    Actions that take an article down or move its text ask first: the confirmation page
    posts the same form again with `confirmed`, so it works without JavaScript.
    """
    if not request.user.has_perm("desk.change_story"):
        raise PermissionDenied
    story = get_object_or_404(Story, pk=pk)
    response = None
    try:
        with transaction.atomic():
            response = _act(request, story, name)
    except stories.DeskActionError as exc:
        messages.error(request, str(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "You do not have permission to change this article.")
    return response or HttpResponseRedirect(reverse("desk:story", args=[story.pk]))


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "yes"


def _confirm(
    request: HttpRequest,
    story: Story,
    name: str,
    heading: str,
    lines: list[str],
    *,
    button: str,
    details: list[str] | None = None,
    danger: bool = False,
) -> HttpResponse:
    """The page that asks before an action: what will happen, then the same form again."""
    fields = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in ("csrfmiddlewaretoken", "confirmed")
        for value in values
    ]
    return TemplateResponse(
        request,
        "desk/confirm.html",
        {
            "page_title": heading,
            "story": story,
            "lines": lines,
            "details": details or [],
            "fields": fields,
            "button": button,
            "danger": danger,
            "action_url": reverse("desk:story_action", args=[story.pk, name]),
        },
    )


def _publish(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    stories.publish(story, user)
    messages.success(request, release.publish_message(story))
    return None


def _hold(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    stories.check_hold(story)
    if not _confirmed(request):
        return _confirm(
            request,
            story,
            "hold",
            "Hold this story?",
            [
                "The article leaves the site, the home page and the feeds; its address "
                "answers 404 until the story is published again.",
            ],
            button="Hold",
        )
    stories.hold(story, user)
    messages.success(request, "Held: the article is off the site until published.")
    return None


def _kill(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    form = KillForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    stories.check_kill(story)
    if not _confirmed(request):
        return _confirm(
            request,
            story,
            "kill",
            "Kill this story?",
            [
                "The article's address will answer 410 Gone everywhere, caches included, "
                "and it leaves the home page, sections and feeds.",
                "It can come back only through Reinstate, with a reason.",
            ],
            details=[f"Reason: {reason}" if reason else "No reason given."],
            button="Kill",
            danger=True,
        )
    stories.kill(story, user, reason)
    messages.success(request, "Killed: the article's address now answers 410 Gone.")
    return None


def _reinstate(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    form = ReinstateForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return None
    reason = form.cleaned_data["reason"]
    stories.check_reinstate(story, reason)
    if not _confirmed(request):
        return _confirm(
            request,
            story,
            "reinstate",
            "Reinstate this killed story?",
            [
                "The article goes live again at its address and returns to the home page, "
                "sections and feeds.",
                "The reason is kept in the story's trail.",
            ],
            details=[f"Reason: {reason}"],
            button="Reinstate",
        )
    stories.reinstate(story, user, reason)
    messages.success(request, "Reinstated: the article is live again.")
    return None


def _unmerge(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    stories.check_unmerge(story)
    if not _confirmed(request):
        return _confirm(
            request,
            story,
            "unmerge",
            "Undo this merge?",
            [
                f"Story #{story.pk} takes back its items from story #{story.merged_into_id}, "
                "with any versions that arrived since.",
                "Its article returns as it was (live again if it was live), and the redirect "
                "from its address is removed.",
            ],
            button="Undo merge",
        )
    target = story.merged_into_id
    stories.unmerge(story, user)
    messages.success(
        request, f"Merge undone: story #{story.pk} stands apart from story #{target} again."
    )
    return None


def _retag(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    form = RetagForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return None
    stories.retag(
        story,
        user,
        primary_country=form.cleaned_data["primary_country"],
        sector=form.cleaned_data["sector"],
    )
    messages.success(request, "Retagged.")
    return None


def _merge(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    form = MergeForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return None
    other = form.cleaned_data["other"]
    stories.check_merge(story, other)
    if not _confirmed(request):
        return _confirm(
            request,
            story,
            "merge",
            f"Merge story #{other.pk} into this story?",
            [
                f"Story #{other.pk}'s items join this story, and its article's address "
                "redirects to this story's article.",
                "You can undo the merge afterwards, from either story.",
            ],
            details=[f"#{other.pk}: {other.headline}", f"into #{story.pk}: {story.headline}"],
            button="Merge",
        )
    stories.merge(story, other, user)
    messages.success(
        request,
        "Merged: the other story's address redirects here. Undo it below if it was a mistake.",
    )
    return None


def _split(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    form = SplitForm(request.POST, story=story)
    if not form.is_valid():
        _form_error(request, form)
        return None
    chosen = [int(i) for i in form.cleaned_data["items"]]
    leaving = stories.items_leaving(story, chosen)
    if not _confirmed(request):
        return _confirm(
            request,
            story,
            "split",
            "Split these items into a new story?",
            [
                "They leave this story, with their earlier versions, and become a new story "
                "held for review; this story's article is redrafted without them.",
            ],
            details=[f"{row.record.agency}: {row.record.headline}" for row in leaving],
            button="Split",
        )
    new = stories.split(story, user, chosen)
    messages.success(request, f"Split off as story #{new.pk}, held for review.")
    return None


def _release(request: HttpRequest, story: Story) -> HttpResponse | None:
    user = request.user
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return None
    release.release_early(story, user, form.cleaned_data["reason"])
    messages.success(request, "Released before the embargo: the article is live.")
    return None


def _apply_update(request: HttpRequest, story: Story) -> HttpResponse | None:
    """Take the parts of the wire update the editor ticked, after showing them again."""
    found = stories.pending_offer(story)
    form = ApplyUpdateForm(request.POST, offer=found)
    if not form.is_valid():
        _form_error(request, form)
        return None
    version, taken = form.cleaned_data["version"], set(form.cleaned_data["take"])
    if version != found.version:
        raise stories.DeskActionError(
            "The article or the wire update changed since you compared them; review the "
            "update again."
        )
    took = [part for part in found.choices if part.key in taken]
    if not _confirmed(request):
        details = [f"{part.label}: {part.new or '(removed)'}" for part in took]
        return _confirm(
            request,
            story,
            "apply-update",
            "Take these parts of the wire update?",
            [
                "Only the parts listed here change; every other part of the article stays as "
                "it is now.",
            ]
            if took
            else [
                "Nothing is taken: the update is set aside and the article stays as it is.",
            ],
            details=details,
            button="Take these parts" if took else "Set the update aside",
        )
    stories.apply_update(story, request.user, taken, version)
    messages.success(
        request,
        "The parts you chose were taken from the wire update; the rest is as it was."
        if took
        else "The wire update was set aside; the article is unchanged.",
    )
    return None


# What each action button posts to, and the handler that carries it out.
ACTIONS = {
    "publish": _publish,
    "hold": _hold,
    "kill": _kill,
    "apply-update": _apply_update,
    "reinstate": _reinstate,
    "unmerge": _unmerge,
    "retag": _retag,
    "merge": _merge,
    "split": _split,
    "release": _release,
}


def _act(request: HttpRequest, story: Story, name: str) -> HttpResponse | None:
    handler = ACTIONS.get(name)
    if handler is None:
        messages.error(request, f"Unknown action: {name[:40]}")
        return None
    return handler(request, story)
