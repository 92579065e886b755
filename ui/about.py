"""Help > About: name, version, what it is for, and the licence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app import __version__


def about_text() -> str:
    return (f"<h2>Creditline {__version__}</h2>"
            "<p>Checks the captions and credits of news photo galleries before they are "
            "published, and writes the fixes back into the files (IPTC and XMP, losslessly).</p>"
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
