"""``validation.credit_texts`` writes each credit from text kept by its values (a gallery repeats
its credits); what it writes must be what the encoders write of the credits themselves."""

import json

import pytest

from app import validation
from app.credits import parse_credits
from app.export.sheet import encode_caption_credits
from app.fields import FIELDS
from app.model import Item
from app.rules import RULES, make_context
from app.rules.facts import facts_of

CAPTIONS = [
    "Fans cheer in Lyon, France, June 3, 2021. (AP Photo/Jane Doe, File)",
    "Fans cheer in Lyon. (REUTERS/Ada Brin )",  # a defect: a space inside the bracket
    "TOPSHOT - Fans cheer in Lyon. MANDATORY CREDIT: Ada Brin/AFP via Getty Images",  # the parser's view differs
    "Fans cheer in DÃ¼sseldorf. Foto: Ada Brin/dpa",  # mojibake: the view differs too
    "A \"quoted\" caption with a back\\slash, \u2028 and 📷. (AP Photo/Zoë “Z” Ng)",
    "No credit at all.",
    "Two credits: (AP Photo/Jane Doe) and REUTERS/Ada Brin",
    "",
]


def _items():
    blank = {f.key: [] if f.is_list else "" for f in FIELDS}
    for n, caption in enumerate([*CAPTIONS, *(r.example.fields.get("caption") for r in RULES.values())]):
        if not isinstance(caption, str):
            continue
        for line in ("", "AP", "Jane Doe/AFP via Getty Images", "REUTERS/Ada Brin "):
            yield Item(n, None, "caption", {**blank, "caption": caption, "credit_line": line})


@pytest.mark.parametrize("repeat", [1, 2])  # the second time from the kept text
def test_credit_texts_are_what_the_encoders_write(repeat):
    ctx = make_context()
    checked = defective = viewed = 0
    for _ in range(repeat):
        for item in _items():
            facts = facts_of(item, ctx)
            caption = facts.caption
            written = parse_credits(caption, field="caption") if caption.strip() else []
            summary = encode_caption_credits(caption, written)
            listed = [*facts.caption_credits, *facts.field_credits.get("credit_line", ())]
            credits = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode(
                [validation._credit_json(c) for c in listed])
            assert validation.credit_texts(facts) == (summary, credits), caption
            ctx._facts.clear()
            checked += bool(listed)
            defective += '"defects":[]' not in credits and bool(listed)
            viewed += facts.credit_view is not caption
    assert checked > 50 and defective and viewed  # both ways of writing a credit, both summaries
