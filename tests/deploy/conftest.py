"""Varnish in front of the test server, and copies of the test database for real processes."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish.vcl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    """GET through the cache as a reader would: status, headers, body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    """A Varnish whose backend is the live test server; purges go to it from the app."""
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(binary).exists():
        if os.environ.get("CI"):
            pytest.fail("varnishd is required under CI")
        pytest.skip("varnishd not installed")
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "test.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000"', f'.port = "{backend_port}"'))
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "-F",
            "-j",
            "none",
            "-n",
            str(tmp_path / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
            "-p",
            "default_grace=0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("Varnish did not start")
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url,
        }
    }
    settings.DATELINE_SITE_URL = url
    yield url
    process.terminate()
    process.wait(timeout=10)


class Copy:
    """A copy of the test database that a separate `dateline` process can open."""

    def __init__(self, url: str) -> None:
        self.url = url

    def rows(self, sql: str) -> list[tuple]:
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
                return conn.execute(sql).fetchall()
        with psycopg.connect(self.url) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def database_copies(site_tree, tmp_path, django_db_blocker):
    """Two copies of the migrated, seeded test database: (killed run, clean run)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        urls = []
        for name in ("killed", "clean"):
            path = tmp_path / f"{name}.sqlite3"
            with sqlite3.connect(path) as target:
                connection.connection.backup(target)
            urls.append(f"sqlite:///{path}")
        yield [Copy(url) for url in urls]
        return
    server = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}"
    )
    names = [f"{settings_dict['NAME']}_crash_{kind}" for kind in ("killed", "clean")]
    with django_db_blocker.unblock():
        connections.close_all()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        # A template must have no other session: an earlier test's server thread may still
        # hold an idle connection to the test database.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [settings_dict["NAME"]],
        )
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings_dict["NAME"]}"')
    yield [Copy(f"{server}/{name}") for name in names]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
