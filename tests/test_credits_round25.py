"""Round 25: what dev/g15 taught the parser (REVIEW.md, "Round 25, the test split's parse misses by
kind"): a copyright notice may carry its year between the organisation that opens the credit and
the photographer ("© AFP 2022 / Name", "© AFP 2024 Name"); the year is the notice's, neither a name
nor the end of the credit."""

from __future__ import annotations

import pytest

from tests.creditcase import one


@pytest.mark.parametrize("text, credit, person", [
    # it.sputniknews.com (g15-0001 … 0005): the credit line above the caption, a slash after the year
    ("© AFP 2022 / Aris Messinis\nDopo un'esplosione di un'auto a Mosul, Iraq.",
     "© AFP 2022 / Aris Messinis", "Aris Messinis"),
    ("© AFP 2018 / Jane Roe\nA man walks in Rome.", "© AFP 2018 / Jane Roe", "Jane Roe"),
    # fr.sputniknews.africa (g15-0006 … 0009): the credit line below the caption, no slash
    ("Enfants se protégeant de la pluie avec des sacs poubelles, au Mozambique.\n© AFP 2024 Yasuyoshi Chiba",
     "© AFP 2024 Yasuyoshi Chiba", "Yasuyoshi Chiba"),
    ("A man walks in Rome on Monday.\n© AFP 2019 Jane Roe", "© AFP 2019 Jane Roe", "Jane Roe"),
])
def test_a_copyright_notice_year_after_the_agency_keeps_the_photographer(text, credit, person):
    c = one(text)
    assert (c.text, c.photographers, c.agencies) == (credit, [person], ["AFP"])


@pytest.mark.parametrize("text, credit, person, agencies", [
    # the forms the year never stood in stay as they were
    ("© AFP / Jane Roe\nA man walks in Rome.", "© AFP / Jane Roe", "Jane Roe", ["AFP"]),
    ("A man walks in Rome. © 2018 Ron F", "© 2018 Ron F", "Ron F", []),
    # a year after a credit that ends with its agency is the caption's, not the credit's
    ("Jane Roe/AFP 2019 Grammy Awards are held in Los Angeles.", "Jane Roe/AFP", "Jane Roe", ["AFP"]),
])
def test_a_year_elsewhere_is_not_read_into_the_credit(text, credit, person, agencies):
    c = one(text)
    assert (c.text, c.photographers, c.agencies) == (credit, [person], agencies)
