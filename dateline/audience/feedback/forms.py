"""The reader's feedback form, with a honeypot field people never see."""

from __future__ import annotations

from django import forms

from .models import MESSAGE_MAX_LENGTH, MESSAGE_MIN_LENGTH, Feedback

HONEYPOT = "website"
PAGE_MAX_LENGTH = 500


def site_path(raw: str | None) -> str:
    """The page a reader came from, kept only if it is a path on this site."""
    value = (raw or "").strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or len(value) > PAGE_MAX_LENGTH
        or any(ord(c) < 32 for c in value)
    ):
        return ""
    return value


class FeedbackForm(forms.ModelForm):
    message = forms.CharField(
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MESSAGE_MAX_LENGTH}),
        help_text=f"Up to {MESSAGE_MAX_LENGTH} characters.",
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Feedback
        fields = ["name", "email", "message", "page"]
        labels = {"name": "Your name (optional)", "email": "Your email (optional)"}
        help_texts = {"email": "Only if you would like an answer."}

    def clean_page(self) -> str:
        return site_path(self.cleaned_data.get("page"))
