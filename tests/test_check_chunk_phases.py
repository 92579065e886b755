"""A check worker's chunk (``validation._check_chunk``) runs the rules of all its items first, then
makes each item's credit texts and gallery parts: between two items the rules push that code's
data out of the CPU's caches (speed35 in docs/benchmarks.md). What it gives must be what checking
the items one at a time gives."""

from app import validation
from app.catalog import Catalog
from app.rules import check_item, gallery_parts
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

    check, texts = rules.check_item, validation.credit_texts
    monkeypatch.setattr(rules, "check_item", lambda item, ctx: calls.append("rules") or check(item, ctx))
    monkeypatch.setattr(validation, "credit_texts", lambda facts: calls.append("texts") or texts(facts))
    with Catalog.open(tmp_path / "c.sqlite") as catalog:
        ids = [catalog.add_caption_item({"caption": c}) for c in CAPTIONS]
        rows = validation._check_chunk(catalog, ids, validation.context_for(catalog), parts=True)
    assert len(rows) == len(CAPTIONS)
    assert calls == ["rules"] * len(CAPTIONS) + ["texts"] * len(CAPTIONS)
