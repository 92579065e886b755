"""Scoring the rules against labelled captions (tests/data/captions_labelled.jsonl).

Used by the accuracy test and by bench/bench_rules.py: per-rule precision and
recall, and the false ``error`` findings on captions labelled clean.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.model import Finding, Item, Severity
from app.rules import RULES, check_gallery, make_context

# Rules the labels do not cover. ``spelling`` reports words a dictionary lacks: on these
# captions, taken alone without the catalog that knows their names, every rare name or place
# ("Antakya", "Łódź") is such a word, which is what the rule says and not a caption defect the
# labels could call right or wrong. tests/test_spelling.py checks it on its own.
NOT_LABELLED: frozenset[str] = frozenset({"spelling", "too-long-to-check"})
SCORED: tuple[str, ...] = tuple(r for r in RULES if r not in NOT_LABELLED)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Evaluation:
    per_rule: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    clean_records: int = 0
    false_errors: list[tuple[str, Finding]] = field(default_factory=list)  # (record id, finding) on clean records
    mistakes: list[tuple[str, set[str], set[str]]] = field(default_factory=list)  # (id, expected, got)

    @property
    def total(self) -> Score:
        s = Score()
        for v in self.per_rule.values():
            s.tp, s.fp, s.fn = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn
        return s


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _item(n: int, rec: dict) -> Item:
    # "item": attributes the import stores beside the fields ({"kind": "photo", "c2pa_state": ...}).
    attrs = {"kind": "caption", **(rec.get("item") or {})}
    return Item(id=n, path=None, fields=dict(rec["fields"]), candidates=rec.get("candidates") or {}, **attrs)


def evaluate(records: Iterable[dict], registry=None) -> Evaluation:
    """Run the rules on every record (records sharing a ``gallery`` together) and score them."""
    records = list(records)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        groups[rec.get("gallery") or f"#{i}"].append(i)
    got: dict[int, list[Finding]] = {}
    for members in groups.values():
        first = records[members[0]]
        publish = first.get("publish_date")
        ctx = make_context(registry=registry,
                           publish_date=dt.date.fromisoformat(publish) if publish else dt.date(2026, 1, 1))
        items = [_item(i, records[i]) for i in members]
        got.update(check_gallery(items, ctx))
    ev = Evaluation()
    for i, rec in enumerate(records):
        expected = set(rec["expected"])
        found = [f for f in got.get(i, []) if f.rule not in NOT_LABELLED]
        rules = {f.rule for f in found}
        for r in SCORED:
            score = ev.per_rule[r]
            if r in rules and r in expected:
                score.tp += 1
            elif r in rules:
                score.fp += 1
            elif r in expected:
                score.fn += 1
        if not expected:
            ev.clean_records += 1
            ev.false_errors += [(rec["id"], f) for f in found if f.severity is Severity.ERROR]
        if rules != expected:
            ev.mistakes.append((rec["id"], expected, rules))
    return ev
