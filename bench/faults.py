"""Load and fault checks: PASS/FAIL lines, bench/results/faults.json, exit 1 on any FAIL.

Everything runs on private servers started here (PostgreSQL from initdb, Redis, gunicorn,
Varnish), so restarting them disturbs nobody.

1. 200 readers for 60 s through Varnish over a mix of pages while `dateline ingest` puts a
   batch of Reuters stories through the desk: no answer other than 2xx/3xx, 404 and 410,
   and no socket errors.
2. `dateline ingest` killed with SIGKILL mid-batch, then run again: no item lost or doubled,
   and the same stories (story -> item guids) as an uninterrupted run on a copy of the database.
3. PostgreSQL, then Redis, restarted while gunicorn serves and `dateline worker` runs: the site
   answers again within a few seconds and the same worker goes on placing new copy.

Run: .venv/bin/python bench/faults.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import (  # noqa: E402
    DATELINE,
    ROOT,
    PrivatePostgres,
    Servers,
    fetch,
    machine,
    mix_script,
    parse_wrk,
    reuters_ninjs,
    setup_demo,
    stop,
    write_results,
)

READERS = 200
SECONDS = int(os.environ.get("BENCH_FAULT_SECONDS", "60"))
LOAD_BATCH = 100
CRASH_BATCH = 60
KILL_AFTER = 20
RECOVERY_GOAL_SECONDS = 5.0
OK_STATUSES = {404, 410}

checks: list[dict] = []


def check(name: str, ok: bool, **details: object) -> bool:
    checks.append({"check": name, "pass": ok, **details})
    print(f"{'PASS' if ok else 'FAIL'} {name} {details if details else ''}", flush=True)
    return ok


def sql(url: str, query: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        return conn.execute(query).fetchall()


def write_payloads(folder: Path, payloads: list[tuple[str, bytes]]) -> Path:
    folder.mkdir(parents=True)
    for name, data in payloads:
        (folder / name).write_bytes(data)
    return folder


# --- 1. readers through Varnish while the desk publishes ----------------------------------

STATUS_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      io.write(string.format("status %d %d\\n", code, n))
    end
  end
end
"""


def readers_under_ingest(
    servers: Servers, env: dict, varnish: str, paths: list[str], batch: Path
) -> None:
    script = mix_script(servers.dir, paths)
    script.write_text(script.read_text() + STATUS_LUA)
    ingest = servers.spawn(
        [*DATELINE, "ingest", str(batch), "--agency", "Reuters"], "ingest-load", env=env, cwd=ROOT
    )
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{READERS}",
            f"-d{SECONDS}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            varnish,
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    )
    ingest_finished = ingest.poll() is not None
    ingest.wait(600)
    result = parse_wrk(done.stdout)
    statuses: dict[int, int] = {}
    for line in done.stdout.splitlines():
        if line.startswith("status "):
            _, code, count = line.split()
            statuses[int(code)] = statuses.get(int(code), 0) + int(count)
    bad = {code: n for code, n in statuses.items() if code >= 400 and code not in OK_STATUSES}
    socket_errors = sum(result["socket_errors"].values())
    check(
        "200 readers through Varnish during ingest",
        not bad and socket_errors == 0 and ingest.returncode == 0,
        requests=result.get("requests"),
        requests_per_second=result.get("requests_per_second"),
        latency_ms=result["latency_ms"],
        statuses=statuses,
        non_2xx_3xx=result["non_2xx_3xx"],
        socket_errors=result["socket_errors"],
        ingest_exit=ingest.returncode,
        ingest_finished_during_load=ingest_finished,
    )


# --- 2. SIGKILL mid-batch ---------------------------------------------------------------

COUNTS = """
select (select count(*) from wire_wireitemrecord),
       (select count(*) from desk_storyitem),
       (select count(distinct record_id) from desk_storyitem),
       (select count(*) from wire_wireitemrecord where desk_state <> 'done'),
       (select count(*) from (select agency, guid, version from wire_wireitemrecord
                              group by 1, 2, 3 having count(*) > 1) d)
"""
STORIES = """
select s.key, r.guid from desk_storyitem i join desk_story s on s.id = i.story_id
join wire_wireitemrecord r on r.id = i.record_id
"""


def story_sets(url: str) -> set[frozenset[str]]:
    stories: dict[str, set[str]] = {}
    for key, guid in sql(url, STORIES):
        stories.setdefault(key, set()).add(guid)
    return {frozenset(guids) for guids in stories.values()}


def done_count(url: str) -> int:
    return sql(url, "select count(*) from wire_wireitemrecord where desk_state = 'done'")[0][0]


def kill_mid_batch(
    servers: Servers, env: dict, killed_url: str, clean_url: str, batch: Path
) -> None:
    before = done_count(killed_url)
    command = [*DATELINE, "ingest", str(batch), "--agency", "Reuters"]
    first = servers.spawn(
        command, "ingest-killed", env=dict(env, DATABASE_URL=killed_url), cwd=ROOT
    )
    deadline = time.monotonic() + 600
    while done_count(killed_url) - before < KILL_AFTER and first.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    was_running = first.poll() is None
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    placed_at_kill = done_count(killed_url) - before
    again = subprocess.run(
        command, env=dict(env, DATABASE_URL=killed_url), cwd=ROOT, capture_output=True, timeout=900
    )
    waiting = sql(
        killed_url, "select count(*) from wire_wireitemrecord where desk_state = 'pending'"
    )[0][0]
    (owner,) = sql(killed_url, "select lease_owner from desk_deskcursor")[0]
    check(
        "a restarted run places the rest at once",
        waiting == 0,
        left_pending=waiting,
        desk_lease_held_by=owner,
        note=""
        if waiting == 0
        else "the killed process's desk lease keeps every worker "
        "off the queue until it lapses (5 minutes)",
    )
    if waiting:
        # What the five minutes would do; then the same run again.
        sql(
            killed_url,
            "update desk_deskcursor set lease_owner = '', lease_until = null returning id",
        )
        again = subprocess.run(
            command,
            env=dict(env, DATABASE_URL=killed_url),
            cwd=ROOT,
            capture_output=True,
            timeout=900,
        )
    clean = subprocess.run(
        command, env=dict(env, DATABASE_URL=clean_url), cwd=ROOT, capture_output=True, timeout=900
    )
    records, rows, placed, unplaced, doubled = sql(killed_url, COUNTS)[0]
    clean_counts = sql(clean_url, COUNTS)[0]
    same = story_sets(killed_url) == story_sets(clean_url)
    check(
        "SIGKILL mid-batch, then rerun: nothing lost, nothing doubled, same stories",
        was_running
        and again.returncode == 0
        and clean.returncode == 0
        and rows == placed == records
        and unplaced == 0
        and doubled == 0
        and (records, rows) == tuple(clean_counts[:2])
        and same,
        killed_after_placed=placed_at_kill,
        killed_while_running=was_running,
        records=records,
        story_items=rows,
        records_not_done=unplaced,
        duplicate_keys=doubled,
        uninterrupted_records=clean_counts[0],
        same_story_membership=same,
    )


# --- 3. restarts under a serving site and a running worker --------------------------------


class Watcher(threading.Thread):
    """Asks for a page every 0.2 s and remembers each answer's time and status."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.answers: list[tuple[float, int]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                status = fetch(self.url, timeout=5)[0]
            except OSError:
                status = 0
            self.answers.append((time.monotonic(), status))
            self.stopping.wait(0.2)

    def first_ok_after(self, moment: float, seconds: float = 60) -> float | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for at, status in list(self.answers):
                if at >= moment and status == 200:
                    return at - moment
            time.sleep(0.1)
        return None


def worker_places_new_copy(
    env: dict, url: str, payloads: Path, seconds: float = 60
) -> float | None:
    """Stores new copy without the desk; the running worker's desk job must place it."""
    before = done_count(url)
    count = len(list(payloads.iterdir()))
    subprocess.run(
        [*DATELINE, "ingest", str(payloads), "--agency", "Reuters"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if done_count(url) - before >= count:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def restarts(
    servers: Servers,
    env: dict,
    url: str,
    postgres: PrivatePostgres,
    redis: subprocess.Popen,
    redis_port: int,
    site: str,
    rounds: list[Path],
) -> None:
    worker = servers.spawn([*DATELINE, "worker"], "worker", env=env, cwd=ROOT)
    watcher = Watcher(site)
    watcher.start()
    time.sleep(3)
    placed = worker_places_new_copy(env, url, rounds[0])
    check("worker places new copy before any restart", placed is not None, seconds=placed)

    postgres.restart()
    back = time.monotonic()
    recovered = watcher.first_ok_after(back)
    check(
        "site answers after a PostgreSQL restart",
        recovered is not None and recovered <= RECOVERY_GOAL_SECONDS,
        seconds_after_ready=recovered,
    )
    placed = worker_places_new_copy(env, url, rounds[1])
    check(
        "worker goes on after a PostgreSQL restart",
        placed is not None and worker.poll() is None,
        seconds=placed,
        worker_alive=worker.poll() is None,
    )

    stop(redis)
    redis, _ = servers.redis(redis_port, name="redis-again")
    back = time.monotonic()
    recovered = watcher.first_ok_after(back)
    check(
        "site answers after a Redis restart",
        recovered is not None and recovered <= RECOVERY_GOAL_SECONDS,
        seconds_after_ready=recovered,
    )
    placed = worker_places_new_copy(env, url, rounds[2])
    check(
        "worker goes on after a Redis restart",
        placed is not None and worker.poll() is None,
        seconds=placed,
        worker_alive=worker.poll() is None,
    )
    watcher.stopping.set()
    failures = sum(1 for _, status in watcher.answers if status != 200)
    checks[-1]["site_answers_not_200_during_restarts"] = failures
    stop(worker)


def main() -> int:
    import psycopg

    results: dict = {"machine": machine(), "readers": READERS, "seconds": SECONDS}
    payloads = reuters_ninjs(LOAD_BATCH + CRASH_BATCH + 9)
    with Servers("dateline-faults-") as servers:
        postgres = servers.postgres()
        redis, redis_port = servers.redis()
        url = postgres.create_database("faults")
        env = setup_demo(
            servers,
            servers.dir / "var",
            DATABASE_URL=url,
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        )
        # Two identical copies for the crash check: one killed, one left alone.
        with psycopg.connect(f"{postgres.url}/postgres", autocommit=True) as conn:
            for name in ("crash_killed", "crash_clean"):
                conn.execute(f'create database "{name}" template "faults"')
        web, port = servers.gunicorn(env, workers=3)
        varnish_port = servers.varnish(port)
        env["DATELINE_FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{varnish_port}"
        home = fetch(f"http://127.0.0.1:{port}/")[2].decode()
        articles = sorted(set(_article_links(home)))[:12]
        paths = ["/", "/news/", "/opinion/", "/feeds/rss/", "/sitemap.xml", *articles]
        load_batch = write_payloads(servers.dir / "load", payloads[:LOAD_BATCH])
        readers_under_ingest(servers, env, f"http://127.0.0.1:{varnish_port}", paths, load_batch)

        crash_batch = write_payloads(
            servers.dir / "crash", payloads[LOAD_BATCH : LOAD_BATCH + CRASH_BATCH]
        )
        kill_mid_batch(
            servers, env, f"{postgres.url}/crash_killed", f"{postgres.url}/crash_clean", crash_batch
        )

        rest = payloads[LOAD_BATCH + CRASH_BATCH :]
        rounds = [
            write_payloads(servers.dir / f"round-{n}", rest[n * 3 : n * 3 + 3]) for n in range(3)
        ]
        restarts(
            servers,
            env,
            url,
            postgres,
            redis,
            redis_port,
            f"http://127.0.0.1:{port}{articles[0]}",
            rounds,
        )
        stop(web)
    results["checks"] = checks
    results["passed"] = all(c["pass"] for c in checks)
    path = write_results("faults", results)
    print(
        f"{'PASS' if results['passed'] else 'FAIL'}: {sum(c['pass'] for c in checks)} of "
        f"{len(checks)} checks; written to {path}"
    )
    return 0 if results["passed"] else 1


def _article_links(html: str) -> list[str]:
    import re

    return re.findall(r'href="(/news/[a-z0-9-]+/)"', html)


if __name__ == "__main__":
    sys.exit(main())
