"""What the serving, pipeline and fault benchmarks share: servers on free ports, wrk, the machine.

Every server runs from a temporary folder on a port the OS hands out, so a benchmark never
touches the services other people use on this box, and `Servers` stops all of them at exit.
"""

from __future__ import annotations

import html
import http.client
import itertools
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
VCL = ROOT / "deploy" / "varnish.vcl"
DATELINE = [sys.executable, "-m", "dateline.cli"]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
REUTERS = ROOT.parent / "shared" / "data" / "reuters-21578"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {seconds} s")


def wait_for_http(url: str, seconds: float = 120) -> None:
    """Until the app answers at all (workers import Django slowly on a busy box)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url, timeout=seconds)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def fetch(url: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """One GET: status, headers, body; HTTP errors are answers, not exceptions."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _tool_version(command: list[str]) -> str:
    with suppress(OSError):
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        text = (done.stdout + done.stderr).strip().splitlines()
        return text[0] if text else ""
    return ""


def machine() -> dict:
    """Where a figure was measured: CPUs, memory, load at the start and software versions."""
    memory_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kib = int(line.split()[1])
    cpu_model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": round(memory_kib / 2**20, 1),
        "load_average_at_start": list(os.getloadavg()),
        "system": platform.platform(),
        "python": platform.python_version(),
        "django": version("django"),
        "wagtail": version("wagtail"),
        "gunicorn": version("gunicorn"),
        "varnish": _tool_version(["varnishd", "-V"]),
        "nginx": _tool_version(["nginx", "-v"]),
        "wrk": _tool_version(["wrk", "-v"]),
        "postgresql": _tool_version([str(PG_BIN / "postgres"), "--version"]),
        "redis": _tool_version(["redis-server", "--version"]),
    }


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


# --- wrk ---------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * _UNITS[unit], 3)


def parse_wrk(output: str) -> dict:
    """Requests/s, latency percentiles (ms), errors and totals from wrk's text report."""
    result: dict = {
        "latency_ms": {},
        "non_2xx_3xx": 0,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["requests_per_second"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in ([\d.]+\w+)", output):
        result["requests"] = int(match.group(1))
    for pct, value in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)\s*$", output, re.M):
        result["latency_ms"][f"p{pct}"] = _ms(value)
    if match := re.search(r"Latency\s+([\d.]+\w+)", output):
        result["latency_ms"]["mean"] = _ms(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non_2xx_3xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["socket_errors"] = dict(
            zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True)
        )
    return result


def mix_script(folder: Path, paths: Iterable[str]) -> Path:
    """A wrk Lua script that cycles through paths, one per request."""
    quoted = ", ".join(json.dumps(p) for p in paths)
    script = folder / "mix.lua"
    script.write_text(
        f"local paths = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    )
    return script


def drive(base: str, paths: list[str], total: int, connections: int = 4) -> Counter:
    """Exactly `total` GETs over keep-alive connections, cycling through paths; status counts.

    wrk always runs for its full duration, so a fixed number of requests needs this instead.
    """
    host, port = base.removeprefix("http://").split(":")
    counter = itertools.count()
    statuses: Counter = Counter()

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        while (n := next(counter)) < total:
            try:
                connection.request("GET", paths[n % len(paths)])
                response = connection.getresponse()
                response.read()
                statuses[response.status] += 1
            except (OSError, http.client.HTTPException):
                statuses["error"] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=60)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def wrk(
    url: str,
    *,
    threads: int = 2,
    connections: int = 64,
    seconds: int = 10,
    script: Path | None = None,
    timeout: int = 30,
) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        f"{timeout}s",
    ]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 600)
    result = parse_wrk(done.stdout)
    result["command"] = " ".join(command + [url])
    if "requests_per_second" not in result:
        raise RuntimeError(f"wrk gave no figures: {done.stdout}\n{done.stderr}")
    return result


# --- servers -----------------------------------------------------------------------------


class Servers:
    """Starts servers in a temporary folder and stops every one of them (by pid) at exit."""

    def __init__(self, prefix: str = "dateline-bench-") -> None:
        self.dir = Path(tempfile.mkdtemp(prefix=prefix))
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            stop(process)
        shutil.rmtree(self.dir, ignore_errors=True)

    def spawn(self, command: list[str], name: str, **kwargs) -> subprocess.Popen:
        log = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def dateline_env(self, var_dir: Path, **extra: str) -> dict[str, str]:
        """The environment of a throwaway Dateline whose database sits in var_dir."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DATELINE_VAR_DIR=str(var_dir),
            DJANGO_SETTINGS_MODULE="dateline.settings",
            DATELINE_ALLOWED_HOSTS="*",
            DATELINE_LOG_LEVEL="ERROR",
        )
        env.update(extra)
        return env

    def gunicorn(
        self,
        env: dict[str, str],
        *,
        workers: int,
        name: str = "gunicorn",
        app: str = "dateline.wsgi:application",
        cwd: Path = ROOT,
        max_requests: int = 0,
        ready: str = "/",
    ) -> tuple[subprocess.Popen, int]:
        """gunicorn with the project's production config (gthread), on a free port."""
        port = free_port()
        env = dict(
            env,
            DATELINE_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=str(workers),
            DATELINE_ACCESS_LOG="/dev/null",
            DATELINE_MAX_REQUESTS=str(max_requests),
        )
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(GUNICORN_CONF),
            app,
        ]
        process = self.spawn(command, name, env=env, cwd=cwd)
        wait_for_port(port, 60, process)
        wait_for_http(f"http://127.0.0.1:{port}{ready}")
        return process, port

    def varnish(self, backend_port: int, name: str = "varnish") -> int:
        port = free_port()
        vcl = self.dir / f"{name}.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000"', f'.port = "{backend_port}"'))
        process = self.spawn(
            [
                "varnishd",
                "-F",
                "-j",
                "none",
                "-n",
                str(self.dir / name),
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(vcl),
                "-s",
                "malloc,256m",
            ],
            name,
        )
        wait_for_port(port, 30, process)
        # The health probe must see the backend before Varnish sends it anything.
        deadline = time.monotonic() + 30
        while fetch(f"http://127.0.0.1:{port}/robots.txt")[0] == 503:
            if time.monotonic() > deadline:
                raise RuntimeError("Varnish never found its backend healthy")
            time.sleep(0.5)
        return port

    def nginx(self, docroot: Path, name: str = "nginx") -> int:
        port = free_port()
        run = self.dir / name
        run.mkdir()
        conf = run / "nginx.conf"
        conf.write_text(
            f"user root;\nworker_processes auto;\npid {run}/nginx.pid;\n"
            f"error_log {run}/error.log;\n"
            "events { worker_connections 1024; }\n"
            "http {\n  access_log off;\n  default_type text/html;\n  sendfile on;\n"
            f"  client_body_temp_path {run}/body;\n  proxy_temp_path {run}/proxy;\n"
            f"  fastcgi_temp_path {run}/fastcgi;\n  uwsgi_temp_path {run}/uwsgi;\n"
            f"  scgi_temp_path {run}/scgi;\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n    root {docroot};\n  }}\n}}\n"
        )
        process = self.spawn(["nginx", "-c", str(conf), "-g", "daemon off;"], name)
        wait_for_port(port, 20, process)
        return port

    def redis(self, port: int | None = None, name: str = "redis") -> tuple[subprocess.Popen, int]:
        port = port or free_port()
        process = self.spawn(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            name,
        )
        wait_for_port(port, 20, process)
        return process, port

    def postgres(self, name: str = "postgres") -> PrivatePostgres:
        return PrivatePostgres(self, name)


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM to the process group the server leads, SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


class PrivatePostgres:
    """A PostgreSQL cluster of our own (initdb in a temp folder), which we may restart at will."""

    def __init__(self, servers: Servers, name: str) -> None:
        self.servers = servers
        self.name = name
        self.data = servers.dir / name
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        shutil.chown(servers.dir, "postgres")
        self._as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
            check=True,
        )
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _as_postgres(self, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], capture_output=True, **kwargs
        )

    def start(self) -> None:
        command = [
            "runuser",
            "-u",
            "postgres",
            "--",
            str(PG_BIN / "postgres"),
            "-D",
            str(self.data),
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"unix_socket_directories={self.data}",
            "-c",
            "fsync=off",
            "-c",
            "max_connections=100",
        ]
        self.process = self.servers.spawn(command, self.name)
        wait_for_port(self.port, 30, self.process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("private PostgreSQL did not become ready")

    def stop(self) -> None:
        """A fast shutdown: open sessions are cut, as when the server goes down for real."""
        if self.process is not None:
            self._as_postgres(
                [str(PG_BIN / "pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"],
                timeout=60,
            )
            stop(self.process)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def create_database(self, name: str) -> str:
        self._as_postgres(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ],
            check=True,
        )
        return f"{self.url}/{name}"


def setup_demo(servers: Servers, var_dir: Path, **env: str) -> dict[str, str]:
    """A throwaway Dateline with the demo newsroom; returns its environment."""
    dateline_env = servers.dateline_env(var_dir, **env)
    subprocess.run(
        [*DATELINE, "setup", "--demo"], env=dateline_env, cwd=ROOT, check=True, capture_output=True
    )
    subprocess.run(
        [*DATELINE, "collectstatic", "--noinput"],
        env=dateline_env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return dateline_env


def use_django(env: dict[str, str]) -> None:
    """Point this process's Django at the same database the servers use."""
    os.environ.update(
        {
            k: v
            for k, v in env.items()
            if k.startswith(("DATELINE_", "DATABASE_", "REDIS_", "DJANGO_"))
        }
    )
    import django

    django.setup()


# --- Reuters-21578 as agency copy --------------------------------------------------------

_REUTERS_TIME = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})")
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _reuters_time(text: str) -> datetime | None:
    match = _REUTERS_TIME.search(text or "")
    if match is None or match.group(2) not in _MONTHS:
        return None
    day, month, year, hour, minute, second = match.groups()
    return datetime(
        int(year),
        _MONTHS.index(month) + 1,
        int(day),
        int(hour),
        int(minute),
        int(second),
        tzinfo=UTC,
    )


def _reuters_html(body: str) -> str:
    """Paragraphs from the corpus's indented, hard-wrapped text, without the sign-off."""
    body = re.sub(r"\s*Reuter\s*(&#3;)?\s*$", "", body or "").replace("&#3;", "")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{3,}", body)]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)


def reuters_ninjs(limit: int | None = None) -> list[tuple[str, bytes]]:
    """The corpus in order as one ninjs payload per story, times moved to end an hour ago.

    The spacing between stories is kept, so stories that came together still cluster.
    """
    stories = []
    for path in sorted(REUTERS.glob("reut2-*.json")):
        stories.extend(json.loads(path.read_text(encoding="utf-8")))
        if limit is not None and len(stories) >= limit:
            break
    stories = stories[:limit]
    times = [_reuters_time(s.get("date", "")) for s in stories]
    last = max((t for t in times if t), default=datetime(1987, 10, 20, tzinfo=UTC))
    shift = datetime.now(UTC) - timedelta(hours=1) - last
    payloads = []
    previous = last
    for story, sent in zip(stories, times, strict=True):
        sent = sent or previous
        previous = sent
        title, body = (story.get("title") or "").strip(), _reuters_html(story.get("body", ""))
        if not title and not body:
            continue
        when = (sent + shift).isoformat()
        newid = story["attrs"]["newid"]
        document = {
            "uri": f"urn:newsml:reuters-21578:{newid}",
            "type": "text",
            "version": "1",
            "pubstatus": "usable",
            "firstcreated": when,
            "versioncreated": when,
            "language": "en",
            "headlines": [{"role": "main", "value": title}],
            "located": (story.get("dateline") or "").split(",")[0].strip(),
            "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
        }
        payloads.append((f"reuters-{int(newid):05d}.json", json.dumps(document).encode()))
    return payloads
