"""File > Import asks where the photos go (the sports-desk walk's first import after `make run`
went into the demo gallery that happened to be selected, unasked)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog  # noqa: E402

from tests.imagefactory import make_photo  # noqa: E402
from ui.import_worker import ImportDestinationDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.sidebar import Source  # noqa: E402


def _window(qtbot, cat, settings):
    w = MainWindow(cat, settings, import_jobs=1)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w._panels_built, timeout=10000)
    return w


def _answer(monkeypatch, choose):
    """The destination dialog answered by ``choose(dialog)``; what it showed is kept."""
    seen: list[dict] = []

    def exec_(dialog):
        seen.append({"shown": not dialog.shown.isHidden() and dialog.shown.text(),
                     "checked": [b.text() for b in (dialog.library, dialog.shown, dialog.new) if b.isChecked()]})
        if not choose(dialog):
            dialog.reject()
            return 0
        dialog.accept()
        return 1

    monkeypatch.setattr(ImportDestinationDialog, "exec", exec_)
    return seen


def _import_from_menu(qtbot, w, monkeypatch, paths):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(p) for p in paths], "")))
    w.act_import.trigger()
    qtbot.waitUntil(lambda: not w.importer.running, timeout=60000)
    qtbot.waitUntil(lambda: not w.runner.active(), timeout=20000)


def test_import_with_a_gallery_shown_asks_and_can_keep_the_photos_out_of_it(qtbot, catalog, settings, tmp_path,
                                                                            monkeypatch):
    demo = catalog.create_gallery("Storm Elowen (demo)")
    storm = [catalog.add_caption_item({"caption": "Waves hit Porto. (AP Photo/Marta Quintela)"})]
    catalog.add_to_gallery(demo.id, storm)  # the demo's gallery holds its photos
    w = _window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", demo.id))
    qtbot.waitUntil(lambda: w._source.is_gallery, timeout=5000)

    seen = _answer(monkeypatch, lambda d: d.library.setChecked(True) or True)
    _import_from_menu(qtbot, w, monkeypatch, [make_photo(tmp_path / "a.jpg")])

    assert seen[0]["shown"] == "The gallery \u201cStorm Elowen (demo)\u201d"
    assert len(catalog.item_ids()) == 2 and catalog.gallery_item_ids(demo.id) == storm

    # Remembered: the next import offers the library first, with the demo gallery still shown.
    _import_from_menu(qtbot, w, monkeypatch, [make_photo(tmp_path / "b.jpg")])
    assert seen[1]["checked"] == ["No gallery (the library only)"]
    assert len(catalog.item_ids()) == 3 and catalog.gallery_item_ids(demo.id) == storm


def test_import_into_the_gallery_shown_or_a_new_one_by_name(qtbot, catalog, settings, tmp_path, monkeypatch):
    demo = catalog.create_gallery("Storm Elowen (demo)")
    w = _window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", demo.id))
    qtbot.waitUntil(lambda: w._source.is_gallery, timeout=5000)

    _answer(monkeypatch, lambda d: d.shown.setChecked(True) or True)
    _import_from_menu(qtbot, w, monkeypatch, [make_photo(tmp_path / "a.jpg")])
    assert len(catalog.gallery_item_ids(demo.id)) == 1 and w._source == Source("gallery", demo.id)

    def new(dialog):
        dialog.new.setChecked(True)
        dialog.name.setText("  Herons vs Lakeview ")
        return True

    seen = _answer(monkeypatch, new)
    _import_from_menu(qtbot, w, monkeypatch, [make_photo(tmp_path / "b.jpg")])
    herons = catalog.gallery("Herons vs Lakeview")
    assert len(catalog.gallery_item_ids(herons.id)) == 1 and len(catalog.gallery_item_ids(demo.id)) == 1
    assert w._source == Source("gallery", herons.id)  # shown: the photos are looked at there next

    # Cancel imports nothing.
    _answer(monkeypatch, lambda d: False)
    _import_from_menu(qtbot, w, monkeypatch, [make_photo(tmp_path / "c.jpg")])
    assert len(catalog.item_ids()) == 2 and len(seen) == 1


def test_with_the_library_shown_there_is_no_gallery_shown_to_offer(qtbot, settings):
    settings.setValue("import_destination", "shown")  # remembered from an import into a gallery
    dialog = ImportDestinationDialog("3 photos", None, settings)
    qtbot.addWidget(dialog)
    assert dialog.library.isChecked() and dialog.shown.isHidden() and dialog.gallery() is None


def test_a_new_gallery_needs_a_name_and_a_name_taken_says_so(qtbot, settings):
    dialog = ImportDestinationDialog("the folder \u201cherons\u201d", "Storm", settings, existing=["Storm", "herons"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Import"
    dialog.new.setChecked(True)
    assert not ok.isEnabled()
    dialog.name.setText("herons")
    assert ok.isEnabled() and dialog.note.text() == "A gallery named \u201cherons\u201d exists: the photos join it."
    assert dialog.gallery() == "herons"


def test_an_empty_gallery_shown_is_offered_first_whatever_was_remembered(qtbot, catalog, settings, tmp_path,
                                                                         monkeypatch):
    """walk19 made "España, lunes 7 de diciembre" for the night's photos and pressed Import: the
    dialog proposed the library only, and Import would have left the new gallery empty."""
    settings.setValue("import_destination", "library")  # remembered from the demo's gallery
    night = catalog.create_gallery("España, lunes 7 de diciembre")
    w = _window(qtbot, catalog, settings)
    w.sidebar.select_source(Source("gallery", night.id))
    qtbot.waitUntil(lambda: w._source.is_gallery, timeout=5000)

    seen = _answer(monkeypatch, lambda d: True)  # Import pressed as proposed
    _import_from_menu(qtbot, w, monkeypatch, [make_photo(tmp_path / "a.jpg")])
    assert seen[0]["checked"] == ["The gallery \u201cEspaña, lunes 7 de diciembre\u201d"]
    assert len(catalog.gallery_item_ids(night.id)) == 1

    # Once it holds photos, the remembered choice is proposed again (the sports desk's demo case).
    settings.setValue("import_destination", "library")
    _import_from_menu(qtbot, w, monkeypatch, [make_photo(tmp_path / "b.jpg")])
    assert seen[1]["checked"] == ["No gallery (the library only)"]
    assert len(catalog.gallery_item_ids(night.id)) == 1
