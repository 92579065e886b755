"""Every finding of the rules on a fixed set of items, as JSON: the check that a speed-up
changed no finding.

    python bench/golden_rules.py OUT.json        # then: cmp OUT.json BEFORE.json

Items: bench_rules.build_items(30000, seed) for seeds 1 and 2 (check_item with
bench_rules.bench_context()), and every record of tests/data/captions_labelled.jsonl,
grouped by gallery and checked with check_gallery as app.rules.labelled.evaluate does.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_rules  # noqa: E402

from app.model import Finding  # noqa: E402
from app.rules import check_gallery, check_item, make_context  # noqa: E402
from app.rules.labelled import _item, load  # noqa: E402


def row(f: Finding) -> list:
    fix = f.fix
    return [f.item_id, f.rule, f.severity.value, f.field, f.message, f.start, f.end,
            None if fix is None else [fix.label, fix.field, fix.start, fix.end, fix.replacement]]


def corpus(seed: int, count: int = 30000) -> list:
    items = bench_rules.build_items(count, seed)[0]
    ctx = bench_rules.bench_context()
    return [[row(f) for f in check_item(it, ctx)] for it in items]


def labelled() -> list:
    records = load(ROOT / "tests" / "data" / "captions_labelled.jsonl")
    groups: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        groups[rec.get("gallery") or f"#{i}"].append(i)
    out: dict[int, list] = {}
    for members in groups.values():
        publish = records[members[0]].get("publish_date")
        ctx = make_context(publish_date=dt.date.fromisoformat(publish) if publish else dt.date(2026, 1, 1))
        found = check_gallery([_item(i, records[i]) for i in members], ctx)
        for i in members:
            out[i] = [row(f) for f in found.get(i, [])]
        # check_item on its own too: the path the inspector takes, without gallery data
        for i in members:
            out[i].append([row(f) for f in check_item(_item(i, records[i]), ctx)])
    return [[records[i]["id"], out[i]] for i in sorted(out)]


if __name__ == "__main__":
    result = {"labelled": labelled(), "seed1": corpus(1), "seed2": corpus(2)}
    Path(sys.argv[1]).write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")
    n = sum(len(x) for k in ("seed1", "seed2") for x in result[k])
    print(f"{n} corpus findings, {len(result['labelled'])} labelled records -> {sys.argv[1]}")
