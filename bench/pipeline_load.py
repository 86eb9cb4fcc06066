"""The wire pipeline end to end on PostgreSQL and Redis: Reuters-21578 in, published articles out.

Each story goes in as its own ninjs payload through `ingest_bytes(..., desk=False)`, and
`process_pending()` places what is pending after every CHUNK payloads, as the worker's desk
job would. Reports items/s overall and the per-item cost (ingest + desk) in a window of
WINDOW items around 2,000 and around 20,000 items stored. A run that would pass its time
budget (BENCH_PIPELINE_SECONDS, default 900) stops there and says how far it got.

Uses a throwaway database `dateline_bench_pipeline` (created and dropped here) on
BENCH_POSTGRES (default the local server) and Redis database 14.
Run: .venv/bin/python bench/pipeline_load.py   (writes bench/results/pipeline_load.json)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import DATELINE, ROOT, machine, reuters_ninjs, write_results  # noqa: E402

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "dateline_bench_pipeline"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BUDGET = float(os.environ.get("BENCH_PIPELINE_SECONDS", "900"))
LIMIT = int(os.environ.get("BENCH_PIPELINE_ITEMS", "0")) or None
CHUNK = 50
WINDOW = 500
MARKS = (2_000, 20_000)


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
    """Mean ms per item over the chunks that took the store from `low` to `high` items."""
    inside = [c for c in chunks if c["stored_before"] >= low and c["stored_after"] <= high]
    items = sum(c["items"] for c in inside)
    if not inside or items < (high - low) * 0.8:
        return None
    return {
        "stored_from": inside[0]["stored_before"],
        "items": items,
        "ms_per_item": round(sum(c["seconds"] for c in inside) / items * 1000, 2),
        "ingest_ms_per_item": round(sum(c["ingest_seconds"] for c in inside) / items * 1000, 2),
        "desk_ms_per_item": round(sum(c["desk_seconds"] for c in inside) / items * 1000, 2),
    }


def run(payloads: list[tuple[str, bytes]]) -> dict:
    from dateline.desk.pipeline import process_pending
    from dateline.wire.ingest import ingest_bytes

    chunks: list[dict] = []
    started = time.monotonic()
    stored = 0
    stopped_early = False
    for start in range(0, len(payloads), CHUNK):
        if time.monotonic() - started > BUDGET:
            stopped_early = True
            break
        t0 = time.perf_counter()
        for name, data in payloads[start:start + CHUNK]:
            ingest_bytes(data, agency="Reuters", format="ninjs", filename=name, desk=False)
        t1 = time.perf_counter()
        summary = process_pending()
        t2 = time.perf_counter()
        items = len(payloads[start:start + CHUNK])
        chunks.append({"stored_before": stored, "stored_after": stored + items, "items": items,
                       "seconds": t2 - t0, "ingest_seconds": t1 - t0, "desk_seconds": t2 - t1,
                       "desk_errors": summary.errors})
        stored += items
        if start // CHUNK % 20 == 0:
            print(f"  {stored} items, {time.monotonic() - started:.0f} s", flush=True)
    return {"chunks": chunks, "seconds": time.monotonic() - started, "items": stored,
            "stopped_by_time_budget": stopped_early}


def outcome() -> dict:
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
    }


def main() -> int:
    results: dict = {"machine": machine(), "database": "postgresql", "cache": "redis",
                     "chunk": CHUNK, "window": WINDOW, "time_budget_seconds": BUDGET}
    payloads = reuters_ninjs(LIMIT)
    results["corpus_payloads"] = len(payloads)
    url = recreate_database()
    env = dict(os.environ, DATABASE_URL=url, REDIS_URL=REDIS_URL,
               DJANGO_SETTINGS_MODULE="dateline.settings", DATELINE_LOG_LEVEL="ERROR")
    try:
        subprocess.run([*DATELINE, "migrate", "--noinput"], env=env, cwd=ROOT, check=True,
                       capture_output=True)
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL",
                                               "DJANGO_SETTINGS_MODULE", "DATELINE_LOG_LEVEL")})
        import django

        django.setup()
        from django.core.cache import cache

        cache.clear()
        timing = run(payloads)
        results.update(outcome())
        cache.clear()
    finally:
        drop_database()
    chunks = timing.pop("chunks")
    results.update(timing)
    results["items_per_second"] = round(timing["items"] / timing["seconds"], 2)
    windows = {f"around {mark}": (mark - WINDOW // 2, mark + WINDOW // 2) for mark in MARKS}
    windows["first"] = (0, WINDOW)
    windows["last"] = (timing["items"] - WINDOW, timing["items"])
    results["windows"] = {name: window_cost(chunks, *span) for name, span in windows.items()}
    results["desk_errors"] = sum(c["desk_errors"] for c in chunks)
    path = write_results("pipeline_load", results)
    print_summary(results, path)
    return 0


def print_summary(r: dict, path: Path) -> None:
    m = r["machine"]
    print(f"machine: {m['cpus']} CPUs, {m['memory_gib']} GiB, load at start "
          f"{m['load_average_at_start'][0]:.2f}")
    subset = " (stopped by the time budget: a subset)" if r["stopped_by_time_budget"] else ""
    print(f"{r['items']} of {r['corpus_payloads']} Reuters payloads in {r['seconds']:.0f} s"
          f"{subset}: {r['items_per_second']} items/s")
    print(f"  {r['wire_records']} wire records ({r['records_done']} placed, "
          f"{r['records_failed']} failed, {r['records_pending']} pending), {r['rejections']} "
          f"rejections, {r['stories']} stories, {r['published_articles']} published articles")
    for name, cost in r["windows"].items():
        if cost is None:
            print(f"  {name} stored: not reached")
        else:
            print(f"  {name} ({cost['stored_from']}+ stored): {cost['ms_per_item']} ms/item "
                  f"(ingest {cost['ingest_ms_per_item']}, desk {cost['desk_ms_per_item']})")
    print(f"written to {path}")


if __name__ == "__main__":
    sys.exit(main())
