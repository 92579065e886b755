"""Write metadata to files: what will be written, listed before anything is written.

The dialog opens on a scope (the gallery's edits not yet in the files, the selection's, the
library's) and at once runs a dry run of ``app.writeback.write_items`` on the task runner: each
file that would change, with each field's old and new value. "Write N Files" then writes exactly
those photos (with the values they have then: an edit made meanwhile is written too), with
progress and Cancel; the outcome stays in the dialog until it is closed. Nothing here blocks the
UI thread: the photos to write are looked up by the dry run's task too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.fields import BY_KEY
from app.marks import is_tagged, stars
from app.terminal import around_diff, display_path
from ui.provenance import ask_signed_mode

BACKUP_KEY = "write/backup"  # QSettings: keep NAME.EXT.bak beside each file written
# A value longer than this is cut in the list (the tooltip has it whole). Two texts are shown
# from a few words before their first difference to a few after their last (around_diff), so
# the words that change are whole: 28 characters either side cut "(AP Photo/Yann Kerbrat)"
# to "(AP Photo/Yann Kerbr…" and a 29-character headline to "…Sacramen…".
VALUE_CHARS = 60
ONE_LINE_CHARS = 90  # "Field: old → new" longer than this shows new on a second line

# The photos a scope means, looked up on a pool thread: catalog -> ids.
IdsFn = Callable[[Any], list[int]]
# A photo's row: its number (in the gallery, else its id), what it shows (headline or the
# caption's start) and its file name, drawn to fit (``PhotoNameDelegate``).
PARTS_ROLE = Qt.ItemDataRole.UserRole + 1
FIT_SLACK = 4  # pixels left free by fit_name in a row, for Qt's fractional text layout
TITLE_CHARS = 120  # a caption's start, as a name (a headline is whole): the row elides it to its width


def _plan(ctx: Any, catalog: Any, ids_fn: IdsFn, reconcile: bool = False,
          gallery_id: int | None = None) -> tuple[list[int], Any, dict[int, tuple[str, str]]]:
    from app.writeback import write_items  # noqa: PLC0415 - loads exiv2 only when writing

    ids = ids_fn(catalog)
    ctx.check()
    # Planned as if signed photos were written too: whether they are is asked before the write
    # (ui.provenance.ask_signed_mode), and the list shows what each would get.
    report = write_items(catalog, ids, dry_run=True, progress=lambda d, n, _o: ctx.progress(d, n, "checking"),
                         cancel=ctx.cancel, signed="break", reconcile=reconcile)
    listed = [o.item_id for o in report.outcomes if o.item_id is not None]
    return ids, report, photo_names(catalog, listed, gallery_id)


def photo_names(catalog: Any, ids: list[int], gallery_id: int | None) -> dict[int, tuple[str, str]]:
    """How the desk knows each photo: its number in the gallery ("07"; "#id" outside one, as
    the findings list says it) and its headline, else title, else its caption's start ("")."""
    from ui.models import caption_excerpt  # noqa: PLC0415

    out: dict[int, tuple[str, str]] = {}
    for item in catalog.items(ids, gallery=gallery_id, details=False) if ids else []:
        number = f"{item.position:02d}" if item.position is not None else f"#{item.id}"
        title = next((" ".join(str(item.fields[k]).split()) for k in ("headline", "title")
                      if isinstance(item.fields.get(k), str) and item.fields[k].strip()), "")
        out[item.id] = (number, title or caption_excerpt(item, TITLE_CHARS))
    return out


def fit_name(metrics: QFontMetrics, width: int, number: str, title: str, file: str) -> str:
    """``NUMBER · TITLE — FILE`` in ``width`` pixels: the title gives way first (elided at its
    end), then the file name (in its middle, so its extension stays); the number is whole."""
    head, sep = f"{number} · ", " — "
    whole = f"{head}{title}{sep}{file}" if title else f"{head}{file}"
    if metrics.horizontalAdvance(whole) <= width:
        return whole
    room = width - metrics.horizontalAdvance(head)
    if title:
        for_title = room - metrics.horizontalAdvance(sep + file)
        if for_title >= metrics.horizontalAdvance("…") * 6:  # a few letters of it, or none at all
            return f"{head}{metrics.elidedText(title, Qt.TextElideMode.ElideRight, for_title)}{sep}{file}"
    return head + metrics.elidedText(file, Qt.TextElideMode.ElideMiddle, max(0, room))


class PhotoNameDelegate(QStyledItemDelegate):
    """A photo's row drawn as ``fit_name`` fits it to the column: a long headline left the file
    name cut off at the column's edge."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        parts = index.data(PARTS_ROLE)
        if parts:
            widget = option.widget
            style = widget.style() if widget is not None else None
            # FIT_SLACK: Qt lays the text out in fractional advances and elided a fitted name's
            # last letters ("01-elowen-porto-flood.j…") one pixel short of the whole-pixel sum.
            margin = (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1) * 2 \
                if style is not None else 6
            margin += FIT_SLACK
            option.text = fit_name(option.fontMetrics, option.rect.width() - margin, *parts)


def _write(ctx: Any, catalog: Any, ids: list[int], backup: bool, signed: str, reconcile: bool = False) -> Any:
    from app.writeback import write_items  # noqa: PLC0415

    return write_items(catalog, ids, backup=backup, progress=lambda d, n, _o: ctx.progress(d, n, "writing"),
                       cancel=ctx.cancel, signed=signed, reconcile=reconcile)


def _shown(value: object, key: str = "") -> str:
    """A value as the list shows it: quoted, cut when long; blank says so; the marks in words."""
    if key == "tagged":
        return "tagged" if is_tagged(value) else "not tagged"
    if key == "rating":
        n = stars(value)
        return "★" * n if n > 0 else "rejected" if n < 0 else "no stars"
    text = "; ".join(value) if isinstance(value, list) else str(value or "")
    text = " ".join(text.split())
    if not text:
        return "blank"
    if len(text) > VALUE_CHARS:
        text = text[:VALUE_CHARS - 1].rstrip() + "…"
    return f"“{text}”"


def _change(old: object, new: object, key: str) -> tuple[str, str]:
    """Old and new as the list shows them; two long texts both cut around their first difference
    (a caption whose weekday changed showed the same first words twice, the change cut off)."""
    if key in ("tagged", "rating") or not isinstance(old, str) or not isinstance(new, str):
        return _shown(old, key), _shown(new, key)
    a, b = " ".join(old.split()), " ".join(new.split())
    if not a or not b:
        return _shown(old, key), _shown(new, key)
    a, b = around_diff(a, b)
    return f"“{a}”", f"“{b}”"


_PLANNED = {"skipped": "will be skipped", "failed": "cannot be written"}


def _name(path: str | None, item_id: int | None) -> str:
    return display_path(Path(path).name) if path else f"#{item_id}"


SIDECAR_PLANNED = "will get an XMP sidecar; the file untouched"
OUTCOME_SHARE = 0.4  # of the list's width, at most, for the outcome column


def _note_row(text: str) -> QTreeWidgetItem:
    """A warning (or a field lost) under its photo: elided at the list's edge, whole in its tooltip."""
    row = QTreeWidgetItem([text, ""])
    row.setToolTip(0, text)
    return row


def _to_sidecar(outcome: Any) -> bool:
    """The write goes to the photo's XMP sidecar, not into the photo."""
    return bool(outcome.target and outcome.path and outcome.target != outcome.path)


class WriteDialog(QDialog):
    """The dry run of a write, then the write itself, of one scope's photos. With
    ``reconcile``, what is written is not the edits but, for each field whose XMP, IIM and
    EXIF copies disagree, the value shown into every copy (File > Reconcile Metadata Blocks)."""

    written = Signal(object)  # the WriteReport of a write (not of the dry run)

    def __init__(self, catalog: Any, runner: Any, ids_fn: IdsFn, scope: str, parent: QWidget | None = None,
                 settings: QSettings | None = None, other: tuple[str, IdsFn] | None = None,
                 reconcile: bool = False, gallery_id: int | None = None) -> None:
        """``scope``: what the photos are, for the heading ("the gallery “Storm”"); ``other``:
        a wider scope offered when this one has nothing to write (its name, its photos);
        ``gallery_id``: the gallery shown, whose numbers name the photos."""
        super().__init__(parent)
        self.catalog, self.runner, self.settings = catalog, runner, settings
        self.scope, self.ids_fn, self.other = scope, ids_fn, other
        self.reconcile = reconcile
        self.gallery_id = gallery_id
        self._names: dict[int, tuple[str, str]] = {}
        self.task: Any = None
        self.planned: Any = None  # the dry run's report, once it has run
        self._ids: list[int] = []  # the photos the dry run found to write
        self.report: Any = None  # the write's report
        self.setWindowTitle("Reconcile metadata blocks" if reconcile else "Write metadata to files")
        self.setMinimumSize(720, 460)
        self.resize(920, 520)  # room for "old → new" of a caption

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Photo and fields", "Outcome"])
        self.tree.setItemDelegateForColumn(0, PhotoNameDelegate(self.tree))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)  # a long change takes two lines
        self.tree.setColumnWidth(0, 520)
        # The values column takes what the dialog gives (a wider dialog shows more of each change);
        # the outcome column as wide as its longest text up to OUTCOME_SHARE of the list: sized
        # to its contents, a long "will be skipped: …" pushed the photo names into a sliver.
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.backup = QCheckBox("Keep the previous version of each file (NAME.EXT.bak beside it)")
        if settings is not None:
            self.backup.setChecked(str(settings.value(BACKUP_KEY, "false")).lower() == "true")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.other_button = QPushButton()
        self.other_button.hide()
        self.other_button.clicked.connect(self._switch_to_other)

        self.buttons = QDialogButtonBox()
        self.write_button = self.buttons.addButton("Write Files", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.write_button.clicked.connect(self.start_write)
        self.close_button.clicked.connect(self._cancel_or_close)
        self.write_button.setEnabled(False)

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.other_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.backup)
        layout.addWidget(self.progress)
        layout.addLayout(status_row)
        layout.addWidget(self.buttons)
        self.start_plan()

    # -- the dry run -------------------------------------------------------------------------------

    def start_plan(self) -> None:
        self.planned, self._ids, self.report = None, [], None
        self.tree.clear()
        self.heading.setText(f"Looking for fields whose copies disagree in {self.scope}…" if self.reconcile
                             else f"Looking for edits not yet written in {self.scope}…")
        self.status.setText("")
        self.other_button.hide()
        self.write_button.setEnabled(False)
        self._busy(True)
        self.task = self.runner.submit(_plan, self.catalog, self.ids_fn, self.reconcile, self.gallery_id,
                                       name="Checking what to write",
                                       on_result=self._planned, on_error=self._failed,
                                       on_progress=self._progressed)

    def _planned(self, result: tuple[list[int], Any, dict[int, tuple[str, str]]] | None) -> None:
        self.task = None
        self._busy(False)
        if result is None:  # cancelled
            self.heading.setText(f"Not checked: {self.scope}.")
            self.status.setText("Cancelled; nothing was written.")
            return
        _ids, report, self._names = result
        self.planned = report
        planned = [o for o in report.outcomes if o.status == "planned"]
        problems = [o for o in report.outcomes if o.status in ("skipped", "failed")]
        self._ids = [o.item_id for o in planned if o.item_id is not None]
        self._not_planned = len(problems)
        for o in planned:
            # A RAW, HEIF or AVIF photo is not written itself: its sidecar is (the walk: HEIFs
            # listed in red as "cannot be written in place", every session).
            self._add_file(o, SIDECAR_PLANNED if _to_sidecar(o) else "will be written")
        for o in problems:
            # A plan: nothing was tried yet ("failed: HEIF files cannot …" read as if it had been).
            self._add_file(o, f"{_PLANNED.get(o.status, o.status)}: {o.message}", error=True)
        n = len(planned)
        if n and self.reconcile:
            self.heading.setText(f"{n:,} photo{'s' if n != 1 else ''} in {self.scope} "
                                 f"{'hold' if n != 1 else 'holds'} fields whose XMP, IPTC and EXIF copies disagree. "
                                 "Each copy listed gets the value Creditline shows (nothing else is written):")
            self.write_button.setText(f"Reconcile {n:,} File{'s' if n != 1 else ''}")
            self.write_button.setEnabled(True)
            self.write_button.setDefault(True)
        elif n:
            # Every photo waiting, as the status bar counts them; those that cannot be written are
            # in red below (the walk: the bar said 27, this said 25).
            waiting = n + len(problems)
            self.heading.setText(f"{waiting:,} photo{'s' if waiting != 1 else ''} in {self.scope} "
                                 f"{'have' if waiting != 1 else 'has'} edits not yet in "
                                 f"{'their files' if waiting != 1 else 'its file'}."
                                 " This is what will be written (XMP, IPTC and EXIF; the pictures are not touched):")
            self.write_button.setText(f"Write {n:,} File{'s' if n != 1 else ''}")
            self.write_button.setEnabled(True)
            self.write_button.setDefault(True)
        else:
            self.heading.setText(f"Nothing to {'reconcile' if self.reconcile else 'write'} in {self.scope}.")
            waiting = "no field whose copies disagree" if self.reconcile else "no edits waiting to be written"
            self.status.setText(f"{self.scope[:1].upper()}{self.scope[1:]}: {waiting}"
                                + (f"; {len(problems)} cannot be written (see the list)." if problems else ".")
                                + _missing_note(problems))
            self.write_button.setText("Reconcile Files" if self.reconcile else "Write Files")
            self._offer_other()
        if problems and n:
            self.status.setText(f"{len(problems)} file{'s' if len(problems) != 1 else ''} cannot be written "
                                "(listed in red): the others can." + _missing_note(problems))
        self.tree.expandAll()
        self._fit_outcome_column()

    def _fit_outcome_column(self) -> None:
        """The outcome column as wide as its longest text, at most OUTCOME_SHARE of the list
        (a longer one is elided, whole in its tooltip); the photos and fields take the rest."""
        fm = self.tree.fontMetrics()
        texts = [self.tree.headerItem().text(1)] + [self.tree.topLevelItem(i).text(1)
                                                    for i in range(self.tree.topLevelItemCount())]
        widest = max(fm.horizontalAdvance(t) for t in texts) + 16  # the cell's margins
        room = self.tree.viewport().width()
        self.tree.setColumnWidth(1, max(min(widest, int(room * OUTCOME_SHARE)), 80))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_outcome_column()

    def _offer_other(self) -> None:
        if self.other is None:
            return
        name, ids_fn = self.other
        try:
            count = len(ids_fn(self.catalog))  # an indexed query of pending ids (quick)
        except Exception:  # noqa: BLE001 - an offer, not a requirement
            return
        if count:
            self.other_button.setText(f"Write {name} instead ({count:,})")
            self.other_button.show()

    def _switch_to_other(self) -> None:
        if self.other is None:
            return
        name, ids_fn = self.other
        self.scope, self.ids_fn, self.other = name, ids_fn, None
        self.start_plan()

    def _add_file(self, outcome: Any, what: str, error: bool = False) -> None:
        # The desk knows a photo by its number and headline: they come first, the file second.
        number, title = self._names.get(outcome.item_id, (f"#{outcome.item_id}", ""))
        if _to_sidecar(outcome):  # the photo is what the editor knows; its sidecar is named beside it
            file = _name(outcome.path, outcome.item_id)
            tip = f"{outcome.path}\nXMP sidecar: {outcome.target}"
        else:
            file = _name(outcome.target or outcome.path, outcome.item_id)
            tip = outcome.target or outcome.path or ""
        top = QTreeWidgetItem([f"{number} · {title} — {file}" if title else f"{number} · {file}", what])
        top.setData(0, PARTS_ROLE, (number, title, file))
        top.setToolTip(0, f"{number} · {title}\n{tip}" if title else f"{number}\n{tip}")
        top.setToolTip(1, what)
        top.setData(0, Qt.ItemDataRole.UserRole, outcome.item_id)
        if error:
            top.setForeground(1, QColor("#d93025"))
        for change in outcome.changes:
            label = BY_KEY[change.key].label if change.key in BY_KEY else change.key
            if self.reconcile:  # change.old: "IIM AP; EXIF …"
                old, new = change.old, _shown(change.new, change.key)
            else:
                old, new = _change(change.old, change.new, change.key)
            # A long change puts the new value under the old one: on one line its end was cut off
            # at the list's edge ("… → “…on December 4, 2…"), the very words the editor wants to see.
            sep = "\n→ " if len(label) + len(old) + len(new) > ONE_LINE_CHARS else " → "
            child = QTreeWidgetItem([f"{label}: {old}{sep}{new}", ""])
            child.setToolTip(0, f"{label}\nIn the file: {change.old or '(blank)'}\nWritten: {change.new or '(blank)'}")
            top.addChild(child)
        for lost in getattr(outcome, "lost", []):
            top.addChild(_note_row(f"Lost: {lost}"))
        for warning in outcome.warnings:
            top.addChild(_note_row(f"Warning: {warning}"))
        self.tree.addTopLevelItem(top)

    # -- the write ---------------------------------------------------------------------------------

    def start_write(self) -> None:
        if self.report is not None and self.task is None:  # "Try Again": what is still to write
            self.start_plan()
            return
        if not self._ids or self.task is not None:
            return
        signed = ask_signed_mode(self, self.catalog, self._ids)  # photos a write would un-sign
        if signed is None:
            return
        if self.settings is not None:
            self.settings.setValue(BACKUP_KEY, "true" if self.backup.isChecked() else "false")
        self._busy(True)
        self.write_button.setEnabled(False)
        self.backup.setEnabled(False)
        n = len(self._ids)
        self.status.setText(f"Writing {n:,} file{'s' if n != 1 else ''}…")
        self.task = self.runner.submit(_write, self.catalog, list(self._ids), self.backup.isChecked(), signed,
                                       self.reconcile,
                                       name="Writing metadata", show_progress=True, on_result=self._written,
                                       on_error=self._failed, on_progress=self._progressed)

    def _written(self, report: Any) -> None:
        self.task = None
        self._busy(False)
        self.backup.setEnabled(True)
        if report is None:
            self.status.setText("Cancelled.")
            return
        self.report = report
        by_id = {o.item_id: o for o in report.outcomes}
        not_reached = 0
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            item_id = top.data(0, Qt.ItemDataRole.UserRole)
            o = by_id.get(item_id)
            if o is None:
                if report.cancelled and item_id in self._ids:
                    # The ninth walk cancelled a write of 93 files at 82: the other 11 still
                    # said "will be written", as if they had been or were about to be.
                    not_reached += 1
                    top.setText(1, "not written (cancelled)")
                    top.setToolTip(1, "The write was cancelled before this file: it is unchanged, "
                                      "its edits are still in the catalog")
                    top.setForeground(1, QColor("#7c7c7c"))
                continue
            if o.status == "written":  # where to: a sidecar's name, as the plan said the file stays untouched
                done = f"written to {os.path.basename(o.target)}" if _to_sidecar(o) else "written"
            else:
                done = f"{o.status}: {o.message}" if o.message else o.status
            top.setText(1, done)
            top.setToolTip(1, top.text(1))
            top.setForeground(1, QColor("#1e8e3e" if o.status == "written" else "#d93025" if not o.ok else "#7c7c7c"))
            # The write's own warnings ("its Content Credentials are now invalid"), which the dry
            # run could not know: the CLI printed them, the dialog dropped them.
            shown = {top.child(j).text(0) for j in range(top.childCount())}
            for warning in o.warnings:
                if f"Warning: {warning}" not in shown:
                    top.addChild(_note_row(f"Warning: {warning}"))
        self.heading.setText(_written_heading(report, self.scope))
        # The files left out of the write are not in its report: "0 failed" beside two red rows
        # read as a contradiction.
        left = getattr(self, "_not_planned", 0)
        self.status.setText(f"Done: {report.summary()}."
                            + (f" {not_reached:,} file{'s' if not_reached != 1 else ''} not written: "
                               f"“Write the Rest” writes {'them' if not_reached != 1 else 'it'}."
                               if not_reached else "")
                            + (f" {left:,} other{'s' if left != 1 else ''} not written (in red)." if left else ""))
        failed = sum(1 for o in report.outcomes if o.status == "failed")
        if not_reached:
            self.write_button.setText("Write the Rest")  # lists what is still to write, as Try Again
            self.write_button.setEnabled(True)
        elif failed:
            # A full disk, a locked file: once the editor frees it, the same dialog tries again
            # (the seventh walk's failed write left a greyed-out "Written" and nothing written).
            self.write_button.setText("Try Again")
            self.write_button.setEnabled(True)
        else:
            self.write_button.setText("Written")
        self.close_button.setText("Close")
        self._fit_outcome_column()
        self.written.emit(report)

    # -- shared ------------------------------------------------------------------------------------

    def _failed(self, message: str, _tb: str) -> None:
        self.task = None
        self._busy(False)
        self.backup.setEnabled(True)
        self.status.setText(f"Failed: {message}")

    def _progressed(self, done: int, total: int, _text: str = "") -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.close_button.setText("Cancel" if busy else "Close")

    def _cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Stopping after the file in progress…")
        else:
            self.reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self.task is not None:
            self.task.cancel()  # a file is never left half written; the rest is not written
        super().closeEvent(event)

    # -- for tests and the window ------------------------------------------------------------------

    def planned_ids(self) -> list[int]:
        """The photos "Write" writes: those the dry run found edits of."""
        return list(self._ids)

    def listing(self) -> str:
        """The list as text, one line per file and per field."""
        lines = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            lines.append(f"{top.text(0)}  [{top.text(1)}]")
            lines += [f"  {top.child(j).text(0)}" for j in range(top.childCount())]
        return "\n".join(lines)


def _to_sidecar(o: Any) -> bool:
    """Whether the outcome's edits went to an XMP sidecar beside the photo, not into it."""
    return bool(o.target) and o.target != o.path


def _written_heading(report: Any, scope: str) -> str:
    """What the write did, in one line: a RAW, HEIF or signed photo's edits went to an XMP
    sidecar beside it, and "written to their files" said otherwise of photos left untouched."""
    n = report.written
    if not n:
        return f"Nothing was written in {scope}."
    photos = f"{n:,} photo{'s' if n != 1 else ''} of {scope}"
    side = sum(1 for o in report.outcomes if o.status == "written" and _to_sidecar(o))
    if not side:
        return f"Written to {'their files' if n != 1 else 'its file'}: {photos}."
    if side == n:
        return f"Written to XMP sidecar{'s' if n != 1 else ''} beside the file{'s' if n != 1 else ''}: {photos}."
    return f"Written: {photos}, {side:,} of them to XMP sidecars beside their files."


def _missing_note(problems: list[Any]) -> str:
    """" A missing file: …" for the status line, when files on the list are missing (renamed or
    moved after import, mostly); "" otherwise."""
    from app.metadata.write import FILE_MISSING, missing_note  # noqa: PLC0415 - the writer loads on write

    n = sum(1 for o in problems if o.message == FILE_MISSING)
    return f" {missing_note(n)}" if n else ""
