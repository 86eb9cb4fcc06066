"""The desk places what the wire announces: at once with the immediate task backend, through
the task worker with a queue, and, if the announcement never ran, at the scheduler's turn."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from dateline.desk.models import Story
from dateline.operations.scheduler import Worker, configured_jobs
from dateline.wire.models import DeskState, WireItemRecord
from tests.audience.task_support import run_queued_tasks
from tests.desk.pipeline_support import (
    FLOODS,
    RATES,
    ingest,
    ninjs,
)

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DESK_TASK = "dateline.desk.tasks.place_stored_records"


def states() -> list[str]:
    return list(WireItemRecord.objects.order_by("id").values_list("desk_state", flat=True))


def test_with_the_immediate_backend_stored_copy_is_placed_as_it_commits(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
        assert states() == [DeskState.PENDING]  # not before the records are committed
    assert states() == [DeskState.DONE]
    assert Story.objects.get().article is not None


def test_with_a_queue_the_task_worker_places_stored_copy(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = DATABASE
    with django_capture_on_commit_callbacks(execute=True):
        ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
        ingest("Harbour", ninjs("urn:harbour:rates", RATES))
    assert states() == [DeskState.PENDING, DeskState.PENDING]
    assert list(DBTaskResult.objects.values_list("task_path", "status")) == [
        (DESK_TASK, "READY"),
        (DESK_TASK, "READY"),
    ]
    run_queued_tasks(monkeypatch)
    assert states() == [DeskState.DONE, DeskState.DONE]
    assert Story.objects.count() == 2
    desk_tasks = DBTaskResult.objects.filter(task_path=DESK_TASK)
    assert list(desk_tasks.values_list("status", flat=True)) == ["SUCCESSFUL", "SUCCESSFUL"]


def test_copy_whose_announcement_never_ran_is_placed_at_the_schedulers_turn(settings):
    settings.TASKS = DATABASE
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))  # its commit, and so its task, lost
    assert states() == [DeskState.PENDING] and not DBTaskResult.objects.exists()
    desk_turn = [job for job in configured_jobs() if job.path == DESK_TASK]
    assert desk_turn, "the scheduler has no desk turn to catch up on lost announcements"
    outcome = Worker(desk_turn).run_job(desk_turn[0])
    assert outcome.ok and outcome.message.startswith("1 items: 1 new stories")
    assert states() == [DeskState.DONE]
