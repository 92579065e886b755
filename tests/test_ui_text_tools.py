"""Typing aids in the inspector: code replacements expand as you type; spell checking underlines
unknown words, offers suggestions and "Add to Dictionary" on right click."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app import codes, spelling  # noqa: E402
from tests.uisession import add_caption_items  # noqa: E402
from ui.text_tools import SPELL_COLOR, spell_service  # noqa: E402

needs_hunspell = pytest.mark.skipif(spelling.available() is not None, reason="chunspell is not installed")


def test_codes_expand_as_you_type_in_any_field(session, inspector, qtbot) -> None:
    codes.save(session.catalog, codes.CodeTable({"vg": ["Vadim Ghirda", "AP Photo/Vadim Ghirda"]}))
    session.settings.changed.emit(codes.SETTING)
    ids = add_caption_items(session, {"caption": ""})
    session.set_current(ids)
    caption = inspector.editors["caption"]
    qtbot.keyClicks(caption.editor, "Photo by =vg")
    assert caption.text() == "Photo by =vg"  # not closed yet
    qtbot.keyClicks(caption.editor, "= in =nope= 2+2=4")
    assert caption.text() == "Photo by Vadim Ghirda in =nope= 2+2=4"
    credit = inspector.editors["credit_line"]
    qtbot.keyClicks(credit.editor, "=vg#2=")
    assert credit.text() == "AP Photo/Vadim Ghirda"
    inspector.flush()
    fields = session.catalog.item(ids[0]).fields
    assert fields["caption"] == "Photo by Vadim Ghirda in =nope= 2+2=4"
    assert fields["credit_line"] == "AP Photo/Vadim Ghirda"
    # A value shown from the catalog is never rewritten, even when it holds a code.
    other = add_caption_items(session, {"caption": "Kept as written: =vg="})
    session.set_current(other)
    assert inspector.editors["caption"].text() == "Kept as written: =vg="


@needs_hunspell
def test_spell_check_underlines_suggests_and_learns(session, inspector, qtbot) -> None:
    service = spell_service(session)
    assert not service.ready  # nothing loads while no photo is shown
    ids = add_caption_items(session, {"creators": ["Vadim Ghirda"], "caption": ""})
    session.set_current(ids)  # a photo in the inspector: the dictionaries load a moment later
    qtbot.waitUntil(lambda: service.ready, timeout=10000)
    caption = inspector.editors["caption"]
    marks = inspector.spell_marks["caption"]
    qtbot.keyClicks(caption.editor, "Firefigters near Ghirda's home in Zorblat")
    assert [w for _s, _e, w in marks.marks()] == ["Firefigters", "Zorblat"]  # the photographer is known
    block = caption.editor.document().firstBlock()
    underlined = [(r.start, r.length) for r in block.layout().formats()
                  if r.format.underlineColor().name() == SPELL_COLOR]
    assert underlined == [(0, 11), (34, 7)]

    # Right click on the word: suggestions (from the worker process) and Add to Dictionary.
    menu = marks.build_menu(3)
    texts = [a.text() for a in menu.actions()]
    assert "Add \u201cFirefigters\u201d to Dictionary" in texts
    qtbot.waitUntil(lambda: service.suggestions("Firefigters") is not None, timeout=30000)
    menu = marks.build_menu(3)
    suggestion = next(a for a in menu.actions() if a.objectName() == "spellSuggestion")
    assert suggestion.text() == "Firefighters"
    suggestion.trigger()
    assert caption.text() == "Firefighters near Ghirda's home in Zorblat"

    add = next(a for a in marks.build_menu(36).actions() if a.objectName() == "addToDictionary")
    add.trigger()
    assert spelling.house_words(session.catalog) == ["Zorblat"]
    assert marks.marks() == []
    inspector.flush()
    assert session.catalog.item(ids[0]).fields["caption"] == "Firefighters near Ghirda's home in Zorblat"


@needs_hunspell
def test_single_line_prose_fields_are_checked_too(session, inspector, qtbot) -> None:
    service = spell_service(session)
    service.load()
    qtbot.waitUntil(lambda: service.ready, timeout=10000)
    session.set_current(add_caption_items(session, {"headline": ""}))
    headline = inspector.editors["headline"]
    qtbot.keyClicks(headline.editor, "Storm hits Lisbonn harbour")
    assert [w for _s, _e, w in inspector.spell_marks["headline"].marks()] == ["Lisbonn"]
    assert headline.text() == "Storm hits Lisbonn harbour"  # marking changes no character
    assert "city" not in inspector.spell_marks  # names and places are not prose


@needs_hunspell
def test_add_to_dictionary_clears_the_word_s_findings_at_once(session, inspector, qtbot) -> None:
    # The second walk: Add "Ribeira" to Dictionary took the underline away, but the finding
    # stayed under the caption and in the Findings panel until something else rechecked.
    service = spell_service(session)
    service.load()
    qtbot.waitUntil(lambda: service.ready, timeout=10000)
    ids = add_caption_items(session, {"caption": "Residents wade through the Zorblat district. (AP Photo/Ann Lee)"},
                            {"caption": "Boats moored at Zorblat quay. (AP Photo/Ann Lee)"})
    gallery = session.catalog.create_gallery("Storm")
    session.catalog.add_to_gallery(gallery.id, ids)
    session.refresh_findings(ids)

    def spelling_words() -> dict[int, list[str]]:
        return {i: [f.message for f in fs if f.rule == "spelling"]
                for i, fs in session.catalog.findings(ids).items()}

    assert all(any("Zorblat" in m for m in ms) for ms in spelling_words().values())
    session.set_current_gallery(gallery)
    session.set_current(ids[:1])
    marks = inspector.spell_marks["caption"]
    with qtbot.waitSignal(session.findings_changed, timeout=5000):
        next(a for a in marks.build_menu(30).actions() if a.objectName() == "addToDictionary").trigger()
    assert spelling_words()[ids[0]] == []
    assert spelling_words()[ids[1]] == []  # the rest of the gallery shown, too


@needs_hunspell
def test_a_suggestion_replaces_a_misspelt_word_in_every_place_of_the_field(session, inspector, qtbot) -> None:
    """A spelling finding with several places: right click on one offers its suggestions for
    this place and, in a submenu, for every place of the word in the field, as one undo."""
    ids = add_caption_items(session, {"caption": "Firefigters arrive. Two firefigters and the Firefigters union."})
    session.refresh_findings(ids)
    session.set_current(ids)
    caption = inspector.editors["caption"]
    marks = inspector.spell_marks["caption"]
    service = spell_service(session)
    text = caption.text()
    places = [(i, i + 11) for i in range(len(text)) if text[i:i + 11].casefold() == "firefigters"]
    assert len(places) == 3  # "firefigters" too: the rule makes one finding of the word, whatever its case
    assert [(s, e) for s, e, f in caption.highlighter.spans() if f.rule == "spelling"] == places
    assert marks.places("Firefigters") == places
    qtbot.waitUntil(lambda: service.suggestions("Firefigters") is not None, timeout=30000)
    menu = marks.build_menu(places[2][0] + 2)
    every = next(a for a in menu.actions() if a.objectName() == "spellEverywhere")
    assert every.text() == "Replace All 3 \u201cFirefigters\u201d in This Field With"
    choice = next(a for a in every.menu().actions() if a.text() == "Firefighters")
    choice.trigger()
    assert caption.text() == "Firefighters arrive. Two firefighters and the Firefighters union."  # each in its case
    inspector.flush()
    assert session.catalog.item(ids[0]).fields["caption"] == caption.text()
    session.undo_stack.undo()
    assert session.catalog.item(ids[0]).fields["caption"] == text  # one edit, one undo
    # A word in one place offers no "everywhere".
    caption.editor.setPlainText("Firefigters arrive.")
    assert not any(a.objectName() == "spellEverywhere" for a in marks.build_menu(3).actions())


@needs_hunspell
def test_a_capitalised_word_is_offered_and_replaced_in_its_case(session, inspector, qtbot) -> None:
    """A sentence's first word, "Teh": the menu offered "Te", "Th", "Eh" and no "The" (Hunspell's
    capitalised lookup misses the dictionary's lower-case words). Its suggestions are in its case,
    "The" among the first, and "Replace All" writes each place in its own case."""
    ids = add_caption_items(session, {"caption": "Teh firefighters and teh union."})
    session.refresh_findings(ids)
    session.set_current(ids)
    caption = inspector.editors["caption"]
    marks = inspector.spell_marks["caption"]
    service = spell_service(session)
    qtbot.waitUntil(lambda: service.suggestions("Teh") is not None, timeout=30000)
    menu = marks.build_menu(1)
    shown = [a.text() for a in menu.actions() if a.objectName() == "spellSuggestion"]
    assert "The" in shown[:3] and all(s[:1].isupper() for s in shown), shown
    every = next(a for a in menu.actions() if a.objectName() == "spellEverywhere")
    next(a for a in every.menu().actions() if a.text() == "The").trigger()
    assert caption.text() == "The firefighters and the union."
