"""Round 30, second sites: Xinhua's release form without a blank before 摄 (REVIEW.md, "Round 30, second
sites"). "新华社发(Name摄)": Xinhua released (发) a contributor's picture; with the blank ("新华社发(Name 摄)") the
Chinese grammar read it whole, without it the bracket finder read "(Name摄)" first and the agency before the
bracket was lost. Seen on two open-fold dev sites: apcreports.org.cn (g17-0017) and news.hebccw.cn (g24)."""

from __future__ import annotations

import pytest

from tests.creditcase import one


@pytest.mark.parametrize("text, credit, person", [
    # no blank before 摄: failed before (only "(李明摄)" read, no agency)
    ("5月2日,游客在湖北省武汉市东湖公园游玩。新华社发(李明摄)", "新华社发(李明摄)", ["李明"]),
    ("5月2日,游客在湖北省武汉市东湖公园游玩。新華社發(陳小明攝)", "新華社發(陳小明攝)", ["陳小明"]),
    # a guard: the blank before 摄, read before and after
    ("5月2日,游客在湖北省武汉市东湖公园游玩。新华社发(李明 摄)", "新华社发(李明 摄)", ["李明"]),
])
def test_xinhua_release_form_keeps_the_agency(text, credit, person):
    c = one(text)
    assert (c.text, c.photographers, c.agencies, c.distributor) == (credit, person, ["Xinhua"], "Xinhua")


@pytest.mark.parametrize("text, credit, person", [
    # guards: a name alone in the bracket and the reporter form, read before and after
    ("5月2日,游客在湖北省武汉市东湖公园游玩。(李明摄)", "(李明摄)", ["李明"]),
    ("5月2日,游客在湖北省武汉市东湖公园游玩。新华社记者 李明 摄", "新华社记者 李明 摄", ["李明"]),
])
def test_other_chinese_forms_unchanged(text, credit, person):
    c = one(text)
    assert (c.text, c.photographers) == (credit, person)
