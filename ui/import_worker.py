"""Import from the desktop app: ``app.importer.import_paths`` on the task runner.

Browsable first: items land with their findings a batch at a time (the window reloads ids
whenever a batch has landed), the status bar says when the catalog is complete and checked,
and then counts the thumbnails as they are made; the grid shows placeholders that fill in as
each lands (``thumbnails_landed``). Progress and Cancel live in the status bar; at the end a
summary lists every file that failed and why.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.terminal import display_path
from ui.tasks import Task, TaskContext, TaskRunner

BATCH_NOTICE_S = 0.4  # how often the views are told that rows landed (a reload per notice)
THUMBNAILS_TASK_NAME = "Making thumbnails"


def _run_import(ctx: TaskContext, catalog: Any, paths: list[str], gallery: str | None,
                jobs: int | None) -> Any:
    from app.importer import import_paths  # noqa: PLC0415 - keeps app start light

    last = [0.0]
    landed = [False]

    def progress(done: int, total: int, outcome: str) -> None:
        ctx.progress(done, total, outcome)
        if outcome in ("added", "updated", "relinked"):
            landed[0] = True
        now = time.monotonic()
        if landed[0] and now - last[0] >= BATCH_NOTICE_S:
            last[0] = now
            landed[0] = False
            ctx.post(done)

    def checked(summary: Any) -> None:
        ctx.post(("checked", summary.checked))

    def thumbnails(done: int, total: int, item_ids: list[int]) -> None:
        ctx.progress(done, total, "thumbnails")
        ctx.post(("thumbnails", item_ids))

    # The import checks what it stores, batch by batch: findings come with the items.
    return import_paths(catalog, paths, gallery=gallery, jobs=jobs, progress=progress, cancel=ctx.cancel,
                        on_checked=checked, on_thumbnails=thumbnails)


class ImportController(QObject):
    """Starts imports and reports on them; the window wires its signals to the UI."""

    started = Signal()
    progress = Signal(int, int, str)
    batch_landed = Signal()
    checked = Signal()  # the catalog is complete and checked; thumbnails come next
    thumbnails_landed = Signal(list)  # item ids whose thumbnail was just made
    finished = Signal(object)  # ImportSummary, or None when it failed outright
    failed = Signal(str)

    def __init__(self, catalog: Any, runner: TaskRunner, parent: QObject | None = None,
                 jobs: int | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.runner = runner
        self.jobs = jobs
        self.task: Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, paths: Sequence[str], gallery: str | None = None) -> Task | None:
        """Import ``paths`` (files or folders) into the library and, if named, a gallery."""
        if self.task is not None or not paths:
            return None
        self.task = self.runner.submit(
            _run_import, self.catalog, [str(p) for p in paths], gallery, self.jobs,
            name="Import", show_progress=True,
            on_progress=self.progress.emit,
            on_partial=self._partial,
            on_result=self._done, on_error=self._error)
        self.started.emit()
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _partial(self, value: Any) -> None:
        if isinstance(value, tuple) and value[0] == "checked":
            if self.task is not None:
                self.task.name = THUMBNAILS_TASK_NAME  # the status bar now counts thumbnails
            self.batch_landed.emit()
            self.checked.emit()
        elif isinstance(value, tuple) and value[0] == "thumbnails":
            self.thumbnails_landed.emit(value[1])
        else:
            self.batch_landed.emit()

    def _done(self, summary: Any) -> None:
        self.task = None
        self.batch_landed.emit()
        self.finished.emit(summary)

    def _error(self, message: str, tb: str) -> None:
        self.task = None
        self.failed.emit(message)
        self.finished.emit(None)


def photo_parts(summary: Any) -> list[str]:
    """["0 new", "1 relinked"]: the photos an import found, the parts of "Recently imported"."""
    parts = [f"{summary.added} new"]
    if summary.updated:
        parts.append(f"{summary.updated} updated")
    if summary.relinked:
        parts.append(f"{summary.relinked} relinked")
    if summary.unchanged:
        parts.append(f"{summary.unchanged} unchanged")
    return parts


def summary_text(summary: Any) -> str:
    """One line for the status bar."""
    parts = photo_parts(summary)
    parts[0] = "Imported " + parts[0]
    if summary.failed:
        parts.append(f"{summary.failed} failed")
    if getattr(summary, "unreadable_folders", 0):
        parts.append(f"{summary.unreadable_folders} folder{'s' * (summary.unreadable_folders != 1)} unreadable")
    if summary.skipped:
        parts.append(f"{summary.skipped} not {'a photo' if summary.skipped == 1 else 'photos'}")
    text = ", ".join(parts)
    into = getattr(summary, "into_gallery", 0)
    if into and getattr(summary, "gallery", ""):  # photos already in the library go in as well
        text += f"; {into:,} put in the gallery \u201c{summary.gallery}\u201d"
    if getattr(summary, "thumbnails_stopped", ""):
        text += f" — thumbnails stopped: {summary.thumbnails_stopped} (import again to make them)"
    if not summary.cancelled:
        return text
    # What the Cancel stopped: files left out, or (every file in) only the thumbnails, which the
    # grid then draws from the photos. "Imported 1500 new — cancelled" said neither.
    done = summary.added + summary.updated + summary.unchanged + summary.relinked + summary.failed
    if done < summary.total:
        return text + f" — cancelled: {summary.total - done:,} not imported"
    return text + " — every photo is in; making thumbnails cancelled"


class ImportSummaryDialog(QDialog):
    """What happened, with every failed file and its reason."""

    def __init__(self, summary: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not summary.cancelled else "Import cancelled")
        lay = QVBoxLayout(self)
        head = QLabel(summary_text(summary) + ".")
        head.setWordWrap(True)
        lay.addWidget(head)
        if summary.failures:
            n = len(summary.failures)
            lay.addWidget(QLabel(f"{n} {'file or folder' if n == 1 else 'files or folders'} could not be imported:"))
            self.table = self._file_table(summary.failures)
            lay.addWidget(self.table)
        skipped = summary.skipped_files
        if skipped:
            # Qt's Import Photos dialog does not list FIFOs, sockets or names that are not UTF-8:
            # what a folder import left out is named here, each with why, not only counted.
            n = len(skipped)
            lay.addWidget(QLabel(f"{n} file{' was' if n == 1 else 's were'} skipped:"))
            self.skipped_table = self._file_table(skipped)
            lay.addWidget(self.skipped_table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(720, 380 if summary.failures or skipped else 140)

    def _file_table(self, rows: list[tuple[str, str]]) -> QTableWidget:
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["File", "Reason"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (path, reason) in enumerate(rows):
            cell = QTableWidgetItem(display_path(path))  # a name that is not UTF-8 shows as \xff
            cell.setToolTip(display_path(path))
            table.setItem(r, 0, cell)
            table.setItem(r, 1, QTableWidgetItem(reason))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.setColumnWidth(0, 320)
        table.setTextElideMode(Qt.TextElideMode.ElideLeft)
        return table


# The destination an editor chose last: asked again at each import, offered first the next time.
DESTINATION_KEY = "import_destination"  # "library" | "shown" | "new"


class ImportDestinationDialog(QDialog):
    """Where File > Import puts the photos: the library only, the gallery shown, or a new gallery.

    The sports-desk walk's first import after `make run` went into the demo gallery that happened
    to be selected, unasked. The choice made is remembered (``settings``) for the next import;
    an empty gallery shown (``shown_empty``: just made for tonight's photos) is offered first
    whatever was remembered (walk19 made "España, lunes 7 de diciembre", pressed Import, and
    the dialog proposed the library only).
    """

    def __init__(self, what: str, shown_gallery: str | None, settings: Any, parent: QWidget | None = None,
                 suggested_name: str = "", existing: Sequence[str] = (), shown_empty: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import photos")
        self._settings = settings
        self._shown = shown_gallery
        self._existing = set(existing)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Import {what} into:"))
        self.library = QRadioButton("No gallery (the library only)")
        self.shown = QRadioButton(f"The gallery \u201c{shown_gallery}\u201d" if shown_gallery else "The gallery shown")
        self.shown.setVisible(shown_gallery is not None)
        self.new = QRadioButton("A new gallery named:")
        self.name = QLineEdit(suggested_name)
        self.name.setPlaceholderText("Gallery name")
        self.note = QLabel()  # a name taken is that gallery: said, so "new" does not mislead
        group = QButtonGroup(self)
        for button in (self.library, self.shown, self.new):
            group.addButton(button)
            layout.addWidget(button)
        layout.addWidget(self.name)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        last = "shown" if shown_gallery and shown_empty else str(settings.value(DESTINATION_KEY, "library"))
        {"shown": self.shown if shown_gallery else self.library, "new": self.new}.get(last, self.library).setChecked(True)
        self.new.toggled.connect(self._update)
        self.name.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.name.setEnabled(self.new.isChecked())
        # A new gallery needs its name: Import waits for one.
        ok = not self.new.isChecked() or bool(self.name.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        taken = self.new.isChecked() and self.name.text().strip() in self._existing
        self.note.setText(f"A gallery named \u201c{self.name.text().strip()}\u201d exists: the photos join it."
                          if taken else "")
        self.note.setVisible(taken)

    def gallery(self) -> str | None:
        """The gallery chosen (an existing name is that gallery), None for the library only."""
        if self.shown.isChecked() and self._shown:
            return self._shown
        if self.new.isChecked():
            return self.name.text().strip() or None
        return None

    def accept(self) -> None:
        choice = "new" if self.new.isChecked() else "shown" if self.shown.isChecked() else "library"
        self._settings.setValue(DESTINATION_KEY, choice)
        super().accept()

