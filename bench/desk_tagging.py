"""Benchmark story tagging against the gold places and topics of Reuters-21578.

Runs ``tag_item`` on every story of the corpus in ``../shared/data/reuters-21578`` (relative
to the repository root) and reports:

(a) primary-country accuracy: the primary country is one of the gold places, over the
    datelined stories that have gold places;
(b) micro-averaged precision, recall and F1 of the mentioned countries against gold places;
(c) sector accuracy over stories whose topics all fall in one of three clear groups
    (agriculture, energy, economy);
and the tagging speed. Results go to ``bench/results/desk_tagging.json``.

    python bench/desk_tagging.py [--limit N]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.desk.core.tagging import tag_item  # noqa: E402
from dateline.wire.item import Dateline, WireItem  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "reuters-21578"
RESULTS = ROOT / "bench" / "results" / "desk_tagging.json"

TARGET_PRIMARY = 0.97
TARGET_F1 = 0.90
TARGET_SECTOR = 0.90

# Reuters place codes (1987) → ISO 3166 alpha-2 of today's country.
REUTERS_PLACES = {
    "afghanistan": "AF", "algeria": "DZ", "angola": "AO", "antigua": "AG",
    "argentina": "AR", "aruba": "AW", "australia": "AU", "austria": "AT",
    "bahamas": "BS", "bahrain": "BH", "bangladesh": "BD", "barbados": "BB",
    "belgium": "BE", "benin": "BJ", "bermuda": "BM", "bhutan": "BT", "bolivia": "BO",
    "botswana": "BW", "brazil": "BR", "brunei": "BN", "bulgaria": "BG",
    "burkina-faso": "BF", "burma": "MM", "cameroon": "CM", "canada": "CA",
    "cayman-islands": "KY", "chad": "TD", "chile": "CL", "china": "CN",
    "colombia": "CO", "congo": "CG", "costa-rica": "CR", "cuba": "CU", "cyprus": "CY",
    "czechoslovakia": "CZ", "denmark": "DK", "djibouti": "DJ",
    "dominican-republic": "DO", "east-germany": "DE", "ecuador": "EC", "egypt": "EG",
    "el-salvador": "SV", "ethiopia": "ET", "fiji": "FJ", "finland": "FI", "france": "FR",
    "gabon": "GA", "ghana": "GH", "greece": "GR", "guam": "GU", "guatemala": "GT",
    "guinea": "GN", "guyana": "GY", "haiti": "HT", "honduras": "HN", "hong-kong": "HK",
    "hungary": "HU", "iceland": "IS", "india": "IN", "indonesia": "ID", "iran": "IR",
    "iraq": "IQ", "ireland": "IE", "israel": "IL", "italy": "IT", "ivory-coast": "CI",
    "jamaica": "JM", "japan": "JP", "jordan": "JO", "kampuchea": "KH", "kenya": "KE",
    "kuwait": "KW", "lebanon": "LB", "lesotho": "LS", "liberia": "LR", "libya": "LY",
    "liechtenstein": "LI", "luxembourg": "LU", "madagascar": "MG", "malawi": "MW",
    "malaysia": "MY", "malta": "MT", "mauritania": "MR", "mauritius": "MU",
    "mexico": "MX", "morocco": "MA", "mozambique": "MZ", "namibia": "NA", "nepal": "NP",
    "netherlands": "NL", "new-zealand": "NZ", "nicaragua": "NI", "niger": "NE",
    "nigeria": "NG", "north-korea": "KP", "norway": "NO", "oman": "OM",
    "pakistan": "PK", "panama": "PA", "papua-new-guinea": "PG", "paraguay": "PY",
    "peru": "PE", "philippines": "PH", "poland": "PL", "portugal": "PT", "qatar": "QA",
    "romania": "RO", "rwanda": "RW", "saudi-arabia": "SA", "senegal": "SN",
    "sierra-leone": "SL", "singapore": "SG", "somalia": "SO", "south-africa": "ZA",
    "south-korea": "KR", "spain": "ES", "sri-lanka": "LK", "sudan": "SD",
    "suriname": "SR", "swaziland": "SZ", "sweden": "SE", "switzerland": "CH",
    "syria": "SY", "taiwan": "TW", "tanzania": "TZ", "thailand": "TH", "togo": "TG",
    "trinidad-tobago": "TT", "tunisia": "TN", "turkey": "TR", "uae": "AE",
    "uganda": "UG", "uk": "GB", "uruguay": "UY", "us-virgin-islands": "VI", "usa": "US",
    "ussr": "RU", "vanuatu": "VU", "venezuela": "VE", "vietnam": "VN",
    "west-germany": "DE", "yemen-arab-republic": "YE", "yemen-demo-republic": "YE",
    "yugoslavia": "RS", "zaire": "CD", "zambia": "ZM", "zimbabwe": "ZW",
}  # fmt: skip

# Reuters topics grouped by the sector that should follow from them.
TOPIC_GROUPS = {
    "agro-forestry": {
        "grain", "wheat", "corn", "soybean", "sugar", "coffee", "cocoa", "livestock",
        "oilseed", "veg-oil", "rice", "cotton", "barley", "meal-feed", "rubber", "palm-oil",
        "sorghum", "rapeseed", "orange", "soy-meal", "hog", "soy-oil", "sunseed", "tea",
        "oat", "groundnut", "l-cattle", "carcass", "sun-oil", "rape-oil", "coconut-oil",
        "potato", "coconut", "tapioca", "pork-belly", "copra-cake", "palmkernel",
        "cotton-oil", "f-cattle", "linseed", "lin-oil", "rye", "groundnut-oil",
        "cornglutenfeed", "wool", "fishmeal", "castor-oil", "sun-meal", "red-bean",
        "citruspulp", "rape-meal", "corn-oil", "castorseed", "cottonseed", "lin-meal",
        "lumber", "plywood",
    },
    "energy-extractives": {"crude", "nat-gas", "fuel", "gas", "heat", "jet", "naphtha", "propane"},
    "economy-business": {
        "money-fx", "interest", "trade", "gnp", "earn", "acq", "money-supply", "dlr", "bop",
        "cpi", "reserves", "jobs", "ipi", "wpi", "retail", "income", "lei", "yen", "stg",
        "dmk", "instal-debt", "inventories", "austdlr", "nzdlr", "saudriyal", "dfl", "rand",
        "lit", "nkr", "sfr", "peseta", "ringgit", "rupiah", "skr", "dkr", "cruzado", "bfr",
        "hk", "can",
    },
}  # fmt: skip

_DATELINE_CITY = re.compile(r"^\s*([^,]+?)\s*(?:,|$)")


def load_stories(limit: int | None = None) -> list[dict]:
    stories: list[dict] = []
    for path in sorted(CORPUS.glob("*.json")):
        stories.extend(json.loads(path.read_text(encoding="utf-8")))
        if limit and len(stories) >= limit:
            break
    return stories[:limit] if limit else stories


def to_item(story: dict, n: int) -> WireItem:
    """A wire item as a parser would give it: text unescaped, no gold labels attached."""
    body = html.unescape(story.get("body") or "")
    body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", body).replace("\x03", "")
    dateline = (story.get("dateline") or "").strip()
    m = _DATELINE_CITY.match(dateline)
    city = m.group(1).title() if m and dateline else ""
    return WireItem(
        agency="reuters",
        guid=f"reuters-{story.get('attrs', {}).get('newid', n)}",
        headline=html.unescape(story.get("title") or ""),
        dateline=Dateline(text=dateline, city=city),
        body_text=body,
    )


def sector_group(topics: list[str]) -> str | None:
    groups = {g for t in topics for g, members in TOPIC_GROUPS.items() if t in members}
    if len(groups) != 1 or any(not any(t in m for m in TOPIC_GROUPS.values()) for t in topics):
        return None
    return groups.pop()


def run(limit: int | None = None, show_errors: int = 0) -> dict:
    stories = load_stories(limit)
    items = [to_item(s, n) for n, s in enumerate(stories)]
    tag_item(items[0])  # build the gazetteer and automata outside the timing
    start = time.perf_counter()
    tags = [tag_item(item) for item in items]
    elapsed = time.perf_counter() - start

    primary_total = primary_ok = 0
    tp = fp = fn = 0
    sector_total = sector_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    unknown_places: Counter[str] = Counter()
    for story, item, tag in zip(stories, items, tags, strict=True):
        gold = set()
        for place in story.get("places") or []:
            code = REUTERS_PLACES.get(place)
            if code:
                gold.add(code)
            else:
                unknown_places[place] += 1
        if gold:
            predicted = set(tag.countries)
            tp += len(predicted & gold)
            fp += len(predicted - gold)
            fn += len(gold - predicted)
            if item.dateline.text:
                primary_total += 1
                if tag.primary_country in gold:
                    primary_ok += 1
                elif len(errors) < show_errors:
                    errors.append(
                        f"{item.guid} {item.dateline.text!r} gold={sorted(gold)} "
                        f"got={tag.primary_country} {tag.countries} | {item.headline}"
                    )
        expected = sector_group(story.get("topics") or [])
        if expected:
            sector_total += 1
            if tag.sector == expected:
                sector_ok += 1
            else:
                confusion[(expected, str(tag.sector))] += 1

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "stories": len(stories),
        "primary_country": {
            "datelined_with_gold": primary_total,
            "correct": primary_ok,
            "accuracy": round(primary_ok / primary_total, 4) if primary_total else None,
            "target": TARGET_PRIMARY,
        },
        "countries": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "micro_f1": round(f1, 4),
            "target_f1": TARGET_F1,
        },
        "sector": {
            "stories": sector_total,
            "correct": sector_ok,
            "accuracy": round(sector_ok / sector_total, 4) if sector_total else None,
            "target": TARGET_SECTOR,
            "confusions": {f"{e}->{g}": n for (e, g), n in confusion.most_common(10)},
        },
        "speed": {
            "seconds": round(elapsed, 3),
            "ms_per_item": round(1000 * elapsed / len(items), 4) if items else None,
        },
        "unmapped_places": dict(unknown_places),
    }
    if errors:
        result["primary_errors_sample"] = errors
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--errors", type=int, default=0, help="print N primary-country misses")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"Reuters-21578 not found at {CORPUS}; nothing to measure.")
        return 2
    result = run(args.limit, args.errors)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    p, c, s, sp = result["primary_country"], result["countries"], result["sector"], result["speed"]
    print(f"stories: {result['stories']}")
    print(
        f"(a) primary country in gold places: {p['accuracy']:.2%} "
        f"of {p['datelined_with_gold']} datelined stories (target {TARGET_PRIMARY:.0%})"
    )
    print(
        f"(b) mentioned countries: P {c['precision']:.3f} R {c['recall']:.3f} "
        f"micro-F1 {c['micro_f1']:.3f} (target {TARGET_F1})"
    )
    print(
        f"(c) sector right: {s['accuracy']:.2%} of {s['stories']} single-group stories "
        f"(target {TARGET_SECTOR:.0%}); top confusions {s['confusions']}"
    )
    print(f"speed: {sp['ms_per_item']} ms per item ({sp['seconds']} s)")
    for line in result.get("primary_errors_sample", []):
        print("  miss:", line)
    print(f"written to {RESULTS.relative_to(ROOT)}")
    ok = (
        (p["accuracy"] or 0) >= TARGET_PRIMARY
        and c["micro_f1"] >= TARGET_F1
        and (s["accuracy"] or 0) >= TARGET_SECTOR
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
