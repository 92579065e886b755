"""Content Credentials, digital source type and the signer in the app, driven as a user does:
the badge drawn on the tiles, the inspector's line and details, the source type menu, the
Settings signer, the question before writing signed photos, the gallery flags."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton  # noqa: E402

from app import provenance as pv  # noqa: E402
from app.importer import import_paths  # noqa: E402
from app.metadata.read import read_file  # noqa: E402
from tests.c2pa_fixtures import IPTC, make_chain, sign, tamper  # noqa: E402
from tests.imagefactory import make_photo  # noqa: E402
from tests.uisession import open_window  # noqa: E402
from ui.inspector import Inspector  # noqa: E402
from ui.provenance import BADGE_COLORS, SignerBox, ask_signed_mode  # noqa: E402

CAPTION = "Residents wade through a flooded street in Porto, Portugal, March 10, 2026. (AP Photo/Marta Quintela)"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    return make_chain(tmp_path_factory.mktemp("chain"))


def _signed_folder(tmp_path, chain):
    """valid.jpg (signed), broken.jpg (a byte of its image changed), plain.jpg (none)."""
    folder = tmp_path / "photos"
    folder.mkdir()
    src = make_photo(tmp_path / "src.jpg", fields={"caption": CAPTION, "headline": "Porto floods"},
                     width=900, height=600, color=(60, 120, 180))
    signed = sign(src.read_bytes(), chain, title="valid.jpg")
    (folder / "a-valid.jpg").write_bytes(signed)
    (folder / "b-broken.jpg").write_bytes(tamper(signed))
    make_photo(folder / "c-plain.jpg", fields={"caption": CAPTION}, width=900, height=600, color=(60, 120, 180))
    return folder


@pytest.fixture
def signed_catalog(catalog, chain, tmp_path):
    catalog.set_setting(pv.SETTING_TRUST, str(chain.ca))
    catalog.set_setting(pv.SETTING_SIGNER, pv.SignerConfig(str(chain.cert), str(chain.key)).to_json())
    summary = import_paths(catalog, [_signed_folder(tmp_path, chain)], gallery="Floods", jobs=1)
    return catalog, summary.item_ids


def _pixel_near(img, rect, target) -> bool:
    """A pixel of colour ``target`` in the bottom-left of ``rect`` (where the badge is drawn)."""
    x0, x1 = rect.left(), rect.left() + rect.width() // 3
    y0, y1 = rect.top() + rect.height() // 2, rect.bottom()
    for x in range(x0, x1, 2):
        for y in range(y0, y1, 2):
            c = img.pixelColor(x, y)
            if abs(c.red() - target.red()) < 12 and abs(c.green() - target.green()) < 12 \
                    and abs(c.blue() - target.blue()) < 12:
                return True
    return False


def test_tiles_carry_the_badge_of_their_state(qtbot, signed_catalog, settings):
    cat, ids = signed_catalog
    w = open_window(qtbot, cat, settings)
    view = w.grid
    qtbot.waitUntil(lambda: w.model.rowCount() == 3, timeout=5000)
    img = view.viewport().grab().toImage()
    rects = [view.visualRect(w.model.index(r, 0)) for r in range(3)]
    assert _pixel_near(img, rects[0], BADGE_COLORS["valid"])
    assert _pixel_near(img, rects[1], BADGE_COLORS["invalid"])
    assert not _pixel_near(img, rects[2], BADGE_COLORS["valid"]) and not _pixel_near(img, rects[2],
                                                                                      BADGE_COLORS["invalid"])
    from ui.models import ProvenanceRole

    assert [w.model.index(r, 0).data(ProvenanceRole) for r in range(3)] == ["valid", "invalid", None]


def test_inspector_line_and_details(qtbot, session, chain, tmp_path):
    session.catalog.set_setting(pv.SETTING_TRUST, str(chain.ca))
    ids = import_paths(session.catalog, [_signed_folder(tmp_path, chain)], jobs=1).item_ids
    insp = Inspector(session)
    qtbot.addWidget(insp)
    insp.resize(420, 900)
    insp.show()
    insp.load([ids[0]])
    assert insp.provenance.isVisible()
    assert "Content Credentials valid — signed by Creditline TEST signer" in insp.provenance.text.text()
    qtbot.mouseClick(insp.provenance.details, Qt.MouseButton.LeftButton)
    dialog = insp.provenance.dialog
    text = dialog.findChild(type(dialog.layout().itemAt(0).widget())).toPlainText()
    assert "c2pa.created" in text and "made with: TestWire 1.0" in text
    dialog.reject()
    insp.load([ids[1]])
    assert "invalid" in insp.provenance.text.text() and "assertion.dataHash.mismatch" in insp.provenance.text.text()
    insp.load([ids[2]])
    assert "No Content Credentials" in insp.provenance.text.text() and not insp.provenance.details.isVisible()
    insp.load(ids)
    assert "2 of 3 photos signed (1 valid, 1 invalid)" in insp.provenance.text.text()


def test_source_type_menu_sets_the_uri_and_shows_plain_words(qtbot, session):
    (item_id,) = [session.catalog.add_caption_item({"caption": CAPTION})]
    insp = Inspector(session)
    qtbot.addWidget(insp)
    insp.show()
    insp.load([item_id])
    ed = insp.editors["digital_source_type"]
    menu = ed.source_type_menu.menu()
    [action] = [a for a in menu.actions() if a.text() == "AI-generated (trained model)"]
    action.trigger()
    assert session.catalog.item(item_id).fields["digital_source_type"] == IPTC + "trainedAlgorithmicMedia"
    assert ed.source_type_hint.text() == "AI-generated (trained model) — the caption must disclose it"
    session.undo_stack.undo()
    assert session.catalog.item(item_id).fields["digital_source_type"] == ""
    assert ed.source_type_hint.isHidden()


def test_settings_signer_box_checks_and_stores(qtbot, catalog, chain):
    box = SignerBox(catalog)
    qtbot.addWidget(box)
    box.cert.setText(str(chain.cert))
    box.key.setText(str(chain.ca))  # not a key
    assert "Signer:" in box.problem() and "#d93025" in box.status.text()
    assert not box.apply() and pv.signer_config(catalog) is None
    box.key.setText(str(chain.key))
    box.trust.setText(str(chain.ca))
    assert box.problem() is None and "Ready to sign" in box.status.text()
    assert box.apply() is True  # the trust list changed
    assert pv.signer_config(catalog) == pv.SignerConfig(str(chain.cert), str(chain.key), "es256", "")
    assert catalog.get_setting(pv.SETTING_TRUST) == str(chain.ca)


def _click_when_shown(text: str) -> None:
    def click() -> None:
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible():
                [b] = [b for b in box.findChildren(QPushButton) if b.text() == text]
                b.click()
                return
        QTimer.singleShot(50, click)
    QTimer.singleShot(50, click)


def _write_from_the_dialog(qtbot, w, answer: str) -> None:  # noqa: ANN001
    """File > Write Selection: the list of what will be written, then "Write", then the question
    about the signed photos, answered with ``answer``."""
    w.act_write.trigger()
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    assert dlg.write_button.isEnabled()
    _click_when_shown(answer)
    dlg.write_button.click()


def test_writing_a_signed_photo_asks_and_resigns(qtbot, signed_catalog, settings, chain):
    cat, ids = signed_catalog
    cat.set_fields(ids[0], {"headline": "Porto floods overnight"})
    w = open_window(qtbot, cat, settings)
    assert cat.intact_signed_ids(ids) == [ids[0]]
    _click_when_shown("Write and re-sign")
    assert ask_signed_mode(w, cat, ids) == "resign"
    _click_when_shown("Cancel")
    assert ask_signed_mode(w, cat, ids) is None
    assert ask_signed_mode(w, cat, ids[1:]) == "skip"  # nothing intact among them: no question

    w.grid.setFocus()
    w.grid.setCurrentIndex(w.model.index(0, 0))
    _write_from_the_dialog(qtbot, w, "Write and re-sign")
    qtbot.waitUntil(lambda: cat.item(ids[0]).changed_fields() == [], timeout=20000)
    path = cat.item(ids[0]).path
    p = pv.read_path(path, chain.ca.read_text())
    assert p.state == "valid" and [a["action"] for a in p.actions] == ["c2pa.opened", pv.EDIT_ACTION]
    assert read_file(path).fields["headline"].value == "Porto floods overnight"


def test_write_anyway_invalidates_and_the_tile_says_so(qtbot, signed_catalog, settings):
    cat, ids = signed_catalog
    cat.set_fields(ids[0], {"headline": "Porto floods overnight"})
    w = open_window(qtbot, cat, settings)
    w.grid.setFocus()
    w.grid.setCurrentIndex(w.model.index(0, 0))
    _write_from_the_dialog(qtbot, w, "Write anyway")
    qtbot.waitUntil(lambda: cat.item(ids[0]).c2pa_state == "invalid", timeout=20000)
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    # What the write did to the credentials is said in the list, as `creditline write` says it.
    assert "Warning: its Content Credentials are now invalid" in dlg.listing()
    from ui.models import ProvenanceRole

    qtbot.waitUntil(lambda: w.model.index(0, 0).data(ProvenanceRole) == "invalid", timeout=5000)


def test_a_photo_written_to_its_sidecar_is_written_and_quitting_does_not_ask(qtbot, signed_catalog, settings):
    """sidecar36 (walk18): after Ctrl+S wrote a signed photo's edits to its XMP sidecar, the photo
    stayed "✎ not written": Ctrl+S listed it as "will be written" and then reported "unchanged:
    nothing to write", and every quit asked about edits not written. The sidecar holds them."""
    from ui.models import PendingRole  # noqa: PLC0415

    cat, ids = signed_catalog
    photo = cat.item(ids[0]).path
    before = open(photo, "rb").read()  # noqa: PTH123, SIM115
    cat.set_fields(ids[0], {"headline": "Porto floods overnight"})
    w = open_window(qtbot, cat, settings)
    w.grid.setFocus()
    w.grid.setCurrentIndex(w.model.index(0, 0))
    _write_from_the_dialog(qtbot, w, "XMP sidecar only")
    qtbot.waitUntil(lambda: w.open_dialog.report is not None, timeout=20000)
    assert w.open_dialog.report.written == 1
    w.open_dialog.reject()

    assert open(photo, "rb").read() == before  # noqa: PTH123, SIM115 - signed bytes, byte for byte
    assert cat.pending_ids() == [] and cat.item(ids[0]).fields["headline"] == "Porto floods overnight"
    qtbot.waitUntil(lambda: w.model.index(0, 0).data(PendingRole) == 0, timeout=5000)
    qtbot.waitUntil(lambda: "Written to its XMP sidecar a-valid.xmp (the photo and its Content Credentials "
                            "untouched)." in w.inspector.summary.text(), timeout=5000)
    assert "Written to its XMP sidecar a-valid.xmp" in w.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)

    w.act_write_pending.trigger()  # Ctrl+S: nothing is listed as "will be written"
    dlg = w.open_dialog
    qtbot.waitUntil(lambda: dlg.planned is not None, timeout=20000)
    assert dlg.planned_ids() == [] and not dlg.write_button.isEnabled()
    dlg.reject()

    asked = []
    w.warn_unwritten = True  # ui.app.run_app turns it on
    w.confirm_unwritten = lambda n, blocked=(): asked.append(n) or "cancel"
    w.close()
    assert asked == [] and not w.isVisible()


def test_gallery_flags_from_the_sidebar_menu(qtbot, signed_catalog, settings):
    cat, _ids = signed_catalog
    w = open_window(qtbot, cat, settings)
    g = cat.gallery("Floods")
    from PySide6.QtWidgets import QMenu

    from ui.provenance import add_gallery_flag_actions

    changed = []
    menu = QMenu()
    add_gallery_flag_actions(menu, cat, g.id, lambda: changed.append(1))
    [web] = [a for a in menu.actions() if a.text() == "For the web"]
    assert not web.isChecked()
    web.trigger()
    assert cat.gallery(g.id).web and changed
    # the sidebar's own context menu offers them
    item = w.sidebar.findItems("Floods", Qt.MatchFlag.MatchRecursive)[0]
    pos = w.sidebar.visualItemRect(item).center()
    shown = []

    def grab_menu() -> None:
        for m in QApplication.topLevelWidgets():
            if isinstance(m, QMenu) and m.isVisible():
                shown.append([a.text() for a in m.actions()])
                m.close()
                return
        QTimer.singleShot(50, grab_menu)

    QTimer.singleShot(50, grab_menu)
    w.sidebar._context_menu(QPoint(pos.x(), pos.y()))
    assert shown and "News gallery" in shown[0] and "For the web" in shown[0]


def test_settings_dialog_stores_the_signer_and_a_stale_one_never_blocks_ok(qtbot, session, chain, tmp_path):
    from ui.settings_dialog import SettingsDialog

    gone = pv.SignerConfig(str(tmp_path / "gone.pem"), str(tmp_path / "gone.key"))
    session.catalog.set_setting(pv.SETTING_SIGNER, gone.to_json())
    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    assert "gone.pem" in dlg.signer.status.text()  # says what is wrong...
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted  # ...but does not stop the other settings
    assert pv.signer_config(session.catalog) == gone

    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    dlg.signer.cert.setText(str(chain.cert))
    dlg.signer.key.setText(str(chain.cert))  # typed wrong: the dialog stays open
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted and pv.signer_config(session.catalog) == gone
    dlg.signer.key.setText(str(chain.key))
    dlg.signer.trust.setText(str(chain.ca))
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert pv.signer_config(session.catalog).key == str(chain.key)
    assert session.catalog.get_setting(pv.SETTING_TRUST) == str(chain.ca)


def test_the_quit_prompt_names_a_signed_photo_its_write_skipped_and_says_why(qtbot, signed_catalog, settings):
    """Left by the walks: a write that skipped a signed photo (to keep its Content Credentials
    valid) left the quit prompt saying only "1 photo has edits … not yet in the files": an
    editor quit believing all was written but that one. The prompt names it and says why."""
    from app.writeback import write_items  # noqa: PLC0415

    cat, ids = signed_catalog
    valid, broken, plain = ids
    for item_id in (valid, plain):
        cat.set_fields(item_id, {"headline": "Porto floods, edited"})
    report = write_items(cat, [valid, plain])  # signed="skip": the signed photo is left alone
    assert (report.skipped, report.written) == (1, 1)
    w = open_window(qtbot, cat, settings)
    count, blocked = w._unwritten_question()
    assert (count, blocked) == (1, [])  # Write is offered: it asks what to do with the signed photo
    text = w.unwritten_prompt(count, blocked)
    assert ("The last write of a-valid.jpg skipped it: it carries Content Credentials that writing would "
            "invalidate, so its edits are only in the catalog.") in text
    assert "an XMP sidecar beside the photo, or write and sign again" in text
    assert "failed" not in text
    w.close()


def test_the_quit_prompt_says_photos_a_write_skipped_in_plain_words():
    """Several signed photos skipped are counted and named; one skipped because it changed on
    disk says that reason (neither is said to have failed)."""
    from ui.main_window import unwritten_text  # noqa: PLC0415

    text = unwritten_text(3, signed=["/p/a.jpg", "/p/b.jpg"],
                          skipped=[("/p/c.jpg", "changed on disk since it was read: its content changed")])
    assert "The last write of 2 photos (a.jpg, b.jpg) skipped them: they carry Content Credentials" in text
    assert "so their edits are only in the catalog. Write… asks what to do with them" in text
    assert "The last write of c.jpg skipped it: changed on disk since it was read: its content changed." in text
    assert "failed" not in text
