"""Site search latency over 20,000 real wire stories, on SQLite or PostgreSQL.

Builds a throwaway newsroom (a SQLite file in a temporary folder, or the PostgreSQL database
`dateline_bench_search`, created and dropped here), fills it with Reuters-21578 stories as
published articles, indexes them with Wagtail's `update_index`, then times ~200 realistic
searches (words from headlines, topics, filters, date ranges, second pages, hostile input)
through the Django test client: search, ranking, rendering and middleware included.
Goal: p95 under 50 ms.

Run: .venv/bin/python bench/search_latency.py                         (SQLite)
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
     .venv/bin/python bench/search_latency.py                         (PostgreSQL)
Writes bench/results/search_latency-<sqlite|postgresql>.json.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import REUTERS, machine, write_results  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "20000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "200"))
BENCH_DB = "dateline_bench_search"
GOAL_P95_MS = 50.0
SEED = 1987
COUNTRIES = [
    "US",
    "GB",
    "JP",
    "DE",
    "FR",
    "CA",
    "BR",
    "IN",
    "CN",
    "AU",
    "KE",
    "NG",
    "ZA",
    "EG",
    "AR",
    "MX",
    "ID",
    "PK",
    "BD",
    "FJ",
    "MW",
    "SN",
    "NE",
    "RU",
    "SA",
]
KINDS = ["news"] * 16 + ["short", "opinion", "blog", "interview"]
TOPICS = [
    "cocoa",
    "crude oil",
    "grain",
    "interest rates",
    "trade deficit",
    "coffee prices",
    "gold",
    "money supply",
    "sugar",
    "wheat exports",
    "shipping",
    "earnings",
    "acquisition",
    "dollar",
    "inflation",
    "tin",
    "rubber",
    "soybeans",
    "copper",
    "jobs",
]
HOSTILE = [
    '"',
    "NEAR(oil, 2)",
    "AND OR NOT",
    "'; DROP TABLE x; --",
    "<script>x</script>",
    "oil*",
    "\x00",
    "%%%",
    "a" * 300,
    "{title}: oil",
]
STOP = {
    "the",
    "and",
    "for",
    "with",
    "from",
    "says",
    "said",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "up",
    "u",
    "s",
    "it",
    "its",
    "is",
    "be",
    "as",
    "an",
    "a",
    "or",
    "not",
}


def load_stories(limit: int) -> list[dict]:
    """Stories with a headline and a body, in corpus order."""
    stories = []
    for path in sorted(REUTERS.glob("reut2-*.json")):
        for story in json.loads(path.read_text()):
            if story.get("title") and story.get("body"):
                stories.append(story)
                if len(stories) == limit:
                    return stories
    if len(stories) < limit:
        # The corpus holds fewer complete stories than asked: repeat them with new numbers.
        base = list(stories)
        while len(stories) < limit:
            story = dict(base[len(stories) % len(base)])
            story["title"] = f"{story['title']} ({len(stories)})"
            stories.append(story)
    return stories


@contextmanager
def throwaway_database():
    """Point Django at a fresh database: SQLite in a temp folder, or BENCH_DB on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="dateline-bench-search-") as folder:
        os.environ.update(
            DATELINE_VAR_DIR=folder,
            DJANGO_SETTINGS_MODULE="dateline.settings",
            DATELINE_LOG_LEVEL="ERROR",
        )
        os.environ.pop("REDIS_URL", None)
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg

            parts = urlsplit(url)
            server = urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
                admin.execute(f"CREATE DATABASE {BENCH_DB}")
            os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
            try:
                yield "postgresql"
            finally:
                from django.db import connections

                connections.close_all()
                with psycopg.connect(server, autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
            yield "sqlite"


def build_newsroom(stories: list[dict]) -> float:
    """Publish every story as a live article, in bulk; returns seconds.

    Each section's children get their tree paths computed here, in order, and rows are
    written with Django's plain model save (page row and article row), skipping what an
    editor's save does (validation, revisions, audit log); the index is built afterwards.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import models, transaction
    from django.test.utils import override_settings
    from django.utils import timezone
    from django.utils.text import slugify

    from dateline.news.models import ArticlePage, Country, SectionPage, Sector

    rng = random.Random(SEED)
    sections = {s.kind: s for s in SectionPage.objects.all()}
    children = {kind: 0 for kind in sections}
    countries = list(Country.objects.filter(code__in=COUNTRIES))
    sectors = list(Sector.objects.all())
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    started = time.perf_counter()
    # A search-index task per save would only be thrown away: update_index follows.
    with (
        override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ),
        transaction.atomic(),
    ):
        for number, story in enumerate(stories):
            kind = rng.choice(KINDS)
            section = sections[kind]
            children[kind] += 1
            headline = " ".join(story["title"].split()).title()[:250]
            slug = f"{slugify(headline)[:40]}-{number}"
            paragraphs = [p.strip() for p in story["body"].split("\n    ") if p.strip()]
            when = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 730))
            article = ArticlePage(
                title=headline,
                draft_title=headline,
                slug=slug,
                path=ArticlePage._get_path(section.path, section.depth + 1, children[kind]),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                content_type=content_type,
                locale_id=section.locale_id,
                kind=kind,
                standfirst=" ".join(paragraphs[0].split())[:400] if paragraphs else headline,
                body="".join(f"<p>{' '.join(p.split())}</p>" for p in paragraphs[1:]),
                primary_country=rng.choice(countries),
                sector=rng.choice(sectors),
                first_published_at=when,
                last_published_at=when,
                created_at=when,
                live=True,
            )
            models.Model.save(article)
            if number and number % 5000 == 0:
                print(f"  {number} articles, {time.perf_counter() - started:.0f} s", flush=True)
        for kind, section in sections.items():
            SectionPage.objects.filter(pk=section.pk).update(numchild=children[kind])
    return time.perf_counter() - started


def index_newsroom() -> float:
    """update_index, then what autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) would
    soon do for a live site after a bulk load: fresh planner statistics and, on PostgreSQL,
    the dead index-entry rows that update_index's rewrites leave behind cleared away."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def realistic_queries(stories: list[dict], count: int) -> list[tuple[str, str]]:
    """(category, URL) pairs: what readers type, sometimes narrowed, sometimes a second page."""
    from dateline.news.models import Edition, Sector

    rng = random.Random(SEED + 1)
    sectors = list(Sector.objects.values_list("slug", flat=True))
    editions = list(Edition.objects.exclude(slug="global").values_list("slug", flat=True))
    words_of = [
        [w for w in re.findall(r"[a-z]{4,}", s["title"].lower()) if w not in STOP] for s in stories
    ]
    words_of = [w for w in words_of if w]
    queries: list[tuple[str, str]] = []

    def add(category: str, **params: str) -> None:
        queries.append((category, "/search/?" + urlencode(params)))

    while len(queries) < count:
        roll = rng.random()
        words = rng.choice(words_of)
        headline_words = " ".join(rng.sample(words, min(len(words), rng.choice([1, 2, 2, 3]))))
        if roll < 0.40:
            add("headline words", q=headline_words)
        elif roll < 0.55:
            add("topic", q=rng.choice(TOPICS))
        elif roll < 0.70:
            add("with sector", q=rng.choice(TOPICS), sector=rng.choice(sectors))
        elif roll < 0.78:
            add("with edition", q=headline_words, edition=rng.choice(editions))
        elif roll < 0.84:
            add(
                "with kind and dates",
                q=rng.choice(TOPICS),
                kind="news",
                **{"from": "2024-01-01", "to": "2030-12-31"},
            )
        elif roll < 0.92:
            add("second page", q=rng.choice(TOPICS), page="2")
        elif roll < 0.96:
            add("filters only", sector=rng.choice(sectors))
        else:
            add("hostile", q=rng.choice(HOSTILE))
    return queries


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 2)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "mean": round(statistics.fmean(values), 2),
        "max": round(max(values), 2),
    }


def measure(queries: list[tuple[str, str]]) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _, url in queries[:10]:  # warm the process: imports, templates, shared taxonomies
        client.get(url)
    timings: dict[str, list[float]] = {}
    every: list[float] = []
    cpu: list[float] = []
    hits: list[int] = []
    db_queries: list[int] = []
    for category, url in queries:
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        hits.append(response.content.count(b'class="search-result"'))
        db_queries.append(len(captured.captured_queries))
        timings.setdefault(category, []).append(elapsed)
        every.append(elapsed)
    return {
        "latency_ms": summary(every),
        # CPU time of this process only: Django, ranking, rendering and, on SQLite, the
        # database itself; on PostgreSQL the server's own CPU is not in it.
        "process_cpu_ms": summary(cpu),
        "by_category_ms": {k: summary(v) for k, v in sorted(timings.items())},
        "results_per_page_mean": round(statistics.fmean(hits), 1),
        "queries_with_no_results": sum(1 for h in hits if h == 0),
        "db_queries_per_search": {"median": statistics.median(db_queries), "max": max(db_queries)},
    }


def main() -> int:
    stories = load_stories(ARTICLES)
    with throwaway_database() as vendor:
        import django
        from django.core.management import call_command

        django.setup()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        print(f"{vendor}: building {len(stories)} articles", flush=True)
        build_s = build_newsroom(stories)
        print(f"  built in {build_s:.0f} s; indexing", flush=True)
        index_s = index_newsroom()
        print(f"  indexed in {index_s:.0f} s; timing {QUERIES} searches", flush=True)
        queries = realistic_queries(stories, QUERIES)
        figures = measure(queries)

    p95 = figures["latency_ms"]["p95"]
    result = {
        "database": vendor,
        "articles": len(stories),
        "searches": len(queries),
        "goal_p95_ms": GOAL_P95_MS,
        "goal_met": p95 < GOAL_P95_MS,
        **figures,
        "setup_seconds": {
            "migrate": round(migrate_s, 1),
            "build": round(build_s, 1),
            "index": round(index_s, 1),
        },
        "sample_queries": [url for _, url in queries[:15]],
        "machine": machine(),
    }
    path = write_results(f"search_latency-{vendor}", result)
    latency, cpu = figures["latency_ms"], figures["process_cpu_ms"]
    print(
        f"{vendor}, {len(stories)} articles, {len(queries)} searches: "
        f"p50 {latency['p50']} ms, p95 {p95} ms, p99 {latency['p99']} ms "
        f"(goal p95 < {GOAL_P95_MS:.0f} ms: {'met' if result['goal_met'] else 'MISSED'}); "
        f"process CPU p50 {cpu['p50']} ms, p95 {cpu['p95']} ms; "
        f"load average at start {result['machine']['load_average_at_start']}"
    )
    for category, figs in figures["by_category_ms"].items():
        print(f"  {category:<20} n={figs['n']:<3} p50 {figs['p50']:>7} ms  p95 {figs['p95']:>7} ms")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
