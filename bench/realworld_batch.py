"""The four real-caption measures for one batch of records, chosen by id prefix.

    python bench/realworld_batch.py u1            # records whose id starts with "u1-"
    python bench/realworld_batch.py --split test --exclude u1   # the test split without batch u1

Prints exact parse, defect recall, clean captions given an error, clean captions given a warning
(as bench/bench_credits.py and bench/bench_rules.py compute them, bench/realworld_eval.py), and the
kinds of parse misses. Aggregates only: no record of the test split is listed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import realworld_eval as rwe  # noqa: E402

from app.credits import parse_credits  # noqa: E402
from app.model import Item  # noqa: E402
from app.rules import check_item, make_context  # noqa: E402


def measure(recs: list[dict]) -> rwe.SplitResult:
    rwe.full_prepare()(None)
    ctx = make_context(publish_date=rwe.PUBLISH)
    reg = ctx.registry
    res = rwe.SplitResult(records=len(recs))
    for n, rec in enumerate(recs):
        text = rec["text"]
        want = [rwe.label_key(c, reg) for c in rec["credits"]]
        have = [rwe.credit_key(c, reg) for c in parse_credits(text, "caption")]
        good = want == have
        res.exact.add(good)
        res.by_lang[rec["lang"]].add(good)
        if not good:
            res.miss_kinds[rwe.miss_kind(want, have)] += 1
        found = check_item(Item(id=n, path=None, kind="caption", fields={"caption": text}), ctx)
        rwe._score(res, {f.rule for f in found}, set(rec["defects"]), found)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prefix", nargs="?", help="id prefix of the batch (without the dash)")
    ap.add_argument("--split", choices=rwe.SPLITS, help="all records of a split instead")
    ap.add_argument("--exclude", action="append", default=[], help="leave out records with this id prefix")
    a = ap.parse_args()
    recs = rwe.realworld.load(a.split)
    if a.prefix:
        recs = [r for r in recs if r["id"].startswith(a.prefix + "-")]
    recs = [r for r in recs if not any(r["id"].startswith(x + "-") for x in a.exclude)]
    if not recs:
        sys.exit("no records")
    res = measure(recs)
    label = (a.prefix or a.split or "all") + "".join(f" minus {x}" for x in a.exclude)
    print(f"{label}: {res.records} records, {len({r['url'] for r in recs})} pages, {len({r['site'] for r in recs})} sites")
    print(f"  exact parse                    {res.exact}")
    print(f"  defect recall                  {res.recall}")
    print(f"  clean captions given an error  {rwe.pct(res.clean_error, res.clean)}")
    print(f"  clean captions given a warning {rwe.pct(res.clean_warning, res.clean)}")
    print("  exact parse by language: " + ", ".join(f"{k} {v}" for k, v in sorted(res.by_lang.items())))
    print("  parse misses by kind: " + ", ".join(f"{k} {v}" for k, v in res.miss_kinds.most_common()))
    print("  recall by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(res.recall_by_rule.items())))
    print("  errors on clean captions by rule: " + ", ".join(f"{k} {v}" for k, v in res.clean_error_rules.most_common()))
    print("  warnings on clean captions by rule: " + ", ".join(f"{k} {v}" for k, v in res.clean_warning_rules.most_common()))
    print("  findings of a labellable rule on captions not labelled with it: "
          + ", ".join(f"{k} {v}" for k, v in res.extra_by_rule.most_common()))


if __name__ == "__main__":
    main()
