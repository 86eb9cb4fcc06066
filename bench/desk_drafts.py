"""Benchmark the desk's drafts on real copy: repeated facts, takeaways that copy, length.

Drafts are composed, as the live desk composes them, for:

- the 47 events of ``../shared/data/dev/story-clusters-basil.jsonl``, each told by three
  outlets (New York Times, Fox News, HuffPost): the multi-source case, where glued copy tells
  the same fact two or three times;
- the first READERS Reuters-21578 stories with a body of at least 80 words, one item each.

For each draft it measures:

- **repeated fact**: two sentences of the standfirst and body with the same figure before
  the same word ("14 people" twice; years, times, fractions and figures before a little
  word such as "of" aside), or near-duplicates (content-word Jaccard of at least 0.6, four
  content words or more); and the share where the two sentences come from different source
  items, the repeats merging can cause (the rest are in one agency's copy as sent);
- **takeaway copies a sentence**: a takeaway equal to a sentence of the standfirst or body,
  or with content-word Jaccard of at least 0.8 to one;
- **length**: the draft's words against the longest source item's.

Next to the desk, in the same run, two baselines: the longest item as is (its lede as
standfirst, its first three body sentences as takeaways: the desk before it merged), and
every item glued in time order under the first one's lede (a desk that does nothing).

Results go to ``bench/results/desk_drafts.json``.

    python bench/desk_drafts.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.desk.core.compose import compose  # noqa: E402
from dateline.desk.core.process import wire_item  # noqa: E402
from dateline.desk.core.sentences import (  # noqa: E402
    content_tokens,
    paragraphs,
    split_sentences,
)

DATA = ROOT.parent / "shared" / "data"
DEV = DATA / "dev" / "story-clusters-basil.jsonl"
REUTERS = DATA / "reuters-21578"
RESULTS = ROOT / "bench" / "results" / "desk_drafts.json"
READERS = 1000
MIN_WORDS = 80
# A figure and the word it counts: "14 people", "1.3 billion". Not a time ("4:20 p.m."), a
# fraction ("1-1/2"), a year ("July 2016, Mr."), or a figure before a little word ("14 of").
_FIGURE = re.compile(r"(?<![\w:/.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:/-])\s+([a-z]+)\b")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LITTLE = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "p")
    + ("per", "than", "that", "the", "to", "was", "were", "which", "with")
)
NEAR_DUPLICATE = 0.6
COPIED_TAKEAWAY = 0.8


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _figures(sentence: str) -> set[tuple[str, str]]:
    return {
        (number.replace(",", ""), word)
        for number, word in _FIGURE.findall(sentence)
        if word not in _LITTLE and not _YEAR.fullmatch(number)
    }


def repeated_pairs(sentences: list[str]) -> list[tuple[int, int]]:
    """Pairs of sentences telling one fact twice: the same figure before the same word, or
    near-duplicates (content-word Jaccard of at least 0.6, four content words or more)."""
    figures = [_figures(s) for s in sentences]
    tokens = [content_tokens(s) for s in sentences]
    return [
        (i, j)
        for j in range(len(sentences))
        for i in range(j)
        if figures[i] & figures[j]
        or (len(tokens[j]) >= 4 and _jaccard(tokens[i], tokens[j]) >= NEAR_DUPLICATE)
    ]


def copied(takeaway: str, sentences: list[str]) -> bool:
    plain = re.sub(r"\W+", " ", takeaway).strip().lower()
    tokens = content_tokens(takeaway)
    for sentence in sentences:
        if re.sub(r"\W+", " ", sentence).strip().lower() == plain:
            return True
        if _jaccard(tokens, content_tokens(sentence)) >= COPIED_TAKEAWAY:
            return True
    return False


def _origin(sentence: str, sources: list) -> int:
    """The source item a sentence was taken from (sentences are copied verbatim)."""
    flat = " ".join(sentence.split())
    for number, item in enumerate(sources):
        if flat in " ".join(item.body_text.split()):
            return number
    return -1


def measure(standfirst: str, body: list[str], takeaways: list[str], sources: list) -> dict:
    sentences = [s for s in [standfirst] + [s for p in body for s in split_sentences(p)] if s]
    pairs = repeated_pairs(sentences)
    origins = [_origin(s, sources) for s in sentences]
    words = len(" ".join([standfirst, *body]).split())
    longest = max(len(item.body_text.split()) for item in sources) or 1
    return {
        "repeated_fact": bool(pairs),
        "repeated_across_items": any(origins[i] != origins[j] for i, j in pairs),
        "takeaways": len(takeaways),
        "copied_takeaways": sum(copied(t, sentences) for t in takeaways),
        "length_ratio": words / longest,
    }


def desk(items: list) -> dict:
    draft = compose(items)
    return measure(draft.standfirst, list(draft.body_paragraphs), list(draft.takeaways), items)


def _sentences(item) -> list[str]:
    return [s for p in paragraphs(item.body_text) for s in split_sentences(p)]


def longest_as_is(items: list) -> dict:
    """Baseline: the longest item as sent, its lede as standfirst, its first three body
    sentences as takeaways (what the desk published before it learnt to merge)."""
    sentences = _sentences(max(items, key=lambda i: len(i.body_text.split())))
    if not sentences:
        return measure("", [], [], items)
    return measure(sentences[0], sentences[1:], sentences[1:4], items)


def glued(items: list) -> dict:
    """Baseline: every item's sentences in time order under the first one's lede."""
    ordered = sorted(items, key=lambda i: (i.sent is None, i.sent))
    sentences = [s for item in ordered for s in _sentences(item)]
    if not sentences:
        return measure("", [], [], items)
    return measure(sentences[0], sentences[1:], sentences[1:4], items)


def summary(rows: list[dict]) -> dict:
    takeaways = sum(r["takeaways"] for r in rows)
    return {
        "drafts": len(rows),
        "share_with_a_repeated_fact": round(sum(r["repeated_fact"] for r in rows) / len(rows), 3),
        "share_repeating_a_fact_across_items": round(
            sum(r["repeated_across_items"] for r in rows) / len(rows), 3
        ),
        "takeaways": takeaways,
        "share_of_takeaways_copying_a_sentence": round(
            sum(r["copied_takeaways"] for r in rows) / takeaways, 3
        )
        if takeaways
        else 0.0,
        "drafts_with_takeaways": sum(1 for r in rows if r["takeaways"]),
        "median_length_vs_longest_source": round(median(r["length_ratio"] for r in rows), 2),
        "max_length_vs_longest_source": round(max(r["length_ratio"] for r in rows), 2),
    }


def basil_stories() -> list[list]:
    stories: dict[str, list] = {}
    for text in DEV.read_text(encoding="utf-8").splitlines():
        if text:
            line = json.loads(text)
            gold = line.pop("gold_story")
            stories.setdefault(gold, []).append(wire_item(line))
    return list(stories.values())


def reuters_stories() -> list[list]:
    found = []
    for path in sorted(REUTERS.glob("*.json")):
        for story in json.loads(path.read_text(encoding="utf-8")):
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", story.get("body") or "")
            if len(body.split()) < MIN_WORDS:
                continue
            line = {"id": f"r{len(found)}", "headline": story.get("title") or "", "body": body}
            found.append([wire_item({**line, "source": "Reuters"})])
            if len(found) == READERS:
                return found
    return found


def main() -> int:
    if not DEV.exists() or not REUTERS.exists():
        print("the shared real data is absent; nothing to measure")
        return 1
    report = {}
    for name, stories in (("basil", basil_stories()), ("reuters", reuters_stories())):
        report[name] = {
            "desk": summary([desk(items) for items in stories]),
            "baseline: longest item as is": summary([longest_as_is(i) for i in stories]),
            "baseline: glued copy": summary([glued(items) for items in stories]),
        }
        for who, figures in report[name].items():
            print(f"{name:8} {who:29} {figures}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
