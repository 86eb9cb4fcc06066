"""The production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DATELINE_PRODUCTION": "1",
        "DATELINE_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-value",
        "DATELINE_ALLOWED_HOSTS": "news.example.org",
        "DATELINE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "dateline.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "DATELINE_PRODUCTION": "1",
        "DATELINE_SECRET_KEY": "",
        "DATELINE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DATELINE_SECRET_KEY must be set" in result.stderr


def run_in_new_process(code: str, tmp_path: Path) -> str:
    env = {
        **os.environ,
        "DATELINE_VAR_DIR": str(tmp_path),
        "DATELINE_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_one_box_processes_share_the_cache_that_kills_clear(tmp_path):
    """What the desk's process clears (lists naming a killed story) is gone for the web's too."""
    run_in_new_process(
        "from django.core.cache import cache; cache.set('news:chrome:v1', 'old')", tmp_path
    )
    seen = "from django.core.cache import cache; print(cache.get('news:chrome:v1'))"
    assert run_in_new_process(seen, tmp_path) == "old"
    run_in_new_process("from dateline.news import sidebar; sidebar.invalidate()", tmp_path)
    assert run_in_new_process(seen, tmp_path) == "None"
