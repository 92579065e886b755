"""An edit shown as "old -> new" on one line (creditline write, the write dialog): two long texts
are cut around where they first differ, so the change itself is always in view."""

from __future__ import annotations

from app.commands.write import _show_change
from app.terminal import around_change

BRAGA = ("A municipal worker clears a tree that fell on parked cars in Braga, Portugal, on March 12, "
         "2026, when gusts of 130 km/h swept the north of the country.")
COIMBRA = ("Volunteers stack sandbags in front of shops in Coimbra, Portugal, Monday, March 11, 2026, "
           "as the Mondego River rose for a second day. (AP Photo/Duarte Bettencourt)")


def test_short_texts_are_whole() -> None:
    assert around_change("Storm day 0", "Porto under water", 36) == ("Storm day 0", "Porto under water")


def test_a_credit_added_at_the_end_of_a_long_caption_is_seen() -> None:
    old, new = around_change(BRAGA, BRAGA + " REUTERS/Rita Lopes", 120, "...")
    assert old != new and new.endswith("REUTERS/Rita Lopes") and old.startswith("...")
    assert len(old) <= 120 and len(new) <= 120
    line = _show_change(BRAGA, BRAGA + " REUTERS/Rita Lopes")
    assert "REUTERS/Rita Lopes" in line


def test_a_change_near_the_start_keeps_the_start() -> None:
    old, new = around_change(COIMBRA, COIMBRA.replace("Monday", "Wednesday"), 120, "...")
    assert old == COIMBRA[:117] + "..."  # the output creditline write always gave
    assert "Wednesday" in new


def test_a_narrow_list_shows_the_changed_word() -> None:
    old, new = around_change(COIMBRA, COIMBRA.replace("Monday", "Wednesday"), 36)
    assert "Monday" in old and "Wednesday" in new
    assert old.startswith("…") and old.endswith("…") and len(old) <= 36 and len(new) <= 36


def test_lists_are_shown_whole() -> None:
    assert _show_change([], ["Rita Lopes"]) == '[] -> ["Rita Lopes"]'


def test_the_write_dialog_cuts_both_captions_at_the_change() -> None:
    import pytest  # noqa: PLC0415

    pytest.importorskip("PySide6")
    from ui.write_dialog import _change  # noqa: PLC0415

    old, new = _change(COIMBRA, COIMBRA.replace("Monday", "Wednesday"), "caption")
    assert "Monday" in old and "Wednesday" in new
    assert _change("", "Porto", "city") == ("blank", "“Porto”")


def test_the_write_dialog_shows_the_changed_words_whole() -> None:
    """The walk: a credit added to a caption showed as "…2019. (AP Photo/Yann Kerbr…" and a
    29-character headline as "Farmers Protest in Sacramen…" (28 characters either side)."""
    import pytest  # noqa: PLC0415

    pytest.importorskip("PySide6")
    from ui.write_dialog import _change  # noqa: PLC0415

    madrid = ("Police officers stand guard outside the courthouse before the verdict in the trial of "
              "former minister Rudolf Kastelberg in Madrid on May 5, 2019.")
    old, new = _change(madrid, madrid + " (AP Photo/Yann Kerbrat)", "caption")
    assert new.endswith("2019. (AP Photo/Yann Kerbrat)”") and new.startswith("“…")
    assert old.endswith("May 5, 2019.”")
    assert _change("Farmers Protest in Sacramento", "Farmers protest in Sacramento", "headline") == (
        "“Farmers Protest in Sacramento”", "“Farmers protest in Sacramento”")
    old, new = _change(COIMBRA, COIMBRA.replace("Monday", "Wednesday"), "caption")
    assert "Portugal, Monday, March 11" in old and "Portugal, Wednesday, March 11" in new
    assert len(new) < len(COIMBRA)  # cut: the unchanged end is left out


def test_around_diff_cuts_a_long_change_and_keeps_word_edges() -> None:
    from app.terminal import around_diff  # noqa: PLC0415

    old, new = around_diff(BRAGA, "x" * 300, most=90)
    assert len(new) <= 92 and new.endswith("…")
    old, new = around_diff(BRAGA, BRAGA.replace("Braga", "Guimarães"))
    assert old.startswith("…") and " Braga, " in old and " Guimarães, " in new
    assert not old.removeprefix("…").startswith(("ar ", "cars"))  # begins at a word
    # A long sentence added: cut after a whole word, not inside one ("… above the river w…").
    added = BRAGA + " Officials said the evacuation of the hillside villages above the river would continue."
    old, new = around_diff(BRAGA, added)
    words = added.split()
    assert new.endswith("…") and new.removesuffix("…").split()[-1] in words
    assert len(new) <= 92
