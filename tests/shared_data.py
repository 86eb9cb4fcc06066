"""Where the real agency samples and labelled news live, beside the project (../shared/data).

A helper module, not a test module: pytest does not collect it. Tests that read these mark
themselves `shared_data` and skip, with the reason, where the data is absent.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SAMPLES = DATA / "wire-samples"
