"""The embargo panel of the story screen: the time, its countdown, and the early release."""

from __future__ import annotations

from django import template

from dateline.desk import release
from dateline.desk.forms import ReleaseForm
from dateline.desk.models import Story, StoryState

register = template.Library()


@register.inclusion_tag("desk/_embargo.html")
def story_embargo(story: Story, can_change: bool) -> dict:
    """Nothing unless the story's copy is under an embargo still ahead."""
    if story.state == StoryState.KILLED:
        return {"status": None}
    return {
        "story": story,
        "status": release.status(story),
        "can_change": can_change,
        "release_form": ReleaseForm(),
    }
