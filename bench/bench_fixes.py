"""Are the fixes the rules offer right? Judged on the real published captions (tests/data/realworld),
development and frozen test split side by side, by checks that need no new labels.

    PYTHONPATH=. .venv/bin/python bench/bench_fixes.py [--dump FILE.jsonl] [--list]

Every real caption is checked as an item whose caption is its text and nothing else (as
bench_rules does); each finding that offers a fix has it applied on its own (``Fix.apply``) and
the caption checked again. Per rule:

- findings, and findings with a fix;
- stays: the result still has the same finding (same rule and message: the fix did not fix);
- breaks: the result has an error or warning, of any rule, that the caption had not (counted per
  rule and severity, as tests/test_rules_fixes.py does);
- outside: the fix changed text outside the sentence that holds the finding's span (and its own);
- empty: the replacement is blank though the fix is not a removal (its label does not say
  "Remove" or "Tidy");
- junk: the result has more of what a removal or rewrite may leave behind than the caption had
  (two marks run together, empty brackets, an empty line, a doubled blank, a blank at either end);
- loses: a labelled photographer or organisation (tests/data/realworld labels: photographers as
  written, organisations and distributor through the registry's canonical name, case-folded)
  that the parse of the caption had is no longer in the parse of the result.

Then several fixes of a caption at once: two or more of one rule as "Apply this fix everywhere"
does (``app.fixes.apply_fixes``: a tidy of blanks split into the blanks it changes, overlapping
removals merged, last span first), and every fix of a caption as "Apply every fix of the photo"
does (``app.fixes.fix_all``: those, then the caption checked again and what is offered next
applied, up to ``FIX_ROUNDS`` rounds): stays (any finding fixed still there), fixable (a finding
that offers a fix is left: of the same rule, or of any rule), breaks, loses.

The hand-read verdicts (bench/fix_labels.jsonl: every development fix the rules offered at commit
2f9232e, read as a picture editor would, "good" / "wrong" / "debatable" with why, and what the
fix is now; each debatable one later decided, "decision" good or wrong with "decided" saying why)
are summed per rule at the end.

``--dump`` writes every development fix (record id, rule, label, span, the caption before and
after, the flags above) as JSON lines for reading by hand; ``--list`` prints the flagged
development fixes. The test split is only ever counted, never listed nor dumped
(tests/data/README.md: no code change is made for a test record).
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import realworld  # noqa: E402
import realworld_eval as rw  # noqa: E402

from app.credits import parse_credits  # noqa: E402
from app.model import Finding, Item, Severity  # noqa: E402
from app.rules import check_item, make_context  # noqa: E402

FLAGS = ("stays", "breaks", "outside", "empty", "loses", "junk")
# What a removal or rewrite may leave behind that neither the text nor the fix meant: two marks run
# together (".:", "..", ",,"), empty brackets, an empty line, a doubled blank, a blank at either end.
JUNK = re.compile(r"[.,;:][.:,;](?<!\.\.\.)|(?<!\.)\.\.(?!\.)|\(\s*\)|\[\s*\]|\n[ \t]*\n[ \t]*\n|(?<=\S) {2,}(?=\S)|^\s|\s$")
KEPT = (Severity.ERROR, Severity.WARNING)
# Where a sentence ends: a full stop, ! or ? before a blank, or a line break.
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentences that hold ``text[start:end]``."""
    lo = 0
    for m in SENTENCE_END.finditer(text, 0, max(0, start)):
        if m.end() <= start:
            lo = m.end()
    m = SENTENCE_END.search(text, max(end, start + 1) if end > start else end)
    hi = m.end() if m else len(text)
    return lo, hi


def changed_spans(before: str, after: str) -> list[tuple[int, int]]:
    """The spans of ``before`` that differ in ``after`` (an insertion is an empty span)."""
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(i1, i2) for op, i1, i2, _j1, _j2 in sm.get_opcodes() if op != "equal"]


def outside(before: str, after: str, f: Finding) -> bool:
    """Whether the fix changed text outside the sentence of the finding's span (and its own)."""
    fix = f.fix
    s = fix.start if f.start is None else min(f.start, fix.start)
    e = fix.end if f.end is None else max(f.end, fix.end)
    if fix.start == 0 and fix.end == len(before) and f.start is not None:
        s, e = f.start, f.end  # a fix that rewrites the whole field: judged by its finding's span
    lo, hi = sentence_bounds(before, s, e)
    return any(a < lo or b > hi for a, b in changed_spans(before, after))


def is_removal(label: str) -> bool:
    return label.startswith(("Remove", "Tidy"))


def same(found: list[Finding], f: Finding) -> int:
    """How many findings in ``found`` are ``f`` again (same rule and message: two stray spaces
    in one credit give two findings of one message, and fixing one leaves the other)."""
    return sum(g.rule == f.rule and g.message == f.message for g in found)


def name_key(name: str) -> str:
    """A name as the comparison sees it: case and spaces aside, so a fix that writes
    "JohnTlumacki" as "John Tlumacki" or "ADA BRIN" as "Ada Brin" keeps it."""
    return "".join(name.split()).casefold()


def label_names(rec: dict, reg) -> set[tuple[str, str]]:
    out = set()
    for c in rec["credits"]:
        out |= {("ph", name_key(p)) for p in c["photographers"]}
        out |= {("org", name_key(rw.org_key(o, reg))) for o in c["organisations"]}
        if c["distributor"]:
            out.add(("org", name_key(rw.org_key(c["distributor"], reg))))
    return out


def parsed_names(text: str, reg) -> set[tuple[str, str]]:
    out = set()
    for c in parse_credits(text, "caption"):
        out |= {("ph", name_key(p)) for p in c.photographers}
        out |= {("org", name_key(rw.org_key(o, reg))) for o in [*c.agencies, c.distributor] if o}
    return out


def junk(text: str) -> int:
    return len(JUNK.findall(text))


def kept(found: list[Finding]) -> Counter:
    return Counter((f.rule, f.severity.value) for f in found if f.severity in KEPT)


@dataclasses.dataclass
class Split:
    records: int = 0
    findings: Counter = dataclasses.field(default_factory=Counter)
    fixes: Counter = dataclasses.field(default_factory=Counter)
    flags: dict[str, Counter] = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    flagged_any: Counter = dataclasses.field(default_factory=Counter)
    broke_with: Counter = dataclasses.field(default_factory=Counter)  # (rule fixed, rule added)
    # fixes applied at once: "rule" (two or more of one rule on a caption, as "Apply this fix
    # everywhere" does), "all" (every fix of a caption whose fixes come from two or more rules)
    at_once: dict[str, Counter] = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    rows: list[dict] = dataclasses.field(default_factory=list)  # dev only


def run(split: str, keep_rows: bool) -> Split:
    from app.fixes import apply_fixes, fix_all  # noqa: PLC0415 - the session's own way of applying several

    recs = realworld.load(split)
    ctx = make_context(publish_date=rw.PUBLISH)
    rw.full_prepare()(None)
    reg = ctx.registry
    res = Split(records=len(recs))

    def check(text: str) -> list[Finding]:
        return check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)

    for rec in recs:
        text = rec["text"]
        found = check(text)
        base = kept(found)
        labels = label_names(rec, reg)
        had = parsed_names(text, reg) & labels
        caption_fixes = []
        for f in found:
            res.findings[f.rule] += 1
            if f.fix is None or f.fix.field != "caption":
                continue
            res.fixes[f.rule] += 1
            caption_fixes.append(f)
            after_text = f.fix.apply(text)
            after = check(after_text)
            stays = same(after, f) >= same(found, f)
            added = kept(after) - base
            flags = {
                "stays": stays,
                "breaks": bool(added),
                "outside": outside(text, after_text, f),
                "empty": not f.fix.replacement.strip() and text[f.fix.start:f.fix.end].strip() != ""
                and not is_removal(f.fix.label),
                "loses": bool(had - parsed_names(after_text, reg)),
                "junk": junk(after_text) > junk(text),
            }
            for k, on in flags.items():
                res.flags[k][f.rule] += on
            res.flagged_any[f.rule] += any(flags.values())
            for (r, _sev), n in added.items():
                res.broke_with[(f.rule, r)] += n
            if keep_rows:
                res.rows.append({
                    "id": rec["id"], "rule": f.rule, "severity": f.severity.value, "message": f.message,
                    "label": f.fix.label, "start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement,
                    "before": text, "after": after_text, "flags": sorted(k for k, on in flags.items() if on),
                    "added": sorted(f"{r} ({s})" for r, s in added),
                    "lost": sorted(f"{k}:{v}" for k, v in had - parsed_names(after_text, reg)),
                })
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in caption_fixes:
            groups[f.rule].append(f)
        # "Apply this fix everywhere": every fix of one rule on the caption at once
        batches = [("rule", fs) for fs in groups.values() if len(fs) >= 2]
        if len(caption_fixes) >= 2 and len(groups) >= 2:
            batches.append(("all", caption_fixes))  # every fix of the caption, whatever its rule
        for mode, fs in batches:
            tally = res.at_once[mode]
            tally["captions"] += 1
            if mode == "all":  # Session.apply_all_fixes: every fix, re-checked, what is offered next
                item = Item(id=1, path=None, kind="caption", fields={"caption": text})
                after_text = fix_all(item, ctx, found).get("caption", text)
            else:
                after_text = apply_fixes(text, "caption", [f.fix for f in fs])
            if after_text is None:
                tally["refused"] += 1
                continue
            after = check(after_text)
            flags = {
                "stays": any(same(after, f) >= same(found, f) for f in fs),
                "breaks": bool(kept(after) - base),
                "loses": bool(had - parsed_names(after_text, reg)),
                # what a desk sees after fixing: a finding (of that rule, or of any) still offering a fix
                "fixable": any(g.fix is not None and g.fix.field == "caption"
                               and (mode == "all" or g.rule == fs[0].rule) for g in after),
            }
            for k, on in flags.items():
                tally[k] += on
            tally["any"] += any(flags.values())
            if keep_rows:
                res.rows.append({
                    "id": rec["id"], "rule": f"(at once: {fs[0].rule if mode == 'rule' else 'every rule'})",
                    "label": " + ".join(f.fix.label for f in fs),
                    "before": text, "after": after_text, "flags": sorted(k for k, on in flags.items() if on),
                    "added": sorted(f"{r} ({s})" for r, s in kept(after) - base),
                    "lost": sorted(f"{k}:{v}" for k, v in had - parsed_names(after_text, reg)),
                })
    return res


def cell(n: int, of: int) -> str:
    return f"{n}/{of}" if of else "–"


def report(dev: Split, test: Split) -> None:
    print(f"fixes on the real captions (tests/data/realworld): dev {dev.records} records, test {test.records}")
    print("  each fix applied on its own, the caption checked again; figures are dev | test")
    heads = ("findings", "with fix", *FLAGS, "any flag")
    print(f"  {'rule':24}" + "".join(f" {h:>17}" for h in heads))
    rules = sorted(set(dev.fixes) | set(test.fixes))
    for r in rules:
        vals = [f"{dev.findings[r]} | {test.findings[r]}", f"{dev.fixes[r]} | {test.fixes[r]}"]
        vals += [f"{dev.flags[k][r]} | {test.flags[k][r]}" for k in FLAGS]
        vals.append(f"{dev.flagged_any[r]} | {test.flagged_any[r]}")
        print(f"  {r:24}" + "".join(f" {v:>17}" for v in vals))
    tot = [f"{sum(dev.fixes.values())} | {sum(test.fixes.values())}"]
    tot += [f"{sum(dev.flags[k].values())} | {sum(test.flags[k].values())}" for k in FLAGS]
    tot.append(f"{sum(dev.flagged_any.values())} | {sum(test.flagged_any.values())}")
    print(f"  {'all rules':24} {f'{sum(dev.findings.values())} | {sum(test.findings.values())}':>17}"
          + "".join(f" {v:>17}" for v in tot))
    for name, s in (("dev", dev), ("test", test)):
        if s.broke_with:
            print(f"  {name}: what the fixes added (rule fixed -> rule added): "
                  + ", ".join(f"{a} -> {b} {n}" for (a, b), n in sorted(s.broke_with.items())))
    print("  fixes applied at once (app.fixes.apply_fixes: a tidy split into its blanks, overlapping removals"
          " merged, else the first kept; every fix of a caption: app.fixes.fix_all, re-checked up to"
          " FIX_ROUNDS rounds), dev | test:")
    for mode, what in (("rule", "two or more fixes of one rule on a caption (Apply this fix everywhere)"),
                       ("all", "every fix of a caption whose fixes come from two or more rules")):
        d, t = dev.at_once[mode], test.at_once[mode]
        print(f"    {what}: " + ", ".join(
            f"{k} {cell(d[k], d['captions'])} | {cell(t[k], t['captions'])}"
            for k in ("stays", "fixable", "breaks", "loses", "refused", "any")))


LABELS = ROOT / "bench" / "fix_labels.jsonl"


def labels_report() -> None:
    if not LABELS.exists():
        return
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        by_rule[r["rule"]][r["verdict"]] += 1
        by_rule[r["rule"]]["changed since" if r["now"] != "same fix" else "same"] += r["verdict"] != "good"
        if r.get("decision"):  # a debatable one decided later (round 2): good as offered, or wrong
            by_rule[r["rule"]][f"decided {r['decision']}"] += 1
    print(f"  hand-read dev fixes ({LABELS.relative_to(ROOT)}, {len(rows)} fixes as first offered): "
          "good / wrong / debatable, good share; of the wrong and debatable, how many the rules now fix "
          "otherwise or leave without a fix; the debatable as decided since (good / wrong)")
    for rule, c in sorted(by_rule.items()):
        n = c["good"] + c["wrong"] + c["debatable"]
        print(f"    {rule:24} {c['good']:4} {c['wrong']:4} {c['debatable']:4}   {c['good'] / n:5.0%}   "
              f"{c['changed since']}/{c['wrong'] + c['debatable']} changed   "
              f"decided {c['decided good']} / {c['decided wrong']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dump", type=Path, help="write every dev fix as JSON lines here")
    ap.add_argument("--list", action="store_true", help="print the flagged development fixes")
    args = ap.parse_args()
    t0 = time.perf_counter()
    dev = run("dev", keep_rows=True)
    test = run("test", keep_rows=False)
    report(dev, test)
    labels_report()
    print(f"  ({time.perf_counter() - t0:.1f} s)")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for row in dev.rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.list:
        for row in dev.rows:
            if row["flags"]:
                print(f"\n{row['id']} {row['rule']} {row['flags']} {row['label']!r} added={row['added']} "
                      f"lost={row['lost']}")
                print(f"  before …{row['before'][-220:]!r}")
                print(f"  after  …{row['after'][-220:]!r}")


if __name__ == "__main__":
    main()
