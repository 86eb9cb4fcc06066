"""Running queued tasks inside a test, with django-tasks-db's own worker loop."""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker


def run_queued_tasks(monkeypatch) -> None:
    """Run every due task in the database queue, as `dateline db_worker --batch` does.

    The worker refreshes its connection between tasks; here that connection holds the
    test's transaction, so it is left open.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
