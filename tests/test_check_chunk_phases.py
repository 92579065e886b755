"""A check worker's chunk (``validation._check_chunk``) runs the rules a few dozen items at a time,
each rule over all of them before the next (``rules.check_each``), then makes each item's credit
texts and gallery parts: item by item, each piece found its code's data pushed out of the CPU's
caches by the others (speed35 in docs/benchmarks.md). What it gives must be what checking the
items one at a time gives."""

import pytest

from app import validation
from app.catalog import Catalog
from app.rules import RULES, check_each, check_item, gallery_parts, make_context
from app.rules.base import MAX_CHECKED_CHARS, clip_for_check
from app.rules.facts import facts_of, known_facts

CAPTIONS = [
    "Fans cheer in Lyon, France, June 3, 2021. (AP Photo/Jane Doe, File)",
    "TOPSHOT - Fans cheer in Lyon. MANDATORY CREDIT: Ada Brin/AFP via Getty Images",  # the parser's view differs
    "Fans cheer in DÃ¼sseldorf. Foto: Ada Brin/dpa",
    "The fire destroyed three housess. REUTERS/Ada Brinn",
    "No credit at all.",
    "",
    "A long one. " * (MAX_CHECKED_CHARS // 12 + 10) + "(AP Photo/Jane Doe)",  # clipped: the whole item's parts
]


def _one_at_a_time(catalog, ids, ctx):
    out = []
    for whole in catalog.items_to_check(ids):
        item = clip_for_check(whole)
        facts = facts_of(item, ctx)
        found = check_item(item, ctx)
        known_facts(whole, ctx, caption_credits=facts.caption_credits)
        mine = gallery_parts(whole, ctx)
        ctx._facts.clear()
        out.append((item.id, [f.to_json() for f in found], *validation.credit_texts(facts), mine))
    return out


def test_a_chunk_gives_what_its_items_give_one_at_a_time(tmp_path):
    with Catalog.open(tmp_path / "c.sqlite") as catalog:
        ids = [catalog.add_caption_item({"caption": c, "credit_line": line, "creators": ["Ada Brin"]})
               for c in CAPTIONS for line in ("", "AP", "Jane Doe/AFP via Getty Images")]
        ctx = validation.context_for(catalog)
        want = _one_at_a_time(catalog, ids, ctx)
        got = [(i, [f.to_json() for f in found], summary, cj, mine)
               for i, found, summary, cj, mine in validation._check_chunk(catalog, ids, ctx, parts=True)]
        assert got == want
        assert any(mine for *_, mine in got) and any(found for _, found, *_ in got)
        assert not ctx._facts  # nothing of the chunk left behind


def test_the_rules_of_a_chunk_all_run_before_its_credit_texts(tmp_path, monkeypatch):
    calls: list[str] = []
    import app.rules as rules

    check, texts = rules.check_each, validation.credit_texts
    monkeypatch.setattr(rules, "check_each", lambda items, ctx: calls.extend(["rules"] * len(items)) or check(items, ctx))
    monkeypatch.setattr(validation, "credit_texts", lambda facts: calls.append("texts") or texts(facts))
    monkeypatch.setattr(validation, "RULE_GROUP", 3)
    with Catalog.open(tmp_path / "c.sqlite") as catalog:
        ids = [catalog.add_caption_item({"caption": c}) for c in CAPTIONS]
        rows = validation._check_chunk(catalog, ids, validation.context_for(catalog), parts=True)
    assert len(rows) == len(CAPTIONS)
    assert calls == ["rules"] * len(CAPTIONS) + ["texts"] * len(CAPTIONS)


def _examples():
    from app.fields import FIELDS
    from app.model import Item

    blank = {f.key: [] if f.is_list else "" for f in FIELDS}
    n = 0
    for r in RULES.values():
        for fields in (r.example.fields, *r.example.gallery):
            n += 1
            yield Item(n, None, "caption", {**blank, **fields})
    for c in CAPTIONS:
        n += 1
        yield Item(n, None, "caption", {**blank, "caption": c, "creators": ["Ada Brin"]})


@pytest.mark.parametrize("config", [{}, {"spelling": {"enabled": False}, "missing-date": {"severity": "error"}}])
def test_check_each_gives_each_item_what_check_item_gives_it(config):
    items = list(_examples())
    ctx = make_context(config=config)
    want = [[f.to_json() | {"item_id": f.item_id} for f in check_item(item, ctx)] for item in items]
    assert not ctx._facts
    for group in (1, 7, len(items)):
        got = [[f.to_json() | {"item_id": f.item_id} for f in found]
               for start in range(0, len(items), group) for found in check_each(items[start:start + group], ctx)]
        assert got == want, group
        assert not ctx._facts
    assert sum(map(len, want)) > 50
    if config:
        assert not any(f["rule"] == "spelling" for fs in want for f in fs)
        assert any(f["rule"] == "missing-date" and f["severity"] == "error" for fs in want for f in fs)


def test_refresh_findings_runs_rule_by_rule_and_finds_what_check_item_finds(tmp_path, monkeypatch):
    import app.rules as rules

    groups: list[int] = []
    check = rules.check_each
    monkeypatch.setattr(rules, "check_each", lambda items, ctx: groups.append(len(items)) or check(items, ctx))
    monkeypatch.setattr(validation, "RULE_GROUP", 4)
    with Catalog.open(tmp_path / "c.sqlite") as catalog:
        ids = [catalog.add_caption_item({"caption": c, "credit_line": "AP"}) for c in CAPTIONS * 2]
        ctx = validation.context_for(catalog)
        found = validation.refresh_findings(catalog, ids, ctx)
        want = {item.id: [f.to_json() for f in check_item(clip_for_check(item), ctx)] for item in catalog.items(ids)}
        assert {i: [f.to_json() for f in fs] for i, fs in found.items()} == want
        assert {i: [f.to_json() for f in fs] for i, fs in catalog.findings(ids).items()} == want
        assert catalog.stored_caption_credits(ids)  # the credit texts were made and stored
    assert groups == [4, 4, 4, 2]
