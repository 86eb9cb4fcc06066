"""How many reads one web process accepts, and whether every one of them is counted.

Starts a throwaway demo newsroom and ONE gunicorn worker (the project's gthread config),
then fires beacon POSTs from concurrent keep-alive connections on loopback, each request a
different reader (its own address, in X-Forwarded-For as the front cache on loopback passes
it), spread over the live articles. After the run it
waits out the flush interval, sends one more read to trigger the batch write, and compares
the database's per-article counts with what was sent: any difference is a lost (or extra)
increment. Goal: at least 2,000 reads/s with exact counts.

Run: .venv/bin/python bench/audience_beacon.py [--reads N] [--connections C] [--postgres]
[--app front|django]  (writes bench/results/audience_beacon[_django][_postgres].json)
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import itertools
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import (  # noqa: E402
    Servers,
    children,
    machine,
    setup_demo,
    use_django,
    write_results,
)

GOAL_READS_PER_SECOND = 2000
FLUSH_SECONDS = 1.0
THREADS = 4
APPS = {
    "front": "dateline.audience.trending.wsgi:application",
    "django": "dateline.wsgi:application",
}
AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0"
# One address per read: readers are told apart by address, never by agent.
READER_ADDRESSES = (str(ipaddress.IPv4Address(0x0A000000 + n)) for n in itertools.count(1))


def beacon_request(article_id: int, reader: str) -> bytes:
    body = f"a={article_id}".encode()
    return (
        "POST /beacon/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"User-Agent: {AGENT} Reader/{reader}\r\n"
        f"X-Forwarded-For: {next(READER_ADDRESSES)}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:") and (length := int(line.split(b":")[1])):
            await reader.readexactly(length)
    return status


async def one_connection(
    port: int, index: int | str, plan: list[int], sent: Counter, statuses: Counter
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for n, article in enumerate(plan):
        writer.write(beacon_request(article, f"{index}-{n}"))
        status = await read_response(reader)
        statuses[status] += 1
        if status == 204:
            sent[article] += 1
    writer.close()
    await writer.wait_closed()


async def fire(
    port: int, articles: list[int], reads: int, connections: int, tag: str = ""
) -> tuple[Counter, Counter, float]:
    per_connection = reads // connections
    plans = [
        [articles[(c + n) % len(articles)] for n in range(per_connection)]
        for c in range(connections)
    ]
    sent: Counter = Counter()
    statuses: Counter = Counter()
    started = time.perf_counter()
    await asyncio.gather(
        *(one_connection(port, f"{tag}{c}", plan, sent, statuses) for c, plan in enumerate(plans))
    )
    return sent, statuses, time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def counts(articles: list[int]) -> Counter:
    from django.db.models import Sum

    from dateline.audience.trending.models import ReadCount

    rows = (
        ReadCount.objects.filter(article_id__in=articles)
        .values("article_id")
        .annotate(total=Sum("reads"))
    )
    return Counter({row["article_id"]: row["total"] for row in rows})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=40_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--app",
        choices=sorted(APPS),
        default="front",
        help="front: the beacon answered ahead of Django (the WSGI app to "
        "deploy); django: the plain project app, beacon via middleware",
    )
    parser.add_argument(
        "--postgres", action="store_true", help="run on a private PostgreSQL instead of SQLite"
    )
    options = parser.parse_args()

    with Servers(prefix="dateline-beacon-") as servers:
        extra = {
            "DATELINE_TRENDING_FLUSH_SECONDS": str(FLUSH_SECONDS),
            "DATELINE_THREADS": str(THREADS),
        }
        if options.postgres:
            extra["DATABASE_URL"] = servers.postgres().create_database("beacon")
        env = setup_demo(servers, servers.dir / "var", **extra)
        master, port = servers.gunicorn(env, workers=1, max_requests=0, app=APPS[options.app])
        worker = children(master.pid)[0]
        use_django(env)
        from dateline.news.models import ArticlePage

        articles = list(ArticlePage.objects.live().values_list("pk", flat=True))
        before = counts(articles)

        load = os.getloadavg()[0]
        cpu_before = cpu_seconds(worker)
        sent, statuses, elapsed = asyncio.run(
            fire(port, articles, options.reads, options.connections)
        )
        server_cpu = cpu_seconds(worker) - cpu_before
        time.sleep(FLUSH_SECONDS + 0.2)
        closing, closing_status, _ = asyncio.run(fire(port, articles[:1], 1, 1, tag="closing-"))
        sent.update(closing)
        statuses.update(closing_status)
        stored = counts(articles)
        stored.subtract(before)

    accepted = sum(statuses[s] for s in statuses if s == 204)
    lost = sum((sent - stored).values())
    extra_counts = sum((stored - sent).values())
    rate = (accepted - 1) / elapsed
    result = {
        "reads_sent": sum(statuses.values()),
        "reads_accepted": accepted,
        "statuses": {str(k): v for k, v in statuses.items()},
        "connections": options.connections,
        "wsgi_app": APPS[options.app],
        "web_processes": 1,
        "threads_per_process": THREADS,
        "database": "postgresql" if options.postgres else "sqlite",
        "articles": len(articles),
        "seconds": round(elapsed, 3),
        "reads_per_second": round(rate, 1),
        "server_cpu_seconds": round(server_cpu, 2),
        "reads_per_server_cpu_second": round((accepted - 1) / server_cpu, 1),
        "load_average_1m_at_start": load,
        "goal_reads_per_second": GOAL_READS_PER_SECOND,
        "counted_in_database": sum(stored.values()),
        "lost_increments": lost,
        "extra_increments": extra_counts,
        "exact": lost == 0 and extra_counts == 0 and accepted == sum(statuses.values()),
        "machine": machine(),
    }
    result["goal_met"] = result["exact"] and rate >= GOAL_READS_PER_SECOND
    name = "audience_beacon" if options.app == "front" else f"audience_beacon_{options.app}"
    path = write_results(name + ("_postgres" if options.postgres else ""), result)
    print(
        f"Beacon ({options.app}): {accepted} reads accepted by 1 process in {elapsed:.2f} s "
        f"= {rate:,.0f} reads/s (goal {GOAL_READS_PER_SECOND:,}) on {result['database']}, "
        f"{result['reads_per_server_cpu_second']:,.0f} reads per server CPU-second "
        f"(load {load:.1f} on {os.cpu_count()} CPUs); "
        f"counted {result['counted_in_database']}, lost {lost}, extra {extra_counts} "
        f"-> {'exact' if result['exact'] else 'NOT exact'}. Results: {path}"
    )
    return 0 if result["goal_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
