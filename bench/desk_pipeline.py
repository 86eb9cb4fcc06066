"""Benchmark the live desk end to end: wire records in the database → published articles.

Stores a sample of Reuters-21578 (``../shared/data/reuters-21578``, corpus order) as pending
WireItemRecords in a throwaway database, then times ``process_pending`` over them: identity,
tagging, drafting, Wagtail revisions and publishing, one transaction per record.

Reports items/s for the whole run and the per-item wall-clock cost of the first and the last
``--edge`` items (default 2,000): the ratio shows whether the cost of a record grows with the
number of stories already on the desk.

DATABASE_URL chooses the engine: unset, a fresh SQLite file in a temporary directory; a
PostgreSQL URL, a fresh database ``<name>_bench_<pid>`` on that server, dropped afterwards.

    python bench/desk_pipeline.py [--items 5000] [--edge 2000]

Results go to ``bench/results/desk_pipeline.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--edge", type=int, default=2000)
    args = parser.parse_args()

    engine, cleanup = throwaway_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dateline.desk.models import Story
    from dateline.desk.pipeline import process_pending
    from dateline.news.models import ArticlePage

    try:
        call_command("migrate", verbosity=0)
        stored = store_records(corpus_lines(args.items))
        stamps: list[float] = []
        started = time.perf_counter()
        summary = process_pending(progress=lambda s: stamps.append(time.perf_counter()))
        seconds = time.perf_counter() - started
        edge = min(args.edge, len(stamps) // 2)
        first = (stamps[edge - 1] - started) / edge
        last = (stamps[-1] - stamps[-edge - 1]) / edge
        result = {
            "corpus": "Reuters-21578",
            "engine": engine,
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
            "edge": edge,
            "ms_per_item_first": round(first * 1000, 2),
            "ms_per_item_last": round(last * 1000, 2),
            "cost_ratio_last_over_first": round(last / first, 2),
            "python": platform.python_version(),
            "machine": platform.machine(),
        }
    finally:
        cleanup()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"desk pipeline ({engine}): {result['items']} records → {result['live_articles']} live "
        f"articles, {result['duplicates']} duplicates, {result['errors']} errors in "
        f"{result['seconds']} s = {result['items_per_second']} items/s; per item "
        f"{result['ms_per_item_first']} ms (first {edge}) vs {result['ms_per_item_last']} ms "
        f"(last {edge}), ratio {result['cost_ratio_last_over_first']}"
    )


if __name__ == "__main__":
    main()
