"""What an editor sees at the page editor's doors to a desk article.

The article refuses a killed story's publication whatever the door (see `lifecycle`); these
hooks turn that refusal into a message on the page instead of an error page, and warn
before an editor works on, or deletes, a desk story's article.
"""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page

from dateline.desk import lifecycle
from dateline.desk.models import Story, StoryState


def _story_button(story: Story) -> list:
    return [messages.button(reverse("desk:story", args=[story.pk]), "Open the story")]


@hooks.register("before_publish_page")
def refuse_publishing_a_killed_article(request: HttpRequest, page: Page) -> HttpResponse | None:
    """The editor's changes are already saved as a draft; the page stays down."""
    story = lifecycle.killed_story(page.pk)
    if story is None:
        return None
    refusal = lifecycle.refuse(story, user=request.user)
    messages.error(
        request, f"{refusal} Your changes were kept as a draft.", buttons=_story_button(story)
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_killed_articles(
    request: HttpRequest, action_type: str, objects, action
) -> HttpResponse | None:
    if action_type != "publish":
        return None
    killed = [s for s in (lifecycle.killed_story(o.pk) for o in objects) if s is not None]
    if not killed:
        return None
    for story in killed:
        lifecycle.refuse(story, user=request.user)
    names = "; ".join(f"“{story.headline or story}”" for story in killed)
    messages.error(
        request,
        f"Nothing was published: the story of {names} was killed, and a "
        "killed story comes back only through Reinstate on the Stories screen.",
    )
    return redirect(action.next_url)


@hooks.register("before_edit_page")
def warn_on_a_killed_article(request: HttpRequest, page: Page) -> None:
    """On opening the editor; not again under a message already saying it (a refusal)."""
    if request.method != "GET" or len(get_messages(request)):
        return
    if (story := lifecycle.killed_story(page.pk)) is not None:
        messages.warning(request, lifecycle.refusal_message(story), buttons=_story_button(story))


@hooks.register("before_delete_page")
def warn_deleting_a_desk_article(request: HttpRequest, page: Page) -> None:
    story = lifecycle.story_of(page.pk)
    if request.method == "GET" and story is not None and story.state != StoryState.KILLED:
        messages.warning(
            request,
            "Deleting this article kills its story: its address answers 410 Gone and new "
            "wire copy will not bring it back. To take it off the site for a while, "
            "unpublish it instead (the story is then held).",
            buttons=_story_button(story),
        )
