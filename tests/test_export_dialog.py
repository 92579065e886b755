"""File > Export… dialog: runs the export on the task runner, shows refusals, cancels cleanly."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("pytestqt")

from tests.test_export_gallery import add_error, build_base_catalog, gallery_ids, open_copy, read_csv  # noqa: E402
from ui.export_dialog import ExportDialog  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402


@pytest.fixture(scope="module")
def base_catalog(tmp_path_factory):
    return build_base_catalog(tmp_path_factory.mktemp("export_dialog_base"))


@pytest.fixture
def cat(base_catalog, tmp_path):
    c = open_copy(base_catalog, tmp_path)
    yield c
    c.close()


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.cancel_all()
    r.wait(5000)


@pytest.fixture
def dialog(qtbot, cat, runner):
    d = ExportDialog(cat, runner, gallery=cat.gallery("climate"))
    qtbot.addWidget(d)
    return d


def choose(dialog, fmt: str) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))


def test_format_choice_drives_options_and_extension(dialog, tmp_path):
    assert dialog.path.text().endswith("climate.pdf")  # named after the gallery, first format
    dialog.path.setText(str(tmp_path / "climate.pdf"))
    choose(dialog, "csv")
    assert dialog.path.text().endswith("climate.csv")
    assert dialog.bom.isEnabled() and not dialog.paper.isEnabled()
    choose(dialog, "html")
    assert dialog.path.text().endswith("climate.html") and dialog.paper.isEnabled() and not dialog.bom.isEnabled()


def test_exports_through_the_runner(dialog, qtbot, tmp_path):
    assert not dialog.progress.isVisibleTo(dialog)  # no empty bar before anything runs
    out = tmp_path / "climate.csv"
    choose(dialog, "csv")
    dialog.bom.setChecked(True)
    dialog.path.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].items == 3
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and len(read_csv(out)) == 3
    assert "Wrote" in dialog.status.text()
    assert dialog.export_button.isEnabled() and dialog.progress.value() == dialog.progress.maximum()
    assert dialog.progress.isVisibleTo(dialog)  # full: done


def test_refusal_is_shown_and_force_exports(dialog, qtbot, cat, tmp_path):
    add_error(cat, gallery_ids(cat)[0])
    out = tmp_path / "climate.pdf"
    choose(dialog, "pdf")
    dialog.path.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.task is None and "refused" in dialog.status.text(), timeout=20000)
    assert not out.exists() and not dialog.progress.isVisibleTo(dialog)
    dialog.force.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=30000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].pages == 1 and out.read_bytes().startswith(b"%PDF")


def test_cancel_writes_nothing(qtbot, cat, tmp_path):
    runner = TaskRunner()
    runner.pool.setMaxThreadCount(1)
    gate = threading.Event()
    runner.submit(lambda ctx: gate.wait(10), name="blocker")  # holds the only thread
    d = ExportDialog(cat, runner, gallery="climate", item_ids=gallery_ids(cat)[:2])
    qtbot.addWidget(d)
    assert "2 selected items" in d.what.text()
    out = tmp_path / "sel.html"
    choose(d, "html")
    d.path.setText(str(out))
    d.export_button.click()
    assert d.cancel_button.text() == "Cancel" and not d.export_button.isEnabled()
    d.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: d.task is None, timeout=20000)
    assert "cancelled" in d.status.text() and not out.exists()
    assert not list(tmp_path.glob("*.part"))
    runner.wait(5000)


def test_the_dialog_says_which_sheet_export_would_replace_and_when_it_was_written(dialog, qtbot, tmp_path):
    """The fourteenth walk exported Night B, changed a caption and pressed Export again: the
    proposed name was the same and the first sheet was replaced without a word."""
    import os  # noqa: PLC0415

    out = tmp_path / "climate.csv"
    choose(dialog, "csv")
    dialog.path.setText(str(out))
    assert not dialog.replaces.isVisibleTo(dialog) and dialog.replaces.text() == ""  # a new file
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    written = out.stat().st_mtime
    when = __import__("datetime").datetime.fromtimestamp(written)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S")
    # The file it just wrote is not "there already" (the sports-desk walk read that as a warning).
    assert dialog.replaces.text() == f"climate.csv was written by this export at {when:%H:%M:%S}."
    assert dialog.replaces.isVisibleTo(dialog)
    os.utime(out, (written - 3600, written - 3600))  # an hour older: the note follows the file
    dialog.path.setText(str(tmp_path / "other.csv"))
    assert dialog.replaces.text() == ""
    dialog.path.setText(str(out))  # changed since this export wrote it: the question again
    assert dialog.replaces.text().startswith("climate.csv is there already (written ")
    assert dialog.replaces.text().endswith("): Export replaces it.") and stamp not in dialog.replaces.text()
    dialog.path.setText(str(tmp_path))  # a folder is not a sheet to replace
    assert dialog.replaces.text() == ""


def test_the_replace_note_that_appears_after_an_export_is_not_cut_off(dialog, qtbot, tmp_path):
    """The sixteenth walk: after the export the note "breaking.pdf is there already (written
    ...): Export replaces it." appeared on two lines in a dialog that had not grown, so its
    second line was cut in half under the path field."""
    out = tmp_path / "climate.pdf"
    dialog.path.setText(str(out))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.force.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    qtbot.wait(50)  # the layout settles
    note = dialog.replaces
    assert note.isVisible() and note.text().startswith("climate.pdf was written by this export at ")
    assert note.height() >= note.heightForWidth(note.width())
    assert dialog.status.height() >= dialog.status.heightForWidth(dialog.status.width())


def test_after_an_export_the_dialog_offers_to_open_its_folder(dialog, qtbot, tmp_path, monkeypatch):
    """The sports-desk walk: the sheet written, the editor went looking for it."""
    from PySide6.QtGui import QDesktopServices  # noqa: PLC0415

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    (tmp_path / "sheets").mkdir()
    out = tmp_path / "sheets" / "climate.csv"
    out.write_text("an older sheet", encoding="utf-8")
    choose(dialog, "csv")
    dialog.path.setText(str(out))
    assert dialog.replaces.text().startswith("climate.csv is there already")  # before: the question stands
    assert dialog.open_folder_button.isHidden()
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    assert not dialog.open_folder_button.isHidden()
    dialog.open_folder_button.click()
    assert opened == [str((tmp_path / "sheets").resolve())]


def test_the_paper_is_the_one_chosen_last_else_the_locale_s(qtbot, cat, runner, tmp_path):
    """walk18, a US sports desk: every export dialog proposed A4, chosen again each night; the
    format and the folder were remembered, the paper was not. A US locale proposes Letter."""
    from PySide6.QtCore import QLocale, QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    before = QLocale()
    # An A4 locale first, whatever the machine's (a US developer's en_US proposed Letter and
    # failed this test): the locale's paper, then the one chosen last, then a Letter locale's.
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        first = ExportDialog(cat, runner, gallery=cat.gallery("climate"), settings=settings)
        qtbot.addWidget(first)
        assert first.paper.currentData() == "A4"
        first.paper.setCurrentIndex(first.paper.findData("LETTER"))
        first.path.setText(str(tmp_path / "climate.pdf"))
        first.start()
        qtbot.waitUntil(lambda: first.report is not None, timeout=30000)
        again = ExportDialog(cat, runner, gallery=cat.gallery("climate"), settings=settings)
        qtbot.addWidget(again)
        assert again.paper.currentData() == "LETTER"

        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        us = ExportDialog(cat, runner, gallery=cat.gallery("climate"))
        qtbot.addWidget(us)
        assert us.paper.currentData() == "LETTER"
    finally:
        QLocale.setDefault(before)
