"""Background tasks on Redis: enqueued by the app, run by a separate RQ worker process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("DATELINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")

ENQUEUE_AND_READ = """
import sys, django
django.setup()
from django_tasks import default_task_backend
from tests.deploy.sample_tasks import headline_length
if sys.argv[1] == "enqueue":
    print(headline_length.enqueue("Rains return to the Sahel").id)
else:
    result = default_task_backend.get_result(sys.argv[2])
    print(result.status, result.return_value if result.is_finished else "")
"""


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_rq_worker_runs_enqueued_task(tmp_path):
    try:
        connection = redis.Redis.from_url(REDIS)
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis is required under CI")
        pytest.skip("Redis not running")
    connection.flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings",
        "DATELINE_TASK_BACKEND": "rq",
        "REDIS_URL": REDIS,
        "DATELINE_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    task_id = run([sys.executable, "-c", ENQUEUE_AND_READ, "enqueue"], env)
    assert run([sys.executable, "-c", ENQUEUE_AND_READ, "read", task_id], env).startswith("READY")
    run(
        [
            sys.executable,
            "-m",
            "dateline.cli",
            "rqworker",
            "--burst",
            "--job-class",
            "django_tasks_rq.Job",
            "default",
        ],
        env,
    )
    assert run([sys.executable, "-c", ENQUEUE_AND_READ, "read", task_id], env) == "SUCCESSFUL 25"
    connection.flushdb()
