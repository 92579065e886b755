"""Round 39, a reader of the last merges (tests/data/realworld/REVIEW.md "Round 39, a reader of the last merges").
Hungarian's own adjectives that a world city and "-i" spell ("olimpiai", Olympic: Olímpia, Brazil; "pokoli",
hellish) are no town's: caption_words.toml [where] town_adjective_i_words."""

from __future__ import annotations

import pytest

from app.rules import make_context
from app.rules.presence import says_where
from tests.creditcase import rules_of


@pytest.mark.parametrize("caption", [
    "Hosszú Katinka az olimpiai döntő után ünnepel.",  # after the Olympic final
    "Ma is pokoli hőség tombolt, a strandok megteltek.",  # hellish heat
])
def test_a_hungarian_word_of_a_towns_shape_is_no_place(caption: str) -> None:
    assert not says_where(caption)
    assert "missing-location" in rules_of(caption)


def test_a_towns_adjective_beside_it_still_is() -> None:
    assert says_where("Hosszú Katinka az olimpiai döntő után a budapesti uszodában.")


def test_photographer_required_is_documentation_as_its_docs_say() -> None:
    """No rule reads an agency's photographer_required: missing-photographer flags every organisation-only
    credit (the label policy), KCNA's too. docs/agencies.md said the field decided it, and orgs39's 'watson'
    was registered with it false as if it did."""
    from pathlib import Path  # noqa: PLC0415

    assert make_context().registry.get("Korean Central News Agency").photographer_required is False
    assert "missing-photographer" in rules_of("Kim Jong Un inspects a factory in Pyongyang, North Korea. (KCNA)")
    docs = (Path(__file__).resolve().parents[1] / "docs" / "agencies.md").read_text(encoding="utf-8")
    row = next(line for line in docs.splitlines() if line.startswith("| `photographer_required`"))
    assert "no rule reads it" in row
    assert "where `photographer_required` is `missing-photographer`" not in docs


@pytest.mark.parametrize("tail", [
    "The coach is Watson.",  # orgs39 registered the portal watson.ch as 'watson'; Watson is a family name
    "Left to right: Smith, Jones and Watson.",
    "The band played in Everett.",  # the Everett Collection's alias, a town and a family name
])
def test_a_registered_surname_in_a_sentence_leaves_missing_credit_sure(tail: str) -> None:
    assert "missing-credit" in rules_of(f"Fans cheer in Lyon, France, on Thursday, June 3, 2021. {tail}")


@pytest.mark.parametrize("tail", [
    "Bild: Watson",  # the portal's own credit, as the paper writes it (g25-0023)
    "Shutterstock/Watson",
    "The picture was taken by Watson.",  # after "by" the name is still a credit's maker
])
def test_the_registered_surname_still_counts_as_a_credit(tail: str) -> None:
    assert "missing-credit" not in rules_of(f"Fans cheer in Lyon, France, on Thursday, June 3, 2021. {tail}")
