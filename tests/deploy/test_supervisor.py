"""`dateline supervise` keeps the task worker alive: a worker killed with SIGKILL mid-task is
restarted, its task is run again, tasks queued after the crash are run, and a task that
keeps killing its workers is failed with the reason instead of being run for ever.

The supervisor runs as a real process on a copy of the test database, as `make run` does.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.operations.supervisor import worker_id

from .conftest import Copy

ROOT = Path(__file__).resolve().parents[2]
HOST = socket.gethostname()

SEED = """
import json, os
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.deploy.sample_tasks import headline_length, hold_until_released

def left_running(headline, workers):
    result = headline_length.enqueue(headline)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=workers)
    return result.id

dead = json.loads(os.environ["DEAD_WORKERS"])
print(json.dumps({
    "once": left_running("Left running by a worker that died", dead[:1]),
    "twice": left_running("Killed two workers already", dead),
    "held": hold_until_released.enqueue(os.environ["STARTS"], os.environ["RELEASE"]).id,
}))
"""

ENQUEUE = """
from tests.deploy.sample_tasks import headline_length
print(headline_length.enqueue("Queued after the crash").id)
"""


def environment(copy: Copy, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=copy.url,
        DATELINE_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="dateline.settings",
        PYTHONPATH=str(ROOT),
        DATELINE_LOG_LEVEL="INFO",
        **extra,
    )
    return env


def shell(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def tasks(copy: Copy) -> dict[str, dict]:
    """Every queued task by id, as the worker left it."""
    found = {}
    for row in copy.rows(
        "select id, status, worker_ids, return_value, exception_class_path, "
        "traceback from django_tasks_database_dbtaskresult"
    ):
        key, status, workers, value, exception, trace = row
        decoded = [json.loads(v) if isinstance(v, str) else v for v in (workers, value)]
        found[str(uuid.UUID(str(key)))] = {
            "status": status,
            "workers": decoded[0],
            "value": decoded[1],
            "exception": exception,
            "traceback": trace,
        }
    return found


def wait_for(condition: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.django_db(transaction=True)
def test_killed_worker_is_restarted_and_its_task_recovered(database_copies, tmp_path):
    copy = database_copies[0]
    starts, release = tmp_path / "starts.txt", tmp_path / "release"
    earlier = dead_pid()
    dead = [worker_id(HOST, earlier, 1), worker_id(HOST, earlier, 2)]
    env = environment(
        copy, tmp_path, DEAD_WORKERS=json.dumps(dead), STARTS=str(starts), RELEASE=str(release)
    )
    seeded = json.loads(shell(SEED, env).splitlines()[-1])

    output = (tmp_path / "supervise.out").open("w+")
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "supervise", "--programs", "tasks"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    pid_file = tmp_path / "var" / "run" / "tasks.pid"
    try:
        # Tasks a dead worker left RUNNING: run again once, failed with the reason after that.
        assert wait_for(lambda: tasks(copy)[seeded["once"]]["status"] == "SUCCESSFUL")
        twice = tasks(copy)[seeded["twice"]]
        assert twice["status"] == "FAILED"
        assert twice["exception"].endswith("WorkerLost")
        assert "stopped before it finished" in twice["traceback"]

        # Kill the worker in the middle of a task.
        assert wait_for(lambda: starts.exists() and len(starts.read_text().splitlines()) == 1)
        first_worker = int(pid_file.read_text())
        assert tasks(copy)[seeded["held"]]["status"] == "RUNNING"
        os.kill(first_worker, signal.SIGKILL)

        # A new worker takes the interrupted task up again, and finishes it once released.
        assert wait_for(lambda: len(starts.read_text().splitlines()) == 2), "task not rerun"
        second_worker = int(pid_file.read_text())
        assert second_worker != first_worker
        release.touch()
        assert wait_for(lambda: tasks(copy)[seeded["held"]]["status"] == "SUCCESSFUL")
        held = tasks(copy)[seeded["held"]]
        assert held["value"] == 2 and len(held["workers"]) == 2

        # Work queued after the crash is run by the restarted worker.
        after = shell(ENQUEUE, env).splitlines()[-1]
        assert wait_for(lambda: tasks(copy)[after]["status"] == "SUCCESSFUL")
        assert tasks(copy)[after]["value"] == len("Queued after the crash")
        assert all(t["status"] != "RUNNING" for t in tasks(copy).values())
    finally:
        supervisor.send_signal(signal.SIGINT)  # Ctrl-C
        code = supervisor.wait(timeout=60)
    output.seek(0)
    said = output.read()
    assert code == 0, said
    assert "tasks exited with signal SIGKILL" in said
    assert "tasks stopped" in said
    log = (tmp_path / "var" / "log" / "tasks.log").read_text()
    assert "Starting worker" in log
    with pytest.raises(ProcessLookupError):
        os.kill(second_worker, 0)
    assert not pid_file.exists()
