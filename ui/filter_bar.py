"""The filter bar above the grid/table: search as you type, status, agency, photographer.

It only describes the filter (keyword arguments of ``Catalog.item_ids``); the
window runs the query off the UI thread and swaps the ids into the model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

STATUS_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Any status", None), ("Errors", "error"), ("Warnings", "warning"), ("Clean", "clean"),
)


class FilterBar(QWidget):
    changed = Signal(dict)  # the query: item_ids keyword arguments (search, status, agency, photographer)
    escaped = Signal()  # Escape in an empty search box: back to the photos

    DEBOUNCE_MS = 40  # coalesces a burst of keystrokes without a noticeable wait

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search captions, credits, places…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.status = QComboBox(self)
        for label, value in STATUS_CHOICES:
            self.status.addItem(label, value)
        self.agency = self._combo("Any agency")
        self.photographer = self._combo("Any photographer")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("filterCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)
        lay.addWidget(self.search, 3)
        lay.addWidget(self.status)
        lay.addWidget(self.agency, 1)
        lay.addWidget(self.photographer, 1)
        lay.addWidget(self.count_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.installEventFilter(self)
        self.status.currentIndexChanged.connect(lambda _i: self._emit())
        for combo in (self.agency, self.photographer):
            combo.activated.connect(lambda _i: self._emit())
            combo.lineEdit().editingFinished.connect(self._emit)
        self._last: dict[str, Any] | None = None

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
        c.setMinimumContentsLength(12)
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
        return q

    def is_active(self) -> bool:
        return bool(self.query())

    def clear(self) -> None:
        for w in (self.search, self.status, self.agency, self.photographer):
            w.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.agency.setEditText("")
        self.photographer.setEditText("")
        for w in (self.search, self.status, self.agency, self.photographer):
            w.blockSignals(False)
        self._emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_count(self, shown: int, total: int | None = None) -> None:
        self.count_label.setText(f"{shown:,} of {total:,}" if total is not None and total != shown
                                 else f"{shown:,} photos")

    def _emit(self) -> None:
        self._timer.stop()
        q = self.query()
        if q != self._last:
            self._last = q
            self.changed.emit(q)
