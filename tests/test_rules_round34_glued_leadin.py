"""Round 34, a credit's lead-in glued to the word before it (REVIEW.md, "Round 34, the smaller rules' recall").

A page that sets its credit apart by CSS alone prints the credit's capitalised lead-in straight after the
caption's last word once its text is read: "… des ATP-TurniersBild: AFP/SID/PASCAL GUYOT" (tennismagazin.de,
dev g40-0001, fold 3), "… Picture by JOE ARMAOCredit:Joe Armao" (theage.com.au, dev r12-0003, fold 0). The
credit is run into the text: malformed-credit, as when the names themselves run in ("…Saturday.Erin Clark/…").
The lead-ins are data (credit_forms.toml [glued_leadins]), capitalised and with their colon as written, so a
lower-case word ("Infofoto:") or a lead-in after a blank is not one."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

_TENNIS = "Alexander Zverev steht im Viertelfinale des ATP-TurniersBild: AFP/SID/PASCAL GUYOT"
_AGE = ("Fiji- Adi Paulini Lalabalavu-Naulago at Olosara beach, Sigatoka with the boat her family uses for fishing. "
        "The amount of fish has decreased in resent years. 11th July 2022, The Age news Picture by JOE "
        "ARMAOCredit:Joe Armao")


def _malformed(text: str) -> list:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), make_context())
    return [f for f in found if f.rule == "malformed-credit"]


@pytest.mark.parametrize(("text", "lead"), [(_TENNIS, "Bild:"), (_AGE, "Credit:")])
def test_a_leadin_glued_to_the_word_before_is_malformed(text, lead):
    found = [f for f in _malformed(text) if "run into" in f.message]
    assert len(found) == 1
    assert text[found[0].start:].startswith(lead)


def test_the_fix_puts_a_space_before_the_glued_leadin_and_the_credit_stays_read():
    (f,) = [f for f in _malformed(_TENNIS) if "run into" in f.message]
    assert f.fix is not None
    after = _TENNIS[:f.fix.start] + f.fix.replacement + _TENNIS[f.fix.end:]
    assert after == "Alexander Zverev steht im Viertelfinale des ATP-Turniers Bild: AFP/SID/PASCAL GUYOT"
    assert not _malformed(after)


@pytest.mark.parametrize("text", [
    "Alexander Zverev steht im Viertelfinale des ATP-Turniers. Bild: AFP/SID/PASCAL GUYOT",
    "Alexander Zverev steht im Viertelfinale des ATP-Turniers, Bild: AFP/SID/PASCAL GUYOT",
    "Ein Mann geht am Montag durch Berlin. Infofoto: Felix Kästle/dpa",
    "A man walks through Paris on Monday. Photo credit: Jean Dupont/AFP",
    "Ein Mann geht am Montag durch Berlin (Foto: Felix Kästle/dpa)",
])
def test_a_leadin_after_a_blank_or_in_lower_case_is_not_glued(text):
    assert not [f for f in _malformed(text) if "run into" in f.message]
