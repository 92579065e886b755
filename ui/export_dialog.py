"""File > Export…: a gallery (or the selected items) as a credit sheet or publish-ready text.

The export runs through the app's ``TaskRunner`` (a pool thread), so the window stays
responsive; the progress bar follows it and Cancel stops it between items (a cancelled
export writes nothing). The publication gate is the same as the CLI's: a gallery with
errors is refused unless "Export even with errors" is ticked.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.export import EXTENSIONS, ExportError, ExportRefused, ExportReport, default_paper, export_gallery

# QSettings keys: where the last export went, and in which format (proposed for the next one).
LAST_DIR_KEY = "export/last_dir"
LAST_FORMAT_KEY = "export/last_format"
LAST_PAPER_KEY = "export/last_paper"

FORMAT_LABELS = {
    "pdf": "PDF credit sheet",
    "html": "HTML credit sheet",
    "csv": "CSV spreadsheet",
    "json": "JSON (check results and every field)",
    "text": "Text as published (captions with credits)",
}


def _run_export(ctx: Any, catalog: Any, gallery: Any, item_ids: list[int] | None, fmt: str, output: str,
                force: bool, bom: bool, paper: str, house_style: str | None) -> ExportReport | str:
    """Runs in a pool thread. A refusal comes back as its message (an expected outcome, not a crash)."""
    try:
        return export_gallery(catalog, gallery, item_ids=item_ids, fmt=fmt, output=output, force=force,
                              bom=bom, paper=paper, progress=ctx.progress, cancel=ctx.cancel,
                              house_style=house_style)
    except ExportRefused as exc:
        return f"Export refused: {exc}. Fix them, or tick “Export even with errors” to export anyway."
    except ExportError as exc:
        return f"Cannot export: {exc}"


NAME_BYTES = 120  # of the default file name, before its extension (a file system allows 255)


class ExportDialog(QDialog):
    """Choose format, paper, BOM and output file; run the export with progress and Cancel."""

    exported = Signal(object)  # ExportReport, after a file was written

    def __init__(self, catalog: Any, runner: Any, gallery: Any = None, item_ids: Sequence[int] | None = None,
                 house_style: str | None = None, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.catalog, self.runner = catalog, runner
        # The window's QSettings: the folder and format of the last export are proposed again
        # (None: the home folder and the first format, and nothing is remembered).
        self.settings = settings
        self.gallery, self.item_ids = gallery, list(item_ids) if item_ids is not None else None
        self.house_style = house_style
        self.task: Any = None
        self.report: ExportReport | None = None
        self.setWindowTitle("Export")
        self.setMinimumWidth(520)

        what = self._describe()
        self.what = QLabel(what)
        self.what.setWordWrap(True)

        self.format = QComboBox()
        for key, label in FORMAT_LABELS.items():
            self.format.addItem(label, key)
        self.paper = QComboBox()
        self.paper.addItem("A4", "A4")
        self.paper.addItem("Letter", "LETTER")
        self.bom = QCheckBox("Start with a byte-order mark (for Excel)")
        self.force = QCheckBox("Export even with errors (items in error are marked)")
        self.path = QLineEdit()
        self.path.setPlaceholderText("Choose where to save…")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        # The file that Export would replace, and when it was written: the second export of a
        # gallery replaced the first, proposed under the same name, without a word (the
        # fourteenth walk exported, changed a caption, exported again).
        self.replaces = QLabel("")
        self.replaces.setWordWrap(True)
        self.replaces.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.path.textChanged.connect(self._show_replaced)

        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("Paper:", self.paper)
        form.addRow("", self.bom)
        form.addRow("Save as:", path_row)
        form.addRow("", self.replaces)
        form.addRow("", self.force)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)  # a "0%" before anything runs reads as stuck
        # Shown while an export runs (and full once it is done); an empty bar at rest read as a
        # stray dark strip. Its room is kept, so the dialog does not jump.
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # The file just written is looked at next, in its folder (shown once there is one).
        self.open_folder_button = self.buttons.addButton("Open Folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.clicked.connect(self._open_folder)
        self.open_folder_button.hide()
        self._written: tuple[Path, int] | None = None  # the file this dialog wrote, and its mtime
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        # The paper chosen last, else the locale's: a US desk chose Letter over A4 at every export
        # (the eighteenth walk).
        paper = self._remembered(LAST_PAPER_KEY) or default_paper(QLocale().name())
        if self.paper.findData(paper) >= 0:
            self.paper.setCurrentIndex(self.paper.findData(paper))
        last_fmt = self._remembered(LAST_FORMAT_KEY)
        if last_fmt and self.format.findData(last_fmt) >= 0:
            self.format.setCurrentIndex(self.format.findData(last_fmt))
        self.format.currentIndexChanged.connect(self._format_changed)
        self.path.setText(str(self._start_folder() / self._default_name()))
        self._format_changed()

    # --- state ----------------------------------------------------------------------------------

    def _describe(self) -> str:
        name = getattr(self.gallery, "name", self.gallery)
        if self.item_ids is not None:
            n = len(self.item_ids)
            where = f" of gallery “{name}”" if name else ""
            return f"Export {n} selected item{'s' if n != 1 else ''}{where}."
        return f"Export gallery “{name}”."

    def fmt(self) -> str:
        return str(self.format.currentData())

    def _remembered(self, key: str) -> str:
        return str(self.settings.value(key, "") or "") if self.settings is not None else ""

    def _start_folder(self) -> Path:
        """The folder of the last export while it still exists, else the home folder."""
        last = self._remembered(LAST_DIR_KEY)
        return Path(last) if last and Path(last).is_dir() else Path.home()

    def _remember(self, output: str) -> None:
        if self.settings is not None:
            self.settings.setValue(LAST_DIR_KEY, str(Path(output).expanduser().resolve().parent))
            self.settings.setValue(LAST_FORMAT_KEY, self.fmt())
            if self.paper.isEnabled():  # a CSV export says nothing about paper
                self.settings.setValue(LAST_PAPER_KEY, str(self.paper.currentData()))

    def _default_name(self) -> str:
        base = str(getattr(self.gallery, "name", self.gallery) or "selection")
        # Brackets, commas and dots are fine in file names everywhere; path separators and the
        # characters Windows forbids are not.
        safe = "".join("_" if c in '/\\:*?"<>|' or not c.isprintable() else c for c in base).strip(" .")
        # A file name holds 255 bytes: a long gallery name (the walk's was 141 characters; in Greek
        # or Japanese two or three bytes each) is cut at a word, under NAME_BYTES of UTF-8.
        if len(safe.encode()) > NAME_BYTES:
            cut = safe.encode()[:NAME_BYTES].decode(errors="ignore")
            safe = (cut.rsplit(" ", 1)[0] if " " in cut[NAME_BYTES // 2:] else cut).rstrip(" .,;_-")
        safe = safe or "export"
        return safe + EXTENSIONS[self.fmt()]

    def _show_replaced(self, *_: object) -> None:
        self.replaces.setText(replaced_note(self.path.text().strip(), self._written))
        self.replaces.setVisible(bool(self.replaces.text()))
        self._fit()

    def _fit(self) -> None:
        """Grow to the height the wrapped lines need: a dialog does not grow for a label's
        second line by itself (the note shown after an export was cut in half)."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)

    def _format_changed(self) -> None:
        fmt = self.fmt()
        self.paper.setEnabled(fmt in ("pdf", "html"))
        self.bom.setEnabled(fmt == "csv")
        text = self.path.text().strip()
        if not text:
            return
        stem, ext = os.path.splitext(text)
        if ext.lower() in EXTENSIONS.values():  # keep the name, follow the format
            self.path.setText(stem + EXTENSIONS[fmt])

    def _browse(self) -> None:
        start = self.path.text().strip() or str(self._start_folder() / self._default_name())
        ext = EXTENSIONS[self.fmt()]
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", start,
                                                f"{FORMAT_LABELS[self.fmt()]} (*{ext});;All files (*)")
        if chosen:
            if not os.path.splitext(chosen)[1]:
                chosen += ext
            self.path.setText(chosen)

    def _set_running(self, running: bool) -> None:
        for w in (self.format, self.paper, self.bom, self.force, self.path, self.export_button):
            w.setEnabled(not running)
        if not running:
            self._format_changed()
        self.cancel_button.setText("Cancel" if running else "Close")

    # --- running --------------------------------------------------------------------------------

    def start(self) -> None:
        output = self.path.text().strip()
        if not output:
            self.status.setText("Choose where to save the export.")
            return
        self.report = None
        self.status.setText("Exporting…")
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.progress.setTextVisible(True)
        self.progress.show()
        self._set_running(True)
        gallery = getattr(self.gallery, "id", self.gallery)
        self.task = self.runner.submit(
            _run_export, self.catalog, gallery, self.item_ids, self.fmt(), output, self.force.isChecked(),
            self.bom.isChecked(), str(self.paper.currentData()), self.house_style,
            name="Export", on_result=self._finished, on_error=self._failed, on_progress=self._progressed)

    def _progressed(self, done: int, total: int, _text: str = "") -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _finished(self, outcome: ExportReport | str | None) -> None:
        self.task = None
        self._set_running(False)
        self.progress.setRange(0, 1)
        if isinstance(outcome, str):
            self.progress.setValue(0)
            self.progress.hide()
            self.status.setText(outcome)  # a refusal can take three lines
            self._fit()
            return
        if outcome is None or outcome.cancelled:
            self.progress.setValue(0)
            self.progress.hide()
            self.status.setText("Export cancelled; nothing was written.")
            return
        self.report = outcome
        self._remember(self.path.text().strip())
        self._written = written_stamp(self.path.text().strip())
        self.open_folder_button.setVisible(self._written is not None)
        self.progress.setValue(1)
        extra = f" {outcome.missing_thumbnails} thumbnail(s) were missing and are drawn as grey boxes." \
            if outcome.missing_thumbnails else ""
        if outcome.font_warning():
            extra += f" Warning: {outcome.font_warning()[0].upper()}{outcome.font_warning()[1:]}."
        self.status.setText(outcome.line()[0].upper() + outcome.line()[1:] + "." + extra)
        self._show_replaced()  # Export again replaces this one: its time is the one just written (and fits)
        self.exported.emit(outcome)

    def _open_folder(self) -> None:
        if self._written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._written[0].parent)))

    def _failed(self, message: str, _traceback: str) -> None:
        self.task = None
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()
        self.status.setText(f"Export failed: {message}")
        self._fit()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling…")
        else:
            self.reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.task is not None:
            self.task.cancel()
        super().closeEvent(event)


def written_stamp(output: str) -> tuple[Path, int] | None:
    """The file at ``output`` and its modification time (ns), to know it again; None if none."""
    path = Path(output).expanduser()
    try:
        return (path.resolve(), path.stat().st_mtime_ns) if output and path.is_file() else None
    except OSError:
        return None


def replaced_note(output: str, written: tuple[Path, int] | None = None) -> str:
    """"NAME is there already (written 2026-12-07 07:59:12): Export replaces it." for an
    existing regular file at ``output``; "" for a new one, a folder or an empty path. The file
    this dialog has just written (``written``, untouched since) is said to be written: the walk
    read "is there already" about it as a warning."""
    if not output:
        return ""
    path = Path(output).expanduser()
    try:
        if not path.is_file():
            return ""
        when = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return ""
    if written is not None and written_stamp(output) == written:
        return f"{path.name} was written by this export at {when:%H:%M:%S}."
    return f"{path.name} is there already (written {when:%Y-%m-%d %H:%M:%S}): Export replaces it."


def open_export_dialog(session: Any, parent: QWidget | None = None, selection: bool = False) -> ExportDialog:
    """File > Export… from the main window: the current gallery, or the selected items in it."""
    gallery = session.current_gallery()
    ids = session.current_ids() if selection or gallery is None else None
    dialog = ExportDialog(session.catalog, session.tasks, gallery=gallery, item_ids=ids,
                          house_style=session.settings.house_style, parent=parent,
                          settings=session.settings.qsettings)
    dialog.show()
    return dialog
