"""Round 36, a credit's own word with two neighbouring letters swapped (REVIEW.md, "Round 36, malformed,
directive and duplicate credits").

"(Photo by JIJI Press/AFP Phoot)" (avax.news, dev g1-0027, fold 4) and "Courtsey of Michele Rosenthal"
(thestreet.com, dev g52-0018, fold 1, where the page's other credits write "Courtesy of") are misspelt
credits: malformed-credit. The words are the data's (the first word of each lead-in in credit_forms.toml
[leadins]); a swap counts only where the word written right completes a lead-in opening the credit or a
link the registry names ("AFP Photo"), so a name that happens to be a swap ("Jean Fotso") is left alone."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

_AVAX = ("A pilot demonstrates an aircraft manufactured by US-based LIFT Aircraft in front of Osaka Castle in Osaka "
         "on March 14, 2023. (Photo by JIJI Press/AFP Phoot)")
_STREET = "A piece titled 'Triple Self Portrait' by Michele Rosenthal.\u00a0\nCourtsey of Michele Rosenthal"


def _swapped(text: str) -> list:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), make_context())
    return [f for f in found if f.rule == "malformed-credit" and "misspelling" in f.message]


@pytest.mark.parametrize(("text", "wrong", "right"), [(_AVAX, "Phoot", "Photo"), (_STREET, "Courtsey", "Courtesy")])
def test_a_credit_word_with_two_letters_swapped_is_malformed_and_the_fix_writes_it(text, wrong, right):
    (f,) = _swapped(text)
    assert text[f.start:f.end] == wrong
    assert f.fix is not None and f.fix.replacement == right
    assert not _swapped(text[:f.fix.start] + f.fix.replacement + text[f.fix.end:])


def test_the_fixed_courtesy_line_reads_as_a_courtesy_credit():
    from app.credits import parse_credits

    (c,) = parse_credits(_STREET.replace("Courtsey", "Courtesy"), "caption")
    assert c.courtesy and c.photographers == ["Michele Rosenthal"]


@pytest.mark.parametrize("text", [
    "A man walks through Paris on Monday, June 3, 2024. (Photo: Jean Fotso)",  # a surname that is a swap of "Fotos"
    "A man walks through Paris on Monday, June 3, 2024. (Photo by Jean Roe/AFP)",
    "A man walks through Paris on Monday, June 3, 2024. Courtesy of Jean Roe",
])
def test_a_name_that_is_a_swap_and_right_spellings_stay_clean(text):
    assert not _swapped(text)
