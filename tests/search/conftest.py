"""Search tests index pages as they are saved, as a running task worker would."""

from __future__ import annotations

import pytest

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _index_on_save(settings):
    settings.TASKS = IMMEDIATE_TASKS
