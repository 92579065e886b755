"""Round 33, a doubled lead-in (REVIEW.md, "Round 33, a comma before the agency").

A picture lead-in written twice in a row before a credit ("Foto: Bild: SN/APA/KEYSTONE/Name", the lightbox
caption of sn.at g41-0001, fold 1: a page template's "Foto:" before a credit field holding its own "Bild:";
"Foto: Foto: Name/dpa", a newcomer's walk) is a desk error whatever the sites: malformed-credit, the fix drops
the second lead-in (credit_forms.toml [doubled_leadins]). A source or kind word before a lead-in is no double."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

_SN = ("Der Bürgermeister von Crans Montana räumte öffentlich Versäumnisse ein\n"
       "Foto: Bild: SN/APA/KEYSTONE/CYRIL ZINGARO")


def _malformed(text: str) -> list:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), make_context())
    return [f for f in found if f.rule == "malformed-credit"]


def _fixed(text: str, f) -> str:
    return text[:f.fix.start] + f.fix.replacement + text[f.fix.end:]


@pytest.mark.parametrize(("text", "after"), [
    (_SN, "Der Bürgermeister von Crans Montana räumte öffentlich Versäumnisse ein\n"
          "Foto: SN/APA/KEYSTONE/CYRIL ZINGARO"),
    ("Ein Mann geht am Montag durch Berlin. Foto: Foto: Felix Kästle/dpa",
     "Ein Mann geht am Montag durch Berlin. Foto: Felix Kästle/dpa"),
    ("A man walks through Paris on Monday. Photo: Photo: Jean Dupont/AFP",
     "A man walks through Paris on Monday. Photo: Jean Dupont/AFP"),
])
def test_a_doubled_leadin_is_malformed_and_the_fix_drops_the_second(text, after):
    found = _malformed(text)
    assert len(found) == 1 and "doubled lead-in" in found[0].message
    assert _fixed(text, found[0]) == after
    assert not _malformed(after)  # the fixed caption is clean of it


@pytest.mark.parametrize("text", [
    "Ein Mann geht am Montag durch Berlin. Foto: Felix Kästle/dpa",
    "Ein Mann geht am Montag durch Berlin. Quelle: Foto: Felix Kästle/dpa",
    "A man walks through Paris on Monday. Credit: Photo by Jean Dupont/AFP",
    "Ein Mann geht am Montag durch Berlin, zum Foto: Felix Kästle/dpa",
])
def test_one_leadin_or_a_source_word_before_it_is_no_double(text):
    assert not _malformed(text)
