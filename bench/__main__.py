"""`make bench`: run every benchmark in one go; each writes bench/results/<name>.json."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results"


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "system": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def main(argv: list[str]) -> int:
    only = set(argv)
    scripts = sorted(p for p in BENCH_DIR.glob("*.py") if not p.name.startswith("_"))
    RESULTS.mkdir(exist_ok=True)
    summary = {"machine": machine(), "runs": {}}
    failed = 0
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"== {script.stem} ==", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(script)], cwd=BENCH_DIR.parent)
        summary["runs"][script.stem] = {
            "exit": code,
            "seconds": round(time.monotonic() - started, 1),
        }
        failed += code != 0
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
