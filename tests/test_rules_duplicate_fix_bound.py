"""duplicate-credit's fix is checked by parsing the fixed caption again (recall37: a removal must
leave the other credits as they were). On a caption of megabytes that re-parse, once per copy, made
one check take seconds (bench/bench_hostile.py: 1.3 s → 9.7 s). Beyond GUARDED_FIX_CHARS, far over
any caption a desk writes, the copy is still found, and no fix is offered."""

from app.model import Item
from app.rules import check_item, make_context
from app.rules.credit import GUARDED_FIX_CHARS

CTX = make_context(publish_date="2026-12-07")
CREDIT = "(AP Photo/Ines Varga)"


def duplicates(caption: str) -> list:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)
    return [f for f in found if f.rule == "duplicate-credit"]


def test_a_credit_pasted_twice_gets_its_fix():
    (f,) = duplicates(f"Fans cheer in Chicago, Monday, June 7, 2021. {CREDIT} {CREDIT}")
    assert f.fix is not None


def test_on_a_caption_over_the_bound_the_copy_is_found_without_a_fix():
    body = "Fans cheer in Chicago, Monday, June 7, 2021. " * (GUARDED_FIX_CHARS // 40)
    caption = f"{body}{CREDIT} {CREDIT}"
    assert len(caption) > GUARDED_FIX_CHARS
    (f,) = duplicates(caption)
    assert f.fix is None and f.start == caption.rindex(CREDIT)
