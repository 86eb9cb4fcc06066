"""Keeping the site's processes alive on one box: the scheduler, the task worker and the web.

Trending refreshes, newsletter digests, sign-up mail and feedback notices all run in the
task worker or the scheduler; if either dies quietly, readers see stale lists and get no
mail. The supervisor starts each program, writes its output to var/log/<name>.log and its
pid to var/run/<name>.pid, restarts it when it exits (waiting longer after each quick
crash), and stops them all on Ctrl-C or SIGTERM.

A task worker that dies mid-task leaves its task RUNNING for ever. Each task worker started
here gets a worker id naming this host and the supervisor's pid; before a worker starts,
tasks whose worker is known to be gone are put back in the queue, or failed with the reason
once they have already cost a worker its life.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import DatabaseError, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("dateline.supervisor")

# A task is run at most this many times by workers that died under it, then failed.
MAX_ABANDONED_RUNS = 2
BACKOFF_START = 1.0
BACKOFF_MAX = 60.0
# A program that ran this long before exiting was healthy: its next restart is immediate.
STEADY_SECONDS = 60.0
STOP_SECONDS = 30.0
TICK = 0.2


class WorkerLost(Exception):
    """The task worker running a task stopped before the task finished."""


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def worker_id(host: str, supervisor_pid: int, start: int) -> str:
    """The id a supervised task worker runs under: host, supervisor pid, start number."""
    return f"{host}:{supervisor_pid}:tasks-{start}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandoned_by(host: str, dead_ids: Iterable[str] = ()) -> Callable[[str], bool]:
    """Which worker ids belong to workers that are certainly gone.

    The ids in `dead_ids`, and ids given on this host by a supervisor no longer running.
    Ids of workers started elsewhere or by other means are never judged.
    """
    dead = set(dead_ids)

    def gone(worker: str) -> bool:
        if worker in dead:
            return True
        parts = worker.split(":")
        if len(parts) != 3 or parts[0] != host or not parts[2].startswith("tasks-"):
            return False
        return parts[1].isdigit() and not _pid_alive(int(parts[1]))

    return gone


def recover_abandoned_tasks(gone: Callable[[str], bool]) -> tuple[int, int]:
    """Requeue or fail tasks left RUNNING by dead workers; returns (requeued, failed)."""
    requeued = failed = 0
    for task in DBTaskResult.objects.running().order_by("started_at"):
        if not task.worker_ids or not gone(task.worker_ids[-1]):
            continue
        runs = len(task.worker_ids)
        if runs < MAX_ABANDONED_RUNS:
            updated = DBTaskResult.objects.filter(
                pk=task.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
            requeued += updated
            if updated:
                logger.warning(
                    "task %s (%s) put back in the queue: its worker %s stopped before it finished",
                    task.pk,
                    task.task_path,
                    task.worker_ids[-1],
                )
            continue
        reason = (
            f"{WorkerLost.__name__}: the task worker running it ({task.worker_ids[-1]}) "
            f"stopped before it finished, {runs} times; it is not run again.\n"
        )
        updated = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=reason,
            return_value=None,
        )
        failed += updated
        if updated:
            logger.error("task %s (%s) failed: %s", task.pk, task.task_path, reason.strip())
    return requeued, failed


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if the supervisor itself is killed."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Program:
    """One supervised command; `command(start)` builds its argv for the n-th start.

    `tidy` clears what a dead run left behind: it is called before every start and once
    more after the program is stopped for good.
    """

    name: str
    command: Callable[[int], list[str]]
    tidy: Callable[[Program], None] | None = None
    process: subprocess.Popen | None = None
    starts: int = 0
    started_at: float = 0.0
    quick_exits: int = 0
    restart_at: float | None = 0.0
    current_args: list[str] = field(default_factory=list)


class Supervisor:
    def __init__(
        self,
        programs: list[Program],
        var_dir: Path,
        out: IO[str] | None = None,
        backoff_start: float = BACKOFF_START,
        backoff_max: float = BACKOFF_MAX,
        stop_seconds: float = STOP_SECONDS,
    ) -> None:
        self.programs = programs
        self.log_dir = var_dir / "log"
        self.run_dir = var_dir / "run"
        self.out = out or sys.stdout
        self.backoff_start, self.backoff_max = backoff_start, backoff_max
        self.stop_seconds = stop_seconds
        self.stop_requests = 0

    def say(self, message: str) -> None:
        self.out.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} supervise: {message}\n")
        self.out.flush()

    def request_stop(self, signum: int, _frame: object) -> None:
        self.stop_requests += 1
        if self.stop_requests > 1:
            self.say(f"{signal.Signals(signum).name} again: killing every program now")
            self._signal_all(signal.SIGKILL)

    def run(self) -> int:
        """Start everything and keep it running until asked to stop; returns an exit code."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGTERM, self.request_stop)
        try:
            while not self.stop_requests:
                now = time.monotonic()
                for program in self.programs:
                    self._look_after(program, now)
                time.sleep(TICK)
        finally:
            self.stop_all()
        return 0

    def _look_after(self, program: Program, now: float) -> None:
        if program.process is not None:
            code = program.process.poll()
            if code is None:
                return
            self._exited(program, code, now)
        if program.restart_at is not None and now >= program.restart_at:
            self._start(program)

    def _exited(self, program: Program, code: int, now: float) -> None:
        ran = now - program.started_at
        program.process = None
        (self.run_dir / f"{program.name}.pid").unlink(missing_ok=True)
        program.quick_exits = 0 if ran >= STEADY_SECONDS else program.quick_exits + 1
        delay = (
            0.0
            if not program.quick_exits
            else min(self.backoff_max, self.backoff_start * 2 ** (program.quick_exits - 1))
        )
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"code {code}"
        self.say(
            f"{program.name} exited with {how} after {ran:.1f} s; "
            f"restarting in {delay:.0f} s (log: {self.log_dir / program.name}.log)"
        )
        program.restart_at = now + delay

    def _start(self, program: Program) -> None:
        program.starts += 1
        if program.tidy is not None:
            program.tidy(program)
        program.current_args = program.command(program.starts)
        log = open(self.log_dir / f"{program.name}.log", "ab")  # noqa: SIM115 - the child keeps it
        try:
            program.process = subprocess.Popen(
                program.current_args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                process_group=0,
                preexec_fn=_die_with_parent,
            )
        finally:
            log.close()
        program.started_at = time.monotonic()
        program.restart_at = None
        (self.run_dir / f"{program.name}.pid").write_text(f"{program.process.pid}\n")
        self.say(f"{program.name} started (pid {program.process.pid})")

    def _signal_all(self, signum: int) -> None:
        for program in self.programs:
            if program.process is not None:
                program.process.send_signal(signum)  # a no-op once it has exited

    def stop_all(self) -> None:
        """SIGTERM to every program, SIGKILL to those still running after the grace time."""
        self._signal_all(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_seconds
        for program in self.programs:
            if program.process is None:
                continue
            try:
                program.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{program.name} did not stop in {self.stop_seconds:.0f} s; killed")
                program.process.kill()
                program.process.wait()
            (self.run_dir / f"{program.name}.pid").unlink(missing_ok=True)
            self.say(f"{program.name} stopped")
            program.process = None
            if program.tidy is not None:
                program.tidy(program)


def recover_tasks_of(host: str) -> Callable[[Program], None]:
    """The task worker's tidy-up: recover the tasks its last run, now dead, left running."""

    def recover(program: Program) -> None:
        dead = (
            [program.current_args[program.current_args.index("--worker-id") + 1]]
            if "--worker-id" in program.current_args
            else []
        )
        try:
            requeued, failed = recover_abandoned_tasks(abandoned_by(host, dead))
        except DatabaseError:
            logger.exception("could not recover abandoned tasks; trying at the next start")
            return
        finally:
            connections.close_all()
        if requeued or failed:
            logger.warning(
                "tasks left running by a dead worker: %s requeued, %s failed", requeued, failed
            )

    return recover


def site_programs(
    names: Iterable[str], bind: str | None = None, web_workers: int = 2
) -> list[Program]:
    """The programs of one box: `scheduler`, `tasks` and, with an address to bind, `web`."""
    host, me = socket.gethostname(), os.getpid()
    catalogue = {
        "scheduler": Program("scheduler", lambda _n: _python("-m", "dateline.cli", "worker")),
        "tasks": Program(
            "tasks",
            lambda n: _python(
                "-m",
                "dateline.cli",
                "db_worker",
                "--no-reload",
                "--worker-id",
                worker_id(host, me, n),
            ),
            tidy=recover_tasks_of(host),
        ),
        "web": Program(
            "web",
            lambda _n: _python(
                "-m",
                "gunicorn",
                "dateline.wsgi",
                "--bind",
                bind or "127.0.0.1:8000",
                "--workers",
                str(web_workers),
                "--access-logfile",
                "-",
            ),
        ),
    }
    wanted = list(names)
    if bind and "web" not in wanted:
        wanted.append("web")
    return [catalogue[name] for name in wanted]
