"""Benchmark the focus country and the sector on real news labelled by hand, next to baselines.

Reads the GeoWebNews articles of ``../shared/data/geo-dev/GWN.xml`` (200 real web news pages,
international and local US news) and the Reuters-21578 stories about health, disease and
medicine picked for ``bench/labels/reuters-health.csv``, with the labels the project made by
reading each one (``bench/labels/``: the country each story is about, the countries it
involves, whether it is US local news, its sector, whether it reports an outbreak). Every
item goes through ``process_items`` as `dateline desk process` runs it (headline and body,
no dateline or agency codes) and prints:

- the focus country on international and on local US news, with its failure classes, next to
  two baselines computed in the same run: "always US" and "the country named most often";
- the micro-F1 of the countries a story involves;
- the sector of health stories and of outbreak reports.

Results go to ``bench/results/desk_countries.json``.

    python bench/desk_countries.py
"""

from __future__ import annotations

import ast
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pycountry  # noqa: E402

from dateline.desk.core.process import process_items  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
GWN = DATA / "geo-dev" / "GWN.xml"
REUTERS = DATA / "reuters-21578"
LABELS = ROOT / "bench" / "labels"
RESULTS = ROOT / "bench" / "results" / "desk_countries.json"
NO_COUNTRY = "XX"
# 1987's states under the codes the desk uses today.
_FORMER = {"SU": "RU", "CS": "CZ", "DD": "DE", "YU": "RS"}


def _labels(pattern: str) -> dict[str, dict]:
    rows = {}
    for path in sorted(LABELS.glob(pattern)):
        with path.open(encoding="utf-8", newline="") as f:
            rows.update({row["id"]: row for row in csv.DictReader(f)})
    return rows


def gwn_items() -> list[dict]:
    root = etree.parse(str(GWN), etree.XMLParser(resolve_entities=False, no_network=True))
    return [
        {
            "id": f"gwn-{article.get('file')}",
            "headline": (article.findtext("title") or "").strip(),
            "body": (article.findtext("text") or "").strip(),
        }
        for article in root.iter("article")
    ]


def reuters_items(ids: set[str]) -> list[dict]:
    items = []
    for path in sorted(REUTERS.glob("*.json")):
        for story in json.loads(path.read_text(encoding="utf-8")):
            attrs = story["attrs"]
            newid = (attrs if isinstance(attrs, dict) else ast.literal_eval(attrs)).get("newid")
            if newid in ids:
                body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", story.get("body") or "")
                items.append(
                    {"id": f"reuters-{newid}", "headline": story.get("title") or "", "body": body}
                )
    return items


def _code(value: str) -> str:
    value = value.strip().upper()
    return _FORMER.get(value, value)


_NAMES = None


def most_named(text: str) -> str:
    """Baseline: the country whose plain name the text repeats most."""
    global _NAMES
    if _NAMES is None:
        names = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name"):
                name = getattr(country, attr, None)
                if name and "," not in name and "(" not in name:
                    names[name] = country.alpha_2
        names |= {"U.S.": "US", "Britain": "GB", "Russia": "RU", "Iran": "IR", "Syria": "SY"}
        _NAMES = [(re.compile(r"\b" + re.escape(n) + r"\b"), c) for n, c in names.items()]
    counts = Counter()
    for pattern, code in _NAMES:
        found = len(pattern.findall(text))
        if found:
            counts[code] += found
    return counts.most_common(1)[0][0] if counts else NO_COUNTRY


def failure(gold: str, predicted: str) -> str:
    if predicted == NO_COUNTRY:
        return "no country"
    if gold == NO_COUNTRY:
        return "a country for a story about none"
    if gold == "US":
        return "US story read as abroad"
    if predicted == "US":
        return "story abroad read as US"
    return "another country"


def score_countries(items: list[dict], labels: dict[str, dict], out: dict[str, dict]) -> dict:
    groups: dict[str, dict] = {}
    for group, wanted in (("international", "no"), ("local US", "yes")):
        rows = [i for i in items if labels[i["id"]]["local_us"] == wanted]
        desk = baseline_us = baseline_named = 0
        failures: Counter[str] = Counter()
        tp = fp = fn = 0
        for item in rows:
            label = labels[item["id"]]
            gold = _code(label["gold_primary"])
            predicted = out[item["id"]]["primary_country"] or NO_COUNTRY
            desk += predicted == gold
            if predicted != gold:
                failures[failure(gold, predicted)] += 1
            baseline_us += gold == "US"
            baseline_named += most_named(f"{item['headline']}\n{item['body']}") == gold
            want = {_code(c) for c in label["gold_countries"].split("|")} - {NO_COUNTRY}
            got = set(out[item["id"]]["countries"])
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        n = max(1, len(rows))
        groups[group] = {
            "items": len(rows),
            "desk": desk / n,
            "always US": baseline_us / n,
            "most named country": baseline_named / n,
            "countries micro-F1": 2 * tp / max(1, 2 * tp + fp + fn),
            "failures": dict(failures.most_common()),
        }
    return groups


def score_sectors(items: list[dict], labels: dict[str, dict], out: dict[str, dict]) -> dict:
    health = [i for i in items if labels[i["id"]]["gold_sector"] == "health"]
    outbreaks = [i for i in items if labels[i["id"]]["outbreak"] == "yes"]
    right = sum(out[i["id"]]["sector"] == labels[i["id"]]["gold_sector"] for i in items)
    return {
        "items": len(items),
        "sector right": right / max(1, len(items)),
        "health stories": len(health),
        "health stories into Health": sum(out[i["id"]]["sector"] == "health" for i in health)
        / max(1, len(health)),
        "outbreak reports": len(outbreaks),
        "outbreak reports into Health": sum(out[i["id"]]["sector"] == "health" for i in outbreaks)
        / max(1, len(outbreaks)),
        "outbreak reports, sector as labelled": sum(
            out[i["id"]]["sector"] == labels[i["id"]]["gold_sector"] for i in outbreaks
        )
        / max(1, len(outbreaks)),
    }


def run() -> dict:
    gwn_labels = {f"gwn-{k}": v for k, v in _labels("gwn-*.csv").items()}
    reuters_labels = {f"reuters-{k}": v for k, v in _labels("reuters-health.csv").items()}
    gwn = [i for i in gwn_items() if i["id"] in gwn_labels]
    reuters = reuters_items({k.removeprefix("reuters-") for k in reuters_labels})
    out = {line["id"]: line for line in process_items(gwn + reuters)}
    labels = gwn_labels | reuters_labels
    return {
        "GeoWebNews focus country": score_countries(gwn, labels, out),
        "sector, GeoWebNews": score_sectors(gwn, labels, out),
        "sector, Reuters health set": score_sectors(reuters, labels, out),
        "sector, both": score_sectors(gwn + reuters, labels, out),
    }


def main() -> int:
    if not GWN.exists():
        print(f"no GeoWebNews at {GWN.relative_to(ROOT.parent)}; nothing to measure")
        return 1
    report = run()
    for group, figures in report["GeoWebNews focus country"].items():
        print(
            f"focus country, {group} ({figures['items']} items): desk {figures['desk']:.3f}, "
            f"always US {figures['always US']:.3f}, most named country "
            f"{figures['most named country']:.3f}; countries micro-F1 "
            f"{figures['countries micro-F1']:.3f}; misses: {figures['failures']}"
        )
    for name in ("sector, GeoWebNews", "sector, Reuters health set", "sector, both"):
        f = report[name]
        print(
            f"{name} ({f['items']} items): right {f['sector right']:.3f}; health stories into "
            f"Health {f['health stories into Health']:.3f} of {f['health stories']}; outbreak "
            f"reports into Health {f['outbreak reports into Health']:.3f} of "
            f"{f['outbreak reports']}, as labelled {f['outbreak reports, sector as labelled']:.3f}"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
