"""Sign-in throttling for the Wagtail admin and the Django admin.

Wrong passwords are counted per username (whatever its case) and per client address, in the
cache (see throttle). Once either has used up its tries, the sign-in form says so and
refuses even the right password until the window closes; a successful sign-in clears the
username's count. The address is the reader's as dateline.audience.anonymity reads it, so
behind a trusted proxy each client is counted apart.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from wagtail.admin.forms.auth import LoginForm

from dateline.audience.anonymity import address_from
from dateline.security.throttle import FailureThrottle

USER_FAILURES = FailureThrottle("login-user", "DATELINE_LOGIN_USER_FAILURES", 5, 15 * 60)
ADDRESS_FAILURES = FailureThrottle("login-address", "DATELINE_LOGIN_ADDRESS_FAILURES", 20, 15 * 60)


class ThrottledLoginMixin:
    """For an AuthenticationForm: refuse a throttled sign-in before checking the password."""

    def _wait_message(self) -> str:
        minutes = max(USER_FAILURES.window_seconds, ADDRESS_FAILURES.window_seconds) // 60
        return (
            "Too many failed sign-ins for this account or from this address. "
            f"Wait {minutes} minutes, then try again."
        )

    def clean(self) -> dict:
        username = "user:" + self.cleaned_data.get("username", "").strip().casefold()
        address = "address:" + address_from(self.request.META) if self.request else ""
        if USER_FAILURES.blocked(username) or (address and ADDRESS_FAILURES.blocked(address)):
            raise forms.ValidationError(self._wait_message(), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            USER_FAILURES.failed(username)
            if address:
                ADDRESS_FAILURES.failed(address)
            raise
        if self.get_user() is not None:
            USER_FAILURES.forget(username)
        return cleaned


class ThrottledWagtailLoginForm(ThrottledLoginMixin, LoginForm):
    """The Wagtail admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM)."""


class ThrottledAdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The Django admin's sign-in form (admin.site.login_form)."""
