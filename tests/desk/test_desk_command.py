"""`dateline desk process` end to end on files, through Django's call_command.

None of these tests is allowed the database (pytest-django raises on any access without the
django_db mark), so each one also checks that the command never opens it.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

BODY = (
    "Opec ministers agreed on Sunday to extend oil output cuts of 2 million barrels per day "
    "until the end of March, Saudi Energy Minister Prince Abdulaziz bin Salman told reporters "
    "in Vienna after a meeting that lasted more than six hours."
)


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_process_writes_one_result_per_line_and_a_summary(tmp_path):
    source, target = tmp_path / "items.jsonl", tmp_path / "results.jsonl"
    write_lines(
        source,
        [
            json.dumps({"id": "w1", "headline": "Opec extends cuts", "body": BODY,
                        "dateline": "VIENNA, Dec 3 -", "source": "reuters",
                        "published": "2025-12-03T12:00:00Z"}),
            "{not json",
            json.dumps({"id": "w2", "headline": "Opec extends cuts", "body": BODY,
                        "source": "afp"}),
        ],
    )  # fmt: skip
    err = io.StringIO()
    call_command("desk", "process", "--input", str(source), "--output", str(target), stderr=err)
    results = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in results] == ["w1", None, "w2"]
    assert results[2]["story"] == "w1" and results[2]["duplicate_of"] == "w1"
    assert "error" in results[1]
    assert {"primary_country", "countries", "sector", "edition"} <= set(results[0])
    log = err.getvalue()
    assert "line 2: invalid JSON" in log
    assert "3 items, 1 stories, 1 duplicates, 1 errors" in log


def test_process_streams_stdout_when_output_is_dash(tmp_path):
    source = tmp_path / "items.jsonl"
    write_lines(source, [json.dumps({"id": "w1", "body": BODY})])
    out, err = io.StringIO(), io.StringIO()
    call_command("desk", "process", "--input", str(source), "--output", "-", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["story"] == "w1"


def test_missing_input_file_is_a_clear_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot open"):
        call_command(
            "desk", "process", "--input", str(tmp_path / "absent.jsonl"), "--output", "-",
            stderr=io.StringIO(),
        )  # fmt: skip
