"""The wire pipeline end to end on PostgreSQL and Redis: Reuters-21578 in, published articles out.

On the normal path each story goes in as its own ninjs payload through `ingest_bytes`
(whose announcement queues a desk task that no worker runs here), and `process_pending()`
places what is pending after every CHUNK payloads, as that task would. It is measured in a
window of WINDOW items around each of MARKS items stored (2,000 and 20,000): items/s end to
end and the cost per item (ingest + desk), in wall time and in CPU time of this process and
of its PostgreSQL backend (steadier on a shared machine). Before each window the store is
filled, from where it stands to the window's start, by a faster route that leaves the same
kind of stored state:

- every payload still goes through `ingest_bytes` (the same payload and record rows), in a
  second process, as a transport feeds the desk;
- meanwhile `dateline.desk.backfill` places what is pending, up to FILL_CHUNK records per
  transaction: the live desk's own identity decisions, drafts, tags, stories, story items
  and events, with the articles of new stories inserted into the page tree together (live,
  with first revision and history, and the post_save and page_published signals, as the
  live desk leaves them) and every other decision placed by the live desk's code;
- then VACUUM ANALYZE and CHECKPOINT, as autovacuum and the checkpointer would have run on
  a store that grew over weeks, so the window does not pay for the fill's dirty pages.

The fill's rate is reported apart and enters no per-item figure.

A run that would pass its time budget (BENCH_PIPELINE_SECONDS, default 1200) stops there and
says how far it got. BENCH_PIPELINE_ITEMS limits the corpus and BENCH_PIPELINE_MARKS
(default "2000,20000") moves the marks, for quick runs.

Uses a throwaway database `dateline_bench_pipeline` (created and dropped here) on
BENCH_POSTGRES (default the local server) and Redis database 14.
Run: .venv/bin/python bench/pipeline_load.py   (writes bench/results/pipeline_load.json)
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import DATELINE, ROOT, machine, reuters_ninjs, write_results  # noqa: E402

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "dateline_bench_pipeline"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BUDGET = float(os.environ.get("BENCH_PIPELINE_SECONDS", "1200"))
LIMIT = int(os.environ.get("BENCH_PIPELINE_ITEMS", "0")) or None
MARKS = tuple(int(m) for m in os.environ.get("BENCH_PIPELINE_MARKS", "2000,20000").split(","))
CHUNK = 50
FILL_CHUNK = 500
WINDOW = 500
FILL_ROUTE = (
    "ingest_bytes per payload (as on the normal path) in a second process, while "
    f"dateline.desk.backfill places what is pending, up to {FILL_CHUNK} records per "
    "transaction: the live desk's decisions, drafts, stories and items, new stories' "
    "articles inserted into the page tree together (live, with first revision, history, "
    "post_save and page_published), other decisions by the live desk's code; then "
    "VACUUM ANALYZE and CHECKPOINT"
)


def recreate_database() -> str:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{SERVER}/{DATABASE}"


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def window_cost(chunks: list[dict], low: int, high: int) -> dict | None:
    """Mean ms per item over the normal-path chunks that took the store from `low` to `high`.

    Besides wall time, the CPU time of this process and of its PostgreSQL backend (when the
    server is local): on a shared machine they move much less with other people's load.
    """
    inside = [c for c in chunks if c["stored_before"] >= low and c["stored_after"] <= high]
    items = sum(c["items"] for c in inside)
    if not inside or items < (high - low) * 0.8:
        return None

    def per_item(key: str) -> float | None:
        values = [c[key] for c in inside]
        return None if None in values else round(sum(values) / items * 1000, 2)

    return {
        "stored_from": inside[0]["stored_before"],
        "items": items,
        "items_per_second": round(items / sum(c["seconds"] for c in inside), 2),
        "ms_per_item": per_item("seconds"),
        "ingest_ms_per_item": per_item("ingest_seconds"),
        "desk_ms_per_item": per_item("desk_seconds"),
        "cpu_ms_per_item": per_item("cpu_seconds"),
        "server_cpu_ms_per_item": per_item("server_cpu_seconds"),
    }


def server_cpu() -> tuple[int, float] | None:
    """This connection's PostgreSQL backend: its pid and CPU seconds so far, if it is local."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Run:
    """The store as it grows, phase by phase, within the time budget."""

    def __init__(self, payloads: list[tuple[str, bytes]]) -> None:
        self.payloads = payloads
        self.stored = 0
        self.started = time.monotonic()
        self.chunks: list[dict] = []
        self.phases: list[dict] = []
        self.stopped_by_time_budget = False
        self.thousands = 0

    def out_of_time(self) -> bool:
        self.stopped_by_time_budget |= time.monotonic() - self.started > BUDGET
        return self.stopped_by_time_budget

    def normal(self, until: int) -> None:
        """Ingest and place CHUNK payloads at a time, as the worker does."""
        from dateline.desk.pipeline import process_pending

        phase = {
            "phase": "normal path",
            "stored_from": self.stored,
            "items": 0,
            "seconds": 0.0,
            "desk_errors": 0,
        }
        while self.stored < min(until, len(self.payloads)) and not self.out_of_time():
            batch = self.payloads[self.stored : min(self.stored + CHUNK, until)]
            server_before = server_cpu()
            cpu, t0 = time.process_time(), time.perf_counter()
            ingest(batch)
            t1 = time.perf_counter()
            summary = process_pending()
            t2, cpu = time.perf_counter(), time.process_time() - cpu
            server_after = server_cpu()
            same_backend = server_before and server_after and server_before[0] == server_after[0]
            self.chunks.append(
                {
                    "stored_before": self.stored,
                    "stored_after": self.stored + len(batch),
                    "items": len(batch),
                    "seconds": t2 - t0,
                    "ingest_seconds": t1 - t0,
                    "desk_seconds": t2 - t1,
                    "cpu_seconds": cpu,
                    "server_cpu_seconds": (
                        server_after[1] - server_before[1] if same_backend else None
                    ),
                }
            )
            phase["items"] += len(batch)
            phase["seconds"] += t2 - t0
            phase["desk_errors"] += summary.errors
            self.stored += len(batch)
            self.progress()
        self.close(phase)

    def fill(self, until: int) -> None:
        """The faster route to a bigger store (see the module docstring)."""
        from django.db import DatabaseError, connection

        from dateline.desk.backfill import backfill

        batch = self.payloads[self.stored : until]
        if not batch:
            return
        start = self.stored
        phase = {
            "phase": "fill",
            "route": FILL_ROUTE,
            "stored_from": start,
            "items": 0,
            "seconds": 0.0,
            "desk_errors": 0,
        }
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="dateline-fill-") as folder:
            feed = Path(folder) / "payloads.pickle"
            feed.write_bytes(pickle.dumps(batch))
            feeder = subprocess.Popen([sys.executable, __file__, "--ingest", str(feed)], cwd=ROOT)
            try:
                while True:
                    feeding = feeder.poll() is None
                    if self.out_of_time():
                        break
                    placed = backfill(FILL_CHUNK)
                    phase["items"] += placed.items
                    phase["desk_errors"] += placed.errors
                    self.stored += placed.items
                    self.progress()
                    if not placed.items:
                        if not feeding:
                            break
                        time.sleep(0.2)
            finally:
                if feeder.poll() is None:
                    feeder.terminate()
                if feeder.wait() not in (0, -signal.SIGTERM):
                    raise RuntimeError(f"the fill's ingest process failed ({feeder.returncode})")
        if feeder.returncode == 0:  # every payload is in, placed or (if unparseable) rejected
            self.stored = start + len(batch)
            phase["items"] = len(batch)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            try:
                cursor.execute("CHECKPOINT")
                phase["checkpoint"] = True
            except DatabaseError:  # needs a superuser or pg_checkpoint: said in the results
                phase["checkpoint"] = False
        phase["seconds"] = time.perf_counter() - started
        self.close(phase)

    def progress(self) -> None:
        """A line each time the store passes another thousand items."""
        if self.stored // 1000 > self.thousands:
            self.thousands = self.stored // 1000
            print(f"  {self.stored} items, {time.monotonic() - self.started:.0f} s", flush=True)

    def close(self, phase: dict) -> None:
        phase["stored_to"] = self.stored
        phase["seconds"] = round(phase["seconds"], 1)
        phase["items_per_second"] = (
            round(phase["items"] / phase["seconds"], 2) if phase["seconds"] else None
        )
        self.phases.append(phase)


def ingest(batch: list[tuple[str, bytes]]) -> None:
    from dateline.wire.ingest import ingest_bytes

    for name, data in batch:
        ingest_bytes(data, agency="Reuters", format="ninjs", filename=name)


def feed(path: Path) -> int:
    """The fill's ingest process: the payloads in `path`, in order, as a transport would."""
    import django

    django.setup()
    ingest(pickle.loads(path.read_bytes()))
    return 0


def outcome() -> dict:
    from wagtail.models import Page

    from dateline.desk.models import Story
    from dateline.news.models import ArticlePage
    from dateline.wire.models import DeskState, Rejection, WireItemRecord

    records = WireItemRecord.objects
    return {
        "wire_records": records.count(),
        "records_done": records.filter(desk_state=DeskState.DONE).count(),
        "records_failed": records.filter(desk_state=DeskState.FAILED).count(),
        "records_pending": records.filter(desk_state=DeskState.PENDING).count(),
        "rejections": Rejection.objects.count(),
        "stories": Story.objects.count(),
        "published_articles": ArticlePage.objects.live().count(),
        "page_tree_problems": sum(len(found) for found in Page.find_problems()),
    }


def main() -> int:
    results: dict = {
        "machine": machine(),
        "database": "postgresql",
        "cache": "redis",
        "chunk": CHUNK,
        "fill_chunk": FILL_CHUNK,
        "window": WINDOW,
        "marks": list(MARKS),
        "time_budget_seconds": BUDGET,
    }
    payloads = reuters_ninjs(LIMIT)
    results["corpus_payloads"] = len(payloads)
    url = recreate_database()
    env = dict(
        os.environ,
        DATABASE_URL=url,
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="dateline.settings",
        DATELINE_LOG_LEVEL="ERROR",
    )
    try:
        subprocess.run(
            [*DATELINE, "migrate", "--noinput"], env=env, cwd=ROOT, check=True, capture_output=True
        )
        os.environ.update(
            {
                k: env[k]
                for k in (
                    "DATABASE_URL",
                    "REDIS_URL",
                    "DJANGO_SETTINGS_MODULE",
                    "DATELINE_LOG_LEVEL",
                )
            }
        )
        import django

        django.setup()
        from django.core.cache import cache

        cache.clear()
        run = Run(payloads)
        for mark in MARKS:
            run.fill(mark - WINDOW // 2)
            run.normal(mark + WINDOW // 2)
        results.update(outcome())
        cache.clear()
    finally:
        drop_database()
    results["items"] = run.stored
    results["seconds"] = round(time.monotonic() - run.started, 1)
    results["stopped_by_time_budget"] = run.stopped_by_time_budget
    results["phases"] = run.phases
    normal = [p for p in run.phases if p["phase"] == "normal path"]
    items, seconds = sum(p["items"] for p in normal), sum(p["seconds"] for p in normal)
    results["normal_path_items_per_second"] = round(items / seconds, 2) if seconds else None
    windows = {f"around {mark}": (mark - WINDOW // 2, mark + WINDOW // 2) for mark in MARKS}
    results["windows"] = {name: window_cost(run.chunks, *span) for name, span in windows.items()}
    results["desk_errors"] = sum(p["desk_errors"] for p in run.phases)
    path = write_results("pipeline_load", results)
    print_summary(results, path)
    return 0


def print_summary(r: dict, path: Path) -> None:
    m = r["machine"]
    print(
        f"machine: {m['cpus']} CPUs, {m['memory_gib']} GiB, load at start "
        f"{m['load_average_at_start'][0]:.2f}"
    )
    subset = " (stopped by the time budget: a subset)" if r["stopped_by_time_budget"] else ""
    print(
        f"{r['items']} of {r['corpus_payloads']} Reuters payloads in {r['seconds']:.0f} s"
        f"{subset}; normal path {r['normal_path_items_per_second']} items/s end to end"
    )
    for p in r["phases"]:
        print(
            f"  {p['phase']}: {p['stored_from']} -> {p['stored_to']} stored, {p['items']} "
            f"items in {p['seconds']} s ({p['items_per_second']} items/s)"
        )
    print(
        f"  {r['wire_records']} wire records ({r['records_done']} placed, "
        f"{r['records_failed']} failed, {r['records_pending']} pending), {r['rejections']} "
        f"rejections, {r['stories']} stories, {r['published_articles']} published articles, "
        f"{r['page_tree_problems']} page tree problems"
    )
    for name, cost in r["windows"].items():
        if cost is None:
            print(f"  {name} stored: not reached")
        else:
            print(
                f"  {name} ({cost['stored_from']}+ stored): {cost['items_per_second']} "
                f"items/s, {cost['ms_per_item']} ms/item (ingest "
                f"{cost['ingest_ms_per_item']}, desk {cost['desk_ms_per_item']}); CPU "
                f"{cost['cpu_ms_per_item']} ms/item here, {cost['server_cpu_ms_per_item']} "
                "in PostgreSQL"
            )
    print(f"written to {path}")


if __name__ == "__main__":
    sys.exit(feed(Path(sys.argv[2])) if sys.argv[1:2] == ["--ingest"] else main())
