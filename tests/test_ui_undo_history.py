"""The undo history outlives a quit (left35): an editor who opens the catalog again expects
Undo to undo the last edit. The steps are kept in the catalog, bounded, and only those the
catalog still agrees with are taken up."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app.catalog import Catalog  # noqa: E402
from tests.uisession import open_window  # noqa: E402
from ui.sidebar import Source  # noqa: E402
from ui.undo import HISTORY_SETTING, HISTORY_STEPS  # noqa: E402


def _idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=30000)


def _close(qtbot, w) -> None:
    w.warn_unwritten = False
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=20000)


def _reopen(qtbot, path, settings):
    cat = Catalog.open(path)
    return cat, open_window(qtbot, cat, settings)


def test_undo_after_reopening_undoes_the_last_edits(qtbot, catalog_path, settings):
    cat = Catalog.open(catalog_path)
    a, b, c = (cat.add_caption_item({"headline": f"Flood {n}", "caption": f"Water rises, day {n}."}) for n in range(3))
    gallery = cat.create_gallery("Floods")
    cat.add_to_gallery(gallery.id, [a, b, c])
    w = open_window(qtbot, cat, settings)
    w.session.edit_fields({a: {"headline": "Porto under water"}}, "Edit Headline")
    w.session.edit_fields({a: {"caption": "The Douro rises."}, b: {"caption": "The Douro rises."}},
                          "Edit Caption on 2 items")
    w.sidebar.select_source(Source("gallery", gallery.id))
    _idle(qtbot, w)
    w.select_ids([c])
    w.act_remove.trigger()
    _idle(qtbot, w)
    assert cat.gallery_item_ids(gallery.id) == [a, b]
    _close(qtbot, w)
    cat.close()

    cat, w = _reopen(qtbot, catalog_path, settings)
    try:
        assert w.act_undo.isEnabled() and w.act_undo.text() == "&Undo Remove 1 Photo from Gallery"
        w.act_undo.trigger()
        _idle(qtbot, w)
        assert cat.gallery_item_ids(gallery.id) == [a, b, c]
        w.act_undo.trigger()
        _idle(qtbot, w)
        assert [cat.item(i).fields["caption"] for i in (a, b)] == ["Water rises, day 0.", "Water rises, day 1."]
        w.act_undo.trigger()
        _idle(qtbot, w)
        assert cat.item(a).fields["headline"] == "Flood 0"
        assert not w.act_undo.isEnabled()
        w.act_redo.trigger()  # and Redo puts it back
        _idle(qtbot, w)
        assert cat.item(a).fields["headline"] == "Porto under water"
    finally:
        _close(qtbot, w)
        cat.close()


def test_a_step_changed_since_elsewhere_ends_the_history_there(qtbot, catalog_path, settings):
    cat = Catalog.open(catalog_path)
    a = cat.add_caption_item({"headline": "Flood", "caption": "Water rises."})
    w = open_window(qtbot, cat, settings)
    w.session.edit_fields({a: {"headline": "Flood in Porto"}}, "Edit Headline")
    w.session.edit_fields({a: {"caption": "The Douro rises."}}, "Edit Caption")
    _close(qtbot, w)
    cat.close()
    other = Catalog.open(catalog_path)  # the command line, say, while the app was closed
    other.set_fields(a, {"headline": "Floods in the north"})
    other.close()

    cat, w = _reopen(qtbot, catalog_path, settings)
    try:
        assert w.act_undo.text() == "&Undo Edit Caption"
        w.act_undo.trigger()
        _idle(qtbot, w)
        assert cat.item(a).fields["caption"] == "Water rises."
        assert not w.act_undo.isEnabled()  # never "Flood" over the newer headline
        assert cat.item(a).fields["headline"] == "Floods in the north"
    finally:
        _close(qtbot, w)
        cat.close()


def test_the_history_kept_is_bounded(qtbot, catalog_path, settings):
    cat = Catalog.open(catalog_path)
    a = cat.add_caption_item({"headline": "Flood"})
    w = open_window(qtbot, cat, settings)
    for n in range(HISTORY_STEPS + 10):
        w.session.edit_fields({a: {"headline": f"Flood {n}"}}, "Edit Headline")
    _close(qtbot, w)
    kept = cat.get_setting(HISTORY_SETTING)
    assert len(kept) == HISTORY_STEPS and kept[-1]["new"] == {str(a): {"headline": f"Flood {HISTORY_STEPS + 9}"}}
    cat.close()


@pytest.mark.parametrize("ended", [False, True], ids=["running", "ended"])
def test_a_close_while_a_background_save_runs_keeps_the_history(qtbot, catalog_path, settings, monkeypatch,
                                                                 ended):
    # An editor who quits while a big edit is being saved: the window closes once the save
    # has landed, and the history it closes with holds that edit and the ones before it.
    import ui.session  # noqa: PLC0415

    monkeypatch.setattr(ui.session, "BACKGROUND_LIMIT", 1)
    cat = Catalog.open(catalog_path)
    a, b = (cat.add_caption_item({"headline": f"Flood {n}", "caption": f"Water rises, day {n}."}) for n in range(2))
    w = open_window(qtbot, cat, settings)
    w.session.edit_fields({a: {"headline": "Porto under water"}}, "Edit Headline")
    w.session.edit_fields({a: {"caption": "The Douro rises."}, b: {"caption": "The Douro rises."}},
                          "Edit Caption on 2 items")
    assert w.session.is_saving()
    if ended:  # the save has ended, its report not yet handled when the window closes
        assert w.runner.wait(30000)
    _close(qtbot, w)
    assert [cat.item(i).fields["caption"] for i in (a, b)] == ["The Douro rises."] * 2
    kept = cat.get_setting(HISTORY_SETTING)
    assert [step["text"] for step in kept or []] == ["Edit Headline", "Edit Caption on 2 items"]
    cat.close()

    cat, w = _reopen(qtbot, catalog_path, settings)
    try:
        assert w.act_undo.text() == "&Undo Edit Caption on 2 items"
        w.act_undo.trigger()
        _idle(qtbot, w)
        assert [cat.item(i).fields["caption"] for i in (a, b)] == ["Water rises, day 0.", "Water rises, day 1."]
    finally:
        _close(qtbot, w)
        cat.close()


def test_a_switch_just_after_a_background_save_keeps_the_history(qtbot, catalog_path, settings, monkeypatch,
                                                                   tmp_path):
    import ui.session  # noqa: PLC0415

    monkeypatch.setattr(ui.session, "BACKGROUND_LIMIT", 1)
    cat = Catalog.open(catalog_path)
    a, b = (cat.add_caption_item({"caption": f"Water rises, day {n}."}) for n in range(2))
    other = tmp_path / "other.sqlite"
    Catalog.open(other).close()
    w = open_window(qtbot, cat, settings)
    try:
        w.session.edit_fields({a: {"caption": "The Douro rises."}, b: {"caption": "The Douro rises."}},
                              "Edit Caption on 2 items")
        assert w.runner.wait(30000)  # ended; its report not handled yet
        monkeypatch.setattr(w, "confirm_cancel_tasks", lambda names: True)  # "Saving 2 items is running"
        with qtbot.waitSignal(w.catalog_switched, timeout=20000):
            assert w.switch_catalog(str(other), create=False)
        kept = Catalog.open(catalog_path)
        try:
            assert [step["text"] for step in kept.get_setting(HISTORY_SETTING) or []] == ["Edit Caption on 2 items"]
        finally:
            kept.close()
    finally:
        _close(qtbot, w)
        w.catalog.close()
