"""The findings dock: every finding of the items in view, with one-click fixes.

The main window tells the panel which items are visible (``set_item_ids``);
the panel reads their stored findings from the catalog (never recomputes them)
and follows ``Session.findings_changed``. Double-clicking a finding asks the
main window to select the item and put the cursor on the offending text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.fields import BY_KEY
from app.model import Finding, Severity, Value
from app.terminal import around_diff
from ui.highlighter import SEVERITY_COLORS
from ui.session import AllFixes, Session
from ui.tasks import Task

COLUMNS = ("Severity", "Item", "Field", "Rule", "Message")
# More items' findings than this changed at once (a background save of 2,000 photos landing)
# are read and listed on the task runner: on the UI thread, 2,000 read, listed and sorted
# (5,700 findings) stalled the window ~0.5 s.
READ_AT_ONCE = 200
FIT_ROWS = 200  # rows the list's columns are sized to (about the rows in view, and more)

_Index = QModelIndex | QPersistentModelIndex
# What a click on each header sorts by (the Item column: the view's own order). Errors come
# first in ascending order: the severity a desk works down from.
_SORT_KEYS: dict[int, Callable[[Any], Any]] = {
    0: lambda r: -r.finding.severity.rank,
    2: lambda r: r.finding.field,
    3: lambda r: r.finding.rule,
    4: lambda r: r.finding.message.casefold(),
}


@dataclass(frozen=True)
class FindingRow:
    item_id: int
    position: int  # 1-based place of the item in the view (the sort order)
    finding: Finding
    gallery_position: int | None = None  # its number in the gallery shown (its tile's), else None

    @property
    def reference(self) -> str:
        """How the item is named everywhere: its gallery position as on its tile ("04"), out of a
        gallery its id as `creditline show` takes it ("#17")."""
        return f"{self.gallery_position:02d}" if self.gallery_position is not None else f"#{self.item_id}"


_ICONS: dict[Severity, QIcon] = {}


def severity_icon(severity: Severity) -> QIcon:
    """A small drawn icon (no image files): red disc, amber triangle, blue diamond."""
    if severity not in _ICONS:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(SEVERITY_COLORS[severity]))
        path = QPainterPath()
        if severity is Severity.ERROR:
            path.addEllipse(QRectF(3, 3, 26, 26))
        elif severity is Severity.WARNING:
            path.moveTo(16, 2)
            path.lineTo(30, 28)
            path.lineTo(2, 28)
            path.closeSubpath()
        else:
            path.moveTo(16, 2)
            path.lineTo(30, 16)
            path.lineTo(16, 30)
            path.lineTo(2, 16)
            path.closeSubpath()
        p.drawPath(path)
        p.end()
        _ICONS[severity] = QIcon(pixmap)
    return _ICONS[severity]


class FindingsModel(QAbstractTableModel):
    """Rows of (item, finding), sorted by item position then severity."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FindingRow] = []
        self._sort = (1, Qt.SortOrder.AscendingOrder)  # by item, as the photos are shown

    def set_rows(self, rows: list[FindingRow], sorted_by: tuple[int, Qt.SortOrder] | None = None) -> None:
        """Show ``rows``; ``sorted_by``: the order they are in already (sorted on the task
        runner), kept when the list's order is still that one."""
        self.beginResetModel()
        self._rows = rows if sorted_by == self._sort else self._sorted(rows)
        self.endResetModel()

    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a column's header: every error first, or one rule's findings together,
        across the gallery (the sixth walk: a 100-photo gallery worked through item by item).
        Within a column's value the item order stays."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()  # the selection and current row follow their findings
        held = [self._rows[i.row()] if 0 <= i.row() < len(self._rows) else None for i in old]
        self._rows = self._sorted(self._rows)
        where = {id(r): n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(old, [self.index(where[id(r)], i.column()) if r is not None else QModelIndex()
                                             for i, r in zip(old, held, strict=True)])
        self.layoutChanged.emit()

    def _sorted(self, rows: list[FindingRow]) -> list[FindingRow]:
        return sorted_rows(rows, self._sort)

    def rows(self) -> list[FindingRow]:
        return list(self._rows)

    def sort_column(self) -> int:
        """The column the list is sorted by (1, the item: the photos' order)."""
        return self._sort[0]

    def row_at(self, row: int) -> FindingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        f = r.finding
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f.severity.value.capitalize()
            if col == 1:
                return r.reference
            if col == 2:
                label = BY_KEY[f.field].label if f.field in BY_KEY else f.field
                # A span says where in the text; an empty one (0–0: the whole field is at issue) says nothing.
                return f"{label} {f.start}–{f.end}" if f.start is not None and f.end is not None and f.end > f.start else label
            if col == 3:
                return f.rule
            if col == 4:
                return f.message
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return severity_icon(f.severity)
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            where = f"number {r.gallery_position} in this gallery, " if r.gallery_position is not None else ""
            return f"Item #{r.item_id} ({where}`creditline show {r.item_id}`)"
        if role == Qt.ItemDataRole.ToolTipRole:
            fix = f"\nFix: {f.fix.label}" if f.fix else ""
            return f"{f.severity.value.capitalize()} ({f.rule}): {f.message}{fix}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def sorted_rows(rows: list[FindingRow], sort: tuple[int, Qt.SortOrder]) -> list[FindingRow]:
    """``rows`` in the list's order ``sort`` (column, order): by item position, then severity,
    field and place; a column's own order over that. Pure Python: the task runner may call it."""
    column, order = sort
    in_view = sorted(rows, key=lambda r: (r.position, -r.finding.severity.rank,
                                          r.finding.field, r.finding.start or 0))
    key = _SORT_KEYS.get(column)
    if key is None or column == 1:
        return in_view[::-1] if column == 1 and order == Qt.SortOrder.DescendingOrder else in_view
    return sorted(in_view, key=key, reverse=order == Qt.SortOrder.DescendingOrder)


def finding_rows(ids: list[int], by_item: dict[int, list[Finding]], positions: dict[int, int]) -> list[FindingRow]:
    """The list's rows: each finding of ``ids`` (in view order) with its place and gallery number."""
    gallery = positions.get
    return [FindingRow(item_id, pos, f, gallery(item_id))
            for pos, item_id in enumerate(ids, start=1)
            for f in by_item.get(item_id, [])]


def read_rows(ctx: Any, catalog: Any, ids: list[int], by_item: dict[int, list[Finding]], changed: list[int],
              positions: dict[int, int], sort: tuple[int, Qt.SortOrder]) -> tuple[dict[int, list[Finding]],
                                                                                list[FindingRow]]:
    """On the task runner: the findings of ``changed`` read again, and the rows of the whole
    list built and sorted (``by_item``: a copy of what the list held), for the UI thread to show."""
    ctx.check()
    fresh = catalog.findings(changed)
    merged = {**by_item, **fresh}
    ctx.check()
    return fresh, sorted_rows(finding_rows(ids, merged, positions), sort)


class _LineLabel(QLabel):
    """One line of text that shows what fits, "…" for the rest and the whole in its tooltip: a
    fix's description beside the three buttons cannot widen the panel of a 1024 px window."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._fit()

    def text(self) -> str:
        return self._full

    def clear(self) -> None:
        self.setText("")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 0))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


class FindingsPanel(QWidget):
    """Findings of the visible items, with Apply fix / Apply this fix everywhere."""

    jump_requested = Signal(int, str, int, int)  # item id, field, start, end (-1 when no span)
    select_requested = Signal(int)  # item id: a finding was picked (one click, arrow keys)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._ids: list[int] = []
        # Said when no item is listed on purpose (a library too big to list whole): a blank panel
        # beside "53 with errors" read as "no findings" (the seventh walk).
        self.empty_text = ""
        self._positions: dict[int, int] = {}
        self._by_item: dict[int, list[Finding]] = {}  # findings of the visible items, as last read
        self.unchecked: frozenset[int] = frozenset()  # the window's "Not checked" items (read-only catalog)
        # Of the items listed, those the window's background check makes again: the rows are
        # stored findings of other settings or purpose, so the counts say "checking" until the
        # list is read again after it (``_show_rows``).
        self._checking = 0

        self.model = FindingsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the list (the arrows move in it): cell to cell, it held the keyboard there.
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(col, mode)
        # Fitted to the rows around those in view, not to Qt's default 1,000: every rebuilt list
        # of 3,700 findings took 180-230 ms of the UI thread to size its columns, 35-40 with 200
        # (the same widths on the 2,000-photo gallery's list).
        header.setResizeContentsPrecision(FIT_ROWS)
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        # Picking a finding shows its photo, so "Apply fix" acts on the photo in the inspector.
        self.view.selectionModel().selectionChanged.connect(self._on_picked)
        self._reloading = False
        self._picking = False  # a finding was picked here: the photo it selects must not re-pick
        self._pick_after_reload: int | None = None  # a photo to show once the list is rebuilt
        # The photos picked in the grid: with several, "Apply every fix" acts on each of them
        # (it was disabled then; a desk selects 30 photos to fix them at once).
        self._grid_ids: list[int] = []
        # "Apply every fix" over many photos being worked out on the task runner (one at a time).
        self._fixing: Task | None = None
        # "Applied N fixes to M photos" of a step saved in the background: the list it rebuilds
        # once the save lands must not wipe the one line that says what was done.
        self._note_until_saved = False
        # A big change's findings read on the task runner (``reload``): the read under way, what
        # changed since it was asked, its generation (a whole reload drops it), and whether the
        # rebuilt list clears the status line (decided when asked, as a sync reload does).
        self._reading: Task | None = None
        self._to_read: set[int] = set()
        self._read_generation = 0
        self._clear_on_show = False

        # Set while this panel's "Apply fix" reloads the list: only then may a sorted list
        # move on to the next finding's photo (an edit typed in the inspector never does).
        self._advancing = False

        self.counts = QLabel()
        self.counts.setObjectName("findingsCounts")
        self.counts.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        # What the picked finding's fix will do, before "Apply fix" (it was only the button's
        # tooltip: a keyboard, with no mouse to hover, applied it unseen; the fourteenth walk),
        # then what a fix did, until another finding is picked.
        self.status = _LineLabel()
        self.status.setObjectName("findingsStatus")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.fix_button = QPushButton("Apply fix")
        self.fix_button.clicked.connect(self.apply_fix)
        self.everywhere_button = QPushButton("Apply this fix everywhere")
        self.everywhere_button.clicked.connect(self.apply_fix_everywhere)
        self.photo_button = QPushButton("Apply every fix of the photo")
        self.photo_button.clicked.connect(self.apply_all_fixes)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.setSpacing(12)
        bar.addWidget(self.counts)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.fix_button)
        bar.addWidget(self.everywhere_button)
        bar.addWidget(self.photo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        session.findings_changed.connect(self._on_findings_changed)
        session.saving_changed.connect(self._saving_changed)
        session.checking_changed.connect(self._checking_changed)
        session.not_checked_changed.connect(lambda _ids: self.reload())
        session.catalog_changed.connect(lambda: self.set_item_ids([]))
        self._update_buttons()
        self._update_counts()

    # -- public ----------------------------------------------------------------------------------

    def set_item_ids(self, ids: list[int], positions: dict[int, int] | None = None) -> None:
        """The items in view, in view order; ``positions``: their numbers in the gallery shown
        (the Item column says them, else the ids)."""
        self._ids = list(ids)
        self._positions = dict(positions) if positions else {}
        checking = self.session.checking_ids()
        self._checking = len(checking.intersection(self._ids)) if checking else 0
        self.reload()

    def reload(self, changed: list[int] | None = None) -> None:
        """Re-read the findings of ``changed`` items (default: all visible ones) and rebuild the list.
        More than ``READ_AT_ONCE`` changed (a big background save landing) are read, and the
        list built, on the task runner; the list is shown as it was until then."""
        if changed is not None and (len(changed) > READ_AT_ONCE or self._reading is not None):
            self._read_later(changed)
            return
        self._supersede_read()  # a whole reload reads everything a read under way would
        clear = not self._note_until_saved
        if changed is None:
            self._by_item = self.session.catalog.findings(self._ids) if self._ids else {}
        else:  # typing in the inspector rechecks one item: do not re-read the whole gallery
            self._by_item.update(self.session.catalog.findings(changed))
        self._show_rows(finding_rows(self._ids, self._by_item, self._positions), None, clear)

    def _read_later(self, changed: list[int]) -> None:
        """Read ``changed`` on the task runner (with what is still to read, once a read under
        way has landed: reads land in the order asked, each over the one before)."""
        self._to_read.update(changed)
        self._clear_on_show = self._clear_on_show or not self._note_until_saved
        if self._reading is not None:
            return
        ids, self._to_read = sorted(self._to_read), set()
        self._read_generation += 1
        generation, sort = self._read_generation, self.model.sort_order()
        self._reading = self.session.tasks.submit(
            read_rows, self.session.catalog, list(self._ids), dict(self._by_item), ids, dict(self._positions),
            sort, name="Reading findings",
            on_result=lambda result, g=generation, o=sort: self._rows_read(g, o, result),
            on_error=lambda _message, _tb, g=generation, i=ids: self._rows_failed(g, i))

    def _supersede_read(self) -> None:
        """A read under way is dropped: what is read now on the UI thread covers it."""
        if self._reading is not None:
            self._reading.cancel()
        self._reading = None
        self._read_generation += 1
        self._to_read = set()

    def _rows_read(self, generation: int, sort: tuple[int, Qt.SortOrder],
                   result: tuple[dict[int, list[Finding]], list[FindingRow]] | None) -> None:
        if generation != self._read_generation:
            return  # superseded: the list was read whole since
        self._reading = None
        if result is None:
            return
        fresh, rows = result
        self._by_item.update(fresh)
        clear, self._clear_on_show = self._clear_on_show, False
        if self._to_read:
            self._read_later([])  # what changed meanwhile, read over this
        # Built from the ids and numbers of when it was asked: the same still (showing other
        # items reloads the list whole, which drops this read), in the order of then.
        self._show_rows(rows, sort, clear)

    def _rows_failed(self, generation: int, ids: list[int]) -> None:
        if generation != self._read_generation:
            return
        self._reading = None
        self.reload(ids if len(ids) <= READ_AT_ONCE else None)  # said on the UI thread, as before

    def _show_rows(self, rows: list[FindingRow], sorted_by: tuple[int, Qt.SortOrder] | None, clear: bool) -> None:
        keep = self.selected_row()
        kept_at = self.view.selectionModel().selectedRows()
        keep_row = kept_at[0].row() if kept_at else 0
        if clear:
            self.status.clear()  # a "Fixed ..." note is about the list as it was
        not_here = self.session.not_checked_ids()
        if not_here:  # what a cancelled check did not reach holds another purpose's findings
            rows = [r for r in rows if r.item_id not in not_here]
        self._reloading = True  # the list rebuilt is not the editor picking a finding
        self._pick_after_reload = None
        try:
            self.model.set_rows(rows, sorted_by)
            if keep is not None and not self._reselect(keep):
                self._stay_near(keep, keep_row)
        finally:
            self._reloading = False
        if self._pick_after_reload is not None:
            self._picking = True
            try:
                self.select_requested.emit(self._pick_after_reload)
            finally:
                self._picking = False
        if self._checking and not self.session.checking_ids().intersection(self._ids):
            self._checking = 0  # the list read after the check: its counts are the view's
        self._update_counts()
        self._update_buttons()

    def selected_row(self) -> FindingRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def follow(self, ids: list[int]) -> None:
        """The photos picked in the grid: the list shows the photo's findings and picks its first,
        so "Apply fix" acts on the photo in the inspector (the walk's editor scrolled through 95
        findings to reach one). A photo without findings, or several photos, leave none picked."""
        self._grid_ids = list(ids)
        self._update_buttons()
        if self._picking:
            # The editor's click on a finding selected its photo. The click's own selection comes
            # after this (Qt makes the row current first): picking the photo's first finding and
            # scrolling it to the top here moved the row under the mouse, and the click then
            # picked whatever finding was there, often another photo's.
            return
        current = self.selected_row()
        if len(ids) == 1 and current is not None and current.item_id == ids[0]:
            return  # one of its findings is picked already (the list picked the photo)
        row = next((n for n, r in enumerate(self.model.rows()) if r.item_id == ids[0]), None) \
            if len(ids) == 1 else None
        self._reloading = True  # the grid picked the photo: nothing to select back
        try:
            if row is None:
                self.view.clearSelection()
            else:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        finally:
            self._reloading = False

    def apply_fix(self) -> None:
        r = self.selected_row()
        if r is None or r.finding.fix is None:
            return
        self._advancing = True  # the list rebuilt by this fix may pick the next finding
        try:
            applied = self.session.apply_fix(r.item_id, r.finding)  # reloads through findings_changed
        finally:
            self._advancing = False
        if applied:
            self.status.setText(f"Applied: {r.finding.fix.label}")
        else:
            self.status.setText("The text changed since this was checked; nothing applied")

    def apply_all_fixes(self) -> None:
        """Every fix offered on the picked finding's photo, until none is left to apply, as one
        step; with several photos picked in the grid, every fix of each of them, as one step."""
        if len(self._grid_ids) > 1:
            if self._fixing is not None:
                return
            ids = list(self._grid_ids)
            self._fixing = self.session.apply_all_fixes_of(ids, self._all_fixes_done, self._preparing)
            if self._fixing is not None:  # many photos: worked out on the task runner
                self._preparing(0, len(ids))
                self._update_buttons()
            return
        r = self.selected_row()
        if r is None:
            return
        self._advancing = True
        try:
            applied = self.session.apply_all_fixes(r.item_id)
        finally:
            self._advancing = False
        if applied:
            self.status.setText("Applied every fix of the photo")
        else:
            self.status.setText("Nothing to change: the text changed since this was checked")

    def _preparing(self, done: int, total: int) -> None:
        self.status.setText(f"Preparing fixes: {done:,} of {total:,} photos")

    def _all_fixes_done(self, outcome: AllFixes) -> None:
        """What "Apply every fix" over several photos did, in one line."""
        self._fixing = None
        self._update_buttons()
        if outcome.cancelled:
            self.status.setText("Cancelled: no fix applied")
            return
        if outcome.error:
            self.status.setText(f"No fix applied: {outcome.error}")
            return
        stale = outcome.stale
        stale_text = (f"{stale:,} photo{'s' if stale != 1 else ''}: the text changed since; nothing applied"
                      if stale else "")
        if not outcome.changed:
            self.status.setText(stale_text.capitalize() if stale else
                                "Nothing to change: the text changed since this was checked")
            return
        fixes, changed, without = outcome.fixes, outcome.changed, outcome.without
        had_none = f"; {without:,} photo{'s' if without != 1 else ''} had none" if without else ""
        self.status.setText(f"Applied {fixes:,} fix{'es' if fixes != 1 else ''} to {changed:,} "
                            f"photo{'s' if changed != 1 else ''}{had_none}"
                            + (f"; {stale_text}" if stale else ""))
        self._note_until_saved = self.session.is_saving()

    def _saving_changed(self, ids: list[int]) -> None:
        if not ids:  # the background save ended: the next rebuild is about something else
            self._note_until_saved = False

    def apply_fix_everywhere(self) -> None:
        """Every finding of the picked one's rule fixed, each photo its own way: shown first
        whenever it reaches beyond the photo picked (the walk's "Add the credit (AP Photo/…)"
        also added "(No one)" and "(Carl Seibert (Exif))" to three other captions, unseen)."""
        r = self.selected_row()
        if r is None or r.finding.fix is None:
            return
        gallery = self.session.current_gallery()
        if gallery is not None:
            changes, old, _label = self.session.fixes_everywhere(r.finding.rule, gallery)
            where = f"in {gallery.name}"
        else:
            changes, old, _label = self.session.fixes_everywhere(r.finding.rule, item_ids=self._ids)
            where = "in view"
        if not changes:
            self.status.setText("Nothing to change: the text changed since this was checked")
            return
        if set(changes) == {r.item_id}:
            self._apply_everywhere(r.finding.rule, changes, where)
            return
        dialog = EverywhereDialog(r.finding.rule, changes, old, self._reference, where, self)
        dialog.accepted.connect(lambda: self._apply_everywhere(r.finding.rule, changes, where))
        self.everywhere_dialog = dialog
        dialog.open()

    def _apply_everywhere(self, rule: str, changes: dict[int, dict[str, Value]], where: str) -> None:
        self._advancing = True
        try:
            count = self.session.apply_fix_everywhere(rule, changes=changes)
        finally:
            self._advancing = False
        self.status.setText(f"Fixed {rule} on {count} item{'s' if count != 1 else ''} {where}")

    def _reference(self, item_id: int) -> str:
        position = self._positions.get(item_id)
        return f"{position:02d}" if position is not None else f"#{item_id}"

    # -- internals -------------------------------------------------------------------------------

    def _checking_changed(self, ids: list[int]) -> None:
        checking = len(set(ids).intersection(self._ids)) if ids else 0
        if checking:
            self._checking = checking
            self._update_counts()
        elif self._checking and self._reading is None:
            # None to check, or the check's findings_changed already read them again; a read
            # under way clears it when it lands (``_show_rows``).
            self._checking = 0
            self._update_counts()

    def _on_findings_changed(self, ids: list[int]) -> None:
        visible = set(self._ids)
        changed = [i for i in ids if i in visible]
        if changed:
            self.reload(changed)

    def _on_picked(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        # A finding picked (a click, the arrow keys) selects its row, and that picks its photo.
        # Following the current row instead showed a photo nobody asked for: the list taking
        # the focus (the user coming back to the window) makes its first row current.
        rows = {i.row() for i in selected.indexes()}
        r = self.model.row_at(rows.pop()) if len(rows) == 1 else None
        if r is not None and not self._reloading:
            self._picking = True
            try:
                self.select_requested.emit(r.item_id)
            finally:
                self._picking = False

    def _on_double_click(self, index: QModelIndex) -> None:
        r = self.model.row_at(index.row())
        if r is None:
            return
        f = r.finding
        self.jump_requested.emit(r.item_id, f.field, -1 if f.start is None else f.start,
                                 -1 if f.end is None else f.end)

    def _reselect(self, old: FindingRow) -> bool:
        def key(r: FindingRow) -> tuple:
            return (r.item_id, r.finding.rule, r.finding.field, r.finding.start)

        for i, r in enumerate(self.model.rows()):
            if key(r) == key(old):
                self.view.selectRow(i)
                return True
        return False

    def _stay_near(self, old: FindingRow, old_row: int) -> None:
        """The finding picked is gone (fixed): pick another of the same photo, or else only put
        the list's cursor where it was. Without a current row, the view takes the focus of the
        disabled "Apply fix" button and makes its first row current, which showed another photo."""
        rows = self.model.rows()
        if rows and self.model.sort_column() != 1 and self._advancing:
            # Sorted by rule, severity or field, the editor works down the list: the next finding
            # in it is picked, and its photo shown (the eighth walk lost its place in a rule's
            # group when the same photo's finding of another rule was picked instead). Only after
            # the panel's own fix: typing in the inspector that clears a finding showed the next
            # error's photo mid-sentence, and the keystrokes after it were lost (sixteenth walk).
            i = min(old_row, len(rows) - 1)
            self.view.selectRow(i)
            self._pick_after_reload = rows[i].item_id
            return
        for i, r in enumerate(rows):
            if r.item_id == old.item_id:
                self.view.selectRow(i)
                return
        if rows:
            index = self.model.index(min(old_row, len(rows) - 1), 0)
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _update_buttons(self, *_: object) -> None:
        r = self.selected_row()
        # A read-only catalog: the fixes are listed, none can be applied (the window's notice says why).
        notice = self.session.read_only_notice()
        has_fix = r is not None and r.finding.fix is not None and notice is None
        self.fix_button.setEnabled(has_fix)
        self.everywhere_button.setEnabled(has_fix)
        several = self._grid_ids if len(self._grid_ids) > 1 else []
        if several:
            picked = set(several)
            self.photo_button.setText(f"Apply every fix of the {len(several):,} photos")
            self.photo_button.setEnabled(notice is None and self._fixing is None and any(
                o.item_id in picked and o.finding.fix is not None for o in self.model.rows()))
        else:
            self.photo_button.setText("Apply every fix of the photo")
            self.photo_button.setEnabled(notice is None and r is not None and any(
                o.item_id == r.item_id and o.finding.fix is not None for o in self.model.rows()))
        for b in (self.fix_button, self.everywhere_button, self.photo_button):
            b.setStatusTip(notice or "")
        if self.sender() is self.view.selectionModel():  # a finding picked: say what its fix does
            self.status.setText(f"Fix: {r.finding.fix.label}" if has_fix and r is not None
                                and r.finding.fix is not None else "")
        if has_fix and r is not None and r.finding.fix is not None:
            self.fix_button.setToolTip(r.finding.fix.label)
            self.everywhere_button.setToolTip(
                f"{r.finding.fix.label}: on every item of the gallery with a {r.finding.rule!r} finding")

    def _update_counts(self) -> None:
        if self._checking:
            n = self._checking
            self.counts.setText(f"Checking {n:,} photo{'s' if n != 1 else ''}…")
            self.counts.setToolTip("Their stored findings were made under other settings or for another "
                                   "purpose: the counts come when they are checked for this view")
            return
        counts = {sev: 0 for sev in Severity}
        for r in self.model.rows():
            counts[r.finding.severity] += 1
        # Items a read-only catalog holds no current check of (the window's "Not checked"
        # badges): "No findings" alone would vouch for them.
        unchecked = sum(1 for i in self._ids if i in self.unchecked)
        not_checked = f"{unchecked:,} item{'s' if unchecked != 1 else ''} not checked" if unchecked else ""
        cut = sum(1 for i in self._ids if i in self.session.not_checked_ids())
        if cut:
            self.counts.setToolTip(f"{not_checked}: the check was cancelled before it reached them, and the "
                                   "findings they hold were made for another purpose or under other settings, "
                                   "so none are listed. Showing the view again checks them.")
        else:
            self.counts.setToolTip(f"{not_checked}: the catalog is read-only, so their findings cannot be "
                                   "stored (creditline check lists them)" if unchecked else "")
        if not any(counts.values()):
            self.counts.setText(not_checked or ("No findings" if self._ids else self.empty_text))
            return
        parts = []
        # "info" as the CLI's summary and docs/rules.md say it, no plural (it said "82 notes": walk22)
        for sev, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
            n = counts[sev]
            if n:
                plural = "s" if n != 1 and sev is not Severity.INFO else ""
                parts.append(f"<span style='color:{SEVERITY_COLORS[sev]}'>{n} {word}{plural}</span>")
        if unchecked:
            parts.append(f"{unchecked:,} not checked")
        self.counts.setText(", ".join(parts))


class EverywhereDialog(QDialog):
    """What "Apply this fix everywhere" will change, photo by photo, before it does: a fix
    that fits one photo may not fit the next, and the editor decides."""

    def __init__(self, rule: str, changes: dict[int, dict[str, Value]], old: dict[int, dict[str, Value]],
                 reference: Any, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        count = len(changes)
        self.setWindowTitle("Apply This Fix Everywhere")
        self.setModal(True)
        self.summary = QLabel(f"Fix “{rule}” on {count} photo{'s' if count != 1 else ''} {where}, "
                              "each its own way (one step; Edit > Undo puts them all back):")
        self.summary.setWordWrap(True)
        lines = []
        for item_id, fields in changes.items():
            for key, new in fields.items():
                label = BY_KEY[key].label if key in BY_KEY else key
                before, after = around_diff(_text(old.get(item_id, {}).get(key)), _text(new))
                lines.append(f"{reference(item_id)}  {label}: “{before}” → “{after}”")
        self.changes = QPlainTextEdit("\n".join(lines))
        self.changes.setReadOnly(True)
        self.changes.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(f"Fix {count} Photo{'s' if count != 1 else ''}",
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.changes, 1)
        layout.addWidget(buttons)
        self.resize(760, 360)


def _text(value: Value | None) -> str:
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, list) else str(value)
