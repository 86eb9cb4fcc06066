"""What a reader chooses: an address, editions, sectors and how often."""

from __future__ import annotations

from django import forms

from dateline.news.models import Edition, Sector

from .models import Frequency, Subscriber


def normalise_email(value: str) -> str:
    return value.strip().lower()


class PreferencesForm(forms.Form):
    editions = forms.ModelMultipleChoiceField(
        queryset=Edition.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
        help_text="Leave all unticked for every edition.",
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
        help_text="Leave all unticked for every sector.",
    )
    frequency = forms.ChoiceField(
        choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect
    )

    def apply_to(self, subscriber: Subscriber) -> None:
        """Store the chosen preferences on a saved subscriber."""
        subscriber.frequency = self.cleaned_data["frequency"]
        subscriber.save(update_fields=["frequency"])
        subscriber.editions.set(self.cleaned_data["editions"])
        subscriber.sectors.set(self.cleaned_data["sectors"])

    @classmethod
    def initial_for(cls, subscriber: Subscriber) -> dict:
        return {
            "frequency": subscriber.frequency,
            "editions": list(subscriber.editions.all()),
            "sectors": list(subscriber.sectors.all()),
        }


class SignupForm(PreferencesForm):
    email = forms.EmailField(max_length=254, label="Email address")
    # Left empty by people; form-filling robots tend to fill every field they find.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email", "frequency", "editions", "sectors", "website"]

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
