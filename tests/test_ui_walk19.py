"""walk19, a Spanish-language desk: what the night editor tripped on in the app."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from tests.uisession import add_caption_items  # noqa: E402
from ui.text_tools import MENU_SUGGESTIONS  # noqa: E402


def _rows(menu) -> list[tuple[str, str, bool]]:
    return [(a.objectName(), a.text(), a.isEnabled()) for a in menu.actions()]


@pytest.mark.parametrize("caption, places", [
    ("Fans fill the Zorblat stadium in Madrid on Sunday.", 1),
    ("Zorblat full: fans fill the Zorblat stadium in Madrid.", 2),  # with the Replace All row
])
def test_suggestions_landing_in_the_open_menu_move_nothing(session, inspector, monkeypatch,
                                                           caption, places) -> None:
    """Right click on "Bernabéu" (walk19): the menu opened with "Looking for suggestions…"; the six
    suggestions came in above Add to Dictionary while the pointer went to it, and the click
    wrote "Bernardo" into the caption. Now every row stays where it was shown."""
    ids = add_caption_items(session, {"caption": caption})
    session.refresh_findings(ids)  # the spelling finding marks the word (no dictionary needed)
    session.set_current(ids)
    marks = inspector.spell_marks["caption"]
    at = caption.rindex("Zorblat") + 3
    assert marks.word_at(at)[2] == "Zorblat"
    assert len(marks.places("Zorblat")) == places
    found: dict[str, list[str] | None] = {"Zorblat": None}
    monkeypatch.setattr(marks.service, "suggestions", lambda word: found.get(word))
    menu = marks.build_menu(at)
    before = _rows(menu)
    names = [n for n, _t, _e in before]
    add = names.index("addToDictionary")
    assert names[:add] == [""]  # the header alone above it
    assert names.count("spellWaiting") == MENU_SUGGESTIONS

    found["Zorblat"] = ["Bernardo", "Berna", "Bernabé"]
    marks._suggestions_landed("Zorblat")
    after = _rows(menu)
    assert len(after) == len(before)  # no row added or taken: nothing moved under the pointer
    assert after[add][0] == "addToDictionary" and after[add][1] == before[add][1]
    suggested = [(t, e) for n, t, e in after if n == "spellSuggestion"]
    assert suggested == [("Bernardo", True), ("Berna", True), ("Bernabé", True)]
    first = [n for n, _t, _e in after].index("spellSuggestion")
    assert first == add + 1 and [n for n, _t, _e in before][first] == "spellWaiting"
    spare = [(t, e) for n, t, e in after if n == "spellSpare"]
    assert spare == [("", False)] * (MENU_SUGGESTIONS - 3)
    if places > 1:
        everywhere = [a for a in menu.actions() if a.objectName() == "spellEverywhere"]
        assert len(everywhere) == 1 and [a.text() for a in everywhere[0].menu().actions()] == [
            "Bernardo", "Berna", "Bernabé"]
    # The suggestion in its row replaces the word, as before.
    next(a for a in menu.actions() if a.objectName() == "spellSuggestion").trigger()
    assert "the Bernardo stadium" in inspector.editors["caption"].text()


def test_no_suggestions_says_so_in_the_first_row(session, inspector, monkeypatch) -> None:
    ids = add_caption_items(session, {"caption": "Neighbours of Qwzlavap hold a street party in Madrid."})
    session.refresh_findings(ids)
    session.set_current(ids)
    marks = inspector.spell_marks["caption"]
    found: dict[str, list[str] | None] = {"Qwzlavap": None}
    monkeypatch.setattr(marks.service, "suggestions", lambda word: found.get(word))
    assert marks.word_at(16)[2] == "Qwzlavap"
    menu = marks.build_menu(16)
    count = len(menu.actions())
    found["Qwzlavap"] = []
    marks._suggestions_landed("Qwzlavap")
    assert len(menu.actions()) == count
    texts = [a.text() for a in menu.actions() if a.objectName() == "spellSpare"]
    assert texts[0] == "No suggestions" and set(texts[1:]) == {""}
