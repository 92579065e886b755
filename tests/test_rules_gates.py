"""Rule gates are only a shortcut: a rule whose gate fails must find nothing.

``check_item`` skips a rule when ``rule.gate(facts)`` is false; these tests run every gated
rule's own check anyway, on the labelled captions, the rules' examples and seeded random
items built from credit, date and desk-instruction fragments, and fail on any finding that
the gate would have hidden.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from app.model import Item
from app.rules import ITEM_RULES, check_item, make_context
from app.rules.facts import ItemFacts
from app.rules.labelled import load

DATA = Path(__file__).parent / "data" / "captions_labelled.jsonl"

FRAGMENTS = ["(", ")", "AP Photo", "/", "Jane Roe", "REUTERS", "via", "Getty Images", "AFP", "Photo by", "photo",
             "picture by", "©", "courtesy of", "File", ", File", "FILE -", "Pool", "HANDOUT", "In this", "file photo",
             "Photo credit should read", "MANDATORY CREDIT", "the the", "Fans cheer in Lyon", ".", ",", " - ", "–",
             "Anadolu Agency", "EPA-EFE", "The Harbor Gazette", "|", "//", "credit:", "Monday, Nov. 3, 2021",
             "Tuesday", "08 November 2017", "Sep. 8", "Ã©", "\n", "STR", "AFP PHOTO", "&amp;", "  ", " ,",
             "EMBARGOED UNTIL 0001 GMT NOV. 27, 2026", "NO SALES", "EDITORIAL USE ONLY", "TOPSHOT -", "REUETRS",
             "Agense Frence-Presse", "yesterday", "in Paris", "\xa0", "archive", "(reissued)", "ATTENTION EDITORS -",
             "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY."]


def _random_items(n: int, seed: int) -> list[Item]:
    rnd = random.Random(seed)

    def text(most: int) -> str:
        return " ".join(rnd.choice(FRAGMENTS) for _ in range(rnd.randint(0, most)))

    items = []
    for i in range(n):
        fields: dict = {"caption": text(14)}
        for key, most in (("credit_line", 4), ("source", 2), ("instructions", 4), ("headline", 5), ("city", 1)):
            if rnd.random() < 0.5:
                fields[key] = text(most)
        if rnd.random() < 0.5:
            fields["date_created"] = rnd.choice(["2021-11-03", "2017-11-08", "2024-02-30"])
        if rnd.random() < 0.6:
            fields["creators"] = [rnd.choice(["Jane Roe", "JANE ROE", "Ada Brin"])]
        items.append(Item(id=i, path=None, kind="caption", fields=fields))
    return items


def _examples() -> list[Item]:
    out = []
    for n, r in enumerate(ITEM_RULES):
        ex = r.example
        out.append(Item(**{"id": 10_000 + n, "path": None, "kind": "caption", "fields": dict(ex.fields),
                           **ex.extra}))
    return out


def _labelled() -> list[Item]:
    return [Item(id=20_000 + n, path=None, kind="caption", fields=dict(rec["fields"]))
            for n, rec in enumerate(load(DATA))]


@pytest.mark.parametrize("source", ["examples", "labelled", "random"])
def test_a_failed_gate_hides_no_finding(source: str) -> None:
    items = {"examples": _examples, "labelled": _labelled, "random": lambda: _random_items(1500, 3)}[source]()
    ctx = make_context(publish_date=dt.date(2026, 11, 25))
    gated = [r for r in ITEM_RULES if r.gate is not None]
    assert len(gated) >= 10  # the shortcut is in use, so this test guards something
    hidden, closed = [], 0
    for item in items:
        facts = ItemFacts(item, ctx)
        for r in gated:
            if r.gate(facts):
                continue
            closed += 1
            found = list(r.check(item, ctx))  # type: ignore[misc]
            ctx._facts.clear()
            if found:
                hidden.append((r.id, item.fields.get("caption"), found[0].message))
    assert closed > 0
    assert not hidden, hidden[:5]


def test_gates_change_no_result_of_check_item() -> None:
    """check_item (gates on) against every item rule run without its gate."""
    ctx = make_context(publish_date=dt.date(2026, 11, 25))
    for item in _random_items(600, 11):
        expected = []
        for r in ITEM_RULES:
            expected += [(f.rule, f.field, f.start, f.end, f.message) for f in r.check(item, ctx)]  # type: ignore[misc]
        ctx._facts.clear()
        got = [(f.rule, f.field, f.start, f.end, f.message) for f in check_item(item, ctx)]
        assert sorted(got, key=repr) == sorted(expected, key=repr), item.fields
