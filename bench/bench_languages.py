"""Captions in other languages than English, on the real published captions (tests/data/realworld,
both splits, aggregate figures only): how many of each language the spelling rule takes to be in
another language (one "spelling not checked" note) and how many word notes the rest get; the
German and Spanish weekday dates weekday-mismatch reads (find_local_dates) and the findings it
gives on them; and the CPU cost a caption of spelling_rule, find_dates and find_local_dates
(best of 5, so other load on the machine counts little).

    PYTHONPATH=. .venv/bin/python bench/bench_languages.py
"""

from __future__ import annotations

import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.model import Item  # noqa: E402
from app.rules import check_item, make_context  # noqa: E402
from app.rules.datefind import find_dates, find_local_dates  # noqa: E402
from app.rules.spelling import spelling_rule  # noqa: E402


def records() -> list[dict]:
    return [json.loads(line) for p in sorted((ROOT / "tests/data/realworld").glob("*/*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def best_of(fn, args: list, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        for a in args:
            fn(*a)
        best = min(best, time.process_time() - t)
    return best / len(args) * 1e6


def main() -> None:
    recs = records()
    ctx = make_context()
    items = [(Item(id=1, path=None, kind="caption", fields={"caption": r["text"]}), ctx) for r in recs]
    by: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    for r, (item, _c) in zip(recs, items, strict=True):
        notes = spelling_rule(item, ctx)
        row = by[r.get("lang", "?")]
        row[0] += 1
        row[1] += any(f.message.startswith("spelling not checked") for f in notes)
        row[2] += sum(1 for f in notes if not f.message.startswith("spelling not checked"))
    print(f"spelling on {len(recs)} real captions: language, records, taken to be in another language, word notes")
    for lang, (n, foreign, words) in sorted(by.items(), key=lambda kv: -kv[1][0])[:12]:
        print(f"  {lang:4} {n:5} {foreign:5} {words:6}")
    local = [(r, d) for r in recs for d in find_local_dates(r["text"])]
    langs = collections.Counter(d.language for _r, d in local)
    wrong = sum(1 for r, _d in local for f in check_item(Item(id=1, path=None, kind="caption",
                                                               fields={"caption": r["text"]}), ctx)
                if f.rule == "weekday-mismatch")
    print(f"weekday dates in another language: {len(local)} ({dict(langs)}), weekday-mismatch findings on them: {wrong}")
    texts = [(r["text"],) for r in recs]
    print(f"CPU a real caption: spelling_rule {best_of(spelling_rule, items):.1f} us, "
          f"find_dates {best_of(find_dates, texts):.1f} us, find_local_dates {best_of(find_local_dates, texts):.1f} us")


if __name__ == "__main__":
    main()
