"""Benchmark story grouping on real labelled news, next to a plain TF-IDF baseline.

Reads ``../shared/data/dev/story-clusters-basil.jsonl`` (real articles by three outlets about
47 events, all within one day, with gold stories) and runs the desk's identity over it as
`dateline desk process` does, in several shapes a wire can take:

- ``full``: headline and body, with outlet and time;
- ``headlines``: headlines only;
- ``lower-case headlines``: headlines only, lower-cased, as some aggregators carry them;
- ``no times``: full items without a published time;
- ``one agency``: full items all from one source, so every join is a same-source follow-up.

For each it prints pairwise precision, recall and F1 over all pairs of items and NMI, scored
as ``../shared/tools/score_desk.py`` scores, and the same figures for a plain baseline
computed in the same run: single-pass TF-IDF centroids with a cosine threshold of 0.2.

Results go to ``bench/results/desk_stories.json``.

    python bench/desk_stories.py
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.desk.core.process import process_items  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "dev" / "story-clusters-basil.jsonl"
RESULTS = ROOT / "bench" / "results" / "desk_stories.json"
BASELINE_THRESHOLD = 0.2
_WORD = re.compile(r"[^\W_]+")
# The baseline's stop words: the function words any TF-IDF setup drops.
_STOP_WORDS = """a about after again against all also an and any are as at be because been
    before being but by can could did do does for from had has have he her his how i if in into
    is it its just may more most no not of on one or other our out over said says she so some
    than that the their them then there these they this those to up was we were what when where
    which while who will with would you"""
_STOP = frozenset(_STOP_WORDS.split())


def _headlines(line: dict) -> dict:
    return {**line, "body": ""}


SHAPES: dict[str, Callable[[dict], dict]] = {
    "full": lambda line: line,
    "headlines": _headlines,
    "lower-case headlines": lambda line: {**_headlines(line), "headline": line["headline"].lower()},
    "no times": lambda line: {k: v for k, v in line.items() if k != "published"},
    "one agency": lambda line: {**line, "source": "wire"},
}


def pairwise(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Pairwise precision, recall, F1 and NMI of a clustering against gold stories."""
    joint = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)

    def pairs(sizes: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    both = pairs(joint)
    precision = both / max(1, pairs(predicted_sizes))
    recall = both / max(1, pairs(gold_sizes))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(gold)
    mutual = sum(
        c / n * math.log(c * n / (gold_sizes[g] * predicted_sizes[p]))
        for (g, p), c in joint.items()
    )

    def entropy(sizes: Counter) -> float:
        return -sum(c / n * math.log(c / n) for c in sizes.values())

    spread = entropy(gold_sizes) + entropy(predicted_sizes)
    nmi = 2 * mutual / spread if spread else 1.0
    return {"precision": precision, "recall": recall, "f1": f1, "nmi": nmi}


def tfidf_baseline(lines: list[dict]) -> list[str]:
    """Single pass: each item joins the most similar centroid at cosine >= 0.2, else starts one."""
    document_frequency: Counter[str] = Counter()
    centroids: list[dict[str, float]] = []
    out = []
    for number, line in enumerate(lines, start=1):
        text = f"{line['headline']} {line.get('body', '')}".lower()
        counts = Counter(w for w in _WORD.findall(text) if w not in _STOP)
        document_frequency.update(counts.keys())
        vector = {
            w: c * math.log((number + 1) / (document_frequency[w] + 0.5)) for w, c in counts.items()
        }
        length = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        vector = {w: x / length for w, x in vector.items()}
        best, best_score = None, BASELINE_THRESHOLD
        for index, centroid in enumerate(centroids):
            norm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
            score = sum(x * centroid.get(w, 0.0) for w, x in vector.items()) / norm
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            centroids.append(dict(vector))
            best = len(centroids) - 1
        else:
            centroid = centroids[best]
            for w, x in vector.items():
                centroid[w] = centroid.get(w, 0.0) + x
        out.append(str(best))
    return out


def run() -> dict:
    lines = [json.loads(text) for text in DEV.read_text(encoding="utf-8").splitlines() if text]
    gold = [line["gold_story"] for line in lines]
    results = {}
    for name, shape in SHAPES.items():
        shaped = [shape({k: v for k, v in line.items() if k != "gold_story"}) for line in lines]
        desk = [out["story"] for out in process_items(shaped)]
        results[name] = {
            "desk": pairwise(gold, desk),
            "tfidf baseline": pairwise(gold, tfidf_baseline(shaped)),
        }
    return {"items": len(lines), "gold stories": len(set(gold)), "shapes": results}


def main() -> int:
    if not DEV.exists():
        print(f"no labelled stories at {DEV.relative_to(ROOT.parent)}; nothing to measure")
        return 1
    report = run()
    print(f"{report['items']} items, {report['gold stories']} gold stories")
    for name, figures in report["shapes"].items():
        for method, f in figures.items():
            print(
                f"{name:22} {method:15} P {f['precision']:.3f} R {f['recall']:.3f} "
                f"F1 {f['f1']:.3f} NMI {f['nmi']:.3f}"
            )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
