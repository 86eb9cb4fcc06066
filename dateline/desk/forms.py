"""The forms behind the Stories screen: list filters and the editors' story actions."""

from __future__ import annotations

from django import forms

from dateline.desk.chooser import story_chooser
from dateline.desk.models import Story, StoryItem
from dateline.desk.updates import Offer
from dateline.news.models import Country, Sector


class RetagForm(forms.Form):
    primary_country = forms.ChoiceField(required=False, label="Primary country")
    sector = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["primary_country"].choices = [
            ("", "None"),
            *Country.objects.values_list("code", "name"),
        ]
        self.fields["sector"].choices = [("", "None"), *Sector.objects.values_list("slug", "name")]


class MergeForm(forms.Form):
    other = forms.ModelChoiceField(
        queryset=Story.objects.all(),
        label="Story to merge into this one",
        help_text="Find it by words of its headline. Its items join this story; its article "
        "redirects here. A killed story cannot be merged. You are asked to confirm, and a "
        "merge can be undone.",
        error_messages={
            "invalid_choice": "Choose the story with the picker: there is no such story."
        },
        widget=story_chooser.widget_class(),
    )


class SplitForm(forms.Form):
    items = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Items to split off"
    )

    def __init__(self, *args, story: Story, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        usable = (
            StoryItem.objects.filter(story=story, head=True, removed=False)
            .exclude(kind="kill")
            .select_related("record")
        )
        self.fields["items"].choices = [
            (str(row.pk), f"{row.record.agency}: {row.record.headline[:80]}") for row in usable
        ]


class KillForm(forms.Form):
    reason = forms.CharField(required=False, max_length=300)


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Reason for reinstating",
        help_text="Required: it goes in the story's trail.",
        error_messages={"required": "Give the reason for reinstating the story."},
    )


class ApplyUpdateForm(forms.Form):
    """The parts of a pending update an editor takes; `version` names the comparison seen."""

    version = forms.CharField(widget=forms.HiddenInput)
    take = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, offer: Offer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = offer.version
        self.fields["take"].choices = [(p.key, p.label) for p in offer.choices]


class ReleaseForm(forms.Form):
    """Breaking an agency embargo: only on purpose, and never without saying why."""

    confirm = forms.BooleanField(
        label="I confirm the article goes out before the agency's embargo",
        help_text="Breaking an embargo breaks the agency's contract.",
    )
    reason = forms.CharField(max_length=300, label="Reason", help_text="Kept in the story's trail.")
