"""Round 34, what blind batch u11 missed: a day read where the caption names none (tests/data/realworld/REVIEW.md
"Round 34, what u11 missed"). "last week" stood among the relative days of caption_words.toml [when], so a caption
whose only time words were "last week" was not given missing-date. The label policy counts a day ("today",
"yesterday", "on Tuesday"), not a week, a month or a year. The captions are the development records' (dev g13,
g6, g46: three open-fold sites, each labelled missing-date)."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context
from app.rules.presence import says_when

CTX = make_context()


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=0, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # latimes.com g46-0006 (f1)
    "Michael R. Bloomberg campaigns in Houston last week.\n(Elizabeth Conley / Houston Chronicle)",
    # thezimbabwedaily.com g13-0021 (f0)
    "School heads march in the streets of Harare to a conference convened by the Education ministry last week. "
    "Bizarrely, the school heads were compelled to wear blue uniforms in what was described as an attempt to "
    "indoctrinate them. PIC Aaron Ufumeli",
    # theweek.com g6-0276 (f0)
    "(Image credit: (AP Photo/Tony Dejak)**See last week's best photojournalism**)",
])
def test_last_week_names_no_day(caption: str) -> None:
    assert not says_when(caption)
    assert "missing-date" in _rules(caption)


@pytest.mark.parametrize("caption", [
    # a day named elsewhere still counts, and the relative days that name one stay
    "Michael R. Bloomberg campaigns in Houston on Tuesday, a week after the debate.",
    "Protesters gather in Harare yesterday.",
    "Bloomberg campaigned in Houston last night.",
    "Last week's storm, pictured in Houston on Feb. 12, 2020.",
])
def test_a_day_still_counts(caption: str) -> None:
    assert says_when(caption)
    assert "missing-date" not in _rules(caption)
