"""Round 26: what dev/g16 taught the parser (REVIEW.md, "Round 26, organisations without a person,
and bare credits"): an organisation's name may carry an abbreviated organisation word with its full
stop ("NASA/JPL-Caltech/Univ. of Arizona", HiRISE's credit); the stop is the abbreviation's, so the
credit goes on, and the name is an organisation, not a person."""

from __future__ import annotations

import pytest

from tests.creditcase import one


@pytest.mark.parametrize("text, credit", [
    # iflscience.com (g16-0001 … 0003): the credit after the caption's full stop
    ("An 800-meters dust devil on Mars. NASA/JPL-Caltech/Univ. of Arizona",
     "NASA/JPL-Caltech/Univ. of Arizona"),
    # astronomynow.com (g16-0004): after "Image:"
    ("A recent crater on Mars. Image: NASA/JPL-Caltech/Univ. of Arizona",
     "Image: NASA/JPL-Caltech/Univ. of Arizona"),
    ("A crater on Mars. Credit: NASA/JPL-Caltech/Univ. of Arizona", "Credit: NASA/JPL-Caltech/Univ. of Arizona"),
])
def test_an_abbreviated_university_ends_an_organisation_only_chain(text, credit):
    c = one(text)
    assert (c.text, c.photographers, c.agencies, c.distributor) == (
        credit, [], ["NASA", "JPL-Caltech", "Univ. of Arizona"], "Univ. of Arizona")


@pytest.mark.parametrize("text, credit, agencies", [
    # the word written out was read so before and still is (g16-0005's chain)
    ("A crater on Mars. NASA/JPL/University of Arizona", "NASA/JPL/University of Arizona",
     ["NASA", "JPL", "University of Arizona"]),
    # an abbreviation already listed keeps its reading
    ("A ship at sea. U.S. Navy/Dept. of Defense", "U.S. Navy/Dept. of Defense", ["U.S. Navy", "Dept. of Defense"]),
])
def test_the_written_out_and_other_abbreviated_forms_read_as_before(text, credit, agencies):
    c = one(text)
    assert (c.text, c.photographers, c.agencies) == (credit, [], agencies)
