"""An install given no DATELINE_SECRET_KEY signs with a random key of its own, kept in var/,
never with a key anyone can read in the source; and `setup` shows the editor's password
only on the run that made it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
# The key every install used to share, as written in the settings module.
SHARED_KEY = "dateline-embedded-default-not-for-production"

FORGE_AND_CHECK = f"""
from django.conf import settings
from django.core import signing
forged = signing.Signer(key={SHARED_KEY!r}, salt="dateline.newsletter.unsubscribe").sign_object(
    {{"s": 1, "e": "reader@example.org"}})
try:
    signing.Signer(salt="dateline.newsletter.unsubscribe").unsign_object(forged)
    verdict = "accepted"
except signing.BadSignature:
    verdict = "refused"
print(settings.SECRET_KEY, verdict)
"""


def start(var_dir: Path) -> subprocess.Popen:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATELINE_SECRET_KEY", "DATELINE_PRODUCTION")
    }
    env.update(DATELINE_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="dateline.settings")
    return subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "shell", "--verbosity", "0", "-c", FORGE_AND_CHECK],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def answer(process: subprocess.Popen) -> tuple[str, str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    key, verdict = out.split()
    return key, verdict


def test_each_install_gets_a_private_random_key_that_forged_links_do_not_pass(tmp_path):
    key, verdict = answer(start(tmp_path / "var"))
    assert verdict == "refused"
    assert key != SHARED_KEY and len(key) >= 50
    kept = tmp_path / "var" / "secret-key.txt"
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600

    assert answer(start(tmp_path / "var")) == (key, "refused")  # reused, not remade
    other, _ = answer(start(tmp_path / "other-var"))
    assert other != key


def test_processes_starting_together_agree_on_one_key(tmp_path):
    processes = [start(tmp_path / "var") for _ in range(4)]
    keys = {answer(process)[0] for process in processes}
    assert len(keys) == 1
    assert keys == {(tmp_path / "var" / "secret-key.txt").read_text().strip()}
    assert [p.name for p in (tmp_path / "var").iterdir()] == ["secret-key.txt"]


@pytest.mark.django_db
def test_setup_shows_the_editor_password_only_on_the_run_that_made_it(tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    call_command("setup")
    first = capsys.readouterr().out
    kept = tmp_path / "editor-password.txt"
    password = kept.read_text().strip()
    assert f"password '{password}'" in first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600

    call_command("setup")
    again = capsys.readouterr().out
    assert password not in again
    assert str(kept) in again and "user 'editor'" in again
