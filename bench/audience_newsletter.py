"""Benchmark the newsletter sender: 10,000 digests through a local SMTP server, then a kill.

Builds a throwaway SQLite newsroom (40 live news stories over two days, 10,000 confirmed
daily subscribers with mixed edition and sector choices), starts an aiosmtpd server on
loopback that counts messages per recipient, and runs `dateline newsletter send` in a
subprocess, as the worker would:

1. throughput: one full digest, messages/s over the whole command (start-up included);
2. crash and rerun: the next day's digest, SIGKILLed once ~40% of it has reached the
   server, then run again to completion. Duplicates = copies beyond the first received by
   any recipient; lost = readers recorded as in doubt (claimed, never confirmed) whom the
   server never received a copy for.

Results go to ``bench/results/audience_newsletter.json``.

    python bench/audience_newsletter.py
"""

from __future__ import annotations

import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBSCRIBERS = 10_000
TARGET_SECONDS = 120
KILL_SHARE = 0.4
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
FIRST_RUN_AT = datetime(2025, 4, 28, 12, 0, tzinfo=UTC)
SECOND_RUN_AT = FIRST_RUN_AT + timedelta(days=1)
COUNTRIES = ("KE", "NG", "MW", "IN", "FR")
EDITIONS = ("east-africa", "west-africa", "southern-africa", "south-asia", "europe-central-asia")
SECTORS = ("health", "education", "energy-extractives", "sports")


class RecipientCounter:
    """An SMTP handler that only counts what it accepts, per recipient."""

    def __init__(self) -> None:
        self.copies: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.copies.update(envelope.rcpt_tos)
        return "250 2.0.0 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.copies.values())

    def reset(self) -> Counter[str]:
        with self.lock:
            copies, self.copies = self.copies, Counter()
        return copies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_newsroom() -> None:
    """Migrate a fresh database, publish the stories and enrol the subscribers."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from dateline.audience.newsletter.digest import latest_period
    from dateline.audience.newsletter.models import Subscriber
    from dateline.news.models import ArticlePage, Country, Edition, SectionPage, Sector

    section = SectionPage.objects.get(kind="news")
    for run_at in (FIRST_RUN_AT, SECOND_RUN_AT):
        period = latest_period("daily", run_at)
        for n, (code, sector) in enumerate((c, s) for c in COUNTRIES for s in SECTORS):
            article = ArticlePage(
                title=f"{code} {sector} story {n} of {period.end:%d %b}",
                standfirst="Officials gave new figures on Tuesday.",
                body="<p>Officials gave new figures on Tuesday.</p>",
                primary_country=Country.objects.get(code=code),
                sector=Sector.objects.get(slug=sector),
            )
            section.add_child(instance=article)
            article.save_revision().publish()
            when = period.start + timedelta(minutes=30 * (n + 1))
            ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when)

    rng = random.Random(8058)
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n:05d}@example.org",
            status="confirmed",
            frequency="daily",
            confirmed_at=FIRST_RUN_AT,
        )
        for n in range(SUBSCRIBERS)
    )
    editions = {e.slug: e.pk for e in Edition.objects.filter(slug__in=EDITIONS)}
    sectors = {s.slug: s.pk for s in Sector.objects.filter(slug__in=SECTORS)}
    edition_rows, sector_rows = [], []
    for pk in Subscriber.objects.values_list("pk", flat=True):
        if rng.random() < 0.8:
            edition_rows.append(
                Subscriber.editions.through(
                    subscriber_id=pk, edition_id=editions[rng.choice(EDITIONS)]
                )
            )
        for slug in rng.sample(SECTORS, rng.choice((0, 1, 2))):
            sector_rows.append(
                Subscriber.sectors.through(subscriber_id=pk, sector_id=sectors[slug])
            )
    Subscriber.editions.through.objects.bulk_create(edition_rows, batch_size=2000)
    Subscriber.sectors.through.objects.bulk_create(sector_rows, batch_size=2000)


def send_command(env: dict[str, str], run_at: datetime) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "dateline.cli",
        "newsletter",
        "send",
        "--frequency",
        "daily",
        "--at",
        run_at.isoformat(),
        "--workers",
        str(WORKERS),
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def statuses(run_at: datetime) -> dict[str, int]:
    from django.db import connection

    from dateline.audience.newsletter.digest import latest_period
    from dateline.audience.newsletter.models import Digest
    from dateline.audience.newsletter.sending import delivery_totals

    connection.close()
    digest = Digest.objects.get(period_end=latest_period("daily", run_at).end)
    return delivery_totals(digest)


def in_doubt_addresses(run_at: datetime) -> set[str]:
    from dateline.audience.newsletter.digest import latest_period
    from dateline.audience.newsletter.models import Delivery

    end = latest_period("daily", run_at).end
    return set(
        Delivery.objects.filter(digest__period_end=end, status="sending").values_list(
            "subscriber__email", flat=True
        )
    )


def main() -> None:
    from aiosmtpd.controller import Controller

    workdir = Path(tempfile.mkdtemp(prefix="newsletter-bench-"))
    counter = RecipientCounter()
    controller = Controller(counter, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings",
        "DATELINE_VAR_DIR": str(workdir),
        "DATELINE_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "DATELINE_SITE_URL": "https://news.example",
    }
    os.environ.update(env)
    import django

    django.setup()
    started = time.perf_counter()
    build_newsroom()
    from django.db import connection

    connection.close()
    print(f"newsroom built in {time.perf_counter() - started:.1f}s ({SUBSCRIBERS} subscribers)")

    # 1. Throughput of one whole digest.
    started = time.perf_counter()
    first = send_command(env, FIRST_RUN_AT)
    _, errors = first.communicate()
    seconds = time.perf_counter() - started
    if first.returncode != 0:
        raise SystemExit(f"send failed: {errors}")
    copies = counter.reset()
    messages = sum(copies.values())
    throughput = {
        "messages": messages,
        "recipients": len(copies),
        "seconds": round(seconds, 2),
        "messages_per_second": round(messages / seconds, 1),
        "duplicates": sum(n - 1 for n in copies.values() if n > 1),
        "delivery_statuses": statuses(FIRST_RUN_AT),
        "under_target": seconds < TARGET_SECONDS,
    }

    # 2. SIGKILL partway through the next digest, then rerun.
    victim = send_command(env, SECOND_RUN_AT)
    kill_at = int(messages * KILL_SHARE)
    while counter.total() < kill_at and victim.poll() is None:
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    before_rerun = counter.total()
    after_kill = statuses(SECOND_RUN_AT)
    in_doubt = in_doubt_addresses(SECOND_RUN_AT)
    rerun = send_command(env, SECOND_RUN_AT)
    _, errors = rerun.communicate()
    if rerun.returncode != 0:
        raise SystemExit(f"rerun failed: {errors}")
    copies = counter.reset()
    final = statuses(SECOND_RUN_AT)
    crash = {
        "killed_after_messages": before_rerun,
        "statuses_after_kill": after_kill,
        "statuses_after_rerun": final,
        "messages": sum(copies.values()),
        "recipients": len(copies),
        "expected_recipients": final.get("sent", 0) + final.get("sending", 0),
        "duplicates": sum(n - 1 for n in copies.values() if n > 1),
        "in_doubt": len(in_doubt),
        "lost": len(in_doubt - set(copies)),
    }
    controller.stop()

    result = {
        "benchmark": "audience_newsletter",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "database": "sqlite",
        "subscribers": SUBSCRIBERS,
        "throughput": throughput,
        "kill_and_rerun": crash,
    }
    out = ROOT / "bench" / "results" / "audience_newsletter.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"digest: {throughput['messages']} messages in {throughput['seconds']}s = "
        f"{throughput['messages_per_second']} msg/s "
        f"({'under' if throughput['under_target'] else 'OVER'} {TARGET_SECONDS}s), "
        f"duplicates {throughput['duplicates']}"
    )
    print(
        f"kill at {crash['killed_after_messages']} then rerun: {crash['messages']} messages "
        f"to {crash['recipients']}/{crash['expected_recipients']} recipients, "
        f"duplicates {crash['duplicates']}, in doubt {crash['in_doubt']}, "
        f"lost {crash['lost']}"
    )
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
