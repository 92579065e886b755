"""The catalog's own agencies, edited in the settings dialog.

A desk's own newspaper and its partner agencies are not in the bundled registry; listed
here (the catalog's ``house_agencies`` setting, the one ``creditline agencies`` edits),
their staff credits stop being ``unknown-agency`` warnings.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.agencies import HouseAgencies, house_agencies


class HouseAgenciesEditor(QWidget):
    """Two columns: the agency's name as credits should give it, and the other ways credits
    write it (comma-separated). Blank rows are dropped when the list is read."""

    def __init__(self, agencies: HouseAgencies, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Agency", "Also written as (comma-separated)"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Your newspaper and partner agencies: their credits are not reported as "
                              "unknown agencies")
        for name, aliases in agencies:
            self.add_row(name, ", ".join(aliases))
        self.add_button = QPushButton("Add agency")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        # Room for three agencies, scrolling beyond: a desk lists a few, and the rules below need the space.
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + 3 * row_height
                                  + 2 * self.table.frameWidth())

    def add_row(self, name: str = "", aliases: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(aliases))
        return row

    def _add_clicked(self) -> None:
        row = self.add_row()
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def agencies(self) -> HouseAgencies:
        """The list as the setting stores it, cleaned like the CLI's (blank and repeated names dropped)."""
        raw = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).text() if self.table.item(row, 0) else ""
            aliases = self.table.item(row, 1).text() if self.table.item(row, 1) else ""
            raw.append({"name": name, "aliases": [a for a in aliases.split(",") if a.strip()]})
        return house_agencies(raw)


def as_setting(agencies: HouseAgencies) -> list[dict[str, object]]:
    return [{"name": name, "aliases": list(aliases)} for name, aliases in agencies]
