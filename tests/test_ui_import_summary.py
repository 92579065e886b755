"""The import summary shows unreadable folders and names that are not UTF-8 readably (issue 11 #6, #9)."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("PySide6")

from app.importer import ImportSummary  # noqa: E402
from ui.import_worker import ImportSummaryDialog, summary_text  # noqa: E402


def test_the_summary_names_unreadable_folders_and_odd_names(qtbot):
    odd = os.fsdecode(b"/photos/caf\xe9.jpg")
    summary = ImportSummary(total=3, added=1, failed=1, unreadable_folders=1,
                            failures=[(odd, "not a regular file: a FIFO (named pipe)"),
                                      ("/photos/secret", "cannot read folder: Permission denied")])
    assert "1 failed" in summary_text(summary) and "1 folder unreadable" in summary_text(summary)
    dialog = ImportSummaryDialog(summary)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text() == "/photos/caf\\xe9.jpg"
    assert dialog.table.item(1, 1).text() == "cannot read folder: Permission denied"


def test_one_file_that_is_not_a_photo_is_counted_in_the_singular():
    """The walk: a folder of wire photos with a truth.jsonl beside them said "1 not photos"."""
    assert summary_text(ImportSummary(total=68, added=67, skipped=1)) == "Imported 67 new, 1 not a photo"
    assert summary_text(ImportSummary(total=69, added=67, skipped=2)) == "Imported 67 new, 2 not photos"


def test_a_cancelled_import_says_what_the_cancel_stopped():
    """The walk: Cancel pressed while 1,500 wire photos imported said "Imported 1500 new, … —
    cancelled": every photo was in, only the thumbnails had stopped. A cancel mid-way says how
    many files were left out."""
    late = ImportSummary(total=1500, added=1500, skipped=1, cancelled=True)
    assert summary_text(late) == "Imported 1500 new, 1 not a photo — every photo is in; making thumbnails cancelled"
    early = ImportSummary(total=1500, added=697, failed=3, cancelled=True)
    assert summary_text(early) == "Imported 697 new, 3 failed — cancelled: 800 not imported"


def test_one_file_that_failed_is_listed_under_a_heading_in_the_singular(qtbot):
    """The eleventh walk: a folder with one broken JPEG said "1 files or folders could not be
    imported:" above its one row."""
    from PySide6.QtWidgets import QLabel

    def heading(failures: list[tuple[str, str]]) -> str:
        dialog = ImportSummaryDialog(ImportSummary(total=41, added=40, failed=len(failures), failures=failures))
        qtbot.addWidget(dialog)
        return next(w.text() for w in dialog.findChildren(QLabel) if "could not be imported" in w.text())

    one = [("/night/DSC_0042.jpg", "not an image (unrecognised content)")]
    assert heading(one) == "1 file or folder could not be imported:"
    assert heading(one * 2) == "2 files or folders could not be imported:"


def test_the_summary_lists_each_file_skipped_and_why(qtbot):
    """Left by an earlier walk: Qt's Import Photos dialog does not list FIFOs, sockets or names
    that are not UTF-8, and the folder import's summary only counted what it skipped. The
    dialog lists each, with why; the status line still counts them."""
    from PySide6.QtWidgets import QLabel

    odd = os.fsdecode(b"/photos/pipe-\xff")
    summary = ImportSummary(total=1, added=1, skipped=2,
                            skipped_files=[(odd, "not a regular file: a FIFO (named pipe)"),
                                           ("/photos/notes.txt", "not a photo format Creditline reads (.txt)")])
    assert summary_text(summary) == "Imported 1 new, 2 not photos"
    dialog = ImportSummaryDialog(summary)
    qtbot.addWidget(dialog)
    assert any(w.text() == "2 files were skipped:" for w in dialog.findChildren(QLabel))
    table = dialog.skipped_table
    assert table.rowCount() == 2
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == ("/photos/pipe-\\xff",
                                                                   "not a regular file: a FIFO (named pipe)")
    assert table.item(1, 1).text() == "not a photo format Creditline reads (.txt)"
    assert not hasattr(dialog, "table")  # nothing failed: no failures table


def test_photos_already_in_the_library_put_in_the_gallery_shown_are_said(tmp_path):
    """The sixteenth walk imported its breaking-news folder again while the sports gallery was
    shown: the status said "Imported 0 new, 25 unchanged" and the sports gallery went from 25
    photos to 50, without a word of it. The line says how many went into which gallery."""
    from app.catalog import Catalog  # noqa: PLC0415
    from app.importer import import_paths  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    folder = tmp_path / "breaking"
    folder.mkdir()
    for n in range(3):
        make_photo(folder / f"n0{n}.jpg", fields={"caption": f"Flood {n}. REUTERS/Jane Doe"}, width=48, height=32)
    with Catalog.open(tmp_path / "c.sqlite") as cat:
        first = import_paths(cat, [folder], gallery="breaking", thumbnails=False)
        assert first.added == 3 and first.into_gallery == 3
        again = import_paths(cat, [folder], gallery="sports", thumbnails=False)
        assert again.added == 0 and again.unchanged == 3 and again.into_gallery == 3
        assert summary_text(again) == "Imported 0 new, 3 unchanged; 3 put in the gallery “sports”"
        same = import_paths(cat, [folder], gallery="sports", thumbnails=False)
        assert same.into_gallery == 0 and summary_text(same) == "Imported 0 new, 3 unchanged"
        library = import_paths(cat, [folder], thumbnails=False)
        assert summary_text(library) == "Imported 0 new, 3 unchanged"
