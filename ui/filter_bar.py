"""The filter bar above the grid/table: search as you type, status, agency, photographer, and
the marks (colour label, stars, tag).

It only describes the filter (keyword arguments of ``Catalog.item_ids``); the
window runs the query off the UI thread and swaps the ids into the model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from app.marks import COLOR_CLASSES, label_color
from ui.marks import label_icon

STATUS_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Any status", None), ("Errors", "error"), ("Warnings", "warning"), ("Clean", "clean"),
)
# At least this many stars (Alt+1-5 set them); a rejected photo (-1) has none.
RATING_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("Any ★", None), *((("★" * n) + ("+" if n < 5 else ""), n) for n in range(1, 6)),
)


class FilterBar(QWidget):
    changed = Signal(dict)  # the query: item_ids keyword arguments (search, status, agency, photographer, marks)
    escaped = Signal()  # Escape in an empty search box: back to the photos

    DEBOUNCE_MS = 40  # coalesces a burst of keystrokes without a noticeable wait

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search text and file names…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(138)  # it takes the room left (stretch); the bar must fit 820 px
        self.status = QComboBox(self)
        for label, value in STATUS_CHOICES:
            self.status.addItem(label, value)
        self.agency = self._combo("Agency")
        self.photographer = self._combo("Photographer")
        # The marks: a colour label (or none) and the tag.
        self.label = QComboBox(self)
        self.label.setToolTip("Only photos with this colour label (keys 1-8 set it)")
        self.label.setMinimumContentsLength(9)  # "1  Winner" whole
        self.label.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.stars = QComboBox(self)
        self.stars.setToolTip("Only photos with at least this many stars (Alt+1-5 set them)")
        for text, value in RATING_CHOICES:
            self.stars.addItem(text, value)
        self.tagged = QToolButton(self)
        self.tagged.setText("Tagged")
        self.tagged.setObjectName("tagFilter")  # ui/app.py's style fills it when on
        self.tagged.setCheckable(True)
        self.tagged.setAutoRaise(False)
        self.tagged.setToolTip("Only tagged photos (T tags them)")
        self.set_labels([])
        self.count_label = QLabel(self)
        self.count_label.setObjectName("filterCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Its room from the start: a bar laid out before its first count is as wide as after it.
        fm = self.count_label.fontMetrics()
        self.count_label.setMinimumWidth(max(fm.horizontalAdvance(t) for t in self.COUNT_ROOM))

        # One row when the pane is wide enough for every filter (the default window); narrower
        # (a 1024 or 1280 screen), the marks and the count go to a second row: in one row the
        # bar alone needed 820 px, and the window could not be narrower than 1,307 px.
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(5)
        self._rows = (QHBoxLayout(), QHBoxLayout())
        for row in self._rows:
            # 4, not 5: with the count's room for "9,999 photos" the row needs 835 px at 5 in
            # the app's style, and the default window's pane gives it 832.
            row.setSpacing(4)
            lay.addLayout(row)
        self._rows[0].addWidget(self.search, 2)
        self._rows[0].addWidget(self.status)
        self._rows[0].addWidget(self.agency, 1)
        self._rows[0].addWidget(self.photographer, 1)
        self._marks = (self.label, self.stars, self.tagged, self.count_label)
        self._one_row: bool | None = None
        self._arrange(True)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.installEventFilter(self)
        self.status.currentIndexChanged.connect(lambda _i: self._emit())
        self.label.currentIndexChanged.connect(lambda _i: self._emit())
        self.stars.currentIndexChanged.connect(lambda _i: self._emit())
        self.tagged.toggled.connect(lambda _on: self._emit())
        for combo in (self.agency, self.photographer):
            combo.activated.connect(lambda _i: self._emit())
            combo.lineEdit().editingFinished.connect(self._emit)
        self._last: dict[str, Any] | None = None

    def _least(self, widgets: tuple[QWidget, ...]) -> int:
        """The least width of ``widgets`` side by side in one row."""
        return (sum(max(w.minimumSizeHint().width(), w.minimumWidth()) for w in widgets)
                + self._rows[0].spacing() * (len(widgets) - 1))

    def _one_row_width(self) -> int:
        m = self.layout().contentsMargins()
        return m.left() + m.right() + self._least((self.search, self.status, self.agency, self.photographer,
                                                   *self._marks))

    def _arrange(self, one_row: bool) -> None:
        if one_row == self._one_row:
            return
        self._one_row = one_row
        first, second = self._rows
        for w in self._marks:
            (second if one_row else first).removeWidget(w)
        while second.count():  # the stretch before the count on the second row
            second.takeAt(0)
        if one_row:
            for w in self._marks:
                first.addWidget(w)
        else:
            for w in self._marks[:-1]:
                second.addWidget(w)
            second.addStretch(1)
            second.addWidget(self.count_label)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As narrow as the wider of the two rows: the pane may shrink to it, and the marks
        then go to the second row."""
        m = self.layout().contentsMargins()
        least = max(self._least((self.search, self.status, self.agency, self.photographer)), self._least(self._marks))
        return QSize(m.left() + m.right() + least, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._arrange(event.size().width() >= self._one_row_width())
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Escape in the search box clears it (and the view shows everything again); in an
        empty box it hands the keyboard back to the photos."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape and not event.modifiers()):
            if self.search.text():
                self.search.clear()
                self._emit()
            else:
                self.escaped.emit()
            return True
        return super().eventFilter(watched, event)

    def _combo(self, placeholder: str) -> QComboBox:
        c = QComboBox(self)
        c.setEditable(True)
        c.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        c.lineEdit().setPlaceholderText(placeholder)
        c.lineEdit().setClearButtonEnabled(True)
        c.setMinimumContentsLength(6)  # the bar with its mark filters fits 820 px; they stretch into what is left
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return c

    def set_choices(self, agencies: list[str], photographers: list[str]) -> None:
        for combo, values in ((self.agency, agencies), (self.photographer, photographers)):
            text = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(values)
            combo.setCurrentIndex(-1)
            combo.setEditText(text)
            combo.blockSignals(False)

    def set_labels(self, others: list[str]) -> None:
        """The label choices: any, none, the eight colour classes, then labels other programs
        wrote that the catalog holds (``others``)."""
        current = self.label.currentData()
        self.label.blockSignals(True)
        self.label.clear()
        self.label.addItem("Any label", None)
        self.label.addItem(label_icon(None), "No label", "")
        known = {c.name.lower() for c in COLOR_CLASSES}
        for c in COLOR_CLASSES:
            self.label.addItem(label_icon(c.color), f"{c.number}  {c.name}", c.name)
        for name in others:
            if name.strip() and name.lower() not in known:
                self.label.addItem(label_icon(label_color(name)), name, name)
        index = self.label.findData(current) if current is not None else 0
        self.label.setCurrentIndex(max(0, index))
        self.label.blockSignals(False)

    def query(self) -> dict[str, Any]:
        q: dict[str, Any] = {}
        if self.search.text().strip():
            q["search"] = self.search.text().strip()
        if self.status.currentData():
            q["status"] = self.status.currentData()
        if self.agency.currentText().strip():
            q["agency"] = self.agency.currentText().strip()
        if self.photographer.currentText().strip():
            q["photographer"] = self.photographer.currentText().strip()
        if self.label.currentData() is not None:
            q["label"] = self.label.currentData()
        if self.stars.currentData() is not None:
            q["min_rating"] = self.stars.currentData()
        if self.tagged.isChecked():
            q["tagged"] = True
        return q

    def is_active(self) -> bool:
        return bool(self.query())

    def clear(self) -> None:
        widgets = (self.search, self.status, self.agency, self.photographer, self.label, self.stars, self.tagged)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.agency.setEditText("")
        self.photographer.setEditText("")
        self.label.setCurrentIndex(0)
        self.stars.setCurrentIndex(0)
        self.tagged.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self._emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # The count's least width, so the bar's does not change with what it says: at 1440 px the
    # middle pane is as narrow as the bar, and each new count moved the panes beside it. The
    # widest of the forms it takes: "2,002 photos" is wider than "999 of 9,999", and the bar
    # went to two rows over a gallery of 2,002 and back to one over 30 (the fifteenth walk).
    COUNT_ROOM = ("999 of 9,999", "9,999 photos", "9,999 items")

    def _show_count(self, text: str) -> None:
        fm = self.count_label.fontMetrics()
        # A longer count is shown whole: its room grows with it.
        self.count_label.setMinimumWidth(max(fm.horizontalAdvance(t) for t in (*self.COUNT_ROOM, text)))
        self.count_label.setText(text)
        self._arrange(self.width() >= self._one_row_width())

    def set_count(self, shown: int, total: int | None = None) -> None:
        self._unfiltered = total is None or total == shown
        self._show_count(f"{shown:,} of {total:,}" if not self._unfiltered
                         else f"{shown:,} photo{'s' if shown != 1 else ''}")

    def add_count_note(self, note: str) -> None:
        """A few words after the count ("12 photos · 3 not checked")."""
        self._show_count(f"{self.count_label.text()} · {note}")

    def name_count(self, noun: str) -> None:
        """Word the unfiltered count as the status bar does ("2 items" where it says "2
        caption-only items"): the ninth walk saw "559 photos" here beside "559 items (2
        caption-only)" below."""
        if getattr(self, "_unfiltered", False) and self.count_label.text():
            self._show_count(noun)

    def _emit(self) -> None:
        self._timer.stop()
        q = self.query()
        if q != self._last:
            self._last = q
            self.changed.emit(q)
