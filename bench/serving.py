"""How fast the public site serves, side by side with what it is measured against, in one run.

1. An article through Varnish (the project's VCL, gunicorn behind it) against nginx serving
   the same bytes as a static file. Goal: at least 0.8 of nginx's requests/s. Measured with
   the rails inline and cached whole, then as production serves it
   (DATELINE_EDGE_INCLUDES=1, as in deploy/dateline.env.example): the page with placeholders
   alone, and a reader's whole cost, the page and each fragment its script fetches, in turn,
   against nginx serving the whole page and against nginx serving those same files.
2. The same article without the front cache, straight from gunicorn, against the home page
   of a bare `wagtail start` project on the same database kind, worker count and gunicorn
   config. Goal: at least 1.5 times the bare project's requests/s. The app's own fragment
   cache is warm, as it is from the second view of an article after it is published; the
   cold figures (first view) are measured in-process and reported beside it.
3. Resident memory of one web worker after 10,000 requests across a mix of pages.
4. The content API (Wagtail API v2 list and detail, ninjs feed and item) through Varnish and
   straight from gunicorn, measured beside the article.

Also counted in-process: database queries per article page and the median render time.
Each side-by-side pair runs in turn BENCH_ROUNDS times (default 3); the median run counts.
Run: .venv/bin/python bench/serving.py   (writes bench/results/serving.json)
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import (  # noqa: E402
    Servers,
    children,
    drive,
    fetch,
    machine,
    mix_script,
    rss_kib,
    setup_demo,
    stop,
    use_django,
    write_results,
    wrk,
)

WORKERS = 2 * (os.cpu_count() or 1) + 1  # the deploy config's default
APP_CONNECTIONS = WORKERS * 2  # one per gunicorn thread: latency without queueing in wrk
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
MEMORY_REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "10000"))
CACHE_RATIO_GOAL = 0.8
API_LABELS = {
    "api_pages_list": "API v2 article list",
    "api_page_detail": "API v2 article",
    "api_ninjs_feed": "ninjs feed",
    "api_ninjs_item": "ninjs item",
}
APP_RATIO_GOAL = 1.5


def site_paths() -> dict:
    """The article to measure and a mix of the pages readers ask for."""
    from dateline.news.models import ArticlePage, Country, Edition, Sector

    live = ArticlePage.objects.live().order_by("-first_published_at")
    article = live.filter(kind="news").exclude(takeaways="").first() or live.first()
    mix = [
        "/",
        "/news/",
        "/opinion/",
        "/shots/",
        "/feeds/rss/",
        "/sitemap.xml",
        "/search/?q=port",
        "/corrections/",
    ]
    mix += [a.url for a in live[:12]]
    mix += [f"/sector/{s.slug}/" for s in Sector.objects.all()[:4]]
    mix += [f"/edition/{e.slug}/" for e in Edition.objects.exclude(slug="global")[:4]]
    mix += [f"/country/{c.slug}/" for c in Country.objects.filter(code__in=["KE", "FJ", "IN"])]
    return {"article": article.url, "mix": mix, "api": api_paths(article.pk)}


def api_paths(pk: int) -> dict[str, str]:
    """The content API as partners poll it: each listing and the same article's item."""
    return {
        "api_pages_list": "/api/v2/pages/?type=news.ArticlePage",
        "api_page_detail": f"/api/v2/pages/{pk}/",
        "api_ninjs_feed": "/api/ninjs/",
        "api_ninjs_item": f"/api/ninjs/{pk}/",
    }


def article_profile(path: str, renders: int = 50) -> dict:
    """Queries and in-process time per article page, warm (as readers mostly get it) and cold.

    Warm: the page's fragments (meta, body, chrome) are in the app cache, as they are from the
    second view after a publish. Cold: the app cache emptied before every view, as for the
    first reader after a publish or a restart.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def profile(cold: bool) -> dict:
        if cold:
            cache.clear()
        else:
            client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, response.status_code
        count = len(queries.captured_queries)  # read now: the next request resets the log
        timings = []
        for _ in range(renders):
            if cold:
                cache.clear()
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        return {"queries": count, "render_ms_median": round(statistics.median(timings), 2)}

    warm, cold = profile(cold=False), profile(cold=True)
    return {
        "queries_per_article_page": warm["queries"],
        "render_ms_median": warm["render_ms_median"],
        "queries_cold_cache": cold["queries"],
        "render_ms_median_cold_cache": cold["render_ms_median"],
    }


def side_by_side(
    urls: dict[str, str | tuple[str, Path]], *, connections: int = 64
) -> dict[str, dict]:
    """wrk on each URL in turn, ROUNDS times, so a busy spell on the box hits both sides.

    A (base URL, wrk script) pair cycles through the script's paths on that server. Each
    side's figure is its median run; every run's requests/s is kept beside it.
    """
    runs: dict[str, list[dict]] = {name: [] for name in urls}
    for _ in range(ROUNDS):
        for name, target in urls.items():
            url, script = target if isinstance(target, tuple) else (target, None)
            runs[name].append(wrk(url, connections=connections, seconds=SECONDS, script=script))
    chosen = {}
    for name, done in runs.items():
        ordered = sorted(done, key=lambda run: run["requests_per_second"])
        chosen[name] = dict(
            ordered[len(ordered) // 2],
            runs_requests_per_second=[r["requests_per_second"] for r in done],
        )
    return chosen


def fragment_paths(base: str, path: str) -> list[str]:
    """The fragments a reader's browser fetches for the page at path, as the page names them."""
    html = fetch(base + path)[2].decode()
    return re.findall(r'data-fragment="([^"]+)"', html)


def ratio(results: dict, top: str, bottom: str) -> float:
    return round(results[top]["requests_per_second"] / results[bottom]["requests_per_second"], 3)


def bare_wagtail(servers: Servers) -> tuple[dict[str, str], Path]:
    """A fresh `wagtail start` project on SQLite with DEBUG off, migrated and collected."""
    folder = servers.dir / "bare"
    folder.mkdir()
    wagtail = Path(sys.executable).with_name("wagtail")
    subprocess.run([str(wagtail), "start", "bare", str(folder)], check=True, capture_output=True)
    (folder / "bare" / "settings" / "local.py").write_text(
        "ALLOWED_HOSTS = ['*']\nSECRET_KEY = 'bare-benchmark'\nDEBUG = False\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DATABASE_"))}
    env["DJANGO_SETTINGS_MODULE"] = "bare.settings.production"
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=folder,
            env=env,
            check=True,
            capture_output=True,
        )
    return env, folder


def memory_after_requests(servers: Servers, env: dict[str, str], mix: list[str]) -> dict:
    """VmRSS of the single web worker after warm-up and after MEMORY_REQUESTS requests."""
    master, port = servers.gunicorn(env, workers=1, name="gunicorn-memory")
    time.sleep(1)
    (worker,) = children(master.pid)
    base = f"http://127.0.0.1:{port}"
    started_kib = rss_kib(worker)
    warm = drive(base, mix, len(mix) * 4)
    warm_kib = rss_kib(worker)
    started = time.monotonic()
    statuses = drive(base, mix, MEMORY_REQUESTS)
    seconds = time.monotonic() - started
    after_kib = rss_kib(worker)
    assert children(master.pid) == [worker], "the worker was replaced during the run"
    stop(master)
    return {
        "workers": 1,
        "requests": sum(statuses.values()),
        "pages_in_mix": len(mix),
        "statuses": {str(k): v for k, v in (warm + statuses).items()},
        "requests_per_second": round(MEMORY_REQUESTS / seconds, 1),
        "rss_mib_at_start": round(started_kib / 1024, 1),
        "rss_mib_after_warmup": round(warm_kib / 1024, 1),
        "rss_mib_after_requests": round(after_kib / 1024, 1),
        "growth_mib_after_warmup": round((after_kib - warm_kib) / 1024, 1),
    }


def main() -> int:
    results: dict = {
        "machine": machine(),
        "workers": WORKERS,
        "seconds_per_run": SECONDS,
        "rounds": ROUNDS,
    }
    with Servers() as servers:
        env = setup_demo(servers, servers.dir / "var")
        use_django(env)
        paths = site_paths()
        article = paths["article"]
        results["article_path"] = article
        results["article_in_process"] = article_profile(article)

        web, port = servers.gunicorn(env, workers=WORKERS)
        cache = f"http://127.0.0.1:{servers.varnish(port)}"
        varnish = f"{cache}{article}"
        status, headers, html = fetch(varnish)
        assert status == 200 and "Set-Cookie" not in headers, headers
        status, headers, cached = fetch(varnish)
        assert headers.get("X-Cache") == "HIT" and cached == html, "Varnish did not cache it"
        # nginx serves the very bytes readers get from the cache (links carry the Host).
        docroot = servers.dir / "docroot"
        docroot.mkdir()
        (docroot / "article.html").write_bytes(html)
        nginx = f"http://127.0.0.1:{servers.nginx(docroot)}/article.html"
        results["page_bytes"] = len(html)

        # The production set-up: the page cached whole with placeholders for Trending, Latest
        # and related coverage, whose fragments the reader's browser fetches from Varnish.
        rails_web, rails_port = servers.gunicorn(
            dict(env, DATELINE_EDGE_INCLUDES="1"), workers=WORKERS, name="gunicorn-rails"
        )
        rails_cache = f"http://127.0.0.1:{servers.varnish(rails_port, name='varnish-rails')}"
        reader_paths = [article, *fragment_paths(rails_cache, article)]
        for path in reader_paths:
            fetch(rails_cache + path)
            status, headers, body = fetch(rails_cache + path)
            assert status == 200 and headers.get("X-Cache") == "HIT", (path, headers)
            copy = docroot / path.strip("/") / "index.html"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(body)
        results["reader_paths"] = reader_paths
        reader = mix_script(servers.dir, reader_paths)
        nginx_base = nginx.removesuffix("/article.html")
        for url in (varnish, rails_cache + article, nginx):
            wrk(url, seconds=2)
        results.update(
            side_by_side(
                {
                    "nginx_static": nginx,
                    "varnish_article": varnish,
                    "varnish_article_placeholders": rails_cache + article,
                    "varnish_reader_with_rails": (rails_cache + "/", reader),
                    "nginx_reader_with_rails": (nginx_base + "/", reader),
                }
            )
        )
        per_reader = len(reader_paths)
        for name in ("varnish_reader_with_rails", "nginx_reader_with_rails"):
            run = results[name]
            run["requests_per_reader"] = per_reader
            run["readers_per_second"] = round(run["requests_per_second"] / per_reader, 1)
        results["varnish_to_nginx"] = ratio(results, "varnish_article", "nginx_static")
        results["varnish_placeholders_to_nginx"] = ratio(
            results, "varnish_article_placeholders", "nginx_static"
        )
        results["varnish_readers_with_rails_to_nginx_whole_page"] = round(
            results["varnish_reader_with_rails"]["readers_per_second"]
            / results["nginx_static"]["requests_per_second"],
            3,
        )
        results["varnish_reader_with_rails_to_nginx_same_files"] = ratio(
            results, "varnish_reader_with_rails", "nginx_reader_with_rails"
        )
        stop(rails_web)

        # The content API through the same cache: each answer cached whole, as pages are.
        cached_api = {f"varnish_{name}": cache + path for name, path in paths["api"].items()}
        for url in cached_api.values():
            fetch(url)
            status, headers, _ = fetch(url)
            assert status == 200 and headers.get("X-Cache") == "HIT", (url, status, headers)
        results.update(side_by_side(cached_api))

        bare_env, bare_dir = bare_wagtail(servers)
        bare, bare_port = servers.gunicorn(
            bare_env,
            workers=WORKERS,
            name="gunicorn-bare",
            app="bare.wsgi:application",
            cwd=bare_dir,
        )
        bare_url = f"http://127.0.0.1:{bare_port}/"
        assert fetch(bare_url)[0] == 200, "the bare project's home page does not answer"
        direct = f"http://127.0.0.1:{port}{article}"
        for url in (direct, bare_url):  # every worker past its first requests
            wrk(url, connections=APP_CONNECTIONS, seconds=5)
        results.update(
            side_by_side(
                {"gunicorn_article": direct, "bare_wagtail_home": bare_url},
                connections=APP_CONNECTIONS,
            )
        )
        results["article_to_bare"] = ratio(results, "gunicorn_article", "bare_wagtail_home")
        stop(bare)
        app_api = {
            f"gunicorn_{name}": f"http://127.0.0.1:{port}{path}"
            for name, path in paths["api"].items()
        }
        for url in app_api.values():
            assert fetch(url)[0] == 200, url
            wrk(url, connections=APP_CONNECTIONS, seconds=2)
        results.update(side_by_side(app_api, connections=APP_CONNECTIONS))
        stop(web)

        results["memory"] = memory_after_requests(servers, env, paths["mix"])
    results["goals"] = {
        "varnish_to_nginx": {
            "goal": CACHE_RATIO_GOAL,
            "met": results["varnish_to_nginx"] >= CACHE_RATIO_GOAL,
        },
        "article_to_bare": {
            "goal": APP_RATIO_GOAL,
            "met": results["article_to_bare"] >= APP_RATIO_GOAL,
        },
    }
    path = write_results("serving", results)
    print_summary(results, path)
    return 0


def print_summary(r: dict, path: Path) -> None:
    def line(name: str, run: dict) -> str:
        lat = run["latency_ms"]
        runs = ", ".join(f"{x:.0f}" for x in run["runs_requests_per_second"])
        return (
            f"  {name:<34} {run['requests_per_second']:>10.1f} req/s   p50 {lat.get('p50')} ms"
            f"   p99 {lat.get('p99')} ms   non-2xx {run['non_2xx_3xx']}   (runs: {runs})"
        )

    m = r["machine"]
    print(
        f"machine: {m['cpus']} CPUs, {m['memory_gib']} GiB, load at start "
        f"{m['load_average_at_start'][0]:.2f}; gunicorn workers {r['workers']}"
    )
    a = r["article_in_process"]
    print(
        f"article {r['article_path']}: {a['queries_per_article_page']} queries, "
        f"{a['render_ms_median']} ms median in-process render "
        f"(app cache cold: {a['queries_cold_cache']} queries, "
        f"{a['render_ms_median_cold_cache']} ms)"
    )
    print(line("nginx, static copy", r["nginx_static"]))
    print(line("Varnish, article", r["varnish_article"]))
    print(f"  Varnish / nginx = {r['varnish_to_nginx']} (goal >= {CACHE_RATIO_GOAL})")
    print(line("Varnish, article with rail placeholders", r["varnish_article_placeholders"]))
    print(f"  Varnish with placeholders / nginx = {r['varnish_placeholders_to_nginx']}")
    for name, label in (("varnish", "Varnish"), ("nginx", "nginx")):
        run = r[f"{name}_reader_with_rails"]
        print(line(f"{label}, page + {run['requests_per_reader'] - 1} fragments", run))
        print(f"    = {run['readers_per_second']:.1f} readers/s")
    print(
        "  readers/s through Varnish / nginx whole page = "
        f"{r['varnish_readers_with_rails_to_nginx_whole_page']}; "
        f"/ nginx serving the same files = {r['varnish_reader_with_rails_to_nginx_same_files']}"
    )
    print(line("gunicorn, uncached article", r["gunicorn_article"]))
    print(line("gunicorn, bare Wagtail home", r["bare_wagtail_home"]))
    print(f"  article / bare = {r['article_to_bare']} (goal >= {APP_RATIO_GOAL})")
    for name, label in API_LABELS.items():
        print(line(f"Varnish, {label}", r[f"varnish_{name}"]))
        print(line(f"gunicorn, {label}", r[f"gunicorn_{name}"]))
    mem = r["memory"]
    print(
        f"memory: one worker {mem['rss_mib_after_requests']} MiB after {mem['requests']} "
        f"requests over {mem['pages_in_mix']} pages (after warm-up "
        f"{mem['rss_mib_after_warmup']} MiB)"
    )
    print(f"written to {path}")


if __name__ == "__main__":
    sys.exit(main())
