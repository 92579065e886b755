"""Round 31, second sites (REVIEW.md, "Round 31, second sites"): a German regional paper's own name
after "Foto:", the credit field the paper adds after its photographer's ("Foto: Bösinger Foto:
Schwarzwälder Bote"). Open-fold dev sites: schwarzwaelder-bote.de (g27-0002 … 0005, f0) and
lahrer-zeitung.de (g31-0001, f4). "Schwarzwälder Bote" is two words the registry did not know, so after
the surname rule (round 30) it read as a person, and a caption crediting the photographer and the paper
got conflicting-credits; the two papers are registered (agencies.toml, kind publication)."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context


def _credits(text: str) -> list[tuple[str, list[str], list[str]]]:
    return [(c.text, c.photographers, c.agencies) for c in parse_credits(text, "caption")]


@pytest.mark.parametrize("text, credits", [
    # the paper's name in two words after the photographer's surname (g27-0003's form)
    ("Der Vorsitzende ehrt die Mitglieder für ihre Mitarbeit. Foto: Bösinger Foto: Schwarzwälder Bote",
     [("Foto: Bösinger", ["Bösinger"], []), ("Foto: Schwarzwälder Bote", [], ["Schwarzwälder Bote"])]),
    # the plural lead-in before the surname (g27-0004's form)
    ("Bei der Ehrung (von links): die langjährigen Mitglieder. Fotos: Borho Foto: Schwarzwälder Bote",
     [("Fotos: Borho", ["Borho"], []), ("Foto: Schwarzwälder Bote", [], ["Schwarzwälder Bote"])]),
    # the hyphenated spelling (g27-0002) was one token, an organisation as written; now the registry's name
    ("Die Vereinsjubilare (von links). Foto: Helbig Foto: Schwarzwälder-Bote",
     [("Foto: Helbig", ["Helbig"], []), ("Foto: Schwarzwälder-Bote", [], ["Schwarzwälder Bote"])]),
    # the paper's credit field alone
    ("Die neue Brücke über die Kinzig. Foto: Schwarzwälder Bote", [("Foto: Schwarzwälder Bote", [],
                                                                   ["Schwarzwälder Bote"])]),
])
def test_the_schwarzwaelder_bote_after_foto_is_the_paper(text, credits):
    assert _credits(text) == credits


@pytest.mark.parametrize("text, credits", [
    # guards, read so before and after: the sister paper's "Zeitung" is an organisation word (g31-0001), a
    # surname alone stays a person (g27-0001)
    ("Ehrungen beim Verein (von links). Foto: Baublies Foto: Lahrer Zeitung",
     [("Foto: Baublies", ["Baublies"], []), ("Foto: Lahrer Zeitung", [], ["Lahrer Zeitung"])]),
    ("Bei der Hauptversammlung des Vereins (von links): Jane Roe und John Doe. Foto: Schwark",
     [("Foto: Schwark", ["Schwark"], [])]),
])
def test_the_photographer_and_the_paper_stay_as_they_were(text, credits):
    assert _credits(text) == credits


def test_the_photographer_and_the_papers_field_do_not_conflict():
    ctx = make_context()
    text = "Der Vorsitzende ehrt die Mitglieder für ihre Mitarbeit. Foto: Bösinger Foto: Schwarzwälder Bote"
    rules = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": text}), ctx)}
    assert "conflicting-credits" not in rules
    assert "missing-photographer" not in rules
