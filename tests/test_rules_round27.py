"""Round 27 (issue 12): a person's name alone after the caption, settled by the item's own metadata.

The parser reads a bare name as a credit only where its typography says so (on its own last
line, in capitals after the last full stop); a mixed-case name after the last full stop is left
to unrecognised-credit (information, never an error). When the photo's By-line, or its Credit
field's photographer, is that same name, the caption's last words are its credit.
"""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from app.rules.facts import facts_of

CTX = make_context()
BODY = "Residents clear debris in Putnam County, Tenn., on Tuesday, March 3, 2020."


def check(caption: str, **fields) -> tuple[list, set[str]]:
    item = Item(id=1, path=None, kind="caption", fields={"caption": caption, **fields})
    found = check_item(item, CTX)
    return facts_of(item, CTX).caption_credits, {f.rule for f in found}


@pytest.mark.parametrize("tail", [" Jane Roe", " Jane Roe.", "\nJANE ROE", " . Jane Roe"])
def test_the_by_line_settles_a_bare_name_after_the_caption(tail):
    credits, rules = check(BODY + tail, creators=["Jane Roe"])
    (c,) = credits
    assert c.photographers[0].casefold() == "jane roe" and not c.agencies
    assert (BODY + tail)[c.start:c.end] == c.text
    assert "missing-credit" not in rules and "unrecognised-credit" not in rules


def test_the_credit_fields_photographer_settles_it_too():
    credits, rules = check(BODY + " Jane Roe", credit_line="Jane Roe")
    assert [c.photographers for c in credits] == [["Jane Roe"]]
    assert "unrecognised-credit" not in rules


def test_without_metadata_a_bare_name_gets_information_never_an_error():
    # issue 12, section 3: errors only when sure. A name the name lists know ("Jane Roe") is read by the
    # parser since round 38 (tests/test_credits_round38_bare.py); one they do not know still rests on this
    credits, rules = check(BODY + " Evgenia Eliseeva")
    assert credits == [] and "unrecognised-credit" in rules and "missing-credit" not in rules


@pytest.mark.parametrize("caption", [
    "Residents clear debris on Tuesday, March 3, 2020, said Jane Roe.",  # the name is the sentence's own
    "The barn where the television career of Dr. Jane Roe began, March 3, 2020.",
    "Residents clear debris on Tuesday, March 3, 2020, with the help of Dr. Jane Roe.",  # a title's stop
    "Boats moored off the island on Tuesday, March 3, 2020. Bora Bora",  # a place, not the by-line
    "Boats moored off the island on Tuesday, March 3, 2020. (",  # a bracket with nothing in it
])
def test_a_name_or_place_that_is_no_credit_is_left_alone(caption):
    credits, _ = check(caption, creators=["Jane Roe"])
    assert credits == []


def test_a_by_line_naming_someone_else_reads_nothing():
    credits, rules = check(BODY + " Evgenia Eliseeva", creators=["John Doe"])
    assert credits == [] and "unrecognised-credit" in rules and "missing-credit" not in rules


def test_one_word_alone_is_not_read_even_when_the_by_line_is_that_word():
    credits, _ = check(BODY + " Madonna", creators=["Madonna"])
    assert credits == []
