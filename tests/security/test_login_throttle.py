"""Admin sign-in: wrong passwords are counted per username and per address, and once either
has used up its tries the normal sign-in form answers with a clear message, never a 500,
and even the right password waits for the window to close."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

DOORS = ["/admin/login/", "/django-admin/login/"]
EDITOR_ADDRESS = "192.0.2.10"
OTHER_ADDRESS = "192.0.2.99"


@pytest.fixture
def editor(settings):
    settings.DATELINE_LOGIN_USER_FAILURES_LIMIT = 3
    settings.DATELINE_LOGIN_ADDRESS_FAILURES_LIMIT = 5
    settings.DATELINE_LOGIN_USER_FAILURES_WINDOW_SECONDS = 900
    return get_user_model().objects.create_superuser("editor", "e@example.org", "right-horse")


def sign_in(door: str, username: str, password: str, address: str = EDITOR_ADDRESS):
    client = Client(REMOTE_ADDR=address)
    response = client.post(door, {"username": username, "password": password})
    return response, "_auth_user_id" in client.session


@pytest.mark.parametrize("door", DOORS)
def test_a_username_with_too_many_wrong_passwords_waits(editor, door):
    for _ in range(3):
        response, signed_in = sign_in(door, "editor", "wrong")
        assert response.status_code == 200 and not signed_in
        assert "Too many failed sign-ins" not in response.content.decode()
    response, signed_in = sign_in(door, "editor", "right-horse", address=OTHER_ADDRESS)
    page = response.content.decode()
    assert response.status_code == 200 and not signed_in
    assert "Too many failed sign-ins" in page and "15 minutes" in page
    assert 'name="password"' in page  # the normal form, to try again later


@pytest.mark.parametrize("door", DOORS)
def test_an_address_trying_many_usernames_waits(editor, door):
    for n in range(5):
        assert not sign_in(door, f"guess{n}", "wrong")[1]
    response, signed_in = sign_in(door, "editor", "right-horse")
    assert response.status_code == 200 and not signed_in
    assert "Too many failed sign-ins" in response.content.decode()
    # The editor, from another address, is not held up by someone else's guesses.
    response, signed_in = sign_in(door, "editor", "right-horse", address=OTHER_ADDRESS)
    assert signed_in


def test_a_few_typos_then_the_right_password_signs_in_and_starts_afresh(editor):
    for _ in range(2):
        assert not sign_in("/admin/login/", "Editor", "wrong")[1]
    assert sign_in("/admin/login/", "editor", "right-horse")[1]
    for _ in range(2):
        assert not sign_in("/admin/login/", "editor", "wrong")[1]
    assert sign_in("/admin/login/", "editor", "right-horse")[1]


def test_an_empty_password_does_not_wipe_the_count(editor):
    for _ in range(2):
        assert not sign_in("/admin/login/", "editor", "wrong")[1]
    assert not sign_in("/admin/login/", "editor", "")[1]
    assert not sign_in("/admin/login/", "editor", "wrong")[1]
    response, signed_in = sign_in("/admin/login/", "editor", "right-horse")
    assert not signed_in and "Too many failed sign-ins" in response.content.decode()


def test_the_counts_name_no_address_or_username_in_clear(editor):
    sign_in("/admin/login/", "guess-ada", "wrong")
    # django-redis lists its keys; the local-memory cache of one process keeps them in a dict.
    keys = " ".join(cache.keys("*") if hasattr(cache, "keys") else cache._cache)
    assert "throttle:" in keys
    for secret in (EDITOR_ADDRESS, "guess-ada"):
        assert secret not in keys
