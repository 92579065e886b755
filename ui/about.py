"""Help > Keyboard Shortcuts, and Help > About: name, version, what it is for, and the licence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__


def about_text() -> str:
    return (f"<h2>Creditline {__version__}</h2>"
            "<p>Checks the captions and credits of news photo galleries before they are "
            "published, and writes the fixes back into the files (XMP, IPTC and EXIF; the pictures "
            "are not touched).</p>"
            "<p>The same checks run from the command line (<code>creditline check</code>) so a "
            "newsroom pipeline can gate publication.</p>"
            "<p>Licensed under the GNU General Public License v3 or later. "
            "Built with Qt for Python (PySide6), Exiv2 and SQLite.</p>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Creditline")
        lay = QVBoxLayout(self)
        icon = QLabel(self)
        if parent is not None and not parent.windowIcon().isNull():
            icon.setPixmap(parent.windowIcon().pixmap(72, 72))
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(icon)
        self.label = QLabel(about_text(), self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(420)


# Keys that belong to a field, the search box or the loupe rather than to a menu action.
OTHER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("In a field", "Put back the value it had (pressed again: back to the photos)", "Esc"),
    ("In a field", "Next field, previous field", "Tab, Shift+Tab"),
    ("In a field", "Expand a code replacement (=vg= becomes its name)", "=code="),
    ("Search box", "Clear the search (pressed again: back to the photos)", "Esc"),
    ("Photos", "Move without selecting; add or take out the photo there", "Ctrl+arrows, Ctrl+Space"),
    ("Loupe", "Next and previous photo", "Right, Left"),
    ("Loupe", "First and last photo", "Home, End"),
    ("Loupe", "Fit or 100 %", "Z"),
    ("Loupe", "Close", "Space, Esc"),
)


def shortcut_rows(menubar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every menu action with a shortcut, in menu order, then the keys
    of the fields and the loupe: read from the menus, so the list is never out of date."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu(), f"{path} > {act.menu().title().replace('&', '')}")
            elif act.shortcuts():
                keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
                rows.append((path, act.text().replace("&", "").strip(), keys))

    for act in menubar.actions():
        if act.menu() is not None:
            walk(act.menu(), act.menu().title().replace("&", ""))
    return rows + list(OTHER_KEYS)


class ShortcutsDialog(QDialog):
    """Help > Keyboard Shortcuts: every key of the menus, the fields and the loupe."""

    def __init__(self, menubar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self._rows = shortcut_rows(menubar)
        lay = QVBoxLayout(self)
        self.table = QTableWidget(len(self._rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        for r, row in enumerate(self._rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 560)

    def rows(self) -> list[tuple[str, str, str]]:
        return list(self._rows)
