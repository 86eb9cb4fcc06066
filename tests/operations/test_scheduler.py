"""The worker: runs every configured job, survives a failing one, stops after the current job."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command

from dateline.operations.scheduler import Job, Worker

CALLS: list[str] = []


def record_call() -> str:
    CALLS.append("ran")
    return "recorded"


def explode() -> None:
    raise RuntimeError("newsletter server down")


STARTED, RELEASE = threading.Event(), threading.Event()


def long_job() -> None:
    STARTED.set()
    RELEASE.wait(5)
    CALLS.append("long finished")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


@pytest.mark.django_db
def test_once_runs_every_job_and_survives_a_failing_one(settings, capsys):
    settings.DATELINE_PERIODIC_JOBS = [
        (f"{__name__}.explode", 60),
        ("dateline.wire.jobs.poll_sources", 30),
        (f"{__name__}.record_call", 5),
        ("no.such.module.job", 5),
    ]
    call_command("worker", "--once")
    out = capsys.readouterr().out
    assert CALLS == ["ran"]
    assert f"FAILED {__name__}.explode: RuntimeError: newsletter server down" in out
    assert "ok dateline.wire.jobs.poll_sources: 0 polled" in out
    assert f"ok {__name__}.record_call: recorded" in out
    assert "FAILED no.such.module.job" in out
    assert "4 jobs run, 2 failed" in out


def test_stop_lets_the_current_job_finish_then_ends_the_loop():
    worker = Worker([Job(f"{__name__}.long_job", 0.01), Job(f"{__name__}.record_call", 0.01)])
    loop = threading.Thread(target=worker.run_forever, kwargs={"tick": 0.01})
    loop.start()
    assert STARTED.wait(5)
    worker.stop()  # what SIGTERM does
    RELEASE.set()
    loop.join(5)
    assert not loop.is_alive()
    assert CALLS == ["long finished"]  # finished, and the next job never started


def test_jobs_repeat_on_their_own_interval():
    worker = Worker([Job(f"{__name__}.record_call", 0.05)])
    loop = threading.Thread(target=worker.run_forever, kwargs={"tick": 0.01})
    loop.start()
    threading.Event().wait(0.3)
    worker.stop()
    loop.join(5)
    assert 3 <= len(CALLS) <= 8


@pytest.mark.django_db
def test_a_django_task_job_runs_in_the_workers_turn_not_a_queue():
    job = Job("tests.deploy.sample_tasks.desk_heartbeat", 60)
    outcome = Worker([job]).run_job(job)
    assert outcome.ok
    assert outcome.message == "desk alive"
