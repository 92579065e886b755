"""Catalog queries at scale: what the table view and the filter bar ask for, at 100,000 items.

    python bench/bench_catalog.py [--count 100000]

Builds (once, cached under bench/out/) a catalog of synthetic items through the public API,
then prints the time of each query the UI makes per keystroke or scroll. BENCH_QUICK=1 makes
the default count 20,000.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.catalog import Catalog  # noqa: E402
from app.model import EmbeddedField, FileFacts, Finding, ReadResult, Severity  # noqa: E402

WORDS = ("border refugees parliament election storm flood match final protest summit harbour "
         "minister strike festival wildfire rescue vote rally market bridge").split()
CITIES = ("Oslo", "Siret", "Kyiv", "Lyon", "Bergen", "Málaga", "Zürich", "Gdańsk")
AGENCIES = ("Reuters", "AP", "AFP", "Getty Images", "EPA", "Anadolu")
NAMES = ("Vadim Ghirda", "Ann Lee", "Bo Chu", "Łukasz Głowala", "Maria Costa", "Tom Ek")


def reading(n: int, rnd: random.Random) -> ReadResult:
    words = " ".join(rnd.choice(WORDS) for _ in range(25))
    agency = rnd.choice(AGENCIES)
    values = {"caption": f"{rnd.choice(CITIES)}, photo {n}: {words}. ({agency})",
              "headline": " ".join(rnd.choice(WORDS) for _ in range(5)),
              "creators": [rnd.choice(NAMES)], "source": agency, "credit_line": agency,
              "city": rnd.choice(CITIES), "keywords": rnd.sample(WORDS, 3)}
    fields = {k: EmbeddedField(k, v, "xmp", {"xmp": v}) for k, v in values.items()}
    facts = FileFacts(f"/photos/{n // 1000:03d}/{n:06d}.jpg", 4_000_000, n, f"{n:064x}", "JPEG", 6000, 4000, 1)
    return ReadResult(facts, fields)


def build(path: Path, count: int) -> Catalog:
    cat = Catalog.open(path)
    have = cat.count_items()
    if have >= count:
        return cat
    rnd = random.Random(have)
    started = time.perf_counter()
    for start in range(have, count, 1000):
        with cat.batch():
            for n in range(start, min(count, start + 1000)):
                cat.apply_read(reading(n, rnd))
    ids = cat.item_ids()
    with cat.batch():
        cat.store_findings({i: [Finding("x", Severity.ERROR, "caption", "m")] if i % 7 == 0 else []
                            for i in ids})
        g = cat.create_gallery(f"big-{count}")
        cat.add_to_gallery(g.id, ids[:: max(1, len(ids) // 300)][:300])
    print(f"built {count} items in {time.perf_counter() - started:.1f} s (cached for next time)")
    return cat


def timed(label: str, fn, repeat: int = 5) -> None:
    best = float("inf")
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    size = len(result) if hasattr(result, "__len__") else result
    print(f"{label:<48} {best * 1000:8.1f} ms  ({size} results)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=20_000 if os.environ.get("BENCH_QUICK") else 100_000)
    args = ap.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    cat = build(out / f"catalog-{args.count}.sqlite", args.count)
    gallery = f"big-{args.count}"
    print(f"catalog: {cat.count_items()} items, {cat.path.stat().st_size / 2**20:.0f} MiB")
    timed("item_ids() all", lambda: cat.item_ids())
    timed("item_ids(sort='caption')", lambda: cat.item_ids(sort="caption"))
    timed("item_ids(sort='caption', descending)", lambda: cat.item_ids(sort="caption", descending=True))
    timed("item_ids(sort='creators')", lambda: cat.item_ids(sort="creators"))
    timed("item_ids(sort='caption', search='vad')", lambda: cat.item_ids(sort="caption", search="vad"))
    timed("item_ids(sort='added', descending)", lambda: cat.item_ids(sort="added", descending=True))
    timed("item_ids(search='vad') prefix", lambda: cat.item_ids(search="vad"))
    timed("item_ids(search='zurich flood bord')", lambda: cat.item_ids(search="zurich flood bord"))
    timed("item_ids(agency='getty')", lambda: cat.item_ids(agency="getty"))
    timed("item_ids(photographer='ghirda')", lambda: cat.item_ids(photographer="ghirda"))
    timed("item_ids(status='error')", lambda: cat.item_ids(status="error"))
    timed("item_ids(recent=True)", lambda: cat.item_ids(recent=True))
    timed("item_ids(gallery) 300 in order", lambda: cat.item_ids(gallery=gallery))
    ids = cat.item_ids()
    mid = len(ids) // 2
    timed("items(60 visible rows)", lambda: cat.items(ids[mid:mid + 60]))
    timed("items(60 visible rows, details=False)", lambda: cat.items(ids[mid:mid + 60], details=False))
    timed("findings(60 visible rows)", lambda: cat.findings(ids[mid:mid + 60]))
    timed("distinct_values('creators')", lambda: cat.distinct_values("creators"))
    timed("stale_item_ids(limit=500)", lambda: cat.stale_item_ids(limit=500))
    timed("set_fields (one edit)", lambda: cat.set_fields(ids[mid], {"city": f"x{time.perf_counter()}"}))
    cat.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
