"""Benchmark the live desk end to end: wire records in the database → published articles.

Stores a sample of Reuters-21578 (``../shared/data/reuters-21578``, corpus order) as pending
WireItemRecords in a throwaway database, then times ``process_pending`` over them: identity,
tagging, drafting, Wagtail revisions and publishing, one transaction per record.

Reports items/s for the whole run and the per-item wall-clock cost of the first and the last
``--edge`` items (default 2,000): the ratio shows whether the cost of a record grows with the
number of stories already on the desk.

``--way backfill`` places the same records with ``dateline desk backfill`` instead (new
auto-published articles written to the page tree in batches, through the few private Wagtail
calls in ``news/wagtail_internals.py``); ``--way both`` runs the live desk and the backfill on
the same sample, each in a fresh database, one after the other, and prints them side by side:
the backfill's private calls are worth keeping only while its gain is large.

DATABASE_URL chooses the engine: unset, a fresh SQLite file in a temporary directory; a
PostgreSQL URL, a fresh database ``<name>_bench_<pid>`` on that server, dropped afterwards.

    python bench/desk_pipeline.py [--items 5000] [--edge 2000] [--way live|backfill|both]

Results go to ``bench/results/desk_pipeline.json`` (``desk_pipeline_both.json`` for both).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "data" / "reuters-21578"
RESULTS = ROOT / "bench" / "results" / "desk_pipeline.json"


def corpus_lines(limit: int) -> list[dict]:
    lines: list[dict] = []
    for path in sorted(CORPUS.glob("reut2-*.json")):
        for story in json.loads(path.read_text(encoding="utf-8")):
            lines.append(
                {
                    "id": story["attrs"]["newid"],
                    "headline": story.get("title") or "",
                    "body": story.get("body") or "",
                    "dateline": story.get("dateline") or "",
                    "source": "Reuters",
                }
            )
            if len(lines) >= limit:
                return lines
    return lines


def throwaway_database() -> tuple[str, callable]:
    """Point DATABASE_URL at a new empty database; returns (engine, cleanup)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        folder = tempfile.mkdtemp(prefix="desk-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        return "sqlite", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'dateline'}_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return "postgresql", drop


def store_records(lines: list[dict]) -> int:
    """Pending records as the wire app stores them, one payload for the whole sample."""
    from django.utils import timezone

    from dateline.desk.core.process import BadLine, wire_item
    from dateline.wire.models import Payload, WireItemRecord
    from dateline.wire.serialize import to_json

    now = timezone.now()
    payload = Payload.objects.create(
        agency="Reuters",
        origin_kind="path",
        content_hash="bench",
        size=0,
        data=b"",
        received_at=now,
        last_received_at=now,
    )
    start = datetime(1987, 2, 26, tzinfo=UTC)
    records = []
    for n, line in enumerate(lines):
        try:
            item = wire_item(line)
        except BadLine:
            continue
        item.sent = item.sent or start + timedelta(minutes=n)
        records.append(
            WireItemRecord(
                agency=item.agency,
                guid=item.guid,
                version=item.version,
                family_uri=item.family_uri,
                headline=item.headline[:2000],
                sent=item.sent,
                data=to_json(item),
                payload=payload,
                received_at=now + timedelta(microseconds=n),
            )
        )
    WireItemRecord.objects.bulk_create(records, batch_size=500)
    return len(records)


def measure(way: str, items: int, edge: int) -> dict:
    """Place `items` Reuters records the `way` asked for, in a fresh database; what it took."""
    engine, cleanup = throwaway_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dateline.desk.backfill import backfill
    from dateline.desk.models import Story
    from dateline.desk.pipeline import process_pending
    from dateline.news.models import ArticlePage

    try:
        call_command("migrate", verbosity=0)
        stored = store_records(corpus_lines(items))
        stamps: list[float] = []
        started = time.perf_counter()
        if way == "backfill":
            summary = backfill()
        else:
            summary = process_pending(progress=lambda s: stamps.append(time.perf_counter()))
        seconds = time.perf_counter() - started
        result = {
            "corpus": "Reuters-21578",
            "engine": engine,
            "way": way,
            "records": stored,
            "items": summary.items,
            "new_stories": summary.new_stories,
            "updated_stories": summary.updated_stories,
            "duplicates": summary.duplicates,
            "errors": summary.errors,
            "stories": Story.objects.count(),
            "live_articles": ArticlePage.objects.live().count(),
            "seconds": round(seconds, 2),
            "items_per_second": round(summary.items / seconds, 1),
            "python": platform.python_version(),
            "machine": platform.machine(),
        }
        if stamps:
            edge = min(edge, len(stamps) // 2)
            first = (stamps[edge - 1] - started) / edge
            last = (stamps[-1] - stamps[-edge - 1]) / edge
            result |= {
                "edge": edge,
                "ms_per_item_first": round(first * 1000, 2),
                "ms_per_item_last": round(last * 1000, 2),
                "cost_ratio_last_over_first": round(last / first, 2),
            }
    finally:
        cleanup()
    return result


def both(items: int, edge: int) -> None:
    """The live desk and the backfill on the same records, each in a process of its own."""
    results = {}
    for way in ("live", "backfill"):
        run = subprocess.run(
            [sys.executable, __file__, "--way", way, "--items", str(items), "--edge", str(edge)],
            check=True,
            capture_output=True,
            text=True,
        )
        results[way] = json.loads(run.stdout.splitlines()[-1])
    live, bulk = results["live"], results["backfill"]
    same = {
        k: live[k] == bulk[k]
        for k in ("items", "new_stories", "errors", "stories", "live_articles")
    }
    summary = {
        **results,
        "backfill_over_live": round(bulk["items_per_second"] / live["items_per_second"], 2),
        "same_outcome": same,
        "load_average": os.getloadavg()[0],
    }
    (RESULTS.parent / "desk_pipeline_both.json").write_text(
        json.dumps(summary, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"same {live['items']} records ({live['engine']}): live desk "
        f"{live['items_per_second']} items/s, backfill {bulk['items_per_second']} items/s, "
        f"{summary['backfill_over_live']}x; stories {live['stories']} vs {bulk['stories']}, "
        f"live articles {live['live_articles']} vs {bulk['live_articles']} "
        f"(load {summary['load_average']:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--edge", type=int, default=2000)
    parser.add_argument("--way", choices=("live", "backfill", "both"), default="live")
    args = parser.parse_args()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if args.way == "both":
        both(args.items, args.edge)
        return
    result = measure(args.way, args.items, args.edge)
    if args.way == "backfill":
        print(json.dumps(result))
        return
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"desk pipeline ({result['engine']}): {result['items']} records → "
        f"{result['live_articles']} live articles, {result['duplicates']} duplicates, "
        f"{result['errors']} errors in {result['seconds']} s = {result['items_per_second']} "
        f"items/s; per item {result['ms_per_item_first']} ms (first {result['edge']}) vs "
        f"{result['ms_per_item_last']} ms (last {result['edge']}), ratio "
        f"{result['cost_ratio_last_over_first']}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
